//! Reads the text of a PDF's pages in drawing order, on top of lopdf's parser and font
//! decoding, and keeps its lines.
//!
//! lopdf's own extractor ignores Form XObjects and every positioning operator except `T*`, so
//! two lines drawn with `Td` came out as one run ("…X5W154" + "2026…" read as one 22-character
//! code). Here a move of the text line matrix to another baseline (`Td`, `TD`, `Tm`, `T*`,
//! `'`, `"`) starts a new line, and a move along the same baseline separates words.
//!
//! Form XObjects (`Do`) are read where they are drawn, with three bounds that make a hostile
//! file cheap: each form is read at most once per document (a form that draws itself, or a
//! tree of forms that draw each other thousands of times, costs its size once), nesting is
//! bounded, and every decoded content byte and every operation counts against one budget.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

use super::ops::{Operand, Ops};

/// How much work reading one document's text may cost.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Decoded bytes of one content stream (page, form or font map).
    pub stream_bytes: usize,
    /// Decoded content bytes across the whole document.
    pub content_bytes: usize,
    /// Content operations interpreted across the whole document.
    pub operations: usize,
    /// Nesting of Form XObjects inside a page.
    pub form_depth: usize,
    /// Fonts whose encoding is resolved.
    pub fonts: usize,
    /// Bytes of text produced; reading stops quietly once this much is there.
    pub text_bytes: usize,
}

/// What reading stopped on, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A budget ran out: the file may be built to exhaust the reader.
    Limit(String),
}

/// The text read so far and what went wrong on the way.
#[derive(Debug, Default)]
pub struct Layout {
    pub text: String,
    /// The first error that did not stop reading (a font or stream lopdf could not decode).
    pub error: Option<String>,
    pub stop: Option<Stop>,
    /// Form XObjects read (each at most once).
    pub forms_read: usize,
    /// Draws of a form already read, or nested deeper than allowed, that were skipped.
    pub forms_skipped: usize,
    pub operations: usize,
    /// Decoded content bytes read (counted against [`Budget::content_bytes`]).
    pub content_bytes: usize,
}

/// Reads the text of `pages` (page object ids, in order).
pub fn read_pages(doc: &Document, pages: &[ObjectId], budget: Budget) -> Layout {
    let mut reader = Reader {
        doc,
        budget,
        content_used: 0,
        fonts_used: 0,
        visited_forms: HashSet::new(),
        out: Layout::default(),
        line: LineState::default(),
    };
    for page in pages {
        if reader.finished() {
            break;
        }
        let resources = page_resources(doc, *page);
        let content = match reader.page_content(*page) {
            Some(content) => content,
            None => continue,
        };
        reader.run(&content, &resources, 0);
        reader.new_line();
    }
    reader.out.content_bytes = reader.content_used;
    reader.out
}

/// The resource dictionaries that apply to a page: its own, then inherited ones.
fn page_resources(doc: &Document, page: ObjectId) -> Vec<&Dictionary> {
    let Ok((direct, ids)) = doc.get_page_resources(page) else {
        return Vec::new();
    };
    direct
        .into_iter()
        .chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()))
        .collect()
}

/// Where the text line matrix is: enough to tell a new line from a move along the same one.
#[derive(Debug, Clone, Copy)]
struct LineState {
    /// Text line matrix [a b c d e f].
    matrix: [f32; 6],
    /// Text leading (`TL`), used by `T*`.
    leading: f32,
}

impl Default for LineState {
    fn default() -> Self {
        LineState {
            matrix: IDENTITY,
            leading: 0.0,
        }
    }
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
/// Baselines closer than this (text space units) are the same line.
const SAME_LINE: f32 = 0.01;

/// How a move of the text line matrix separates what comes before from what comes after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    None,
    Word,
    Line,
}

impl LineState {
    /// `Td`: translate the line matrix by (tx, ty) in text space.
    fn translate(&mut self, tx: f32, ty: f32) -> Break {
        let [a, b, c, d, e, f] = self.matrix;
        let new_e = tx * a + ty * c + e;
        let new_f = tx * b + ty * d + f;
        self.matrix = [a, b, c, d, new_e, new_f];
        classify(e, f, new_e, new_f)
    }

    /// `Tm`: set the line matrix.
    fn set(&mut self, m: [f32; 6]) -> Break {
        let [_, _, _, _, e, f] = self.matrix;
        self.matrix = m;
        classify(e, f, m[4], m[5])
    }
}

