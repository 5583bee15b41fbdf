//! Verifies one file N times on one thread and prints verifications per second (wall clock),
//! with a fresh verifier's work each time or (`--warm`) with the warm cache `sealcheck serve`
//! runs with (`Verifier::with_cache`). On a shared machine run it under
//! `perf stat -e task-clock` for the CPU time per verification.
//! Usage: cargo run --release --example throughput -- FILE [N] [ROOT.pem] [--warm]

use std::time::Instant;

use sealcheck::{Policy, TrustStore, Verifier};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let warm = args.iter().any(|a| a == "--warm");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(path) = positional.first() else {
        eprintln!("usage: throughput FILE [N] [ROOT.pem] [--warm]");
        std::process::exit(64);
    };
    let n: u32 = positional
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let root = positional
        .get(2)
        .map(|s| s.as_str())
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
    let mut verifier = Verifier::new(trust, Policy::default());
    if warm {
        verifier = verifier.with_cache(sealcheck::pki::cache::DEFAULT_CAPACITY);
    }
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
        "{n} verifications of {} bytes ({}) in {took:?}: {:.3} ms each, {:.0} per second ({passed} passed)",
        bytes.len(),
        if warm { "warm cache" } else { "no cache" },
        took.as_secs_f64() * 1000.0 / f64::from(n),
        f64::from(n) / took.as_secs_f64()
    );
}
