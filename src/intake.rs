//! Intake: decide what an upload really is from its bytes, never from its name.

use crate::report::DocumentKind;

/// How far into the file a PDF header may sit (Acrobat accepts junk before `%PDF-` within the
/// first 1024 bytes; so do we, and say so in a finding).
pub const PDF_HEADER_WINDOW: usize = 1024;

/// What sniffing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    pub kind: DocumentKind,
    /// Offset of `%PDF-` when the kind is PDF (non-zero means leading junk).
    pub pdf_header_offset: Option<usize>,
    /// The bytes also parse as another container (PDF that is also a zip, …).
    pub also: Vec<DocumentKind>,
}

/// Sniffs the real type of `bytes`.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let head = bytes
        .get(..bytes.len().min(PDF_HEADER_WINDOW))
        .unwrap_or(bytes);
    let pdf_header_offset = find(head, b"%PDF-");
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ofd = zip && looks_like_ofd(bytes);
    let image = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(DocumentKind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(DocumentKind::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(DocumentKind::Tiff)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        Some(DocumentKind::Webp)
    } else if is_bmp(bytes) {
        Some(DocumentKind::Bmp)
    } else {
        None
    };

    let mut candidates = Vec::new();
    // A file that starts with a well-known signature is that type first; a PDF header further in
    // makes it a polyglot rather than a PDF (viewers disagree on such files).
    if let Some(kind) = image {
        candidates.push(kind);
    }
    if ofd {
        candidates.push(DocumentKind::Ofd);
    }
    if pdf_header_offset.is_some() {
        candidates.push(DocumentKind::Pdf);
    }
    // A zip that is not an OFD but also carries a PDF header (or an end-of-central-directory
    // record in a PDF) is noted as a polyglot.
    if !ofd && (zip || has_zip_end_record(bytes)) && pdf_header_offset.is_some() {
        candidates.push(DocumentKind::Unknown);
    }
    let kind = candidates.first().copied().unwrap_or(DocumentKind::Unknown);
    let also = candidates.into_iter().skip(1).collect();
    Sniffed {
        kind,
        pdf_header_offset: if kind == DocumentKind::Pdf {
            pdf_header_offset
        } else {
            None
        },
        also,
    }
}

/// A Windows bitmap: `BM`, then a DIB header of one of the sizes the format defines (two
/// letters alone would also start many text files).
fn is_bmp(bytes: &[u8]) -> bool {
    let dib_size = bytes
        .get(14..18)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes);
    bytes.starts_with(b"BM") && matches!(dib_size, Some(12 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// Phone-camera picture formats that cannot be decoded (no kept pure-Rust decoder): HEIC
/// (HEVC in HEIF, iPhones) and AVIF (AV1 in HEIF). Named from the ISO-BMFF `ftyp` brands.
pub fn undecodable_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(4..8) != Some(b"ftyp".as_slice()) {
        return None;
    }
    let size = bytes
        .get(0..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(|b| u32::from_be_bytes(b) as usize)?;
    // Major brand, minor version, then compatible brands up to the box end.
    let brands = bytes.get(8..size.clamp(12, 256).min(bytes.len()))?;
    let has = |wanted: &[&[u8]]| {
        brands
            .chunks(4)
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .any(|(_, b)| wanted.contains(&b))
    };
    if has(&[b"avif", b"avis"]) {
        Some("AVIF")
    } else if has(&[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    ]) {
        Some("HEIC")
    } else {
        None
    }
}

/// An OFD package names `OFD.xml` at its root; its local file header is usually first.
fn looks_like_ofd(bytes: &[u8]) -> bool {
    // Local file header: name length at 26..28, name at 30.
    let name_len = match (bytes.get(26), bytes.get(27)) {
        (Some(&lo), Some(&hi)) => u16::from_le_bytes([lo, hi]) as usize,
        _ => return false,
    };
    if bytes
        .get(30..30 + name_len)
        .is_some_and(|n| n.eq_ignore_ascii_case(b"OFD.xml"))
    {
        return true;
    }
    // Otherwise look for the name in the central directory (bounded: the tail of the file).
    let tail_start = bytes.len().saturating_sub(1 << 20);
    bytes
        .get(tail_start..)
        .is_some_and(|tail| find(tail, b"OFD.xml").is_some())
}

fn has_zip_end_record(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(65_557);
    bytes
        .get(tail_start..)
        .is_some_and(|tail| find(tail, b"PK\x05\x06").is_some())
}

/// First position of `needle` in `haystack` (SIMD search: whole-file scans stay cheap).
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(haystack, needle)
}

/// Last position of `needle` in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::rfind(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_with_leading_junk() {
        let s = sniff(b"garbage\n%PDF-1.7\n");
        assert_eq!(s.kind, DocumentKind::Pdf);
        assert_eq!(s.pdf_header_offset, Some(8));
    }

    #[test]
    fn pdf_header_too_far_is_unknown() {
        let mut bytes = vec![b' '; 2000];
        bytes.extend_from_slice(b"%PDF-1.7");
        assert_eq!(sniff(&bytes).kind, DocumentKind::Unknown);
    }

    #[test]
    fn images_by_magic() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).kind, DocumentKind::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nxxxx").kind, DocumentKind::Png);
        assert_eq!(sniff(b"II*\0xxxx").kind, DocumentKind::Tiff);
        assert_eq!(sniff(b"MM\0*xxxx").kind, DocumentKind::Tiff);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").kind, DocumentKind::Webp);
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 12]);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        assert_eq!(sniff(&bmp).kind, DocumentKind::Bmp);
        assert_eq!(
            sniff(b"BMW drivers manual, page one").kind,
            DocumentKind::Unknown
        );
    }

    #[test]
    fn phone_formats_are_named() {
        let mut heic = 24u32.to_be_bytes().to_vec();
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert_eq!(undecodable_image(&heic), Some("HEIC"));
        assert_eq!(sniff(&heic).kind, DocumentKind::Unknown);
        let mut avif = 28u32.to_be_bytes().to_vec();
        avif.extend_from_slice(b"ftypavif\0\0\0\0avifmif1miaf");
        assert_eq!(undecodable_image(&avif), Some("AVIF"));
        let mut mp4 = 20u32.to_be_bytes().to_vec();
        mp4.extend_from_slice(b"ftypisom\0\0\0\0mp41");
        assert_eq!(undecodable_image(&mp4), None);
        assert_eq!(undecodable_image(b"ftyp"), None);
    }

    #[test]
    fn ofd_by_root_entry() {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 22]);
        zip.extend_from_slice(&7u16.to_le_bytes());
        zip.extend_from_slice(&[0, 0]);
        zip.extend_from_slice(b"OFD.xml");
        assert_eq!(sniff(&zip).kind, DocumentKind::Ofd);
    }

    #[test]
    fn pdf_that_is_also_a_zip_is_flagged() {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0; 18]);
        let s = sniff(&bytes);
        assert_eq!(s.kind, DocumentKind::Pdf);
        assert_eq!(s.also, vec![DocumentKind::Unknown]);
    }

    #[test]
    fn empty_and_random_are_unknown() {
        assert_eq!(sniff(b"").kind, DocumentKind::Unknown);
        assert_eq!(sniff(b"hello world").kind, DocumentKind::Unknown);
    }
}
