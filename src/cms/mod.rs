//! CMS SignedData (RFC 5652) as PDF signatures use it, and RFC 3161 timestamp tokens.
//!
//! INTERFACE CONTRACT (used by `pdf` and `seal`): keep these signatures stable.
//!
//! The CMS is read with a small zero-copy BER reader (`crate::asn1::ber`): indefinite lengths and
//! constructed strings are accepted, SET OF order is kept, and the signed attributes are the
//! exact input bytes. Signed content is hashed where it lies (ByteRange parts are never joined,
//! except when a SignerInfo has no signed attributes and the signature itself covers the
//! content).
//!
//! Checks of a signature, in order: `cms_format`, `signer_identification`, `message_digest`,
//! (`content_digest` for adbe.pkcs7.sha1), `signature_value`, `signed_attributes`,
//! `signature_timestamp`, then `pki::validate_chain`'s `certificate_chain`,
//! `certificate_validity`, `revocation`. The verifier first establishes policy-free facts
//! ([`crate::facts::cms`], [`crate::facts::timestamp`]; kept in [`CmsOutcome::facts`]); the
//! policy judges them in [`crate::evaluate::cms`] and [`crate::evaluate::timestamp`], which
//! write those checks. Decisions worth knowing:
//! - an ESS signingCertificate(V2) that does not name the signer certificate is INDETERMINATE
//!   NO_SIGNING_CERTIFICATE_FOUND (ETSI EN 319 102-1 §5.2.3), not a format failure;
//! - a resource limit hit while parsing is INDETERMINATE FORMAT_FAILURE with a `LIMIT_*`
//!   finding; malformed structure is TOTAL_FAILED FORMAT_FAILURE;
//! - several SignerInfos are all verified and the worst is reported (finding
//!   `CMS_MULTIPLE_SIGNER_INFOS`);
//! - a broken signature timestamp is INDETERMINATE (TOTAL_FAILED HASH_FAILURE when its imprint
//!   does not match the signature value) and gives no proof of existence.

use time::OffsetDateTime;

use crate::pki::{ChainOutcome, ChainRequest, Purpose, TrustStore};
use crate::policy::Policy;
use crate::report::CertSummary;
use crate::verdict::{
    conclude, Check, CheckId, Finding, Indication, Severity, SubIndication, Text,
};

pub mod attributes;
pub mod oid;
pub mod signed_data;
pub mod signer;
pub mod signer_cert;
pub mod timestamp;
pub mod tst_info;

#[cfg(test)]
mod facts_tests;
#[cfg(test)]
pub(crate) mod test_builder;
#[cfg(test)]
mod tests;

use crate::evaluate::evaluate;
use crate::facts::cms::{CmsFacts, CmsFormatFact, ComparedDigest, SignedDataSummary};
use crate::facts::crypto::DigestFact;
use crate::pki::digest::{digest_parts, DigestAlgorithm, FilePrefixDigest};
use signed_data::{parse_content_info, SignedData, SignerInfo};
use signer::{examine_signer, Content};

/// The verification inputs that do not come from the CMS itself.
#[derive(Debug, Clone)]
pub struct CmsContext<'a> {
    /// Trust anchors the signer and timestamp chains must lead to.
    pub trust: &'a TrustStore,
    /// Extra candidate intermediates (PDF /DSS /Certs, caller-supplied).
    pub intermediates: &'a [&'a [u8]],
    /// DER CRLs from the caller and the PDF /DSS.
    pub crls: &'a [&'a [u8]],
    /// DER OCSPResponses from the PDF /DSS.
    pub ocsp_responses: &'a [&'a [u8]],
    /// Policy deciding which algorithms, key sizes and limits are acceptable.
    pub policy: &'a Policy,
    /// The time signatures and certificates are judged at (an input, never the clock).
    pub validation_time: OffsetDateTime,
    /// The document's prefix memo: SHA-256 ByteRange digests leave their state there for the
    /// whole-file fingerprint (see [`FilePrefixDigest`]).
    pub file_prefix: Option<&'a FilePrefixDigest<'a>>,
}

