//! SignedData facts shared by signatures and timestamp tokens: what was read of the structure,
//! and what one SignerInfo established (identification, digests, value, signed attributes).
//!
//! [`crate::facts::cms`] (a signature) and [`crate::facts::timestamp`] (a token, itself a
//! SignedData) both build on these.

use time::OffsetDateTime;

use super::crypto::{DigestFact, SignatureValueFact};
use crate::pki::digest::DigestAlgorithm;
use crate::report::CertSummary;

/// What reading a SignedData (a signature or a timestamp token) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmsFormatFact {
    /// The structure was read and is what the caller needs.
    Read(SignedDataSummary),
    /// The structure is malformed or not what the caller needs; why.
    Malformed(String),
    /// A resource limit stopped the reading; what and where.
    OverLimit(String),
}

/// The counts a well-formed SignedData shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedDataSummary {
    /// SignedData version.
    pub version: u64,
    /// X.509 certificates carried.
    pub certificates: usize,
    /// CRLs carried.
    pub crls: usize,
    /// SignerInfos.
    pub signer_infos: usize,
    /// Bytes of the structure (without the zero padding after it).
    pub bytes: usize,
}

/// A digest computed over signed data beside the one recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedDigest {
    /// The algorithm and whether the two are equal.
    pub digest: DigestFact,
    /// The digest computed over the data.
    pub computed: Vec<u8>,
    /// The digest the signer (or TSA) recorded.
    pub recorded: Vec<u8>,
}

/// The facts of one SignerInfo: how its certificate was found, its digest, its signature
/// value and its signed attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerFacts {
    /// Which structure this is in evidence (`signer`, `signer 2 of 3`, `timestamp token`).
    pub label: String,
    /// Readable digest algorithm name (e.g. "SHA-256"), or the dotted OID if unknown.
    pub digest_algorithm: String,
    /// Readable signature algorithm name from its OID (e.g. "sha256WithRSAEncryption"), or the
    /// dotted OID if unknown.
    pub signature_algorithm: String,
    /// Which certificate was found for the signer identifier, and how it is bound.
    pub identification: IdentificationFact,
    /// The messageDigest signed attribute against the signed content.
    pub message_digest: MessageDigestFact,
    /// The signature value under the signer's key.
    pub signature_value: SignatureValueCheckFact,
    /// The signed attributes and the claimed signing time.
    pub signed_attributes: SignedAttributesFact,
}

impl SignerFacts {
    /// The signingTime the signer claims, when present and readable.
    pub fn claimed_signing_time(&self) -> Option<OffsetDateTime> {
        self.signed_attributes.signing_time
    }
}

/// How the signer's certificate was identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentificationFact {
    /// The signer identifier as written.
    pub signer_id: SignerIdFact,
    /// The certificate that matches the identifier (from the CMS or the supplied
    /// intermediates), if any.
    pub certificate: Option<CertSummary>,
    /// Where that certificate was found.
    pub found_in: Option<CertificateSource>,
    /// What the ESS signingCertificate(V2) attribute says of that certificate.
    pub ess: EssFact,
}

/// How a SignerInfo names its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdFact {
    /// issuerAndSerialNumber: the serial number's content octets.
    IssuerSerial(Vec<u8>),
    /// subjectKeyIdentifier: the key identifier.
    SubjectKeyId(Vec<u8>),
}

/// Where the signer's certificate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateSource {
    /// Among the SignedData's own certificates.
    SignedData,
    /// Among the certificates the caller supplied (PDF /DSS, `--cert`).
    Supplied,
}

/// The first ESS signing-certificate attribute present (V2 before v1) against the certificate
/// found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EssFact {
    /// No signingCertificate(V2) attribute (or no certificate to compare with).
    Absent,
    /// The attribute names the certificate found; its version (1 or 2).
    Bound(u8),
    /// The attribute could not be read; why.
    Malformed(String),
    /// The attribute's certificate hash uses an algorithm this build cannot compute.
    UnsupportedHash(String),
    /// The attribute's certificate hash differs from the certificate found.
    HashMismatch,
    /// The attribute's issuer and serial number differ from the certificate found.
    IssuerSerialMismatch,
}

/// The messageDigest signed attribute against the digest of the signed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageDigestFact {
    /// No signed attributes: the signature value covers the content itself. The signer's
    /// digest algorithm, when known.
    NoSignedAttributes(Option<DigestAlgorithm>),
    /// The signed attributes have no messageDigest.
    Missing,
    /// The messageDigest is not an OCTET STRING.
    NotOctetString,
    /// The messageDigest attribute is malformed; why.
    Malformed(String),
    /// The digest algorithm is not one this build computes.
    UnsupportedAlgorithm,
    /// The digest was computed over the content and compared.
    Compared {
        /// The comparison.
        digest: ComparedDigest,
        /// Dotted OID of the attribute compared against (messageDigest).
        attribute: &'static str,
        /// How many content bytes were hashed.
        content_bytes: u64,
    },
}

/// What checking the signature value established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureValueCheckFact {
    /// No signer certificate, so no key to check the value with.
    NoCertificate,
    /// No signed attributes and a content larger than the file size limit: not examined.
    ContentTooLarge(u64),
    /// The value was examined under the signer's key.
    Examined {
        /// Scheme, key length, and whether the value verifies.
        value: SignatureValueFact,
        /// Length of the signature value in bytes.
        signature_bytes: usize,
    },
}

/// The signed attributes of a SignerInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAttributesFact {
    /// Whether the SignerInfo has signed attributes at all.
    pub present: bool,
    /// How many signed attributes there are.
    pub count: usize,
    /// Readable name of the encapsulated content type.
    pub content_type: String,
    /// The claimed signingTime, when present and readable.
    pub signing_time: Option<OffsetDateTime>,
    /// The first problem found in the required attributes, if any.
    pub problem: Option<SignedAttributeProblem>,
}

/// A problem of the signed attributes (each a format failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedAttributeProblem {
    /// The signed contentType differs from the encapsulated content type (readable names).
    ContentTypeDiffers {
        /// The signed contentType.
        signed: String,
        /// The encapsulated content type.
        encapsulated: String,
    },
    /// The contentType value is not an OBJECT IDENTIFIER; why.
    ContentTypeUnreadable(String),
    /// There is no contentType attribute.
    ContentTypeMissing,
    /// The contentType attribute is malformed (several, or several values); why.
    ContentTypeMalformed(String),
    /// The signingTime value is not a valid time.
    SigningTimeInvalid,
    /// The signingTime attribute is malformed; why.
    SigningTimeMalformed(String),
}
