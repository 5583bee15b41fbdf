//! CMS signer facts: format, signer identification, message and content digests, the signature
//! value, signed attributes and the claimed signing time.
//!
//! [`crate::cms`] establishes these for every SignerInfo it verifies, whatever the policy;
//! [`crate::evaluate::cms`] judges them and writes the checks.

use super::path::ChainFacts;
pub use super::signed_data::{
    CertificateSource, CmsFormatFact, ComparedDigest, EssFact, IdentificationFact,
    MessageDigestFact, SignatureValueCheckFact, SignedAttributeProblem, SignedAttributesFact,
    SignedDataSummary, SignerFacts, SignerIdFact,
};
use super::timestamp::TimestampFacts;

/// Everything the verification of one CMS structure established, for the signer it reports
/// (the worst of several SignerInfos) or for the document timestamp token it is.
#[derive(Debug, Clone, Default)]
pub struct CmsFacts {
    /// What was read of the SignedData; `None` when nothing was examined.
    pub format: Option<CmsFormatFact>,
    /// The core facts of the reported SignerInfo, when the structure could be read.
    pub signer: Option<SignerFacts>,
    /// `adbe.pkcs7.sha1`: the encapsulated SHA-1 digest against the signed bytes.
    pub content_digest: Option<ComparedDigest>,
    /// The signer's signature timestamp tokens (unsigned attribute), in order, as verified
    /// (at most the bounded number the verifier examines).
    pub signature_timestamps: Vec<TimestampFacts>,
    /// The token, when the structure is a PDF document timestamp.
    pub document_timestamp: Option<TimestampFacts>,
    /// The signer certificate's path, validity and revocation facts, when a certificate was
    /// found (see [`crate::facts::path`]).
    pub chain: Option<ChainFacts>,
}
