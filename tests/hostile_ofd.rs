//! Hostile OFD containers built by the test itself: each must give a report naming the problem
//! and finish in bounded time (a hang or quadratic blow-up takes far longer than the guard).

mod hostile_support;

use std::time::Duration;

use hostile_support::{within, zip};
use sealcheck::report::DocumentReport;
use sealcheck::{DocumentKind, Indication, Policy, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-01-01 00:00 UTC);
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn verify(bytes: Vec<u8>, what: &str) -> DocumentReport {
    let mut trust = TrustStore::new();
    trust
        .add_der(include_bytes!("../testdata/ofd/root.der").to_vec())
        .unwrap();
    let v = Verifier::new(trust, Policy::default());
    let (report, took) = within(TIME_LIMIT, what, move || v.verify(&bytes, AT));
    eprintln!("{what}: verified in {took:?}");
    report
}

fn codes(report: &DocumentReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_million_end_signatures_in_front_of_a_signed_ofd() {
    let mut bytes = b"PK\x05\x06".repeat(1 << 20);
    bytes.extend_from_slice(include_bytes!("../testdata/ofd/genuine-rich.ofd"));
    let report = verify(bytes, "end signatures");
    assert_eq!(report.kind, DocumentKind::Ofd);
    assert!(
        codes(&report).contains(&"OFD_ZIP_GAP"),
        "{:?}",
        codes(&report)
    );
    assert_eq!(report.signatures.len(), 1);
    assert_eq!(report.signatures[0].indication, Indication::TotalFailed);
    let evidence = report
        .findings
        .iter()
        .find(|f| f.code == "OFD_ZIP_SEVERAL_END_RECORDS")
        .and_then(|f| f.evidence.as_deref())
        .unwrap_or("");
    // The findings stay short: a few offsets and a count.
    assert!(evidence.len() < 4096);
}

#[test]
fn fifty_thousand_pages_naming_one_file() {
    let mut document = String::from(r#"<ofd:Document xmlns:ofd="x"><ofd:Pages>"#);
    for i in 0..50_000 {
        document.push_str(&format!(
            r#"<ofd:Page ID="{i}" BaseLoc="Pages/Page_0/Content.xml"/>"#
        ));
    }
    document.push_str("</ofd:Pages></ofd:Document>");
    let mut page = String::from(r#"<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer ID="1">"#);
    for i in 0..20_000 {
        page.push_str(&format!(r#"<ofd:PathObject ID="{i}" Boundary="0 0 1 1"/>"#));
    }
    page.push_str("</ofd:Layer></ofd:Content></ofd:Page>");
    let ofd = br#"<ofd:OFD xmlns:ofd="x"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#;
    let list = br#"<ofd:Signatures xmlns:ofd="x"><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"#;
    let bytes = zip(&[
        ("OFD.xml", ofd),
        ("Doc_0/Document.xml", document.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
        ("Doc_0/Signs/Signatures.xml", list),
    ]);
    let report = verify(bytes, "pages");
    assert_eq!(report.kind, DocumentKind::Ofd);
    // The listed signature file is missing: a FORMAT_FAILURE entry, not "no signature".
    assert_eq!(report.signatures.len(), 1);
    assert_eq!(report.signatures[0].indication, Indication::TotalFailed);
    assert!(
        codes(&report).contains(&"OFD_NOT_A_SIGNATURE")
            || report.signatures[0]
                .findings
                .iter()
                .any(|f| f.code == "OFD_NOT_A_SIGNATURE")
    );
}

#[test]
fn duplicate_entries_in_an_unsigned_package_are_an_error() {
    let bytes = zip(&[
        ("OFD.xml", b"<ofd:OFD xmlns:ofd=\"x\"/>".as_slice()),
        ("OFD.xml", b"<ofd:OFD xmlns:ofd=\"y\"/>".as_slice()),
    ]);
    let report = verify(bytes, "duplicates");
    assert_eq!(report.kind, DocumentKind::Ofd);
    assert!(codes(&report).contains(&"OFD_DUPLICATE_ENTRY"));
}
