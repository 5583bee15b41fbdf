//! No invented sub-indications (issue 11): every sub-indication a PDF signature report carries,
//! on the signature and on each check, is an ETSI EN 319 102-1 name or sealcheck's documented
//! DISALLOWED_MODIFICATION, and docs/indications.md names each one that occurs.

use sealcheck::{Policy, SubIndication, TrustStore, Verifier};

const ETSI: &[&str] = &[
    "FORMAT_FAILURE",
    "HASH_FAILURE",
    "SIG_CRYPTO_FAILURE",
    "REVOKED",
    "EXPIRED",
    "NOT_YET_VALID",
    "SIG_CONSTRAINTS_FAILURE",
    "CHAIN_CONSTRAINTS_FAILURE",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    "CRYPTO_CONSTRAINTS_FAILURE",
    "POLICY_PROCESSING_ERROR",
    "TIMESTAMP_ORDER_FAILURE",
    "NO_SIGNING_CERTIFICATE_FOUND",
    "NO_CERTIFICATE_CHAIN_FOUND",
    "REVOKED_NO_POE",
    "REVOKED_CA_NO_POE",
    "OUT_OF_BOUNDS_NO_POE",
    "OUT_OF_BOUNDS_NOT_REVOKED",
    "TRY_LATER",
    "SIGNED_DATA_NOT_FOUND",
];
const OWN: &[&str] = &["DISALLOWED_MODIFICATION"];

#[test]
fn pdf_reports_use_etsi_names_only() {
    let docs = std::fs::read_to_string("docs/indications.md").expect("docs/indications.md");
    let verifier = Verifier::new(TrustStore::new(), Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let mut seen = std::collections::BTreeSet::new();
    let mut files = 0;
    for dir in [
        "testdata/pdf",
        "testdata/vanishing",
        "testdata/changes",
        "testdata/cms",
    ] {
        for entry in std::fs::read_dir(dir).expect(dir) {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&path).unwrap();
            let report = verifier.verify(&bytes, at);
            for sig in &report.signatures {
                let subs = sig
                    .checks
                    .iter()
                    .filter_map(|c| c.sub_indication)
                    .chain(sig.sub_indication);
                for sub in subs {
                    let name = SubIndication::as_str(sub);
                    assert!(
                        ETSI.contains(&name) || OWN.contains(&name),
                        "{}: {name} is not an ETSI name",
                        path.display()
                    );
                    seen.insert(name);
                }
            }
        }
    }
    assert!(files > 40, "{files} files");
    for name in &seen {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/indications.md does not name {name}"
        );
    }
    // The classes of issue 11 are among them.
    for name in [
        "FORMAT_FAILURE",
        "HASH_FAILURE",
        "SIG_CRYPTO_FAILURE",
        "CRYPTO_CONSTRAINTS_FAILURE",
        "DISALLOWED_MODIFICATION",
        "NOT_YET_VALID",
    ] {
        assert!(seen.contains(name), "{name} not exercised: {seen:?}");
    }
}
