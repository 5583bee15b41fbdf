//! Finding signature dictionaries and checking their ByteRange against the file.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::file::PdfFile;
use super::object::{text_string, Dict, ObjRef, Object};
use crate::document::READ_CHUNK;
use crate::evaluate::evaluate;
pub use crate::facts::byte_range::ByteRange;
use crate::facts::byte_range::{ByteRangeDefect, ByteRangeFacts, ContentsFact, RangeEnd};
use crate::policy::{limit_codes, Policy};
use crate::report::Coverage;
use crate::verdict::{Check, Finding};

/// A signature dictionary and how it was reached.
#[derive(Debug, Clone)]
pub struct FoundSignature {
    /// Fully qualified names of the fields whose /V is this dictionary (usually one).
    pub fields: Vec<String>,
    /// The dictionary's object, or `None` when it is direct inside the field.
    pub object: Option<ObjRef>,
    pub dict: Dict,
    /// Where the object starts in the file and where its parse ended (when known).
    pub object_span: Option<Range<usize>>,
    /// How it was found: through a field of the newest revision, or only elsewhere.
    pub origin: Origin,
    /// The field's value names this object, but it does not parse as a dictionary (a broken
    /// `/Contents` string, say): `dict` is empty and the signature fails as malformed.
    pub unreadable: bool,
}

pub use crate::facts::modification::Origin;

/// Walks the AcroForm field tree of the newest revision and returns the signature
/// dictionaries of signed signature fields, deduplicated by object.
pub fn discover(file: &PdfFile<'_>, max_signatures: usize) -> Vec<FoundSignature> {
    match file.revisions.len().checked_sub(1) {
        Some(last) => discover_at(file, last, max_signatures),
        None => Vec::new(),
    }
}

/// Like [`discover`], with the field tree as revision `last` (0-based) has it.
pub fn discover_at(file: &PdfFile<'_>, last: usize, max_signatures: usize) -> Vec<FoundSignature> {
    let Some((_, catalog)) = file.catalog(last) else {
        return Vec::new();
    };
    let Some(acroform) = file.dict_at(last, &catalog, b"AcroForm") else {
        return Vec::new();
    };
    let Some(fields) = acroform.get(b"Fields").and_then(|f| file.resolve(last, f)) else {
        return Vec::new();
    };
    let mut walker = FieldWalker {
        file,
        rev: last,
        visited: HashSet::new(),
        found: Vec::new(),
        budget: file.limits().max_objects.min(100_000),
        max_signatures,
    };
    if let Object::Array(kids) = fields {
        for kid in &kids {
            walker.walk(kid, "", None, 0);
        }
    }
    walker.found
}

struct FieldWalker<'f, 'a> {
    file: &'f PdfFile<'a>,
    rev: usize,
    visited: HashSet<ObjRef>,
    found: Vec<FoundSignature>,
    budget: usize,
    max_signatures: usize,
}

