//! Thresholds that turn image measurements into findings, and how OCR may run. Part of
//! [`crate::Policy`]; integers in fixed units so the policy stays comparable and hashable.

use serde::{Deserialize, Serialize};

/// What makes a picture unusable. Calibrated on `testdata/images` (see docs/images.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImagePolicy {
    /// Longest side of the grayscale working copy every measurement runs on.
    pub working_long_side: u32,
    /// A picture whose gray-level standard deviation is below this is blank (near-uniform).
    pub blank_max_contrast: u32,
    /// Or: fewer than this many pixels per ten thousand differ from the paper by more than
    /// [`ImagePolicy::ink_delta`] (a blank sheet with a speck of dust).
    pub blank_max_ink_per_10k: u32,
    /// How much darker than the paper a pixel must be to count as ink.
    pub ink_delta: u32,
    /// Normalised Laplacian variance (× 1000) below which a picture is blurred.
    pub min_sharpness_milli: u32,
    /// Mean gray level (0–255) below which, with no bright paper, a picture is too dark.
    pub dark_max_mean: u32,
    /// Mean gray level above which, with no dark ink, a picture is overexposed.
    pub bright_min_mean: u32,
    /// Resolution required when the caller names none (the catalog's `min_dpi` wins in a
    /// review): pictures too small to be even an ID card at this density are flagged.
    pub min_dpi: u32,
    /// Largest Hamming distance of two perceptual hashes still called the same picture.
    pub duplicate_max_distance: u32,
    /// Seconds between EXIF original and modification time beyond which a photo counts as
    /// re-saved after it was taken.
    pub edit_min_seconds: u32,
    /// Whether and how to read the text of pictures.
    pub ocr: OcrOptions,
}

impl Default for ImagePolicy {
    fn default() -> Self {
        ImagePolicy {
            working_long_side: 1600,
            blank_max_contrast: 6,
            blank_max_ink_per_10k: 3,
            ink_delta: 60,
            min_sharpness_milli: 150,
            dark_max_mean: 70,
            bright_min_mean: 215,
            min_dpi: 150,
            duplicate_max_distance: 12,
            edit_min_seconds: 60,
            ocr: OcrOptions::default(),
        }
    }
}

/// How the OCR engine (Tesseract 5, a child process) runs. Off unless the caller turns it on:
/// its output depends on the engine installed, and verification must be reproducible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OcrOptions {
    /// Run OCR at all (off by default: the CLI's `--ocr`).
    pub enabled: bool,
    /// The `tesseract` executable (looked up on `PATH` when it has no slash).
    pub program: String,
    /// Tesseract language list.
    pub languages: String,
    /// Wall-clock limit of one recognition, in milliseconds.
    pub timeout_ms: u64,
    /// Address-space limit of the child, in MiB (applied through `prlimit` when present).
    pub memory_mib: u64,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            enabled: false,
            program: "tesseract".into(),
            languages: "chi_sim+eng".into(),
            timeout_ms: 30_000,
            memory_mib: 1024,
        }
    }
}
