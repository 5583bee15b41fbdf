//! `sealcheck review` and `sealcheck catalog` through the binary: JSON shapes and exit
//! statuses of the contract in DESIGN.md.

use std::process::{Command, Output};

fn sealcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run sealcheck")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const AT: &str = "2026-11-26T00:00:00Z";

#[test]
fn review_four_defects_json_and_exit_1() {
    let out = sealcheck(&[
        "review",
        "--item",
        "insurance-transfer",
        "--applicant-name",
        "李四",
        "--applicant-id",
        "321083197812162118",
        "--trust",
        "testdata/pdf/pki/root.pem",
        "--at",
        AT,
        "--format",
        "json",
        "contribution_certificate=testdata/pdf/tampered-byteflip-200k.pdf",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["schema"], "sealcheck-review/1");
    assert_eq!(v["item"], "insurance-transfer");
    assert_eq!(v["catalog_version"], "2026.12");
    assert_eq!(v["decision"], "return_for_correction");
    let notice = v["notice"].as_array().unwrap();
    let got: Vec<(serde_json::Value, &str)> = notice
        .iter()
        .map(|n| (n["material"].clone(), n["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            (serde_json::Value::Null, "ID_CHECK_DIGIT"),
            ("transfer_application".into(), "MISSING"),
            ("id_card".into(), "MISSING"),
            ("contribution_certificate".into(), "TAMPERED"),
        ]
    );
    for n in notice {
        assert!(!n["zh"].as_str().unwrap().is_empty() && !n["en"].as_str().unwrap().is_empty());
    }
    let materials = v["materials"].as_array().unwrap();
    assert_eq!(materials[2]["status"], "invalid");
    assert_eq!(materials[2]["uploads"][0]["matched_by"], "declared");
    assert_eq!(
        v["documents"][0]["signatures"][0]["sub_indication"],
        "HASH_FAILURE"
    );
    assert!(v["unmatched_uploads"].as_array().unwrap().is_empty());
}

#[test]
fn review_exit_statuses_accept_manual_usage_noinput() {
    let base = [
        "review",
        "--catalog",
        "testdata/review/test_catalog.toml",
        "--item",
        "signed-statement",
        "--applicant-name",
        "李四",
        "--applicant-id",
        "321083197812162119",
        "--trust",
        "testdata/pdf/pki/root.pem",
        "--issuers",
        "data/issuers.example.toml",
        "--crl",
        "testdata/pdf/pki/intermediate.crl",
        "--crl",
        "testdata/pdf/pki/root.crl",
        "--at",
        AT,
    ];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        sealcheck(&args)
    };
    // Accept (0), matched without a material code.
    let out = run(&["testdata/pdf/rsa2048-pades-20k.pdf"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("decision: accept (预审通过)"), "{text}");
    // Without the CRLs the signer's revocation status is unknown: never accepted.
    let no_crl: Vec<&str> = base
        .iter()
        .copied()
        .filter(|a| !a.ends_with(".crl") && *a != "--crl")
        .chain(["testdata/pdf/rsa2048-pades-20k.pdf"])
        .collect();
    let out = sealcheck(&no_crl);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("吊销状态未核验"));
    // Manual review (2): the signer does not chain to the trust anchor.
    let out = run(&["statement=testdata/pdf/selfsigned-untrusted-200k.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("无法追溯到受信任的签发机构"));
    // Unreadable path (66), unknown item (64), bad --at (64).
    assert_eq!(
        run(&["statement=testdata/no/such.pdf"]).status.code(),
        Some(66)
    );
    assert_eq!(
        sealcheck(&["review", "--item", "no-such-item"])
            .status
            .code(),
        Some(64)
    );
    assert_eq!(run(&["--at", "yesterday"]).status.code(), Some(64));
    // Both identifiers at once is a usage error.
    let out = sealcheck(&[
        "review",
        "--item",
        "unit-registration",
        "--applicant-id",
        "1",
        "--applicant-uscc",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn review_text_output_lists_the_notice() {
    let out = sealcheck(&[
        "review",
        "--item",
        "unit-registration",
        "--applicant-name",
        "上海示例科技有限公司",
        "--applicant-uscc",
        "91310110666007227T",
        "--at",
        AT,
        "testdata/review/unit_registration_form.pdf",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("一次性告知 / correction notice:"), "{text}");
    assert!(
        text.contains(
            "1. 【申请人信息】统一社会信用代码91310110666007227T校验未通过（有字符错误）"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "《社会保险参保登记表（单位）》文件“unit_registration_form.pdf”为未签名的PDF文件"
        ),
        "{text}"
    );
}

#[test]
fn catalog_list_show_check() {
    let out = sealcheck(&["catalog", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["schema"], "sealcheck-catalog/1");
    let items = v["items"].as_array().unwrap();
    assert!(items.len() >= 12);
    for item in items {
        for key in ["code", "name", "applicant_type", "risk", "materials"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        for m in item["materials"].as_array().unwrap() {
            assert!(["required", "optional", "deferrable"]
                .contains(&m["requirement"].as_str().unwrap()));
            assert!(m["code"].is_string() && m["name"].is_string());
        }
    }
    let out = sealcheck(&["catalog", "show", "maternity-allowance", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["code"], "maternity-allowance");
    assert_eq!(v["applicant_type"], "individual");
    assert!(String::from_utf8_lossy(
        &sealcheck(&["catalog", "show", "maternity-allowance"]).stdout
    )
    .contains("birth_certificate 《出生医学证明》 [required]"));
    assert_eq!(
        sealcheck(&["catalog", "show", "nope"]).status.code(),
        Some(64)
    );

    let out = sealcheck(&[
        "catalog",
        "check",
        "data/catalog/pension.toml",
        "testdata/review/test_catalog.toml",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("data/catalog/pension.toml: ok (version 2026.12, "));

    let bad =
        std::env::temp_dir().join(format!("sealcheck-bad-catalog-{}.toml", std::process::id()));
    let text = std::fs::read_to_string("testdata/review/test_catalog.toml")
        .unwrap()
        .replace(
            "forms = [\"signed_pdf\"]",
            "forms = [\"signed_pdf\", \"fax\"]",
        );
    std::fs::write(&bad, text).unwrap();
    let out = sealcheck(&["catalog", "check", bad.to_str().unwrap()]);
    std::fs::remove_file(&bad).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&out.stdout);
    assert!(
        msg.contains(
            ": item signed-statement: material statement: field forms[1]: \"fax\" is not one of"
        ),
        "{msg}"
    );
    assert_eq!(
        sealcheck(&["catalog", "check", "testdata/no/such.toml"])
            .status
            .code(),
        Some(66)
    );
}
