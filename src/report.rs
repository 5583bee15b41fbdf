//! What verification returns: plain data, serialisable as the `sealcheck/1` JSON contract.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::verdict::{Check, Finding, Indication, SubIndication};

pub mod seal_block;

/// The `schema` value of a [`VerifyReport`].
pub const SCHEMA: &str = "sealcheck/1";

/// The real type of an upload, decided from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// PDF, signed or not (also a scanned PDF).
    Pdf,
    /// OFD package, or a bare SES seal or seal signature.
    Ofd,
    /// JPEG picture.
    Jpeg,
    /// PNG picture.
    Png,
    /// TIFF picture.
    Tiff,
    /// None of the formats sealcheck reads.
    Unknown,
    /// The path or upload could not be read at all (missing, not a regular file, over the size
    /// limit): the report holds one error finding and nothing else.
    Unreadable,
    /// WebP picture.
    Webp,
    /// BMP picture.
    Bmp,
}

impl DocumentKind {
    /// The JSON name, e.g. `pdf`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Ofd => "ofd",
            DocumentKind::Jpeg => "jpeg",
            DocumentKind::Png => "png",
            DocumentKind::Tiff => "tiff",
            DocumentKind::Unknown => "unknown",
            DocumentKind::Unreadable => "unreadable",
            DocumentKind::Webp => "webp",
            DocumentKind::Bmp => "bmp",
        }
    }
}

/// The whole answer for a batch (the CLI's stdout in JSON mode).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyReport {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The time every verdict was judged at.
    #[serde(with = "time::serde::rfc3339")]
    pub validation_time: OffsetDateTime,
    /// One report per document, in input order.
    pub documents: Vec<DocumentReport>,
}

/// One uploaded document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentReport {
    /// Where it came from (file path, upload name); empty when verified from bytes alone.
    pub path: String,
    /// What the bytes are (decided by [`crate::intake`], never by the name).
    pub kind: DocumentKind,
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the bytes as uploaded.
    pub sha256: String,
    /// Signatures, document timestamps and e-seals, in the order of the document.
    pub signatures: Vec<SignatureReport>,
    /// Findings about the document as a whole.
    pub findings: Vec<Finding>,
    /// The electronic licence (电子证照) the document is, when it is one (see `docs/licenses.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<crate::license::document::LicenseReport>,
    /// What the picture shows (image uploads; see docs/images.md).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<crate::image::ImageReport>,
    /// The page images of a PDF without a text layer, measured like pictures.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub page_images: Vec<crate::image::ImageReport>,
}

impl DocumentReport {
    /// The report of a document before anything was found in it: its name, kind and size; no
    /// fingerprint, signature, finding, licence or picture yet.
    pub fn empty(path: &str, kind: DocumentKind, size: u64) -> Self {
        DocumentReport {
            path: path.to_string(),
            kind,
            size,
            sha256: String::new(),
            signatures: Vec::new(),
            findings: Vec::new(),
            license: None,
            image: None,
            page_images: Vec::new(),
        }
    }

    /// Worst indication over all signatures, or `None` when there are none.
    pub fn worst_indication(&self) -> Option<Indication> {
        let mut worst: Option<Indication> = None;
        for sig in &self.signatures {
            worst = Some(match (worst, sig.indication) {
                (_, Indication::TotalFailed) | (Some(Indication::TotalFailed), _) => {
                    Indication::TotalFailed
                }
                (_, Indication::Indeterminate) | (Some(Indication::Indeterminate), _) => {
                    Indication::Indeterminate
                }
                _ => Indication::TotalPassed,
            });
        }
        worst
    }
}

/// What kind of signature an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureKind {
    /// A CMS signature by a person or organisation.
    Signature,
    /// A document timestamp (SubFilter ETSI.RFC3161).
    Timestamp,
    /// A Chinese e-seal (SES_Signature).
    Seal,
}

/// How much of the file the signed bytes cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Every byte but the /Contents value, up to the end of the file.
    WholeFile,
    /// Up to the end of one revision; later bytes are further incremental updates.
    EntireRevision,
    /// Anything else: a hole, a range that stops short of a revision end, …
    Partial,
}

/// What later revisions did to the document, from this signature's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModificationLevel {
    /// Nothing was changed after signing.
    None,
    /// Later revisions changed only what the rules and the signature's permissions allow.
    Allowed,
    /// A later revision changed something no rule or permission allows.
    Disallowed,
}

/// The certificate that signed, in a few words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertSummary {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number in lower-case hex.
    pub serial: String,
    /// Start of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// Lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo: its identity in an
    /// issuer registry (see `crate::issuers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spki_sha256: Option<String>,
    /// The unified social credit code the subject carries (organizationIdentifier,
    /// serialNumber, OU or CN), when exactly one valid one is there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    /// The resident ID number the subject carries (personal certificates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<String>,
}

