//! SES e-seal facts: the seal's format and maker signature, its validity, the signer certificate, the digests of what it protects and the signature value.
//!
//! What verifying one SES_Signature (GM/T 0031 / GB/T 38540) or one bare SESeal establishes,
//! and what an OFD signature's References say about the package files, before any policy is
//! applied. [`crate::evaluate::seal`] judges them and writes the checks.

use time::OffsetDateTime;

use super::crypto::{DigestFact, SignatureValueFact};
use crate::pki::{ChainOutcome, DigestAlgorithm};
use crate::report::seal_block::{SesVersion, SignatureEncoding};
use crate::report::Change;
use crate::verdict::{CertRole, SubIndication};

/// How lenient to be with a signature whose container says it is a vendor variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    /// The container names a standard method: a failed dataHash or signature value is reported
    /// FAILED (the data or the signature was changed).
    #[default]
    Standard,
    /// The container uses a non-standard digest method: a failed dataHash or signature value
    /// cannot be told apart from a different (unknown) signing convention, so it is reported
    /// INDETERMINATE ("cannot verify"), never as tampering.
    Vendor,
}

/// Which SES structure was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SesStructure {
    /// An SES_Signature: a seal applied to data by a signer.
    Signature,
    /// A SESeal on its own (an `.esl` file): the seal as its maker issued it.
    Seal,
}

impl SesStructure {
    /// The structure's name in the standards (`SES_Signature`, `SESeal`).
    pub fn name(self) -> &'static str {
        match self {
            SesStructure::Signature => "SES_Signature",
            SesStructure::Seal => "SESeal",
        }
    }
}

/// A signature value of a seal (the signer's over TBS_Sign, or the maker's over the seal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SesSignatureFact {
    /// What checking the value with the certificate's key established.
    pub value: SignatureValueFact,
    /// How the value was stored (DER or raw r||s for SM2).
    pub encoding: SignatureEncoding,
}

/// dataHash of an SES_Signature against the data it protects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataHashFact {
    /// The protected data is not part of the file (a bare SES_Signature).
    Unavailable,
    /// dataHash was compared with the digest of the protected data.
    Compared {
        /// The digests tried, in order: the one the signature algorithm implies, or SM3,
        /// SHA-256 and SHA-1 when it implies none; the list stops at the first that matches.
        tried: Vec<DigestFact>,
        /// The dataHash the signer recorded.
        recorded: Vec<u8>,
        /// TBS_Sign.propertyInfo: what the signer says the protected data is.
        property_info: String,
    },
}

impl DataHashFact {
    /// The digest under which dataHash matches the protected data, if one does.
    pub fn matched(&self) -> Option<DigestAlgorithm> {
        match self {
            DataHashFact::Unavailable => None,
            DataHashFact::Compared { tried, .. } => {
                tried.iter().find(|d| d.matches).map(|d| d.algorithm)
            }
        }
    }
}

/// The seal's validity period and the time it must cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealValidityFact {
    /// validStart of the seal.
    pub valid_start: OffsetDateTime,
    /// validEnd of the seal.
    pub valid_end: OffsetDateTime,
    /// The time checked: the signing time for an SES_Signature, the validation time for a
    /// SESeal on its own; `None` when the signing time is unknown.
    pub checked_at: Option<OffsetDateTime>,
}

/// Whether the signer's certificate is one of those the seal lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInSealFact {
    /// The kind of list (`certificates`, `certificate_digests`, `certificate_identifiers`).
    pub list_kind: &'static str,
    /// Number of entries in the list.
    pub list_len: usize,
    /// What comparing the signer's certificate with the list found.
    pub listed: SignerListed,
}

/// What comparing the signer's certificate with the seal's list found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerListed {
    /// The certificate (or its digest, or its serial number) is in the list.
    Yes,
    /// The certificate is not in a list of certificates or certificate digests.
    No,
    /// The seal names its signers by vendor-defined identifiers, none of which is the
    /// certificate's serial number; they are given here.
    UnmatchedIdentifiers(Vec<String>),
}

/// Why an RFC 3161 token could not be confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenProblem {
    /// The token's first check that did not pass (`id: message`), or `no result`.
    pub reason: String,
    /// That check's sub-indication, if it has one.
    pub sub_indication: Option<SubIndication>,
}

/// An RFC 3161 token over a signature value (the signer's, or for V5 the maker's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealTimestampFact {
    /// `Ok(time attested)` when every check of the token passed; otherwise why not.
    pub outcome: Result<Option<OffsetDateTime>, TokenProblem>,
}

/// The certification path of one of the seal's certificates, as [`crate::pki::validate_chain`]
/// found it (the path, validity and revocation rules are pki's and applied there).
#[derive(Debug, Clone)]
pub struct SealChainFact {
    /// Whose certificate: the signer's or the seal maker's.
    pub role: CertRole,
    /// What pki established.
    pub outcome: ChainOutcome,
}

/// What verifying one SES_Signature or SESeal established.
#[derive(Debug, Clone)]
pub struct SealFacts {
    /// Which structure was read.
    pub structure: SesStructure,
    /// Its SES version.
    pub version: SesVersion,
    /// Whether the container names a vendor (non-standard) digest method.
    pub variant: Variant,
    /// dataHash against the protected data (SES_Signature only).
    pub data_hash: Option<DataHashFact>,
    /// The signer's signature over TBS_Sign (SES_Signature only).
    pub signer_signature: Option<SesSignatureFact>,
    /// The maker's signature over the seal; `None` when SES_SignInfo is not in a standard form.
    pub maker_signature: Option<SesSignatureFact>,
    /// The V5 timestamp on the maker's signature, when there is one (and a standard maker
    /// block to tie it to).
    pub seal_timestamp: Option<SealTimestampFact>,
    /// The seal's validity period and the time it must cover.
    pub validity: SealValidityFact,
    /// Whether the seal lists the signer's certificate (SES_Signature only).
    pub signer_in_seal: Option<SignerInSealFact>,
    /// The timestamp on the signer's signature; `None` when there is none (or for a SESeal).
    pub timestamp: Option<SealTimestampFact>,
    /// The signer certificate's path (SES_Signature only).
    pub signer_chain: Option<SealChainFact>,
    /// The maker certificate's path, when the maker block is standard.
    pub maker_chain: Option<SealChainFact>,
    /// For a seal in an OFD package: what its Signature.xml References say about the package
    /// files (judged into the `ofd_references` check, which precedes the seal's own checks).
    pub ofd_references: Option<OfdReferencesFact>,
}

/// One `<Reference>` of an OFD Signature.xml against the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceFact {
    /// The package path the reference names (as resolved), or the reference as written when
    /// it is not a readable path.
    pub path: String,
    /// The comparison, when the path and the digest value could be read and the file is in the
    /// package; `None` otherwise (see [`OfdReferencesFact`] for which).
    pub digest: Option<DigestFact>,
}

/// What an OFD signature's References say about the package files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfdReferencesFact {
    /// The CheckMethod as written (SM3 when absent).
    pub check_method: String,
    /// The digest actually used: the CheckMethod when it is a standard name, else the first
    /// standard digest under which a reference matches; `None` when neither tells.
    pub digest: Option<DigestAlgorithm>,
    /// Whether the CheckMethod is a standard digest name.
    pub method_named: bool,
    /// Each reference and its comparison, in document order (empty when `digest` is `None`).
    pub references: Vec<ReferenceFact>,
    /// References whose path or digest value could not be read.
    pub malformed: Vec<String>,
    /// Files removed or changed since signing, each with whether a later signature explains it.
    pub changes: Vec<Change>,
}
