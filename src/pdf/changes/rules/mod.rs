//! The whitelist: each rule explains one class of changed objects. Whatever no rule explains is
//! disallowed. Rules judge a revision against the one before it, independent of any signature;
//! what a given signature permits (DocMDP, FieldMDP) is applied afterwards in
//! [`crate::evaluate::modification`]. [`Judged`] and [`Category`] are facts
//! ([`crate::facts::modification`]).
//!
//! One file per rule, each with its own tests (an allowed and a disallowed change, built by
//! `testkit` as an incremental update of a small form document): `trailer`, `catalog`,
//! `names`, `extensions`, `dss`, `acroform`, `new_field`, `form_field`, `page`,
//! `annots`, `annotation`, `field_arrays`, `overlay` (drawn over content),
//! `leftovers` (unused new objects) and `unexplained`; `modified` routes a modified object
//! to its rule. This module holds what they share: the [`Judged`] result, the per-revision
//! context and the order they run in.

mod acroform;
mod annotation;
mod annots;
mod catalog;
mod dss;
mod extensions;
mod field_arrays;
mod form_field;
mod leftovers;
mod modified;
mod names;
mod new_field;
mod overlay;
mod page;
mod trailer;
mod unexplained;

#[cfg(test)]
mod testkit;

use std::collections::{HashMap, HashSet};

use super::diff::{diff_revision, Action, ObjectDiff};
use super::graph::{reachable_with, RefGraph, TRAILER};
use crate::pdf::file::PdfFile;
use crate::pdf::object::{same_ignoring_spans, text_string, Dict, ObjRef, Object};

pub use crate::facts::modification::{Category, Judged};

impl Judged {
    fn allowed(object: Option<u32>, action: &'static str, cat: Category, d: String) -> Self {
        Judged {
            object,
            action,
            category: Some(cat),
            field: None,
            existing_field: false,
            covers_content: false,
            description: d,
        }
    }
    fn disallowed(object: Option<u32>, action: &'static str, d: String) -> Self {
        Judged {
            object,
            action,
            category: None,
            field: None,
            existing_field: false,
            covers_content: false,
            description: d,
        }
    }
}

/// How far subtrees are followed when a rule claims new objects.
const SUBTREE_MAX: usize = 4096;
/// Below this share of the page area a new annotation is not treated as an overlay on its own.
const OVERLAY_PAGE_SHARE: f64 = 0.2;

struct Ctx<'f, 'a, 'g> {
    file: &'f PdfFile<'a>,
    graph: &'g RefGraph<'f, 'a>,
    rev: usize,
    prev: usize,
    diffs: HashMap<u32, ObjectDiff>,
    /// Objects some rule has accounted for (added objects claimed, modified objects judged).
    claimed: HashSet<u32>,
    out: Vec<Judged>,
    page_numbers: Option<HashMap<u32, usize>>,
}

/// Judges every change of revision `rev` against revision `rev - 1`.
pub fn judge_revision(file: &PdfFile<'_>, graph: &RefGraph<'_, '_>, rev: usize) -> Vec<Judged> {
    let Some(prev) = rev.checked_sub(1) else {
        return Vec::new();
    };
    let diffs: HashMap<u32, ObjectDiff> = diff_revision(file, rev)
        .into_iter()
        .map(|d| (d.num, d))
        .collect();
    let mut ctx = Ctx {
        file,
        graph,
        rev,
        prev,
        diffs,
        claimed: HashSet::new(),
        out: Vec::new(),
        page_numbers: None,
    };
    ctx.run();
    ctx.out
}

fn as_dict(o: &Object) -> Option<&Dict> {
    o.as_dict()
}

fn type_name_of(d: &Dict) -> Option<&[u8]> {
    d.name(b"Type")
}

fn is_field_or_widget(d: &Dict) -> bool {
    d.contains(b"FT")
        || d.name(b"Subtype") == Some(b"Widget")
        || (d.contains(b"T") && (d.contains(b"Kids") || d.contains(b"Parent")))
}

fn is_annotation(d: &Dict) -> bool {
    type_name_of(d) == Some(b"Annot")
        || (d.contains(b"Subtype") && d.contains(b"Rect") && !d.contains(b"BBox"))
}

/// Whether `key` has a different value (string positions ignored) in `new` than in `old`,
/// counting an added or removed entry as different.
fn entry_changed(old: &Dict, new: &Dict, key: &[u8]) -> bool {
    match (old.get(key), new.get(key)) {
        (Some(a), Some(b)) => !same_ignoring_spans(a, b),
        (None, None) => false,
        _ => true,
    }
}

