//! The verdict model: ETSI EN 319 102-1 indications, per-check results and findings.
//!
//! Facts are gathered by the parsers and verifiers as [`Check`]s and [`Finding`]s; a signature's
//! bottom line is derived from its checks by [`conclude`], never set by hand, so that the
//! reported indication always has a check that explains it.

use serde::{Deserialize, Serialize};

pub use crate::check_id::{CertRole, CheckId};

/// Main indication of a signature (ETSI EN 319 102-1 §5.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Indication {
    /// Every constraint of the validation was met.
    TotalPassed,
    /// The signature is certainly not valid (a hash mismatch, a value that does not verify, …).
    TotalFailed,
    /// Validity could not be established either way with the data available.
    Indeterminate,
}

impl Indication {
    /// The ETSI name, e.g. `TOTAL_PASSED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Indication::TotalPassed => "TOTAL_PASSED",
            Indication::TotalFailed => "TOTAL_FAILED",
            Indication::Indeterminate => "INDETERMINATE",
        }
    }
}

/// Sub-indications. ETSI names where one fits; the ones marked *sealcheck* are our own, for
/// situations ETSI has no name for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubIndication {
    /// The signature or its container cannot be parsed (FORMAT_FAILURE).
    FormatFailure,
    /// The signed bytes do not match the signed digest (HASH_FAILURE).
    HashFailure,
    /// The signature value does not verify with the signer's key (SIG_CRYPTO_FAILURE).
    SigCryptoFailure,
    /// The signer's certificate is revoked, and the signature is not proven to predate that
    /// (REVOKED).
    Revoked,
    /// The signer's certificate has expired, and the signature is not proven to predate that
    /// (EXPIRED).
    Expired,
    /// The signer's certificate is not yet valid (NOT_YET_VALID).
    NotYetValid,
    /// A signature constraint of the policy was not met (SIG_CONSTRAINTS_FAILURE).
    SigConstraintsFailure,
    /// A certification path constraint was not met (CHAIN_CONSTRAINTS_FAILURE).
    ChainConstraintsFailure,
    /// The certification path could not be validated for another reason
    /// (CERTIFICATE_CHAIN_GENERAL_FAILURE).
    CertificateChainGeneralFailure,
    /// An algorithm or key size the policy does not accept (CRYPTO_CONSTRAINTS_FAILURE).
    CryptoConstraintsFailure,
    /// The policy could not be applied (POLICY_PROCESSING_ERROR).
    PolicyProcessingError,
    /// Timestamps or claimed times are out of order (TIMESTAMP_ORDER_FAILURE).
    TimestampOrderFailure,
    /// The signing certificate is not in the signature (NO_SIGNING_CERTIFICATE_FOUND).
    NoSigningCertificateFound,
    /// No path to a trust anchor could be built (NO_CERTIFICATE_CHAIN_FOUND).
    NoCertificateChainFound,
    /// Revoked, and no proof that the signature existed before (REVOKED_NO_POE).
    RevokedNoPoe,
    /// A CA of the path was revoked, and no proof of existence before (REVOKED_CA_NO_POE).
    RevokedCaNoPoe,
    /// Outside the certificate's validity, and no proof of existence within it
    /// (OUT_OF_BOUNDS_NO_POE).
    OutOfBoundsNoPoe,
    /// Outside the certificate's validity, not known revoked (OUT_OF_BOUNDS_NOT_REVOKED).
    OutOfBoundsNotRevoked,
    /// Revocation data is missing or not yet fresh; try again later (TRY_LATER).
    TryLater,
    /// The signed data is not there (SIGNED_DATA_NOT_FOUND).
    SignedDataNotFound,
    /// *sealcheck*: the signed revision is intact, but a later incremental update changed what
    /// a reader sees in a way no rule (and no DocMDP permission) allows. TOTAL_FAILED, because
    /// the document the reviewer looks at is not the one that was signed.
    DisallowedModification,
}

