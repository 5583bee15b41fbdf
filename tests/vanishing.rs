//! A signature never vanishes from the report (issue 11): a signed revision pushed beyond the
//! revision limit, a signature field removed with the page it signed, a /Contents that does not
//! parse. One committed fixture per class (testdata/vanishing, built by
//! `support::fixtures::Base::vanish`; `SEALCHECK_WRITE_FIXTURES=1 cargo test --test vanishing`
//! rewrites them), and what the report must say about each.

mod support;

use sealcheck::report::DocumentReport;
use sealcheck::{Indication, Limits, Policy, SubIndication, TrustStore, Verifier};
use support::fixtures::{noop_updates, Base, Vanish, VANISH};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

fn base() -> Vec<u8> {
    std::fs::read("testdata/changes/rsa2048-pades-20k.pdf").expect("base file")
}

fn verifier(policy: Policy) -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new("testdata/pdf/pki/root.pem"))
        .expect("test root");
    Verifier::new(trust, policy)
}

fn verify(bytes: &[u8]) -> DocumentReport {
    verifier(Policy::default()).verify(bytes, AT)
}

fn fixture(v: Vanish) -> Vec<u8> {
    let path = format!("testdata/vanishing/{}", v.file_name());
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn committed_fixtures_are_what_the_builder_makes() {
    let base = base();
    let builder = Base::read(&base);
    for &v in VANISH {
        let built = builder.vanish(v);
        let path = format!("testdata/vanishing/{}", v.file_name());
        if std::env::var_os("SEALCHECK_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, &built).expect("write fixture");
        }
        assert!(
            fixture(v) == built,
            "{path} differs from the builder's output; rerun with SEALCHECK_WRITE_FIXTURES=1"
        );
    }
}

#[test]
fn the_untouched_base_passes() {
    let r = verify(&base());
    assert_eq!(r.signatures.len(), 1);
    assert_eq!(r.signatures[0].indication, Indication::TotalPassed);
}

#[test]
fn a_signature_beyond_the_revision_limit_is_indeterminate_with_the_limit_code() {
    let r = verify(&fixture(Vanish::ForgedThenNoOpUpdates));
    assert!(r.findings.iter().any(|f| f.code == "LIMIT_REVISIONS"));
    assert_eq!(r.signatures.len(), 1, "{:#?}", r.findings);
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::Indeterminate);
    assert_eq!(sig.sub_indication, Some(SubIndication::FormatFailure));
    assert!(sig.findings.iter().any(|f| f.code == "LIMIT_REVISIONS"));
    let limit = sig
        .checks
        .iter()
        .find(|c| c.evidence.as_deref() == Some("LIMIT_REVISIONS"))
        .expect("a check naming the limit");
    assert_eq!(limit.id, "byte_range");
    // The CMS itself was still checked, and is intact.
    assert!(sig
        .checks
        .iter()
        .any(|c| c.id == "message_digest" && c.status == sealcheck::CheckStatus::Passed));
}

#[test]
fn without_the_limit_the_forged_page_fails_the_signature() {
    let policy = Policy {
        limits: Limits {
            max_revisions: 1000,
            ..Limits::default()
        },
        ..Policy::default()
    };
    let r = verifier(policy).verify(&fixture(Vanish::ForgedThenNoOpUpdates), AT);
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
}

#[test]
fn a_small_revision_limit_never_drops_an_intact_signature() {
    // Untouched signature, then ten no-op updates, analysed with a limit of four revisions.
    let bytes = noop_updates(&base(), 10);
    let policy = Policy {
        limits: Limits {
            max_revisions: 4,
            ..Limits::default()
        },
        ..Policy::default()
    };
    let r = verifier(policy).verify(&bytes, AT);
    assert_eq!(r.signatures.len(), 1);
    assert_eq!(r.signatures[0].indication, Indication::Indeterminate);
    // With room for every revision it passes.
    assert_eq!(
        verify(&bytes).signatures[0].indication,
        Indication::TotalPassed
    );
}

