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
        }
    }
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
    pub limits: Limits,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow_sha1: false,
            min_rsa_bits: 2048,
            require_revocation: false,
            limits: Limits::default(),
        }
    }
}
