//! Conformance run over the Chinese e-seal corpus (`MANIFEST.tsv` in the corpus directory).
//!
//! Usage: `cargo run --example conformance_cn [-- CORPUS_DIR]` (default `../shared/corpus/cn`).
//! Prints one line per manifest row and ends with `N passed, M failed, U unknown, S stricter`.
//! Exit status: 0 when every row agrees; 1 when a row disagrees, a listed file is missing or a
//! row's expectation has no rule ("unknown" rows are counted apart and printed, never skipped);
//! 2 when the directory or its manifest cannot be read.
//!
//! The expectation of a row comes only from its `expected_verification_result` column (found by
//! its header name), never from the file name. The phrases understood:
//!
//! * `ALL VALID …`: what the manifest computed independently (References digests, dataHash,
//!   the signer's and the maker's signatures, the seal file, the signer in the seal's list)
//!   passes for every signature. No trust anchors are given, so certificate checks (`signer_*`,
//!   `maker_*`) and an unconfirmed timestamp may stay open. Checks the manifest did not compute
//!   (`seal_validity`: the seal's validity period at the signing time; `ofd_displayed_document`:
//!   the References cover everything a reader displays) may fail; the row then agrees but is
//!   printed `ok*` with the reason and counted as "stricter".
//! * `… <files> reference(s) MISMATCH … modified after signing`: every seal fails
//!   `ofd_references` with DISALLOWED_MODIFICATION naming each listed `.xml` file, its
//!   signature values still verify, and it is TOTAL_FAILED.
//! * `sigs VALID; <Sign_N> reference to <file> MISMATCH (file changed when …added)`: judged per
//!   signature: the one named has an allowed change of that file (a later signature's update),
//!   the others none; all are valid as for `ALL VALID`.
//! * `NOT verifiable plainly … seal sig VALID`: a vendor convention: INDETERMINATE, never
//!   TOTAL_FAILED, `ofd_references` INDETERMINATE, the embedded seal's signature passes.
//! * `refs VALID`: `ofd_references` passes for every signature.
//! * `seal signature VALID` / `seal signature INVALID` (`.esl` files): `seal_signature` passes /
//!   fails with SIG_CRYPTO_FAILURE.
//! * `TBS_Sign signature VALID` (bare SignedValue files): `signature_value` passes; dataHash is
//!   INDETERMINATE because the protected Signature.xml is not part of the file.
//! * `n/a` and `no signature`: no signature entry is reported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sealcheck::report::{DocumentReport, ModificationLevel, SignatureReport};
use sealcheck::{CheckId, CheckStatus, Indication, Policy, SubIndication, TrustStore, Verifier};

/// Checks the manifest's "computed independently" results cover.
const COMPUTED: &[&str] = &[
    "ofd_references",
    "ofd_seal_file",
    "data_hash",
    "signature_value",
    "seal_signature",
    "signer_in_seal",
];
/// Checks sealcheck adds beyond the manifest's computation; failing them makes a row stricter.
const BEYOND_MANIFEST: &[&str] = &["seal_validity", "ofd_displayed_document"];

/// What a manifest row expects, read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    AllValid,
    ChangedAfterSealing { files: Vec<String> },
    LaterUpdate { signature: String, file: String },
    Vendor,
    RefsValid,
    SealValid,
    SealInvalid,
    BareSignatureValid,
    NoSignature,
}

