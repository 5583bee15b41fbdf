//! Evidence read from whole uploads: PDF text by page and metadata, OFD page and template text
//! with the seal's coverage, OFD custom data. Fixtures: testdata/evidence/make_fixtures.py and
//! the seal attack fixtures of testdata/ofd (signed with the test kit's SM2 root).

use sealcheck::evidence::{self, DateRole, Evidence, Fact, FactKind, Origin};
use sealcheck::{Limits, Policy, TrustStore, Verifier};

fn read(path: &str) -> Vec<u8> {
    let path = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn verifier(trust_root: Option<&str>) -> Verifier {
    let mut trust = TrustStore::new();
    if let Some(root) = trust_root {
        trust.add_pem_or_der(&read(root)).unwrap();
    }
    Verifier::new(trust, Policy::default())
}

fn gather(path: &str, trust_root: Option<&str>) -> Evidence {
    let bytes = read(path);
    let at = time::macros::datetime!(2026-01-01 00:00 UTC);
    let report = verifier(trust_root).verify(&bytes, at);
    evidence::gather(&report, &bytes, None, &Limits::default())
}

fn find<'a>(e: &'a Evidence, kind: FactKind, value: &str, origin: Origin) -> &'a Fact {
    e.facts
        .iter()
        .find(|f| f.kind == kind && f.value == value && f.source.origin == origin)
        .unwrap_or_else(|| panic!("no {kind:?} {value} from {origin:?} in {:#?}", e.facts))
}

#[test]
fn pdf_text_by_page_and_metadata() {
    let e = gather("evidence/termination_meta.pdf", None);
    let name = find(&e, FactKind::PersonName, "张三", Origin::PdfText);
    assert_eq!((name.source.page, name.source.line), (1, 2));
    assert!(!name.source.signed, "no signature: nothing is signed");
    let id = find(
        &e,
        FactKind::ResidentId,
        "321083197812162119",
        Origin::PdfText,
    );
    assert_eq!(id.label.as_deref(), Some("公民身份号码"));
    let end = find(
        &e,
        FactKind::Date(DateRole::Termination),
        "2026-10-31",
        Origin::PdfText,
    );
    assert_eq!((end.source.page, end.source.line), (1, 3));
    // The label ends page 2's second line, the date is on the third.
    let issued = find(
        &e,
        FactKind::Date(DateRole::Issue),
        "2026-11-02",
        Origin::PdfText,
    );
    assert_eq!((issued.source.page, issued.source.line), (2, 3));
    // Info dictionary (UTF-16BE custom key, PDFDocEncoding Subject) and XMP.
    find(&e, FactKind::PersonName, "张三", Origin::PdfMetadata);
    find(
        &e,
        FactKind::ResidentId,
        "33010219200403064X",
        Origin::PdfMetadata,
    );
    find(
        &e,
        FactKind::CreditCode,
        "91310110666007217T",
        Origin::PdfMetadata,
    );
    find(
        &e,
        FactKind::Date(DateRole::Issue),
        "2026-11-02",
        Origin::PdfMetadata,
    );
    assert!(e
        .facts
        .iter()
        .filter(|f| f.source.origin == Origin::PdfMetadata)
        .all(|f| f.source.page == 0 && !f.source.signed));
}

#[test]
fn ofd_page_and_template_text_join_on_their_baselines() {
    let e = gather("evidence/form_template.ofd", None);
    // Label in the template, value on the page.
    let name = find(&e, FactKind::PersonName, "王五", Origin::OfdText);
    assert_eq!(name.label.as_deref(), Some("死者姓名"));
    assert_eq!(name.source.page, 1);
    // One TextCode per character.
    find(
        &e,
        FactKind::ResidentId,
        "33010219200403064X",
        Origin::OfdText,
    );
    let death = find(
        &e,
        FactKind::Date(DateRole::Death),
        "2026-10-01",
        Origin::OfdText,
    );
    assert_eq!((death.source.page, death.source.line), (2, 1));
    // Custom data: facts, never signed.
    let custom = find(&e, FactKind::PersonName, "李四", Origin::OfdCustomData);
    assert!(!custom.source.signed);
    find(
        &e,
        FactKind::ResidentId,
        "321083197812162119",
        Origin::OfdCustomData,
    );
    assert!(e.facts.iter().all(|f| !f.source.signed));
}

