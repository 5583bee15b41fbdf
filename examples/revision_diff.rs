//! Developer tool: prints, for every incremental update of a PDF, the objects it defines and
//! how they differ from the previous revision.
//! Usage: cargo run --example revision_diff -- FILE.pdf [max_chars]

use sealcheck::pdf::file::{PdfFile, XrefEntry};
use sealcheck::pdf::object::{ObjRef, Object};
use sealcheck::Limits;

fn render(o: &Object, out: &mut String, depth: usize) {
    if depth > 6 {
        out.push('…');
        return;
    }
    match o {
        Object::Null => out.push_str("null"),
        Object::Bool(b) => out.push_str(&b.to_string()),
        Object::Int(i) => out.push_str(&i.to_string()),
        Object::Real(r) => out.push_str(&r.to_string()),
        Object::Name(n) => {
            out.push('/');
            out.push_str(&String::from_utf8_lossy(n));
        }
        Object::String(s) => {
            if s.bytes.len() > 40 {
                out.push_str(&format!("<{} bytes>", s.bytes.len()));
            } else {
                out.push_str(&format!("({})", String::from_utf8_lossy(&s.bytes)));
            }
        }
        Object::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                render(x, out, depth + 1);
            }
            out.push(']');
        }
        Object::Dict(d) => {
            out.push_str("<<");
            for (k, v) in d.iter() {
                out.push_str(&format!(" /{} ", String::from_utf8_lossy(k)));
                render(v, out, depth + 1);
            }
            out.push_str(" >>");
        }
        Object::Ref(r) => out.push_str(&format!("{} {} R", r.num, r.gen)),
        Object::Stream(s) => {
            render(&Object::Dict(s.dict.clone()), out, depth);
            out.push_str(&format!(" stream[{}]", s.data.len()));
        }
    }
}

fn show(file: &PdfFile<'_>, o: &Option<Object>, max: usize) -> String {
    let Some(o) = o else { return "-".into() };
    let mut s = String::new();
    render(o, &mut s, 0);
    if let Object::Stream(st) = o {
        if let Some(data) = file.decode_stream(&st.dict, st.data.clone()) {
            let text: String = String::from_utf8_lossy(&data[..data.len().min(120)])
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            s.push_str(&format!(" data={text:?}"));
        }
    }
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: revision_diff FILE.pdf [max_chars]");
        std::process::exit(64);
    };
    let max: usize = std::env::args()
        .nth(2)
        .and_then(|m| m.parse().ok())
        .unwrap_or(400);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(66);
    });
    let header = sealcheck::intake::sniff(&bytes)
        .pdf_header_offset
        .unwrap_or(0);
    let file = PdfFile::parse(&bytes, header, &Limits::default());
    println!("{} bytes, EOF markers {:?}", bytes.len(), file.eof_markers);
    for (i, rev) in file.revisions.iter().enumerate() {
        let mut t = String::new();
        render(&Object::Dict(rev.trailer.clone()), &mut t, 0);
        println!(
            "=== revision {i}: {:?} xref@{} end {} entries {} trailer {t}",
            rev.kind,
            rev.xref_offset,
            rev.end,
            rev.entries.len()
        );
        if i == 0 {
            continue;
        }
        for (&num, entry) in &rev.entries {
            let r = ObjRef { num, gen: 0 };
            let old = file.get(i - 1, r);
            let new = file.get(i, r);
            let tag = match (entry, &old) {
                (XrefEntry::Free, None) => "free(none)",
                (XrefEntry::Free, Some(_)) => "FREED",
                (_, None) => "added",
                (_, Some(o)) if Some(o) == new.as_ref() => "same",
                _ => "MODIFIED",
            };
            println!("  {num} {tag} {entry:?}");
            if tag == "MODIFIED" || tag == "FREED" {
                println!("     old: {}", show(&file, &old, max));
            }
            if tag != "free(none)" && tag != "FREED" {
                println!("     new: {}", show(&file, &new, max));
            }
        }
    }
}
