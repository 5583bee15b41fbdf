//! The lines of a PDF the evidence is read from: the text layer page by page (through
//! [`crate::pdf_text::layout`], the same reader and budget as the review's text) and the
//! metadata (Info dictionary, XMP packet).

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object};

use super::{Origin, SourcedLine};
use crate::pdf_text::{self, layout, MAX_TEXT_PAGES};
use crate::policy::Limits;
use crate::seal::xml;

/// Metadata entries (Info keys, XMP elements) read, at most.
const MAX_METADATA_LINES: usize = 256;
/// Characters of one metadata value kept.
const MAX_METADATA_CHARS: usize = 1024;
/// Largest XMP packet read.
const MAX_XMP_BYTES: usize = 1024 * 1024;

/// Which parts of the PDF a valid signature covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfCoverage {
    /// A valid signature covers the page text (the text-layer lines count as signed).
    pub text: bool,
    /// A valid signature covers the Info dictionary and XMP metadata.
    pub metadata: bool,
}

/// The text-layer and metadata lines of `bytes`; empty when lopdf cannot read the file.
pub fn lines(bytes: &[u8], limits: &Limits, coverage: PdfCoverage) -> Vec<SourcedLine> {
    catch_unwind(AssertUnwindSafe(|| read(bytes, limits, coverage))).unwrap_or_default()
}

fn read(bytes: &[u8], limits: &Limits, coverage: PdfCoverage) -> Vec<SourcedLine> {
    let mut budget = pdf_text::budget(limits);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(budget.stream_bytes),
        ..lopdf::LoadOptions::default()
    };
    let Ok(doc) = Document::load_mem_with_options(bytes, options) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let pages: Vec<lopdf::ObjectId> = doc
        .get_pages()
        .values()
        .copied()
        .take(MAX_TEXT_PAGES as usize)
        .collect();
    for (index, page) in pages.iter().enumerate() {
        let read = layout::read_pages(&doc, &[*page], budget);
        let page_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (line_index, text) in read.text.lines().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            out.push(SourcedLine {
                text: text.to_string(),
                origin: Origin::PdfText,
                page: page_number,
                line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
                signed: coverage.text,
            });
        }
        // One budget for the whole document, as the review's reader has.
        budget.operations = budget.operations.saturating_sub(read.operations);
        budget.content_bytes = budget.content_bytes.saturating_sub(read.content_bytes);
        budget.text_bytes = budget.text_bytes.saturating_sub(read.text.len());
        if read.stop.is_some() || budget.operations == 0 || budget.text_bytes == 0 {
            break;
        }
    }
    let mut metadata = info_lines(&doc);
    metadata.extend(xmp_lines(&doc, budget.stream_bytes.min(MAX_XMP_BYTES)));
    out.extend(
        metadata
            .into_iter()
            .take(MAX_METADATA_LINES)
            .enumerate()
            .map(|(i, text)| SourcedLine {
                text,
                origin: Origin::PdfMetadata,
                page: 0,
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                signed: coverage.metadata,
            }),
    );
    out
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 (with or without its mark, as
/// many Chinese producers write it), else PDFDocEncoding read as Latin-1.
pub fn decode_text_string(bytes: &[u8]) -> String {
    let text = if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| match pair {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
        }
    };
    text.chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .take(MAX_METADATA_CHARS)
        .collect()
}

fn dictionary<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// `key: value` for every string entry of the trailer's Info dictionary.
fn info_lines(doc: &Document) -> Vec<String> {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| dictionary(doc, o))
    else {
        return Vec::new();
    };
    info.iter()
        .take(MAX_METADATA_LINES)
        .filter_map(|(key, value)| {
            let value = match value {
                Object::Reference(id) => doc.get_object(*id).ok()?,
                direct => direct,
            };
            let Object::String(bytes, _) = value else {
                return None;
            };
            let key = String::from_utf8_lossy(key);
            Some(format!("{key}: {}", decode_text_string(bytes)))
        })
        .collect()
}

/// `element: text` for every element with text in the catalog's XMP packet.
fn xmp_lines(doc: &Document, max_bytes: usize) -> Vec<String> {
    let Some(stream) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_object(*id).ok(),
            _ => None,
        })
        .and_then(|o| o.as_stream().ok())
    else {
        return Vec::new();
    };
    let content = if stream.dict.get(b"Filter").is_ok() {
        match stream.decompressed_content_with_limit(max_bytes) {
            Ok(c) => c,
            Err(_) => return Vec::new(),
        }
    } else {
        stream.content.clone()
    };
    if content.len() > max_bytes {
        return Vec::new();
    }
    // The packet wrapper (<?xpacket …?>) is a processing instruction the parser skips.
    let Ok(root) = xml::parse(&content) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_xml_text(&root, "", &mut out);
    out
}

/// Text of `element` and its descendants, each under the name of its nearest named ancestor
/// (an `rdf:li` is labelled with the property that holds it).
fn collect_xml_text(element: &xml::Element, property: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_METADATA_LINES {
        return;
    }
    let name = if matches!(element.name.as_str(), "li" | "Alt" | "Seq" | "Bag") {
        property
    } else {
        element.name.as_str()
    };
    let text = element.text.trim();
    if !text.is_empty() {
        let value: String = text.chars().take(MAX_METADATA_CHARS).collect();
        out.push(format!("{name}: {value}"));
    }
    // Simple properties may be written as attributes of rdf:Description.
    for (key, value) in &element.attributes {
        if element.name == "Description" && !key.starts_with("xmlns") && key != "about" {
            out.push(format!(
                "{key}: {}",
                value.chars().take(MAX_METADATA_CHARS).collect::<String>()
            ));
        }
    }
    for child in &element.children {
        collect_xml_text(child, name, out);
    }
}
