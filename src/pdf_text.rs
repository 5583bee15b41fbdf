//! Text layer of a PDF, for recognising what an upload is (keywords, identifiers).
//!
//! The text is read by [`layout`], on lopdf's parser and font decoding (it reads the
//! predefined CJK CMaps such as `UniGB-UCS2-H` common in Chinese forms): lines are kept, Form
//! XObjects are read where they are drawn, and every decoded byte and operation counts
//! against a budget taken from [`Limits`].
//!
//! pdf-extract, the fallback for PDFs lopdf cannot read, never runs in this process (see
//! [`external`] for why): it runs only when the embedder configured an [`ExternalExtractor`]
//! program, in a child process that is killed on timeout. Without one there is no fallback.

pub mod external;
// Internals are `#[doc(hidden)]`: reachable for tests, benches and fuzz targets, not part of
// the documented API.
#[doc(hidden)]
pub mod layout;
#[doc(hidden)]
pub mod ops;

pub use external::ExternalExtractor;

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::policy::Limits;
use crate::verdict::{Finding, Severity, Text};

/// Pages whose text is read; recognising a material never needs more.
pub const MAX_TEXT_PAGES: u32 = 50;
/// Characters of text kept.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Decoded content bytes (pages, forms, font maps) interpreted for text per document, at most:
/// a form is a few KB to a few MB, and lopdf holds every parsed operation of a stream in memory
/// (about 100 bytes each), so this also bounds the parser's memory.
pub const MAX_TEXT_CONTENT_BYTES: u64 = 16 * 1024 * 1024;
/// Content operations interpreted per document.
pub const MAX_TEXT_OPERATIONS: usize = 2_000_000;
/// Form XObjects nested inside one page (further nesting is not read).
pub const MAX_FORM_DEPTH: usize = 12;
/// Fonts whose encodings are resolved per document.
pub const MAX_TEXT_FONTS: usize = 512;

/// Which extractor produced the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// The built-in reader (on lopdf's parser).
    Lopdf,
    /// The external fallback extractor (pdf-extract in a child process).
    PdfExtract,
    /// No extractor found any text (image-only PDF, or unreadable).
    None,
}

/// What was read from a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// The text, pages in order.
    pub text: String,
    /// Number of pages, when the page tree could be read.
    pub pages: Option<u32>,
    /// Which extractor produced it.
    pub source: TextSource,
    /// Why text is missing or partial (limits, fonts without a mapping, …).
    pub findings: Vec<Finding>,
}

/// Reads the text layer of `bytes` (a PDF), bounded by `limits`, without any fallback.
pub fn extract(bytes: &[u8], limits: &Limits) -> PdfText {
    extract_with(bytes, limits, None)
}

/// [`extract`]; kept under this name for the fuzz target (the in-process part of the reader).
pub fn extract_primary(bytes: &[u8], limits: &Limits) -> PdfText {
    extract_with(bytes, limits, None)
}

/// Reads the text layer; when lopdf could not read it and `fallback` is given, runs that
/// program on the bytes in a child process: only when lopdf found no text because it failed
/// without hitting a limit, and the file is at most [`FALLBACK_MAX_BYTES`].
pub fn extract_with(
    bytes: &[u8],
    limits: &Limits,
    fallback: Option<&ExternalExtractor>,
) -> PdfText {
    let mut out = PdfText {
        text: String::new(),
        pages: None,
        source: TextSource::None,
        findings: Vec::new(),
    };
    // lopdf has not panicked under mutation testing; the guard keeps a future panic a finding.
    let primary = match catch_unwind(AssertUnwindSafe(|| with_lopdf(bytes, limits))) {
        Ok(p) => p,
        Err(_) => {
            out.findings.push(Finding::new(
                "TEXT_LOPDF_PANIC",
                Severity::Warning,
                Text::new(
                    "the primary text extractor crashed on this PDF; its text layer was not used",
                    "主文本提取器处理该PDF时崩溃，未使用其文本层",
                ),
            ));
            return out;
        }
    };
    out.pages = primary.pages;
    if !primary.text.trim().is_empty() {
        out.text = primary.text.clone();
        out.source = TextSource::Lopdf;
    }
    if let Some(reason) = &primary.error {
        out.findings.push(
            Finding::new(
                if primary.hit_limit {
                    "TEXT_LIMIT"
                } else {
                    "TEXT_LOPDF_FAILED"
                },
                Severity::Info,
                Text::new(
                    "the primary text extractor could not read all of the PDF",
                    "主文本提取器未能完整读取该PDF",
                ),
            )
            .evidence(reason.clone()),
        );
    }
    if let Some(extractor) = fallback {
        if wants_fallback(&out, &primary, bytes.len()) {
            run_fallback(extractor, bytes, &mut out);
        }
    }
    truncate_chars(&mut out.text, MAX_TEXT_CHARS);
    out
}