impl FieldWalker<'_, '_> {
    fn walk(
        &mut self,
        node: &Object,
        parent_name: &str,
        inherited_ft: Option<Vec<u8>>,
        depth: usize,
    ) {
        if depth > self.file.limits().max_depth {
            self.file.limit_finding(
                limit_codes::DEPTH,
                format!(
                    "the form field tree is more than {} levels deep; deeper fields were not examined",
                    self.file.limits().max_depth
                ),
                format!("表单域树超过{}层，更深的域未检查", self.file.limits().max_depth),
            );
            return;
        }
        if self.budget == 0 {
            self.file.limit_finding(
                limit_codes::OBJECTS,
                "the form field tree has too many nodes; the rest were not examined".into(),
                "表单域树节点过多，其余未检查".into(),
            );
            return;
        }
        self.budget -= 1;
        if let Object::Ref(r) = node {
            if !self.visited.insert(*r) {
                return;
            }
        }
        let Some(Object::Dict(field)) = self.file.resolve(self.rev, node) else {
            return;
        };
        let partial = field
            .get(b"T")
            .and_then(Object::as_string)
            .map(|s| text_string(&s.bytes));
        let name = match (&partial, parent_name.is_empty()) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => format!("{parent_name}.{p}"),
            (None, _) => parent_name.to_string(),
        };
        let ft = field.name(b"FT").map(<[u8]>::to_vec).or(inherited_ft);
        if ft.as_deref() == Some(b"Sig") {
            if let Some(v) = field.get(b"V") {
                self.record(&name, v);
            }
        }
        let kids = field
            .get(b"Kids")
            .and_then(|k| self.file.resolve(self.rev, k));
        if let Some(Object::Array(kids)) = kids {
            for kid in &kids {
                self.walk(kid, &name, ft.clone(), depth + 1);
            }
        }
    }

    fn record(&mut self, name: &str, value: &Object) {
        let object = value.as_ref();
        if let Some(r) = object {
            if let Some(existing) = self.found.iter_mut().find(|f| f.object == Some(r)) {
                existing.fields.push(name.to_string());
                return;
            }
        }
        if self.found.len() >= self.max_signatures {
            self.file.limit_finding(
                limit_codes::SIGNATURES,
                format!(
                    "more than {} signatures; the others were not examined",
                    self.max_signatures
                ),
                format!("签名超过{}个，其余未检查", self.max_signatures),
            );
            return;
        }
        let mut unreadable = false;
        let (dict, span) = match object {
            Some(r) => match signature_object(self.file, self.rev, r) {
                Some(found) => found,
                // The value names an object that exists but does not parse: still a signature
                // (one that fails), never silently none.
                None => match self.file.entry(self.rev, r.num) {
                    Some((_, super::file::XrefEntry::InUse { offset, .. })) => {
                        unreadable = true;
                        (Dict::new(), Some(offset..offset))
                    }
                    _ => return,
                },
            },
            None => match value {
                Object::Dict(d) => (d.clone(), None),
                _ => return,
            },
        };
        self.found.push(FoundSignature {
            fields: vec![name.to_string()],
            object,
            dict,
            object_span: span,
            origin: Origin::Field,
            unreadable,
        });
    }
}

/// Parses a signature dictionary object, keeping its span when it is a top-level object.
fn signature_object(
    file: &PdfFile<'_>,
    rev: usize,
    r: ObjRef,
) -> Option<(Dict, Option<Range<usize>>)> {
    use super::file::XrefEntry;
    match file.entry(rev, r.num)?.1 {
        XrefEntry::InUse { offset, .. } => {
            let mut end = offset;
            let obj = parse_with_end(file, rev, offset, r.num, &mut end)?;
            match obj {
                Object::Dict(d) => Some((d, Some(offset..end))),
                _ => None,
            }
        }
        XrefEntry::Compressed { .. } => match file.get(rev, r)? {
            Object::Dict(d) => Some((d, None)),
            _ => None,
        },
        XrefEntry::Free => None,
    }
}

fn parse_with_end(
    file: &PdfFile<'_>,
    rev: usize,
    offset: usize,
    num: u32,
    end: &mut usize,
) -> Option<Object> {
    if !file.within_budget() {
        return None;
    }
    let mut p = super::parser::Parser::new(file.bytes, offset, file.limits().max_depth);
    let mut length = |r: ObjRef| file.get(rev, r).and_then(|o| o.as_int());
    let parsed = p.indirect_object(&mut length);
    file.charge(offset, &p);
    let (r, obj) = file.parsed(parsed)?;
    *end = p.pos();
    (r.num == num).then_some(obj)
}

