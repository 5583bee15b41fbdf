//! Pictures: scans and phone photos, and the page images of scanned PDFs.
//!
//! One pass per picture ([`analyze`]): the header's pixel count is checked against
//! [`Limits::max_image_pixels`](crate::Limits) before anything is allocated ([`decode`]), the
//! picture is reduced to a grayscale working copy with its EXIF orientation applied
//! ([`gray`]), and everything else runs on that copy: brightness, contrast and sharpness
//! ([`measure`]), the perceptual hash ([`phash`]), QR codes ([`qr`]) and, when the caller
//! enabled it, OCR ([`ocr`]). The edit trail comes from the metadata ([`exif`]), the declared
//! density from the header ([`density`]). [`pdf_scan`] finds the page images of a PDF without
//! a text layer and sends them through the same pass. Findings here describe the picture;
//! whether it will do for a material is the review's call.

// Internals are `#[doc(hidden)]`: reachable for tests, benches and fuzz targets, not part of
// the documented API.
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod density;
#[doc(hidden)]
pub mod exif;
#[doc(hidden)]
pub mod gray;
#[doc(hidden)]
pub mod measure;
#[doc(hidden)]
pub mod ocr;
#[doc(hidden)]
pub mod pdf_scan;
#[doc(hidden)]
pub mod phash;
pub mod policy;
#[doc(hidden)]
pub mod qr;
pub mod report;
#[doc(hidden)]
pub mod similar;

pub use policy::{ImagePolicy, OcrOptions};
pub use report::{codes, ExifFacts, ImageReport, OcrLine, OcrText};

use crate::policy::{limit_codes, limit_finding, Policy};
use crate::report::{DocumentKind, DocumentReport};
use crate::verdict::{Finding, Severity};

use decode::{DecodeError, Decoded};
use gray::Gray;
use measure::Measures;
use report::finding;

/// Shorter side of an ID card (54 mm) in hundredths of an inch: the smallest document a
/// picture may show, so fewer pixels than this at the required density are too few for any.
pub const ID_CARD_SHORT_SIDE_CENTI_INCH: u32 = 213;
/// Declared densities that say nothing about the scanner (cameras write 72, some tools 96).
pub const PLACEHOLDER_DPI: [u32; 2] = [72, 96];

/// What one picture gave.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// `None` when nothing could be decoded.
    pub report: Option<ImageReport>,
    /// What was noticed about the picture (undecodable, blank, blurred, edited, …).
    pub findings: Vec<Finding>,
}

/// Where a picture's facts come from besides its pixels.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// 1-based page of a scanned PDF.
    pub page: Option<u32>,
    /// Density known from outside the picture (a PDF page's size).
    pub dpi: Option<(u32, u32)>,
}

/// Analyses an image file of `kind` (JPEG, PNG, TIFF, WebP, BMP).
pub fn analyze(bytes: &[u8], kind: DocumentKind, policy: &Policy, context: &Context) -> Analysis {
    let image_policy = &policy.image;
    let decoded = match decode::decode(bytes, kind, &policy.limits, image_policy.working_long_side)
    {
        Ok(d) => d,
        Err(e) => return failed(&e, context.page),
    };
    let metadata = exif::read(bytes);
    let dpi = context.dpi.or_else(|| density::inspect(bytes).dpi);
    examine(decoded, metadata, dpi, policy, context.page)
}

/// The finding for a picture that yields no pixels.
fn failed(e: &DecodeError, page: Option<u32>) -> Analysis {
    let finding = match e {
        DecodeError::TooManyPixels {
            width,
            height,
            limit,
        } => {
            let mut f = limit_finding(
                limit_codes::IMAGE_PIXELS,
                format!(
                    "{}the picture is {width} × {height} pixels, more than the limit of {limit}; not decoded",
                    report::where_en(page)
                ),
                format!(
                    "{}图片为{width}×{height}像素，超过上限{limit}像素，未解码",
                    report::where_zh(page)
                ),
            );
            f.evidence = Some(format!("{width}x{height}"));
            f
        }
        DecodeError::Undecodable(why) => {
            let mut f = finding(
                codes::UNDECODABLE,
                Severity::Error,
                page,
                "the picture cannot be decoded",
                "图片无法解码",
            );
            f.evidence = Some(why.clone());
            f
        }
    };
    Analysis {
        report: None,
        findings: vec![finding],
    }
}

