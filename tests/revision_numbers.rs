//! One revision numbering everywhere (issue 11): the JSON `revision` of a signature and of each
//! change, the text output and the English and Chinese messages all count from 1, the file as
//! first written being revision 1.

use std::process::Command;

fn run(format: &str, path: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args([
            "verify",
            "--format",
            format,
            "--at",
            "2026-11-26T00:00:00Z",
            path,
        ])
        .output()
        .expect("run sealcheck");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn text_json_and_messages_name_the_same_revision() {
    let path = "testdata/changes/modified-content-after-signing-200k.pdf";
    let json: serde_json::Value = serde_json::from_str(&run("json", path)).expect("JSON");
    let sig = &json["documents"][0]["signatures"][0];
    let revision = sig["revision"].as_u64().expect("revision");
    // pyHanko signed an incremental update of the unsigned original: revision 2.
    assert_eq!(revision, 2);

    let text = run("text", path);
    assert!(
        text.contains(&format!("revision {revision},")),
        "text output: {text}"
    );
    let byte_range = sig["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "byte_range")
        .expect("byte_range check");
    assert!(byte_range["message"]
        .as_str()
        .unwrap()
        .contains(&format!("cover revision {revision} ")));
    assert!(byte_range["message_zh"]
        .as_str()
        .unwrap()
        .contains(&format!("第{revision}个修订版本")));

    let changes = sig["changes"].as_array().expect("changes");
    assert!(!changes.is_empty());
    for change in changes {
        let made_in = change["revision"].as_u64().unwrap();
        assert!(made_in > revision, "a change comes after the signature");
        let description = change["description"].as_str().unwrap();
        assert!(
            description.contains(&format!("revision {made_in}")),
            "{description} vs {made_in}"
        );
        if change["allowed_by"].is_null() {
            assert!(text.contains(description), "text shows {description}");
        }
    }
    let modifications = sig["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "modifications")
        .unwrap();
    let last = changes.last().unwrap()["revision"].as_u64().unwrap();
    assert!(modifications["message"]
        .as_str()
        .unwrap()
        .contains(&format!("revision {last}")));
}
