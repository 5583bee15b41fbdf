//! Revocation facts: what every CRL and OCSP response offered says about each certificate of
//! the chosen path below its trust anchor, and whose signature it carries — before any policy
//! (required revocation, weak signatures) is applied.

use time::OffsetDateTime;

use crate::facts::crypto::SignatureValueFact;

/// A certificate's status according to one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStatus {
    /// Not revoked as of the source's thisUpdate.
    Good,
    /// Revoked.
    Revoked {
        /// revocationDate / revocationTime.
        at: OffsetDateTime,
        /// CRLReason code, when given.
        reason: Option<u8>,
    },
    /// The source does not know the certificate (OCSP "unknown").
    Unknown,
}

/// What one CRL named after the certificate's issuer says.
#[derive(Debug, Clone, PartialEq)]
pub struct CrlFact {
    /// How evidence names the CRL: its issuer and thisUpdate.
    pub source: String,
    /// The issuer's key usage allows CRL signing (or it has no keyUsage extension).
    pub issuer_may_sign_crls: bool,
    /// The CRL's signature checked with the issuer's key (`None` when the issuer may not sign
    /// CRLs, so it was not checked).
    pub signature: Option<SignatureValueFact>,
    /// thisUpdate.
    pub this_update: OffsetDateTime,
    /// nextUpdate, if stated.
    pub next_update: Option<OffsetDateTime>,
    /// The CRL's scope covers this kind of certificate (not indirect, not attribute-only,
    /// not user- or CA-only against the certificate's kind).
    pub covers_certificate: bool,
    /// A delta or partial-reason CRL: absence proves nothing.
    pub incomplete: bool,
    /// The CRL's entry for the certificate: `Revoked`, or `Good` when not listed (looked up only
    /// when the signature verifies).
    pub status: Option<SourceStatus>,
}

/// One certificate offered in an OCSP response as a delegated responder.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponderFact {
    /// Its subject.
    pub subject: String,
    /// It carries id-kp-OCSPSigning.
    pub delegated: bool,
    /// It was valid when the response was produced.
    pub valid_when_produced: bool,
    /// Its issuer name is the certificate issuer's subject.
    pub named_by_issuer: bool,
    /// Its certificate's signature checked with the issuer's key (when the three above hold).
    pub certified: Option<SignatureValueFact>,
    /// The response's signature checked with its key (when `certified` verifies).
    pub signed: Option<SignatureValueFact>,
}

/// What one OCSP response about the certificate says.
#[derive(Debug, Clone, PartialEq)]
pub struct OcspFact {
    /// producedAt.
    pub produced_at: OffsetDateTime,
    /// The response's signature checked with the issuer's key.
    pub by_issuer: SignatureValueFact,
    /// The responder certificates the response carries, in order (unparsable ones left out).
    pub responders: Vec<ResponderFact>,
    /// The certificate's status.
    pub status: SourceStatus,
    /// thisUpdate.
    pub this_update: OffsetDateTime,
    /// nextUpdate, if stated.
    pub next_update: Option<OffsetDateTime>,
}

/// One source about one certificate, in the order they are consulted.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceFact {
    /// A CRL named after the issuer.
    Crl(CrlFact),
    /// An OCSP response whose CertID is about the certificate.
    Ocsp(OcspFact),
}

/// The sources about one certificate of the path.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateRevocation {
    /// How messages name the certificate.
    pub label: String,
    /// It is the leaf (signer) certificate.
    pub is_leaf: bool,
    /// CRLs first, then OCSP responses, each in the order offered.
    pub sources: Vec<SourceFact>,
}

/// Revocation facts of a path.
#[derive(Debug, Clone, PartialEq)]
pub struct RevocationFacts {
    /// Offered CRLs that could not be parsed.
    pub unreadable_crls: usize,
    /// Why each unreadable OCSP response was ignored.
    pub unreadable_ocsp: Vec<String>,
    /// Every certificate below the anchor, leaf first (empty when the leaf is the anchor).
    pub certificates: Vec<CertificateRevocation>,
    /// Time the signer claims to have signed, if any.
    pub claimed_time: Option<OffsetDateTime>,
    /// Time proven by a valid timestamp (proof of existence), if any.
    pub poe_time: Option<OffsetDateTime>,
    /// The validation time.
    pub validation_time: OffsetDateTime,
}