fn ofd_lines(path: &str) -> Vec<(String, bool)> {
    let bytes = read(path);
    let at = time::macros::datetime!(2026-01-01 00:00 UTC);
    let report = verifier(Some("ofd/root.der")).verify(&bytes, at);
    evidence::sourced_lines(&report, &bytes, None, &Limits::default())
        .into_iter()
        .map(|l| {
            (
                format!("{:?} {}:{} {}", l.origin, l.page, l.line, l.text),
                l.signed,
            )
        })
        .collect()
}

#[test]
fn ofd_text_is_signed_where_the_seal_covers_its_file() {
    // Page, template and image all among the References; OFD.xml (custom data) is not.
    assert_eq!(
        ofd_lines("ofd/genuine-rich.ofd"),
        [
            ("OfdText 1:1 电子发票".to_string(), true),
            ("OfdText 1:2 金额 100.00".to_string(), true),
            ("OfdCustomData 0:1 金额: 100.00".to_string(), false),
        ]
    );
    // The template is outside the References: its text is not signed, the page's still is.
    assert_eq!(
        ofd_lines("ofd/uncovered-template.ofd"),
        [
            ("OfdText 1:1 电子发票".to_string(), false),
            ("OfdText 1:2 金额 100.00".to_string(), true),
            ("OfdCustomData 0:1 金额: 100.00".to_string(), false),
        ]
    );
    // Redirected DocRoot: the displayed pages are not the sealed ones.
    let redirected = ofd_lines("ofd/redirect-docroot.ofd");
    assert!(!redirected.is_empty());
    assert!(
        redirected.iter().all(|(_, signed)| !signed),
        "{redirected:?}"
    );
}

#[test]
fn signed_pdf_text_is_marked_signed() {
    // Signed by the review fixtures' test key over the whole file.
    let bytes = read("review/signed_credit_code_then_date.pdf");
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let report = verifier(None).verify(&bytes, at);
    let covered = evidence::pdf_coverage(&report);
    let lines = evidence::sourced_lines(&report, &bytes, None, &Limits::default());
    let text: Vec<_> = lines
        .iter()
        .filter(|l| l.origin == Origin::PdfText)
        .collect();
    assert!(!text.is_empty());
    // Whatever the trust, a signature that did not fail and covers the file vouches for the text.
    let vouching = report
        .signatures
        .iter()
        .any(|s| s.indication != sealcheck::Indication::TotalFailed && s.covers_whole_document);
    assert!(vouching, "{:#?}", report.signatures);
    assert_eq!(covered.text, vouching);
    assert!(text.iter().all(|l| l.signed == vouching));
}

#[test]
fn the_file_name_is_never_a_source() {
    let bytes = read("evidence/termination_meta.pdf");
    let at = time::macros::datetime!(2026-01-01 00:00 UTC);
    let report = verifier(None).verify_named("姓名：赵六 321083197812162119.pdf", &bytes, at);
    let e = evidence::gather(&report, &bytes, None, &Limits::default());
    assert!(e.names().all(|f| f.value != "赵六"));
}

#[test]
fn ocr_lines_are_a_source() {
    let report = verifier(None).verify(
        b"not a document",
        time::macros::datetime!(2026-01-01 00:00 UTC),
    );
    let ocr = vec![
        "姓名 张三".to_string(),
        "公民身份号码 321083197812162119".to_string(),
    ];
    let e = evidence::gather(&report, b"not a document", Some(&ocr), &Limits::default());
    let id = find(&e, FactKind::ResidentId, "321083197812162119", Origin::Ocr);
    assert_eq!(
        (id.source.page, id.source.line, id.source.signed),
        (1, 2, false)
    );
    find(&e, FactKind::PersonName, "张三", Origin::Ocr);
}

