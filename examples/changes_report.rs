//! Prints, for PDF files (or every row of the corpus manifests), each signature's modification
//! level and the changes made after it; with `--corpus DIR` it also checks the rows that the
//! modification analysis is responsible for and prints the agreement.
//! Usage: cargo run --example changes_report -- FILE.pdf...
//!        cargo run --example changes_report -- --corpus ../shared/corpus

use sealcheck::report::{DocumentReport, ModificationLevel};
use sealcheck::{Indication, Policy, SubIndication, TrustStore, Verifier};

fn verify(path: &str) -> Option<DocumentReport> {
    let bytes = std::fs::read(path).ok()?;
    let verifier = Verifier::new(TrustStore::default(), Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    Some(verifier.verify_named(path, &bytes, at))
}

fn print(report: &DocumentReport, verbose: bool) {
    println!("{}", report.path);
    for f in &report.findings {
        if f.code.starts_with("UNEXPLAINED") || f.code.starts_with("XREF") {
            println!("  ! {}: {}", f.code, f.message);
        }
    }
    for s in &report.signatures {
        println!(
            "  {} rev {} docmdp {:?} -> {:?} {:?} {:?}",
            s.field.as_deref().unwrap_or("?"),
            s.revision,
            s.docmdp,
            s.modifications,
            s.indication,
            s.sub_indication
        );
        for c in &s.changes {
            if verbose || c.allowed_by.is_none() {
                println!(
                    "     {} {}",
                    c.allowed_by.as_deref().unwrap_or("DISALLOWED"),
                    c.description
                );
            }
        }
        for f in &s.findings {
            if verbose {
                println!("     ! {}: {}", f.code, f.message);
            }
        }
    }
}

const STRUCTURAL: [SubIndication; 4] = [
    SubIndication::DisallowedModification,
    SubIndication::FormatFailure,
    SubIndication::HashFailure,
    SubIndication::SigCryptoFailure,
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    if let Some(pos) = args.iter().position(|a| a == "--time") {
        let path = args.get(pos + 1).cloned().unwrap_or_default();
        let bytes = std::fs::read(&path).unwrap_or_default();
        let start = std::time::Instant::now();
        let rounds = 20;
        let mut changes = 0;
        for _ in 0..rounds {
            let file =
                sealcheck::pdf::file::PdfFile::parse(&bytes, 0, &sealcheck::Limits::default());
            let history = sealcheck::pdf::changes::History::build(&file, 1);
            changes = history.per_revision.iter().map(Vec::len).sum::<usize>();
        }
        let per = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let file =
                sealcheck::pdf::file::PdfFile::parse(&bytes, 0, &sealcheck::Limits::default());
            std::hint::black_box(&file);
        }
        println!("parse only {:?}", start.elapsed() / rounds);
        let file = sealcheck::pdf::file::PdfFile::parse(&bytes, 0, &sealcheck::Limits::default());
        let graph = sealcheck::pdf::changes::graph::RefGraph::new(&file);
        for rev in 1..file.revisions.len() {
            let t = std::time::Instant::now();
            let d = sealcheck::pdf::changes::diff::diff_revision(&file, rev);
            let t1 = t.elapsed();
            let j = sealcheck::pdf::changes::rules::judge_revision(&file, &graph, rev);
            println!(
                "  rev {rev}: diff {t1:?} ({} objects), diff+judge {:?} ({} judged)",
                d.len(),
                t.elapsed(),
                j.len()
            );
        }
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let file =
                sealcheck::pdf::file::PdfFile::parse(&bytes, 0, &sealcheck::Limits::default());
            let _ = sealcheck::pdf::shadow::preparations(&file, 1);
        }
        let shadow = start.elapsed() / rounds;
        println!(
            "{path}: change analysis {per:?} ({changes} judged changes), shadow scan {shadow:?}"
        );
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--corpus") {
        let dir = args.get(pos + 1).cloned().unwrap_or_default();
        corpus(&dir, verbose);
        return;
    }
    for path in args.iter().filter(|a| !a.starts_with('-')) {
        if let Some(r) = verify(path) {
            print(&r, verbose);
        }
    }
}