impl SubIndication {
    /// The ETSI name, e.g. `HASH_FAILURE`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubIndication::FormatFailure => "FORMAT_FAILURE",
            SubIndication::HashFailure => "HASH_FAILURE",
            SubIndication::SigCryptoFailure => "SIG_CRYPTO_FAILURE",
            SubIndication::Revoked => "REVOKED",
            SubIndication::Expired => "EXPIRED",
            SubIndication::NotYetValid => "NOT_YET_VALID",
            SubIndication::SigConstraintsFailure => "SIG_CONSTRAINTS_FAILURE",
            SubIndication::ChainConstraintsFailure => "CHAIN_CONSTRAINTS_FAILURE",
            SubIndication::CertificateChainGeneralFailure => "CERTIFICATE_CHAIN_GENERAL_FAILURE",
            SubIndication::CryptoConstraintsFailure => "CRYPTO_CONSTRAINTS_FAILURE",
            SubIndication::PolicyProcessingError => "POLICY_PROCESSING_ERROR",
            SubIndication::TimestampOrderFailure => "TIMESTAMP_ORDER_FAILURE",
            SubIndication::NoSigningCertificateFound => "NO_SIGNING_CERTIFICATE_FOUND",
            SubIndication::NoCertificateChainFound => "NO_CERTIFICATE_CHAIN_FOUND",
            SubIndication::RevokedNoPoe => "REVOKED_NO_POE",
            SubIndication::RevokedCaNoPoe => "REVOKED_CA_NO_POE",
            SubIndication::OutOfBoundsNoPoe => "OUT_OF_BOUNDS_NO_POE",
            SubIndication::OutOfBoundsNotRevoked => "OUT_OF_BOUNDS_NOT_REVOKED",
            SubIndication::TryLater => "TRY_LATER",
            SubIndication::SignedDataNotFound => "SIGNED_DATA_NOT_FOUND",
            SubIndication::DisallowedModification => "DISALLOWED_MODIFICATION",
        }
    }
}

/// Outcome of one check (a "constraint" in ETSI terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CheckStatus {
    /// The constraint was met.
    Passed,
    /// The constraint was not met; the signature is not valid.
    Failed,
    /// The constraint could not be decided with the data available.
    Indeterminate,
    /// The check did not apply or was not run (e.g. no revocation data supplied); it never
    /// changes the bottom line, its message says why it was skipped.
    Skipped,
}

/// A message for people, in the two languages the service hall speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Chinese (简体中文).
    pub zh: String,
}

impl Text {
    /// A message from its English and Chinese text.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// One verification step and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable machine id, e.g. `byte_range`, `message_digest`, `signature_value`.
    pub id: CheckId,
    /// How the check came out.
    pub status: CheckStatus,
    /// The sub-indication this check implies when it is not passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// English sentence (kept flat for the CLI contract: `checks[].message`).
    pub message: String,
    /// Chinese sentence (`checks[].message_zh`).
    pub message_zh: String,
    /// Where the evidence is: object number, offset, field, certificate subject …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Check {
    /// A passed check.
    pub fn passed(id: CheckId, text: Text) -> Self {
        Self::with(id, CheckStatus::Passed, None, text)
    }
    /// A failed check implying `sub`.
    pub fn failed(id: CheckId, sub: SubIndication, text: Text) -> Self {
        Self::with(id, CheckStatus::Failed, Some(sub), text)
    }
    /// An indeterminate check implying `sub`.
    pub fn indeterminate(id: CheckId, sub: SubIndication, text: Text) -> Self {
        Self::with(id, CheckStatus::Indeterminate, Some(sub), text)
    }
    /// A check that did not apply or was not run.
    pub fn skipped(id: CheckId, text: Text) -> Self {
        Self::with(id, CheckStatus::Skipped, None, text)
    }
    /// A check with any status.
    pub fn with(id: CheckId, status: CheckStatus, sub: Option<SubIndication>, text: Text) -> Self {
        Check {
            id,
            status,
            sub_indication: sub,
            message: text.en,
            message_zh: text.zh,
            evidence: None,
        }
    }
    /// The same check with its evidence.
    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }
}

/// How serious a finding is. Findings inform; only checks decide the indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; changes nothing.
    Info,
    /// Something a reviewer should look at.
    Warning,
    /// Something is wrong with the document.
    Error,
}