/// One object changed by a later revision, and how the change was judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Revision that made the change, counted from 1 (the file as first written), as in
    /// [`SignatureReport::revision`] and every message.
    pub revision: usize,
    /// Object number, or `None` for changes of the file structure itself (trailer, tail bytes).
    pub object: Option<u32>,
    /// `added`, `modified`, `freed`, `appended_bytes`, …
    pub action: String,
    /// The rule that allowed it, or `None` when no rule explains it (disallowed).
    pub allowed_by: Option<String>,
    /// Plain words: "page 1 content replaced in revision 3".
    pub description: String,
}

/// One signature, document timestamp or seal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignatureReport {
    /// Fully qualified field name (PDF) or signature id (OFD); null when the dictionary is not
    /// reachable from any field.
    pub field: Option<String>,
    /// Signature, document timestamp or e-seal.
    pub kind: SignatureKind,
    /// The PDF /SubFilter (`adbe.pkcs7.detached`, `ETSI.CAdES.detached`, …), when there is one.
    pub sub_filter: Option<String>,
    /// The certificate that signed, when it was found.
    pub signer: Option<CertSummary>,
    /// The time the signer claims (signingTime attribute, /M, SES timeInfo).
    #[serde(with = "time::serde::rfc3339::option")]
    pub signing_time: Option<OffsetDateTime>,
    /// A time proven by a valid timestamp (proof of existence), if any.
    #[serde(with = "time::serde::rfc3339::option")]
    pub timestamp_time: Option<OffsetDateTime>,
    /// Revision in which the signature was made, counted from 1 (the file as first written is
    /// revision 1; each incremental update adds one). Text output and messages use the same
    /// number. (OFD signatures: their index in the package.)
    pub revision: usize,
    /// The PDF /ByteRange as written (offset, length pairs).
    pub byte_range: Option<Vec<i64>>,
    /// What the ByteRange covers.
    pub coverage: Coverage,
    /// Whether the signed bytes are the whole file as it is now.
    pub covers_whole_document: bool,
    /// What later revisions did, from this signature's point of view.
    pub modifications: ModificationLevel,
    /// DocMDP permission level when this is a certification signature.
    pub docmdp: Option<u8>,
    /// Every change after this signature, as judged.
    pub changes: Vec<Change>,
    /// The digest algorithm of the signature (`SHA-256`, `SM3`, …).
    pub digest_algorithm: Option<String>,
    /// The signature algorithm (`RSA-PKCS1-SHA256`, `SM2-SM3`, …).
    pub signature_algorithm: Option<String>,
    /// The bottom line (derived from `checks` by [`SignatureReport::finish`]).
    pub indication: Indication,
    /// Why, when not TOTAL_PASSED.
    pub sub_indication: Option<SubIndication>,
    /// Every check, in the order they ran.
    pub checks: Vec<Check>,
    /// Findings about this signature.
    pub findings: Vec<Finding>,
    /// Seal details for e-seals (SES); `None` for CMS signatures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal: Option<seal_block::SealBlock>,
    /// The issuing body of the issuer registry that made it (only when a registry is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<crate::issuers::IssuerMatch>,
    /// What the examination of a PDF signature's /Contents and /ByteRange established, before
    /// any policy was applied (not serialised: for embedders).
    #[serde(skip)]
    pub byte_range_facts: Option<crate::facts::byte_range::ByteRangeFacts>,
    /// What a PDF signature's modification analysis rests on: the changes after it, as the rules
    /// classified them, and the DocMDP/FieldMDP permissions (not serialised: for embedders).
    #[serde(skip)]
    pub modification_facts: Option<crate::facts::modification::ModificationFacts>,
    /// What the verification of an SES seal (in an OFD package, a bare SES file or a PDF
    /// /Contents) established, before any policy was applied (not serialised: for embedders).
    #[serde(skip)]
    pub seal_facts: Option<crate::facts::seal::SealFacts>,
}

impl SignatureReport {
    /// An empty entry to be filled by a verifier; `finish` sets the bottom line.
    pub fn new(kind: SignatureKind) -> Self {
        SignatureReport {
            field: None,
            kind,
            sub_filter: None,
            signer: None,
            signing_time: None,
            timestamp_time: None,
            revision: 0,
            byte_range: None,
            coverage: Coverage::Partial,
            covers_whole_document: false,
            modifications: ModificationLevel::None,
            docmdp: None,
            changes: Vec::new(),
            digest_algorithm: None,
            signature_algorithm: None,
            indication: Indication::Indeterminate,
            sub_indication: None,
            checks: Vec::new(),
            findings: Vec::new(),
            seal: None,
            issuer: None,
            byte_range_facts: None,
            modification_facts: None,
            seal_facts: None,
        }
    }

    /// Derives indication and sub-indication from the checks (see [`crate::verdict::conclude`]).
    pub fn finish(&mut self) {
        let (indication, sub) = crate::verdict::conclude(&self.checks);
        self.indication = indication;
        self.sub_indication = sub;
    }
}