fn classify(e: f32, f: f32, new_e: f32, new_f: f32) -> Break {
    if (new_f - f).abs() > SAME_LINE || !new_f.is_finite() {
        Break::Line
    } else if (new_e - e).abs() > SAME_LINE || !new_e.is_finite() {
        Break::Word
    } else {
        Break::None
    }
}

/// The named resources of one kind (`Font`, `XObject`) visible to a content stream.
fn lookup<'d>(
    doc: &'d Document,
    resources: &[&'d Dictionary],
    kind: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'d Dictionary, Option<&'d lopdf::Stream>)> {
    for dict in resources {
        let Ok(group) = dict.get_deref(kind, doc).and_then(Object::as_dict) else {
            continue;
        };
        let Ok(entry) = group.get(name) else {
            continue;
        };
        let Ok((id, object)) = doc.dereference(entry) else {
            continue;
        };
        match object {
            Object::Dictionary(d) => return Some((id, d, None)),
            Object::Stream(s) => return Some((id, &s.dict, Some(s))),
            _ => continue,
        }
    }
    None
}

struct Reader<'d> {
    doc: &'d Document,
    budget: Budget,
    content_used: usize,
    fonts_used: usize,
    visited_forms: HashSet<ObjectId>,
    out: Layout,
    line: LineState,
}

impl<'d> Reader<'d> {
    fn finished(&self) -> bool {
        self.out.stop.is_some() || self.out.text.len() >= self.budget.text_bytes
    }

    fn limit(&mut self, reason: String) {
        if self.out.stop.is_none() {
            self.out.stop = Some(Stop::Limit(reason));
        }
    }

    fn note_error(&mut self, reason: String) {
        if self.out.error.is_none() {
            self.out.error = Some(reason);
        }
    }

    /// What is left of the content budget for the next stream.
    fn stream_allowance(&self) -> usize {
        self.budget
            .stream_bytes
            .min(self.budget.content_bytes.saturating_sub(self.content_used))
    }

    /// Decodes one stream against the budget; `None` after a limit or an error.
    fn decode(&mut self, stream: &lopdf::Stream) -> Option<Vec<u8>> {
        let allowance = self.stream_allowance();
        match stream.decompressed_content_with_limit(allowance) {
            Ok(data) => {
                self.content_used = self.content_used.saturating_add(data.len());
                Some(data)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.limit(format!(
                    "content streams decode to more than {} bytes (per stream {}, per document {})",
                    allowance, self.budget.stream_bytes, self.budget.content_bytes
                ));
                None
            }
            Err(e) => {
                self.note_error(format!("content stream not decoded: {e}"));
                None
            }
        }
    }

    /// The concatenated content streams of a page (those that could be decoded).
    fn page_content(&mut self, page: ObjectId) -> Option<Vec<u8>> {
        let mut content = Vec::new();
        for id in self.doc.get_page_contents(page) {
            let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            match self.decode(stream) {
                Some(data) => content.extend_from_slice(&data),
                // A budget ran out: nothing more is read.
                None if self.out.stop.is_some() => return None,
                // A stream that cannot be decoded is left out; the others are still read.
                None => {}
            }
            content.push(b'\n');
        }
        Some(content)
    }

