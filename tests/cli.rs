//! The CLI contract of DESIGN.md: JSON shape and exit statuses.

use std::process::Command;

fn sealcheck(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(args)
        .output()
        .expect("run sealcheck")
}

#[test]
fn json_report_follows_the_contract() {
    let out = sealcheck(&[
        "verify",
        "--format",
        "json",
        "--at",
        "2026-11-26T00:00:00Z",
        "testdata/pdf/rsa2048-pades-20k.pdf",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["schema"], "sealcheck/1");
    assert_eq!(json["validation_time"], "2026-11-26T00:00:00Z");
    let doc = &json["documents"][0];
    assert_eq!(doc["kind"], "pdf");
    assert_eq!(doc["sha256"].as_str().unwrap().len(), 64);
    let sig = &doc["signatures"][0];
    for key in [
        "field",
        "sub_filter",
        "signer",
        "signing_time",
        "revision",
        "covers_whole_document",
        "modifications",
        "indication",
        "sub_indication",
        "checks",
    ] {
        assert!(sig.get(key).is_some(), "signature lacks {key}");
    }
    for check in sig["checks"].as_array().unwrap() {
        assert!(
            check["id"].is_string() && check["status"].is_string() && check["message"].is_string()
        );
    }
}

#[test]
fn usage_errors_exit_64() {
    assert_eq!(sealcheck(&["verify"]).status.code(), Some(64));
    assert_eq!(sealcheck(&["frobnicate"]).status.code(), Some(64));
    assert_eq!(
        sealcheck(&[
            "verify",
            "--at",
            "yesterday",
            "testdata/pdf/rsa2048-pades-20k.pdf"
        ])
        .status
        .code(),
        Some(64)
    );
}

#[test]
fn unreadable_paths_exit_66() {
    assert_eq!(
        sealcheck(&["verify", "no/such/file.pdf"]).status.code(),
        Some(66)
    );
    assert_eq!(
        sealcheck(&[
            "verify",
            "--trust",
            "no/such/root.pem",
            "testdata/pdf/rsa2048-pades-20k.pdf"
        ])
        .status
        .code(),
        Some(66)
    );
}

#[test]
fn tampered_file_exits_1_and_text_names_the_reason() {
    let out = sealcheck(&[
        "verify",
        "--at",
        "2026-11-26T00:00:00Z",
        "testdata/pdf/byterange-not-eof-200k.pdf",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("TOTAL_FAILED / FORMAT_FAILURE"), "{text}");
    assert!(text.contains("not signed"), "{text}");
}

/// A memory-mapped input large enough (12 MiB) that the CLI drops the pages the verifier is
/// done with and reads them back; the report must be exactly the library's for the same bytes.
#[test]
fn mapped_large_input_gives_the_library_report() {
    let mut bytes = std::fs::read("testdata/pdf/two-signatures-200k.pdf").unwrap();
    bytes.resize(12 << 20, b' ');
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mapped-large-input.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let out = sealcheck(&[
        "verify",
        "--trust",
        "testdata/pdf/pki/root.pem",
        "--at",
        "2026-11-26T00:00:00Z",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let mut trust = sealcheck::TrustStore::new();
    trust
        .load_path("testdata/pdf/pki/root.pem".as_ref())
        .unwrap();
    let verifier = sealcheck::Verifier::new(trust, sealcheck::Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let library = verifier.verify_named(path.to_str().unwrap(), &bytes, at);
    assert_eq!(
        json["documents"][0],
        serde_json::to_value(&library).unwrap()
    );
    assert_eq!(
        json["documents"][0]["signatures"].as_array().unwrap().len(),
        2
    );
}
