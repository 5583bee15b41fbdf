//! Verification speed: the size ladder (20 KB … 100 MB), single-core throughput on a typical
//! 200 KB document, a five-signature file, and a parallel batch. Fixtures are generated on
//! first use into target/bench-fixtures (signing with `openssl cms`), never committed.
//!
//! `cargo bench --bench verify` (all), `cargo bench --bench verify -- size/20k` (one).

#[path = "support/signed_pdf.rs"]
mod signed_pdf;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sealcheck::{Policy, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture `name`, generated when missing.
fn fixture(name: &str, size: usize, signatures: usize) -> Vec<u8> {
    let dir = root().join("target/bench-fixtures");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join(name);
    if !path.exists() {
        signed_pdf::write_multi_signed_pdf(
            size,
            signatures,
            &root().join("testdata/pki/generated"),
            &path,
        )
        .expect("generate fixture (needs openssl)");
    }
    std::fs::read(&path).expect("read fixture")
}

fn verifier() -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(Path::new(&root().join("testdata/pki/generated/root.pem")))
        .expect("root");
    Verifier::new(trust, Policy::default())
}

fn sizes(c: &mut Criterion) {
    let v = verifier();
    let mut group = c.benchmark_group("size");
    for (label, size) in [
        ("20k", 20_000),
        ("200k", 200_000),
        ("2m", 2_000_000),
        ("20m", 20_000_000),
        ("100m", 100_000_000),
    ] {
        let bytes = fixture(&format!("signed-{label}.pdf"), size, 1);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if size >= 20_000_000 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(10));
        }
        group.bench_with_input(BenchmarkId::from_parameter(label), &bytes, |b, bytes| {
            b.iter(|| black_box(v.verify(black_box(bytes), AT)))
        });
    }
    group.finish();
}

/// One thread, one typical document at a time: verifications per second per core.
fn typical_per_core(c: &mut Criterion) {
    let v = verifier();
    let bytes = fixture("signed-200k.pdf", 200_000, 1);
    let mut group = c.benchmark_group("per_core");
    group.throughput(Throughput::Elements(1));
    group.bench_function("200k", |b| {
        b.iter(|| black_box(v.verify(black_box(&bytes), AT)))
    });
    group.finish();
}

fn five_signatures(c: &mut Criterion) {
    let v = verifier();
    let bytes = fixture("signed-200k-5sig.pdf", 200_000, 5);
    let mut group = c.benchmark_group("signatures");
    group.throughput(Throughput::Elements(5));
    group.bench_function("5x200k", |b| {
        b.iter(|| black_box(v.verify(black_box(&bytes), AT)))
    });
    group.finish();
}

/// Sixteen documents through `verify_batch` (rayon, all cores).
fn batch(c: &mut Criterion) {
    let v = verifier();
    let bytes = fixture("signed-200k.pdf", 200_000, 1);
    let docs: Vec<(String, Vec<u8>)> = (0..16)
        .map(|i| (format!("{i}.pdf"), bytes.clone()))
        .collect();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("16x200k", |b| {
        b.iter(|| black_box(v.verify_batch(black_box(&docs), AT)))
    });
    group.finish();
}

criterion_group!(benches, sizes, typical_per_core, five_signatures, batch);
criterion_main!(benches);
