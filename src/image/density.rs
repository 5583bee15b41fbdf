//! The resolution a scan declares: JPEG JFIF density, PNG pHYs. Used to check a catalog's
//! minimum scan resolution; a scan that declares nothing is reported as unknown, not guessed.

/// Pixel size and declared density of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImageInfo {
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Dots per inch (horizontal, vertical), when declared in physical units.
    pub dpi: Option<(u32, u32)>,
}

impl ImageInfo {
    /// The smaller of the two declared densities.
    pub fn min_dpi(&self) -> Option<u32> {
        self.dpi.map(|(x, y)| x.min(y))
    }
}

/// Segments of a JPEG header examined before giving up.
const MAX_JPEG_SEGMENTS: usize = 64;

/// Reads what `bytes` declare; unknown formats give an empty [`ImageInfo`].
pub fn inspect(bytes: &[u8]) -> ImageInfo {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else {
        ImageInfo::default()
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

fn jpeg(b: &[u8]) -> ImageInfo {
    let mut info = ImageInfo::default();
    let mut pos = 2usize;
    for _ in 0..MAX_JPEG_SEGMENTS {
        if b.get(pos) != Some(&0xFF) {
            break;
        }
        let marker = match b.get(pos + 1) {
            Some(m) => *m,
            None => break,
        };
        // Standalone markers have no length.
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            pos += 2;
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            break;
        }
        let len = match be16(b, pos + 2) {
            Some(l) if l >= 2 => usize::from(l),
            _ => break,
        };
        let seg = pos + 4;
        if marker == 0xE0 && b.get(seg..seg + 5) == Some(b"JFIF\0") {
            let units = b.get(seg + 7).copied();
            if let (Some(x), Some(y)) = (be16(b, seg + 8), be16(b, seg + 10)) {
                let (x, y) = (u32::from(x), u32::from(y));
                info.dpi = match units {
                    Some(1) => Some((x, y)),
                    Some(2) => Some(((x * 254 + 50) / 100, (y * 254 + 50) / 100)),
                    _ => None, // 0: aspect ratio only
                };
            }
        }
        // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) carry the frame size.
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            info.height = be16(b, seg + 1).map(u32::from);
            info.width = be16(b, seg + 3).map(u32::from);
        }
        pos = match pos.checked_add(2 + len) {
            Some(p) => p,
            None => break,
        };
    }
    info
}

fn png(b: &[u8]) -> ImageInfo {
    let mut info = ImageInfo::default();
    let mut pos = 8usize;
    // Chunks before the image data; pHYs must precede IDAT.
    for _ in 0..MAX_JPEG_SEGMENTS {
        let len = match be32(b, pos) {
            Some(l) => l as usize,
            None => break,
        };
        let kind = b.get(pos + 4..pos + 8);
        let data = pos + 8;
        match kind {
            Some(b"IHDR") => {
                info.width = be32(b, data);
                info.height = be32(b, data + 4);
            }
            Some(b"pHYs") if b.get(data + 8) == Some(&1) => {
                // Pixels per metre → dots per inch (1 in = 0.0254 m), rounded.
                if let (Some(x), Some(y)) = (be32(b, data), be32(b, data + 4)) {
                    let to_dpi = |ppm: u32| ((u64::from(ppm) * 254 + 5000) / 10_000) as u32;
                    info.dpi = Some((to_dpi(x), to_dpi(y)));
                }
            }
            Some(b"IDAT") | Some(b"IEND") | None => break,
            _ => {}
        }
        pos = match data.checked_add(len).and_then(|p| p.checked_add(4)) {
            Some(p) => p,
            None => break,
        };
    }
    info
}

/// Test support: a minimal JPEG header with a JFIF density in dots per inch and a frame size.
#[doc(hidden)]
pub fn jfif_header_for_tests(dpi: u16, width: u16, height: u16) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    b.extend_from_slice(b"JFIF\0");
    b.extend_from_slice(&[1, 1, 1]);
    b.extend_from_slice(&dpi.to_be_bytes());
    b.extend_from_slice(&dpi.to_be_bytes());
    b.extend_from_slice(&[0, 0]);
    b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8]);
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    b.extend_from_slice(&[0xFF, 0xD9]);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jfif_density_and_size() {
        let info = inspect(&jfif_header_for_tests(300, 2480, 3508));
        assert_eq!(info.dpi, Some((300, 300)));
        assert_eq!((info.width, info.height), (Some(2480), Some(3508)));
        assert_eq!(info.min_dpi(), Some(300));
    }

    #[test]
    fn jfif_dots_per_cm_and_aspect_only() {
        let mut b = jfif_header_for_tests(118, 10, 10);
        b[13] = 2; // dots per cm
        assert_eq!(inspect(&b).dpi, Some((300, 300)));
        b[13] = 0; // aspect ratio only: no physical density
        assert_eq!(inspect(&b).dpi, None);
    }

    #[test]
    fn png_phys() {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend_from_slice(&13u32.to_be_bytes());
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&640u32.to_be_bytes());
        b.extend_from_slice(&480u32.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b.extend_from_slice(&9u32.to_be_bytes());
        b.extend_from_slice(b"pHYs");
        b.extend_from_slice(&3780u32.to_be_bytes()); // 96 dpi
        b.extend_from_slice(&3780u32.to_be_bytes());
        b.extend_from_slice(&[1, 0, 0, 0, 0]);
        let info = inspect(&b);
        assert_eq!(info.dpi, Some((96, 96)));
        assert_eq!(info.width, Some(640));
    }

    #[test]
    fn truncated_inputs_do_not_panic() {
        let full = jfif_header_for_tests(300, 100, 100);
        for n in 0..full.len() {
            let _ = inspect(&full[..n]);
        }
        let _ = inspect(&[0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF]);
        let _ = inspect(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xffpHYs");
    }
}
