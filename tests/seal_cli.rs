//! `sealcheck seal` and `sealcheck verify` on Chinese e-seal files (testdata/cn).

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sealcheck"))
}

fn testdata(name: &str) -> String {
    format!("{}/testdata/cn/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn seal_extract_image_writes_the_picture() {
    let out_dir = std::env::temp_dir().join(format!("sealcheck-seal-cli-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("seal.png");
    let output = bin()
        .args([
            "seal",
            "--at",
            "2026-11-26T00:00:00Z",
            "--format",
            "json",
            "--extract-image",
        ])
        .arg(&out)
        .arg(testdata("ofd_999_tax_invoice.ofd"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["schema"], "sealcheck-seal/1");
    assert_eq!(json["kind"], "ofd");
    let seals = json["seals"].as_array().unwrap();
    assert_eq!(seals.len(), 1);
    assert_eq!(seals[0]["image"], out.display().to_string());
    let picture = std::fs::read(&out).unwrap();
    let size = seals[0]["seal"]["picture"]["size"].as_u64().unwrap();
    assert_eq!(picture.len() as u64, size);
    assert!(size > 100);
    // No trust anchors: the chain is unknown, so the answer is "indeterminate" (2).
    assert_eq!(output.status.code(), Some(2));
    std::fs::remove_dir_all(&out_dir).ok();
}

#[test]
fn verify_json_contract_for_ofd() {
    let output = bin()
        .args(["verify", "--at", "2026-11-26T00:00:00Z", "--format", "json"])
        .arg(testdata("ofd_keyword_rawsig.ofd"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["kind"], "ofd");
    let seal = doc["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "seal")
        .unwrap();
    assert_eq!(seal["indication"], "TOTAL_FAILED");
    assert_eq!(seal["sub_indication"], "DISALLOWED_MODIFICATION");
    assert_eq!(seal["modifications"], "disallowed");
    assert!(
        seal["seal"]["picture"]["data_base64"]
            .as_str()
            .unwrap()
            .len()
            > 100
    );
    // Content changed after sealing: exit status 1.
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn seal_on_a_file_without_seal_picture_fails_to_extract() {
    let output = bin()
        .args([
            "seal",
            "--at",
            "2026-11-26T00:00:00Z",
            "--extract-image",
            "/nonexistent/x.png",
        ])
        .arg(format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
