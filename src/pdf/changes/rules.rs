//! The whitelist: each rule explains one class of changed objects. Whatever no rule explains is
//! disallowed. Rules judge a revision against the one before it, independent of any signature;
//! what a given signature permits (DocMDP, FieldMDP) is applied afterwards in `policy`.

use std::collections::{HashMap, HashSet};

use super::diff::{diff_revision, Action, ObjectDiff};
use super::graph::{reachable_with, RefGraph, TRAILER};
use crate::pdf::file::PdfFile;
use crate::pdf::object::{same_ignoring_spans, text_string, Dict, ObjRef, Object};

/// What kind of change a rule allowed; the order is the DocMDP order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Cross-reference and object streams, objects nothing uses.
    Structure,
    /// Info dictionary, XMP metadata.
    Metadata,
    /// Catalog /Extensions and /Version.
    Extensions,
    /// Document security store (PAdES-LT/LTA validation material).
    Dss,
    /// A new document timestamp (an invisible signature field with an RFC 3161 token).
    DocTimestamp,
    /// A new signature or a signature in an existing empty field.
    Signing,
    /// A form field value and its own appearance.
    FormFill,
    /// Comments and other annotations.
    Annotation,
}

impl Category {
    /// The lowest DocMDP permission (P) under which this change is allowed.
    pub fn docmdp_level(self) -> u8 {
        match self {
            Category::Structure
            | Category::Metadata
            | Category::Extensions
            | Category::Dss
            | Category::DocTimestamp => 1,
            Category::Signing | Category::FormFill => 2,
            Category::Annotation => 3,
        }
    }

    /// Rule name reported in `Change::allowed_by`.
    pub fn rule(self) -> &'static str {
        match self {
            Category::Structure => "file_structure",
            Category::Metadata => "metadata",
            Category::Extensions => "catalog_extensions",
            Category::Dss => "dss",
            Category::DocTimestamp => "document_timestamp",
            Category::Signing => "signature_field",
            Category::FormFill => "form_fill",
            Category::Annotation => "annotation",
        }
    }
}

/// One judged change of one revision.
#[derive(Debug, Clone)]
pub struct Judged {
    pub object: Option<u32>,
    pub action: &'static str,
    /// `None`: no rule explains it.
    pub category: Option<Category>,
    /// Fully qualified field name, for FieldMDP locks.
    pub field: Option<String>,
    /// An existing field was changed (locks apply), as opposed to a new one created.
    pub existing_field: bool,
    /// Visible appearance drawn over other content of the page (Evil Annotation, Sneaky
    /// Signature) or removal of an overlay.
    pub covers_content: bool,
    /// Plain words, without the revision (added by the caller).
    pub description: String,
}

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