/// The keys whose values differ between two versions of a dictionary, in key order.
fn changed_keys(old: &Dict, new: &Dict) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = old.iter().map(|(k, _)| k.to_vec()).collect();
    keys.extend(new.iter().map(|(k, _)| k.to_vec()));
    keys.sort();
    keys.dedup();
    keys.retain(|key| entry_changed(old, new, key));
    keys
}

fn key_str(k: &[u8]) -> String {
    String::from_utf8_lossy(k).into_owned()
}

fn rect_of(d: &Dict) -> Option<[f64; 4]> {
    let [a, b, c, d] = d.get(b"Rect")?.as_array()? else {
        return None;
    };
    let (a, b, c, d) = (
        a.as_number()?,
        b.as_number()?,
        c.as_number()?,
        d.as_number()?,
    );
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

fn area(r: &[f64; 4]) -> f64 {
    (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0)
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

impl Ctx<'_, '_, '_> {
    fn get(&self, rev: usize, obj: &Object) -> Option<Object> {
        match obj {
            Object::Ref(r) => self.obj(rev, r.num),
            other => Some(other.clone()),
        }
    }

    /// Objects of this revision and the one before come from the diff when it has them, so
    /// that large objects (signature values) are parsed once.
    fn obj(&self, rev: usize, num: u32) -> Option<Object> {
        if let Some(d) = self.diffs.get(&num) {
            if rev == self.rev && d.new.is_some() {
                return d.new.clone();
            }
            if rev == self.prev && d.old.is_some() {
                return d.old.clone();
            }
        }
        self.file.get(rev, ObjRef { num, gen: 0 })
    }

    fn reachable(
        &self,
        rev: usize,
        start: &Object,
        max: usize,
        stop: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        reachable_with(start, max, stop, &|n| self.obj(rev, n))
    }

    fn is_added(&self, num: u32) -> bool {
        self.diffs
            .get(&num)
            .is_some_and(|d| d.action == Action::Added)
    }

    fn is_modified(&self, num: u32) -> bool {
        self.diffs
            .get(&num)
            .is_some_and(|d| d.action == Action::Modified)
    }

    /// Claims the new objects reachable from `value` (existing objects are not entered: they
    /// are unchanged, or judged on their own).
    fn claim_new(&mut self, value: &Object) -> usize {
        let diffs = &self.diffs;
        let stop = |n: u32| !diffs.get(&n).is_some_and(|d| d.action == Action::Added);
        let found = self.reachable(self.rev, value, SUBTREE_MAX, &stop);
        let n = found.len();
        self.claimed.extend(found);
        n
    }

    fn page_number(&mut self, page: u32) -> Option<usize> {
        if self.page_numbers.is_none() {
            let mut map = HashMap::new();
            if let Some((_, catalog)) = self.file.catalog(self.prev) {
                if let Some(pages) = catalog.get(b"Pages") {
                    let mut stack = vec![(pages.clone(), 0usize)];
                    let mut budget = 100_000usize;
                    let mut seen = HashSet::new();
                    while let Some((node, depth)) = stack.pop() {
                        budget = budget.saturating_sub(1);
                        if budget == 0 || depth > 64 {
                            break;
                        }
                        let Some(r) = node.as_ref() else { continue };
                        if !seen.insert(r.num) {
                            continue;
                        }
                        let Some(Object::Dict(d)) = self.file.get(self.prev, r) else {
                            continue;
                        };
                        if let Some(Object::Array(kids)) =
                            d.get(b"Kids").and_then(|k| self.get(self.prev, k))
                        {
                            for kid in kids.iter().rev() {
                                stack.push((kid.clone(), depth + 1));
                            }
                        } else {
                            let next = map.len() + 1;
                            map.insert(r.num, next);
                        }
                    }
                }
            }
            self.page_numbers = Some(map);
        }
        self.page_numbers.as_ref()?.get(&page).copied()
    }

    fn page_words(&mut self, page: u32) -> String {
        match self.page_number(page) {
            Some(n) => format!("page {n}"),
            None => format!("page object {page}"),
        }
    }

    fn run(&mut self) {
        self.judge_trailer();
        self.judge_catalog();
        let mut nums: Vec<u32> = self.diffs.keys().copied().collect();
        nums.sort_unstable();
        for num in nums {
            if self.claimed.contains(&num) {
                continue;
            }
            let Some(diff) = self.diffs.get(&num).cloned() else {
                continue;
            };
            match diff.action {
                Action::Freed => {
                    let what = diff.old.as_ref().map(describe_kind).unwrap_or_default();
                    self.out.push(Judged::disallowed(
                        Some(num),
                        "freed",
                        format!("object {num}{what} deleted"),
                    ));
                }
                Action::Unreadable => self.out.push(Judged::disallowed(
                    Some(num),
                    "unreadable",
                    format!("object {num} is listed by the update but cannot be read (broken or hidden object)"),
                )),
                Action::Misdirected(actual) => self.out.push(Judged::disallowed(
                    Some(num),
                    "misdirected",
                    format!("the cross-reference entry of object {num} points at object {actual} (one object shown in place of another)"),
                )),
                Action::BadOffset => self.out.push(Judged::disallowed(
                    Some(num),
                    "bad_offset",
                    format!("object {num} is not where the update's cross-reference table says (readers that trust it show nothing there)"),
                )),
                Action::Modified => self.judge_modified(&diff),
                Action::Added => {}
            }
        }
        self.judge_added_leftovers();
    }

    /// Fully qualified field name as seen from `rev`.
    fn field_name(&self, rev: usize, num: u32) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(num);
        let mut seen = HashSet::new();
        while let Some(n) = cur {
            if !seen.insert(n) || parts.len() > 32 {
                break;
            }
            let Some(Object::Dict(d)) = self.obj(rev, n) else {
                break;
            };
            if let Some(t) = d.get(b"T").and_then(Object::as_string) {
                parts.push(text_string(&t.bytes));
            }
            cur = d.get(b"Parent").and_then(Object::as_ref).map(|r| r.num);
        }
        if parts.is_empty() {
            return format!("(object {num})");
        }
        parts.reverse();
        format!("\"{}\"", parts.join("."))
    }

    fn field_type(&self, rev: usize, d: &Dict) -> Option<Vec<u8>> {
        let mut cur = d.clone();
        for _ in 0..32 {
            if let Some(ft) = cur.name(b"FT") {
                return Some(ft.to_vec());
            }
            let parent = cur.get(b"Parent")?;
            cur = match self.get(rev, parent)? {
                Object::Dict(p) => p,
                _ => return None,
            };
        }
        None
    }

    fn is_doc_timestamp(&self, value: &Object) -> bool {
        self.get(self.rev, value)
            .and_then(|v| as_dict(&v).cloned())
            .is_some_and(|d| {
                d.name(b"Type") == Some(b"DocTimeStamp")
                    || d.name(b"SubFilter") == Some(b"ETSI.RFC3161")
            })
    }
}

