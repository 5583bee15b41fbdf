//! Shadow-attack preparations in a signed revision: content that is present but not shown, which
//! a later "allowed" update could reveal, and form fields drawn on top of each other or of page
//! text, which a later value change could swap. Warnings only: the signature itself is intact.

use std::collections::{HashSet, VecDeque};

use super::file::{PdfFile, XrefEntry};
use super::object::{collect_refs, text_string, Dict, ObjRef, Object};
use crate::verdict::{Finding, Severity, Text};

/// Pages looked at for overlapping fields and for text under fields.
const MAX_PAGES: usize = 200;
/// Annotations per page compared pairwise.
const MAX_ANNOTS: usize = 200;
/// Decoded content looked at per page.
const MAX_CONTENT: usize = 512 * 1024;

/// Findings about shadow preparations in revision `rev`.
pub fn preparations(file: &PdfFile<'_>, rev: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(f) = unused_content(file, rev) {
        out.push(f);
    }
    out.extend(hidden_by_fields(file, rev));
    out
}

/// Pages, images, form XObjects and fonts that nothing in the document uses.
fn unused_content(file: &PdfFile<'_>, rev: usize) -> Option<Finding> {
    let trailer = file.trailer(rev)?;
    let budget = file.limits().max_objects;
    let mut seen: HashSet<u32> = HashSet::new();
    let mut queue: VecDeque<ObjRef> = VecDeque::new();
    let mut start = Vec::new();
    collect_refs(&Object::Dict(trailer.clone()), &mut start, 64);
    queue.extend(start);
    while let Some(r) = queue.pop_front() {
        if seen.len() >= budget {
            return None;
        }
        if !seen.insert(r.num) {
            continue;
        }
        if let Some(obj) = file.get(rev, r) {
            let mut refs = Vec::new();
            collect_refs(&obj, &mut refs, 100_000);
            queue.extend(refs.into_iter().filter(|x| !seen.contains(&x.num)));
        }
    }
    // Every object number visible from `rev`.
    let mut visible: Vec<u32> = file
        .revisions
        .iter()
        .take(rev + 1)
        .flat_map(|r| r.entries.keys().copied())
        .collect();
    visible.sort_unstable();
    visible.dedup();
    let mut unused: Vec<(u32, &'static str)> = Vec::new();
    for num in visible {
        if seen.contains(&num) {
            continue;
        }
        if !matches!(
            file.entry(rev, num),
            Some((_, XrefEntry::InUse { .. } | XrefEntry::Compressed { .. }))
        ) {
            continue;
        }
        let Some(obj) = file.get(rev, ObjRef { num, gen: 0 }) else {
            continue;
        };
        if let Some(kind) = content_kind(&obj) {
            unused.push((num, kind));
        }
        if unused.len() >= 1000 {
            break;
        }
    }
    if unused.is_empty() {
        return None;
    }
    let listed: Vec<String> = unused
        .iter()
        .take(5)
        .map(|(n, k)| format!("{n} ({k})"))
        .collect();
    Some(
        Finding::new(
            "SHADOW_UNUSED_CONTENT",
            Severity::Warning,
            Text::new(
                format!(
                    "the signed revision contains {} objects with visible content that nothing uses (e.g. {}); a later update could make them visible",
                    unused.len(),
                    listed.join(", ")
                ),
                format!(
                    "签名版本中有{}个未被使用的可显示对象（如{}），后续更新可能使其显示出来",
                    unused.len(),
                    listed.join("、")
                ),
            ),
        )
        .evidence(format!("revision {}", rev + 1)),
    )
}

fn content_kind(obj: &Object) -> Option<&'static str> {
    match obj {
        Object::Dict(d) if d.name(b"Type") == Some(b"Page") => Some("a page"),
        Object::Stream(s) => {
            let d = &s.dict;
            match (d.name(b"Type"), d.name(b"Subtype")) {
                (_, Some(b"Image")) => Some("an image"),
                (_, Some(b"Form")) => Some("a form XObject"),
                (Some(b"XRef" | b"ObjStm" | b"Metadata" | b"EmbeddedFile"), _) => None,
                (None, None)
                    if !d.contains(b"S")
                        && !d.contains(b"Length1")
                        && !d.contains(b"N")
                        && !d.contains(b"FunctionType") =>
                {
                    Some("a content stream")
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn rect(d: &Dict) -> Option<[f64; 4]> {
    let a = d.get(b"Rect")?.as_array()?;
    let v: Vec<f64> = a.iter().filter_map(Object::as_number).collect();
    let [x0, y0, x1, y1] = v.as_slice() else {
        return None;
    };
    Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)])
}

fn visible(d: &Dict) -> bool {
    d.int(b"F").unwrap_or(0) & (2 | 32) == 0
        && d.contains(b"AP")
        && rect(d).is_some_and(|r| (r[2] - r[0]) * (r[3] - r[1]) > 1.0)
}

fn name_of(file: &PdfFile<'_>, rev: usize, d: &Dict) -> String {
    let mut cur = d.clone();
    for _ in 0..8 {
        if let Some(t) = cur.get(b"T").and_then(Object::as_string) {
            return format!("\"{}\"", text_string(&t.bytes));
        }
        match cur.get(b"Parent").and_then(|p| file.resolve(rev, p)) {
            Some(Object::Dict(p)) => cur = p,
            _ => break,
        }
    }
    d.name(b"Subtype").map_or("an annotation".into(), |s| {
        format!("a {} annotation", String::from_utf8_lossy(s))
    })
}

/// Fields and annotations with an appearance drawn over another one, or over page text.
fn hidden_by_fields(file: &PdfFile<'_>, rev: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some((_, catalog)) = file.catalog(rev) else {
        return out;
    };
    let mut pages = Vec::new();
    let mut stack: Vec<Object> = catalog.get(b"Pages").cloned().into_iter().collect();
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        if pages.len() >= MAX_PAGES || seen.len() > 10_000 {
            break;
        }
        let Some(r) = node.as_ref() else { continue };
        if !seen.insert(r.num) {
            continue;
        }
        let Some(Object::Dict(d)) = file.get(rev, r) else {
            continue;
        };
        match d.get(b"Kids").and_then(|k| file.resolve(rev, k)) {
            Some(Object::Array(kids)) => stack.extend(kids.into_iter().rev()),
            _ => pages.push(d),
        }
    }
    for (index, page) in pages.iter().enumerate() {
        let annots: Vec<Dict> = page
            .get(b"Annots")
            .and_then(|a| file.resolve(rev, a))
            .and_then(|a| a.as_array().map(<[Object]>::to_vec))
            .unwrap_or_default()
            .iter()
            .take(MAX_ANNOTS)
            .filter_map(|a| match file.resolve(rev, a) {
                Some(Object::Dict(d)) if visible(&d) => Some(d),
                _ => None,
            })
            .collect();
        let text = text_points(file, rev, page);
        for (i, a) in annots.iter().enumerate() {
            let Some(ra) = rect(a) else { continue };
            for b in annots.iter().skip(i + 1) {
                let Some(rb) = rect(b) else { continue };
                if ra[0] < rb[2] && rb[0] < ra[2] && ra[1] < rb[3] && rb[1] < ra[3] {
                    out.push(Finding::new(
                        "SHADOW_OVERLAPPING_FIELDS",
                        Severity::Warning,
                        Text::new(
                            format!(
                                "on page {} {} and {} are drawn at the same place: one hides the other, and a later form update could swap what is shown",
                                index + 1,
                                name_of(file, rev, a),
                                name_of(file, rev, b)
                            ),
                            format!(
                                "第{}页上{}与{}位置重叠，一个遮挡另一个，后续表单更新可能替换显示内容",
                                index + 1,
                                name_of(file, rev, a),
                                name_of(file, rev, b)
                            ),
                        ),
                    ));
                }
            }
            let is_field = a.contains(b"FT") || a.contains(b"Parent");
            if is_field
                && text
                    .iter()
                    .any(|(x, y)| *x >= ra[0] && *x < ra[2] && *y >= ra[1] && *y < ra[3])
            {
                out.push(Finding::new(
                    "SHADOW_FIELD_OVER_TEXT",
                    Severity::Warning,
                    Text::new(
                        format!(
                            "on page {} form field {} is drawn over page text, which it may hide",
                            index + 1,
                            name_of(file, rev, a)
                        ),
                        format!(
                            "第{}页上表单域{}覆盖在页面文字之上，可能遮挡文字",
                            index + 1,
                            name_of(file, rev, a)
                        ),
                    ),
                ));
            }
            if out.len() >= 20 {
                return out;
            }
        }
    }
    out
}