/// Signature dictionaries present in the file but not reachable from any signature field: a
/// sign of a hidden or replaced signature. Found by their `/ByteRange` key (cheap byte search
/// rather than parsing every object), chunk by chunk, each chunk reported to
/// [`PdfFile::done_with`] once searched.
pub fn unreachable(file: &PdfFile<'_>, reachable: &[FoundSignature]) -> Vec<Unreached> {
    const KEY: &[u8] = b"/ByteRange";
    let known: HashSet<u32> = reachable
        .iter()
        .filter_map(|f| f.object.map(|r| r.num))
        .collect();
    let known_spans: Vec<Range<usize>> = reachable
        .iter()
        .filter_map(|f| f.object_span.clone())
        .collect();
    // Direct dictionaries (the field's /V itself) are known by their /ByteRange.
    let known_direct: Vec<&Object> = reachable
        .iter()
        .filter(|f| f.object.is_none())
        .filter_map(|f| f.dict.get(b"ByteRange"))
        .collect();
    let finder = memchr::memmem::Finder::new(KEY);
    let mut out: BTreeMap<u32, Unreached> = BTreeMap::new();
    let mut budget = 10_000usize;
    let mut starts: Option<Vec<(usize, u32)>> = None;
    let mut chunk_start = 0;
    'chunks: while chunk_start < file.bytes.len() {
        let chunk_end = chunk_start.saturating_add(READ_CHUNK).min(file.bytes.len());
        // The window runs a key's length past the chunk so that a key across the boundary is
        // found, in this chunk, exactly once.
        let window_end = chunk_end
            .saturating_add(KEY.len() - 1)
            .min(file.bytes.len());
        let window = file.bytes.get(chunk_start..window_end).unwrap_or_default();
        for found in finder.find_iter(window) {
            let at = chunk_start + found;
            if at >= chunk_end {
                break;
            }
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break 'chunks;
            }
            if known_spans.iter().any(|s| s.contains(&at)) {
                continue;
            }
            // The object this key belongs to: the nearest `obj` header before it, via the xref
            // of any revision; in bytes of revisions the limit left out, by its header alone.
            let starts = starts.get_or_insert_with(|| object_starts(file));
            let limit = file.structure_limit();
            let candidates = [
                enclosing_object(starts, at).map(|c| (c, None)),
                limit.and_then(|code| header_before(file.bytes, at).map(|c| (c, Some(code)))),
            ];
            for ((num, start), beyond_limit) in candidates.into_iter().flatten() {
                if known.contains(&num) || out.contains_key(&num) {
                    continue;
                }
                let mut end = start;
                let rev = file.revision_containing(start);
                let Some(Object::Dict(d)) = parse_with_end(file, rev, start, num, &mut end) else {
                    continue;
                };
                if end <= at {
                    continue;
                }
                // The dictionary itself, or a signature field whose /V is it, written directly.
                let direct = match d.get(b"V") {
                    Some(Object::Dict(v)) if !d.contains(b"Contents") => {
                        if !v.contains(b"Contents")
                            || v.get(b"ByteRange")
                                .is_none_or(|r| known_direct.contains(&r))
                        {
                            continue;
                        }
                        true
                    }
                    _ if d.contains(b"Contents") => false,
                    _ => continue,
                };
                out.insert(
                    num,
                    Unreached {
                        num,
                        offset: start,
                        beyond_limit,
                        direct,
                    },
                );
                break;
            }
        }
        file.done_with(file.bytes.get(chunk_start..chunk_end).unwrap_or_default());
        chunk_start = chunk_end;
    }
    out.into_values().collect()
}

/// The signature dictionary `num` whose header starts at `offset` (from [`unreachable()`]), as
/// an entry without fields.
pub fn dictionary_at(file: &PdfFile<'_>, found: &Unreached) -> Option<FoundSignature> {
    let (num, offset) = (found.num, found.offset);
    let mut end = offset;
    let rev = file.revision_containing(offset);
    let Object::Dict(dict) = parse_with_end(file, rev, offset, num, &mut end)? else {
        return None;
    };
    if found.direct {
        // A field with its signature written inside: the entry is the /V dictionary, named
        // after the field.
        let field = dict
            .get(b"T")
            .and_then(Object::as_string)
            .map(|t| text_string(&t.bytes));
        let Some(Object::Dict(value)) = dict.get(b"V") else {
            return None;
        };
        return Some(FoundSignature {
            fields: field.into_iter().collect(),
            object: None,
            dict: value.clone(),
            object_span: Some(offset..end),
            origin: Origin::NoField,
            unreadable: false,
        });
    }
    let gen = match file.entry(rev, num) {
        Some((_, super::file::XrefEntry::InUse { gen, .. })) => gen,
        _ => 0,
    };
    Some(FoundSignature {
        fields: Vec::new(),
        object: Some(ObjRef { num, gen }),
        dict,
        object_span: Some(offset..end),
        origin: Origin::NoField,
        unreadable: false,
    })
}

/// A signature dictionary no field of the newest revision uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreached {
    pub num: u32,
    /// Where its `n g obj` header starts.
    pub offset: usize,
    /// It lies in bytes the cross-reference data that was read does not describe, because of
    /// this limit (its finding code: `LIMIT_REVISIONS`, `LIMIT_OBJECTS`).
    pub beyond_limit: Option<&'static str>,
    /// Object `num` is a signature field whose /V is the signature dictionary, written
    /// directly inside it.
    pub direct: bool,
}

