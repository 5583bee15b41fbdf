//! `--issuers` and the e-licence output of the CLI, on the test issuing authority's files; the
//! licence JSON matches docs/license.schema.json.

use std::process::{Command, Output};

use serde_json::Value;

const AT: &str = "2026-11-26T00:00:00Z";

fn sealcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(args)
        .output()
        .expect("run sealcheck")
}

fn verify(extra: &[&str], files: &[&str]) -> Output {
    let mut args = vec![
        "verify",
        "--trust",
        "testdata/license/pki/root.pem",
        "--crl",
        "testdata/license/pki/root.crl",
        "--at",
        AT,
    ];
    args.extend_from_slice(extra);
    let paths: Vec<String> = files
        .iter()
        .map(|f| format!("testdata/license/{f}"))
        .collect();
    args.extend(paths.iter().map(String::as_str));
    sealcheck(&args)
}

const REGISTRY: [&str; 2] = ["--issuers", "data/issuers.example.toml"];

#[test]
fn licence_block_in_text_output_and_exit_statuses() {
    let out = verify(&REGISTRY, &["genuine.ofd"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "issuer: 测试市公安局 (11440300MB0000027K, public_security, matched by key)",
        "e-licence: valid (metadata protected by Doc_0/Signs/Sign_0/Signature.xml#1)",
        "type: 居民身份证 [11100000MB0000019L001]",
        "holder: 张三 (公民身份号码 44030419900307123X)",
        "issuer: 测试市公安局 (11440300MB0000027K); registry: 测试市公安局 11440300MB0000027K (public_security)",
        "issued 2025-03-01, valid 2025-03-01 to 2035-03-01",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    // Invalid licence: 1; issuer not in the registry: 2.
    let out = verify(&REGISTRY, &["expired.ofd"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("✗ validity LICENSE_EXPIRED"));
    assert_eq!(
        verify(&REGISTRY, &["issuer-not-registered.ofd"])
            .status
            .code(),
        Some(2)
    );
    // Without a registry the bureau cannot be confirmed.
    let out = verify(&[], &["genuine.ofd"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("LICENSE_ISSUER_UNKNOWN"));
    // Uncovered values are shown as such.
    let out = verify(&REGISTRY, &["unprotected-metadata.ofd"]);
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("! not protected, ignored: holder = 王五 (OFD.xml)"));
}

#[test]
fn qr_payloads_are_compared_with_the_identifier() {
    let json = |extra: &[&str]| {
        let mut args = REGISTRY.to_vec();
        args.extend_from_slice(&["--format", "json"]);
        args.extend_from_slice(extra);
        let out = verify(&args, &["genuine.ofd"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), v["documents"][0]["license"].clone())
    };
    let (_, license) = json(&[]);
    let id = license["fields"]["identifier"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, license) = json(&["--qr", &id]);
    assert_eq!((code, license["status"].as_str()), (Some(0), Some("valid")));
    let other = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
    let (code, license) = json(&["--qr", other]);
    assert_eq!(code, Some(1));
    let qr = license["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "qr")
        .unwrap();
    assert_eq!(qr["code"], "LICENSE_QR_MISMATCH");
}

#[test]
fn bad_registry_files_are_usage_errors() {
    let dir = std::env::temp_dir().join(format!("sealcheck-issuers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "schema = \"sealcheck-issuers/1\"\n[[issuers]]\nname = \"x\"\nuscc = \"123\"\ncategory = \"tax\"\nspki_sha256 = [\"00\"]\n",
    )
    .unwrap();
    let out = verify(&["--issuers", bad.to_str().unwrap()], &["genuine.ofd"]);
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("issuers[0].uscc") && err.contains("issuers[0].spki_sha256"),
        "{err}"
    );
    let out = verify(&["--issuers", "no/such/file.toml"], &["genuine.ofd"]);
    assert_eq!(out.status.code(), Some(66));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn review_without_the_registry_sends_issuer_rules_to_staff() {
    let base = [
        "review",
        "--catalog",
        "testdata/review/test_catalog.toml",
        "--item",
        "license-submission",
        "--applicant-name",
        "张三",
        "--applicant-id",
        "44030419900307123X",
        "--trust",
        "testdata/license/pki/root.pem",
        "--crl",
        "testdata/license/pki/root.crl",
        "--at",
        AT,
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        sealcheck(&args)
    };
    let out = run(&[
        "--issuers",
        "data/issuers.example.toml",
        "id_card=testdata/license/genuine.ofd",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(&["id_card=testdata/license/genuine.ofd"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Another person's licence is returned to the applicant.
    let out = run(&[
        "--issuers",
        "data/issuers.example.toml",
        "--format",
        "json",
        "id_card=testdata/license/other-holder.ofd",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["notice"][0]["code"], "LICENSE_HOLDER_MISMATCH");
}

// ---- the schema ----------------------------------------------------------------------------

/// A validator for the subset of JSON Schema docs/license.schema.json uses ($ref, enum, type,
/// required, properties, additionalProperties: false, items).
fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &root["$defs"][r.strip_prefix("#/$defs/").unwrap()],
        None => schema,
    };
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            errors.push(format!("{path}: {v} not in {options:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "null" => v.is_null(),
            other => panic!("type {other} not supported"),
        });
        if !ok {
            errors.push(format!("{path}: {v} is not {t}"));
            return;
        }
    }
    if let Value::Object(map) = v {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{path}: missing {key}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (key, value) in map {
            match props.and_then(|p| p.get(key)) {
                Some(s) => validate(root, s, value, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: undocumented property {key}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (v, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(root, s, item, &format!("{path}[{i}]"), errors);
        }
    }
}

#[test]
fn licence_json_matches_the_schema() {
    let root: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/license.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let files = [
        "genuine.ofd",
        "genuine-rsa.pdf",
        "expired.ofd",
        "unprotected-metadata.ofd",
        "info-changed-after-signing.pdf",
        "revoked-signer.ofd",
        "issuer-not-registered.ofd",
    ];
    let mut args = REGISTRY.to_vec();
    args.extend_from_slice(&["--format", "json", "--qr", "hello"]);
    let out = verify(&args, &files);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut errors = Vec::new();
    for (i, doc) in v["documents"].as_array().unwrap().iter().enumerate() {
        validate(
            &root,
            &root,
            &doc["license"],
            &format!("{}.license", files[i]),
            &mut errors,
        );
        for sig in doc["signatures"].as_array().unwrap() {
            if let Some(issuer) = sig.get("issuer") {
                validate(
                    &root,
                    &root["$defs"]["issuer_match"],
                    issuer,
                    "issuer",
                    &mut errors,
                );
            }
        }
    }
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator sees drift.
    let mut drifted = v["documents"][0]["license"].clone();
    drifted["surprise"] = Value::Bool(true);
    let mut errors = Vec::new();
    validate(&root, &root, &drifted, "$", &mut errors);
    assert_eq!(
        errors,
        vec!["$: undocumented property surprise".to_string()]
    );
}
