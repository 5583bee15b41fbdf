//! The image options of `verify` and `review`, and the one-line text form of a picture.

use sealcheck::image::ImageReport;
use sealcheck::Policy;

/// Options of the image path.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ImageArgs {
    /// Read the text of pictures and scanned pages with Tesseract (chi_sim+eng). Without it
    /// no OCR runs and what a picture says stays unchecked; when the engine is missing each
    /// picture gets OCR_UNAVAILABLE.
    #[arg(long = "ocr")]
    pub ocr: bool,
}

impl ImageArgs {
    pub fn apply(&self, policy: &mut Policy) {
        policy.image.ocr.enabled = self.ocr;
    }
}

/// `image 674×425, 200 dpi, sharpness 1.204, mean 201, contrast 45, phash …, 1 QR, 9 text lines`.
pub fn render(image: &ImageReport) -> String {
    let mut parts = vec![format!("{}×{}", image.width, image.height)];
    parts.push(match image.dpi {
        Some((x, y)) if x == y => format!("{x} dpi"),
        Some((x, y)) => format!("{x}×{y} dpi"),
        None => "dpi not declared".into(),
    });
    parts.push(format!("sharpness {:.3}", image.sharpness));
    parts.push(format!("mean {:.0}", image.mean));
    parts.push(format!("contrast {:.0}", image.contrast));
    parts.push(format!("phash {}", image.phash));
    if !image.qr.is_empty() {
        parts.push(format!("{} QR: {}", image.qr.len(), image.qr.join(" | ")));
    }
    if let Some(text) = &image.text {
        parts.push(format!("{} text lines ({})", text.lines.len(), text.engine));
    }
    if let Some(software) = image.exif.as_ref().and_then(|e| e.software.as_ref()) {
        parts.push(format!("software {software}"));
    }
    let label = match image.page {
        Some(p) => format!("page {p} image"),
        None => "image".into(),
    };
    format!("  {label} {}\n", parts.join(", "))
}