/// How far back from a key the search for its object's header goes, and how many `obj`
/// keywords it tries (a /Contents string before the key can be tens of kilobytes).
const HEADER_SEARCH_WINDOW: usize = 1 << 20;
const HEADER_SEARCH_TRIES: usize = 16;

/// The `n g obj` header nearest before `at`, found in the bytes alone (for revisions that are
/// not analysed, whose cross-reference data was not read).
fn header_before(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let floor = at.saturating_sub(HEADER_SEARCH_WINDOW);
    let mut end = at;
    for _ in 0..HEADER_SEARCH_TRIES {
        let found = crate::byte_search::rfind(bytes.get(floor..end)?, b"obj")? + floor;
        if let Some((num, _, start)) = super::file::object_header_before(bytes, found) {
            return Some((num, start));
        }
        end = found;
    }
    None
}

/// In-use objects of every revision by start offset, for "which object is this byte in".
fn object_starts(file: &PdfFile<'_>) -> Vec<(usize, u32)> {
    use super::file::XrefEntry;
    let mut starts: Vec<(usize, u32)> = file
        .revisions
        .iter()
        .flat_map(|r| r.entries.iter())
        .filter_map(|(num, e)| match e {
            XrefEntry::InUse { offset, .. } => Some((*offset, *num)),
            _ => None,
        })
        .collect();
    starts.sort_unstable();
    starts
}

/// The in-use object whose start is the greatest offset ≤ `at` (`starts` from `object_starts`).
fn enclosing_object(starts: &[(usize, u32)], at: usize) -> Option<(u32, usize)> {
    let after = starts.partition_point(|&(offset, _)| offset <= at);
    let &(offset, num) = starts.get(after.checked_sub(1)?)?;
    Some((num, offset))
}

/// Outcome of the ByteRange examination of one signature: what it established and the checks
/// and findings the policy writes from that.
#[derive(Debug, Clone)]
pub struct RangeCheck {
    /// What the examination established (the declared values, the range, coverage, the
    /// defect that stopped it).
    pub facts: ByteRangeFacts,
    /// The `contents` / `byte_range` checks ([`crate::evaluate::byte_range`]).
    pub checks: Vec<Check>,
    /// One finding per structural defect, with its own code (universal signature forgery and
    /// signature wrapping variants), for reports and statistics.
    pub findings: Vec<Finding>,
}

/// Examines /Contents and /ByteRange of `sig` exactly, then has `policy` judge what was found.
pub fn check_byte_range(file: &PdfFile<'_>, sig: &FoundSignature, policy: &Policy) -> RangeCheck {
    let facts = examine_byte_range(file, sig);
    let judgement = evaluate(&facts, policy);
    RangeCheck {
        facts,
        checks: judgement.checks,
        findings: judgement.findings,
    }
}

/// What /Contents and /ByteRange of `sig` are, step by step, stopping at the first defect.
/// What each step established (declared values, the range itself, coverage) is kept even when
/// a later step fails, because the report shows it.
pub fn examine_byte_range(file: &PdfFile<'_>, sig: &FoundSignature) -> ByteRangeFacts {
    let mut facts = ByteRangeFacts {
        file_len: file.bytes.len(),
        contents: None,
        declared: None,
        byte_range: None,
        dictionary_span: sig.object_span.clone(),
        signed_revision: None,
        coverage: Coverage::Partial,
        outcome: Err(ByteRangeDefect::Malformed),
    };
    facts.outcome = examine_steps(file, sig, &mut facts);
    facts
}

fn examine_steps(
    file: &PdfFile<'_>,
    sig: &FoundSignature,
    facts: &mut ByteRangeFacts,
) -> Result<RangeEnd, ByteRangeDefect> {
    let contents = signature_contents(sig)?;
    facts.contents = Some(contents.clone());
    let values = declared_byte_range(sig)?;
    facts.declared = Some(values.clone());
    let range = byte_range_within(&values, file.bytes.len())?;
    facts.byte_range = Some(range);
    gap_is_exactly_contents(&contents, range)?;
    dictionary_is_signed(sig, range)?;
    where_signed_bytes_end(file, range, facts)
}