/// " (a page)", " (an image)", … for messages.
pub fn describe_kind(obj: &Object) -> String {
    let d = match obj {
        Object::Dict(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(_) => return " (an array)".into(),
        _ => return String::new(),
    };
    let t = d.name(b"Type");
    let st = d.name(b"Subtype");
    let words = match (t, st) {
        (Some(b"Page"), _) => "a page",
        (Some(b"Pages"), _) => "a page tree node",
        (Some(b"Catalog"), _) => "the document catalog",
        (Some(b"Font"), _) | (_, Some(b"Type1" | b"TrueType" | b"Type0" | b"CIDFontType2")) => {
            "a font"
        }
        (Some(b"FontDescriptor"), _) => "a font descriptor",
        (_, Some(b"Image")) => "an image",
        (_, Some(b"Form")) => "a form XObject",
        (Some(b"Annot"), _) => "an annotation",
        (Some(b"Sig"), _) => "a signature dictionary",
        _ if d.contains(b"FontFile") || d.contains(b"FontFile2") || d.contains(b"FontFile3") => {
            "a font descriptor"
        }
        _ if matches!(obj, Object::Stream(_)) => "a stream",
        _ => return String::new(),
    };
    format!(" ({words})")
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn deleting_an_object_is_not_allowed() {
        let judged = Doc::base().update(&[], &[8], "").judge();
        assert_disallowed(&judged, "object 8 (an annotation) deleted");
    }

    #[test]
    fn an_object_listed_where_another_one_is_is_not_allowed() {
        // The update's entry for object 9 points at the body of object 1.
        let doc = Doc::base().update(&[(9, "<< /A 1 >>")], &[], "");
        let text = doc.bytes_for_test();
        let judged = Doc::judge_bytes(&text.replace("9 0 obj", "1 0 obj"));
        assert_disallowed(
            &judged,
            "cross-reference entry of object 9 points at object 1",
        );
    }

    #[test]
    fn the_first_revision_has_nothing_to_judge() {
        let doc = Doc::base();
        let file = PdfFile::parse(doc.bytes(), 0, &crate::policy::Limits::default());
        let graph = RefGraph::new(&file);
        assert!(judge_revision(&file, &graph, 0).is_empty());
    }

    #[test]
    fn categories_follow_the_docmdp_order() {
        assert_eq!(Category::Dss.docmdp_level(), 1);
        assert_eq!(Category::FormFill.docmdp_level(), 2);
        assert_eq!(Category::Annotation.docmdp_level(), 3);
        assert_eq!(Category::Signing.rule(), "signature_field");
    }
}
