//! Conformance run over the Chinese e-seal corpus (`../shared/corpus/cn/MANIFEST.tsv`).
//!
//! Usage: `cargo run --example conformance_cn [-- CORPUS_DIR]` (default `../shared/corpus/cn`).
//! Prints one line per manifest row and ends with exactly `N passed, M failed`; exits 1 on any
//! disagreement, 2 when the manifest cannot be read.
//!
//! What "agree" means, row by row, from the `expected_verification_result` column:
//!
//! * No trust anchors are given: the real tax invoices' seal certificates chain to roots that
//!   are not in the corpus. So "ALL VALID" / "verify fully" means: every integrity and
//!   cryptographic check passes (`ofd_references`, `ofd_seal_file`, `data_hash`,
//!   `signature_value`, `seal_signature`, `seal_validity`, `signer_in_seal`), and the only
//!   checks that may be non-passed are the certificate checks (`signer_*`, `maker_*`:
//!   NO_CERTIFICATE_CHAIN_FOUND without anchors) and an unconfirmed `timestamp`. The bottom
//!   line must then not be TOTAL_FAILED.
//! * "seal signature VALID" (`.esl` files): `seal_signature` passes. "seal signature INVALID":
//!   it fails with SIG_CRYPTO_FAILURE.
//! * "TBS_Sign signature VALID" (bare SignedValue files): `signature_value` passes; dataHash is
//!   INDETERMINATE because the protected Signature.xml is not part of the file.
//! * "Content.xml reference MISMATCH" / "refs MISMATCH" (zsbk, keyword): `ofd_references` fails
//!   with DISALLOWED_MODIFICATION, so the signature is TOTAL_FAILED, while the SES signature
//!   values still verify (the seal is genuine, the content was changed after sealing).
//! * h.ofd ("Sign_0 reference to Signatures.xml MISMATCH"): the first seal's only change is the
//!   signature list updated by the second seal, an allowed update: integrity passes for both,
//!   and the first has modifications `allowed`.
//! * SESV4SignDoc.ofd: see the comment at its rule (seal expired before ofdrw used it).
//! * n.ofd (vendor CheckMethod 1.2.156.10197.1.401.2): INDETERMINATE (cannot verify), never
//!   TOTAL_FAILED; the embedded v1 seal's signature passes.
//! * "refs VALID" for Type=Sign files: `ofd_references` passes for every signature.
//! * "n/a" rows (certificates, keys, PKCS#12, a lone Signature.xml) and the unsigned OFD: no
//!   signature entry is reported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sealcheck::report::{DocumentReport, ModificationLevel, SignatureReport};
use sealcheck::{CheckStatus, Indication, Policy, SubIndication, TrustStore, Verifier};

fn status(sig: &SignatureReport, id: &str) -> Option<CheckStatus> {
    sig.checks.iter().find(|c| c.id == id).map(|c| c.status)
}

fn sub(sig: &SignatureReport, id: &str) -> Option<SubIndication> {
    sig.checks
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| c.sub_indication)
}

/// Every integrity/crypto check that ran passed; only certificate checks and an unconfirmed
/// timestamp may be non-passed.
fn fully_valid(sig: &SignatureReport) -> Result<(), String> {
    for check in &sig.checks {
        let is_cert = check.id.starts_with("signer_") || check.id.starts_with("maker_");
        let is_ts = check.id == "timestamp" || check.id == "seal_timestamp";
        let ok = matches!(check.status, CheckStatus::Passed | CheckStatus::Skipped);
        if !ok && !is_cert && !is_ts {
            return Err(format!(
                "{} is {:?}: {}",
                check.id, check.status, check.message
            ));
        }
    }
    for id in ["data_hash", "signature_value", "seal_signature"] {
        if status(sig, id) != Some(CheckStatus::Passed) {
            return Err(format!("{id} did not pass"));
        }
    }
    if sig.indication == Indication::TotalFailed {
        return Err("bottom line is TOTAL_FAILED".into());
    }
    Ok(())
}

fn expect_status(sig: &SignatureReport, id: &str, want: CheckStatus) -> Result<(), String> {
    match status(sig, id) {
        Some(s) if s == want => Ok(()),
        other => Err(format!("{id}: expected {want:?}, got {other:?}")),
    }
}

fn all<F: Fn(&SignatureReport) -> Result<(), String>>(
    doc: &DocumentReport,
    min: usize,
    f: F,
) -> Result<(), String> {
    if doc.signatures.len() < min {
        return Err(format!(
            "expected at least {min} signature(s), found {}",
            doc.signatures.len()
        ));
    }
    for (i, sig) in doc.signatures.iter().enumerate() {
        f(sig).map_err(|e| format!("signature {i}: {e}"))?;
    }
    Ok(())
}