/// The /Contents string: present, a string, and not empty. Without it there is no signature
/// value, so nothing else about the range matters.
fn signature_contents(sig: &FoundSignature) -> Result<ContentsFact, ByteRangeDefect> {
    match sig.dict.get(b"Contents") {
        Some(Object::String(s)) if !s.bytes.is_empty() => Ok(ContentsFact {
            span: s.span.clone(),
            hex: s.hex,
        }),
        Some(Object::String(_)) => Err(ByteRangeDefect::ContentsEmpty),
        Some(other) => Err(ByteRangeDefect::ContentsWrongType(other.type_name())),
        None => Err(ByteRangeDefect::ContentsMissing),
    }
}

/// The /ByteRange numbers as declared, before any judgement of them: the report shows them
/// even when they are wrong.
fn declared_byte_range(sig: &FoundSignature) -> Result<Vec<i64>, ByteRangeDefect> {
    let values: Option<Vec<i64>> = match sig.dict.get(b"ByteRange") {
        Some(Object::Array(a)) => a.iter().map(Object::as_int).collect(),
        _ => None,
    };
    values.ok_or(ByteRangeDefect::Malformed)
}

/// Turns the declared numbers into a range of this file: exactly four, none negative,
/// starting at offset 0, in order and inside the file's `len` bytes.
fn byte_range_within(values: &[i64], len: usize) -> Result<ByteRange, ByteRangeDefect> {
    let &[a0, a1, b0, b1] = values else {
        return Err(ByteRangeDefect::WrongLength(values.len()));
    };
    let as_usize = |v: i64| usize::try_from(v).ok();
    let (Some(start), Some(first_len), Some(second_start), Some(second_len)) =
        (as_usize(a0), as_usize(a1), as_usize(b0), as_usize(b1))
    else {
        return Err(ByteRangeDefect::Negative([a0, a1, b0, b1]));
    };
    if start != 0 {
        return Err(ByteRangeDefect::NotFromStart(start));
    }
    let end = second_start.checked_add(second_len);
    if second_start < first_len || end.is_none_or(|e| e > len) {
        return Err(ByteRangeDefect::OutOfBounds {
            values: [a0, a1, b0, b1],
            file_len: len,
        });
    }
    Ok(ByteRange {
        first_len,
        second_start,
        second_len,
    })
}

/// The gap must be exactly this dictionary's /Contents string, delimiters included; else
/// signed bytes may have been moved around it (signature wrapping).
fn gap_is_exactly_contents(
    contents: &ContentsFact,
    range: ByteRange,
) -> Result<(), ByteRangeDefect> {
    if contents.span == range.gap() && contents.hex {
        return Ok(());
    }
    if contents.span.is_empty() {
        return Err(ByteRangeDefect::ContentsInObjectStream);
    }
    Err(ByteRangeDefect::GapNotContents {
        gap: range.gap(),
        contents: contents.span.clone(),
    })
}

/// The dictionary itself must be signed: otherwise /Reason, /M, … could be swapped.
fn dictionary_is_signed(sig: &FoundSignature, range: ByteRange) -> Result<(), ByteRangeDefect> {
    let Some(span) = &sig.object_span else {
        return Ok(());
    };
    if span.start < range.first_len && span.end <= range.end() {
        return Ok(());
    }
    Err(ByteRangeDefect::DictionaryUnsigned(span.clone()))
}

/// Where the signed bytes end decides the coverage: at the end of a revision (the whole file
/// when it is the last one and only blanks follow), in revisions the limit kept out of the
/// analysis (unknown), or inside a revision (a defect: later bytes are unsigned).
fn where_signed_bytes_end(
    file: &PdfFile<'_>,
    range: ByteRange,
    facts: &mut ByteRangeFacts,
) -> Result<RangeEnd, ByteRangeDefect> {
    if let Some(rev) = file.revision_ending_at(range.end()) {
        facts.signed_revision = Some(rev);
        let last = file.revisions.len().saturating_sub(1);
        let whole_file = rev == last && trailing_is_blank(file.bytes, range.end());
        facts.coverage = if whole_file {
            Coverage::WholeFile
        } else {
            Coverage::EntireRevision
        };
        return Ok(RangeEnd::RevisionEnd {
            revision: rev,
            whole_file,
        });
    }
    if ends_in_revisions_not_analysed(file, range) {
        return Ok(RangeEnd::BeyondRevisionLimit {
            signed_end: range.end(),
            max_revisions: file.limits().max_revisions,
        });
    }
    let rev = file.revision_containing(range.end().saturating_sub(1));
    let revision_end = file
        .revisions
        .get(rev)
        .map(|r| r.end)
        .unwrap_or(file.bytes.len());
    Err(ByteRangeDefect::NotRevisionEnd {
        signed_end: range.end(),
        revision_end,
    })
}