    fn new_line(&mut self) {
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.out.text.push('\n');
        }
    }

    fn word_break(&mut self) {
        if !self.out.text.is_empty() && !self.out.text.ends_with(char::is_whitespace) {
            self.out.text.push(' ');
        }
    }

    fn apply(&mut self, brk: Break) {
        match brk {
            Break::Line => self.new_line(),
            Break::Word => self.word_break(),
            Break::None => {}
        }
    }

    /// Interprets one content stream with the resources visible to it.
    fn run(&mut self, content: &[u8], resources: &[&'d Dictionary], depth: usize) {
        // Fonts are resolved when first selected, once per content stream.
        let mut fonts: BTreeMap<Vec<u8>, Option<Encoding<'d>>> = BTreeMap::new();
        let mut font: Option<Vec<u8>> = None;
        let mut ops = Ops::new(content);
        while let Some((operator, operands)) = ops.next_op() {
            if self.finished() {
                return;
            }
            self.out.operations += 1;
            if self.out.operations > self.budget.operations {
                self.limit(format!(
                    "more than {} content operations",
                    self.budget.operations
                ));
                return;
            }
            let number = |i: usize| operands.get(i).and_then(Operand::number);
            match operator {
                b"BT" => self.line.matrix = IDENTITY,
                b"ET" => self.new_line(),
                b"Tf" => {
                    font = operands.first().and_then(Operand::name).map(<[u8]>::to_vec);
                    if let Some(name) = &font {
                        if !fonts.contains_key(name) {
                            let encoding = self.font_encoding(resources, name);
                            fonts.insert(name.clone(), encoding);
                        }
                    }
                }
                b"TL" => {
                    if let Some(l) = number(0) {
                        self.line.leading = l;
                    }
                }
                b"Td" | b"TD" => {
                    if let (Some(tx), Some(ty)) = (number(0), number(1)) {
                        if operator == b"TD" {
                            self.line.leading = -ty;
                        }
                        let brk = self.line.translate(tx, ty);
                        self.apply(brk);
                    }
                }
                b"Tm" => {
                    if let (Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)) = (
                        number(0),
                        number(1),
                        number(2),
                        number(3),
                        number(4),
                        number(5),
                    ) {
                        let brk = self.line.set([a, b, c, d, e, f]);
                        self.apply(brk);
                    }
                }
                b"T*" => {
                    self.line.translate(0.0, -self.line.leading);
                    self.new_line();
                }
                b"Tj" | b"TJ" => self.show(&fonts, font.as_deref(), operands.first()),
                b"'" => {
                    self.line.translate(0.0, -self.line.leading);
                    self.new_line();
                    self.show(&fonts, font.as_deref(), operands.first());
                }
                b"\"" => {
                    self.line.translate(0.0, -self.line.leading);
                    self.new_line();
                    self.show(&fonts, font.as_deref(), operands.get(2));
                }
                b"Do" => {
                    if let Some(name) = operands.first().and_then(Operand::name) {
                        let name = name.to_vec();
                        self.draw_form(resources, &name, depth);
                    }
                }
                _ => {}
            }
        }
    }

    fn font_encoding(&mut self, resources: &[&'d Dictionary], name: &[u8]) -> Option<Encoding<'d>> {
        let (_, font, _) = lookup(self.doc, resources, b"Font", name)?;
        self.fonts_used += 1;
        if self.fonts_used > self.budget.fonts {
            self.limit(format!("more than {} fonts", self.budget.fonts));
            return None;
        }
        let allowance = self.stream_allowance();
        match font.get_font_encoding_with_limit(self.doc, allowance) {
            Ok(encoding) => Some(encoding),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.limit(format!(
                    "a font's character map decodes to more than {allowance} bytes"
                ));
                None
            }
            Err(e) => {
                self.note_error(format!("font not decoded: {e}"));
                None
            }
        }
    }

    /// Appends the text of a `Tj` string or a `TJ` array.
    fn show(
        &mut self,
        fonts: &BTreeMap<Vec<u8>, Option<Encoding<'d>>>,
        font: Option<&[u8]>,
        operand: Option<&Operand>,
    ) {
        let Some(Some(encoding)) = font.and_then(|f| fonts.get(f)) else {
            return;
        };
        let Some(operand) = operand else {
            return;
        };
        let parts: &[Operand] = match operand {
            Operand::Array(items) => items,
            other => std::slice::from_ref(other),
        };
        for part in parts {
            match part {
                Operand::Str(bytes) => {
                    if let Err(e) = encoding.write_to_string(bytes, &mut self.out.text) {
                        self.note_error(format!("text not decoded: {e}"));
                    }
                }
                // A large negative adjustment in a TJ array is a gap between words.
                Operand::Number(n) if *n < -250.0 => self.word_break(),
                _ => {}
            }
        }
    }

    /// `Do`: reads a Form XObject where it is drawn, once per document.
    fn draw_form(&mut self, resources: &[&'d Dictionary], name: &[u8], depth: usize) {
        let Some((Some(id), dict, Some(stream))) = lookup(self.doc, resources, b"XObject", name)
        else {
            return;
        };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return;
        }
        if depth >= self.budget.form_depth || !self.visited_forms.insert(id) {
            self.out.forms_skipped += 1;
            return;
        }
        let Some(content) = self.decode(stream) else {
            return;
        };
        self.out.forms_read += 1;
        // A form without resources of its own uses those of what draws it.
        let own: Vec<&'d Dictionary> = match dict.get_deref(b"Resources", self.doc) {
            Ok(Object::Dictionary(r)) => vec![r],
            _ => resources.to_vec(),
        };
        let saved = self.line;
        self.line = LineState::default();
        self.run(&content, &own, depth + 1);
        self.line = saved;
    }
}