#[test]
fn a_signature_field_removed_with_the_page_change_fails() {
    let r = verify(&fixture(Vanish::FieldRemovedWithPageChange));
    assert_eq!(r.signatures.len(), 1, "{:#?}", r.findings);
    let sig = &r.signatures[0];
    assert_eq!(sig.field.as_deref(), Some("Signature1"));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    let removed = sig
        .checks
        .iter()
        .find(|c| c.id == "signature_field")
        .expect("signature_field check");
    assert_eq!(removed.status, sealcheck::CheckStatus::Failed);
    assert!(
        removed.message.contains("after revision 2"),
        "{}",
        removed.message
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_FIELD_REMOVED"));
}

#[test]
fn a_signature_value_removed_with_the_page_change_fails() {
    let r = verify(&fixture(Vanish::ValueRemovedWithPageChange));
    assert_eq!(r.signatures.len(), 1, "{:#?}", r.findings);
    let sig = &r.signatures[0];
    assert_eq!(sig.field.as_deref(), Some("Signature1"));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert!(sig.checks.iter().any(|c| c.id == "signature_field"));
}

#[test]
fn a_field_left_only_on_the_page_is_still_verified_and_fails() {
    let r = verify(&fixture(Vanish::FieldLeftOnlyOnPage));
    assert_eq!(r.signatures.len(), 1, "{:#?}", r.findings);
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_FIELD_NOT_IN_ACROFORM"));
}

#[test]
fn a_contents_that_is_not_hex_is_a_format_failure() {
    let r = verify(&fixture(Vanish::ContentsNotHex));
    assert_eq!(r.signatures.len(), 1);
    let sig = &r.signatures[0];
    assert_eq!(sig.field.as_deref(), Some("Signature1"));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.sub_indication, Some(SubIndication::FormatFailure));
    assert!(sig
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_DICTIONARY_UNREADABLE"));
}

#[test]
fn a_literal_contents_string_is_a_format_failure() {
    let r = verify(&fixture(Vanish::ContentsLiteral));
    assert_eq!(r.signatures.len(), 1);
    assert_eq!(r.signatures[0].indication, Indication::TotalFailed);
    assert_eq!(
        r.signatures[0].sub_indication,
        Some(SubIndication::FormatFailure)
    );
}

#[test]
fn the_cli_never_exits_0_on_a_vanishing_class() {
    for &v in VANISH {
        let path = format!("testdata/vanishing/{}", v.file_name());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sealcheck"))
            .args([
                "verify",
                "--trust",
                "testdata/pdf/pki/root.pem",
                "--at",
                "2026-11-26T00:00:00Z",
                &path,
            ])
            .output()
            .expect("run sealcheck");
        let code = out.status.code();
        assert!(
            matches!(code, Some(1) | Some(2)),
            "{path}: exit {code:?}\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.trim() == "no signature"));
    }
}

#[test]
fn an_object_limit_never_drops_a_signature() {
    for max_objects in [2, 4, 6, 8] {
        let policy = Policy {
            limits: Limits {
                max_objects,
                ..Limits::default()
            },
            ..Policy::default()
        };
        let r = verifier(policy).verify(&base(), AT);
        assert!(
            r.findings.iter().any(|f| f.code == "LIMIT_OBJECTS"),
            "{max_objects}: {:#?}",
            r.findings
        );
        assert_eq!(r.signatures.len(), 1, "{max_objects}: {:#?}", r.findings);
        assert_eq!(
            r.signatures[0].indication,
            Indication::Indeterminate,
            "{max_objects}: {:#?}",
            r.signatures[0].checks
        );
        assert!(r.signatures[0]
            .checks
            .iter()
            .any(|c| c.evidence.as_deref() == Some("LIMIT_OBJECTS")));
    }
}

/// A one-revision PDF from object bodies (numbered from 1), with a classic xref table.
fn tiny_pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_removed_field_with_its_signature_written_inside_is_still_reported() {
    // The signature dictionary is the field's /V written directly (no object of its own).
    let signed = tiny_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Fields [5 0 R] /SigFlags 3 >>",
        "<< /FT /Sig /T (Direct) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <3000> >> >>",
    ]);
    let before = verify(&signed);
    assert_eq!(before.signatures.len(), 1);
    assert_eq!(before.signatures[0].field.as_deref(), Some("Direct"));
    // An update empties the form.
    let removed = support::append_update(&signed, &[(4, "<< /Fields [] >>".to_string())]);
    let r = verify(&removed);
    assert_eq!(r.signatures.len(), 1, "{:#?}", r.findings);
    let sig = &r.signatures[0];
    assert_eq!(sig.field.as_deref(), Some("Direct"));
    assert_ne!(sig.indication, Indication::TotalPassed);
    let field = sig
        .checks
        .iter()
        .find(|c| c.id == "signature_field")
        .expect("signature_field check");
    assert_eq!(
        field.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_FIELD_REMOVED"));
}
