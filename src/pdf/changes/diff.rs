//! Object-level difference between one revision and the one before it: only the objects the
//! later revision's cross-reference section defines are looked at.

use crate::pdf::file::{PdfFile, XrefEntry};
use crate::pdf::object::{same_ignoring_spans, ObjRef, Object};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Added,
    Modified,
    Freed,
    /// Listed as in use, but nothing readable is there (a broken or deliberately hidden object).
    Unreadable,
    /// The cross-reference entry points at the body of another object (a reader that trusts
    /// offsets shows that object instead).
    Misdirected(u32),
    /// Nothing starts at the entry's offset while the revision's other entries are right: a
    /// reader that trusts offsets does not show the object.
    BadOffset,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Modified => "modified",
            Action::Freed => "freed",
            Action::Unreadable => "unreadable",
            Action::Misdirected(_) => "misdirected",
            Action::BadOffset => "bad_offset",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ObjectDiff {
    pub num: u32,
    pub action: Action,
    pub old: Option<Object>,
    pub new: Option<Object>,
}

/// Differences made by revision `rev` (≥ 1). Objects written again unchanged are left out.
pub fn diff_revision(file: &PdfFile<'_>, rev: usize) -> Vec<ObjectDiff> {
    let Some(prev) = rev.checked_sub(1) else {
        return Vec::new();
    };
    let Some(revision) = file.revisions.get(rev) else {
        return Vec::new();
    };
    // A writer that shifted every offset of a revision made a mistake; one that breaks only some
    // entries hides those objects from readers that trust offsets.
    let offsets_ok: Vec<bool> = revision
        .entries
        .iter()
        .filter_map(|(&num, e)| match e {
            XrefEntry::InUse { offset, .. } => Some(header_number(file, *offset) == Some(num)),
            _ => None,
        })
        .collect();
    let selective_breakage = offsets_ok.iter().any(|&ok| ok) && offsets_ok.iter().any(|&ok| !ok);
    let mut out = Vec::new();
    for (&num, entry) in &revision.entries {
        let r = ObjRef { num, gen: 0 };
        let old = file.get(prev, r);
        match entry {
            XrefEntry::Free => {
                if old.is_some() {
                    out.push(ObjectDiff {
                        num,
                        action: Action::Freed,
                        old,
                        new: None,
                    });
                }
            }
            XrefEntry::InUse { .. } | XrefEntry::Compressed { .. } => {
                if let XrefEntry::InUse { offset, .. } = entry {
                    if let Some(actual) = header_number(file, *offset).filter(|&n| n != num) {
                        out.push(ObjectDiff {
                            num,
                            action: Action::Misdirected(actual),
                            old,
                            new: None,
                        });
                        continue;
                    }
                    if selective_breakage && header_number(file, *offset).is_none() {
                        out.push(ObjectDiff {
                            num,
                            action: Action::BadOffset,
                            old,
                            new: None,
                        });
                        continue;
                    }
                }
                let new = file.get(rev, r);
                let action = match (&old, &new) {
                    (_, None) => Action::Unreadable,
                    (None, Some(_)) => Action::Added,
                    (Some(o), Some(n)) if same_object(file, o, n) => continue,
                    (Some(_), Some(_)) => Action::Modified,
                };
                out.push(ObjectDiff {
                    num,
                    action,
                    old,
                    new,
                });
            }
        }
    }
    out
}

/// The object number of an `n g obj` header at `offset`, if one is there.
fn header_number(file: &PdfFile<'_>, offset: usize) -> Option<u32> {
    let mut p = crate::pdf::parser::Parser::new(file.bytes, offset, 4);
    let num = p.uint().ok()?;
    p.uint().ok()?;
    p.expect_keyword("obj").ok()?;
    u32::try_from(num).ok()
}

/// Same object, wherever it is written; stream data compared raw, then decoded.
pub fn same_object(file: &PdfFile<'_>, a: &Object, b: &Object) -> bool {
    if !same_ignoring_spans(a, b) {
        return false;
    }
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => {
            let raw_x = file.bytes.get(x.data.clone());
            let raw_y = file.bytes.get(y.data.clone());
            if raw_x.is_some() && raw_x == raw_y {
                return true;
            }
            match (
                file.decode_stream(&x.dict, x.data.clone()),
                file.decode_stream(&y.dict, y.data.clone()),
            ) {
                (Some(dx), Some(dy)) => dx == dy,
                _ => false,
            }
        }
        _ => true,
    }
}