/// Reads a manifest; an unreadable or empty one ends the run with status 2 (a wrong corpus
/// path must not look like an empty, agreeing corpus).
fn manifest(path: &str) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) if text.lines().skip(1).any(|l| !l.trim().is_empty()) => text,
        Ok(_) => {
            eprintln!("{path}: no rows");
            std::process::exit(2);
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    }
}

/// Every row ends in one of: agreeing, disagreeing (a missing file is one), unknown (the
/// manifest expects no verdict: printed and counted apart), skipped (only rows the manifest
/// marks as made on request, when absent).
fn corpus(dir: &str, verbose: bool) {
    let mut agree = 0;
    let mut total = 0;
    let mut unknown = 0;
    let mut skipped = 0;
    let manifest_text = manifest(&format!("{dir}/external/MANIFEST.tsv"));
    for line in manifest_text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(expected)) = (cols.first(), cols.get(4)) else {
            continue;
        };
        // This runner judges the modification analysis only; the other expectations are the
        // conformance runner's.
        if !matches!(*expected, "tampered" | "attack" | "valid" | "unknown") {
            continue;
        }
        let path = format!("{dir}/external/{file}");
        let Some(r) = verify(&path) else {
            total += 1;
            println!("BAD {expected:10} {file}: cannot read {path}");
            continue;
        };
        if *expected == "unknown" {
            unknown += 1;
            println!("UNK {expected:10} {file} (not judged: the manifest expects no verdict)");
            if verbose {
                print(&r, verbose);
            }
            continue;
        }
        let ok = match *expected {
            "tampered" | "attack" => r.signatures.iter().any(|s| {
                s.indication != Indication::TotalPassed
                    && s.sub_indication.is_some_and(|x| STRUCTURAL.contains(&x))
            }),
            _ => {
                !r.signatures.is_empty()
                    && r.signatures
                        .iter()
                        .all(|s| s.modifications != ModificationLevel::Disallowed)
            }
        };
        total += 1;
        if ok {
            agree += 1;
        }
        println!("{} {expected:10} {file}", if ok { "OK " } else { "BAD" });
        if !ok || verbose {
            print(&r, verbose);
        }
    }
    let expected = manifest(&format!("{dir}/gen/EXPECTED.tsv"));
    for line in expected.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(exp)) = (cols.first(), cols.get(1)) else {
            continue;
        };
        let notes = cols.get(2).copied().unwrap_or("");
        let path = format!("{dir}/generated/{file}");
        let Some(r) = verify(&path) else {
            if notes.contains("only with --with-100mb") {
                skipped += 1;
                println!("SKIP {exp:10} generated/{file} (optional, not present)");
            } else {
                total += 1;
                println!("BAD {exp:10} generated/{file}: cannot read {path}");
            }
            continue;
        };
        let ok = !r.signatures.is_empty()
            && match *exp {
                "valid_with_benign_update" => r
                    .signatures
                    .iter()
                    .all(|s| s.modifications == ModificationLevel::Allowed),
                "modified_after_signing" | "docmdp_violation" => r
                    .signatures
                    .iter()
                    .any(|s| s.sub_indication == Some(SubIndication::DisallowedModification)),
                "byterange_incomplete" => r
                    .signatures
                    .iter()
                    .all(|s| s.indication != Indication::TotalPassed),
                _ => r
                    .signatures
                    .iter()
                    .all(|s| s.modifications != ModificationLevel::Disallowed),
            };
        total += 1;
        if ok {
            agree += 1;
        }
        println!(
            "{} {exp:10} generated/{file}",
            if ok { "OK " } else { "BAD" }
        );
        if !ok || verbose {
            print(&r, verbose);
        }
    }
    println!("agreement: {agree}/{total}; {unknown} unknown (not judged), {skipped} skipped (optional, not present)");
    if agree != total || total == 0 {
        std::process::exit(1);
    }
}