/// What the verification of one CMS structure found.
#[derive(Debug, Clone, Default)]
pub struct CmsOutcome {
    /// In pipeline order: format, signer identification, integrity, signature value, signed
    /// attributes, timestamp, chain, validity, revocation.
    pub checks: Vec<Check>,
    /// Problems found, with severity and code.
    pub findings: Vec<Finding>,
    /// The signer certificate as the report shows it, when it was found.
    pub signer: Option<CertSummary>,
    /// signingTime signed attribute (or TSTInfo genTime for a document timestamp).
    pub signing_time: Option<OffsetDateTime>,
    /// genTime of a valid signature timestamp (the proof of existence).
    pub timestamp_time: Option<OffsetDateTime>,
    /// Readable digest algorithm name (e.g. "SHA-256", "SM3"), or the dotted OID if unknown.
    pub digest_algorithm: Option<String>,
    /// Readable signature algorithm name (e.g. "RSA-PKCS1-SHA256", "SM2-SM3"), or the dotted OID
    /// if unknown.
    pub signature_algorithm: Option<String>,
    /// What the verification established before the policy judged it (the reported signer's
    /// facts, or the document timestamp token's). Not part of any report.
    pub facts: CmsFacts,
}

/// Verifies a detached CMS signature (PDF /Contents, possibly zero-padded) over the
/// concatenation of `signed_parts` (the ByteRange slices, hashed in place, never copied).
///
/// An encapsulated eContent is a FORMAT_FAILURE (PDF signatures are detached). With several
/// SignerInfos each is verified and the worst result is reported, with a finding naming the
/// count.
pub fn verify_detached(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    verify_signed(contents, signed_parts, ctx, Mode::Detached)
}

/// Verifies an `adbe.pkcs7.sha1` signature: the SignedData encapsulates the SHA-1 digest of
/// `signed_parts`, and the signer signs that. SHA-1 by definition, so the policy
/// (`allow_sha1`) decides whether it can pass.
pub fn verify_pkcs7_sha1(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    verify_signed(contents, signed_parts, ctx, Mode::Pkcs7Sha1)
}

/// Verifies an RFC 3161 timestamp token used as a PDF document timestamp: the token's own
/// signature and chain (EKU timeStamping) and messageImprint = digest of `signed_parts`.
///
/// Check ids: `cms_format`, `signer_identification`, `message_digest` (the token's own
/// messageDigest over its TSTInfo), `signature_value`, `signed_attributes`, `message_imprint`
/// (the document), then the chain checks. `signing_time` is the genTime.
pub fn verify_document_timestamp(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> CmsOutcome {
    // The token's judgement carries its proof of existence only when it is valid.
    timestamp::verify_token(contents, Content::Parts(signed_parts), ctx).outcome
}

/// Parses everything a verification would parse and ignores the results: the fuzz entry point.
pub fn parse_for_fuzz(bytes: &[u8]) {
    let policy = Policy::default();
    let Ok(parsed) = parse_content_info(bytes, &policy.limits) else {
        return;
    };
    for cert in &parsed.signed_data.certificates {
        let _ = x509_parser::parse_x509_certificate(cert);
    }
    if let Some(econtent) = &parsed.signed_data.econtent {
        let _ = tst_info::parse_tst_info(econtent, &policy.limits);
    }
    for si in &parsed.signed_data.signer_infos {
        let _ = signer_cert::find_signer_cert(&si.sid, &parsed.signed_data.certificates);
        if let Some(attrs) = &si.signed_attrs {
            let _ = attrs.as_signed_set();
            for attr in &attrs.attributes {
                for value in &attr.values {
                    let _ = attributes::parse_time(value);
                    let _ = attributes::parse_ess(value, 1);
                    let _ = attributes::parse_ess(value, 2);
                    let _ = attributes::parse_revocation_archival(value, 8);
                }
            }
        }
        for token in timestamp_tokens(si) {
            if let Ok(inner) = parse_content_info(token, &policy.limits) {
                if let Some(econtent) = &inner.signed_data.econtent {
                    let _ = tst_info::parse_tst_info(econtent, &policy.limits);
                }
            }
        }
    }
}

/// Signature timestamps verified per signer. Each costs a signature check and a path
/// validation; real signers attach one, so a handful bounds the work hostile input can cause.
const MAX_TIMESTAMP_TOKENS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Detached,
    Pkcs7Sha1,
}

