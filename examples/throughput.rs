//! Verifies one file N times on one thread and prints verifications per second (wall clock).
//! Run under `perf stat -e task-clock` to get CPU time per verification on a busy machine.
//! Usage: cargo run --release --example throughput -- FILE [N] [ROOT.pem]

use std::time::Instant;

use sealcheck::{Policy, TrustStore, Verifier};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: throughput FILE [N] [ROOT.pem]");
        std::process::exit(64);
    };
    let n: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let root = args
        .get(2)
        .map(String::as_str)
        .unwrap_or("testdata/pki/generated/root.pem");
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(66);
    });
    let mut trust = TrustStore::new();
    if let Err(e) = trust.load_path(std::path::Path::new(root)) {
        eprintln!("{e}");
        std::process::exit(66);
    }
    let verifier = Verifier::new(trust, Policy::default());
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let start = Instant::now();
    let mut passed = 0;
    for _ in 0..n {
        let report = verifier.verify(std::hint::black_box(&bytes), at);
        passed +=
            usize::from(report.worst_indication() == Some(sealcheck::Indication::TotalPassed));
    }
    let took = start.elapsed();
    println!(
        "{n} verifications of {} bytes in {took:?}: {:.3} ms each, {:.0} per second ({passed} passed)",
        bytes.len(),
        took.as_secs_f64() * 1000.0 / f64::from(n),
        f64::from(n) / took.as_secs_f64()
    );
}
