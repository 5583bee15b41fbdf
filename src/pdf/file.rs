//! A PDF file as a sequence of revisions (incremental updates), read lazily.
//!
//! Only the cross-reference sections and trailers are parsed up front; objects are parsed on
//! demand, from the revision's point of view (an object number resolves to the newest definition
//! at or before that revision). Every loop and recursion is bounded by `Limits`.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use super::filters;
use super::object::{Dict, ObjRef, Object};
use super::parser::{is_whitespace, PResult, ParseError, Parser};
use crate::byte_search::{find, rfind};
use crate::policy::{limit_codes, Limits};
use crate::verdict::{Finding, Severity, Text};

/// Objects from this size on are reported done with once parsed (see
/// [`PdfFile::report_done_with`]); smaller ones would cost a report for too few pages.
const LARGE_OBJECT: usize = 64 << 10;

/// One cross-reference entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefEntry {
    Free,
    InUse { offset: usize, gen: u16 },
    Compressed { stream: u32, index: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefKind {
    Table,
    Stream,
    /// Rebuilt by scanning for objects because the cross-reference data was unusable.
    Reconstructed,
}

/// One revision: what its cross-reference section(s) define, and where it ends.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Offset of the `xref` keyword or of the cross-reference stream object.
    pub xref_offset: usize,
    pub kind: XrefKind,
    pub trailer: Dict,
    /// Entries defined by this revision (not inherited ones).
    pub entries: BTreeMap<u32, XrefEntry>,
    /// Offset just past this revision's `%%EOF` (and its end-of-line), or the file length.
    pub end: usize,
    /// Offset right after the `%%EOF` marker itself (before any end-of-line).
    pub eof_marker_end: usize,
    /// Object number of the cross-reference stream, if any.
    pub xref_stream: Option<u32>,
    /// Largest offset of a cross-reference section belonging to this revision (linearized files
    /// have two); the revision ends at the first `%%EOF` after it.
    pub section_end_hint: usize,
}

/// Hears of bytes of the file the parser is done with (see [`PdfFile::report_done_with`]).
pub type DoneWith<'a> = &'a dyn Fn(&[u8]);

/// A parsed PDF file.
pub struct PdfFile<'a> {
    pub bytes: &'a [u8],
    pub header_offset: usize,
    /// Added to every offset the cross-reference data gives: non-zero when the writer counted
    /// offsets from the `%PDF` header and junk precedes it.
    pub offset_shift: usize,
    /// Oldest first.
    pub revisions: Vec<Revision>,
    pub findings: Vec<Finding>,
    /// Offsets just past the `%%EOF` markers that end revisions (the first marker after each
    /// cross-reference section), in order. Other markers in the file are not searched for.
    pub eof_markers: Vec<usize>,
    limits: Limits,
    decoded_total: Cell<u64>,
    /// Bytes the parser has read so far, and how many it may read (see `Limits`).
    work: Cell<u64>,
    work_budget: u64,
    object_streams: RefCell<HashMap<usize, Rc<ObjectStream>>>,
    lazy_findings: RefCell<Vec<Finding>>,
    /// Per revision: where each `n g obj` header inside that revision's bytes starts (built on
    /// demand when a cross-reference offset turns out to be wrong).
    headers: RefCell<HashMap<usize, Rc<HashMap<u32, usize>>>>,
    /// Told of each large object once parsed (see [`PdfFile::report_done_with`]).
    done_with: Option<DoneWith<'a>>,
    /// The revision limit stopped the `/Prev` chain: older revisions exist but are not in
    /// `revisions` (their signatures are found by a byte search and reported as not analysed).
    pub revisions_truncated: bool,
}

struct ObjectStream {
    data: Vec<u8>,
    /// (object number, offset within data)
    index: Vec<(u32, usize)>,
    first: usize,
}

/// How deep reference chains are followed (an indirect /Length inside an object stream whose
/// /Length is indirect …).
const MAX_RESOLVE_DEPTH: usize = 8;

