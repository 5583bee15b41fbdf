//! Prints the revisions of a PDF as sealcheck reads them (a developer's look inside).
//! Usage: cargo run --example pdf_revisions -- FILE.pdf

use sealcheck::pdf::file::PdfFile;
use sealcheck::Limits;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_revisions FILE.pdf");
        std::process::exit(64);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(66);
        }
    };
    let header = sealcheck::intake::sniff(&bytes)
        .pdf_header_offset
        .unwrap_or(0);
    let file = PdfFile::parse(&bytes, header, &Limits::default());
    println!(
        "{} bytes, %%EOF markers end at {:?}",
        bytes.len(),
        file.eof_markers
    );
    for (i, rev) in file.revisions.iter().enumerate() {
        let keys: Vec<String> = rev
            .trailer
            .iter()
            .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
            .collect();
        println!(
            "revision {i}: {:?} at {}, ends {}, {} entries ({}..={}), trailer keys {:?}",
            rev.kind,
            rev.xref_offset,
            rev.end,
            rev.entries.len(),
            rev.entries.keys().next().copied().unwrap_or(0),
            rev.entries.keys().last().copied().unwrap_or(0),
            keys
        );
    }
    for f in file.all_findings() {
        println!("finding {}: {}", f.code, f.message);
    }
    if let Some(num) = std::env::args().nth(2).and_then(|n| n.parse().ok()) {
        let last = file.revisions.len().saturating_sub(1);
        println!("{:?}", file.entry(last, num));
        println!(
            "{:#?}",
            file.get(last, sealcheck::pdf::object::ObjRef { num, gen: 0 })
        );
    }
}