/// The format fact of a CMS structure that could not be parsed. A resource limit that was hit
/// is [`CmsFormatFact::OverLimit`] (INDETERMINATE: the structure may be fine, this verifier
/// declined the work) with a `LIMIT_*` finding; anything else is malformed.
pub(crate) fn parse_failure(
    what: &str,
    error: &signed_data::CmsParseError,
) -> (CmsFormatFact, Vec<Finding>) {
    use crate::asn1::ber::BerError;
    let limit = match error {
        signed_data::CmsParseError::Ber(BerError::TooDeep(_)) => Some("LIMIT_ASN1_DEPTH"),
        signed_data::CmsParseError::Ber(BerError::TooMany { what, .. }) => Some(match *what {
            "certificates" | "CRLs" => "LIMIT_CMS_CERTIFICATES",
            "signerInfos" => "LIMIT_CMS_SIGNERS",
            _ => "LIMIT_CMS_ATTRIBUTES",
        }),
        _ => None,
    };
    match limit {
        None => (
            CmsFormatFact::Malformed(format!("{what}{error}")),
            Vec::new(),
        ),
        Some(code) => (
            CmsFormatFact::OverLimit(format!("{what}{error}")),
            vec![Finding::new(
                code,
                Severity::Warning,
                Text::new(
                    format!("Resource limit reached while reading CMS: {error}"),
                    format!("读取CMS时达到资源限制：{error}"),
                ),
            )],
        ),
    }
}

/// RFC 3339 text of a time, for evidence.
pub(crate) use crate::rfc3339::format as rfc3339;

/// The outcome of a structure that ends at its format fact.
fn format_outcome(format: CmsFormatFact, findings: Vec<Finding>, policy: &Policy) -> CmsOutcome {
    let facts = CmsFacts {
        format: Some(format),
        ..CmsFacts::default()
    };
    CmsOutcome {
        checks: evaluate(&facts, policy).checks,
        findings,
        facts,
        ..CmsOutcome::default()
    }
}

fn verify_signed(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
    mode: Mode,
) -> CmsOutcome {
    let parsed = match parse_content_info(contents, &ctx.policy.limits) {
        Ok(p) => p,
        Err(e) => {
            let (format, findings) = parse_failure("", &e);
            return format_outcome(format, findings, ctx.policy);
        }
    };
    let mut findings = Vec::new();
    if let Some(at) = parsed.nonzero_trailing_at {
        findings.push(
            Finding::new(
                "CMS_TRAILING_BYTES",
                Severity::Warning,
                Text::new(
                    "Non-zero bytes follow the CMS structure in the signature value",
                    "签名值中CMS结构之后存在非零字节",
                ),
            )
            .evidence(format!("offset {at} of {}", contents.len())),
        );
    }
    let sd = &parsed.signed_data;
    let Some((first_signer, other_signers)) = sd.signer_infos.split_first() else {
        let format = CmsFormatFact::Malformed("no SignerInfo".into());
        return format_outcome(format, findings, ctx.policy);
    };
    if let Err(why) = format_problem(sd, mode) {
        return format_outcome(CmsFormatFact::Malformed(why), findings, ctx.policy);
    }
    let format = SignedDataSummary {
        version: sd.version,
        certificates: sd.certificates.len(),
        crls: sd.crls.len(),
        signer_infos: sd.signer_infos.len(),
        bytes: contents.len().saturating_sub(parsed.trailing.len()),
    };
    if sd.other_certificates > 0 {
        findings.push(Finding::new(
            "CMS_OTHER_CERTIFICATE_CHOICES",
            Severity::Info,
            Text::new(
                format!(
                    "{} non-X.509 certificate entries were ignored",
                    sd.other_certificates
                ),
                format!("已忽略{}个非X.509证书条目", sd.other_certificates),
            ),
        ));
    }
    let count = sd.signer_infos.len();
    if count > 1 {
        findings.push(Finding::new(
            "CMS_MULTIPLE_SIGNER_INFOS",
            Severity::Warning,
            Text::new(
                format!("The signature holds {count} signers; all were verified and the worst result is reported as one signature"),
                format!("该签名包含{count}个签名者；已全部验证，按最差结果作为一个签名报告"),
            ),
        ));
    }
    // Every signer is verified; the first of the worst results stands for the signature.
    let verify_nth = |i: usize, si: &SignerInfo<'_>| {
        let label = if count > 1 {
            format!("signer {} of {count}", i + 1)
        } else {
            "signer".to_string()
        };
        let outcome = verify_one_signer(sd, si, signed_parts, ctx, mode, &label, format);
        let rank = match conclude(&outcome.checks).0 {
            Indication::TotalFailed => 2,
            Indication::Indeterminate => 1,
            Indication::TotalPassed => 0,
        };
        (rank, outcome)
    };
    let mut worst = verify_nth(0, first_signer);
    for (i, si) in other_signers.iter().enumerate() {
        let candidate = verify_nth(i + 1, si);
        if candidate.0 > worst.0 {
            worst = candidate;
        }
    }
    let mut outcome = worst.1;
    findings.append(&mut outcome.findings);
    outcome.findings = findings;
    outcome
}