impl<'a> PdfFile<'a> {
    /// Reads the cross-reference structure. Never fails: problems are findings, and a file
    /// without usable structure has zero revisions.
    pub fn parse(bytes: &'a [u8], header_offset: usize, limits: &Limits) -> PdfFile<'a> {
        let mut file = PdfFile {
            bytes,
            header_offset,
            offset_shift: 0,
            revisions: Vec::new(),
            findings: Vec::new(),
            eof_markers: Vec::new(),
            limits: limits.clone(),
            decoded_total: Cell::new(0),
            work: Cell::new(0),
            work_budget: limits.parse_work_budget(bytes.len()),
            object_streams: RefCell::new(HashMap::new()),
            lazy_findings: RefCell::new(Vec::new()),
            headers: RefCell::new(HashMap::new()),
            done_with: None,
            revisions_truncated: false,
        };
        file.load_revisions();
        if file.revisions.is_empty() {
            file.reconstruct();
        }
        file
    }

    /// From now on, passes over the whole file and every object of at least `LARGE_OBJECT`
    /// bytes report their bytes to `done_with` once read (see [`PdfFile::done_with`]).
    pub fn report_done_with(&mut self, done_with: DoneWith<'a>) {
        self.done_with = Some(done_with);
    }

    /// Reports `part` (a slice of this file) as read through, when someone listens (see
    /// [`crate::document`]). Large objects are reported too: the parser only reads the ends of
    /// a large stream (its dictionary and the `endstream` after it), but the kernel maps whole
    /// page-cache folios around each read, which would keep megabytes of a memory-mapped file
    /// resident per stream.
    pub fn done_with(&self, part: &[u8]) {
        if let Some(done_with) = self.done_with {
            done_with(part);
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn finding(&mut self, code: &str, severity: Severity, en: String, zh: String) {
        self.findings
            .push(Finding::new(code, severity, Text::new(en, zh)));
    }

    fn load_revisions(&mut self) {
        let Some(startxref) = rfind(self.bytes, b"startxref") else {
            self.finding(
                "NO_STARTXREF",
                Severity::Warning,
                "no startxref keyword: cross-reference data rebuilt by scanning".into(),
                "未找到startxref，已通过扫描重建交叉引用".into(),
            );
            return;
        };
        let mut p = Parser::new(self.bytes, startxref + 9, self.limits.max_depth);
        let Ok(first) = p.uint() else {
            self.finding(
                "BAD_STARTXREF",
                Severity::Warning,
                format!("startxref at offset {startxref} has no valid offset"),
                format!("偏移量{startxref}处的startxref无有效偏移"),
            );
            return;
        };
        let mut newest_first: Vec<Revision> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::new();
        let mut chain_broken = false;
        let mut next = usize::try_from(first).ok();
        while let Some(offset) = next {
            if newest_first.len() >= self.limits.max_revisions {
                self.revisions_truncated = true;
                self.limit_finding(
                    limit_codes::REVISIONS,
                    format!(
                        "more than {} revisions; older ones ignored",
                        self.limits.max_revisions
                    ),
                    format!(
                        "修订版本超过{}个，更早的版本未处理",
                        self.limits.max_revisions
                    ),
                );
                break;
            }
            let located = self.locate_xref(offset).or_else(|| {
                // A wrong startxref value (seen in the wild after careless edits): take the
                // cross-reference section that precedes the keyword, if there is one.
                (newest_first.is_empty())
                    .then(|| self.xref_before(startxref))
                    .flatten()
            });
            if located.is_some()
                && located != Some(offset)
                && newest_first.is_empty()
                && self.locate_xref(offset).is_none()
            {
                self.finding(
                    "STARTXREF_REPAIRED",
                    Severity::Warning,
                    format!("startxref says {offset}, but no cross-reference section is there; used the one before the keyword"),
                    format!("startxref指向{offset}处，但该处无交叉引用表；已改用关键字之前的交叉引用表"),
                );
            }
            if newest_first.is_empty()
                && self.header_offset > 0
                && located == offset.checked_add(self.header_offset)
                && !self.looks_like_xref(offset)
            {
                self.offset_shift = self.header_offset;
            }
            let Some(offset) = located else {
                chain_broken = true;
                self.finding(
                    "BAD_XREF_OFFSET",
                    Severity::Warning,
                    format!("cross-reference offset {offset} does not point at a cross-reference section"),
                    format!("交叉引用偏移量{offset}未指向交叉引用表"),
                );
                break;
            };
            if !seen.insert(offset) {
                chain_broken = true;
                self.finding(
                    "XREF_PREV_CYCLE",
                    Severity::Error,
                    format!("/Prev chain loops back to offset {offset}"),
                    format!("/Prev链在偏移量{offset}处形成循环"),
                );
                break;
            }
            match self.read_section(offset) {
                Some(mut rev) => {
                    // Hybrid files: the /XRefStm stream adds entries to the same revision.
                    if let Some(stm) = rev
                        .trailer
                        .int(b"XRefStm")
                        .and_then(|o| usize::try_from(o).ok())
                        .and_then(|o| self.locate_xref(o))
                    {
                        if seen.insert(stm) {
                            if let Some(extra) = self.read_section(stm) {
                                for (num, entry) in extra.entries {
                                    rev.entries.entry(num).or_insert(entry);
                                }
                            }
                        }
                    }
                    next = rev
                        .trailer
                        .int(b"Prev")
                        .and_then(|o| usize::try_from(o).ok());
                    // Linearized files: the first-page section near the start of the file points
                    // *forward* to the main section; both describe one and the same revision.
                    while let Some(prev) = next.filter(|&p| p > offset) {
                        if !seen.insert(prev) {
                            break;
                        }
                        let Some(main) = self.read_section(prev) else {
                            break;
                        };
                        for (num, entry) in main.entries {
                            rev.entries.entry(num).or_insert(entry);
                        }
                        rev.section_end_hint = rev.section_end_hint.max(prev);
                        next = main
                            .trailer
                            .int(b"Prev")
                            .and_then(|o| usize::try_from(o).ok());
                    }
                    newest_first.push(rev);
                }
                None => {
                    chain_broken = true;
                    self.finding(
                        "BAD_XREF_SECTION",
                        Severity::Warning,
                        format!("unreadable cross-reference section at offset {offset}"),
                        format!("偏移量{offset}处的交叉引用表无法读取"),
                    );
                    break;
                }
            }
        }
        newest_first.reverse();
        self.revisions = newest_first;
        if chain_broken {
            self.rescan_sections();
        }
        self.assign_revision_ends();
    }

    /// Cross-reference offsets are relative to the start of the file, but some writers make
    /// them relative to the `%PDF` header when junk precedes it; accept both.
    fn locate_xref(&self, offset: usize) -> Option<usize> {
        let candidates = [Some(offset), offset.checked_add(self.header_offset)];
        candidates
            .into_iter()
            .flatten()
            .find(|&o| self.looks_like_xref(o))
    }

    /// When the `/Prev` chain is broken, every cross-reference section that can be found in the
    /// file becomes a revision, in file order (what careful readers do for damaged files).
    fn rescan_sections(&mut self) {
        let mut offsets: Vec<usize> = self.revisions.iter().map(|r| r.xref_offset).collect();
        let mut pos = 0;
        while let Some(found) = self.bytes.get(pos..).and_then(|rest| find(rest, b"xref")) {
            let at = pos + found;
            pos = at + 4;
            let line_start = at == 0
                || self
                    .bytes
                    .get(at - 1)
                    .is_some_and(|&b| b == b'\n' || b == b'\r');
            if line_start && !offsets.contains(&at) && self.looks_like_xref(at) {
                offsets.push(at);
            }
            if offsets.len() > self.limits.max_revisions {
                self.revisions_truncated = true;
                break;
            }
        }
        offsets.sort_unstable();
        offsets.dedup();
        let mut revisions = Vec::new();
        for offset in offsets.into_iter().take(self.limits.max_revisions) {
            if let Some(rev) = self.read_section(offset) {
                revisions.push(rev);
            }
        }
        if revisions.len() > self.revisions.len() {
            self.revisions = revisions;
            self.finding(
                "XREF_CHAIN_REBUILT",
                Severity::Warning,
                "the chain of cross-reference sections is broken; revisions were rebuilt from every section found in the file".into(),
                "交叉引用表链已断裂，已根据文件中找到的全部交叉引用表重建修订版本".into(),
            );
        }
    }

    /// The last `xref` keyword that starts a line before `limit` (not the one in `startxref`).
    fn xref_before(&self, limit: usize) -> Option<usize> {
        let head = self.bytes.get(..limit)?;
        let mut end = head.len();
        for _ in 0..64 {
            let at = rfind(head.get(..end)?, b"xref")?;
            let line_start = at == 0 || head.get(at - 1).is_some_and(|&b| b == b'\n' || b == b'\r');
            if line_start && self.looks_like_xref(at) {
                return Some(at);
            }
            end = at;
        }
        None
    }

    fn looks_like_xref(&self, offset: usize) -> bool {
        let Some(rest) = self.bytes.get(offset..) else {
            return false;
        };
        if rest.starts_with(b"xref") {
            return true;
        }
        // `n g obj` of a cross-reference stream.
        let mut p = Parser::new(self.bytes, offset, 4);
        p.uint().is_ok() && p.uint().is_ok() && p.expect_keyword("obj").is_ok()
    }

    fn read_section(&mut self, offset: usize) -> Option<Revision> {
        let rest = self.bytes.get(offset..)?;
        if rest.starts_with(b"xref") {
            self.read_table(offset)
        } else {
            self.read_xref_stream(offset)
        }
    }

    fn read_table(&mut self, offset: usize) -> Option<Revision> {
        if !self.within_budget() {
            return None;
        }
        let mut p = Parser::new(self.bytes, offset + 4, self.limits.max_depth);
        let table = self.read_table_at(&mut p, offset);
        self.charge(offset, &p);
        table
    }

    fn read_table_at(&mut self, p: &mut Parser<'a>, offset: usize) -> Option<Revision> {
        let mut entries = BTreeMap::new();
        loop {
            p.skip_ws();
            let save = p.pos();
            let tok = p.token();
            if tok == b"trailer" {
                break;
            }
            p.set_pos(save);
            let start = p.uint().ok()?;
            let count = p.uint().ok()?;
            for i in 0..count {
                if entries.len() >= self.limits.max_objects {
                    self.limit_finding(
                        limit_codes::OBJECTS,
                        format!("more than {} objects", self.limits.max_objects),
                        format!("对象数量超过{}", self.limits.max_objects),
                    );
                    return None;
                }
                let off = p.uint().ok()?;
                let gen = p.uint().ok()?;
                let kind = p.token();
                let num = u32::try_from(start.checked_add(i)?).ok()?;
                let entry = match kind {
                    b"n" => XrefEntry::InUse {
                        offset: usize::try_from(off).ok()?.checked_add(self.offset_shift)?,
                        gen: u16::try_from(gen).unwrap_or(u16::MAX),
                    },
                    b"f" => XrefEntry::Free,
                    _ => return None,
                };
                // Within one section the first definition counts.
                entries.entry(num).or_insert(entry);
            }
        }
        let trailer = self.parsed(p.object(0))?;
        let Object::Dict(trailer) = trailer else {
            return None;
        };
        Some(Revision {
            xref_offset: offset,
            kind: XrefKind::Table,
            trailer,
            entries,
            end: 0,
            eof_marker_end: 0,
            xref_stream: None,
            section_end_hint: offset,
        })
    }

    fn read_xref_stream(&mut self, offset: usize) -> Option<Revision> {
        if !self.within_budget() {
            return None;
        }
        let mut p = Parser::new(self.bytes, offset, self.limits.max_depth);
        let parsed = p.indirect_object(&mut |_| None);
        self.charge(offset, &p);
        let (r, obj) = self.parsed(parsed)?;
        let Object::Stream(stream) = obj else {
            return None;
        };
        if stream.dict.name(b"Type") != Some(b"XRef") {
            return None;
        }
        let data = self.decode_stream(&stream.dict, stream.data.clone())?;
        let widths: Vec<usize> = stream
            .dict
            .get(b"W")?
            .as_array()?
            .iter()
            .map(|w| w.as_int().and_then(|w| usize::try_from(w).ok()))
            .collect::<Option<Vec<_>>>()?;
        let [w0, w1, w2] = widths.as_slice() else {
            return None;
        };
        let (w0, w1, w2) = (*w0, *w1, *w2);
        if w0 > 8 || w1 > 8 || w2 > 8 {
            return None;
        }
        let row = w0 + w1 + w2;
        if row == 0 {
            return None;
        }
        let size = stream.dict.int(b"Size").unwrap_or(0);
        let index: Vec<i64> = match stream.dict.get(b"Index").and_then(Object::as_array) {
            Some(a) => a.iter().filter_map(Object::as_int).collect(),
            None => vec![0, size],
        };
        let mut entries = BTreeMap::new();
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks_exact(2) {
            let (Some(&start), Some(&count)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let (Ok(start), Ok(count)) = (u32::try_from(start), u64::try_from(count)) else {
                return None;
            };
            for i in 0..count {
                let Some(fields) = rows.next() else { break };
                if entries.len() >= self.limits.max_objects {
                    self.limit_finding(
                        limit_codes::OBJECTS,
                        format!("more than {} objects", self.limits.max_objects),
                        format!("对象数量超过{}", self.limits.max_objects),
                    );
                    return None;
                }
                let t = if w0 == 0 { 1 } else { be(fields.get(..w0)?) };
                let f2 = be(fields.get(w0..w0 + w1)?);
                let f3 = be(fields.get(w0 + w1..)?);
                let num = start.checked_add(u32::try_from(i).ok()?)?;
                let entry = match t {
                    0 => XrefEntry::Free,
                    1 => XrefEntry::InUse {
                        offset: usize::try_from(f2).ok()?.checked_add(self.offset_shift)?,
                        gen: u16::try_from(f3).unwrap_or(u16::MAX),
                    },
                    2 => XrefEntry::Compressed {
                        stream: u32::try_from(f2).ok()?,
                        index: u32::try_from(f3).ok()?,
                    },
                    // Unknown types are to be ignored (ISO 32000-1 §7.5.8.3).
                    _ => continue,
                };
                entries.entry(num).or_insert(entry);
            }
        }
        Some(Revision {
            xref_offset: offset,
            kind: XrefKind::Stream,
            trailer: stream.dict,
            entries,
            end: 0,
            eof_marker_end: 0,
            xref_stream: Some(r.num),
            section_end_hint: offset,
        })
    }

    /// A revision ends at the first `%%EOF` after its cross-reference section.
    fn assign_revision_ends(&mut self) {
        let bytes = self.bytes;
        let len = bytes.len();
        // Search forward from each section (in file order) rather than scanning the whole file
        // for markers: a marker found from an earlier section answers every section before it,
        // and no marker after an earlier section means none after a later one, so no byte is
        // searched twice.
        let mut order: Vec<(usize, usize)> = self
            .revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.section_end_hint, i))
            .collect();
        order.sort_unstable();
        let mut previous: Option<Option<usize>> = None;
        let mut markers = Vec::new();
        for (hint, i) in order {
            // A marker ending just past the hint counts (the original rule: marker end > hint).
            let from = hint.saturating_sub(4);
            let marker_end = match previous {
                Some(Some(m)) if m > hint => Some(m),
                Some(None) => None,
                _ => bytes
                    .get(from..)
                    .and_then(|rest| find(rest, b"%%EOF"))
                    .map(|at| from + at + 5),
            };
            previous = Some(marker_end);
            let Some(rev) = self.revisions.get_mut(i) else {
                continue;
            };
            match marker_end {
                Some(marker_end) => {
                    markers.push(marker_end);
                    rev.eof_marker_end = marker_end;
                    rev.end = skip_eol(bytes, marker_end);
                }
                None => {
                    rev.eof_marker_end = len;
                    rev.end = len;
                }
            }
        }
        markers.sort_unstable();
        markers.dedup();
        self.eof_markers = markers;
    }

    /// Last resort for files whose cross-reference data is unusable: one revision made of every
    /// `n g obj` found by scanning, later definitions winning.
    fn reconstruct(&mut self) {
        let mut entries = BTreeMap::new();
        let mut trailer = Dict::new();
        let mut pos = 0;
        while let Some(found) = self.bytes.get(pos..).and_then(|rest| find(rest, b"obj")) {
            let at = pos + found;
            pos = at + 3;
            if let Some((num, gen, start)) = object_header_before(self.bytes, at) {
                if entries.len() >= self.limits.max_objects {
                    self.limit_finding(
                        limit_codes::OBJECTS,
                        format!("more than {} objects", self.limits.max_objects),
                        format!("对象数量超过{}", self.limits.max_objects),
                    );
                    break;
                }
                entries.insert(num, XrefEntry::InUse { offset: start, gen });
            }
        }
        // Trailer dictionaries (last one wins) give /Root; else a cross-reference stream's.
        let mut tpos = 0;
        while let Some(found) = self
            .bytes
            .get(tpos..)
            .and_then(|rest| find(rest, b"trailer"))
        {
            let at = tpos + found;
            tpos = at + 7;
            if !self.within_budget() {
                break;
            }
            let mut p = Parser::new(self.bytes, tpos, self.limits.max_depth);
            let parsed = p.object(0);
            self.charge(tpos, &p);
            if let Some(Object::Dict(d)) = self.parsed(parsed) {
                if d.contains(b"Root") {
                    trailer = d;
                }
            }
        }
        if entries.is_empty() {
            self.finding(
                "NO_PDF_STRUCTURE",
                Severity::Error,
                "no PDF objects found".into(),
                "未找到任何PDF对象".into(),
            );
            return;
        }
        let mut rev = Revision {
            xref_offset: 0,
            kind: XrefKind::Reconstructed,
            trailer,
            entries,
            end: self.bytes.len(),
            eof_marker_end: self.bytes.len(),
            xref_stream: None,
            section_end_hint: 0,
        };
        self.revisions.push(rev.clone());
        if !rev.trailer.contains(b"Root") {
            // Find the catalog by type.
            let nums: Vec<u32> = rev.entries.keys().copied().collect();
            for num in nums {
                if let Some(Object::Dict(d)) = self.get(0, ObjRef { num, gen: 0 }) {
                    if d.name(b"Type") == Some(b"Catalog") {
                        rev.trailer
                            .insert(b"Root".to_vec(), Object::Ref(ObjRef { num, gen: 0 }));
                    }
                }
            }
            self.revisions = vec![rev];
        }
        self.finding(
            "XREF_RECONSTRUCTED",
            Severity::Warning,
            "cross-reference data unusable; objects found by scanning the file".into(),
            "交叉引用数据不可用，已通过扫描文件定位对象".into(),
        );
    }

    /// Records a limit that was hit, once per code (objects are read lazily, after `parse`).
    pub(crate) fn limit_finding(&self, code: &str, en: String, zh: String) {
        let mut found = self.lazy_findings.borrow_mut();
        if !found.iter().any(|f| f.code == code) {
            found.push(crate::policy::limit_finding(code, en, zh));
        }
    }

    /// False, with a LIMIT_PARSE_WORK finding, once the parser has read as many bytes as the
    /// limits allow for this file.
    pub(crate) fn within_budget(&self) -> bool {
        if self.work.get() <= self.work_budget {
            return true;
        }
        self.limit_finding(
            limit_codes::PARSE_WORK,
            format!(
                "parsing read more than {} bytes (the cross-references make objects overlap); the rest was not read",
                self.work_budget
            ),
            format!(
                "解析读取量超过{}字节（交叉引用使对象相互重叠），其余部分未读取",
                self.work_budget
            ),
        );
        false
    }

    /// Charges the bytes `p` looked at since `from` to the work budget.
    pub(crate) fn charge(&self, from: usize, p: &Parser<'_>) {
        let read = p.reach().saturating_sub(from) as u64;
        self.work.set(self.work.get().saturating_add(read));
    }

    /// Keeps a parse result, recording LIMIT_DEPTH when the object was nested too deeply.
    pub(crate) fn parsed<T>(&self, result: PResult<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(ParseError::TooDeep(max)) => {
                self.limit_finding(
                    limit_codes::DEPTH,
                    format!("an object is nested more than {max} levels deep; it was not read"),
                    format!("某对象嵌套超过{max}层，未读取"),
                );
                None
            }
            Err(_) => None,
        }
    }

    /// Whether the limit with finding code `code` was hit so far.
    pub fn limit_hit(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
            || self.lazy_findings.borrow().iter().any(|f| f.code == code)
    }

    /// The limit (its finding code) that kept part of the cross-reference data out of the
    /// analysis: objects in those bytes are found by their headers alone, if at all.
    pub fn structure_limit(&self) -> Option<&'static str> {
        if self.revisions_truncated {
            Some(limit_codes::REVISIONS)
        } else if self.limit_hit(limit_codes::OBJECTS) {
            Some(limit_codes::OBJECTS)
        } else {
            None
        }
    }

