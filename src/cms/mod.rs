//! CMS SignedData (RFC 5652) as PDF signatures use it, and RFC 3161 timestamp tokens.
//!
//! INTERFACE CONTRACT (used by `pdf` and `seal`): keep these signatures stable.

use time::OffsetDateTime;

use crate::pki::TrustStore;
use crate::policy::Policy;
use crate::report::CertSummary;
use crate::verdict::{Check, CheckStatus, Finding, SubIndication, Text};

/// The verification inputs that do not come from the CMS itself.
#[derive(Debug, Clone)]
pub struct CmsContext<'a> {
    pub trust: &'a TrustStore,
    /// Extra candidate intermediates (PDF /DSS /Certs, caller-supplied).
    pub intermediates: &'a [&'a [u8]],
    /// DER CRLs from the caller and the PDF /DSS.
    pub crls: &'a [&'a [u8]],
    /// DER OCSPResponses from the PDF /DSS.
    pub ocsp_responses: &'a [&'a [u8]],
    pub policy: &'a Policy,
    pub validation_time: OffsetDateTime,
}

/// What the verification of one CMS structure found.
#[derive(Debug, Clone, Default)]
pub struct CmsOutcome {
    /// In pipeline order: format, signer identification, integrity, signature value, signed
    /// attributes, timestamp, chain, validity, revocation.
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
    pub signer: Option<CertSummary>,
    /// signingTime signed attribute (or TSTInfo genTime for a document timestamp).
    pub signing_time: Option<OffsetDateTime>,
    /// genTime of a valid signature timestamp (the proof of existence).
    pub timestamp_time: Option<OffsetDateTime>,
    pub digest_algorithm: Option<String>,
    pub signature_algorithm: Option<String>,
}

/// Verifies a detached CMS signature (PDF /Contents, possibly zero-padded) over the
/// concatenation of `signed_parts` (the ByteRange slices, hashed in place, never copied).
pub fn verify_detached(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    let _ = (contents, signed_parts, ctx);
    placeholder()
}

/// Verifies an RFC 3161 timestamp token used as a PDF document timestamp: the token's own
/// signature and chain (EKU timeStamping) and messageImprint = digest of `signed_parts`.
pub fn verify_document_timestamp(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    let _ = (contents, signed_parts, ctx);
    placeholder()
}

fn placeholder() -> CmsOutcome {
    CmsOutcome {
        checks: vec![Check::with(
            "cms_format",
            CheckStatus::Indeterminate,
            Some(SubIndication::UnsupportedFormat),
            Text::new(
                "CMS verification is not available in this build",
                "本版本无法验证CMS签名",
            ),
        )],
        ..CmsOutcome::default()
    }
}

/// Verifies SubFilter adbe.pkcs7.sha1: the encapsulated content is the SHA-1 digest of the
/// signed parts.
pub fn verify_pkcs7_sha1(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    let _ = (contents, signed_parts, ctx);
    placeholder()
}
