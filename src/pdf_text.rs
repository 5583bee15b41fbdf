//! Text layer of a PDF, for recognising what an upload is (keywords, identifiers).
//!
//! lopdf's own extractor comes first: it never panicked under mutation testing, bounds every
//! decompression, and reads the predefined CJK CMaps (`UniGB-UCS2-H`) common in Chinese forms.
//! pdf-extract is tried only when lopdf failed to read the text (see `wants_fallback`); it
//! panics by design on inputs it does not support, so it runs on its own thread behind
//! `catch_unwind` with a time limit, and a panic becomes a finding. It has no decompression
//! limit of its own, which is why it never sees files over [`FALLBACK_MAX_BYTES`] or files where
//! lopdf hit a limit.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use crate::policy::Limits;
use crate::verdict::{Finding, Severity, Text};

/// Pages whose text is read; recognising a material never needs more.
pub const MAX_TEXT_PAGES: u32 = 50;
/// Characters of text kept.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Name of the thread the fallback extractor runs on (a CLI may silence its panic messages).
pub const EXTRACTOR_THREAD: &str = "pdf-extract";
/// How long the fallback extractor may run.
pub const FALLBACK_TIMEOUT: Duration = Duration::from_secs(10);

/// Which extractor produced the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    Lopdf,
    PdfExtract,
    /// No extractor found any text (image-only PDF, or unreadable).
    None,
}

/// What was read from a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    /// Number of pages, when the page tree could be read.
    pub pages: Option<u32>,
    pub source: TextSource,
    pub findings: Vec<Finding>,
}

/// Reads the text layer of `bytes` (a PDF), bounded by `limits`.
pub fn extract(bytes: &[u8], limits: &Limits) -> PdfText {
    extract_with(bytes, limits, true)
}

/// [`extract`] without the fallback extractor: the part that runs on the caller's thread (the
/// fuzz target's subject; the fallback is isolated by a thread and a time limit instead).
pub fn extract_primary(bytes: &[u8], limits: &Limits) -> PdfText {
    extract_with(bytes, limits, false)
}

fn extract_with(bytes: &[u8], limits: &Limits, allow_fallback: bool) -> PdfText {
    let mut out = PdfText {
        text: String::new(),
        pages: None,
        source: TextSource::None,
        findings: Vec::new(),
    };
    let stream_limit = usize::try_from(limits.max_stream_bytes).unwrap_or(usize::MAX);
    let primary = match catch_unwind(AssertUnwindSafe(|| with_lopdf(bytes, stream_limit))) {
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
    if allow_fallback && wants_fallback(&out, &primary, bytes.len()) {
        fallback(bytes, &mut out);
    }
    truncate_chars(&mut out.text, MAX_TEXT_CHARS);
    out
}

/// Files larger than this never go to the fallback extractor: it has no decompression limit,
/// and a thread cannot be stopped or bounded in memory.
pub const FALLBACK_MAX_BYTES: usize = 16 * 1024 * 1024;

/// What lopdf made of a PDF.
struct Primary {
    text: String,
    pages: Option<u32>,
    /// The first error: load failure or a page whose text could not be decoded.
    error: Option<String>,
    /// A decompression limit was hit (a possible bomb).
    hit_limit: bool,
}

/// The fallback runs only where it can help and cannot hurt: lopdf found no text because it
/// failed (not because the PDF has none), no decompression limit was hit, and the file is small.
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

fn with_lopdf(bytes: &[u8], stream_limit: usize) -> Primary {
    let mut primary = Primary {
        text: String::new(),
        pages: None,
        error: None,
        hit_limit: false,
    };
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(stream_limit),
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
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    primary.pages = Some(u32::try_from(pages.len()).unwrap_or(u32::MAX));
    let wanted: Vec<u32> = pages.into_iter().take(MAX_TEXT_PAGES as usize).collect();
    for chunk in doc.extract_text_chunks_with_limit(&wanted, stream_limit) {
        match chunk {
            Ok(text) => primary.text.push_str(&text),
            Err(e) => {
                primary.hit_limit |= is_limit(&e);
                if primary.error.is_none() {
                    primary.error = Some(e.to_string());
                }
            }
        }
        if primary.text.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
    }
    primary
}

fn fallback(bytes: &[u8], out: &mut PdfText) {
    match isolated_pdf_extract(bytes, FALLBACK_TIMEOUT) {
        Fallback::Text(text) if !text.trim().is_empty() => {
            out.text = text;
            out.source = TextSource::PdfExtract;
        }
        Fallback::Text(_) => {}
        Fallback::Error(reason) => out.findings.push(
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
        Fallback::Panicked(reason) => out.findings.push(
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
        Fallback::TimedOut => out.findings.push(Finding::new(
            "TEXT_EXTRACTOR_TIMEOUT",
            Severity::Warning,
            Text::new(
                "the fallback text extractor did not finish in time",
                "备用文本提取器未能在限定时间内完成",
            ),
        )),
    }
}

/// Outcome of the isolated fallback extractor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    Text(String),
    Error(String),
    Panicked(String),
    TimedOut,
}

/// Runs pdf-extract on a copy of `bytes` on its own thread; a panic or a hang cannot reach the
/// caller. (The default panic hook still prints the panic message on stderr.)
pub fn isolated_pdf_extract(bytes: &[u8], timeout: Duration) -> Fallback {
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(EXTRACTOR_THREAD.into())
        .spawn(move || {
            let result = catch_unwind(|| pdf_extract::extract_text_from_mem(&owned));
            let outcome = match result {
                Ok(Ok(text)) => Fallback::Text(text),
                Ok(Err(e)) => Fallback::Error(e.to_string()),
                Err(payload) => Fallback::Panicked(panic_message(payload.as_ref())),
            };
            let _ = tx.send(outcome);
        });
    if let Err(e) = spawned {
        return Fallback::Error(format!("cannot start extractor thread: {e}"));
    }
    match rx.recv_timeout(timeout) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => Fallback::TimedOut,
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Fallback::Panicked("extractor thread ended without a result".into())
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic without message".to_string()
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

    #[test]
    fn pdf_extract_panic_is_contained() {
        // pdf-extract panics on UniGB-UCS2-H ("unsupported encoding"); the caller gets a value.
        let outcome =
            isolated_pdf_extract(&fixture("unit_registration_form.pdf"), FALLBACK_TIMEOUT);
        match outcome {
            Fallback::Panicked(msg) => assert!(msg.contains("encoding"), "{msg}"),
            other => panic!("expected a contained panic, got {other:?}"),
        }
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