fn rule_for(expected: &str) -> Option<Rule> {
    let e = expected.trim().to_ascii_lowercase();
    if e.starts_with("n/a") || e.starts_with("no signature") {
        return Some(Rule::NoSignature);
    }
    if e.starts_with("all valid") {
        return Some(Rule::AllValid);
    }
    if e.starts_with("not verifiable plainly") {
        return Some(Rule::Vendor);
    }
    if e.contains("mismatch") && e.contains("modified after signing") {
        // The `.xml` names written before "reference(s) MISMATCH".
        let head = e.split("mismatch").next().unwrap_or("");
        let files = head
            .split(|c: char| c.is_whitespace() || c == '/' || c == ';' || c == ',')
            .filter(|w| w.ends_with(".xml"))
            .map(str::to_string)
            .collect::<Vec<_>>();
        return Some(Rule::ChangedAfterSealing { files });
    }
    if e.contains(" reference to ") && e.contains("mismatch") && e.contains("added") {
        let original = expected.trim();
        let lower_at = e.find(" reference to ")?;
        let signature = original
            .get(..lower_at)?
            .rsplit(|c: char| c.is_whitespace() || c == ';')
            .next()?
            .to_string();
        let file = original
            .get(lower_at + " reference to ".len()..)?
            .split_whitespace()
            .next()?
            .to_string();
        return Some(Rule::LaterUpdate { signature, file });
    }
    if e.starts_with("refs valid") {
        return Some(Rule::RefsValid);
    }
    if e.starts_with("seal signature valid") {
        return Some(Rule::SealValid);
    }
    if e.starts_with("seal signature invalid") {
        return Some(Rule::SealInvalid);
    }
    if e.starts_with("tbs_sign signature valid") {
        return Some(Rule::BareSignatureValid);
    }
    None
}

fn status(sig: &SignatureReport, id: &str) -> Option<CheckStatus> {
    sig.checks.iter().find(|c| c.id == id).map(|c| c.status)
}

fn sub(sig: &SignatureReport, id: &str) -> Option<SubIndication> {
    sig.checks
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| c.sub_indication)
}

fn expect_status(sig: &SignatureReport, id: &str, want: CheckStatus) -> Result<(), String> {
    match status(sig, id) {
        Some(s) if s == want => Ok(()),
        other => Err(format!("{id}: expected {want:?}, got {other:?}")),
    }
}

/// The manifest's computed checks pass; returns the checks beyond the manifest that failed.
fn valid_as_computed(sig: &SignatureReport) -> Result<Vec<String>, String> {
    let mut stricter = Vec::new();
    for check in &sig.checks {
        // Checks about the seal's two certificates and the signer's identity (the manifest
        // knows nothing of trust).
        let is_cert = matches!(
            check.id,
            CheckId::SignerCertificateChain
                | CheckId::SignerCertificateValidity
                | CheckId::SignerRevocation
                | CheckId::MakerCertificateChain
                | CheckId::MakerCertificateValidity
                | CheckId::MakerRevocation
                | CheckId::SignerInSeal
                | CheckId::SignerIdentification
        );
        let is_ts = check.id == "timestamp" || check.id == "seal_timestamp";
        if matches!(check.status, CheckStatus::Passed | CheckStatus::Skipped) || is_cert || is_ts {
            continue;
        }
        if BEYOND_MANIFEST.contains(&check.id.as_str()) {
            stricter.push(format!(
                "{} {:?}/{}: {}",
                check.id,
                check.status,
                check.sub_indication.map(|s| s.as_str()).unwrap_or("-"),
                check.evidence.as_deref().unwrap_or(&check.message)
            ));
            continue;
        }
        return Err(format!(
            "{} is {:?}: {}",
            check.id, check.status, check.message
        ));
    }
    for id in ["data_hash", "signature_value", "seal_signature"] {
        if status(sig, id) != Some(CheckStatus::Passed) {
            return Err(format!("{id} did not pass"));
        }
    }
    for id in COMPUTED {
        if let Some(s) = status(sig, id) {
            if s != CheckStatus::Passed {
                return Err(format!("{id} is {s:?}"));
            }
        }
    }
    if sig.indication == Indication::TotalFailed && stricter.is_empty() {
        return Err("bottom line is TOTAL_FAILED".into());
    }
    Ok(stricter)
}

/// Failed checks the manifest did not compute, as printable reasons.
fn beyond_manifest(sig: &SignatureReport) -> Vec<String> {
    sig.checks
        .iter()
        .filter(|c| BEYOND_MANIFEST.contains(&c.id.as_str()) && c.status == CheckStatus::Failed)
        .map(|c| {
            format!(
                "{} {:?}/{}: {}",
                c.id,
                c.status,
                c.sub_indication.map(|s| s.as_str()).unwrap_or("-"),
                c.evidence.as_deref().unwrap_or(&c.message)
            )
        })
        .collect()
}

