//! The warm verifier of `sealcheck serve`: one thread, the typical 200 KB document, with and
//! without the verification cache (`Verifier::with_cache`), and the 20 KB file of the load
//! test. Fixtures as in benches/verify.rs (generated into target/bench-fixtures with openssl).
//!
//! `cargo bench --bench warm`
//!
//! How the README's warm numbers (goal: >= 5,000 verifications/s/core of the 200 KB file) are
//! measured: `warm_per_core` is criterion's wall time; `warm_cpu_time` runs the same
//! verifications measured in the bench thread's CPU time (support/cpu_time.rs), which is what a
//! verification costs one core even when other processes share the machine (criterion's
//! throughput line then reads "/s/core"). On the shared 2-core VM, run
//! `cargo bench --bench warm -- 200k_cached` three times, note `uptime` with each run and
//! report the medians; compare a change against the previous build in the same minute
//! (copy target/release/deps/warm-* aside before rebuilding), as load shifts both clocks.

#[cfg(unix)]
#[path = "support/cpu_time.rs"]
mod cpu_time;
#[path = "support/signed_pdf.rs"]
mod signed_pdf;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sealcheck::{Policy, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str, size: usize) -> Vec<u8> {
    let dir = root().join("target/bench-fixtures");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join(name);
    if !path.exists() {
        signed_pdf::write_multi_signed_pdf(size, 1, &root().join("testdata/pki/generated"), &path)
            .expect("generate fixture (needs openssl)");
    }
    std::fs::read(&path).expect("read fixture")
}

fn verifier(anchor: &str) -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(Path::new(&root().join(anchor)))
        .expect("root");
    Verifier::new(trust, Policy::default())
}

fn per_core(c: &mut Criterion) {
    let bytes = fixture("signed-200k.pdf", 200_000);
    let cold = verifier("testdata/pki/generated/root.pem");
    let warm = verifier("testdata/pki/generated/root.pem").with_cache(1024);
    let mut group = c.benchmark_group("warm_per_core");
    group.throughput(Throughput::Elements(1));
    group.bench_function("200k_no_cache", |b| {
        b.iter(|| black_box(cold.verify(black_box(&bytes), AT)))
    });
    group.bench_function("200k_cached", |b| {
        b.iter(|| black_box(warm.verify(black_box(&bytes), AT)))
    });
    let small = std::fs::read(root().join("testdata/pdf/rsa2048-pades-20k.pdf")).expect("20k");
    let warm_small = verifier("testdata/pdf/pki/root.pem").with_cache(1024);
    group.bench_function("20k_cached", |b| {
        b.iter(|| black_box(warm_small.verify(black_box(&small), AT)))
    });
    group.finish();
}

/// The same verifications in thread CPU time (see the module comment).
#[cfg(unix)]
fn per_core_cpu_time(c: &mut Criterion<cpu_time::ThreadCpuTime>) {
    let bytes = fixture("signed-200k.pdf", 200_000);
    let cold = verifier("testdata/pki/generated/root.pem");
    let warm = verifier("testdata/pki/generated/root.pem").with_cache(1024);
    let mut group = c.benchmark_group("warm_cpu_time");
    group.throughput(Throughput::Elements(1));
    group.bench_function("200k_no_cache", |b| {
        b.iter(|| black_box(cold.verify(black_box(&bytes), AT)))
    });
    group.bench_function("200k_cached", |b| {
        b.iter(|| black_box(warm.verify(black_box(&bytes), AT)))
    });
    group.finish();
}

criterion_group!(benches, per_core);
#[cfg(unix)]
criterion_group! {
    name = cpu_benches;
    config = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    targets = per_core_cpu_time
}
#[cfg(unix)]
criterion_main!(benches, cpu_benches);
#[cfg(not(unix))]
criterion_main!(benches);
