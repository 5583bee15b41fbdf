//! The report's whole-file SHA-256 must be the SHA-256 of the file, whichever way it was
//! computed: continued from a ByteRange digest's state (small files), alongside verification
//! (large files), or from scratch (no SHA-256 signature covering the start of the file).

use sealcheck::{Policy, TrustStore, Verifier};
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
    // Above the parallel-hash threshold (4 MiB).
    let mut large = signed.clone();
    large.resize(5 << 20, b' ');
    assert_eq!(verifier.verify(&large, at).sha256, expected(&large));
}