/// Files larger than this never go to the fallback extractor.
pub const FALLBACK_MAX_BYTES: usize = 16 * 1024 * 1024;

/// What lopdf made of a PDF.
struct Primary {
    text: String,
    pages: Option<u32>,
    /// The first error: load failure or a page whose text could not be decoded.
    error: Option<String>,
    /// A limit was hit (a possible bomb).
    hit_limit: bool,
}

/// The fallback runs only where it can help: lopdf found no text because it failed (not
/// because the PDF has none), no limit was hit (a file built to exhaust one reader is not
/// handed to another), and the file is small.
fn wants_fallback(out: &PdfText, primary: &Primary, size: usize) -> bool {
    out.source == TextSource::None
        && primary.error.is_some()
        && !primary.hit_limit
        && size <= FALLBACK_MAX_BYTES
}

fn is_limit(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
    )
}

/// The budget of one document's text, from `limits`.
pub fn budget(limits: &Limits) -> layout::Budget {
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    layout::Budget {
        stream_bytes: to_usize(limits.max_stream_bytes.min(MAX_TEXT_CONTENT_BYTES)),
        content_bytes: to_usize(limits.max_total_decompressed.min(MAX_TEXT_CONTENT_BYTES)),
        operations: MAX_TEXT_OPERATIONS,
        form_depth: MAX_FORM_DEPTH.min(limits.max_depth),
        fonts: MAX_TEXT_FONTS,
        text_bytes: MAX_TEXT_CHARS * 4,
    }
}

fn with_lopdf(bytes: &[u8], limits: &Limits) -> Primary {
    let mut primary = Primary {
        text: String::new(),
        pages: None,
        error: None,
        hit_limit: false,
    };
    let budget = budget(limits);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(budget.stream_bytes),
        ..lopdf::LoadOptions::default()
    };
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => {
            primary.hit_limit = is_limit(&e);
            primary.error = Some(e.to_string());
            return primary;
        }
    };
    let pages = doc.get_pages();
    primary.pages = Some(u32::try_from(pages.len()).unwrap_or(u32::MAX));
    let wanted: Vec<lopdf::ObjectId> = pages
        .values()
        .copied()
        .take(MAX_TEXT_PAGES as usize)
        .collect();
    let read = layout::read_pages(&doc, &wanted, budget);
    primary.text = read.text;
    match read.stop {
        Some(layout::Stop::Limit(reason)) => {
            primary.hit_limit = true;
            primary.error = Some(reason);
        }
        None => primary.error = read.error,
    }
    primary
}

fn run_fallback(extractor: &ExternalExtractor, bytes: &[u8], out: &mut PdfText) {
    if let Some(finding) = fallback_outcome(external::run(extractor, bytes), out) {
        out.findings.push(finding);
    }
}

