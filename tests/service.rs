//! `sealcheck serve` in-process on 127.0.0.1:0: every route, the JSON errors, limits, reload,
//! graceful shutdown, concurrency, and the staff page's escaping of hostile names.

#![cfg(feature = "serve")]

mod service_support;

use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use sealcheck::catalog::builtin;
use sealcheck::review::{Applicant, Application, Reviewer, Upload};
use sealcheck::service::ServiceLimits;
use sealcheck::{Policy, TrustStore, Verifier};
use service_support::*;

fn at() -> time::OffsetDateTime {
    time::OffsetDateTime::parse(AT, &time::format_description::well_known::Rfc3339).unwrap()
}

/// The verifier the test server is configured with, built directly (no cache).
fn library_verifier() -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(&root().join("testdata/pdf/pki/root.pem"))
        .unwrap();
    Verifier::new(trust, Policy::default()).with_crls(vec![
        testdata("pdf/pki/intermediate.crl"),
        testdata("pdf/pki/root.crl"),
    ])
}

#[test]
fn health_catalog_metrics_and_request_ids() {
    let server = TestServer::default();
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    let h = health.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["generation"], 1);
    assert_eq!(h["trust_anchors"], 1);
    assert!(health.header("x-request-id").unwrap().starts_with("sc-"));

    let list = server.get("/v1/catalog").json();
    assert_eq!(list["schema"], "sealcheck-catalog/1");
    let catalog = builtin::catalog().unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), catalog.items.len());
    let code = &catalog.items[0].code;
    let one = server.get(&format!("/v1/catalog/{code}"));
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["code"], code.as_str());
    assert_eq!(
        one.json()["materials"].as_array().unwrap().len(),
        catalog.items[0].materials.len()
    );
    let unknown = server.get("/v1/catalog/no-such-item");
    assert_eq!(
        (unknown.status, unknown.error_code()),
        (404, "unknown_item".into())
    );

    // The caller's request id is kept when it is plain, replaced when not.
    let mine = server.request(
        b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: portal-123\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(mine.header("x-request-id"), Some("portal-123"));

    let pdf = testdata("pdf/rsa2048-pades-20k.pdf");
    assert_eq!(
        server
            .post(&format!("/v1/verify?at={AT}"), "application/pdf", &pdf)
            .status,
        200
    );
    let metrics = server.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(metrics
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let text = metrics.text();
    for line in [
        "sealcheck_requests_total{route=\"/healthz\",status=\"200\"} 2",
        "sealcheck_requests_total{route=\"/v1/catalog/{code}\",status=\"404\"} 1",
        "sealcheck_requests_total{route=\"/v1/verify\",status=\"200\"} 1",
        "sealcheck_request_duration_seconds_count{route=\"/v1/verify\"} 1",
        "sealcheck_signature_verdicts_total{indication=\"TOTAL_PASSED\"} 1",
        "sealcheck_documents_total 1",
        "sealcheck_queue_depth 0",
        "sealcheck_warm_generation 1",
        "sealcheck_cache_lookups_total{kind=\"path\",result=\"miss\"} 1",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn verify_answers_what_the_library_answers() {
    let server = TestServer::default();
    let verifier = library_verifier();
    for name in [
        "pdf/rsa2048-pades-20k.pdf",
        "pdf/tampered-byteflip-200k.pdf",
        "pdf/revoked-signer-200k.pdf",
        "cn/ofd_n_v1_hrss_testseal.ofd",
        "service/hostile-signer.pdf",
    ] {
        let bytes = testdata(name);
        let response = server.post(
            &format!("/v1/verify?at={AT}&name=x.bin"),
            "application/octet-stream",
            &bytes,
        );
        assert_eq!(response.status, 200, "{name}: {}", response.text());
        let got = response.json();
        assert_eq!(got["schema"], "sealcheck/1");
        assert_eq!(got["validation_time"], AT);
        let expected = serde_json::to_value(verifier.verify_named("x.bin", &bytes, at())).unwrap();
        assert_eq!(got["documents"][0], expected, "{name}");
    }
}

#[test]
fn verify_multipart_keeps_upload_order_and_names() {
    let server = TestServer::default();
    let good = testdata("pdf/rsa2048-pades-20k.pdf");
    let bad = testdata("pdf/tampered-byteflip-200k.pdf");
    let (ct, body) = multipart(&[
        ("file", Some("a.pdf"), "application/pdf", &good),
        ("file", Some("b.pdf"), "application/pdf", &bad),
        ("file", None, "application/octet-stream", b"hello"),
    ]);
    let r = server.post(&format!("/v1/verify?at={AT}"), &ct, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let docs = r.json()["documents"].as_array().unwrap().clone();
    let summary: Vec<(String, String)> = docs
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["signatures"][0]["indication"]
                    .as_str()
                    .unwrap_or_else(|| d["findings"][0]["code"].as_str().unwrap())
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a.pdf".to_string(), "TOTAL_PASSED".to_string()),
            ("b.pdf".into(), "TOTAL_FAILED".into()),
            ("file-3".into(), "UNKNOWN_TYPE".into()),
        ]
    );
}

#[test]
fn bad_requests_get_json_errors() {
    let server = TestServer::start(
        test_sources(),
        ServiceLimits {
            max_body_bytes: 64 * 1024,
            max_uploads: 2,
            ..ServiceLimits::default()
        },
    );
    let small = testdata("pdf/rsa2048-pades-20k.pdf");
    let big = testdata("pdf/tampered-byteflip-200k.pdf");
    let check = |r: Response, status: u16, code: &str| {
        assert_eq!(r.status, status, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.error_code(), code);
        assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
    };
    check(
        server.post("/v1/verify", "text/plain", b"hi"),
        415,
        "unsupported_media_type",
    );
    check(
        server.post("/v1/verify", "application/pdf", b""),
        400,
        "no_upload",
    );
    check(
        server.post("/v1/verify", "application/pdf", &big),
        413,
        "body_too_large",
    );
    let (ct, body) = multipart(&[("file", Some("big.pdf"), "application/pdf", &big)]);
    check(server.post("/v1/verify", &ct, &body), 413, "body_too_large");
    let (ct, body) = multipart(&[
        ("file", Some("1.pdf"), "application/pdf", b"%PDF-1"),
        ("file", Some("2.pdf"), "application/pdf", b"%PDF-2"),
        ("file", Some("3.pdf"), "application/pdf", b"%PDF-3"),
    ]);
    check(
        server.post("/v1/verify", &ct, &body),
        413,
        "too_many_uploads",
    );
    let (ct, body) = multipart(&[("document", Some("1.pdf"), "application/pdf", &small)]);
    check(
        server.post("/v1/verify", &ct, &body),
        400,
        "unexpected_part",
    );
    check(
        server.post(
            "/v1/verify",
            "multipart/form-data; boundary=xyz",
            b"--abc\r\ngarbage",
        ),
        400,
        "bad_multipart",
    );
    check(
        server.post("/v1/verify", "multipart/form-data", b"no boundary"),
        400,
        "bad_multipart",
    );
    check(
        server.post("/v1/verify?at=yesterday", "application/pdf", &small),
        400,
        "bad_time",
    );
    check(
        server.post("/v1/verify?surprise=1", "application/pdf", &small),
        400,
        "bad_query",
    );
    check(server.get("/v2/verify"), 404, "not_found");
    check(server.get("/v1/verify"), 405, "method_not_allowed");
    check(
        server.post("/v1/review", "application/json", b"{}"),
        415,
        "unsupported_media_type",
    );
    // A declared length over the limit is refused without reading the body.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(b"POST /v1/verify HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nContent-Length: 1000000000\r\n\r\n%PDF-")
        .unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    check(read_response(&mut stream), 413, "body_too_large");
    // Nothing above made the server give up.
    assert_eq!(server.get("/healthz").status, 200);
}

fn application_json(item: &str, id: &str) -> Vec<u8> {
    format!(
        r#"{{"schema":"sealcheck-application/1","item":"{item}","applicant":{{"name":"李四","id":"{id}"}}}}"#
    )
    .into_bytes()
}

#[test]
fn review_answers_what_the_library_answers() {
    let server = TestServer::default();
    let tampered = testdata("pdf/tampered-byteflip-200k.pdf");
    let signed = testdata("pdf/rsa2048-pades-20k.pdf");
    let app = application_json("insurance-transfer", "321083197812162118");
    let (ct, body) = multipart(&[
        ("application", None, "application/json", &app),
        (
            "contribution_certificate",
            Some("tampered.pdf"),
            "application/pdf",
            &tampered,
        ),
        ("file", Some("signed.pdf"), "application/pdf", &signed),
    ]);
    let r = server.post(&format!("/v1/review?at={AT}"), &ct, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let got = r.json();
    assert_eq!(got["schema"], "sealcheck-review/1");

    let reviewer = Reviewer::new(library_verifier(), builtin::catalog().unwrap());
    let expected = reviewer
        .review(
            &Application {
                persons: Vec::new(),
                fields: Default::default(),
                item: "insurance-transfer".into(),
                applicant: Applicant {
                    kind: sealcheck::catalog::ApplicantType::Individual,
                    name: "李四".into(),
                    identifier: Some("321083197812162118".into()),
                },
                uploads: vec![
                    Upload {
                        material: Some("contribution_certificate".into()),
                        file_name: "tampered.pdf".into(),
                        bytes: tampered,
                    },
                    Upload {
                        material: None,
                        file_name: "signed.pdf".into(),
                        bytes: signed,
                    },
                ],
            },
            at(),
        )
        .unwrap();
    assert_eq!(got, serde_json::to_value(&expected).unwrap());
    assert_eq!(got["decision"], "return_for_correction");

    // Inline (base64) uploads of the application count like parts.
    let inline = format!(
        r#"{{"item":"insurance-transfer","applicant":{{"name":"李四","id":"321083197812162118"}},
            "uploads":[{{"material":"contribution_certificate","name":"tampered.pdf","base64":"{}"}}]}}"#,
        base64_encode(&testdata("pdf/tampered-byteflip-200k.pdf"))
    );
    let (ct, body) = multipart(&[
        ("application", None, "application/json", inline.as_bytes()),
        (
            "file",
            Some("signed.pdf"),
            "application/pdf",
            &testdata("pdf/rsa2048-pades-20k.pdf"),
        ),
    ]);
    let r = server.post(&format!("/v1/review?at={AT}&format=json"), &ct, &body);
    assert_eq!(r.json(), got);
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn review_refusals() {
    let server = TestServer::start(
        test_sources(),
        ServiceLimits {
            max_uploads: 2,
            ..ServiceLimits::default()
        },
    );
    let post = |parts: &[(&str, Option<&str>, &str, &[u8])]| {
        let (ct, body) = multipart(parts);
        server.post("/v1/review", &ct, &body)
    };
    let pdf = testdata("pdf/rsa2048-pades-20k.pdf");
    let app = application_json("insurance-transfer", "321083197812162118");
    let cases: Vec<(Response, u16, &str)> = vec![
        (
            post(&[("file", Some("a.pdf"), "application/pdf", &pdf)]),
            400,
            "bad_application",
        ),
        (
            post(&[("application", None, "application/json", b"{not json")]),
            400,
            "bad_application",
        ),
        (
            post(&[(
                "application",
                None,
                "application/json",
                br#"{"schema":"x/9","item":"a"}"#,
            )]),
            400,
            "bad_application",
        ),
        (
            post(&[(
                "application",
                None,
                "application/json",
                &application_json("no-such-item", "1"),
            )]),
            404,
            "unknown_item",
        ),
        (
            post(&[(
                "application",
                None,
                "application/json",
                br#"{"item":"insurance-transfer","uploads":[{"path":"/etc/passwd"}]}"#,
            )]),
            400,
            "bad_application",
        ),
        (
            post(&[
                ("application", None, "application/json", &app),
                ("application", None, "application/json", &app),
            ]),
            400,
            "bad_application",
        ),
        (
            post(&[
                ("application", None, "application/json", &app),
                ("Bad Name", Some("a.pdf"), "application/pdf", &pdf),
            ]),
            400,
            "unexpected_part",
        ),
        (
            post(&[
                ("application", None, "application/json", &app),
                ("file", Some("1.pdf"), "application/pdf", &pdf),
                ("file", Some("2.pdf"), "application/pdf", &pdf),
                ("file", Some("3.pdf"), "application/pdf", &pdf),
            ]),
            413,
            "too_many_uploads",
        ),
    ];
    for (i, (r, status, code)) in cases.into_iter().enumerate() {
        assert_eq!(
            (r.status, r.error_code()),
            (status, code.to_string()),
            "case {i}: {}",
            r.text()
        );
    }
    // An upload for a material the item does not have is the review's business, not an error.
    let r = post(&[
        ("application", None, "application/json", &app),
        ("no_such_material", Some("a.pdf"), "application/pdf", &pdf),
    ]);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["unmatched_uploads"][0]["declared_material"],
        "no_such_material"
    );
}

#[test]
fn staff_page_escapes_hostile_names() {
    let server = TestServer::default();
    let app = testdata("service/hostile-application.json");
    let hostile_file = "'><svg onload=alert(4)>.pdf";
    let (ct, body) = multipart(&[
        ("application", None, "application/json", &app),
        (
            "file",
            Some(hostile_file),
            "application/pdf",
            &testdata("service/hostile-signer.pdf"),
        ),
        (
            "id_card",
            Some("<b>card</b>.png"),
            "image/png",
            &testdata("service/id-card-scan.png"),
        ),
    ]);
    let r = server.post_with("/v1/review", &ct, &body, "Accept: text/html\r\n");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let page = r.text();
    // No input-derived markup survives as markup...
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<b>card</b>"] {
        assert!(!page.contains(raw), "{raw:?} appears unescaped");
    }
    // ...but every name is there, as text.
    for escaped in [
        "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;", // the signer DN
        "alert(3)",                                   // the field name
        "&lt;svg onload=alert(4)&gt;.pdf",            // the file name
        "&lt;b&gt;card&lt;&#x2f;b&gt;.png",
        "张三&quot;&gt;&lt;script&gt;", // the applicant's name
    ] {
        assert!(page.contains(escaped), "{escaped:?} missing");
    }
    // The page's own structure: banner, materials, the notice to copy, the upload's picture.
    assert!(page.contains("class=\"banner bad\""));
    assert!(page.contains("id=\"notice-text\""));
    // (minijinja writes `/` as `&#x2f;`; the browser reads the attribute back as data:image/png)
    assert!(page.contains("src=\"data:image&#x2f;png;base64,"));
    assert_eq!(
        page.matches("<script").count(),
        0,
        "the page needs no script"
    );
    // ?format=html gives the same page without the Accept header.
    let again = server.post("/v1/review?format=html", &ct, &body);
    assert!(again.text().contains("class=\"banner bad\""));
}

