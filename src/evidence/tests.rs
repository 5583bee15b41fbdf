use super::*;
use crate::report::{Coverage, SignatureReport};
use crate::verdict::{Check, Text};

fn pdf_report(signatures: Vec<SignatureReport>) -> DocumentReport {
    DocumentReport {
        path: String::new(),
        kind: DocumentKind::Pdf,
        size: 0,
        sha256: String::new(),
        signatures,
        findings: Vec::new(),
        license: None,
        image: None,
        page_images: Vec::new(),
    }
}

fn signature(
    kind: SignatureKind,
    indication: Indication,
    whole: bool,
    modifications: ModificationLevel,
) -> SignatureReport {
    let mut s = SignatureReport::new(kind);
    s.indication = indication;
    s.covers_whole_document = whole;
    s.coverage = if whole {
        Coverage::WholeFile
    } else {
        Coverage::EntireRevision
    };
    s.modifications = modifications;
    s
}

#[test]
fn pdf_text_and_metadata_coverage() {
    use Indication::*;
    use ModificationLevel as M;
    let cov = |sigs| pdf_coverage(&pdf_report(sigs));
    let sig = SignatureKind::Signature;
    assert_eq!(cov(vec![]), pdf::PdfCoverage::default());
    assert_eq!(
        cov(vec![signature(sig, TotalPassed, true, M::None)]),
        pdf::PdfCoverage {
            text: true,
            metadata: true
        }
    );
    // Revocation unknown: still the bytes it signed.
    assert!(cov(vec![signature(sig, Indeterminate, true, M::None)]).text);
    // A later revision within the rules: text covered, metadata not.
    assert_eq!(
        cov(vec![signature(sig, TotalPassed, false, M::Allowed)]),
        pdf::PdfCoverage {
            text: true,
            metadata: false
        }
    );
    // Disallowed later changes, a failed signature, a bare timestamp: nothing.
    for s in [
        signature(sig, TotalPassed, false, M::Disallowed),
        signature(sig, TotalFailed, true, M::None),
        signature(SignatureKind::Timestamp, TotalPassed, true, M::None),
    ] {
        assert_eq!(cov(vec![s]), pdf::PdfCoverage::default());
    }
}

fn seal_with(displayed: Check, other_failed: bool) -> DocumentReport {
    let mut s = SignatureReport::new(SignatureKind::Seal);
    if other_failed {
        s.checks.push(Check::failed(
            crate::CheckId::OfdReferences,
            SubIndication::HashFailure,
            Text::new("x", "x"),
        ));
    } else {
        s.checks.push(Check::passed(
            crate::CheckId::OfdReferences,
            Text::new("x", "x"),
        ));
    }
    s.checks.push(displayed);
    s.finish();
    DocumentReport {
        kind: DocumentKind::Ofd,
        ..pdf_report(vec![s])
    }
}

#[test]
fn ofd_file_coverage_follows_the_displayed_document_check() {
    use crate::seal::ofd::ids::DISPLAYED;
    let page = "Doc_0/Pages/Page_0/Content.xml";
    let passed = Check::passed(DISPLAYED, Text::new("x", "x")).evidence("not covered: none");
    assert!(ofd_file_covered(&seal_with(passed.clone(), false), page));
    // The page's digest failed: nothing is covered.
    assert!(!ofd_file_covered(&seal_with(passed, true), page));
    let failed = |evidence: &str| {
        Check::failed(
            DISPLAYED,
            SubIndication::DisallowedModification,
            Text::new("x", "x"),
        )
        .evidence(evidence)
    };
    let template_uncovered = failed("not covered: Doc_0/Tpls/Tpl_0/Content.xml");
    let report = seal_with(template_uncovered, false);
    assert!(ofd_file_covered(&report, page));
    assert!(!ofd_file_covered(&report, "Doc_0/Tpls/Tpl_0/Content.xml"));
    // A list cut short, or a failure of another kind: unclear, so not covered.
    let cut = failed("not covered: a, b and 3 more");
    assert!(!ofd_file_covered(&seal_with(cut, false), page));
    let undetermined = Check::failed(DISPLAYED, SubIndication::FormatFailure, Text::new("x", "x"))
        .evidence("no DocBody; not covered: none");
    assert!(!ofd_file_covered(&seal_with(undetermined, false), page));
    // No displayed-document check at all.
    let mut bare = seal_with(
        Check::passed(crate::CheckId::SignatureValue, Text::new("x", "x")),
        false,
    );
    bare.signatures[0].checks.retain(|c| c.id != DISPLAYED);
    assert!(!ofd_file_covered(&bare, page));
}

#[test]
fn plain_text_has_one_page() {
    let e = Evidence::from_text("姓名：张三\n\n出生日期：1978年12月16日", Origin::Ocr, false);
    let birth = e.dates(DateRole::Birth).next().unwrap();
    assert_eq!(birth.value, "1978-12-16");
    assert_eq!((birth.source.page, birth.source.line), (1, 3));
    assert_eq!(e.names().next().unwrap().source.origin, Origin::Ocr);
}

#[test]
fn names_are_normalised_for_comparison() {
    assert_eq!(normalize_name(" 张　三 "), "张三");
    assert_eq!(normalize_name("阿卜杜拉·买买提"), "阿卜杜拉买买提");
    assert_eq!(normalize_name("ＪＯＨＮ　ＳＭＩＴＨ"), "JOHNSMITH");
    assert_eq!(normalize_name("玛丽・安"), "玛丽安");
}

#[test]
fn evidence_serialises_in_snake_case() {
    let e = Evidence::from_lines(&[SourcedLine {
        text: "死亡日期：2026-10-01".into(),
        origin: Origin::OfdText,
        page: 2,
        line: 3,
        signed: true,
    }]);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"facts": [{
            "kind": {"date": "death"},
            "value": "2026-10-01",
            "label": "死亡日期",
            "source": {"origin": "ofd_text", "page": 2, "line": 3, "signed": true}
        }]})
    );
}