/// Applies what the fallback process did to `out`; a failure becomes a finding.
fn fallback_outcome(outcome: external::Outcome, out: &mut PdfText) -> Option<Finding> {
    use external::Outcome;
    match outcome {
        Outcome::Text(text) => {
            if !text.trim().is_empty() {
                out.text = text;
                out.source = TextSource::PdfExtract;
            }
            None
        }
        Outcome::Failed(reason) | Outcome::NotStarted(reason) => Some(
            Finding::new(
                "TEXT_FALLBACK_FAILED",
                Severity::Info,
                Text::new(
                    "the fallback text extractor could not read the PDF",
                    "备用文本提取器无法读取该PDF",
                ),
            )
            .evidence(reason),
        ),
        Outcome::Panicked(reason) => Some(
            Finding::new(
                "TEXT_EXTRACTOR_PANIC",
                Severity::Warning,
                Text::new(
                    "the fallback text extractor crashed on this PDF (isolated); the document has no usable text layer",
                    "备用文本提取器处理该PDF时崩溃（已隔离），该文件没有可用的文本层",
                ),
            )
            .evidence(reason),
        ),
        Outcome::Crashed(reason) => Some(
            Finding::new(
                "TEXT_EXTRACTOR_CRASHED",
                Severity::Warning,
                Text::new(
                    "the fallback text extractor crashed or hit its resource limits on this PDF (in its own process); the document has no usable text layer",
                    "备用文本提取器处理该PDF时崩溃或超出资源限制（在独立进程中），该文件没有可用的文本层",
                ),
            )
            .evidence(reason),
        ),
        Outcome::TimedOut => Some(Finding::new(
            "TEXT_EXTRACTOR_TIMEOUT",
            Severity::Warning,
            Text::new(
                "the fallback text extractor did not finish in time and was stopped",
                "备用文本提取器未能在限定时间内完成，已被终止",
            ),
        )),
    }
}

