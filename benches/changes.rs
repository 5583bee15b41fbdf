//! Modification analysis cost: the 5-signature DSS file (read from ../shared/corpus when
//! present) and a synthetic file with a growing number of revisions (linear growth).

use criterion::{criterion_group, criterion_main, Criterion};
use sealcheck::pdf::changes::History;
use sealcheck::pdf::file::PdfFile;
use sealcheck::Limits;

#[path = "../tests/support/fixtures.rs"]
mod fixtures;

fn analyse(bytes: &[u8]) -> usize {
    let file = PdfFile::parse(bytes, 0, &Limits::default());
    let history = History::build(&file, 1);
    history.per_revision.iter().map(Vec::len).sum()
}

fn bench(c: &mut Criterion) {
    let five = "../shared/corpus/external/dss/pades-5-signatures-and-1-document-timestamp.pdf";
    if let Ok(bytes) = std::fs::read(five) {
        c.bench_function("changes/pades-5-signatures", |b| b.iter(|| analyse(&bytes)));
        c.bench_function("shadow/pades-5-signatures-first-signed-revision", |b| {
            b.iter(|| {
                let file = PdfFile::parse(&bytes, 0, &Limits::default());
                sealcheck::pdf::shadow::preparations(&file, 1).len()
            })
        });
    }
    let base = std::fs::read("testdata/changes/rsa2048-pades-20k.pdf").expect("base");
    for revisions in [1usize, 4, 16, 64] {
        let mut bytes = base.clone();
        for _ in 0..revisions {
            bytes = fixtures::Base::read(&bytes).benign(fixtures::Benign::InfoUpdate);
        }
        c.bench_function(&format!("changes/{revisions}-updates"), |b| {
            b.iter(|| analyse(&bytes))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
