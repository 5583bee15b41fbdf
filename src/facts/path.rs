//! Certification path facts: the candidate paths path building completed (policy-free), their
//! certificates' validity intervals, the signatures linking them, the constraints they met or
//! broke, and the order in which the search tried every issuer.
//!
//! The search follows every certificate-to-issuer link whose signature value verifies,
//! whatever its algorithm; whether the policy accepts a link (SHA-1, a short RSA key) is
//! decided by [`crate::evaluate::path`], which replays the recorded search under the policy.

use time::OffsetDateTime;

use crate::facts::crypto::SignatureValueFact;
use crate::report::CertSummary;
use crate::verdict::{Finding, Text};

/// One certificate that took part in path building (the leaf, or a tried issuer).
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateFact {
    /// How messages name it: subject and serial.
    pub label: String,
    /// RFC 4514-style subject.
    pub subject: String,
    /// RFC 4514-style issuer.
    pub issuer: String,
    /// Start of the validity interval (notBefore).
    pub not_before: OffsetDateTime,
    /// End of the validity interval (notAfter).
    pub not_after: OffsetDateTime,
    /// Whether the trust store holds it as an anchor.
    pub anchor: bool,
    /// OIDs of critical extensions this verifier does not interpret.
    pub unknown_critical: Vec<String>,
}

/// A certificate-to-issuer link: `issuer`'s key checked against `child`'s signature.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkFact {
    /// Index of the certified certificate in [`PathFacts::certificates`].
    pub child: usize,
    /// Index of the candidate issuer in [`PathFacts::certificates`].
    pub issuer: usize,
    /// What checking the signature established, also for weak algorithms.
    pub signature: SignatureValueFact,
}

/// A complete path that basicConstraints, pathLenConstraint and key usage broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintViolation {
    /// What was broken.
    pub text: Text,
    /// The certificate that broke it.
    pub evidence: String,
}

/// A complete path from the leaf to a trust anchor whose every link verifies.
#[derive(Debug, Clone, PartialEq)]
pub struct PathCandidate {
    /// Leaf first, anchor last: indexes in [`PathFacts::certificates`].
    pub certificates: Vec<usize>,
    /// The links between them, leaf's first: indexes in [`PathFacts::links`].
    pub links: Vec<usize>,
    /// Report summaries of the certificates, leaf first.
    pub summaries: Vec<CertSummary>,
    /// The constraints held (with warnings about the path, e.g. a TSA's EKU not sole and
    /// critical) or the first one broken.
    pub constraints: Result<Vec<Finding>, ConstraintViolation>,
}

/// What the search did at one certificate of a partial path.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchStep {
    /// The certificate is a trust anchor: the path is complete (index in
    /// [`PathFacts::candidates`]).
    Anchor(usize),
    /// The path would exceed `Limits::max_path_length`; no issuer was tried.
    TooLong {
        /// The limit.
        limit: usize,
    },
    /// Candidate issuers were tried, in this order.
    Issuers {
        /// Each issuer tried.
        tries: Vec<IssuerTry>,
        /// The work budget ran out here, before every candidate issuer was tried.
        cut_short: bool,
    },
}

/// One candidate issuer tried for a certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuerTry {
    /// Index of the link in [`PathFacts::links`].
    pub link: usize,
    /// Where the search went through this issuer: present exactly when the link's signature
    /// verifies.
    pub next: Option<Box<SearchStep>>,
}

/// Everything path building established about one leaf certificate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathFacts {
    /// The leaf could be parsed (it is then `certificates[0]`).
    pub leaf_readable: bool,
    /// The leaf and every certificate tried as an issuer.
    pub certificates: Vec<CertificateFact>,
    /// Every link checked, each once.
    pub links: Vec<LinkFact>,
    /// The search from the leaf, in the order it went (`None` when the leaf is unreadable).
    pub search: Option<SearchStep>,
    /// Complete paths, in the order found.
    pub candidates: Vec<PathCandidate>,
    /// Candidate issuers tried (each counts against `Limits::max_path_work`).
    pub work: usize,
    /// The search stopped because `Limits::max_path_work` was reached.
    pub budget_exhausted: bool,
    /// Offered intermediates ignored because there were more than the limit.
    pub offered_dropped: usize,
    /// The limit on offered intermediates.
    pub offered_capacity: usize,
    /// Offered certificates that could not be parsed.
    pub offered_unreadable: usize,
}

/// Everything `pki::validate_chain` established: the path search, and for the path the policy
/// accepted, its validity and revocation facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainFacts {
    /// The path search.
    pub path: PathFacts,
    /// Validity of the accepted path (`None` when no path was accepted).
    pub validity: Option<crate::facts::validity::ValidityFacts>,
    /// Revocation of the accepted path (`None` when no path was accepted).
    pub revocation: Option<crate::facts::revocation::RevocationFacts>,
}