/// Structural rules of a PDF signature's SignedData, beyond what the parser checks.
fn format_problem(sd: &SignedData<'_>, mode: Mode) -> Result<(), String> {
    if !oid::is(sd.econtent_type, oid::DATA) && !oid::is(sd.econtent_type, oid::GM_DATA) {
        return Err(format!(
            "the encapsulated content type is {}, not id-data",
            oid::name(sd.econtent_type)
        ));
    }
    match (mode, &sd.econtent) {
        (Mode::Detached, Some(c)) => Err(format!(
            "a detached PDF signature must not encapsulate content ({} bytes found)",
            c.len()
        )),
        (Mode::Pkcs7Sha1, None) => {
            Err("adbe.pkcs7.sha1 requires the encapsulated SHA-1 digest".into())
        }
        _ => Ok(()),
    }
}

/// Unsigned-attribute timestamp tokens of a signer, as raw ContentInfo TLVs.
fn timestamp_tokens<'a>(si: &SignerInfo<'a>) -> Vec<&'a [u8]> {
    si.unsigned_attrs
        .iter()
        .filter(|a| timestamp::is_timestamp_attribute(a.oid))
        .flat_map(|a| a.values.iter().map(|v| v.raw))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn verify_one_signer<'a>(
    sd: &SignedData<'a>,
    si: &SignerInfo<'a>,
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'a>,
    mode: Mode,
    label: &str,
    format: SignedDataSummary,
) -> CmsOutcome {
    let econtent = sd.econtent.as_deref().unwrap_or_default();
    let content = match mode {
        Mode::Detached => Content::Parts(signed_parts),
        Mode::Pkcs7Sha1 => Content::Bytes(econtent),
    };
    let core = examine_signer(sd, si, content, ctx, label);
    let mut findings = core.findings;
    let content_digest =
        (mode == Mode::Pkcs7Sha1).then(|| sha1_content_fact(econtent, signed_parts));

    let mut tokens = timestamp_tokens(si);
    if tokens.len() > MAX_TIMESTAMP_TOKENS {
        findings.push(Finding::new(
            "LIMIT_TIMESTAMP_TOKENS",
            Severity::Warning,
            Text::new(
                format!(
                    "{} signature timestamps found; only the first {MAX_TIMESTAMP_TOKENS} were verified",
                    tokens.len()
                ),
                format!(
                    "发现{}个签名时间戳，仅验证了前{MAX_TIMESTAMP_TOKENS}个",
                    tokens.len()
                ),
            ),
        ));
        tokens.truncate(MAX_TIMESTAMP_TOKENS);
    }
    let (signature_timestamps, ts_findings) =
        timestamp::examine_signature_timestamps(&tokens, &si.signature, ctx);
    findings.extend(ts_findings);

    let mut facts = CmsFacts {
        format: Some(CmsFormatFact::Read(format)),
        signer: Some(core.facts),
        content_digest,
        signature_timestamps,
        document_timestamp: None,
        chain: None,
    };
    let judged = evaluate(&facts, ctx.policy);
    let mut checks = judged.checks;
    let poe = judged.proof_of_existence;
    let signing_time = facts.signer.as_ref().and_then(|s| s.claimed_signing_time());
    if let (Some(claimed), Some(proven)) = (signing_time, poe) {
        if claimed > proven + time::Duration::minutes(5) {
            findings.push(
                Finding::new(
                    "SIGNING_TIME_AFTER_TIMESTAMP",
                    Severity::Warning,
                    Text::new(
                        "The claimed signing time is later than the signature timestamp",
                        "声称的签名时间晚于签名时间戳",
                    ),
                )
                .evidence(format!(
                    "signingTime {}, timestamp {}",
                    rfc3339(claimed),
                    rfc3339(proven)
                )),
            );
        }
    }

    if let Some(cert) = &core.cert {
        let crls: Vec<&[u8]> = sd
            .crls
            .iter()
            .chain(core.archived.crls.iter())
            .copied()
            .collect();
        let chain = chain_outcome(
            cert.der,
            &sd.certificates,
            &crls,
            &core.archived.ocsp_responses,
            Purpose::DocumentSigning,
            signing_time,
            poe,
            ctx,
        );
        checks.extend(chain.checks);
        findings.extend(chain.findings);
        facts.chain = Some(chain.facts);
    } else {
        checks.push(Check::skipped(
            CheckId::CertificateChain,
            Text::new(
                "No signer certificate, so no certification path to check",
                "没有签名者证书，无法检查证书路径",
            ),
        ));
    }
    CmsOutcome {
        checks,
        findings,
        signer: core.cert.map(|c| c.summary),
        signing_time,
        timestamp_time: poe,
        digest_algorithm: facts.signer.as_ref().map(|s| s.digest_algorithm.clone()),
        signature_algorithm: judged.signature_algorithm,
        facts,
    }
}

