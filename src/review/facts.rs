//! What is known about one upload before any policy is applied: its verification report, its
//! text layer, page count and scan resolution.

use time::OffsetDateTime;

use crate::image::density::{self as image_density, ImageInfo};
use crate::pdf_text::{self, TextSource};
use crate::report::{DocumentKind, DocumentReport};
use crate::verifier::Verifier;

use super::Upload;

/// Facts about one upload.
#[derive(Debug, Clone)]
pub struct UploadFacts {
    /// Position in the application (index into the review's `documents`).
    pub index: usize,
    /// The name it was uploaded under.
    pub file_name: String,
    /// The material code the applicant uploaded it for, if they said.
    pub declared_material: Option<String>,
    /// The verifier's report on the file (kind, signatures, seals, findings).
    pub report: DocumentReport,
    /// Text layer (PDF), empty when there is none.
    pub text: String,
    /// Which extractor produced [`UploadFacts::text`].
    pub text_source: TextSource,
    /// Number of pages (of a PDF; 1 for an image file), when known.
    pub pages: Option<u32>,
    /// Pixel size and declared density of the image file, or of a PDF's first page image.
    pub image: ImageInfo,
    /// QR payloads read from the upload's pictures (compared with an e-licence identifier).
    pub qr_payloads: Vec<String>,
    /// Text the OCR engine read from the upload's pictures (empty when it did not run).
    pub ocr_text: String,
    /// Typed facts read from the upload (names, ID numbers, dates…), with their sources.
    pub evidence: crate::evidence::Evidence,
}

impl UploadFacts {
    /// Facts from a report alone (no text, no page count): the starting point for tests and
    /// for callers that verified elsewhere.
    pub fn from_report(index: usize, file_name: &str, report: DocumentReport) -> Self {
        UploadFacts {
            index,
            file_name: file_name.to_string(),
            declared_material: None,
            report,
            text: String::new(),
            text_source: TextSource::None,
            pages: None,
            image: ImageInfo::default(),
            qr_payloads: Vec::new(),
            ocr_text: String::new(),
            evidence: crate::evidence::Evidence::default(),
        }
    }

    /// Marks the upload as uploaded for this material code.
    pub fn declared(mut self, material: &str) -> Self {
        self.declared_material = Some(material.to_string());
        self
    }

    /// Sets the text layer (as if read by the built-in PDF reader).
    pub fn with_text(mut self, text: &str) -> Self {
        self.text = text.to_string();
        self.text_source = TextSource::Lopdf;
        self
    }

    /// Adds QR payloads decoded from the upload (by the image checks, or given by the caller).
    pub fn with_qr(mut self, payloads: &[&str]) -> Self {
        self.qr_payloads
            .extend(payloads.iter().map(|p| p.to_string()));
        self
    }

    /// The text without any whitespace (extractors split CJK runs arbitrarily).
    pub fn compact_text(&self) -> String {
        self.text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The text (then the OCR text on lines of its own) with one `\n` between lines and no whitespace inside them, except one space
    /// where a gap separates two ASCII letters or digits: a value printed after a label ends
    /// where its line ends (a date on the next line is not part of it), and a gap can end it
    /// on the same line (see `assess::identifiers_in_text`). Gaps between CJK characters are
    /// dropped, because extractors split CJK runs arbitrarily.
    pub fn compact_lines(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut gap = false;
        let ocr = if self.ocr_text.is_empty() { "" } else { "\n" };
        for c in self
            .text
            .chars()
            .chain(ocr.chars())
            .chain(self.ocr_text.chars())
        {
            if c == '\n' {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                gap = false;
            } else {
                crate::evidence::extract::push_compacted(&mut out, c, &mut gap);
            }
        }
        out
    }

    /// The text layer and the OCR text together, without whitespace: what identifiers and
    /// validity dates are looked for in.
    pub fn all_text(&self) -> String {
        self.text
            .chars()
            .chain(self.ocr_text.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    }
}

/// Verifies one upload and reads what matching and assessment need.
pub fn gather(
    index: usize,
    upload: &Upload,
    verifier: &Verifier,
    text_extractor: Option<&pdf_text::ExternalExtractor>,
    at: OffsetDateTime,
) -> UploadFacts {
    let limits = &verifier.policy().limits;
    let report = verifier.verify_named(&upload.file_name, &upload.bytes, at);
    let mut facts = UploadFacts::from_report(index, &upload.file_name, report);
    facts.declared_material = upload.material.clone();
    if facts.report.size > limits.max_file_size {
        return facts;
    }
    match facts.report.kind {
        DocumentKind::Pdf => {
            let text = pdf_text::extract_with(&upload.bytes, limits, text_extractor);
            facts.text = text.text;
            facts.text_source = text.source;
            facts.pages = text.pages;
            facts.report.findings.extend(text.findings);
            if let Some(first) = facts.report.page_images.first() {
                facts.image = ImageInfo {
                    width: Some(first.width),
                    height: Some(first.height),
                    dpi: first.dpi,
                };
            }
        }
        DocumentKind::Jpeg
        | DocumentKind::Png
        | DocumentKind::Tiff
        | DocumentKind::Webp
        | DocumentKind::Bmp => {
            facts.image = match &facts.report.image {
                Some(picture) => ImageInfo {
                    width: Some(picture.width),
                    height: Some(picture.height),
                    dpi: picture.dpi,
                },
                None => image_density::inspect(&upload.bytes),
            };
            facts.pages = Some(1);
        }
        DocumentKind::Ofd | DocumentKind::Unknown | DocumentKind::Unreadable => {}
    }
    facts.ocr_text = super::image_checks::pictures(&facts)
        .map(crate::image::ImageReport::text_lines)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    // QR codes in the upload's own pictures: an e-licence identifier is compared with them.
    let qr: Vec<String> = super::image_checks::pictures(&facts)
        .flat_map(|picture| picture.qr.iter().cloned())
        .collect();
    facts.qr_payloads.extend(qr);
    facts.evidence = crate::evidence::gather(&facts.report, &upload.bytes, None, limits);
    facts.report.findings.extend(facts.evidence.limit_finding());
    facts
}