#[test]
fn reload_swaps_state_and_a_broken_reload_keeps_the_old_one() {
    let dir = std::env::temp_dir().join(format!("sealcheck-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let anchor = dir.join("root.pem");
    std::fs::copy(root().join("testdata/pdf/pki/root.pem"), &anchor).unwrap();
    let mut sources = test_sources();
    sources.trust = vec![anchor.clone()];
    let server = TestServer::start(sources, ServiceLimits::default());
    let pdf = testdata("pdf/rsa2048-pades-20k.pdf");
    let verdict = |server: &TestServer| {
        server
            .post(&format!("/v1/verify?at={AT}"), "application/pdf", &pdf)
            .json()["documents"][0]["signatures"][0]["indication"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verdict(&server), "TOTAL_PASSED");
    // Requests keep flowing while the state is swapped under them.
    let addr = server.addr;
    let pdf2 = pdf.clone();
    let traffic = std::thread::spawn(move || {
        (0..40)
            .map(|_| {
                let mut raw = format!(
                    "POST /v1/verify?at={AT} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\n\r\n",
                    pdf2.len()
                )
                .into_bytes();
                raw.extend_from_slice(&pdf2);
                send(addr, &raw).status
            })
            .collect::<Vec<_>>()
    });
    for _ in 0..10 {
        server.service.reload().unwrap();
    }
    assert!(traffic.join().unwrap().iter().all(|&s| s == 200));
    assert_eq!(server.get("/healthz").json()["generation"], 11);

    // A reload that fails (the anchor file is now garbage) keeps the previous state.
    std::fs::write(&anchor, b"not a certificate").unwrap();
    assert!(server.service.reload().is_err());
    assert_eq!(server.get("/healthz").json()["generation"], 11);
    assert_eq!(verdict(&server), "TOTAL_PASSED");
    assert!(server
        .get("/metrics")
        .text()
        .contains("sealcheck_reloads_failed_total 1"));
    // Fixed, it takes effect: the anchor is now a certificate that issued nothing here, so
    // the chain is not found.
    std::fs::copy(root().join("testdata/pdf/pki/tsa.pem"), &anchor).unwrap();
    server.service.reload().unwrap();
    assert_eq!(verdict(&server), "INDETERMINATE");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shutdown_finishes_the_request_in_flight_and_refuses_new_ones() {
    let server = TestServer::default();
    let addr = server.addr;
    let pdf = testdata("pdf/rsa2048-pades-20k.pdf");
    // A request whose body is half sent when the shutdown begins.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(
            format!(
                "POST /v1/verify?at={AT} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\n\r\n",
                pdf.len()
            )
            .as_bytes(),
        )
        .unwrap();
    let half = pdf.len() / 2;
    stream.write_all(&pdf[..half]).unwrap();
    // Make sure the server has the request before stopping it.
    while server
        .service
        .metrics_text()
        .contains("sealcheck_in_flight_requests 0")
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let stopper = std::thread::spawn(move || server.stop());
    // New connections are refused once the listener is closed.
    let mut refused = false;
    for _ in 0..200 {
        match TcpStream::connect(addr) {
            Err(_) => {
                refused = true;
                break;
            }
            Ok(s) => drop(s),
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(refused, "the listener still accepts after shutdown began");
    stream.write_all(&pdf[half..]).unwrap();
    let r = read_response(&mut stream);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["documents"][0]["signatures"][0]["indication"],
        "TOTAL_PASSED"
    );
    stopper.join().unwrap();
}

#[test]
fn concurrent_requests_all_get_the_same_answer() {
    let server = Arc::new(TestServer::default());
    let pdf = Arc::new(testdata("pdf/two-signatures-200k.pdf"));
    let first = server
        .post(&format!("/v1/verify?at={AT}"), "application/pdf", &pdf)
        .json();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let server = Arc::clone(&server);
            let pdf = Arc::clone(&pdf);
            std::thread::spawn(move || {
                (0..6)
                    .map(|_| {
                        server
                            .post(&format!("/v1/verify?at={AT}"), "application/pdf", &pdf)
                            .json()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        for answer in t.join().unwrap() {
            assert_eq!(answer, first);
        }
    }
}

#[test]
fn saturation_is_answered_with_429_and_retry_after_never_a_dropped_connection() {
    // One worker, nobody may wait: concurrent reviews of several files overflow at once.
    let server = Arc::new(TestServer::start(
        test_sources(),
        ServiceLimits {
            workers: 1,
            queue: 0,
            ..ServiceLimits::default()
        },
    ));
    let app = application_json("insurance-transfer", "321083197812162118");
    let files: Vec<Vec<u8>> = [
        "pdf/two-signatures-200k.pdf",
        "pdf/annotation-after-signing-200k.pdf",
        "pdf/modified-content-after-signing-200k.pdf",
        "pdf/tampered-byteflip-200k.pdf",
    ]
    .iter()
    .map(|f| testdata(f))
    .collect();
    let mut parts: Vec<(&str, Option<&str>, &str, &[u8])> =
        vec![("application", None, "application/json", &app)];
    for f in &files {
        parts.push(("file", Some("f.pdf"), "application/pdf", f));
    }
    let (ct, body) = multipart(&parts);
    let body = Arc::new(body);
    let threads: Vec<_> = (0..12)
        .map(|_| {
            let server = Arc::clone(&server);
            let body = Arc::clone(&body);
            let ct = ct.clone();
            std::thread::spawn(move || server.post(&format!("/v1/review?at={AT}"), &ct, &body))
        })
        .collect();
    let mut counts = std::collections::BTreeMap::new();
    for t in threads {
        let r = t.join().unwrap();
        match r.status {
            200 => assert_eq!(r.json()["schema"], "sealcheck-review/1"),
            429 => {
                assert_eq!(r.error_code(), "busy");
                assert_eq!(r.header("retry-after"), Some("1"));
            }
            other => panic!("unexpected {other}: {}", r.text()),
        }
        *counts.entry(r.status).or_insert(0) += 1;
    }
    println!("answers under saturation: {counts:?}");
    assert!(counts.get(&200).is_some_and(|&n| n >= 1));
    let metrics = server.get("/metrics").text();
    let refused = counts.get(&429).copied().unwrap_or(0);
    if refused > 0 {
        assert!(metrics.contains(&format!(
            "sealcheck_requests_total{{route=\"/v1/review\",status=\"429\"}} {refused}"
        )));
    }
}

#[test]
fn connections_over_the_cap_get_503_and_the_slot_comes_back() {
    let server = TestServer::start(
        test_sources(),
        ServiceLimits {
            max_connections: 1,
            ..ServiceLimits::default()
        },
    );
    // An open, idle connection holds the only slot.
    let idle = TcpStream::connect(server.addr).unwrap();
    // Let the server accept it before the next one.
    std::thread::sleep(Duration::from_millis(100));
    let refused = server.get("/healthz");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.error_code(), "busy");
    assert_eq!(refused.header("retry-after"), Some("1"));
    drop(idle);
    let mut status = 0;
    for _ in 0..100 {
        status = server.get("/healthz").status;
        if status == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(status, 200);
}

#[test]
fn issuer_registry_is_loaded_into_the_warm_reviewer() {
    let mut sources = test_sources();
    sources.issuers = Some(root().join("data/issuers.example.toml"));
    let reviewer = sources.load().expect("the example registry loads");
    let registry = reviewer.verifier.issuers().expect("registry attached");
    assert!(!registry.is_empty());
    sources.issuers = Some(root().join("testdata/review/test_catalog.toml"));
    let err = sources.load().expect_err("a catalog is not a registry");
    assert!(err.contains("--issuers"), "{err}");
}

/// The service reviews the whole application: the persons and form fields of the application
/// JSON reach the review (here the form's termination date against the certificate's).
#[test]
fn review_applies_the_form_fields_of_the_application() {
    let server = TestServer::default();
    let certificate = testdata("review/bind-termination-applicant.pdf");
    let app = |date: &str| {
        format!(
            r#"{{"item":"unemployment-claim","applicant":{{"name":"张三","id":"44030419900307123X"}},
            "fields":{{"termination_date":"{date}","former_employer_uscc":"91440300MA5F000181"}}}}"#
        )
    };
    let at = "2026-12-10T00:00:00Z";
    let post = |json: &str| {
        let (ct, body) = multipart(&[
            ("application", None, "application/json", json.as_bytes()),
            (
                "termination_certificate",
                Some("termination.pdf"),
                "application/pdf",
                &certificate,
            ),
        ]);
        let r = server.post(&format!("/v1/review?at={at}"), &ct, &body);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["notice"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["material"] == "termination_certificate")
            .map(|n| n["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The certificate states 2026-11-20.
    assert_eq!(codes(&post(&app("2026-11-18"))), ["DATE_MISMATCH"]);
    assert!(codes(&post(&app("2026-11-20"))).is_empty());
}
