//! One thing wrong (or uncertain) with an upload, as every judge of the review reports it.
//!
//! Its own module so that the judges (assess, binding, elicense, image_checks) and the notice
//! all depend on it, and none of them on each other through it.

use crate::verdict::Text;

/// One thing wrong (or uncertain) with an upload: what, and what the applicant should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable code, e.g. `TAMPERED`, `WRONG_SIGNER`, `LOW_RESOLUTION`.
    pub code: &'static str,
    /// What is wrong or uncertain, in both languages (e.g. "was changed after it was signed or
    /// sealed").
    pub what: Text,
    /// What the applicant should do about it.
    pub action: Text,
}

impl Problem {
    pub(crate) fn new(code: &'static str, what: Text, action: Text) -> Self {
        Problem { code, what, action }
    }
}

/// Whether a problem is a doubt for the reviewer (manual review) rather than a defect the
/// applicant must correct.
pub(crate) fn is_doubt(p: &Problem) -> bool {
    matches!(
        p.code,
        "SIGNATURE_INDETERMINATE"
            | "SEAL_NOT_VERIFIED"
            | "SIGNER_UNKNOWN"
            | "ISSUER_UNKNOWN"
            | "LICENSE_SIGNATURE_INDETERMINATE"
            | "LICENSE_ISSUER_UNKNOWN"
            | "LICENSE_METADATA_UNPROTECTED"
            | "LICENSE_VALIDITY_UNREADABLE"
            | "LICENSE_QR_NO_IDENTIFIER"
            | "ISSUED_IN_FUTURE"
            | "CONTENT_MISMATCH"
            | "IMAGE_EDITED"
            | "IMAGE_NOT_CHECKED"
            | "CONTENT_UNREAD"
            | "IDENTITY_UNCONFIRMED"
            | "OCR_IDENTIFIER_UNCERTAIN"
            | "REVOCATION_UNKNOWN"
            | "LEGACY_CREDIT_CODE"
    )
}