/// The signed bytes end before the oldest revision that was analysed, and older ones were
/// cut off by the revision limit: whether they end at a revision's end is unknown.
fn ends_in_revisions_not_analysed(file: &PdfFile<'_>, range: ByteRange) -> bool {
    file.revisions_truncated
        && file
            .revisions
            .first()
            .is_some_and(|oldest| range.end() < oldest.end)
}

/// Only white space (or NUL padding) from `from` to the end of the file.
pub fn trailing_is_blank(bytes: &[u8], from: usize) -> bool {
    bytes
        .get(from..)
        .is_none_or(|rest| rest.iter().all(|&b| super::parser::is_whitespace(b)))
}

/// Signature fields that only the pages know: widget annotations of signed signature fields
/// that the AcroForm /Fields tree does not list. Viewers differ on whether they show such
/// signatures, so they are verified and reported.
pub fn discover_widget_only(
    file: &PdfFile<'_>,
    known: &[FoundSignature],
    max_signatures: usize,
) -> Vec<FoundSignature> {
    match file.revisions.len().checked_sub(1) {
        Some(last) => discover_widget_only_at(file, last, known, max_signatures),
        None => Vec::new(),
    }
}

/// Like [`discover_widget_only`], with the pages as revision `last` (0-based) has them.
pub fn discover_widget_only_at(
    file: &PdfFile<'_>,
    last: usize,
    known: &[FoundSignature],
    max_signatures: usize,
) -> Vec<FoundSignature> {
    let Some((_, catalog)) = file.catalog(last) else {
        return Vec::new();
    };
    let mut walker = FieldWalker {
        file,
        rev: last,
        visited: HashSet::new(),
        found: known.to_vec(),
        budget: file.limits().max_objects.min(100_000),
        max_signatures,
    };
    let mut pages = Vec::new();
    if let Some(root) = catalog.get(b"Pages") {
        collect_pages(file, last, root, 0, &mut HashSet::new(), &mut pages);
    }
    for page in pages {
        let annots = page.get(b"Annots").and_then(|a| file.resolve(last, a));
        let Some(Object::Array(annots)) = annots else {
            continue;
        };
        for annot in annots.iter().take(10_000) {
            let Some(Object::Dict(dict)) = file.resolve(last, annot) else {
                continue;
            };
            if dict.name(b"Subtype") != Some(b"Widget") {
                continue;
            }
            // Walk from the field (the widget's parent, or the widget itself when merged).
            let start = dict
                .get(b"Parent")
                .cloned()
                .unwrap_or_else(|| annot.clone());
            walker.walk(&start, "", None, 0);
        }
    }
    let known_objects: HashSet<Option<ObjRef>> = known.iter().map(|k| k.object).collect();
    walker
        .found
        .into_iter()
        .skip(known.len())
        .filter(|f| f.object.is_none() || !known_objects.contains(&f.object))
        .collect()
}

/// Leaf pages of the page tree, bounded in depth and count, loops ignored.
fn collect_pages(
    file: &PdfFile<'_>,
    rev: usize,
    node: &Object,
    depth: usize,
    seen: &mut HashSet<ObjRef>,
    out: &mut Vec<Dict>,
) {
    if depth > file.limits().max_depth || out.len() >= 100_000 {
        return;
    }
    if let Object::Ref(r) = node {
        if !seen.insert(*r) {
            return;
        }
    }
    let Some(Object::Dict(dict)) = file.resolve(rev, node) else {
        return;
    };
    match dict.get(b"Kids").and_then(|k| file.resolve(rev, k)) {
        Some(Object::Array(kids)) if dict.name(b"Type") != Some(b"Page") => {
            for kid in &kids {
                collect_pages(file, rev, kid, depth + 1, seen, out);
            }
        }
        _ => out.push(dict),
    }
}