/// Where text starts on a page (text matrix positions at each show-text operator), with the
/// page content parsed token by token. Transformations by `cm` are not followed: this is an
/// estimate for a warning, not rendering.
pub(crate) fn text_points(file: &PdfFile<'_>, rev: usize, page: &Dict) -> Vec<(f64, f64)> {
    let mut data = Vec::new();
    let streams: Vec<Object> = match page.get(b"Contents").and_then(|c| file.resolve(rev, c)) {
        Some(Object::Array(a)) => a,
        Some(other @ Object::Stream(_)) => vec![other],
        _ => Vec::new(),
    };
    for s in streams.iter().take(64) {
        if let Some(Object::Stream(st)) = file.resolve(rev, s) {
            if let Some(d) = file.decode_stream(&st.dict, st.data.clone()) {
                data.extend_from_slice(&d);
            }
        }
        if data.len() > MAX_CONTENT {
            data.truncate(MAX_CONTENT);
            break;
        }
    }
    let mut points = Vec::new();
    let mut nums: Vec<f64> = Vec::new();
    let (mut x, mut y, mut lx, mut ly, mut leading) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < data.len() && points.len() < 10_000 {
        let b = data.get(i).copied().unwrap_or(b' ');
        if b == b'(' {
            // Skip a literal string (balanced, with escapes).
            let mut depth = 0usize;
            while let Some(&c) = data.get(i) {
                i += 1;
                match c {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        if b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b'<' | b'>' | b'/') {
            i += 1;
            continue;
        }
        let start = i;
        while data
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !b"()[]<>/".contains(c))
        {
            i += 1;
        }
        let tok = data.get(start..i).unwrap_or(&[]);
        if let Some(v) = std::str::from_utf8(tok)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
        {
            nums.push(v);
            if nums.len() > 16 {
                nums.remove(0);
            }
            continue;
        }
        let last = |k: usize| nums.len().checked_sub(k).and_then(|p| nums.get(p).copied());
        match tok {
            b"BT" => {
                (x, y, lx, ly) = (0.0, 0.0, 0.0, 0.0);
            }
            b"Tm" => {
                if let (Some(e), Some(f)) = (last(2), last(1)) {
                    (x, y, lx, ly) = (e, f, e, f);
                }
            }
            b"Td" | b"TD" => {
                if let (Some(tx), Some(ty)) = (last(2), last(1)) {
                    lx += tx;
                    ly += ty;
                    (x, y) = (lx, ly);
                    if tok == b"TD" {
                        leading = -ty;
                    }
                }
            }
            b"TL" => leading = last(1).unwrap_or(leading),
            b"T*" => {
                ly -= leading;
                (x, y) = (lx, ly);
            }
            b"Tj" | b"TJ" | b"'" | b"\"" => points.push((x, y)),
            _ => {}
        }
        if i == start {
            i += 1;
        }
        nums.clear();
    }
    points
}
