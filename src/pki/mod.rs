//! Public-key infrastructure: signature algorithms, trust anchors, certification paths and
//! revocation. Knows nothing of PDF or CMS; takes raw DER and returns checks.
//!
//! INTERFACE CONTRACT (used by `cms`, `seal` and `pdf`): keep these signatures stable.
//!
//! Modules: `der` (bounds-checked TLV reader), `digest` (SHA-1/2, SM3; incremental `Hasher`),
//! `algorithm` (`verify_signature`, `verify_sm2_sm3`), `cert` (certificate shell, `CertInfo`,
//! `cert_summary`), `path` (`validate_chain`: building and constraints), `validity` (the path's
//! validity intervals), `crl`, `ocsp`, `revocation` (what each source says), `trust`. Each
//! produces facts ([`crate::facts`]); [`crate::evaluate`] judges them by the policy.

use time::OffsetDateTime;

use crate::facts::path::ChainFacts;
use crate::report::CertSummary;
use crate::verdict::{Check, Finding};

pub mod algorithm;
pub mod cache;
pub mod cert;
pub mod crl;
pub mod digest;
pub mod ocsp;
pub mod path;
mod revocation;
pub mod trust;
mod validity;

pub use algorithm::{examine_signature, verify_signature, verify_sm2_sm3};
pub use cert::cert_summary;
pub use digest::{digest_parts, DigestAlgorithm, Hasher};
pub use path::validate_chain;
pub use trust::TrustStore;

/// Why a certificate is being validated: decides the key usage / EKU the leaf must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// PDF / CMS document signature: digitalSignature or nonRepudiation.
    DocumentSigning,
    /// RFC 3161 time-stamping authority: EKU id-kp-timeStamping (critical, sole).
    Timestamping,
    /// Maker (制章者) of an SES seal.
    SealMaking,
}

/// Everything needed to validate one signer certificate.
#[derive(Debug, Clone)]
pub struct ChainRequest<'a> {
    /// DER of the certificate to validate.
    pub leaf: &'a [u8],
    /// Candidate intermediates, in no particular order (CMS certificates, PDF DSS, caller's).
    pub intermediates: &'a [&'a [u8]],
    /// DER CRLs (caller's, CMS `crls`, Adobe revocationInfoArchival, PDF DSS).
    pub crls: &'a [&'a [u8]],
    /// DER OCSPResponse structures (Adobe revocationInfoArchival, PDF DSS).
    pub ocsp_responses: &'a [&'a [u8]],
    /// What the certificate must be good for (document signing, timestamping, ...).
    pub purpose: Purpose,
    /// Time the signer claims to have signed (signingTime attribute, PDF /M).
    pub claimed_time: Option<OffsetDateTime>,
    /// Time proven by a valid timestamp (proof of existence), if any.
    pub poe_time: Option<OffsetDateTime>,
    /// The validation time (an input, never the clock).
    pub validation_time: OffsetDateTime,
}

/// Result of path building, validity and revocation checking.
#[derive(Debug, Clone, Default)]
pub struct ChainOutcome {
    /// In order: `certificate_chain`, `certificate_validity`, `revocation` (ids are stable).
    pub checks: Vec<Check>,
    /// Findings raised while building and checking the chain.
    pub findings: Vec<Finding>,
    /// Leaf first, anchor last; empty when no path was found.
    pub chain: Vec<CertSummary>,
    /// What path building, validity and revocation checking established, before the policy
    /// judged it.
    pub facts: ChainFacts,
}

pub use crate::facts::crypto::SignatureError;
