//! Who refers to whom: the reverse reference index of a revision, built only when a rule needs
//! to know whether an object it is about to allow was shared with other content.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::pdf::file::{PdfFile, XrefEntry};
use crate::pdf::object::{collect_refs, ObjRef, Object};

/// Marks the trailer as a referrer (it refers to the catalog and the Info dictionary).
pub const TRAILER: u32 = u32::MAX;

/// Refs collected from one object at most (a page tree node or a huge array).
const MAX_REFS_PER_OBJECT: usize = 100_000;

pub struct RefGraph<'f, 'a> {
    file: &'f PdfFile<'a>,
    /// target → (referrer, revision that defines the referrer's version)
    reverse: OnceCell<HashMap<u32, Vec<(u32, usize)>>>,
}

impl<'f, 'a> RefGraph<'f, 'a> {
    pub fn new(file: &'f PdfFile<'a>) -> Self {
        RefGraph {
            file,
            reverse: OnceCell::new(),
        }
    }

    /// Every object definition of every revision is parsed once, the first time a rule asks.
    fn reverse(&self) -> &HashMap<u32, Vec<(u32, usize)>> {
        self.reverse.get_or_init(|| {
            let mut map: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
            let budget = self.file.limits().max_objects;
            let mut seen = 0usize;
            for (rev, revision) in self.file.revisions.iter().enumerate() {
                for (&num, entry) in &revision.entries {
                    if matches!(entry, XrefEntry::Free) {
                        continue;
                    }
                    seen += 1;
                    if seen > budget {
                        return map;
                    }
                    let Some(obj) = self.file.get(rev, ObjRef { num, gen: 0 }) else {
                        continue;
                    };
                    let mut refs = Vec::new();
                    collect_refs(&obj, &mut refs, MAX_REFS_PER_OBJECT);
                    refs.sort_unstable();
                    refs.dedup();
                    for r in refs {
                        map.entry(r.num).or_default().push((num, rev));
                    }
                }
            }
            map
        })
    }

    /// Objects that refer to `target` as revision `rev` sees the file (plus [`TRAILER`]).
    pub fn referrers(&self, rev: usize, target: u32) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(trailer) = self.file.trailer(rev) {
            let mut refs = Vec::new();
            collect_refs(&Object::Dict(trailer.clone()), &mut refs, 64);
            if refs.iter().any(|r| r.num == target) {
                out.push(TRAILER);
            }
        }
        if let Some(list) = self.reverse().get(&target) {
            for &(src, defined_in) in list {
                if self.file.entry(rev, src).map(|(d, _)| d) == Some(defined_in)
                    && !out.contains(&src)
                {
                    out.push(src);
                }
            }
        }
        out
    }
}

/// Objects reachable from `start` in revision `rev` (breadth first, at most `max`), not
/// counting `start` itself when it is direct. `stop` objects are not entered.
pub fn reachable(
    file: &PdfFile<'_>,
    rev: usize,
    start: &Object,
    max: usize,
    stop: &dyn Fn(u32) -> bool,
) -> Vec<u32> {
    reachable_with(start, max, stop, &|n| {
        file.get(rev, ObjRef { num: n, gen: 0 })
    })
}

/// [`reachable`] with the objects looked up by `lookup` (a cache of already parsed objects).
pub fn reachable_with(
    start: &Object,
    max: usize,
    stop: &dyn Fn(u32) -> bool,
    lookup: &dyn Fn(u32) -> Option<Object>,
) -> Vec<u32> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    let mut first = Vec::new();
    collect_refs(start, &mut first, max);
    queue.extend(first);
    while let Some(r) = queue.pop_front() {
        if out.len() >= max {
            break;
        }
        if !seen.insert(r.num) || stop(r.num) {
            continue;
        }
        out.push(r.num);
        if let Some(obj) = lookup(r.num) {
            let mut refs = Vec::new();
            collect_refs(&obj, &mut refs, max);
            queue.extend(refs);
        }
    }
    out
}
