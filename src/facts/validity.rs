//! Validity facts: the validity interval of every certificate of the chosen path and the times
//! it is judged against (claimed signing time, proof of existence, validation time).

use time::OffsetDateTime;

/// One certificate's validity interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalFact {
    /// How messages name the certificate.
    pub label: String,
    /// notBefore.
    pub not_before: OffsetDateTime,
    /// notAfter.
    pub not_after: OffsetDateTime,
}

/// The path's intervals and the times known about the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidityFacts {
    /// Every certificate of the path, leaf first, trust anchor last.
    pub path: Vec<IntervalFact>,
    /// Time the signer claims to have signed, if any.
    pub claimed_time: Option<OffsetDateTime>,
    /// Time proven by a valid timestamp (proof of existence), if any.
    pub poe_time: Option<OffsetDateTime>,
    /// The validation time.
    pub validation_time: OffsetDateTime,
}

/// A PDF signature's claimed signing time against its signer certificate, when no timestamp
/// proves when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimedTimeFact {
    /// signingTime, else the signature dictionary's /M.
    pub claimed: OffsetDateTime,
    /// The signer certificate's notBefore.
    pub signer_not_before: OffsetDateTime,
    /// Whether a signature timestamp proves a time (then the claim does not matter).
    pub timestamp_proven: bool,
    /// Whether an earlier check already said NOT_YET_VALID (said once is enough).
    pub already_not_yet_valid: bool,
}
