//! The verification cache (`Verifier::with_cache`) changes nothing but speed: every fixture
//! gives the identical report without the cache, on a cold cache and on a warm one; and the
//! second document from one CA reuses the CA's signature checks.

use sealcheck::{Policy, TrustStore, Verifier};
use time::macros::datetime;

const AT: time::OffsetDateTime = datetime!(2026-11-26 00:00 UTC);

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn verifier() -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(&root().join("testdata/pdf/pki/root.pem"))
        .unwrap();
    let crl = |name: &str| std::fs::read(root().join("testdata/pdf/pki").join(name)).unwrap();
    Verifier::new(trust, Policy::default())
        .with_crls(vec![crl("intermediate.crl"), crl("root.crl")])
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in [
        "testdata/pdf",
        "testdata/cn",
        "testdata/service",
        "testdata/review",
    ] {
        let mut entries: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| {
                !matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("md" | "py" | "toml" | "json")
                )
            })
            .collect();
        entries.sort();
        for path in entries {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    files
}

#[test]
fn cached_reports_are_identical_to_uncached_ones() {
    let plain = verifier();
    let cached = verifier().with_cache(64);
    let files = fixtures();
    for pass in ["cold", "warm"] {
        for (name, bytes) in &files {
            let expected = serde_json::to_value(plain.verify_named(name, bytes, AT)).unwrap();
            let got = serde_json::to_value(cached.verify_named(name, bytes, AT)).unwrap();
            assert_eq!(got, expected, "{name} ({pass} cache)");
        }
    }
    let stats = cached.trust().cache().unwrap().stats();
    assert!(stats.path_hits > 0 && stats.path_misses > 0, "{stats:?}");
    // Bounded: never more than 64 of each kind.
    assert!(stats.entries <= 128, "{stats:?}");
    // A different validation time is a different path question.
    let later = datetime!(2040-01-01 00:00 UTC);
    let (name, bytes) = &files[0];
    assert_eq!(
        serde_json::to_value(cached.verify_named(name, bytes, later)).unwrap(),
        serde_json::to_value(plain.verify_named(name, bytes, later)).unwrap()
    );
}

#[test]
fn the_second_signer_of_a_ca_reuses_its_signature_checks() {
    let cached = verifier().with_cache(64);
    let read = |name: &str| std::fs::read(root().join("testdata/pdf").join(name)).unwrap();
    let first = cached.verify(&read("rsa2048-pades-20k.pdf"), AT);
    let after_first = cached.trust().cache().unwrap().stats();
    assert_eq!(after_first.signature_hits, 0, "{after_first:?}");
    // Another signer certificate under the same intermediate: a new path, but the
    // intermediate's certificate signature and the CRL signatures are known.
    let second = cached.verify(&read("p256-pades-200k.pdf"), AT);
    let after_second = cached.trust().cache().unwrap().stats();
    assert_eq!(after_second.path_hits, 0);
    assert!(after_second.signature_hits > 0, "{after_second:?}");
    assert_eq!(
        first.signatures[0].indication,
        sealcheck::Indication::TotalPassed
    );
    assert_eq!(
        second.signatures[0].indication,
        sealcheck::Indication::TotalPassed
    );
    // The same document again: the whole path comes from the cache.
    let again = cached.verify(&read("p256-pades-200k.pdf"), AT);
    assert!(cached.trust().cache().unwrap().stats().path_hits > 0);
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        serde_json::to_value(&second).unwrap()
    );
}

#[test]
fn adding_an_anchor_empties_the_cache() {
    let mut trust = TrustStore::new().with_cache(8);
    trust
        .load_path(&root().join("testdata/pdf/pki/root.pem"))
        .unwrap();
    let v = Verifier::new(trust.clone(), Policy::default());
    let _ = v.verify(
        &std::fs::read(root().join("testdata/pdf/rsa2048-pades-20k.pdf")).unwrap(),
        AT,
    );
    assert!(v.trust().cache().unwrap().stats().entries > 0);
    trust
        .load_path(&root().join("testdata/pdf/pki/tsa.pem"))
        .unwrap();
    assert_eq!(trust.cache().unwrap().stats().entries, 0);
}