/// Something noticed about a document or signature, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable machine code, e.g. `UNREACHABLE_SIGNATURE_DICTIONARY`, `LIMIT_FILE_SIZE`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// English sentence.
    pub message: String,
    /// Chinese sentence.
    pub message_zh: String,
    /// Where the evidence is: object number, offset, field, value …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Finding {
    /// A finding without evidence.
    pub fn new(code: &str, severity: Severity, text: Text) -> Self {
        Finding {
            code: code.to_string(),
            severity,
            message: text.en,
            message_zh: text.zh,
            evidence: None,
        }
    }
    /// The same finding with its evidence.
    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }
}

/// Derives the bottom line from a list of checks.
///
/// A failed check whose sub-indication is one of ETSI's TOTAL_FAILED reasons (or
/// DISALLOWED_MODIFICATION) makes the result TOTAL_FAILED; any other failed or indeterminate check
/// makes it INDETERMINATE. Among several total failures the most fundamental one names the
/// result: a broken structure before broken integrity, integrity before the signer's certificate
/// status (a reviewer must learn first that the document is not what was signed). Among
/// indeterminate checks the first in pipeline order wins.
pub fn conclude(checks: &[Check]) -> (Indication, Option<SubIndication>) {
    let total = checks
        .iter()
        .filter(|c| c.status == CheckStatus::Failed)
        .filter_map(|c| total_failure_rank(c.sub_indication).map(|rank| (rank, c.sub_indication)))
        .min_by_key(|(rank, _)| *rank);
    if let Some((_, sub)) = total {
        return (Indication::TotalFailed, sub);
    }
    match checks
        .iter()
        .find(|c| matches!(c.status, CheckStatus::Failed | CheckStatus::Indeterminate))
    {
        Some(c) => (Indication::Indeterminate, c.sub_indication),
        None => (Indication::TotalPassed, None),
    }
}

/// Rank of the sub-indications that make a signature TOTAL_FAILED (lower is more fundamental).
fn total_failure_rank(sub: Option<SubIndication>) -> Option<u8> {
    Some(match sub? {
        SubIndication::FormatFailure => 0,
        SubIndication::HashFailure => 1,
        SubIndication::SigCryptoFailure => 2,
        SubIndication::DisallowedModification => 3,
        SubIndication::Revoked => 4,
        SubIndication::Expired => 5,
        SubIndication::NotYetValid => 6,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Text {
        Text::new("x", "x")
    }

    #[test]
    fn all_passed_is_total_passed() {
        let checks = vec![
            Check::passed(CheckId::ByteRange, t()),
            Check::skipped(CheckId::Revocation, t()),
        ];
        assert_eq!(conclude(&checks), (Indication::TotalPassed, None));
    }

    #[test]
    fn total_failure_wins_over_earlier_indeterminate() {
        let checks = vec![
            Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::NoCertificateChainFound,
                t(),
            ),
            Check::failed(CheckId::MessageDigest, SubIndication::HashFailure, t()),
        ];
        assert_eq!(
            conclude(&checks),
            (Indication::TotalFailed, Some(SubIndication::HashFailure))
        );
    }

    #[test]
    fn integrity_failure_outranks_certificate_status() {
        let checks = vec![
            Check::failed(CheckId::CertificateValidity, SubIndication::Expired, t()),
            Check::failed(
                CheckId::Modifications,
                SubIndication::DisallowedModification,
                t(),
            ),
        ];
        assert_eq!(
            conclude(&checks),
            (
                Indication::TotalFailed,
                Some(SubIndication::DisallowedModification)
            )
        );
    }

    #[test]
    fn first_indeterminate_names_the_reason() {
        let checks = vec![
            Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::NoCertificateChainFound,
                t(),
            ),
            Check::indeterminate(CheckId::Revocation, SubIndication::TryLater, t()),
        ];
        assert_eq!(
            conclude(&checks),
            (
                Indication::Indeterminate,
                Some(SubIndication::NoCertificateChainFound)
            )
        );
    }

    #[test]
    fn failed_with_indeterminate_reason_is_indeterminate() {
        let checks = vec![Check::failed(
            CheckId::SignatureValue,
            SubIndication::CryptoConstraintsFailure,
            t(),
        )];
        assert_eq!(conclude(&checks).0, Indication::Indeterminate);
    }
}