#[test]
fn hostile_uploads_give_bounded_evidence() {
    let limits = Limits {
        max_evidence_facts: 3,
        ..Limits::default()
    };
    let bytes = read("evidence/termination_meta.pdf");
    let report = verifier(None).verify(&bytes, time::macros::datetime!(2026-01-01 00:00 UTC));
    let e = evidence::gather(&report, &bytes, None, &limits);
    assert_eq!(e.facts.len(), 3);
    assert!(e.truncated);
    for path in [
        "review/xobject_bomb.pdf",
        "ofd/zip-overlap.ofd",
        "ofd/zip-duplicate-first.ofd",
    ] {
        let bytes = read(path);
        let report = verifier(None).verify(&bytes, time::macros::datetime!(2026-01-01 00:00 UTC));
        let e = evidence::gather(&report, &bytes, None, &Limits::default());
        assert!(
            e.facts.len() <= Limits::default().max_evidence_facts,
            "{path}"
        );
    }
}

fn licence_lines(path: &str) -> Vec<(String, bool)> {
    let bytes = read(path);
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let report = verifier(Some("license/pki/root.pem")).verify(&bytes, at);
    assert!(report.license.is_some(), "{path}: not read as a licence");
    evidence::sourced_lines(&report, &bytes, None, &Limits::default())
        .into_iter()
        .filter(|l| matches!(l.origin, Origin::OfdCustomData | Origin::PdfMetadata))
        .map(|l| (l.text, l.signed))
        .collect()
}

#[test]
fn licence_metadata_is_signed_where_the_licence_reader_found_it_covered() {
    for path in ["license/genuine.ofd", "license/genuine-sm2.pdf"] {
        let lines = licence_lines(path);
        let signed: Vec<&str> = lines.iter().filter(|l| l.1).map(|l| l.0.as_str()).collect();
        assert!(
            signed
                .iter()
                .any(|l| l.starts_with("证照标识：1.2.156.3005.2.")),
            "{path}: {lines:#?}"
        );
        assert!(
            signed.iter().any(|l| l.starts_with("颁证日期：")),
            "{path}: {lines:#?}"
        );
    }
    // The holder changed in the Info dictionary after signing: the signed revision's holder
    // is a signed fact, the new one an unsigned fact.
    let bytes = read("license/info-changed-after-signing.pdf");
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let report = verifier(Some("license/pki/root.pem")).verify(&bytes, at);
    let e = evidence::gather(&report, &bytes, None, &Limits::default());
    let names: Vec<(&str, bool)> = e
        .names()
        .map(|f| (f.value.as_str(), f.source.signed))
        .collect();
    assert_eq!(names, [("张三", true), ("王五", false)]);
}

/// The evidence fuzz entry, run the way `cargo fuzz` would but deterministically: on its seeds,
/// every prefix of each, and single-byte flips.
#[test]
fn fuzz_entry_survives_truncation_and_flips() {
    let dir = format!("{}/fuzz/seeds/evidence", env!("CARGO_MANIFEST_DIR"));
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let seed = std::fs::read(entry.unwrap().path()).unwrap();
        seeds += 1;
        let step = (seed.len() / 200).max(1);
        for cut in (0..=seed.len()).step_by(step) {
            sealcheck::fuzzing::evidence(&seed[..cut]);
        }
        for pos in (1..seed.len()).step_by(step) {
            let mut flipped = seed.clone();
            flipped[pos] ^= 0x5A;
            sealcheck::fuzzing::evidence(&flipped);
        }
    }
    assert!(seeds >= 4);
}

#[test]
fn pdf_text_changed_after_signing_is_not_signed() {
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    for (path, text_signed) in [
        ("changes/modified-content-after-signing-200k.pdf", false),
        ("changes/rsa2048-pades-20k.pdf", true),
    ] {
        let bytes = read(path);
        let report = verifier(Some("pdf/pki/root.pem")).verify(&bytes, at);
        assert_eq!(evidence::pdf_coverage(&report).text, text_signed, "{path}");
        let lines = evidence::sourced_lines(&report, &bytes, None, &Limits::default());
        assert!(
            lines
                .iter()
                .filter(|l| l.origin == Origin::PdfText)
                .all(|l| l.signed == text_signed),
            "{path}"
        );
    }
}