    /// Findings from parsing plus the limits hit while objects were read lazily.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut out = self.findings.clone();
        out.extend(self.lazy_findings.borrow().iter().cloned());
        out
    }

    /// Decodes a stream's data, charging the document-wide decompression budget.
    pub fn decode_stream(&self, dict: &Dict, data: std::ops::Range<usize>) -> Option<Vec<u8>> {
        let raw = self.bytes.get(data)?;
        let remaining = self
            .limits
            .max_total_decompressed
            .saturating_sub(self.decoded_total.get());
        let limit = self.limits.max_stream_bytes.min(remaining);
        match filters::decode(dict, raw, limit) {
            Ok(out) => {
                self.decoded_total
                    .set(self.decoded_total.get().saturating_add(out.len() as u64));
                Some(out)
            }
            Err(filters::FilterError::TooLarge(_)) => {
                if limit < self.limits.max_stream_bytes {
                    self.limit_finding(
                        limit_codes::TOTAL_DECOMPRESSED,
                        format!("streams decompress to more than {} bytes in total; the rest was not read", self.limits.max_total_decompressed),
                        format!("数据流解压总量超过{}字节，其余部分未读取", self.limits.max_total_decompressed),
                    );
                } else {
                    self.limit_finding(
                        limit_codes::STREAM_SIZE,
                        format!(
                            "a stream decompresses to more than {} bytes; not read",
                            self.limits.max_stream_bytes
                        ),
                        format!(
                            "某数据流解压后超过{}字节，未读取",
                            self.limits.max_stream_bytes
                        ),
                    );
                }
                None
            }
            Err(_) => None,
        }
    }

    /// The entry for `num` as seen from revision `rev`: (defining revision, entry).
    pub fn entry(&self, rev: usize, num: u32) -> Option<(usize, XrefEntry)> {
        let upto = rev.min(self.revisions.len().checked_sub(1)?);
        (0..=upto)
            .rev()
            .find_map(|i| self.revisions.get(i)?.entries.get(&num).map(|e| (i, *e)))
    }

    /// Object `r` as seen from revision `rev` (generation numbers are not enforced beyond the
    /// entry's own: many writers get them wrong and no attack depends on them here).
    pub fn get(&self, rev: usize, r: ObjRef) -> Option<Object> {
        self.get_depth(rev, r.num, 0)
    }

    fn get_depth(&self, rev: usize, num: u32, depth: usize) -> Option<Object> {
        if depth > MAX_RESOLVE_DEPTH {
            return None;
        }
        let (defined_in, entry) = self.entry(rev, num)?;
        match entry {
            XrefEntry::Free => None,
            XrefEntry::InUse { offset, .. } => self
                .parse_at(rev, offset, num, depth)
                .map(|(_, o)| o)
                .or_else(|| {
                    // Some writers get offsets wrong; the object is then looked for inside the
                    // bytes of the revision that defines it (never elsewhere, so an update cannot
                    // borrow an object from another revision this way).
                    let at = self.header_in_revision(defined_in, num)?;
                    let found = self.parse_at(rev, at, num, depth).map(|(_, o)| o);
                    if found.is_some() {
                        self.limit_finding(
                            "XREF_OFFSET_REPAIRED",
                            format!("the cross-reference offset of object {num} is wrong; the object was found at offset {at} in the same revision"),
                            format!("对象{num}的交叉引用偏移量错误，已在同一修订版本的偏移量{at}处找到该对象"),
                        );
                    }
                    found
                }),
            XrefEntry::Compressed { stream, index } => {
                self.object_from_stream(rev, stream, index, num, depth)
            }
        }
    }

    /// Where `num g obj` starts inside the bytes of revision `rev` (the last such header wins).
    fn header_in_revision(&self, rev: usize, num: u32) -> Option<usize> {
        let cached = self.headers.borrow().get(&rev).cloned();
        let table = match cached {
            Some(t) => t,
            None => {
                let start = rev
                    .checked_sub(1)
                    .and_then(|p| self.revisions.get(p))
                    .map_or(0, |r| r.end);
                let end = self.revisions.get(rev).map_or(0, |r| r.end);
                let mut table = HashMap::new();
                let mut pos = start;
                while let Some(found) = self.bytes.get(pos..end).and_then(|rest| find(rest, b"obj"))
                {
                    let at = pos + found;
                    pos = at + 3;
                    if let Some((n, _, header)) = object_header_before(self.bytes, at) {
                        if header >= start {
                            table.insert(n, header);
                        }
                    }
                    if table.len() >= self.limits.max_objects {
                        break;
                    }
                }
                let table = Rc::new(table);
                self.headers.borrow_mut().insert(rev, table.clone());
                table
            }
        };
        table.get(&num).copied()
    }

    /// Parses the indirect object at `offset`, checking its number.
    pub fn parse_at(
        &self,
        rev: usize,
        offset: usize,
        num: u32,
        depth: usize,
    ) -> Option<(ObjRef, Object)> {
        if !self.within_budget() {
            return None;
        }
        let mut p = Parser::new(self.bytes, offset, self.limits.max_depth);
        let mut length = |r: ObjRef| match self.get_depth(rev, r.num, depth + 1) {
            Some(Object::Int(n)) => Some(n),
            _ => None,
        };
        let parsed = p.indirect_object(&mut length);
        self.charge(offset, &p);
        if p.pos().saturating_sub(offset) >= LARGE_OBJECT {
            self.done_with(self.bytes.get(offset..p.pos()).unwrap_or_default());
        }
        let (r, obj) = self.parsed(parsed)?;
        (r.num == num).then_some((r, obj))
    }

    fn object_from_stream(
        &self,
        rev: usize,
        stream: u32,
        index: u32,
        num: u32,
        depth: usize,
    ) -> Option<Object> {
        let (_, entry) = self.entry(rev, stream)?;
        let XrefEntry::InUse { offset, .. } = entry else {
            return None;
        };
        let cached = self.object_streams.borrow().get(&offset).cloned();
        let objstm = match cached {
            Some(s) => s,
            None => {
                let Some((_, Object::Stream(s))) = self.parse_at(rev, offset, stream, depth + 1)
                else {
                    return None;
                };
                let data = self.decode_stream(&s.dict, s.data.clone())?;
                let n = usize::try_from(s.dict.int(b"N")?)
                    .ok()?
                    .min(self.limits.max_objects);
                let first = usize::try_from(s.dict.int(b"First")?).ok()?;
                let mut p = Parser::new(&data, 0, 4);
                let mut idx = Vec::with_capacity(n.min(4096));
                for _ in 0..n {
                    let (Ok(o), Ok(off)) = (p.uint(), p.uint()) else {
                        break;
                    };
                    let (Ok(o), Ok(off)) = (u32::try_from(o), usize::try_from(off)) else {
                        break;
                    };
                    idx.push((o, off));
                }
                let parsed = Rc::new(ObjectStream {
                    data,
                    index: idx,
                    first,
                });
                self.object_streams
                    .borrow_mut()
                    .insert(offset, parsed.clone());
                parsed
            }
        };
        let (o, off) = *objstm.index.get(usize::try_from(index).ok()?)?;
        if o != num {
            return None;
        }
        if !self.within_budget() {
            return None;
        }
        let start = objstm.first.checked_add(off)?;
        let mut p = Parser::new(&objstm.data, start, self.limits.max_depth);
        let parsed = p.object(0);
        self.charge(start, &p);
        let obj = self.parsed(parsed)?;
        // Spans of strings inside an object stream are not file offsets: blank them out so no
        // one mistakes them for positions in the file.
        Some(strip_spans(obj))
    }

    /// Resolves a reference (one level); direct objects are returned as they are.
    pub fn resolve(&self, rev: usize, obj: &Object) -> Option<Object> {
        match obj {
            Object::Ref(r) => self.get(rev, *r),
            other => Some(other.clone()),
        }
    }

    /// Resolves `dict[key]` to a dictionary.
    pub fn dict_at(&self, rev: usize, dict: &Dict, key: &[u8]) -> Option<Dict> {
        match self.resolve(rev, dict.get(key)?)? {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(s.dict),
            _ => None,
        }
    }

    pub fn trailer(&self, rev: usize) -> Option<&Dict> {
        self.revisions.get(rev).map(|r| &r.trailer)
    }

    /// The document catalog as seen from `rev`.
    pub fn catalog(&self, rev: usize) -> Option<(ObjRef, Dict)> {
        let root = self.trailer(rev)?.get(b"Root")?.as_ref()?;
        match self.get(rev, root)? {
            Object::Dict(d) => Some((root, d)),
            _ => None,
        }
    }

    /// The revision that ends exactly at `end` (allowing the end-of-line after `%%EOF` to be
    /// signed or not).
    pub fn revision_ending_at(&self, end: usize) -> Option<usize> {
        self.revisions
            .iter()
            .position(|r| end == r.end || (end >= r.eof_marker_end && end <= r.end))
    }

    /// The last revision whose end lies at or before `offset`, i.e. the revision that contains
    /// byte `offset` is the one after it.
    pub fn revision_containing(&self, offset: usize) -> usize {
        self.revisions
            .iter()
            .position(|r| offset < r.end)
            .unwrap_or(self.revisions.len().saturating_sub(1))
    }
}