fn truncate_chars(text: &mut String, max: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/testdata/review/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn lopdf_reads_chinese_text_with_predefined_cmap() {
        let out = extract(&fixture("unit_registration_form.pdf"), &Limits::default());
        assert_eq!(out.source, TextSource::Lopdf);
        assert_eq!(out.pages, Some(1));
        let compact: String = out.text.split_whitespace().collect();
        assert!(compact.contains("社会保险参保登记表"), "{:?}", out.text);
        assert!(compact.contains("91310110666007217T"), "{:?}", out.text);
    }

    /// A one-page PDF in Helvetica whose page content is `content`.
    fn helvetica_page(content: &str) -> Vec<u8> {
        crate::pdf::test_pdf::build(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            crate::pdf::test_pdf::stream("", content.as_bytes()),
        ])
        .0
    }

    fn lines_of(content: &str) -> Vec<String> {
        let out = extract(&helvetica_page(content), &Limits::default());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        out.text.lines().map(str::to_string).collect()
    }

    #[test]
    fn every_move_to_another_baseline_starts_a_new_line() {
        // Td and TD down, T*, ' and ", and Tm to another y: six lines.
        let content =
            "BT /F1 12 Tf 10 180 Td 14 TL (one) Tj 0 -14 Td (two) Tj 0 -14 TD (three) Tj \
                       T* (four) Tj (five) ' 0 0 (six) \" 1 0 0 1 10 20 Tm (seven) Tj ET";
        assert_eq!(
            lines_of(content),
            ["one", "two", "three", "four", "five", "six", "seven"]
        );
    }

    #[test]
    fn a_move_along_the_same_baseline_separates_words_not_lines() {
        let content = "BT /F1 12 Tf 10 100 Td (label:) Tj 60 0 Td (value) Tj \
                       1 0 0 1 150 100 Tm (end) Tj ET";
        assert_eq!(lines_of(content), ["label: value end"]);
        // Kerning inside TJ joins; a wide gap is a space.
        assert_eq!(
            lines_of("BT /F1 12 Tf [(9151) -20 (0304)] TJ [(A) -600 (B)] TJ ET"),
            ["91510304A B"]
        );
    }

    #[test]
    fn text_inside_form_xobjects_is_read_where_it_is_drawn() {
        let (pdf, _) = crate::pdf::test_pdf::build(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> /XObject << /Fm 5 0 R >> >> /Contents 6 0 R >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            // No /Resources: the form uses the page's font.
            crate::pdf::test_pdf::stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 10 10]",
                b"BT /F1 9 Tf (inside) Tj ET",
            ),
            crate::pdf::test_pdf::stream(
                "",
                b"BT /F1 9 Tf (before) Tj ET /Fm Do BT /F1 9 Tf (after) Tj ET",
            ),
        ]);
        let out = extract(&pdf, &Limits::default());
        assert_eq!(
            out.text.lines().collect::<Vec<_>>(),
            ["before", "inside", "after"]
        );
    }

    #[test]
    fn a_form_that_draws_itself_is_read_once() {
        let out = extract(&fixture("xobject_self_drawing.pdf"), &Limits::default());
        assert_eq!(out.source, TextSource::Lopdf);
        assert_eq!(out.text.lines().collect::<Vec<_>>(), ["page", "loop"]);
    }

    #[test]
    fn a_tree_of_forms_costs_each_form_once() {
        let pdf = fixture("xobject_bomb.pdf");
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages: Vec<_> = doc.get_pages().values().copied().collect();
        let read = layout::read_pages(&doc, &pages, budget(&Limits::default()));
        // Seven forms (the leaf and six levels), each read once, instead of 16^6 draws.
        assert_eq!(read.forms_read, 7);
        assert_eq!(read.forms_skipped, 6 * 15);
        assert_eq!(read.stop, None);
        assert!(read.text.starts_with("AAAAAAAA\nAAAAAAAA\n"));
        // With a smaller operation budget the same file stops on the limit.
        let tight = layout::Budget {
            operations: 1_000,
            ..budget(&Limits::default())
        };
        let read = layout::read_pages(&doc, &pages, tight);
        assert!(matches!(read.stop, Some(layout::Stop::Limit(ref r)) if r.contains("operations")));
        // And with a content budget below the leaf's 32 KiB, on that limit.
        let small = Limits {
            max_stream_bytes: 16 * 1024,
            ..Limits::default()
        };
        let out = extract(&pdf, &small);
        assert!(
            out.findings.iter().any(|f| f.code == "TEXT_LIMIT"),
            "{:?}",
            out.findings
        );
    }

    #[test]
    fn nesting_deeper_than_the_budget_is_not_read() {
        let pdf = fixture("xobject_bomb.pdf");
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages: Vec<_> = doc.get_pages().values().copied().collect();
        let shallow = layout::Budget {
            form_depth: 3,
            ..budget(&Limits::default())
        };
        let read = layout::read_pages(&doc, &pages, shallow);
        assert_eq!(read.forms_read, 3);
        assert!(read.text.is_empty());
    }

    #[test]
    fn fallback_only_where_lopdf_failed_without_hitting_a_limit() {
        let none = PdfText {
            text: String::new(),
            pages: None,
            source: TextSource::None,
            findings: Vec::new(),
        };
        let primary = |error: bool, hit_limit: bool| Primary {
            text: String::new(),
            pages: None,
            error: error.then(|| "x".to_string()),
            hit_limit,
        };
        assert!(wants_fallback(&none, &primary(true, false), 1000));
        assert!(
            !wants_fallback(&none, &primary(false, false), 1000),
            "image-only PDF"
        );
        assert!(
            !wants_fallback(&none, &primary(true, true), 1000),
            "decompression bomb"
        );
        assert!(!wants_fallback(
            &none,
            &primary(true, false),
            FALLBACK_MAX_BYTES + 1
        ));
        let found = PdfText {
            source: TextSource::Lopdf,
            ..none.clone()
        };
        assert!(!wants_fallback(&found, &primary(true, false), 1000));
    }

    #[test]
    fn decompression_bomb_is_bounded() {
        // A page whose content stream inflates to 8 MiB, read with a 1 MiB stream limit.
        let zeros = vec![b' '; 8 * 1024 * 1024];
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut enc, &zeros).unwrap();
        let packed = enc.finish().unwrap();
        let (pdf, _) = crate::pdf::test_pdf::build(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>".to_vec(),
            crate::pdf::test_pdf::stream("/Filter /FlateDecode", &packed),
        ]);
        let limits = Limits {
            max_stream_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let out = extract(&pdf, &limits);
        assert_eq!(out.source, TextSource::None);
        assert!(
            out.findings.iter().any(|f| f.code == "TEXT_LIMIT"),
            "{:?}",
            out.findings
        );
    }

    #[test]
    fn garbage_yields_findings_not_panics() {
        let out = extract(
            b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF",
            &Limits::default(),
        );
        assert_eq!(out.source, TextSource::None);
        assert!(out.text.is_empty());
        assert!(!out.findings.is_empty());
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let mut s = "社会保险".to_string();
        truncate_chars(&mut s, 2);
        assert_eq!(s, "社会");
    }
}
