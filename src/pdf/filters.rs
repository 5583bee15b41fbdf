//! Stream decoding with a hard output limit (deflate bombs stop at the limit, not at OOM).

use std::io::Read;

use super::object::{Dict, Object};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("stream decodes to more than {0} bytes")]
    TooLarge(u64),
    #[error("unsupported filter {0}")]
    Unsupported(String),
    #[error("corrupt {0} data")]
    Corrupt(&'static str),
}

/// Decodes `raw` according to the stream dictionary's /Filter and /DecodeParms, producing at
/// most `limit` bytes.
pub fn decode(dict: &Dict, raw: &[u8], limit: u64) -> Result<Vec<u8>, FilterError> {
    let filters: Vec<&[u8]> = match dict.get(b"Filter") {
        None | Some(Object::Null) => Vec::new(),
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(Object::as_name).collect(),
        Some(_) => return Err(FilterError::Unsupported("(non-name filter)".into())),
    };
    let parms: Vec<Option<&Dict>> = match dict.get(b"DecodeParms") {
        Some(Object::Dict(d)) => vec![Some(d)],
        Some(Object::Array(a)) => a.iter().map(Object::as_dict).collect(),
        _ => Vec::new(),
    };
    if filters.is_empty() {
        if raw.len() as u64 > limit {
            return Err(FilterError::TooLarge(limit));
        }
        return Ok(raw.to_vec());
    }
    let mut data: Option<Vec<u8>> = None;
    for (i, filter) in filters.iter().enumerate() {
        let input = data.as_deref().unwrap_or(raw);
        let parm = parms.get(i).copied().flatten();
        let out = match *filter {
            b"FlateDecode" | b"Fl" => {
                let inflated = inflate(input, limit)?;
                apply_predictor(inflated, parm)?
            }
            other => {
                return Err(FilterError::Unsupported(
                    String::from_utf8_lossy(other).into_owned(),
                ))
            }
        };
        data = Some(out);
    }
    Ok(data.unwrap_or_default())
}

/// zlib (or raw deflate when the zlib header is missing) with an output cap.
pub fn inflate(input: &[u8], limit: u64) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let cap = limit.saturating_add(1);
    let zlib_header = matches!(input, [cmf, flg, ..] if cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0);
    let result = if zlib_header {
        flate2::read::ZlibDecoder::new(input)
            .take(cap)
            .read_to_end(&mut out)
    } else {
        flate2::read::DeflateDecoder::new(input)
            .take(cap)
            .read_to_end(&mut out)
    };
    if out.len() as u64 > limit {
        return Err(FilterError::TooLarge(limit));
    }
    match result {
        Ok(_) => Ok(out),
        // Many writers leave a truncated or checksum-less tail: keep what decoded.
        Err(_) if !out.is_empty() => Ok(out),
        Err(_) => Err(FilterError::Corrupt("Flate")),
    }
}

/// PNG (10..15) predictors as used by cross-reference streams; TIFF predictor 2 is rare there.
fn apply_predictor(data: Vec<u8>, parm: Option<&Dict>) -> Result<Vec<u8>, FilterError> {
    let Some(parm) = parm else { return Ok(data) };
    let predictor = parm.int(b"Predictor").unwrap_or(1);
    if predictor < 10 {
        return if predictor <= 1 {
            Ok(data)
        } else {
            Err(FilterError::Unsupported(format!("Predictor {predictor}")))
        };
    }
    let columns = usize::try_from(parm.int(b"Columns").unwrap_or(1))
        .unwrap_or(1)
        .max(1);
    let colors = usize::try_from(parm.int(b"Colors").unwrap_or(1))
        .unwrap_or(1)
        .clamp(1, 32);
    let bpc = usize::try_from(parm.int(b"BitsPerComponent").unwrap_or(8))
        .unwrap_or(8)
        .clamp(1, 16);
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row_len = columns
        .checked_mul(colors)
        .and_then(|v| v.checked_mul(bpc))
        .map(|bits| bits.div_ceil(8))
        .ok_or(FilterError::Corrupt("predictor"))?;
    if row_len == 0 || row_len > data.len() {
        return if data.is_empty() {
            Ok(data)
        } else {
            Err(FilterError::Corrupt("predictor"))
        };
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let Some((&kind, row)) = chunk.split_first() else {
            break;
        };
        let mut cur = row.to_vec();
        cur.resize(row_len, 0);
        for i in 0..row_len {
            let left = if i >= bpp {
                cur.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let up = prev.get(i).copied().unwrap_or(0);
            let up_left = if i >= bpp {
                prev.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let x = cur.get(i).copied().unwrap_or(0);
            let v = match kind {
                0 => x,
                1 => x.wrapping_add(left),
                2 => x.wrapping_add(up),
                3 => x.wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => x.wrapping_add(paeth(left, up, up_left)),
                _ => return Err(FilterError::Corrupt("PNG predictor")),
            };
            if let Some(slot) = cur.get_mut(i) {
                *slot = v;
            }
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let pa = (p - i16::from(a)).abs();
    let pb = (p - i16::from(b)).abs();
    let pc = (p - i16::from(c)).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn flate_dict() -> Dict {
        let mut d = Dict::new();
        d.insert(b"Filter".to_vec(), Object::Name(b"FlateDecode".to_vec()));
        d
    }

    #[test]
    fn inflates() {
        let z = zlib(b"hello hello hello");
        assert_eq!(
            decode(&flate_dict(), &z, 1000).unwrap(),
            b"hello hello hello"
        );
    }

    #[test]
    fn bomb_stops_at_limit() {
        let z = zlib(&vec![0u8; 10_000_000]);
        assert_eq!(
            decode(&flate_dict(), &z, 1 << 20),
            Err(FilterError::TooLarge(1 << 20))
        );
    }

    #[test]
    fn png_up_predictor() {
        // Two rows of 3 columns, filter type 2 (Up).
        let raw = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let z = zlib(&raw);
        let mut d = flate_dict();
        let mut p = Dict::new();
        p.insert(b"Predictor".to_vec(), Object::Int(12));
        p.insert(b"Columns".to_vec(), Object::Int(3));
        d.insert(b"DecodeParms".to_vec(), Object::Dict(p));
        assert_eq!(decode(&d, &z, 100).unwrap(), vec![1, 2, 3, 2, 3, 4]);
    }
}
