//! The report's whole-file SHA-256 must be the SHA-256 of the file, whichever way it was
//! computed: continued from a ByteRange digest's state, or from scratch (no SHA-256 signature
//! covering the start of the file). A document that hears which bytes the verifier is done
//! with gets the same report, and hears of every byte of a large file.

use std::ops::Range;
use std::sync::Mutex;

use sealcheck::{Document, Policy, TrustStore, Verifier};
use sha2::{Digest, Sha256};

fn expected(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn verifier() -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path("testdata/pdf/pki/root.pem".as_ref())
        .unwrap();
    Verifier::new(trust, Policy::default())
}

#[test]
fn fingerprint_is_the_file_sha256_for_every_fixture() {
    let verifier = verifier();
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let mut checked = 0;
    for dir in ["testdata/pdf", "testdata/changes", "testdata/cn"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let report = verifier.verify(&bytes, at);
            assert_eq!(report.sha256, expected(&bytes), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} fixtures");
}

#[test]
fn fingerprint_survives_leading_junk_and_large_inputs() {
    let verifier = verifier();
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let signed = std::fs::read("testdata/pdf/two-signatures-200k.pdf").unwrap();
    // Junk before the header: ByteRange parts no longer start the file.
    let mut shifted = b"junk before the header\n".to_vec();
    shifted.extend_from_slice(&signed);
    assert_eq!(verifier.verify(&shifted, at).sha256, expected(&shifted));
    // Several hashing chunks.
    let mut large = signed.clone();
    large.resize(5 << 20, b' ');
    assert_eq!(verifier.verify(&large, at).sha256, expected(&large));
}

/// A document that records every range the verifier says it is done with.
struct Recording {
    bytes: Vec<u8>,
    done: Mutex<Vec<Range<usize>>>,
}

impl Document for Recording {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    fn done_with(&self, range: Range<usize>) {
        self.done.lock().unwrap().push(range);
    }
}

#[test]
fn a_document_hears_of_every_byte_and_gets_the_same_report() {
    let verifier = verifier();
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let mut bytes = std::fs::read("testdata/pdf/two-signatures-200k.pdf").unwrap();
    bytes.resize(5 << 20, b' ');
    let plain = verifier.verify_named("large.pdf", &bytes, at);
    let doc = Recording {
        bytes,
        done: Mutex::new(Vec::new()),
    };
    let reported = verifier.verify_document("large.pdf", &doc, at);
    assert_eq!(
        serde_json::to_value(&reported).unwrap(),
        serde_json::to_value(&plain).unwrap()
    );
    assert_eq!(reported.sha256, expected(&doc.bytes));

    let mut done = doc.done.into_inner().unwrap();
    assert!(done
        .iter()
        .all(|r| r.start < r.end && r.end <= doc.bytes.len()));
    // No report covers more than one chunk, so little is resident at any time.
    assert!(done.iter().all(|r| r.len() <= 1 << 20));
    // Together they cover the whole file.
    done.sort_by_key(|r| r.start);
    let mut covered = 0;
    for r in &done {
        assert!(
            r.start <= covered,
            "bytes {covered}..{} never reported",
            r.start
        );
        covered = covered.max(r.end);
    }
    assert_eq!(covered, doc.bytes.len());
}
