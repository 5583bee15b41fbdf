//! Decoding an upload into its grayscale working copy, inside [`Limits`].
//!
//! The pixel count is read from the header and checked before any pixel buffer exists; the
//! decoders get an allocation ceiling on top. JPEG (most uploads) is decoded by zune-jpeg
//! straight to luminance, which skips chroma upsampling and colour conversion; the other
//! formats go through the `image` crate and are converted to gray here. Data that ends early
//! is still measured: the decoders leave what they decoded in the buffer.

use std::io::Cursor;

use image::{ColorType, ImageDecoder, ImageFormat, ImageReader};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use super::gray::Gray;
use crate::policy::Limits;
use crate::report::DocumentKind;

/// Bytes per pixel the `image` decoders may hold at once (RGBA, 16 bits per channel).
const DECODER_BYTES_PER_PIXEL: u64 = 8;

/// Why a picture yields no pixels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("{width} × {height} pixels exceed the limit of {limit}")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("cannot be decoded: {0}")]
    Undecodable(String),
}

/// A decoded picture, reduced to the working copy.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Size of the stored picture (before orientation).
    pub width: u32,
    pub height: u32,
    /// Gray working copy, long side at most the policy's, not yet oriented.
    pub working: Gray,
    /// The data ended early (or broke off); the rest of the picture is filler.
    pub truncated: bool,
}

/// Decodes `bytes` of `kind` and shrinks it to a working copy with a long side of at most
/// `long_side` pixels.
pub fn decode(
    bytes: &[u8],
    kind: DocumentKind,
    limits: &Limits,
    long_side: u32,
) -> Result<Decoded, DecodeError> {
    match kind {
        DocumentKind::Jpeg => decode_jpeg(bytes, limits, long_side),
        _ => {
            let format = match kind {
                DocumentKind::Png => ImageFormat::Png,
                DocumentKind::Tiff => ImageFormat::Tiff,
                DocumentKind::Webp => ImageFormat::WebP,
                DocumentKind::Bmp => ImageFormat::Bmp,
                other => {
                    return Err(DecodeError::Undecodable(format!(
                        "{} is not an image format",
                        other.as_str()
                    )))
                }
            };
            decode_generic(bytes, format, limits, long_side)
        }
    }
}

fn check_pixels(width: u32, height: u32, limits: &Limits) -> Result<(), DecodeError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_image_pixels {
        return Err(DecodeError::TooManyPixels {
            width,
            height,
            limit: limits.max_image_pixels,
        });
    }
    if pixels == 0 {
        return Err(DecodeError::Undecodable("the picture has no pixels".into()));
    }
    Ok(())
}

fn decode_jpeg(bytes: &[u8], limits: &Limits, long_side: u32) -> Result<Decoded, DecodeError> {
    // The frame header alone says how large the picture is; a file that declares too many
    // pixels is refused before the decoder sees it (it may not even have scan data).
    let declared = super::density::inspect(bytes);
    if let (Some(w), Some(h)) = (declared.width, declared.height) {
        check_pixels(w, h, limits)?;
    }
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .set_strict_mode(false);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder
        .decode_headers()
        .map_err(|e| DecodeError::Undecodable(format!("JPEG header: {e}")))?;
    let (width, height) = decoder
        .dimensions()
        .map(|(w, h)| (w as u32, h as u32))
        .ok_or_else(|| DecodeError::Undecodable("JPEG header without a frame size".into()))?;
    check_pixels(width, height, limits)?;
    let size = decoder
        .output_buffer_size()
        .ok_or_else(|| DecodeError::Undecodable("JPEG frame size overflows".into()))?;
    // Luma output is one byte per pixel; anything else means the decoder ignored the request.
    if size as u64 != u64::from(width) * u64::from(height) {
        return Err(DecodeError::Undecodable(
            "JPEG colour space cannot be read as gray".into(),
        ));
    }
    let mut pixels = vec![0u8; size];
    let broke_off = decoder.decode_into(&mut pixels).is_err();
    // A JPEG ends with EOI; zune-jpeg pads a cut-off scan with gray and says nothing, so the
    // marker is what tells.
    let ends_properly = crate::byte_search::rfind(tail(bytes, 1 << 16), &[0xFF, 0xD9]).is_some();
    let truncated = broke_off || !ends_properly;
    finish(width, height, pixels, truncated, long_side)
}

/// The last `n` bytes.
fn tail(bytes: &[u8], n: usize) -> &[u8] {
    bytes.get(bytes.len().saturating_sub(n)..).unwrap_or(bytes)
}

fn finish(
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    truncated: bool,
    long_side: u32,
) -> Result<Decoded, DecodeError> {
    let full = Gray::new(width, height, pixels)
        .ok_or_else(|| DecodeError::Undecodable("pixel buffer of the wrong size".into()))?;
    let factor = Gray::factor_for(width, height, long_side);
    let working = if factor > 1 {
        full.shrink(factor)
    } else {
        full
    };
    Ok(Decoded {
        width,
        height,
        working,
        truncated,
    })
}

