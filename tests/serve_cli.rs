//! `sealcheck serve` as a process: it reports where it listens, reloads on SIGHUP, shuts down
//! on SIGTERM with exit status 0, and refuses configurations it cannot honour.

#![cfg(all(feature = "serve", feature = "cli", unix))]

mod service_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use service_support::{root, send};

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

fn get(addr: std::net::SocketAddr, path: &str) -> service_support::Response {
    send(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn sighup_reloads_and_sigterm_stops() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(["serve", "--listen", "127.0.0.1:0", "--trust"])
        .arg(root().join("testdata/pdf/pki/root.pem"))
        .env("SEALCHECK_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sealcheck serve");
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| -> String {
        loop {
            let line = lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no log line with {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    };
    let ready = wait_for("listen=");
    let addr: std::net::SocketAddr = ready
        .split("listen=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {ready:?}"));
    assert_eq!(get(addr, "/healthz").json()["generation"], 1);

    // The request log line has the request id and no personal data.
    let served = wait_for("served");
    assert!(served.contains("request{id=sc-"), "{served}");

    signal(child.id(), "HUP");
    wait_for("configuration reloaded");
    assert_eq!(get(addr, "/healthz").json()["generation"], 2);

    signal(child.id(), "TERM");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn refuses_an_unreadable_issuer_registry_and_bad_anchors() {
    let out = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--issuers",
            "issuers.toml",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--issuers"));
    let out = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--trust",
            "/nonexistent/root.pem",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(64));
}
