//! The staff page in a real browser (headless Chromium): the hostile page's DOM holds no
//! injected element, and a realistic review renders to a screenshot
//! (`scripts/report-screenshot.sh`; `SEALCHECK_UPDATE_SCREENSHOT=1` writes it to
//! docs/report-page.png). Skips with a printed line when Chromium is not installed.

#![cfg(feature = "serve")]

mod service_support;

use std::path::PathBuf;
use std::process::Command;

use service_support::*;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        let out = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
    })
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/service-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The review of the screenshot: a wrong ID check digit, a missing form, a tampered
/// certificate, a PDF annotated after signing, one whose content changed after signing, an
/// OFD with its seal, and a low-resolution scan.
fn realistic_page(server: &TestServer) -> String {
    let app = r#"{"schema":"sealcheck-application/1","item":"insurance-transfer","applicant":{"name":"李四","id":"321083197812162118"}}"#;
    let (ct, body) = multipart(&[
        ("application", None, "application/json", app.as_bytes()),
        (
            "contribution_certificate",
            Some("参保缴费凭证.pdf"),
            "application/pdf",
            &testdata("pdf/tampered-byteflip-200k.pdf"),
        ),
        (
            "file",
            Some("转移接续申请表-已批注.pdf"),
            "application/pdf",
            &testdata("pdf/annotation-after-signing-200k.pdf"),
        ),
        (
            "file",
            Some("证明-签后修改.pdf"),
            "application/pdf",
            &testdata("pdf/modified-content-after-signing-200k.pdf"),
        ),
        (
            "file",
            Some("人社测试章.ofd"),
            "application/ofd",
            &testdata("cn/ofd_n_v1_hrss_testseal.ofd"),
        ),
        (
            "id_card",
            Some("身份证扫描.png"),
            "image/png",
            &testdata("service/id-card-scan.png"),
        ),
    ]);
    let r = server.post(&format!("/v1/review?at={AT}&format=html"), &ct, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
}

fn hostile_page(server: &TestServer) -> String {
    let (ct, body) = multipart(&[
        (
            "application",
            None,
            "application/json",
            &testdata("service/hostile-application.json"),
        ),
        (
            "file",
            Some("'><svg onload=alert(4)>.pdf"),
            "application/pdf",
            &testdata("service/hostile-signer.pdf"),
        ),
    ]);
    let r = server.post(&format!("/v1/review?at={AT}&format=html"), &ct, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
}

fn browser_args(profile: &std::path::Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

#[test]
fn report_page_in_headless_chromium() {
    let Some(browser) = chromium() else {
        println!("skipped: chromium not installed (report page browser test)");
        return;
    };
    let server = TestServer::default();
    let dir = out_dir();

    // The browser's own parse of the hostile page: no injected element exists in its DOM.
    let hostile = dir.join("hostile.html");
    std::fs::write(&hostile, hostile_page(&server)).unwrap();
    let profile = dir.join(format!("profile-{}", std::process::id()));
    let dom = Command::new(&browser)
        .args(browser_args(&profile))
        .arg("--dump-dom")
        .arg(format!("file://{}", hostile.display()))
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("class=\"banner"),
        "no page in the DOM dump: {dom}"
    );
    for injected in [
        "<script",
        "<img src=\"x\"",
        "<svg",
        "onerror=\"",
        "onload=\"",
    ] {
        assert!(!dom.contains(injected), "{injected:?} became markup");
    }
    assert!(dom.contains("alert(1)") && dom.contains("alert(2)") && dom.contains("alert(4)"));

    // The realistic page, screenshot by the script CI and people use.
    let page = dir.join("report.html");
    std::fs::write(&page, realistic_page(&server)).unwrap();
    let png = if std::env::var_os("SEALCHECK_UPDATE_SCREENSHOT").is_some() {
        root().join("docs/report-page.png")
    } else {
        dir.join("report-page.png")
    };
    let status = Command::new(root().join("scripts/report-screenshot.sh"))
        .arg(&page)
        .arg(&png)
        .arg("1200x3400")
        .status()
        .expect("run report-screenshot.sh");
    assert!(status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 3400));
    println!("report page screenshot: {}", png.display());
}