/// Measures a decoded picture and judges it against the policy.
pub fn examine(
    decoded: Decoded,
    metadata: Option<ExifFacts>,
    dpi: Option<(u32, u32)>,
    policy: &Policy,
    page: Option<u32>,
) -> Analysis {
    let image_policy = &policy.image;
    let orientation = metadata.as_ref().and_then(|m| m.orientation).unwrap_or(1);
    let working: Gray = decoded.working.oriented(orientation);
    let (width, height) = if orientation >= 5 {
        (decoded.height, decoded.width)
    } else {
        (decoded.width, decoded.height)
    };
    let m = measure::measure(&working, image_policy.ink_delta);
    let mut report = ImageReport {
        page,
        width,
        height,
        dpi,
        sharpness: round3(m.sharpness),
        mean: round3(m.mean),
        contrast: round3(m.contrast),
        ink_per_10k: m.ink_per_10k,
        phash: format!("{:016x}", phash::phash(&working)),
        exif: metadata,
        qr: qr::read(&working),
        text: None,
        truncated: decoded.truncated,
        thumbnail: similar::thumbnail(&working),
    };
    let mut findings = judge(&report, &m, policy);
    if image_policy.ocr.enabled {
        match ocr::recognise(&working, &image_policy.ocr) {
            Ok(text) => report.text = Some(text),
            Err(e) => {
                let mut f = finding(
                    codes::OCR_UNAVAILABLE,
                    Severity::Warning,
                    page,
                    "the text of the picture could not be read (OCR unavailable); what it says is unchecked",
                    "无法识别图片中的文字（OCR不可用），其内容未经核验",
                );
                f.evidence = Some(e.to_string());
                findings.push(f);
            }
        }
    }
    Analysis {
        report: Some(report),
        findings,
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// What the measurements say about the picture's use as evidence.
fn judge(r: &ImageReport, m: &Measures, policy: &Policy) -> Vec<Finding> {
    let p = &policy.image;
    let page = r.page;
    let mut out = Vec::new();
    if r.truncated {
        out.push(finding(
            codes::TRUNCATED,
            Severity::Warning,
            page,
            "the picture data ends early or is damaged; only what could be decoded was measured",
            "图片数据不完整或已损坏，仅对可解码部分进行了检测",
        ));
    }
    let structured = m.contrast >= f64::from(p.blank_max_contrast);
    let too_dark = structured && m.mean <= f64::from(p.dark_max_mean) && m.brightest <= 128;
    let overexposed = structured && m.mean >= f64::from(p.bright_min_mean) && m.darkest >= 150;
    let blank =
        !too_dark && !overexposed && (!structured || m.ink_per_10k < p.blank_max_ink_per_10k);
    if blank {
        let mut f = finding(
            codes::BLANK,
            Severity::Warning,
            page,
            "the picture is blank or nearly uniform; it shows no document",
            "图片为空白或几乎无内容，未显示任何材料",
        );
        f.evidence = Some(format!(
            "contrast={:.1}, ink_per_10k={}",
            m.contrast, m.ink_per_10k
        ));
        out.push(f);
    }
    if too_dark {
        let mut f = finding(
            codes::TOO_DARK,
            Severity::Warning,
            page,
            "the picture is too dark to read",
            "图片过暗，无法看清",
        );
        f.evidence = Some(format!("mean={:.1}, brightest={}", m.mean, m.brightest));
        out.push(f);
    }
    if overexposed {
        let mut f = finding(
            codes::OVEREXPOSED,
            Severity::Warning,
            page,
            "the picture is overexposed; the writing is washed out",
            "图片曝光过度，字迹发白看不清",
        );
        f.evidence = Some(format!("mean={:.1}, darkest={}", m.mean, m.darkest));
        out.push(f);
    }
    if !blank && m.sharpness * 1000.0 < f64::from(p.min_sharpness_milli) {
        let mut f = finding(
            codes::BLURRED,
            Severity::Warning,
            page,
            "the picture is blurred",
            "图片模糊不清",
        );
        f.evidence = Some(format!(
            "sharpness={:.3} < {:.3}",
            m.sharpness,
            f64::from(p.min_sharpness_milli) / 1000.0
        ));
        out.push(f);
    }
    if let Some(f) = low_resolution(r, p.min_dpi, ID_CARD_SHORT_SIDE_CENTI_INCH) {
        out.push(f);
    }
    if let Some(meta) = &r.exif {
        let evidence = exif::edit_evidence(meta, p.edit_min_seconds);
        if !evidence.is_empty() {
            let mut f = finding(
                codes::EDITED,
                Severity::Warning,
                page,
                "the picture's metadata says it was edited or re-saved after it was taken",
                "图片元数据显示其在拍摄后经过编辑或重新保存",
            );
            f.evidence = Some(evidence.join("; "));
            out.push(f);
        }
    }
    out
}

/// The density a picture effectively has for a document whose shorter side is
/// `short_side_centi_inch` hundredths of an inch: the declared one when it is a real
/// declaration, else the pixels across that side.
pub fn effective_dpi(r: &ImageReport, short_side_centi_inch: u32) -> u32 {
    match r.min_dpi().filter(|d| !PLACEHOLDER_DPI.contains(d)) {
        Some(dpi) => dpi,
        None => {
            let short = u64::from(r.width.min(r.height));
            (short * 100 / u64::from(short_side_centi_inch.max(1))) as u32
        }
    }
}

/// `IMAGE_LOW_RESOLUTION` when the picture is below `min_dpi` for a document of that size.
pub fn low_resolution(
    r: &ImageReport,
    min_dpi: u32,
    short_side_centi_inch: u32,
) -> Option<Finding> {
    let dpi = effective_dpi(r, short_side_centi_inch);
    (dpi < min_dpi).then(|| {
        let mut f = finding(
            codes::LOW_RESOLUTION,
            Severity::Warning,
            r.page,
            format!(
                "the picture has about {dpi} dpi ({}×{} pixels), below the {min_dpi} dpi required",
                r.width, r.height
            ),
            format!(
                "图片分辨率约为{dpi}dpi（{}×{}像素），低于要求的{min_dpi}dpi",
                r.width, r.height
            ),
        );
        f.evidence = Some(format!(
            "declared={:?}, pixels={}x{}",
            r.dpi, r.width, r.height
        ));
        f
    })
}

/// Runs the image path for an image upload and puts its results into `report`.
pub fn verify_image(bytes: &[u8], policy: &Policy, report: &mut DocumentReport) {
    let analysis = analyze(bytes, report.kind, policy, &Context::default());
    report.image = analysis.report;
    report.findings.extend(analysis.findings);
}

/// For a PDF without a text layer: measures its page images into `report.page_images`.
pub fn verify_scanned_pdf(
    bytes: &[u8],
    header_offset: usize,
    policy: &Policy,
    report: &mut DocumentReport,
) {
    let scan = pdf_scan::analyze(bytes, header_offset, policy);
    report.page_images = scan.pages;
    report.findings.extend(scan.findings);
}

/// Bench support: encodes RGB pixels as a quality-90 JPEG (the crate itself never encodes).
#[doc(hidden)]
pub fn encode_jpeg_for_benches(out: &mut Vec<u8>, rgb: &[u8], width: u32, height: u32) {
    let encoder = ::image::codecs::jpeg::JpegEncoder::new_with_quality(out, 90);
    let _ = ::image::ImageEncoder::write_image(
        encoder,
        rgb,
        width,
        height,
        ::image::ExtendedColorType::Rgb8,
    );
}