fn decode_generic(
    bytes: &[u8],
    format: ImageFormat,
    limits: &Limits,
    long_side: u32,
) -> Result<Decoded, DecodeError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(
        limits
            .max_image_pixels
            .saturating_mul(DECODER_BYTES_PER_PIXEL),
    );
    reader.limits(decoder_limits);
    let decoder = reader.into_decoder().map_err(|e| undecodable(format, &e))?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, limits)?;
    let color = decoder.color_type();
    let total = usize::try_from(decoder.total_bytes())
        .map_err(|_| DecodeError::Undecodable("picture too large for this machine".into()))?;
    let mut buf = vec![0u8; total];
    let truncated = decoder.read_image(&mut buf).is_err();
    let mut gray = to_gray(&buf, color)?;
    drop(buf);
    let declared_height = height;
    let mut height = height;
    if truncated {
        // Decoders fill rows they never reached with zeros: measure the rows that arrived.
        let row = width as usize;
        let decoded_rows = gray
            .chunks_exact(row.max(1))
            .rposition(|r| r.iter().any(|&v| v != 0))
            .map_or(0, |last| last + 1);
        if decoded_rows > 0 {
            gray.truncate(decoded_rows * row);
            height = decoded_rows as u32;
        }
    }
    let mut decoded = finish(width, height, gray, truncated, long_side)?;
    decoded.height = declared_height;
    Ok(decoded)
}

fn undecodable(format: ImageFormat, e: &image::ImageError) -> DecodeError {
    DecodeError::Undecodable(format!("{format:?}: {e}"))
}

/// Luminance (ITU-R BT.601 weights, as JPEG uses) of every pixel; alpha is composited onto
/// white paper, the way a viewer shows a transparent scan.
fn to_gray(buf: &[u8], color: ColorType) -> Result<Vec<u8>, DecodeError> {
    let luma = |r: f32, g: f32, b: f32| 0.299 * r + 0.587 * g + 0.114 * b;
    let over_white = |v: f32, a: f32| v * a + 255.0 * (1.0 - a);
    let u16s = |c: &[u8]| -> Vec<f32> {
        c.chunks_exact(2)
            .map(|p| {
                f32::from(u16::from_ne_bytes([
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                ])) / 257.0
            })
            .collect()
    };
    let f32s = |c: &[u8]| -> Vec<f32> {
        c.chunks_exact(4)
            .map(|p| {
                let mut b = [0u8; 4];
                b.iter_mut().zip(p).for_each(|(d, s)| *d = *s);
                (f32::from_ne_bytes(b) * 255.0).clamp(0.0, 255.0)
            })
            .collect()
    };
    let at = |v: &[f32], i: usize| v.get(i).copied().unwrap_or(0.0);
    let out: Vec<u8> = match color {
        ColorType::L8 => buf.to_vec(),
        ColorType::La8 => buf
            .chunks_exact(2)
            .map(|p| {
                let v = f32::from(p.first().copied().unwrap_or(0));
                let a = f32::from(p.get(1).copied().unwrap_or(255)) / 255.0;
                over_white(v, a) as u8
            })
            .collect(),
        ColorType::Rgb8 => buf
            .chunks_exact(3)
            .map(|p| {
                let c = |i: usize| f32::from(p.get(i).copied().unwrap_or(0));
                luma(c(0), c(1), c(2)) as u8
            })
            .collect(),
        ColorType::Rgba8 => buf
            .chunks_exact(4)
            .map(|p| {
                let c = |i: usize| f32::from(p.get(i).copied().unwrap_or(0));
                over_white(luma(c(0), c(1), c(2)), c(3) / 255.0) as u8
            })
            .collect(),
        ColorType::L16 | ColorType::La16 | ColorType::Rgb16 | ColorType::Rgba16 => {
            let channels = usize::from(color.channel_count());
            buf.chunks_exact(channels * 2)
                .map(|p| {
                    let v = u16s(p);
                    pixel_from(&v, channels, at, luma, over_white)
                })
                .collect()
        }
        ColorType::Rgb32F | ColorType::Rgba32F => {
            let channels = usize::from(color.channel_count());
            buf.chunks_exact(channels * 4)
                .map(|p| {
                    let v = f32s(p);
                    pixel_from(&v, channels, at, luma, over_white)
                })
                .collect()
        }
        other => {
            return Err(DecodeError::Undecodable(format!(
                "unsupported pixel layout {other:?}"
            )))
        }
    };
    Ok(out)
}

fn pixel_from(
    v: &[f32],
    channels: usize,
    at: impl Fn(&[f32], usize) -> f32,
    luma: impl Fn(f32, f32, f32) -> f32,
    over_white: impl Fn(f32, f32) -> f32,
) -> u8 {
    let value = match channels {
        1 => at(v, 0),
        2 => over_white(at(v, 0), at(v, 1) / 255.0),
        3 => luma(at(v, 0), at(v, 1), at(v, 2)),
        _ => over_white(luma(at(v, 0), at(v, 1), at(v, 2)), at(v, 3) / 255.0),
    };
    value.clamp(0.0, 255.0) as u8
}