const TRAILER_STRUCTURE_KEYS: &[&[u8]] = &[
    b"Size",
    b"Prev",
    b"ID",
    b"XRefStm",
    b"Type",
    b"W",
    b"Index",
    b"Filter",
    b"DecodeParms",
    b"Length",
    b"DL",
    b"Info",
    b"Root",
    b"DocChecksum",
    // Attachments of some writers (Adobe); referenced streams are not rendered.
    b"AdditionalStreams",
];

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

    fn judge_trailer(&mut self) {
        let (Some(old), Some(new)) = (
            self.file.trailer(self.prev).cloned(),
            self.file.trailer(self.rev).cloned(),
        ) else {
            return;
        };
        let old_root = old.get(b"Root").and_then(Object::as_ref);
        let new_root = new.get(b"Root").and_then(Object::as_ref);
        if old_root.map(|r| r.num) != new_root.map(|r| r.num) {
            self.out.push(Judged::disallowed(
                None,
                "modified",
                format!(
                    "the document catalog was replaced (trailer /Root now points to {})",
                    new_root.map_or("nothing".to_string(), |r| format!("object {}", r.num))
                ),
            ));
        }
        for key in changed_keys(&old, &new) {
            if !TRAILER_STRUCTURE_KEYS.contains(&key.as_slice()) {
                self.out.push(Judged::disallowed(
                    None,
                    "modified",
                    format!("trailer entry /{} changed", key_str(&key)),
                ));
            }
        }
        // The Info dictionary.
        if let Some(info) = new.get(b"Info") {
            if let Some(r) = info.as_ref() {
                if self.is_added(r.num) || self.is_modified(r.num) {
                    self.claimed.insert(r.num);
                    self.out.push(Judged::allowed(
                        Some(r.num),
                        "modified",
                        Category::Metadata,
                        "document information (title, dates, producer) updated".into(),
                    ));
                }
            }
        }
    }

    fn judge_catalog(&mut self) {
        let Some((root, new_cat)) = self.file.catalog(self.rev) else {
            return;
        };
        let Some((old_root, old_cat)) = self.file.catalog(self.prev) else {
            return;
        };
        if root.num != old_root.num || !self.is_modified(root.num) {
            // Catalog unchanged (or replaced: already judged from the trailer); the AcroForm
            // object may still have changed on its own.
            self.claimed.insert(root.num);
            self.judge_acroform_ref(&old_cat, &new_cat);
            return;
        }
        self.claimed.insert(root.num);
        let mut acroform_done = false;
        for key in changed_keys(&old_cat, &new_cat) {
            let (o, n) = (old_cat.get(&key), new_cat.get(&key));
            let verb = match (o, n) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            let k = key_str(&key);
            let judged = match key.as_slice() {
                b"AcroForm" => {
                    acroform_done = true;
                    self.judge_acroform_ref(&old_cat, &new_cat);
                    continue;
                }
                b"DSS" => match n {
                    Some(v) => self.judge_dss(root.num, v),
                    None => Judged::disallowed(
                        Some(root.num),
                        "modified",
                        "the document security store (/DSS) was removed".into(),
                    ),
                },
                b"Metadata" => {
                    if let Some(v) = n {
                        self.claim_new(v);
                    }
                    Judged::allowed(
                        Some(root.num),
                        "modified",
                        Category::Metadata,
                        format!("XMP metadata reference {verb}"),
                    )
                }
                b"Version" => Judged::allowed(
                    Some(root.num),
                    "modified",
                    Category::Extensions,
                    format!("PDF version in the catalog {verb}"),
                ),
                b"Extensions" => self.judge_extensions(root.num, &old_cat, n),
                b"Names" => self.judge_names(root.num, o, n),
                b"Pages" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    "the page tree was replaced (catalog /Pages changed)".into(),
                ),
                b"Perms" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document permissions (/Perms) {verb}"),
                ),
                b"OpenAction" | b"AA" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document action /{k} {verb} (can run script or jump when opened)"),
                ),
                _ => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document catalog entry /{k} {verb}"),
                ),
            };
            self.out.push(judged);
        }
        if !acroform_done {
            self.judge_acroform_ref(&old_cat, &new_cat);
        }
    }

    fn judge_names(&mut self, root: u32, old: Option<&Object>, new: Option<&Object>) -> Judged {
        let old_d = old
            .and_then(|o| self.get(self.prev, o))
            .and_then(|o| as_dict(&o).cloned())
            .unwrap_or_default();
        let Some(new_d) = new
            .and_then(|o| self.get(self.rev, o))
            .and_then(|o| as_dict(&o).cloned())
        else {
            return Judged::disallowed(
                Some(root),
                "modified",
                "the document name dictionary (/Names) was removed".into(),
            );
        };
        // Only the tree of annotation appearance templates (/AP) may change.
        for (k, v) in new_d.iter() {
            if k == b"AP" {
                continue;
            }
            if !old_d.get(k).is_some_and(|w| same_ignoring_spans(v, w)) {
                return Judged::disallowed(
                    Some(root),
                    "modified",
                    format!(
                        "document name tree /{} changed (may add scripts or files)",
                        key_str(k)
                    ),
                );
            }
        }
        if let Some(n) = new {
            if let Some(r) = n.as_ref() {
                if self.is_added(r.num) || self.is_modified(r.num) {
                    self.claimed.insert(r.num);
                }
            }
            self.claim_new(n);
        }
        Judged::allowed(
            Some(root),
            "modified",
            Category::Annotation,
            "annotation appearance templates (/Names /AP) added".into(),
        )
    }

    fn judge_extensions(&mut self, root: u32, old_cat: &Dict, new: Option<&Object>) -> Judged {
        if let Some(Object::Ref(r)) = new {
            if self.is_modified(r.num) {
                // An extensions dictionary updated in place must not be used by anything else.
                let outside_catalog = self
                    .graph
                    .referrers(self.prev, r.num)
                    .into_iter()
                    .any(|src| src != root);
                let inside_catalog =
                    old_cat
                        .iter()
                        .filter(|(k, _)| *k != b"Extensions")
                        .any(|(_, v)| {
                            let mut refs = Vec::new();
                            crate::pdf::object::collect_refs(v, &mut refs, 4096);
                            refs.iter().any(|x| x.num == r.num)
                        });
                if outside_catalog || inside_catalog {
                    self.claimed.insert(r.num);
                    return Judged::disallowed(
                        Some(r.num),
                        "modified",
                        format!("object {} was changed as the catalog's /Extensions, but it is also used elsewhere in the document", r.num),
                    );
                }
                self.claimed.insert(r.num);
            }
        }
        if let Some(v) = new {
            self.claim_new(v);
        }
        Judged::allowed(
            Some(root),
            "modified",
            Category::Extensions,
            "developer extensions declared in the catalog updated".into(),
        )
    }

    fn judge_dss(&mut self, root: u32, value: &Object) -> Judged {
        let Some(Object::Dict(dss)) = self.get(self.rev, value) else {
            return Judged::disallowed(Some(root), "modified", "/DSS is not a dictionary".into());
        };
        for (k, _) in dss.iter() {
            if !matches!(k, b"Type" | b"VRI" | b"Certs" | b"CRLs" | b"OCSPs") {
                return Judged::disallowed(
                    Some(root),
                    "modified",
                    format!(
                        "document security store has an unexpected entry /{}",
                        key_str(k)
                    ),
                );
            }
        }
        if let Some(Object::Dict(vri)) = dss.get(b"VRI").and_then(|v| self.get(self.rev, v)) {
            for (_, entry) in vri.iter().take(10_000) {
                if let Some(Object::Dict(e)) = self.get(self.rev, entry) {
                    if let Some((k, _)) = e.iter().find(|(k, _)| {
                        !matches!(*k, b"Type" | b"TU" | b"TS" | b"Cert" | b"CRL" | b"OCSP")
                    }) {
                        return Judged::disallowed(
                            Some(root),
                            "modified",
                            format!(
                                "validation data (/VRI) has an unexpected entry /{}",
                                key_str(k)
                            ),
                        );
                    }
                }
            }
        }
        let n = self.claim_new(value);
        Judged::allowed(
            Some(root),
            "modified",
            Category::Dss,
            format!("validation data (document security store) added or updated ({n} new objects)"),
        )
    }

    /// Old DSS objects updated in place (arrays, VRI dictionary).
    fn in_old_dss(&self, num: u32) -> bool {
        let Some((_, cat)) = self.file.catalog(self.prev) else {
            return false;
        };
        let Some(dss) = cat.get(b"DSS") else {
            return false;
        };
        if dss.as_ref().is_some_and(|r| r.num == num) {
            return true;
        }
        // Only the DSS dictionary, the VRI dictionary and their arrays: not the certificates.
        let Some(Object::Dict(d)) = self.get(self.prev, dss) else {
            return false;
        };
        d.iter()
            .any(|(_, v)| v.as_ref().is_some_and(|r| r.num == num))
            || d.get(b"VRI")
                .and_then(|v| self.get(self.prev, v))
                .and_then(|v| as_dict(&v).cloned())
                .is_some_and(|vri| {
                    vri.iter()
                        .any(|(_, v)| v.as_ref().is_some_and(|r| r.num == num))
                })
    }

    fn judge_acroform_ref(&mut self, old_cat: &Dict, new_cat: &Dict) {
        let old_af = old_cat
            .get(b"AcroForm")
            .and_then(|v| self.get(self.prev, v))
            .and_then(|o| as_dict(&o).cloned());
        let new_af_value = new_cat.get(b"AcroForm").cloned();
        let new_af = new_af_value
            .as_ref()
            .and_then(|v| self.get(self.rev, v))
            .and_then(|o| as_dict(&o).cloned());
        let af_num = new_af_value
            .as_ref()
            .and_then(Object::as_ref)
            .map(|r| r.num);
        if let Some(n) = af_num {
            if !(self.is_added(n) || self.is_modified(n)) {
                // Same object, unchanged; only its /Fields array may have changed.
                if let (Some(o), Some(nw)) = (&old_af, &new_af) {
                    self.judge_fields_array(o, nw);
                }
                return;
            }
            self.claimed.insert(n);
        }
        let root = self.file.catalog(self.rev).map(|(r, _)| r.num);
        let object = af_num.or(root);
        match (old_af, new_af) {
            (_, None) => {
                if old_cat.contains(b"AcroForm") {
                    self.out.push(Judged::disallowed(
                        object,
                        "modified",
                        "the interactive form (/AcroForm) was removed".into(),
                    ));
                }
            }
            (old, Some(new)) => {
                let old = old.unwrap_or_default();
                let mut cat = Category::Signing;
                let mut words = Vec::new();
                for (k, v) in new.iter() {
                    if old.get(k).is_some_and(|w| same_ignoring_spans(v, w)) {
                        continue;
                    }
                    match k {
                        b"Fields" => {}
                        b"SigFlags" => words.push("signature flags"),
                        b"DA" | b"DR" => {
                            self.claim_new(v);
                            words.push("default appearance resources");
                        }
                        b"CO" => {
                            cat = cat.max(Category::FormFill);
                            words.push("calculation order");
                        }
                        b"NeedAppearances" if v == &Object::Bool(false) => {}
                        _ => {
                            self.out.push(Judged::disallowed(
                                object,
                                "modified",
                                format!("interactive form entry /{} changed", key_str(k)),
                            ));
                            return;
                        }
                    }
                }
                if let Some((k, _)) = old.iter().find(|(k, _)| !new.contains(k)) {
                    self.out.push(Judged::disallowed(
                        object,
                        "modified",
                        format!("interactive form entry /{} removed", key_str(k)),
                    ));
                    return;
                }
                let before = self.out.len();
                self.judge_fields_array(&old, &new);
                let field_cats: Vec<Category> = self
                    .out
                    .get(before..)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|j| j.category)
                    .collect();
                if !field_cats.is_empty() && field_cats.iter().all(|c| *c == Category::DocTimestamp)
                {
                    cat = Category::DocTimestamp;
                }
                let desc = if words.is_empty() {
                    "interactive form (/AcroForm) updated for new fields".to_string()
                } else {
                    format!("interactive form (/AcroForm) updated: {}", words.join(", "))
                };
                self.out
                    .push(Judged::allowed(object, "modified", cat, desc));
            }
        }
    }

    fn field_list(&self, rev: usize, af: &Dict) -> (Vec<ObjRef>, Option<u32>) {
        let holder = af.get(b"Fields").and_then(Object::as_ref).map(|r| r.num);
        let list = af
            .get(b"Fields")
            .and_then(|f| self.file.resolve(rev, f))
            .and_then(|f| {
                f.as_array()
                    .map(|a| a.iter().filter_map(Object::as_ref).collect())
            })
            .unwrap_or_default();
        (list, holder)
    }

    fn judge_fields_array(&mut self, old_af: &Dict, new_af: &Dict) {
        let (old_list, _) = self.field_list(self.prev, old_af);
        let (new_list, holder) = self.field_list(self.rev, new_af);
        if let Some(h) = holder {
            if self.is_modified(h) || self.is_added(h) {
                self.claimed.insert(h);
            }
        }
        let old_set: HashSet<u32> = old_list.iter().map(|r| r.num).collect();
        let new_set: HashSet<u32> = new_list.iter().map(|r| r.num).collect();
        for r in &old_list {
            if !new_set.contains(&r.num) {
                let name = self.field_name(self.prev, r.num);
                self.out.push(Judged::disallowed(
                    Some(r.num),
                    "modified",
                    format!("form field {name} was removed from the form"),
                ));
            }
        }
        for r in &new_list {
            if !old_set.contains(&r.num) {
                self.judge_new_field(r.num);
            }
        }
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

    /// A field object that appears in the form for the first time.
    fn judge_new_field(&mut self, num: u32) {
        if self.claimed.contains(&num) {
            return;
        }
        let name = self.field_name(self.rev, num);
        if !self.is_added(num) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("existing object {num} was turned into form field {name}"),
            ));
            self.claimed.insert(num);
            return;
        }
        let Some(Object::Dict(field)) = self.obj(self.rev, num) else {
            return;
        };
        self.claimed.insert(num);
        let ft = self.field_type(self.rev, &field);
        if ft.as_deref() != Some(b"Sig") {
            let kind = ft.map_or("untyped".to_string(), |t| key_str(&t));
            self.out.push(Judged::disallowed(
                Some(num),
                "added",
                format!("new form field {name} ({kind}) added"),
            ));
            return;
        }
        let timestamp = field.get(b"V").is_some_and(|v| self.is_doc_timestamp(v));
        if let Some(v) = field.get(b"V") {
            if let Some(r) = v.as_ref() {
                if !self.is_added(r.num) {
                    self.out.push(Judged::disallowed(
                        Some(num),
                        "added",
                        format!("new signature field {name} reuses the existing object {} as its signature", r.num),
                    ));
                    return;
                }
            }
        }
        self.claim_new(&Object::Dict(field.clone()));
        let covers = self.widget_covers_content(&field, None);
        let (cat, what) = if timestamp {
            (Category::DocTimestamp, "document timestamp")
        } else {
            (Category::Signing, "signature field")
        };
        let mut j = Judged::allowed(
            Some(num),
            "added",
            cat,
            if field.contains(b"V") {
                format!("{what} {name} added and signed")
            } else {
                format!("empty {what} {name} added")
            },
        );
        if covers {
            j.covers_content = true;
            j.description = format!(
                "{}; its visible appearance is drawn over existing content",
                j.description
            );
        }
        j.field = Some(name);
        self.out.push(j);
    }

    /// Whether an annotation or widget draws over what the page showed when it was signed:
    /// over an existing annotation or field, or over a large part of the page.
    fn widget_covers_content(&mut self, annot: &Dict, page_hint: Option<u32>) -> bool {
        let flags = annot.int(b"F").unwrap_or(0);
        if flags & (2 | 32) != 0 {
            return false;
        }
        if matches!(annot.name(b"Subtype"), Some(b"Popup" | b"Link" | b"Text")) {
            return false;
        }
        let Some(rect) = rect_of(annot) else {
            return false;
        };
        if area(&rect) <= 1.0 {
            return false;
        }
        let page = page_hint.or_else(|| annot.get(b"P").and_then(Object::as_ref).map(|r| r.num));
        let Some(page) = page else { return false };
        let Some(Object::Dict(p)) = self.obj(self.prev, page) else {
            return false;
        };
        let media = p
            .get(b"MediaBox")
            .and_then(|m| m.as_array())
            .and_then(|a| {
                let v: Vec<f64> = a.iter().filter_map(Object::as_number).collect();
                match v.as_slice() {
                    [a, b, c, d] => Some([*a, *b, *c, *d]),
                    _ => None,
                }
            })
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        if area(&media) > 0.0 && area(&rect) >= OVERLAY_PAGE_SHARE * area(&media) {
            return true;
        }
        // Over text the signed page showed.
        let text = crate::pdf::shadow::text_points(self.file, self.prev, &p);
        if text
            .iter()
            .any(|(x, y)| *x >= rect[0] && *x < rect[2] && *y >= rect[1] && *y < rect[3])
        {
            return true;
        }
        let old_annots = p
            .get(b"Annots")
            .and_then(|a| self.get(self.prev, a))
            .and_then(|a| a.as_array().map(<[Object]>::to_vec))
            .unwrap_or_default();
        for a in old_annots.iter().take(10_000) {
            if let Some(Object::Dict(d)) = self.get(self.prev, a) {
                if d.int(b"F").unwrap_or(0) & (2 | 32) != 0 {
                    continue;
                }
                if let Some(r) = rect_of(&d) {
                    if area(&r) > 1.0 && overlap(&rect, &r) {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn judge_modified(&mut self, diff: &ObjectDiff) {
        let num = diff.num;
        let (Some(old), Some(new)) = (&diff.old, &diff.new) else {
            return;
        };
        self.claimed.insert(num);
        let old_type = as_dict(old).and_then(type_name_of).map(<[u8]>::to_vec);
        let new_type = as_dict(new).and_then(type_name_of).map(<[u8]>::to_vec);
        // Containers of the file structure.
        if matches!(old_type.as_deref(), Some(b"XRef" | b"ObjStm")) {
            if old_type == new_type {
                return;
            }
        } else if matches!(new_type.as_deref(), Some(b"XRef" | b"ObjStm")) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!(
                    "object {num}{} was overwritten by a cross-reference or object stream",
                    describe_kind(old)
                ),
            ));
            return;
        }
        if old_type.as_deref() == Some(b"Metadata")
            && as_dict(old).and_then(|d| d.name(b"Subtype")) == Some(b"XML")
            && new_type.as_deref() == Some(b"Metadata")
        {
            self.out.push(Judged::allowed(
                Some(num),
                "modified",
                Category::Metadata,
                "XMP metadata updated".into(),
            ));
            return;
        }
        if let Some((root, old_cat)) = self.file.catalog(self.prev) {
            if old_cat
                .get(b"Extensions")
                .and_then(Object::as_ref)
                .map(|r| r.num)
                == Some(num)
            {
                let value = Object::Ref(ObjRef { num, gen: 0 });
                let j = self.judge_extensions(root.num, &old_cat, Some(&value));
                self.out.push(j);
                return;
            }
        }
        if self.in_old_dss(num) {
            self.out.push(Judged::allowed(
                Some(num),
                "modified",
                Category::Dss,
                "validation data (document security store) updated".into(),
            ));
            return;
        }
        let Some(od) = as_dict(old) else {
            self.judge_modified_array(num, old, new);
            return;
        };
        match old_type.as_deref() {
            Some(b"Page") => return self.judge_page(num, od, new),
            Some(b"Pages") => {
                let count = |o: &Object| as_dict(o).and_then(|d| d.int(b"Count"));
                let (a, b) = (count(old), count(new));
                let words = if a != b {
                    format!(
                        "page tree changed: {} pages before, {} after",
                        a.unwrap_or(0),
                        b.unwrap_or(0)
                    )
                } else {
                    "page tree changed: pages replaced or reordered".to_string()
                };
                self.out
                    .push(Judged::disallowed(Some(num), "modified", words));
                return;
            }
            Some(b"Sig" | b"DocTimeStamp") => {
                self.out.push(Judged::disallowed(
                    Some(num),
                    "modified",
                    format!("signature dictionary {num} was changed after it was signed"),
                ));
                return;
            }
            _ => {}
        }
        if od.contains(b"ByteRange") && od.contains(b"Contents") {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("signature dictionary {num} was changed after it was signed"),
            ));
            return;
        }
        if is_field_or_widget(od) {
            return self.judge_modified_field(num, od, new);
        }
        if is_annotation(od) {
            return self.judge_modified_annotation(num, od, new);
        }
        let j = self.unexplained(num, old);
        self.out.push(j);
    }

    fn judge_modified_array(&mut self, num: u32, old: &Object, new: &Object) {
        // An indirect /Annots array of a page, or /Fields or /Kids array.
        for src in self.graph.referrers(self.prev, num) {
            if src == TRAILER {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.prev, src) else {
                continue;
            };
            let holds =
                |key: &[u8]| d.get(key).and_then(Object::as_ref).map(|r| r.num) == Some(num);
            if type_name_of(&d) == Some(b"Page") && holds(b"Annots") {
                let before = old.as_array().map(<[Object]>::to_vec).unwrap_or_default();
                let after = new.as_array().map(<[Object]>::to_vec).unwrap_or_default();
                self.judge_annots_change(src, num, &before, &after);
                return;
            }
            if holds(b"Fields") || holds(b"Kids") {
                let old_set: HashSet<u32> = old
                    .as_array()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Object::as_ref)
                    .map(|r| r.num)
                    .collect();
                let new_refs: Vec<u32> = new
                    .as_array()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Object::as_ref)
                    .map(|r| r.num)
                    .collect();
                if let Some(gone) = old_set.iter().find(|n| !new_refs.contains(n)) {
                    let name = self.field_name(self.prev, *gone);
                    self.out.push(Judged::disallowed(
                        Some(num),
                        "modified",
                        format!("form field {name} was removed from the form"),
                    ));
                    return;
                }
                for n in new_refs {
                    if !old_set.contains(&n) {
                        self.judge_new_field(n);
                    }
                }
                self.out.push(Judged::allowed(
                    Some(num),
                    "modified",
                    Category::Signing,
                    "list of form fields extended".into(),
                ));
                return;
            }
        }
        let j = self.unexplained(num, old);
        self.out.push(j);
    }

    fn judge_page(&mut self, num: u32, old: &Dict, new: &Object) {
        let page = self.page_words(num);
        let Some(nd) = as_dict(new) else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("{page} was replaced by a non-page object"),
            ));
            return;
        };
        for key in changed_keys(old, nd) {
            let (o, n) = (old.get(&key), nd.get(&key));
            let words = match key.as_slice() {
                b"Annots" => {
                    let before = o
                        .and_then(|v| self.get(self.prev, v))
                        .and_then(|v| v.as_array().map(<[Object]>::to_vec))
                        .unwrap_or_default();
                    let after = n
                        .and_then(|v| self.get(self.rev, v))
                        .and_then(|v| v.as_array().map(<[Object]>::to_vec))
                        .unwrap_or_default();
                    if let Some(r) = n.and_then(Object::as_ref) {
                        self.claimed.insert(r.num);
                    }
                    self.judge_annots_change(num, num, &before, &after);
                    continue;
                }
                b"Contents" => format!("{page} content replaced"),
                b"Resources" => format!("{page} resources (fonts, images) changed"),
                b"MediaBox" | b"CropBox" | b"Rotate" | b"UserUnit" => {
                    format!("{page} size or orientation changed")
                }
                b"Parent" => format!("{page} moved in the page tree"),
                b"Type" => format!("{page} is no longer a page"),
                _ => format!("{page} entry /{} changed", key_str(&key)),
            };
            self.out
                .push(Judged::disallowed(Some(num), "modified", words));
        }
    }

    fn judge_annots_change(&mut self, page: u32, holder: u32, before: &[Object], after: &[Object]) {
        let page_words = self.page_words(page);
        let old_set: HashSet<u32> = before
            .iter()
            .filter_map(Object::as_ref)
            .map(|r| r.num)
            .collect();
        let new_set: HashSet<u32> = after
            .iter()
            .filter_map(Object::as_ref)
            .map(|r| r.num)
            .collect();
        for r in before.iter().filter_map(Object::as_ref) {
            if new_set.contains(&r.num) {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.prev, r.num) else {
                continue;
            };
            if is_field_or_widget(&d) {
                let name = self.field_name(self.prev, r.num);
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!("the widget of form field {name} was removed from {page_words}"),
                ));
            } else {
                let subtype = d.name(b"Subtype").map(key_str).unwrap_or_default();
                let mut j = Judged::allowed(
                    Some(holder),
                    "modified",
                    Category::Annotation,
                    format!("{subtype} annotation removed from {page_words}"),
                );
                // Removing an overlay shows what it hid.
                if self.widget_covers_content(&d, Some(page))
                    || rect_of(&d).is_some_and(|r| area(&r) > 1.0) && d.contains(b"AP")
                {
                    j.covers_content = true;
                    j.description.push_str("; what it covered is now visible");
                }
                self.out.push(j);
            }
        }
        for r in after.iter().filter_map(Object::as_ref) {
            if old_set.contains(&r.num) {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.rev, r.num) else {
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!(
                        "{page_words} lists object {} as an annotation, but it is not one",
                        r.num
                    ),
                ));
                continue;
            };
            if is_field_or_widget(&d) {
                // A widget of a new field: judged with the form; a widget of an existing field
                // moved here is not something form filling does.
                if self.is_added(r.num) {
                    if d.contains(b"FT") || d.contains(b"T") {
                        self.judge_new_field(r.num);
                    } else if let Some(parent) = d.get(b"Parent").and_then(Object::as_ref) {
                        if self.is_added(parent.num) {
                            self.judge_new_field(parent.num);
                            self.claimed.insert(r.num);
                        } else {
                            let name = self.field_name(self.rev, parent.num);
                            self.claim_new(&Object::Dict(d.clone()));
                            self.claimed.insert(r.num);
                            self.out.push(Judged::disallowed(
                                Some(r.num),
                                "added",
                                format!(
                                    "a new widget for existing field {name} added on {page_words}"
                                ),
                            ));
                        }
                    }
                } else {
                    let name = self.field_name(self.rev, r.num);
                    self.out.push(Judged::disallowed(
                        Some(holder),
                        "modified",
                        format!("existing widget of field {name} attached to {page_words}"),
                    ));
                }
                continue;
            }
            if !self.is_added(r.num) {
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!(
                        "existing object {} attached to {page_words} as an annotation",
                        r.num
                    ),
                ));
                continue;
            }
            self.claimed.insert(r.num);
            self.claim_new(&Object::Dict(d.clone()));
            let subtype = d
                .name(b"Subtype")
                .map(key_str)
                .unwrap_or_else(|| "untyped".into());
            let mut j = Judged::allowed(
                Some(r.num),
                "added",
                Category::Annotation,
                format!("{subtype} annotation added on {page_words}"),
            );
            if self.widget_covers_content(&d, Some(page)) {
                j.covers_content = true;
                j.description
                    .push_str("; its appearance is drawn over existing page content");
            }
            self.out.push(j);
        }
        if holder != page && (self.is_modified(holder) || self.is_added(holder)) {
            self.claimed.insert(holder);
        }
    }

    fn judge_modified_annotation(&mut self, num: u32, old: &Dict, new: &Object) {
        let Some(nd) = as_dict(new) else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("annotation {num} replaced by a non-annotation object"),
            ));
            return;
        };
        if let Some(ap) = nd.get(b"AP") {
            self.claim_new(ap);
        }
        if let Some(p) = nd.get(b"Popup") {
            self.claim_new(p);
        }
        let subtype = old.name(b"Subtype").map(key_str).unwrap_or_default();
        let page = old.get(b"P").and_then(Object::as_ref).map(|r| r.num);
        let mut j = Judged::allowed(
            Some(num),
            "modified",
            Category::Annotation,
            format!("{subtype} annotation {num} modified"),
        );
        if self.widget_covers_content(nd, page)
            && !rect_of(old).is_some_and(|r| Some(r) == rect_of(nd))
        {
            j.covers_content = true;
            j.description
                .push_str("; it now covers other content of the page");
        }
        self.out.push(j);
    }

    fn judge_modified_field(&mut self, num: u32, old: &Dict, new: &Object) {
        let name = self.field_name(self.rev, num);
        let Some(nd) = as_dict(new).cloned() else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("form field {name} was replaced by a non-field object"),
            ));
            return;
        };
        if !is_field_or_widget(&nd) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("form field {name} was emptied (it no longer is a field)"),
            ));
            return;
        }
        let ft = self.field_type(self.rev, &nd);
        let is_sig = ft.as_deref() == Some(b"Sig");
        let changed = |k: &[u8]| entry_changed(old, &nd, k);
        let value_changed = changed(b"V") || changed(b"AS") || changed(b"I");
        let newly_signed = is_sig && !old.contains(b"V") && nd.contains(b"V");
        let mut category = if is_sig {
            Category::Signing
        } else {
            Category::FormFill
        };
        let mut words: Vec<String> = Vec::new();
        for key in changed_keys(old, &nd) {
            let k = key_str(&key);
            match key.as_slice() {
                b"V" if is_sig => {
                    if !newly_signed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the signature of field {name} was replaced or removed"),
                        ));
                    }
                    if let Some(v) = nd.get(b"V") {
                        if let Some(r) = v.as_ref() {
                            if !self.is_added(r.num) {
                                return self.out.push(Judged::disallowed(
                                    Some(num),
                                    "modified",
                                    format!("signature field {name} was given the existing object {} as its signature", r.num),
                                ));
                            }
                        }
                        if self.is_doc_timestamp(v) {
                            category = Category::DocTimestamp;
                        }
                        self.claim_new(v);
                    }
                    words.push("signed".into());
                }
                b"V" | b"AS" | b"I" => {
                    if let Some(v) = nd.get(&key) {
                        self.claim_new(v);
                    }
                    words.push("value changed".into());
                }
                b"AP" => {
                    if !is_sig && !value_changed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the appearance of field {name} was replaced although its value did not change"),
                        ));
                    }
                    if is_sig && !newly_signed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the appearance of signed field {name} was replaced"),
                        ));
                    }
                    if let Some(reason) = self.appearance_shared(num, old) {
                        return self
                            .out
                            .push(Judged::disallowed(Some(num), "modified", reason));
                    }
                    if let Some(ap) = nd.get(b"AP") {
                        self.claim_new(ap);
                    }
                    words.push("appearance regenerated".into());
                }
                b"Lock" | b"SV" if newly_signed => {
                    if let Some(v) = nd.get(&key) {
                        self.claim_new(v);
                    }
                    words.push(format!("/{k} set"));
                }
                b"DA" | b"MK" | b"F" if value_changed || newly_signed => {
                    words.push(format!("/{k} updated"));
                }
                _ => {
                    return self.out.push(Judged::disallowed(
                        Some(num),
                        "modified",
                        format!("property /{k} of form field {name} changed"),
                    ));
                }
            }
        }
        // Appearance streams changed in place (same object numbers) must belong to this field.
        if let Some(ap) = nd.get(b"AP") {
            let stop = |_: u32| false;
            for n in self.reachable(self.rev, ap, 64, &stop) {
                if !self.is_modified(n) {
                    continue;
                }
                if let Some(reason) = self.appearance_shared(num, old) {
                    return self
                        .out
                        .push(Judged::disallowed(Some(num), "modified", reason));
                }
                if !value_changed && !newly_signed {
                    return self.out.push(Judged::disallowed(
                        Some(n),
                        "modified",
                        format!("the appearance of field {name} was rewritten although its value did not change"),
                    ));
                }
                self.claimed.insert(n);
                words.push(format!("appearance object {n} rewritten"));
            }
        }
        let mut seen_words = HashSet::new();
        words.retain(|w| seen_words.insert(w.clone()));
        let mut j = Judged::allowed(
            Some(num),
            "modified",
            category,
            format!("form field {name}: {}", words.join(", ")),
        );
        j.field = Some(name);
        j.existing_field = true;
        self.out.push(j);
    }

    /// The widget's appearance in the previous revision, if any part of it (the /AP dictionary
    /// or an appearance stream) is also used by something else: replacing or rewriting it
    /// would change that other content too.
    fn appearance_shared(&self, widget: u32, old: &Dict) -> Option<String> {
        let ap = old.get(b"AP")?;
        let mut parts: Vec<u32> = Vec::new();
        if let Some(r) = ap.as_ref() {
            parts.push(r.num);
        }
        if let Some(Object::Dict(apd)) = self.get(self.prev, ap) {
            for key in [&b"N"[..], b"R", b"D"] {
                let Some(v) = apd.get(key) else { continue };
                if let Some(r) = v.as_ref() {
                    parts.push(r.num);
                }
                if let Some(Object::Dict(states)) = self.get(self.prev, v) {
                    parts.extend(states.iter().filter_map(|(_, s)| s.as_ref()).map(|r| r.num));
                }
            }
        }
        parts.sort_unstable();
        parts.dedup();
        for part in &parts {
            for src in self.graph.referrers(self.prev, *part) {
                if src == widget || parts.contains(&src) {
                    continue;
                }
                let whom = if src == TRAILER {
                    "the trailer".to_string()
                } else {
                    format!("object {src}")
                };
                return Some(format!(
                    "the appearance of form field {} (object {part}) is also used by {whom}; changing it changes other content",
                    self.field_name(self.prev, widget)
                ));
            }
        }
        None
    }

    fn unexplained(&mut self, num: u32, old: &Object) -> Judged {
        // Page content streams get the words a reviewer understands.
        if matches!(old, Object::Stream(_)) {
            for src in self.graph.referrers(self.prev, num) {
                if let Some(Object::Dict(d)) = self.obj(self.prev, src) {
                    if type_name_of(&d) == Some(b"Page") {
                        let mut refs = Vec::new();
                        if let Some(c) = d.get(b"Contents") {
                            crate::pdf::object::collect_refs(c, &mut refs, 4096);
                        }
                        if refs.iter().any(|r| r.num == num) {
                            let page = self.page_words(src);
                            return Judged::disallowed(
                                Some(num),
                                "modified",
                                format!("{page} content replaced"),
                            );
                        }
                    }
                }
            }
        }
        Judged::disallowed(
            Some(num),
            "modified",
            format!("object {num}{} changed", describe_kind(old)),
        )
    }

    fn judge_added_leftovers(&mut self) {
        let mut unused = 0usize;
        let mut nums: Vec<u32> = self
            .diffs
            .values()
            .filter(|d| d.action == Action::Added && !self.claimed.contains(&d.num))
            .map(|d| d.num)
            .collect();
        nums.sort_unstable();
        for num in nums {
            let structural = self
                .diffs
                .get(&num)
                .and_then(|d| d.new.as_ref())
                .and_then(as_dict)
                .and_then(type_name_of)
                .is_some_and(|t| t == b"XRef" || t == b"ObjStm");
            if !structural {
                unused += 1;
            }
        }
        if unused > 0 {
            self.out.push(Judged::allowed(
                None,
                "added",
                Category::Structure,
                format!("{unused} new objects that no allowed change uses"),
            ));
        }
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
