//! The image options of `verify` and `review`.

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