fn strip_spans(obj: Object) -> Object {
    match obj {
        Object::String(mut s) => {
            s.span = 0..0;
            Object::String(s)
        }
        Object::Array(a) => Object::Array(a.into_iter().map(strip_spans).collect()),
        Object::Dict(d) => {
            let mut out = Dict::new();
            for (k, v) in d.iter() {
                out.insert(k.to_vec(), strip_spans(v.clone()));
            }
            Object::Dict(out)
        }
        other => other,
    }
}

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// Skips one end-of-line sequence (CRLF, LF or CR) at `pos`.
pub fn skip_eol(bytes: &[u8], pos: usize) -> usize {
    match (bytes.get(pos), bytes.get(pos + 1)) {
        (Some(b'\r'), Some(b'\n')) => pos + 2,
        (Some(b'\r'), _) | (Some(b'\n'), _) => pos + 1,
        _ => pos,
    }
}

/// For an `obj` keyword at `at`, the `num gen` before it and where `num` starts.
pub(crate) fn object_header_before(bytes: &[u8], at: usize) -> Option<(u32, u16, usize)> {
    // `obj` must be a whole token.
    if bytes
        .get(at + 3)
        .is_some_and(|&b| !is_whitespace(b) && !super::parser::is_delimiter(b))
    {
        return None;
    }
    let mut i = at;
    let mut fields: Vec<(usize, usize)> = Vec::new();
    for _ in 0..2 {
        // White space before the token.
        let ws_end = i;
        while i > 0 && bytes.get(i - 1).copied().is_some_and(is_whitespace) {
            i -= 1;
        }
        if i == ws_end {
            return None;
        }
        let end = i;
        while i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit) {
            i -= 1;
        }
        if i == end || end - i > 10 {
            return None;
        }
        fields.push((i, end));
    }
    let (gs, ge) = *fields.first()?;
    let (ns, ne) = *fields.get(1)?;
    let gen = super::parser::parse_uint(bytes.get(gs..ge)?)?;
    let num = super::parser::parse_uint(bytes.get(ns..ne)?)?;
    // The number must start a line or follow white space/delimiter.
    if ns > 0
        && bytes
            .get(ns - 1)
            .copied()
            .is_some_and(|b| !is_whitespace(b) && !super::parser::is_delimiter(b))
    {
        return None;
    }
    Some((u32::try_from(num).ok()?, u16::try_from(gen).ok()?, ns))
}
