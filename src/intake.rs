//! Intake: decide what an upload really is from its bytes, never from its name.

use crate::byte_search::find;
use crate::report::DocumentKind;

/// How far into the file a PDF header may sit (Acrobat accepts junk before `%PDF-` within the
/// first 1024 bytes; so do we, and say so in a finding).
pub const PDF_HEADER_WINDOW: usize = 1024;

/// What sniffing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// The real type of the bytes.
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
    // An OFD is recognised by its local header or by its central directory, so that bytes put
    // in front of the archive make it an ambiguous OFD (reported as such), not an unknown file.
    let ofd = (zip && looks_like_ofd(bytes)) || central_directory_names_ofd(bytes);
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
    // makes it a polyglot rather than a PDF (viewers disagree on such files). An OFD archive
    // that does not start at offset 0 comes after a PDF that does.
    if let Some(kind) = image {
        candidates.push(kind);
    }
    if ofd && (zip || pdf_header_offset.is_none()) {
        candidates.push(DocumentKind::Ofd);
    }
    if pdf_header_offset.is_some() {
        candidates.push(DocumentKind::Pdf);
    }
    if ofd && !zip && pdf_header_offset.is_some() {
        candidates.push(DocumentKind::Ofd);
    }
    // Another file appended after an OFD's end record: whatever it is, the upload is two things.
    if ofd && zip {
        for kind in appended_kinds(bytes) {
            if !candidates.contains(&kind) {
                candidates.push(kind);
            }
        }
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

/// The central directory (found through the end record) lists `OFD.xml` at the package root.
fn central_directory_names_ofd(bytes: &[u8]) -> bool {
    let Some(cd) = crate::seal::zip_layout::central_directory(bytes) else {
        return false;
    };
    // Central header: name length at 28..30, name at 46.
    let mut at = 0usize;
    let mut budget = 1usize << 20;
    while let Some(rest) = cd.get(at..) {
        if !rest.starts_with(b"PK\x01\x02") || budget == 0 {
            break;
        }
        budget -= 1;
        let field = |off: usize| {
            rest.get(off..off + 2)
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map(|b| u16::from_le_bytes(b) as usize)
        };
        let (Some(name_len), Some(extra), Some(comment)) = (field(28), field(30), field(32)) else {
            break;
        };
        let name = rest.get(46..46 + name_len).unwrap_or(&[]);
        let name = name.strip_prefix(b"/").unwrap_or(name);
        if name.eq_ignore_ascii_case(b"OFD.xml") {
            return true;
        }
        at += 46 + name_len + extra + comment;
    }
    false
}

/// What follows a zip archive's end record, as document kinds (`Unknown` for bytes that are no
/// known format).
fn appended_kinds(bytes: &[u8]) -> Vec<DocumentKind> {
    let Some(stop) = crate::seal::zip_layout::end_of_archive(bytes) else {
        return Vec::new();
    };
    let Some(tail) = bytes.get(stop..).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let mut kinds = Vec::new();
    if tail.starts_with(&[0xFF, 0xD8, 0xFF]) {
        kinds.push(DocumentKind::Jpeg);
    } else if tail.starts_with(b"\x89PNG\r\n\x1a\n") {
        kinds.push(DocumentKind::Png);
    } else if tail.starts_with(b"II*\0") || tail.starts_with(b"MM\0*") {
        kinds.push(DocumentKind::Tiff);
    }
    if find(tail, b"%PDF-").is_some() {
        kinds.push(DocumentKind::Pdf);
    }
    if kinds.is_empty() {
        kinds.push(DocumentKind::Unknown);
    }
    kinds
}

fn has_zip_end_record(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(65_557);
    bytes
        .get(tail_start..)
        .is_some_and(|tail| find(tail, b"PK\x05\x06").is_some())
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

    fn ofd_zip(first: &str) -> Vec<u8> {
        crate::seal::package::tests::build_zip(&[(first, b"x"), ("OFD.xml", b"<OFD/>")])
    }

    #[test]
    fn ofd_found_through_the_central_directory() {
        // OFD.xml is not the first local entry, and junk sits in front of the archive.
        let zip = ofd_zip("Doc_0/Document.xml");
        assert_eq!(sniff(&zip).kind, DocumentKind::Ofd);
        let mut prefixed = vec![b'#'; 100];
        prefixed.extend_from_slice(&zip);
        let s = sniff(&prefixed);
        assert_eq!(s.kind, DocumentKind::Ofd);
        assert!(s.also.is_empty());
        // A plain zip is not an OFD.
        let plain = crate::seal::package::tests::build_zip(&[("a.txt", b"x")]);
        assert_eq!(sniff(&plain).kind, DocumentKind::Unknown);
    }

    #[test]
    fn appended_formats_make_an_ofd_a_polyglot() {
        let zip = ofd_zip("a");
        assert!(sniff(&zip).also.is_empty());
        for (tail, kind) in [
            (&b"%PDF-1.7\n%%EOF\n"[..], DocumentKind::Pdf),
            (&[0xFF, 0xD8, 0xFF, 0xE0][..], DocumentKind::Jpeg),
            (&b"\x89PNG\r\n\x1a\n"[..], DocumentKind::Png),
            (&b"whatever"[..], DocumentKind::Unknown),
        ] {
            let mut bytes = zip.clone();
            bytes.extend_from_slice(tail);
            let s = sniff(&bytes);
            assert_eq!(s.kind, DocumentKind::Ofd);
            assert_eq!(s.also, vec![kind]);
        }
    }

    #[test]
    fn pdf_with_an_ofd_inside_is_a_pdf_and_an_ofd() {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend_from_slice(&ofd_zip("a"));
        let s = sniff(&bytes);
        assert_eq!(s.kind, DocumentKind::Pdf);
        assert!(s.also.contains(&DocumentKind::Ofd));
    }

    #[test]
    fn empty_and_random_are_unknown() {
        assert_eq!(sniff(b"").kind, DocumentKind::Unknown);
        assert_eq!(sniff(b"hello world").kind, DocumentKind::Unknown);
    }
}
