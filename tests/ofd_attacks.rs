//! `sealcheck verify` on the OFD attack fixtures (testdata/ofd, built by src/seal/attacks.rs):
//! indication, sub-indication, finding codes and exit status of each, as EXPECTED.tsv states.

use std::io::Write;
use std::process::Command;

fn dir() -> String {
    format!("{}/testdata/ofd", env!("CARGO_MANIFEST_DIR"))
}

fn verify(path: &str) -> (serde_json::Value, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(["verify", "--at", "2026-01-01T00:00:00Z", "--format", "json"])
        .arg("--trust")
        .arg(format!("{}/root.der", dir()))
        .arg(path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&output.stderr)));
    (json["documents"][0].clone(), output.status.code())
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    for sig in doc["signatures"].as_array().unwrap() {
        if let Some(findings) = sig["findings"].as_array() {
            out.extend(
                findings
                    .iter()
                    .map(|f| f["code"].as_str().unwrap().to_string()),
            );
        }
    }
    out
}

#[test]
fn every_fixture_gets_its_verdict_from_the_cli() {
    let expected = std::fs::read_to_string(format!("{}/EXPECTED.tsv", dir())).unwrap();
    let mut rows = 0;
    for line in expected.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, indications, sub, finding_codes, failed_check, _what] = cols[..] else {
            panic!("bad row {line:?}");
        };
        rows += 1;
        let (doc, status) = verify(&format!("{}/{file}", dir()));
        assert_eq!(doc["kind"], "ofd", "{file}");
        let sigs = doc["signatures"].as_array().unwrap();
        let got: Vec<&str> = sigs
            .iter()
            .map(|s| s["indication"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = indications.split(',').filter(|s| !s.is_empty()).collect();
        assert_eq!(got, want, "{file}: {doc:#}");
        if let Some(first) = sigs.first() {
            let got_sub = first["sub_indication"].as_str().unwrap_or("-");
            assert_eq!(got_sub, sub, "{file}");
            if failed_check != "-" {
                assert!(
                    first["checks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|c| c["id"] == failed_check && c["status"] == "FAILED"),
                    "{file}: {failed_check} did not fail"
                );
            }
        }
        let present = codes(&doc);
        for code in finding_codes.split(',').filter(|c| *c != "-") {
            assert!(
                present.iter().any(|c| c == code),
                "{file}: no {code} in {present:?}"
            );
        }
        let want_status = if want.contains(&"TOTAL_FAILED") {
            1
        } else if want.is_empty() || want.contains(&"INDETERMINATE") {
            2
        } else {
            0
        };
        assert_eq!(status, Some(want_status), "{file}");
    }
    assert!(rows >= 25, "only {rows} fixtures");
}

#[test]
fn ambiguity_findings_name_the_entries() {
    let (doc, _) = verify(&format!("{}/zip-duplicate-first.ofd", dir()));
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "OFD_DUPLICATE_ENTRY")
        .unwrap();
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("Doc_0/Pages/Page_0/Content.xml"));
}

#[test]
fn more_entries_than_the_limit_is_limit_zip_entries() {
    // 10 001 entries (the default limit is 10 000); OFD.xml is listed first in the central
    // directory but its local header is not the first one.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..10_000 {
            zip.start_file(format!("{i}"), options).unwrap();
        }
        zip.start_file("OFD.xml", options).unwrap();
        zip.write_all(b"<ofd:OFD xmlns:ofd=\"x\"/>").unwrap();
        zip.finish().unwrap();
    }
    let path = std::env::temp_dir().join(format!("sealcheck-many-{}.ofd", std::process::id()));
    std::fs::write(&path, buf.into_inner()).unwrap();
    let (doc, status) = verify(path.to_str().unwrap());
    std::fs::remove_file(&path).ok();
    assert_eq!(doc["kind"], "ofd");
    assert!(
        codes(&doc).iter().any(|c| c == "LIMIT_ZIP_ENTRIES"),
        "{doc:#}"
    );
    assert!(!codes(&doc).iter().any(|c| c == "UNKNOWN_TYPE"));
    assert_eq!(status, Some(2));
}
