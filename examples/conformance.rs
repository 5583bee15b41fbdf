//! Conformance runner: verifies every file of the shared corpus and compares the verdict with
//! the one its manifest names. Prints one line per file and a last line `N passed, M failed`;
//! exits 1 on any disagreement.
//!
//! Usage: cargo run --release --example conformance -- [CORPUS_DIR] [--only generated|external]
//! (CORPUS_DIR defaults to ../shared/corpus).
//!
//! What "agree" means per expected value is written next to each rule below, from
//! corpus/README.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sealcheck::report::{DocumentReport, ModificationLevel};
use sealcheck::{Indication, Policy, SubIndication, TrustStore, Verifier};
use time::OffsetDateTime;

const GENERATED_TIME: OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

/// Rows by outcome. Every row of a manifest ends in exactly one of them, and each is printed:
/// `unknown` rows (the manifest expects nothing but "does not crash") and optional files that
/// are not present are counted apart, never as passed.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    unknown: usize,
    skipped: usize,
}

impl Tally {
    fn record(
        &mut self,
        name: &str,
        expected: &str,
        outcome: Result<(), String>,
        doc: &DocumentReport,
    ) {
        let summary = summary(doc);
        if expected == "unknown" {
            self.unknown += 1;
            println!(
                "unkn  {name} [{expected}] {summary} (not judged: the manifest expects no verdict)"
            );
            return;
        }
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("ok    {name} [{expected}] {summary}");
            }
            Err(why) => {
                self.failed += 1;
                println!("FAIL  {name} [{expected}] {summary}\n      {why}");
            }
        }
    }

    fn missing(&mut self, name: &str, why: &str) {
        self.failed += 1;
        println!("FAIL  {name}: {why}");
    }
}

