//! Policy (what is acceptable) and Limits (how much work hostile input may cause).

use serde::{Deserialize, Serialize};

/// Resource bounds. Every parser takes them from here; hitting one is a finding with its own
/// code (`LIMIT_*`), never a panic or an unbounded allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest upload accepted, in bytes.
    pub max_file_size: u64,
    /// Incremental revisions (startxref sections) followed in one PDF.
    pub max_revisions: usize,
    /// Objects (xref entries) in one PDF.
    pub max_objects: usize,
    /// Nesting depth of arrays/dictionaries (PDF) or constructed values (ASN.1).
    pub max_depth: usize,
    /// Decompressed bytes of a single stream.
    pub max_stream_bytes: u64,
    /// Decompressed bytes across all streams of one document.
    pub max_total_decompressed: u64,
    /// Signature fields/dictionaries examined in one document.
    pub max_signatures: usize,
    /// Certificates taken from one CMS structure.
    pub max_cms_certificates: usize,
    /// Attributes in one signed or unsigned attribute set.
    pub max_cms_attributes: usize,
    /// Candidate certificates tried while building paths, across one signature.
    pub max_path_work: usize,
    /// Longest certificate path, anchors included.
    pub max_path_length: usize,
    /// Zip entries in an OFD package.
    pub max_zip_entries: usize,
    /// Inflated bytes of an OFD package in total.
    pub max_zip_inflated: u64,
    /// Largest inflated/compressed ratio of one zip entry.
    pub max_zip_ratio: u64,
    /// Pixels (width × height) of one image.
    pub max_image_pixels: u64,
    /// Bytes the PDF parser may read in total, as a multiple of the file size (plus 16 MiB):
    /// hostile cross-references can point many objects into one huge token, and each would be
    /// read again.
    #[serde(default = "default_parse_work_per_byte")]
    pub parse_work_per_byte: u64,
    /// Facts (names, ID numbers, dates…) kept from one upload's evidence.
    #[serde(default = "default_max_evidence_facts")]
    pub max_evidence_facts: usize,
}

fn default_max_evidence_facts() -> usize {
    512
}

fn default_parse_work_per_byte() -> u64 {
    32
}

impl Limits {
    /// Bytes the PDF parser may read for a file of `file_len` bytes.
    pub fn parse_work_budget(&self, file_len: usize) -> u64 {
        (file_len as u64)
            .saturating_mul(self.parse_work_per_byte)
            .saturating_add(16 << 20)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 256 * 1024 * 1024,
            max_revisions: 512,
            max_objects: 2_000_000,
            max_depth: 64,
            max_stream_bytes: 64 * 1024 * 1024,
            max_total_decompressed: 512 * 1024 * 1024,
            max_signatures: 256,
            max_cms_certificates: 64,
            max_cms_attributes: 64,
            max_path_work: 256,
            max_path_length: 8,
            max_zip_entries: 10_000,
            max_zip_inflated: 512 * 1024 * 1024,
            max_zip_ratio: 200,
            max_image_pixels: 100_000_000,
            parse_work_per_byte: default_parse_work_per_byte(),
            max_evidence_facts: default_max_evidence_facts(),
        }
    }
}

/// The finding code of each limit, one per field of [`Limits`]. A limit that was hit is
/// reported with its code (severity warning: the rest of the report is still produced, and the
/// checks that could not run say so themselves).
pub mod limit_codes {
    /// A file larger than `max_file_size`.
    pub const FILE_SIZE: &str = "LIMIT_FILE_SIZE";
    /// More incremental updates than `max_revisions`.
    pub const REVISIONS: &str = "LIMIT_REVISIONS";
    /// More objects than `max_objects`.
    pub const OBJECTS: &str = "LIMIT_OBJECTS";
    /// Nesting deeper than `max_depth`.
    pub const DEPTH: &str = "LIMIT_DEPTH";
    /// A stream larger than `max_stream_bytes`.
    pub const STREAM_SIZE: &str = "LIMIT_STREAM_SIZE";
    /// More decompressed bytes in one document than `max_total_decompressed`.
    pub const TOTAL_DECOMPRESSED: &str = "LIMIT_TOTAL_DECOMPRESSED";
    /// More signatures than `max_signatures`.
    pub const SIGNATURES: &str = "LIMIT_SIGNATURES";
    /// More certificates in one CMS than `max_cms_certificates`.
    pub const CMS_CERTIFICATES: &str = "LIMIT_CMS_CERTIFICATES";
    /// More signed or unsigned attributes than `max_cms_attributes`.
    pub const CMS_ATTRIBUTES: &str = "LIMIT_CMS_ATTRIBUTES";
    /// Path building tried more candidates than `max_path_work`.
    pub const PATH_WORK: &str = "LIMIT_PATH_WORK";
    /// A certification path longer than `max_path_length`.
    pub const PATH_LENGTH: &str = "LIMIT_PATH_LENGTH";
    /// More zip entries than `max_zip_entries`.
    pub const ZIP_ENTRIES: &str = "LIMIT_ZIP_ENTRIES";
    /// More inflated bytes in an OFD package than `max_zip_inflated`.
    pub const ZIP_INFLATED: &str = "LIMIT_ZIP_INFLATED";
    /// A zip entry inflating more than `max_zip_ratio` times its size.
    pub const ZIP_RATIO: &str = "LIMIT_ZIP_RATIO";
    /// A picture with more pixels than `max_image_pixels`.
    pub const IMAGE_PIXELS: &str = "LIMIT_IMAGE_PIXELS";
    /// The PDF parser read more than `parse_work_budget` allows (`parse_work_per_byte`).
    pub const PARSE_WORK: &str = "LIMIT_PARSE_WORK";
    /// An upload yielded more facts than `max_evidence_facts` (the rest are not read).
    pub const EVIDENCE_FACTS: &str = "LIMIT_EVIDENCE_FACTS";

    /// Every code, for documentation and for tests that check codes are known.
    pub const ALL: [&str; 17] = [
        FILE_SIZE,
        REVISIONS,
        OBJECTS,
        DEPTH,
        STREAM_SIZE,
        TOTAL_DECOMPRESSED,
        SIGNATURES,
        CMS_CERTIFICATES,
        CMS_ATTRIBUTES,
        PATH_WORK,
        PATH_LENGTH,
        ZIP_ENTRIES,
        ZIP_INFLATED,
        ZIP_RATIO,
        IMAGE_PIXELS,
        PARSE_WORK,
        EVIDENCE_FACTS,
    ];
}

/// A finding for a limit that was hit (`code` from [`limit_codes`]).
pub fn limit_finding(
    code: &str,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> crate::verdict::Finding {
    crate::verdict::Finding::new(
        code,
        crate::verdict::Severity::Warning,
        crate::verdict::Text::new(en, zh),
    )
}

/// What the verifier accepts. Inputs to verification, like the trust anchors and the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Accept SHA-1 as message digest / signature hash (default: no → CRYPTO_CONSTRAINTS_FAILURE).
    pub allow_sha1: bool,
    /// Smallest RSA modulus accepted, in bits.
    pub min_rsa_bits: usize,
    /// Without any revocation data: INDETERMINATE TRY_LATER instead of a passed-with-finding.
    pub require_revocation: bool,
    /// How much work hostile input may cause.
    pub limits: Limits,
    /// Image quality thresholds and OCR (see docs/images.md).
    #[serde(default)]
    pub image: crate::image::ImagePolicy,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow_sha1: false,
            min_rsa_bits: 2048,
            require_revocation: false,
            limits: Limits::default(),
            image: crate::image::ImagePolicy::default(),
        }
    }
}
