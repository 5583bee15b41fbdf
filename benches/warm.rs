//! The warm verifier of `sealcheck serve`: one thread, the typical 200 KB document, with and
//! without the verification cache (`Verifier::with_cache`), and the 20 KB file of the load
//! test. Fixtures as in benches/verify.rs (generated into target/bench-fixtures with openssl).
//!
//! `cargo bench --bench warm`

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

criterion_group!(benches, per_core);
criterion_main!(benches);
