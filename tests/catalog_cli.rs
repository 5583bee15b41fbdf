//! `sealcheck catalog` on the built-in catalog: the item list, what `show` tells an office
//! (basis, online depth, persons, fields, deadlines), and `check` of every built-in file.

use std::process::{Command, Output};

fn sealcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run sealcheck")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn list_shows_at_least_thirty_items_with_their_online_depth() {
    let out = sealcheck(&["catalog", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let items = text.lines().skip(1).count();
    assert!(items >= 30, "{items} items:\n{text}");
    let injury = text
        .lines()
        .find(|l| l.starts_with("work-injury-determination "))
        .unwrap();
    assert!(
        injury.contains("unit+individual") && injury.contains("partial"),
        "{injury}"
    );

    let out = sealcheck(&["catalog", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["items"].as_array().unwrap();
    assert!(items.len() >= 30);
    for item in items {
        assert!(
            item["basis"].as_array().is_some_and(|b| !b.is_empty()),
            "{item}"
        );
        assert!(["full", "partial", "offline"].contains(&item["online"].as_str().unwrap()));
        assert!(item["applicant_types"].as_array().is_some());
    }
    let certification = items
        .iter()
        .find(|i| i["code"] == "benefit-qualification-certification")
        .unwrap();
    assert_eq!(certification["auto_accept"], false);
}

#[test]
fn show_tells_basis_online_persons_fields_and_deadlines() {
    let out = sealcheck(&["catalog", "show", "work-injury-determination"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "applicant: unit or individual",
        "basis: 《工伤保险条例》第十七条",
        "online: partial (visit: ",
        "person injured_worker: 受伤害职工 (the injured employee), required",
        "field injury_date [date, required]",
        "deadline: within 30 days of injury_date (applicant unit)",
        "deadline: within 365 days of injury_date (applicant individual)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    let text = stdout(&sealcheck(&["catalog", "show", "unemployment-claim"]));
    assert!(
        text.contains("signed by: uscc of form field former_employer_uscc"),
        "{text}"
    );
    assert!(
        text.contains("states the date of: termination_date"),
        "{text}"
    );
    let text = stdout(&sealcheck(&["catalog", "show", "rights-record-printout"]));
    assert!(text.contains("no materials"), "{text}");
    let text = stdout(&sealcheck(&["catalog", "show", "pension-claim"]));
    assert!(text.contains("eligibility: retirement_age"), "{text}");
    assert!(
        text.contains("required when: has_deemed_contribution_years"),
        "{text}"
    );

    let out = sealcheck(&[
        "catalog",
        "show",
        "funeral-survivor-claim",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["persons"][0]["role"], "deceased");
    let groups: Vec<&str> = v["materials"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["group"].as_str())
        .collect();
    assert_eq!(groups, ["death_proof", "death_proof"]);
}

#[test]
fn every_builtin_file_passes_check() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| format!("data/catalog/{}", e.file_name().to_string_lossy()))
            .filter(|p| p.ends_with(".toml"))
            .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut args = vec!["catalog", "check"];
    args.extend(files.iter().map(String::as_str));
    let out = sealcheck(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out).matches(": ok (version 2026.12, ").count(),
        files.len()
    );
}
