//! Structure-level verification of real signed PDFs (made by pyHanko / openssl, see
//! testdata/pdf/README.md): revisions, ByteRange exactness and coverage.

use sealcheck::report::{Coverage, DocumentKind, SignatureKind};
use sealcheck::{CheckStatus, Policy, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

fn verify(name: &str) -> sealcheck::DocumentReport {
    let bytes = std::fs::read(format!("testdata/pdf/{name}")).expect("fixture");
    Verifier::new(TrustStore::new(), Policy::default()).verify_named(name, &bytes, AT)
}

fn check_status(sig: &sealcheck::SignatureReport, id: &str) -> Option<CheckStatus> {
    sig.checks.iter().find(|c| c.id == id).map(|c| c.status)
}

#[test]
fn single_signature_covers_whole_file() {
    let doc = verify("rsa2048-pades-20k.pdf");
    assert_eq!(doc.kind, DocumentKind::Pdf);
    assert_eq!(doc.signatures.len(), 1);
    let sig = &doc.signatures[0];
    assert_eq!(sig.field.as_deref(), Some("Signature1"));
    assert_eq!(sig.kind, SignatureKind::Signature);
    assert_eq!(sig.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    assert_eq!(sig.coverage, Coverage::WholeFile);
    assert!(sig.covers_whole_document);
    assert_eq!(
        sig.revision, 2,
        "pyHanko signs in an incremental update of the base file (revisions count from 1)"
    );
    assert_eq!(check_status(sig, "byte_range"), Some(CheckStatus::Passed));
    let br = sig.byte_range.as_ref().unwrap();
    assert_eq!(br[0], 0);
    assert_eq!((br[2] + br[3]) as u64, doc.size);
}

#[test]
fn second_signature_leaves_first_at_entire_revision() {
    let doc = verify("two-signatures-200k.pdf");
    assert_eq!(doc.signatures.len(), 2);
    let first = doc
        .signatures
        .iter()
        .find(|s| s.field.as_deref() == Some("Signature1"))
        .unwrap();
    let second = doc
        .signatures
        .iter()
        .find(|s| s.field.as_deref() == Some("Signature2"))
        .unwrap();
    assert_eq!(first.coverage, Coverage::EntireRevision);
    assert!(!first.covers_whole_document);
    assert_eq!(first.revision, 2);
    assert_eq!(second.coverage, Coverage::WholeFile);
    assert_eq!(second.revision, 3);
}

#[test]
fn range_stopping_before_eof_fails_with_format_failure() {
    let doc = verify("byterange-not-eof-200k.pdf");
    let sig = &doc.signatures[0];
    assert_eq!(sig.coverage, Coverage::Partial);
    assert!(!sig.covers_whole_document);
    let check = sig.checks.iter().find(|c| c.id == "byte_range").unwrap();
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(check.message.contains("not signed"), "{}", check.message);
    assert_eq!(sig.indication, sealcheck::Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(sealcheck::SubIndication::FormatFailure)
    );
}

#[test]
fn trailing_garbage_leaves_signature_short_of_the_file_end() {
    let doc = verify("byterange-trailing-garbage-200k.pdf");
    let sig = &doc.signatures[0];
    assert_eq!(sig.coverage, Coverage::EntireRevision);
    assert!(!sig.covers_whole_document);
    assert_ne!(sig.indication, sealcheck::Indication::TotalPassed);
}

#[test]
fn moved_contents_breaks_the_exact_gap_rule() {
    // Shift the gap by one byte: the ByteRange no longer brackets the /Contents string.
    let mut bytes = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap();
    let key = b"/ByteRange [";
    let at = bytes.windows(key.len()).position(|w| w == key).unwrap() + key.len();
    let end = at + bytes[at..].iter().position(|&b| b == b']').unwrap();
    let values: Vec<i64> = std::str::from_utf8(&bytes[at..end])
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let shifted = format!("0 {} {} {}", values[1] - 1, values[2] - 1, values[3] + 1);
    let padded = format!("{shifted:<width$}", width = end - at);
    bytes.splice(at..end, padded.bytes());
    let doc = Verifier::new(TrustStore::new(), Policy::default()).verify(&bytes, AT);
    let check = doc.signatures[0]
        .checks
        .iter()
        .find(|c| c.id == "byte_range")
        .unwrap();
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(
        check.message.contains("not exactly the /Contents"),
        "{}",
        check.message
    );
}

#[test]
fn unsigned_and_non_pdf_inputs_get_reports_not_errors() {
    let v = Verifier::new(TrustStore::new(), Policy::default());
    let doc = v.verify(b"\x89PNG\r\n\x1a\n....", AT);
    assert_eq!(doc.kind, DocumentKind::Png);
    assert!(doc.signatures.is_empty());
    let doc = v.verify(b"just text", AT);
    assert_eq!(doc.kind, DocumentKind::Unknown);
    assert!(doc.findings.iter().any(|f| f.code == "UNKNOWN_TYPE"));
    let doc = v.verify(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", AT);
    assert_eq!(doc.kind, DocumentKind::Pdf);
    assert!(doc.signatures.is_empty());
}

#[test]
fn leading_junk_before_header_is_tolerated_and_reported() {
    let mut bytes = b"JUNK-BEFORE-HEADER\n".to_vec();
    bytes.extend(std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap());
    let doc = Verifier::new(TrustStore::new(), Policy::default()).verify(&bytes, AT);
    assert_eq!(doc.kind, DocumentKind::Pdf);
    assert!(doc
        .findings
        .iter()
        .any(|f| f.code == "PDF_HEADER_NOT_AT_START"));
    // The signed bytes no longer start the file where the signer put them.
    assert_eq!(doc.signatures.len(), 1);
    assert_ne!(
        doc.signatures[0].indication,
        sealcheck::Indication::TotalPassed
    );
}

mod support;

#[test]
fn signature_reachable_only_from_a_page_widget_is_still_verified() {
    let bytes = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap();
    let (root_num, catalog) = support::catalog(&bytes);
    // Replace the AcroForm with one whose field list is empty.
    let mut new_catalog = catalog.clone();
    new_catalog.insert(
        b"AcroForm".to_vec(),
        sealcheck::pdf::object::Object::Dict({
            let mut d = sealcheck::pdf::object::Dict::new();
            d.insert(
                b"Fields".to_vec(),
                sealcheck::pdf::object::Object::Array(vec![]),
            );
            d
        }),
    );
    let updated = support::append_update(&bytes, &[(root_num, support::write_dict(&new_catalog))]);
    let doc = Verifier::new(TrustStore::new(), Policy::default()).verify(&updated, AT);
    assert_eq!(doc.signatures.len(), 1, "{:?}", doc.findings);
    assert!(doc
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_FIELD_NOT_IN_ACROFORM"));
    assert_eq!(doc.signatures[0].revision, 2);
    assert!(!doc.signatures[0].covers_whole_document);
}
