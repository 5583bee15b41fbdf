//! Test support: appends an incremental update (new object bodies, a classic xref section and a
//! trailer pointing back with /Prev) to a PDF, the way an editor would.

#![allow(dead_code)]

use sealcheck::pdf::file::PdfFile;
use sealcheck::pdf::object::{Dict, Object};
use sealcheck::Limits;

/// Appends `objects` (number, body without `obj`/`endobj`) as a new revision.
pub fn append_update(bytes: &[u8], objects: &[(u32, String)]) -> Vec<u8> {
    let file = PdfFile::parse(bytes, 0, &Limits::default());
    let last = file.revisions.last().expect("a revision");
    let prev = last.xref_offset;
    let root = last
        .trailer
        .get(b"Root")
        .and_then(Object::as_ref)
        .expect("root");
    let size = last.trailer.int(b"Size").unwrap_or(0);
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (num, body) in objects {
        offsets.push((*num, out.len()));
        out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (num, offset) in &offsets {
        out.extend_from_slice(format!("{num} 1\n{offset:010} 00000 n\r\n").as_bytes());
    }
    let max = objects
        .iter()
        .map(|(n, _)| i64::from(*n) + 1)
        .max()
        .unwrap_or(0);
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {} {} R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
            size.max(max),
            root.num,
            root.gen
        )
        .as_bytes(),
    );
    out
}

/// The catalog dictionary and object number of the newest revision.
pub fn catalog(bytes: &[u8]) -> (u32, Dict) {
    let file = PdfFile::parse(bytes, 0, &Limits::default());
    let last = file.revisions.len() - 1;
    let (r, d) = file.catalog(last).expect("catalog");
    (r.num, d)
}

/// Serialises a dictionary back to PDF syntax (enough for test fixtures).
pub fn write_object(obj: &Object) -> String {
    match obj {
        Object::Null => "null".into(),
        Object::Bool(b) => b.to_string(),
        Object::Int(i) => i.to_string(),
        Object::Real(r) => r.to_string(),
        Object::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
        Object::String(s) => {
            let hex: String = s.bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("<{hex}>")
        }
        Object::Array(a) => format!(
            "[{}]",
            a.iter().map(write_object).collect::<Vec<_>>().join(" ")
        ),
        Object::Dict(d) => write_dict(d),
        Object::Ref(r) => format!("{} {} R", r.num, r.gen),
        Object::Stream(s) => write_dict(&s.dict),
    }
}

pub fn write_dict(d: &Dict) -> String {
    let body: Vec<String> = d
        .iter()
        .map(|(k, v)| format!("/{} {}", String::from_utf8_lossy(k), write_object(v)))
        .collect();
    format!("<< {} >>", body.join(" "))
}
