//! Records-check speed: a generated export of one million persons (plus planted defects),
//! made on first use in target/bench-fixtures, never committed. Goal: ≤ 5 s on one core.
//!
//! `cargo bench --bench records`

#[path = "../tests/records_support/export.rs"]
mod export;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sealcheck::records::{check_path, RecordsOptions};

fn fixture(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-fixtures");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join(format!("records-{rows}.csv"));
    if !path.exists() {
        export::write_large_csv(rows, 7, &path).expect("generate export");
    }
    path
}

fn million_rows(c: &mut Criterion) {
    let options = RecordsOptions::new(time::macros::date!(2026 - 12 - 01));
    let mut group = c.benchmark_group("records");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    for rows in [100_000usize, 1_000_000] {
        let path = fixture(rows);
        let bytes = std::fs::metadata(&path).expect("fixture").len();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format!("check_csv_{rows}"), |b| {
            b.iter(|| {
                let report = check_path(&path, &options, &mut |_| {}).expect("read");
                black_box(report.defect_count())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, million_rows);
criterion_main!(benches);