fn signature_name(sig: &SignatureReport) -> &str {
    sig.field.as_deref().unwrap_or("")
}

fn at_least(doc: &DocumentReport, min: usize) -> Result<(), String> {
    if doc.signatures.len() < min {
        return Err(format!(
            "expected at least {min} signature(s), found {}",
            doc.signatures.len()
        ));
    }
    Ok(())
}

/// Judges one row; `Ok` carries the reasons the verdict is stricter than the manifest.
fn judge(rule: &Rule, doc: &DocumentReport) -> Result<Vec<String>, String> {
    let each = |f: &dyn Fn(&SignatureReport) -> Result<Vec<String>, String>| {
        at_least(doc, 1)?;
        let mut stricter = Vec::new();
        for (i, sig) in doc.signatures.iter().enumerate() {
            let more =
                f(sig).map_err(|e| format!("signature {i} ({}): {e}", signature_name(sig)))?;
            stricter.extend(more.into_iter().map(|m| format!("signature {i}: {m}")));
        }
        Ok(stricter)
    };
    match rule {
        Rule::AllValid => each(&valid_as_computed),
        Rule::ChangedAfterSealing { files } => {
            let seals: Vec<&SignatureReport> =
                doc.signatures.iter().filter(|s| s.seal.is_some()).collect();
            if seals.is_empty() {
                return Err("no seal found".into());
            }
            for s in seals {
                expect_status(s, "ofd_references", CheckStatus::Failed)?;
                if sub(s, "ofd_references") != Some(SubIndication::DisallowedModification) {
                    return Err("ofd_references should name DISALLOWED_MODIFICATION".into());
                }
                for file in files {
                    let named = s.changes.iter().any(|c| {
                        c.allowed_by.is_none() && c.description.to_ascii_lowercase().contains(file)
                    });
                    if !named {
                        return Err(format!(
                            "{}: no disallowed change names {file}",
                            signature_name(s)
                        ));
                    }
                }
                expect_status(s, "signature_value", CheckStatus::Passed)?;
                expect_status(s, "seal_signature", CheckStatus::Passed)?;
                if s.indication != Indication::TotalFailed {
                    return Err("a seal over changed content must be TOTAL_FAILED".into());
                }
            }
            Ok(Vec::new())
        }
        Rule::LaterUpdate { signature, file } => {
            at_least(doc, 2)?;
            let marker = format!("/{signature}/");
            let mut found = false;
            let mut stricter = Vec::new();
            for sig in &doc.signatures {
                stricter.extend(
                    valid_as_computed(sig).map_err(|e| format!("{}: {e}", signature_name(sig)))?,
                );
                if signature_name(sig).contains(&marker) {
                    found = true;
                    if sig.modifications != ModificationLevel::Allowed {
                        return Err(format!(
                            "{signature}: modifications {:?}, expected allowed",
                            sig.modifications
                        ));
                    }
                    let allowed = sig.changes.iter().any(|c| {
                        c.allowed_by.as_deref() == Some("later_signature")
                            && c.description.contains(file.as_str())
                    });
                    if !allowed {
                        return Err(format!(
                            "{signature}: no allowed later-signature change of {file}"
                        ));
                    }
                } else if sig.modifications != ModificationLevel::None {
                    return Err(format!(
                        "{}: modifications {:?}, expected none",
                        signature_name(sig),
                        sig.modifications
                    ));
                }
            }
            if !found {
                return Err(format!("no signature named {signature}"));
            }
            Ok(stricter)
        }
        Rule::Vendor => each(&|s| {
            if s.indication != Indication::Indeterminate {
                return Err(format!("expected INDETERMINATE, got {:?}", s.indication));
            }
            expect_status(s, "ofd_references", CheckStatus::Indeterminate)?;
            expect_status(s, "seal_signature", CheckStatus::Passed)?;
            Ok(Vec::new())
        }),
        Rule::RefsValid => each(&|s| {
            expect_status(s, "ofd_references", CheckStatus::Passed)?;
            Ok(beyond_manifest(s))
        }),
        Rule::SealValid => {
            each(&|s| expect_status(s, "seal_signature", CheckStatus::Passed).map(|_| Vec::new()))
        }
        Rule::SealInvalid => each(&|s| {
            expect_status(s, "seal_signature", CheckStatus::Failed)?;
            match sub(s, "seal_signature") {
                Some(SubIndication::SigCryptoFailure) => Ok(Vec::new()),
                other => Err(format!("expected SIG_CRYPTO_FAILURE, got {other:?}")),
            }
        }),
        Rule::BareSignatureValid => each(&|s| {
            expect_status(s, "signature_value", CheckStatus::Passed)?;
            expect_status(s, "data_hash", CheckStatus::Indeterminate)?;
            Ok(Vec::new())
        }),
        Rule::NoSignature => {
            if doc.signatures.is_empty() {
                Ok(Vec::new())
            } else {
                Err(format!(
                    "expected no signature, found {}",
                    doc.signatures.len()
                ))
            }
        }
    }
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/cn"));
    let manifest_path = dir.join("MANIFEST.tsv");
    let manifest = match std::fs::read_to_string(&manifest_path) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}: {e}", manifest_path.display());
            return ExitCode::from(2);
        }
    };
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(file_col), Some(expected_col)) =
        (column("file"), column("expected_verification_result"))
    else {
        eprintln!(
            "{}: the header lacks the file or expected_verification_result column",
            manifest_path.display()
        );
        return ExitCode::from(2);
    };
    let verifier = Verifier::new(TrustStore::new(), Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let (mut passed, mut failed, mut unknown, mut stricter_rows) = (0usize, 0usize, 0usize, 0usize);
    for (number, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(expected)) = (cols.get(file_col), cols.get(expected_col)) else {
            println!("FAIL row {}: fewer columns than the header", number + 2);
            failed += 1;
            continue;
        };
        let path: &Path = &dir.join(file);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("FAIL {file}: listed in the manifest but cannot be read: {e}");
                failed += 1;
                continue;
            }
        };
        let Some(rule) = rule_for(expected) else {
            println!("UNKNOWN {file}: no rule for expectation {expected:?}");
            unknown += 1;
            continue;
        };
        let doc = verifier.verify_named(file, &bytes, at);
        let summary: Vec<String> = doc
            .signatures
            .iter()
            .map(|s| {
                format!(
                    "{}{}",
                    s.indication.as_str(),
                    s.sub_indication
                        .map(|x| format!("/{}", x.as_str()))
                        .unwrap_or_default()
                )
            })
            .collect();
        match judge(&rule, &doc) {
            Ok(stricter) if stricter.is_empty() => {
                passed += 1;
                println!("ok   {file}: [{}]", summary.join(", "));
            }
            Ok(stricter) => {
                passed += 1;
                stricter_rows += 1;
                println!(
                    "ok*  {file}: [{}] agrees with what the manifest computed; stricter: {}",
                    summary.join(", "),
                    stricter.join(" | ")
                );
            }
            Err(why) => {
                failed += 1;
                println!("FAIL {file}: [{}] {why}", summary.join(", "));
            }
        }
    }
    println!("{passed} passed, {failed} failed, {unknown} unknown, {stricter_rows} stricter");
    if failed == 0 && unknown == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_come_from_the_text() {
        assert_eq!(
            rule_for("sigs VALID; Sign_0 reference to Signatures.xml MISMATCH (file changed when 2nd seal added)"),
            Some(Rule::LaterUpdate {
                signature: "Sign_0".into(),
                file: "Signatures.xml".into()
            })
        );
        assert_eq!(
            rule_for("TBS sig VALID only if raw r||s accepted; OFD.xml/Document.xml/Content.xml refs MISMATCH (modified after signing)"),
            Some(Rule::ChangedAfterSealing {
                files: vec!["ofd.xml".into(), "document.xml".into(), "content.xml".into()]
            })
        );
        assert_eq!(
            rule_for("ALL VALID (computed independently)"),
            Some(Rule::AllValid)
        );
        assert_eq!(rule_for("something new"), None);
    }
}
