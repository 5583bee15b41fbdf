//! Paths given to the CLI: FIFOs, devices, directories, missing files, files over the size
//! limit and standard input. Each unreadable path becomes a document of kind `unreadable` and
//! the others are still reported (DESIGN.md, "Every upload keeps its report"); text output never
//! carries raw control characters from file names, field names or certificate names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const AT: &str = "2026-11-26T00:00:00Z";
const SIGNED: &str = "testdata/pdf/rsa2048-pades-20k.pdf";
const ROOT: &str = "testdata/pdf/pki/root.pem";

/// Runs sealcheck with `stdin` fed in; a run that has not ended after a minute is killed and
/// fails the test (a FIFO that blocks the CLI would otherwise hang the suite).
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sealcheck");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("sealcheck {args:?} did not end: it blocked on a path");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    feeder.join().unwrap();
    child.wait_with_output().unwrap()
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

/// A scratch folder of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("sealcheck-cli-paths-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn doc_summary(doc: &serde_json::Value) -> (String, String) {
    (
        doc["kind"].as_str().unwrap().to_string(),
        doc["findings"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string(),
    )
}

#[test]
fn unreadable_paths_keep_the_other_reports() {
    let dir = scratch("mixed");
    let missing = dir.join("missing.pdf");
    let args = [
        "verify",
        "--format",
        "json",
        "--at",
        AT,
        "--trust",
        ROOT,
        SIGNED,
        "/dev/zero",
        dir.to_str().unwrap(),
        missing.to_str().unwrap(),
        "testdata/pdf/tampered-byteflip-200k.pdf",
    ];
    let out = run(&args, b"");
    assert_eq!(out.status.code(), Some(66));
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0]["path"], SIGNED);
    assert_eq!(docs[0]["signatures"][0]["indication"], "TOTAL_PASSED");
    let unreadable: Vec<(String, String)> = docs[1..4].iter().map(doc_summary).collect();
    assert_eq!(
        unreadable,
        [
            ("unreadable".into(), "NOT_A_REGULAR_FILE".into()),
            ("unreadable".into(), "NOT_A_REGULAR_FILE".into()),
            ("unreadable".into(), "UNREADABLE_PATH".into()),
        ]
    );
    assert_eq!(docs[1]["path"], "/dev/zero");
    assert_eq!(docs[1]["findings"][0]["severity"], "error");
    assert_eq!(docs[1]["findings"][0]["evidence"], "a character device");
    assert_eq!(docs[2]["findings"][0]["evidence"], "a directory");
    assert_eq!(docs[4]["signatures"][0]["indication"], "TOTAL_FAILED");

    // The same in text: every document has its block.
    let text_args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "--format" && *a != "json")
        .collect();
    let out = run(&text_args, b"");
    assert_eq!(out.status.code(), Some(66));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("/dev/zero (unreadable)\n  [Error] NOT_A_REGULAR_FILE"),
        "{text}"
    );
    assert!(text.contains("rsa2048-pades-20k.pdf (pdf,"), "{text}");
    assert!(text.contains("tampered-byteflip-200k.pdf (pdf,"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_opened_for_reading() {
    let dir = scratch("fifo");
    let fifo = dir.join("upload.pdf");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
    }
    // No writer ever opens the FIFO: reading it would block for ever.
    for cmd in [
        vec![
            "verify",
            "--format",
            "json",
            "--at",
            AT,
            "--trust",
            ROOT,
            fifo.to_str().unwrap(),
            SIGNED,
        ],
        vec![
            "seal",
            "--format",
            "json",
            "--at",
            AT,
            fifo.to_str().unwrap(),
        ],
    ] {
        let out = run(&cmd, b"");
        assert_eq!(out.status.code(), Some(66), "{cmd:?}");
        let report = json(&out);
        let first = if cmd[0] == "verify" {
            report["documents"][0].clone()
        } else {
            report.clone()
        };
        assert_eq!(first["kind"], "unreadable");
        assert_eq!(first["findings"][0]["code"], "NOT_A_REGULAR_FILE");
        assert_eq!(first["findings"][0]["evidence"], "a FIFO (named pipe)");
        if cmd[0] == "verify" {
            assert_eq!(
                report["documents"][1]["signatures"][0]["indication"],
                "TOTAL_PASSED"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = scratch("large");
    let big = dir.join("big.pdf");
    // Sparse: 257 MiB long, nothing written, so the test costs no disk or time.
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(257 << 20).unwrap();
    drop(file);
    let out = run(
        &[
            "verify",
            "--format",
            "json",
            "--at",
            AT,
            big.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(66));
    let doc = &json(&out)["documents"][0];
    assert_eq!(
        doc_summary(doc),
        ("unreadable".into(), "LIMIT_FILE_SIZE".into())
    );
    assert_eq!(doc["size"], 257u64 << 20);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dash_reads_standard_input_once() {
    let pdf = std::fs::read(SIGNED).unwrap();
    let out = run(
        &[
            "verify", "--format", "json", "--at", AT, "--trust", ROOT, "-", "-",
        ],
        &pdf,
    );
    assert_eq!(out.status.code(), Some(66));
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs[0]["path"], "-");
    assert_eq!(docs[0]["kind"], "pdf");
    assert_eq!(docs[0]["size"], pdf.len());
    assert_eq!(docs[0]["signatures"][0]["indication"], "TOTAL_PASSED");
    assert_eq!(
        doc_summary(&docs[1]),
        ("unreadable".into(), "UNREADABLE_PATH".into())
    );

    let out = run(&["verify", "--at", AT, "--trust", ROOT, "-"], &pdf);
    assert_eq!(out.status.code(), Some(0));
    let out = run(
        &["seal", "--format", "json", "--at", AT, "-"],
        &std::fs::read("testdata/cn/ofd_999_tax_invoice.ofd").unwrap(),
    );
    assert_eq!(json(&out)["kind"], "ofd");
}

fn review_args<'a>(uploads: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "review",
        "--format",
        "json",
        "--item",
        "signed-statement",
        "--catalog",
        "testdata/review/test_catalog.toml",
        "--trust",
        "testdata/pdf/pki/root.pem",
        "--crl",
        "testdata/pdf/pki/intermediate.crl",
        "--crl",
        "testdata/pdf/pki/root.crl",
        "--issuers",
        "data/issuers.example.toml",
        "--at",
        AT,
        "--applicant-name",
        "李四",
        "--applicant-id",
        "321083197812162119",
    ];
    args.extend_from_slice(uploads);
    args
}

#[test]
fn review_reports_unreadable_uploads_after_the_others() {
    let pdf = std::fs::read("testdata/review/signed_credit_code_then_date.pdf").unwrap();
    let out = run(&review_args(&["statement=-", "id_card=/dev/zero"]), &pdf);
    assert_eq!(out.status.code(), Some(66));
    let review = json(&out);
    // The readable upload was reviewed as usual.
    assert_eq!(review["decision"], "accept");
    assert_eq!(review["documents"][0]["path"], "-");
    assert_eq!(
        review["documents"][0]["signatures"][0]["indication"],
        "TOTAL_PASSED"
    );
    assert_eq!(
        doc_summary(&review["documents"][1]),
        ("unreadable".into(), "NOT_A_REGULAR_FILE".into())
    );
    // Without the unreadable path the same review exits 0.
    let out = run(
        &review_args(&["statement=testdata/review/signed_credit_code_then_date.pdf"]),
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
}

/// The PDFs that aborted the process (self-drawing form) and grew it to gigabytes (form tree)
/// are reviewed like any other upload. The third one reaches the fallback extractor, whose
/// process overflows its stack: the review reports that and goes on.
#[test]
fn review_survives_hostile_forms() {
    let out = run(
        &review_args(&["testdata/review/fallback_self_drawing.pdf"]),
        b"",
    );
    assert!(matches!(out.status.code(), Some(0..=2)), "{:?}", out.status);
    let review = json(&out);
    let codes: Vec<&str> = review["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"TEXT_LOPDF_FAILED"), "{codes:?}");
    assert!(codes.contains(&"TEXT_EXTRACTOR_CRASHED"), "{codes:?}");
    for name in ["xobject_self_drawing.pdf", "xobject_bomb.pdf"] {
        let path = format!("testdata/review/{name}");
        let out = run(&review_args(&[&path]), b"");
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{name}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let review = json(&out);
        assert_eq!(review["documents"][0]["kind"], "pdf", "{name}");
    }
}

fn assert_no_raw_controls(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in\n{text}");
}

#[test]
fn hostile_names_are_printed_escaped() {
    // Signature field name and signer DN carry ESC, BEL and CR.
    let out = run(
        &[
            "verify",
            "--at",
            AT,
            "testdata/review/signed_hostile_names.pdf",
        ],
        b"",
    );
    assert_no_raw_controls(&out.stdout, "verify");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Sig\\u{1b}[31m\\u{d}TOTAL_PASSED [signature]"),
        "{text}"
    );
    assert!(
        text.contains("CN=Evil\\u{1b}]0;owned\\u{7}\\u{d}\\u{1b}[2J CA"),
        "{text}"
    );
    // JSON keeps the names as they are (escaped the JSON way).
    let out = run(
        &[
            "verify",
            "--format",
            "json",
            "--at",
            AT,
            "testdata/review/signed_hostile_names.pdf",
        ],
        b"",
    );
    assert_eq!(
        json(&out)["documents"][0]["signatures"][0]["field"],
        "Sig\u{1b}[31m\rTOTAL_PASSED"
    );

    // A file name with a terminal escape, in verify, review and seal.
    let dir = scratch("names");
    let evil = dir.join("a\u{1b}[2J\r\u{7}b.pdf");
    std::fs::copy("testdata/review/signed_hostile_names.pdf", &evil).unwrap();
    let evil = evil.to_str().unwrap();
    for args in [
        vec![
            "verify",
            "--at",
            AT,
            evil,
            Path::new(&dir).join("gone\u{1b}.pdf").to_str().unwrap(),
        ],
        review_args(&[evil])
            .into_iter()
            .filter(|a| *a != "--format" && *a != "json")
            .collect(),
        vec!["seal", "--at", AT, evil],
    ] {
        let out = run(&args, b"");
        assert_no_raw_controls(&out.stdout, args[0]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("a\\u{1b}[2J\\u{d}\\u{7}b.pdf"),
            "{}: {text}",
            args[0]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
