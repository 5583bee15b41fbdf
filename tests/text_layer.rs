//! The text layer of the pre-review: lines survive into the identifier checks, and the
//! fallback extractor runs in its own process, where a crash or a bomb ends only that process.

use std::time::Duration;

use sealcheck::catalog::{parse_catalog, ApplicantType, Catalog};
use sealcheck::pdf_text::external::{self, ExternalExtractor, Outcome};
use sealcheck::pdf_text::{self, TextSource};
use sealcheck::review::{decide, Applicant, Application, Decision, Reviewer, Upload, UploadFacts};
use sealcheck::{Indication, Limits, Policy, TrustStore, Verifier};
use time::macros::datetime;
use time::OffsetDateTime;

const AT: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);
const SIGNED: &str = "review/signed_credit_code_then_date.pdf";

fn file(path: &str) -> Vec<u8> {
    let full = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn verifier() -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/pdf/pki/root.pem"
        )))
        .unwrap();
    // The statement's rule names an issuer category: the example registry knows the test signer.
    let issuers = sealcheck::issuers::IssuerRegistry::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/issuers.example.toml"
    ))
    .unwrap();
    Verifier::new(trust, Policy::default())
        .with_crls(vec![
            file("pdf/pki/intermediate.crl"),
            file("pdf/pki/root.crl"),
        ])
        .with_issuers(issuers)
}

fn catalog() -> Catalog {
    let text = String::from_utf8(file("review/test_catalog.toml")).unwrap();
    parse_catalog("test_catalog.toml", &text).unwrap()
}

fn applicant() -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some("321083197812162119".into()),
    }
}

fn this_binary() -> ExternalExtractor {
    ExternalExtractor::new(env!("CARGO_BIN_EXE_sealcheck"), &["extract-text"])
}

/// The signed statement prints "统一社会信用代码：91510304MA62X5W154" and, on the next line
/// (placed with Td), "2026年2月28日". Read as one run, the code became 22 characters and a
/// correct, signed certificate was returned for correction.
#[test]
fn a_credit_code_followed_by_a_date_line_passes_review() {
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "signed-statement".into(),
        applicant: applicant(),
        uploads: vec![Upload {
            material: Some("statement".into()),
            file_name: "statement.pdf".into(),
            bytes: file(SIGNED),
        }],
    };
    let r = Reviewer::new(verifier(), catalog())
        .review(&app, AT)
        .unwrap();
    assert_eq!(
        r.documents[0].signatures[0].indication,
        Indication::TotalPassed
    );
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);

    let text = pdf_text::extract(&file(SIGNED), &Limits::default());
    assert_eq!(text.source, TextSource::Lopdf);
    assert_eq!(
        text.text.lines().collect::<Vec<_>>(),
        [
            "声明书",
            "统一社会信用代码：91510304MA62X5W154",
            "2026年2月28日"
        ]
    );
}

/// The same facts with the line break lost (what the old reader produced) are returned for
/// correction: the decision above depends on the line break and nothing else.
#[test]
fn without_the_line_break_the_code_reads_wrong() {
    let item = catalog().item("signed-statement").unwrap().clone();
    let report = verifier().verify_named("statement.pdf", &file(SIGNED), AT);
    let facts = |text: &str| {
        vec![UploadFacts::from_report(0, "statement.pdf", report.clone())
            .declared("statement")
            .with_text(text)]
    };
    let lines = "声明书\n统一社会信用代码：91510304MA62X5W154\n2026年2月28日";
    let r = decide(&item, &applicant(), facts(lines), AT);
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    let merged = lines.replace('\n', "");
    let r = decide(&item, &applicant(), facts(&merged), AT);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert!(
        r.notice.iter().any(|n| n.code == "BAD_IDENTIFIER"),
        "{:#?}",
        r.notice
    );
    // On the same line, a gap after the full code ends it; gaps inside it do not.
    let same_line = "声明书\n统一社会信用代码：91510304MA62X5W154 2026年2月28日";
    let r = decide(&item, &applicant(), facts(same_line), AT);
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    let spaced = "声明书\n统一社会信用代码： 9151 0304 MA62 X5W1 55\n";
    let r = decide(&item, &applicant(), facts(spaced), AT);
    // Read whole: only its check character fails, the shape of a pre-2016 code, which staff
    // confirm (issue 12) instead of returning it.
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.zh.contains("91510304MA62X5W155") && x.zh.contains("旧版代码")),
        "{:#?}",
        r.review_reasons
    );
    // A value on the line after its label is still read.
    let r = decide(
        &item,
        &applicant(),
        facts("声明书\n统一社会信用代码：\n91510304MA62X5W155\n"),
        AT,
    );
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.zh.contains("91510304MA62X5W155")));
}