fn summary(doc: &DocumentReport) -> String {
    let sigs: Vec<String> = doc
        .signatures
        .iter()
        .map(|s| {
            format!(
                "{}={}{}{}",
                s.field.as_deref().unwrap_or("?"),
                s.indication.as_str(),
                s.sub_indication
                    .map(|x| format!("/{}", x.as_str()))
                    .unwrap_or_default(),
                match s.modifications {
                    ModificationLevel::None => "",
                    ModificationLevel::Allowed => " (mod: allowed)",
                    ModificationLevel::Disallowed => " (mod: disallowed)",
                }
            )
        })
        .collect();
    if sigs.is_empty() {
        "no signature".into()
    } else {
        sigs.join(", ")
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut corpus = PathBuf::from("../shared/corpus");
    let mut only: Option<String> = None;
    while let Some(arg) = args.next() {
        if arg == "--only" {
            only = args.next();
        } else {
            corpus = PathBuf::from(arg);
        }
    }
    let mut tally = Tally::default();
    if only.as_deref().is_none_or(|o| o == "generated") {
        if let Err(e) = run_generated(&corpus, &mut tally) {
            eprintln!("generated corpus: {e}");
            return ExitCode::from(2);
        }
    }
    if only.as_deref().is_none_or(|o| o == "external") {
        if let Err(e) = run_external(&corpus, &mut tally) {
            eprintln!("external corpus: {e}");
            return ExitCode::from(2);
        }
    }
    println!(
        "{} passed, {} failed, {} unknown (not judged), {} skipped (optional, not present); {} rows",
        tally.passed,
        tally.failed,
        tally.unknown,
        tally.skipped,
        tally.passed + tally.failed + tally.unknown + tally.skipped
    );
    if tally.failed == 0 && tally.passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The data rows of a manifest; an unreadable or empty manifest is an error (a wrong corpus
/// path must not look like an empty, agreeing corpus).
fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    if rows.is_empty() {
        return Err(format!("{}: no rows", path.display()));
    }
    Ok(rows)
}

fn run_generated(corpus: &Path, tally: &mut Tally) -> Result<(), String> {
    let base = corpus.join("generated");
    let mut trust = TrustStore::new();
    trust
        .load_path(&base.join("pki/root.pem"))
        .map_err(|e| e.to_string())?;
    let mut crls = Vec::new();
    for name in ["intermediate.crl", "root.crl"] {
        crls.extend(
            sealcheck::pki::trust::read_crls(&base.join("pki/crl").join(name))
                .map_err(|e| e.to_string())?,
        );
    }
    let verifier = Verifier::new(trust, Policy::default()).with_crls(crls);
    for row in read_tsv(&corpus.join("gen/EXPECTED.tsv"))? {
        let (Some(file), Some(expected)) = (row.first(), row.get(1)) else {
            continue;
        };
        let path = base.join(file);
        let notes = row.get(2).map(String::as_str).unwrap_or("");
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // Only the rows the manifest marks as made on request may be absent.
            Err(_) if notes.contains("only with --with-100mb") => {
                tally.skipped += 1;
                println!("skip  {file} (optional: {notes})");
                continue;
            }
            Err(e) => {
                tally.missing(file, &format!("{}: {e}", path.display()));
                continue;
            }
        };
        let doc = verifier.verify_named(file, &bytes, GENERATED_TIME);
        let outcome = judge_generated(expected, &doc);
        tally.record(file, expected, outcome, &doc);
    }
    Ok(())
}

fn judge_generated(expected: &str, doc: &DocumentReport) -> Result<(), String> {
    let sigs = &doc.signatures;
    if sigs.is_empty() {
        return Err("no signature found".into());
    }
    let any = |f: &dyn Fn(&sealcheck::SignatureReport) -> bool| sigs.iter().any(f);
    let all = |f: &dyn Fn(&sealcheck::SignatureReport) -> bool| sigs.iter().all(f);
    let passed = |s: &sealcheck::SignatureReport| s.indication == Indication::TotalPassed;
    let with = |ind: Indication, sub: SubIndication| {
        move |s: &sealcheck::SignatureReport| s.indication == ind && s.sub_indication == Some(sub)
    };
    let ok = match expected {
        // Every signature TOTAL_PASSED, nothing disallowed after it.
        "valid" => all(&|s| passed(s) && s.modifications != ModificationLevel::Disallowed),
        // Every signature TOTAL_PASSED; a later update judged `allowed`.
        "valid_with_benign_update" => {
            all(&passed) && any(&|s| s.modifications == ModificationLevel::Allowed)
        }
        "modified_after_signing" | "docmdp_violation" => any(&with(
            Indication::TotalFailed,
            SubIndication::DisallowedModification,
        )),
        "tampered" => any(&with(Indication::TotalFailed, SubIndication::HashFailure)),
        "invalid_signature" => any(&with(
            Indication::TotalFailed,
            SubIndication::SigCryptoFailure,
        )),
        // Not TOTAL_PASSED, not covering the whole document, and saying what is uncovered.
        "byterange_incomplete" => {
            any(&|s| !passed(s) && !s.covers_whole_document)
                && any(&|s| {
                    s.checks
                        .iter()
                        .any(|c| c.status != sealcheck::CheckStatus::Passed)
                        || !s.changes.is_empty()
                })
        }
        "untrusted" => any(&with(
            Indication::Indeterminate,
            SubIndication::NoCertificateChainFound,
        )),
        "expired" => any(&|s| {
            !passed(s)
                && matches!(
                    s.sub_indication,
                    Some(SubIndication::OutOfBoundsNoPoe) | Some(SubIndication::Expired)
                )
        }),
        "revoked" => any(&|s| {
            !passed(s)
                && matches!(
                    s.sub_indication,
                    Some(SubIndication::Revoked) | Some(SubIndication::RevokedNoPoe)
                )
        }),
        other => return Err(format!("unknown expectation {other:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "does not meet the `{expected}` rule of corpus/README.md"
        ))
    }
}

fn run_external(corpus: &Path, tally: &mut Tally) -> Result<(), String> {
    let base = corpus.join("external");
    let mut trust = TrustStore::new();
    trust
        .load_path(&base.join("trust-anchors"))
        .map_err(|e| e.to_string())?;
    let verifier = Verifier::new(trust, Policy::default());
    for row in read_tsv(&base.join("MANIFEST.tsv"))? {
        let (Some(file), Some(expected)) = (row.first(), row.get(4)) else {
            continue;
        };
        let notes = row.get(5).map(String::as_str).unwrap_or("");
        let at = time_from_notes(notes).unwrap_or(GENERATED_TIME);
        let bytes = match std::fs::read(base.join(file)) {
            Ok(bytes) => bytes,
            Err(e) => {
                tally.missing(file, &e.to_string());
                continue;
            }
        };
        let doc = verifier.verify_named(file, &bytes, at);
        let outcome =
            judge_external(expected, &doc).and_then(|()| judge_named_signatures(notes, &doc));
        tally.record(file, expected, outcome, &doc);
    }
    Ok(())
}

/// The upstream tests freeze time for some files ("val_trusted at 2020-11-01").
fn time_from_notes(notes: &str) -> Option<OffsetDateTime> {
    let at = notes.find(" at 20")?;
    let date = notes.get(at + 4..at + 14)?;
    let parsed = time::Date::parse(
        date,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some(parsed.midnight().assume_utc())
}

/// Sub-indications that say the file itself is broken (as opposed to "we lack a trust anchor").
fn integrity_failure(sub: Option<SubIndication>) -> bool {
    matches!(
        sub,
        Some(SubIndication::FormatFailure)
            | Some(SubIndication::HashFailure)
            | Some(SubIndication::SigCryptoFailure)
            | Some(SubIndication::DisallowedModification)
    )
}

fn judge_external(expected: &str, doc: &DocumentReport) -> Result<(), String> {
    let sigs = &doc.signatures;
    let ok = match expected {
        // No signature with FORMAT/HASH/SIG_CRYPTO failure or DISALLOWED_MODIFICATION (untrusted
        // chains are fine).
        "valid" => {
            !sigs.is_empty()
                && sigs.iter().all(|s| {
                    !integrity_failure(s.sub_indication)
                        && s.modifications != ModificationLevel::Disallowed
                        && !s.checks.iter().any(|c| {
                            c.status != sealcheck::CheckStatus::Passed
                                && integrity_failure(c.sub_indication)
                        })
                })
        }
        // At least one TOTAL_FAILED, or INDETERMINATE for a reason found in the file itself.
        "invalid" => {
            sigs.is_empty()
                && doc
                    .findings
                    .iter()
                    .any(|f| f.severity == sealcheck::Severity::Error)
                || sigs.iter().any(|s| {
                    s.indication == Indication::TotalFailed
                        || (s.indication == Indication::Indeterminate
                            && matches!(
                                s.sub_indication,
                                Some(SubIndication::CryptoConstraintsFailure)
                                    | Some(SubIndication::SignedDataNotFound)
                                    | Some(SubIndication::NoSigningCertificateFound)
                                    | Some(SubIndication::FormatFailure)
                            ))
                })
        }
        "tampered" | "attack" => sigs.iter().any(|s| integrity_failure(s.sub_indication)),
        "indeterminate" => {
            sigs.iter()
                .any(|s| s.indication == Indication::Indeterminate)
                && sigs.iter().all(|s| s.indication != Indication::TotalFailed)
        }
        // Counted apart by `Tally::record`: the manifest expects no verdict.
        "unknown" => true,
        other => return Err(format!("unknown expectation {other:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "does not meet the `{expected}` rule of corpus/README.md"
        ))
    }
}

/// What the manifest's notes say of one signature: `sigN valid`, `sigN not …`,
/// `sigN ENTIRE_FILE`, `sigN FORM_FILLING` (N counted from 1).
#[derive(Debug, PartialEq, Eq)]
enum NamedClaim {
    Valid,
    NotValid,
    EntireFile,
    FormFilling,
}

fn named_claims(notes: &str) -> Vec<(usize, NamedClaim)> {
    let words: Vec<&str> = notes
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '+' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let [word, next] = pair else { continue };
        let Some(n) = word
            .strip_prefix("sig")
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let claim = match *next {
            "valid" => NamedClaim::Valid,
            "not" => NamedClaim::NotValid,
            "ENTIRE_FILE" => NamedClaim::EntireFile,
            "FORM_FILLING" => NamedClaim::FormFilling,
            _ => continue,
        };
        out.push((n, claim));
    }
    out
}

/// Judges each signature the notes name. The upstream projects number signatures in the order
/// they were made: by claimed signing time, then by revision.
fn judge_named_signatures(notes: &str, doc: &DocumentReport) -> Result<(), String> {
    let claims = named_claims(notes);
    if claims.is_empty() {
        return Ok(());
    }
    let mut ordered: Vec<&sealcheck::SignatureReport> = doc.signatures.iter().collect();
    ordered.sort_by_key(|s| (s.signing_time.is_none(), s.signing_time, s.revision));
    for (n, claim) in claims {
        let Some(sig) = n.checked_sub(1).and_then(|i| ordered.get(i)) else {
            return Err(format!(
                "the notes name sig{n}, but only {} signatures were found",
                ordered.len()
            ));
        };
        let intact = !integrity_failure(sig.sub_indication)
            && sig.modifications != ModificationLevel::Disallowed;
        let ok = match claim {
            NamedClaim::Valid => intact,
            NamedClaim::NotValid => sig.indication != Indication::TotalPassed,
            NamedClaim::EntireFile => sig.covers_whole_document,
            NamedClaim::FormFilling => sig.modifications == ModificationLevel::Allowed,
        };
        if !ok {
            return Err(format!(
                "sig{n} ({}) does not meet the manifest's {claim:?}",
                sig.field.as_deref().unwrap_or("no field")
            ));
        }
    }
    Ok(())
}
