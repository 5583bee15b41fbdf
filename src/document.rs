//! The document the verifier reads: its bytes, and what the verifier tells whoever holds them.
//!
//! A few passes read every byte of a document: the whole-file fingerprint, the signed parts of
//! each signature, the search for signature dictionaries no field points to. When the holder
//! memory-maps a large upload, every page read stays counted in the process's memory until it
//! is unmapped, so peak memory would grow with the file. These passes therefore go chunk by
//! chunk and report each chunk they are done with; a holder that maps the file may drop those
//! pages (a later read faults them back in from the page cache), which keeps peak memory flat
//! whatever the file size. Holders of plain buffers ignore the report.

use std::ops::Range;

/// Bytes of one document, as the verifier sees them.
pub trait Document: Sync {
    /// The whole document.
    fn bytes(&self) -> &[u8];

    /// The verifier has read `range` of [`Document::bytes`] through (hashed or searched it)
    /// and does not expect to read it again soon. Dropping those pages must never change what
    /// `bytes` returns; the default keeps them.
    fn done_with(&self, range: Range<usize>) {
        let _ = range;
    }
}

impl Document for [u8] {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl Document for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl Document for Box<[u8]> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl<D: Document + ?Sized> Document for &D {
    fn bytes(&self) -> &[u8] {
        (**self).bytes()
    }

    fn done_with(&self, range: Range<usize>) {
        (**self).done_with(range)
    }
}

/// Bytes read between two [`Document::done_with`] reports: large enough that a report costs
/// nothing next to the reading, small enough that little is resident at any time.
pub const READ_CHUNK: usize = 1 << 20;