/// pdf-extract overflows its stack on a form that draws itself: in the child, that aborts the
/// child only, and the parent gets a value.
#[test]
fn the_fallback_crashing_ends_only_its_own_process() {
    let outcome = external::run(&this_binary(), &file("review/xobject_self_drawing.pdf"));
    match outcome {
        Outcome::Crashed(reason) => assert!(reason.contains("signal"), "{reason}"),
        other => panic!("expected the child to crash, got {other:?}"),
    }
}

/// A tree of forms drawn 16^6 times: the child is stopped by its CPU limit or by the parent's
/// timeout, whichever comes first on this machine; the parent never runs it.
#[test]
fn the_fallback_on_a_form_bomb_is_stopped() {
    let extractor = ExternalExtractor {
        timeout: Duration::from_secs(3),
        ..this_binary()
    };
    let outcome = external::run(&extractor, &file("review/xobject_bomb.pdf"));
    assert!(
        matches!(outcome, Outcome::TimedOut | Outcome::Crashed(_)),
        "{outcome:?}"
    );
}

/// pdf-extract panics on the predefined CJK encoding lopdf reads: a contained panic.
#[test]
fn a_panic_in_the_fallback_is_reported_as_one() {
    let outcome = external::run(&this_binary(), &file("review/unit_registration_form.pdf"));
    match outcome {
        Outcome::Panicked(msg) => assert!(msg.contains("encoding"), "{msg}"),
        other => panic!("expected a contained panic, got {other:?}"),
    }
}

#[test]
fn the_fallback_reads_what_pdf_extract_reads() {
    let outcome = external::run(&this_binary(), &file("pdf/rsa2048-pades-20k.pdf"));
    match outcome {
        Outcome::Text(text) => assert!(!text.trim().is_empty()),
        other => panic!("expected text, got {other:?}"),
    }
}

/// The fallback runs only where lopdf failed; its failures are findings.
#[test]
fn fallback_failures_are_findings() {
    let broken = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF";
    let out = pdf_text::extract_with(broken, &Limits::default(), Some(&this_binary()));
    assert_eq!(out.source, TextSource::None);
    let codes: Vec<&str> = out.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"TEXT_LOPDF_FAILED"), "{codes:?}");
    assert!(
        codes.contains(&"TEXT_FALLBACK_FAILED") || codes.contains(&"TEXT_EXTRACTOR_CRASHED"),
        "{codes:?}"
    );

    let missing = ExternalExtractor::new("/nonexistent/extractor", &[]);
    let out = pdf_text::extract_with(broken, &Limits::default(), Some(&missing));
    let finding = out
        .findings
        .iter()
        .find(|f| f.code == "TEXT_FALLBACK_FAILED")
        .expect("a finding for the missing program");
    assert!(finding
        .evidence
        .as_deref()
        .unwrap()
        .contains("/nonexistent/extractor"));

    // The hostile forms never reach the fallback: lopdf reads them within its budget.
    for name in ["xobject_self_drawing.pdf", "xobject_bomb.pdf"] {
        let out = pdf_text::extract_with(
            &file(&format!("review/{name}")),
            &Limits::default(),
            Some(&missing),
        );
        assert_eq!(out.source, TextSource::Lopdf, "{name}");
        assert!(out.findings.is_empty(), "{name}: {:?}", out.findings);
    }
}

#[cfg(unix)]
#[test]
fn a_fallback_that_hangs_is_killed() {
    if !std::path::Path::new("/bin/sleep").exists() {
        eprintln!("skipped: no /bin/sleep");
        return;
    }
    let extractor = ExternalExtractor {
        timeout: Duration::from_millis(200),
        ..ExternalExtractor::new("/bin/sleep", &["30"])
    };
    assert_eq!(external::run(&extractor, b"%PDF-1.7"), Outcome::TimedOut);
}