/// adbe.pkcs7.sha1: the encapsulated content against the SHA-1 digest of the signed parts.
fn sha1_content_fact(econtent: &[u8], signed_parts: &[&[u8]]) -> ComparedDigest {
    let computed = digest_parts(DigestAlgorithm::Sha1, signed_parts);
    ComparedDigest {
        digest: DigestFact {
            algorithm: DigestAlgorithm::Sha1,
            matches: computed == econtent,
        },
        computed,
        recorded: econtent.to_vec(),
    }
}

/// Runs `pki::validate_chain` with the CMS's own certificates and revocation data merged with
/// the caller's. A chain validator that returns no checks is reported as INDETERMINATE, never
/// as silently passed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn chain_outcome(
    leaf: &[u8],
    cms_certs: &[&[u8]],
    cms_crls: &[&[u8]],
    cms_ocsp: &[&[u8]],
    purpose: Purpose,
    claimed_time: Option<OffsetDateTime>,
    poe_time: Option<OffsetDateTime>,
    ctx: &CmsContext<'_>,
) -> ChainOutcome {
    let intermediates: Vec<&[u8]> = cms_certs.iter().chain(ctx.intermediates).copied().collect();
    let crls: Vec<&[u8]> = ctx.crls.iter().chain(cms_crls).copied().collect();
    let ocsp: Vec<&[u8]> = ctx.ocsp_responses.iter().chain(cms_ocsp).copied().collect();
    let request = ChainRequest {
        leaf,
        intermediates: &intermediates,
        crls: &crls,
        ocsp_responses: &ocsp,
        purpose,
        claimed_time,
        poe_time,
        validation_time: ctx.validation_time,
    };
    let mut outcome = crate::pki::validate_chain(&request, ctx.trust, ctx.policy);
    if outcome.checks.is_empty() {
        outcome.checks.push(Check::indeterminate(
            CheckId::CertificateChain,
            SubIndication::NoCertificateChainFound,
            Text::new(
                "Certification path validation is not available in this build",
                "本版本无法验证证书路径",
            ),
        ));
    }
    outcome
}
