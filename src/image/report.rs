//! The `image` object of the verify report (`sealcheck/1`, see docs/images.md) and the
//! findings the image path raises.

use serde::{Deserialize, Serialize};

use crate::verdict::{Finding, Severity, Text};

/// What was measured on one picture (an image upload, or one page image of a scanned PDF).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageReport {
    /// 1-based page of a scanned PDF; null for an image file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    /// Pixel size as displayed (after the EXIF orientation).
    pub width: u32,
    /// Pixel height as displayed.
    pub height: u32,
    /// Declared density (dots per inch, horizontal and vertical), or null.
    pub dpi: Option<(u32, u32)>,
    /// Normalised variance of the Laplacian (higher is sharper; see docs/images.md).
    pub sharpness: f64,
    /// Mean gray level, 0 (black) to 255 (white).
    pub mean: f64,
    /// Standard deviation of the gray levels.
    pub contrast: f64,
    /// Ink pixels (clearly darker than the paper) per ten thousand.
    pub ink_per_10k: u32,
    /// 64-bit DCT perceptual hash, 16 hex digits.
    pub phash: String,
    /// The edit trail, when the picture carries one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exif: Option<ExifFacts>,
    /// Payloads of every QR code found.
    pub qr: Vec<String>,
    /// Recognised text, when the OCR engine ran.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<OcrText>,
    /// The data ended early; what was decoded was measured.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub truncated: bool,
    /// Small gray thumbnail for confirming duplicates ([`super::similar`]); kept in memory for
    /// the review, never serialised.
    #[serde(skip)]
    pub thumbnail: Vec<u8>,
}

/// The edit trail a picture carries (EXIF and XMP).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExifFacts {
    /// The `Software` tag: the program that last wrote the picture.
    pub software: Option<String>,
    /// `DateTimeOriginal` as written (camera local time, `YYYY:MM:DD HH:MM:SS`).
    pub original_time: Option<String>,
    /// `DateTime` (last modification) as written.
    pub modified_time: Option<String>,
    /// Make and model of the camera or phone.
    pub device: Option<String>,
    /// EXIF orientation (1–8), when not the default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub orientation: Option<u16>,
    /// Software agents named in the XMP history (`xmpMM:History`, `xmp:CreatorTool`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub xmp_agents: Vec<String>,
}

/// What the OCR engine read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrText {
    /// `tesseract 5.3.0`, as the engine names itself.
    pub engine: String,
    /// Tesseract language packs used (`chi_sim+eng`).
    pub language: String,
    /// Recognised lines, top to bottom.
    pub lines: Vec<OcrLine>,
}

/// One recognised line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrLine {
    /// The line's text.
    pub text: String,
    /// Mean word confidence, 0–100.
    pub confidence: f64,
}

impl ImageReport {
    /// All recognised text, one line per line.
    pub fn text_lines(&self) -> String {
        self.text
            .as_ref()
            .map(|t| {
                t.lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }

    /// Declared density, when both axes are given (the smaller one).
    pub fn min_dpi(&self) -> Option<u32> {
        self.dpi.map(|(x, y)| x.min(y))
    }
}

/// Stable finding codes of the image path.
pub mod codes {
    /// The picture cannot be decoded.
    pub const UNDECODABLE: &str = "IMAGE_UNDECODABLE";
    /// The data ends early; what was decoded was measured.
    pub const TRUNCATED: &str = "IMAGE_TRUNCATED";
    /// The picture is (almost) empty: nothing on the paper.
    pub const BLANK: &str = "IMAGE_BLANK";
    /// The declared or measured resolution is below the material's minimum.
    pub const LOW_RESOLUTION: &str = "IMAGE_LOW_RESOLUTION";
    /// The picture is too blurred to read.
    pub const BLURRED: &str = "IMAGE_BLURRED";
    /// The picture is too dark to read.
    pub const TOO_DARK: &str = "IMAGE_TOO_DARK";
    /// The picture is too bright to read.
    pub const OVEREXPOSED: &str = "IMAGE_OVEREXPOSED";
    /// The picture was re-saved by editing software after it was taken.
    pub const EDITED: &str = "IMAGE_EDITED";
    /// OCR was asked for but the engine is not installed.
    pub const OCR_UNAVAILABLE: &str = "OCR_UNAVAILABLE";

    /// The codes that say the picture cannot serve as evidence of anything (the applicant must
    /// take or scan it again).
    pub const UNUSABLE: [&str; 6] = [
        UNDECODABLE,
        BLANK,
        LOW_RESOLUTION,
        BLURRED,
        TOO_DARK,
        OVEREXPOSED,
    ];
}

/// `on page N: ` for page images, nothing for image files.
pub(crate) fn where_en(page: Option<u32>) -> String {
    page.map(|p| format!("page {p}: ")).unwrap_or_default()
}

pub(crate) fn where_zh(page: Option<u32>) -> String {
    page.map(|p| format!("第{p}页：")).unwrap_or_default()
}

pub(crate) fn finding(
    code: &str,
    severity: Severity,
    page: Option<u32>,
    en: impl AsRef<str>,
    zh: impl AsRef<str>,
) -> Finding {
    Finding::new(
        code,
        severity,
        Text::new(
            format!("{}{}", where_en(page), en.as_ref()),
            format!("{}{}", where_zh(page), zh.as_ref()),
        ),
    )
}