/// Decides agreement for one manifest row.
fn judge(file: &str, expected: &str, doc: &DocumentReport) -> Result<(), String> {
    let e = expected.to_ascii_lowercase();
    if file.contains("zsbk") || file.contains("keyword") {
        // Content changed after sealing; the seals themselves are genuine.
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
            expect_status(s, "signature_value", CheckStatus::Passed)?;
            expect_status(s, "seal_signature", CheckStatus::Passed)?;
            if s.indication != Indication::TotalFailed {
                return Err("a seal over changed content must be TOTAL_FAILED".into());
            }
        }
        return Ok(());
    }
    if file.contains("_h_two_seals") {
        all(doc, 2, fully_valid)?;
        return match doc.signatures.first().map(|s| s.modifications) {
            Some(ModificationLevel::Allowed) => Ok(()),
            other => Err(format!(
                "first seal: modifications {other:?}, expected allowed"
            )),
        };
    }
    if file.contains("_n_v1_") {
        return all(doc, 1, |s| {
            if s.indication != Indication::Indeterminate {
                return Err(format!("expected INDETERMINATE, got {:?}", s.indication));
            }
            expect_status(s, "ofd_references", CheckStatus::Indeterminate)?;
            expect_status(s, "seal_signature", CheckStatus::Passed)
        });
    }
    if file.contains("SESV4SignDoc") {
        // ofdrw signed this file on 2026-08-04 with its test seal whose validity period ended
        // on 2022-04-22. The manifest's "ALL VALID" is the cryptographic result (references,
        // dataHash, both signatures), which must hold; GM/T 0031 §6.2.3 also checks the seal's
        // validity period at the signing time, and that must fail EXPIRED.
        return all(doc, 1, |s| {
            for id in [
                "ofd_references",
                "ofd_seal_file",
                "data_hash",
                "signature_value",
                "seal_signature",
                "signer_in_seal",
            ] {
                expect_status(s, id, CheckStatus::Passed)?;
            }
            expect_status(s, "seal_validity", CheckStatus::Failed)?;
            match s.sub_indication {
                Some(SubIndication::Expired) => Ok(()),
                other => Err(format!("expected EXPIRED, got {other:?}")),
            }
        });
    }
    if e.starts_with("all valid") {
        return all(doc, 1, fully_valid);
    }
    if e.starts_with("refs valid") {
        return all(doc, 1, |s| {
            expect_status(s, "ofd_references", CheckStatus::Passed)
        });
    }
    if e.starts_with("seal signature valid") {
        return all(doc, 1, |s| {
            expect_status(s, "seal_signature", CheckStatus::Passed)
        });
    }
    if e.starts_with("seal signature invalid") {
        return all(doc, 1, |s| {
            expect_status(s, "seal_signature", CheckStatus::Failed)?;
            match sub(s, "seal_signature") {
                Some(SubIndication::SigCryptoFailure) => Ok(()),
                other => Err(format!("expected SIG_CRYPTO_FAILURE, got {other:?}")),
            }
        });
    }
    if e.starts_with("tbs_sign signature valid") {
        return all(doc, 1, |s| {
            expect_status(s, "signature_value", CheckStatus::Passed)?;
            expect_status(s, "data_hash", CheckStatus::Indeterminate)
        });
    }
    if e.starts_with("n/a") || e.starts_with("no signature") {
        return if doc.signatures.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "expected no signature, found {}",
                doc.signatures.len()
            ))
        };
    }
    Err(format!("no rule for expectation {expected:?}"))
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/cn"));
    let manifest = match std::fs::read_to_string(dir.join("MANIFEST.tsv")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.join("MANIFEST.tsv").display());
            return ExitCode::from(2);
        }
    };
    let verifier = Verifier::new(TrustStore::new(), Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let (mut passed, mut failed) = (0usize, 0usize);
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(expected)) = (cols.first(), cols.get(5)) else {
            continue;
        };
        let path: &Path = &dir.join(file);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("FAIL {file}: cannot read: {e}");
                failed += 1;
                continue;
            }
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
        match judge(file, expected, &doc) {
            Ok(()) => {
                passed += 1;
                println!("ok   {file}: [{}]", summary.join(", "));
            }
            Err(why) => {
                failed += 1;
                println!("FAIL {file}: [{}] {why}", summary.join(", "));
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
