//! Image path speed: a 12-megapixel JPEG (4000 × 3000, like a phone photo) decoded and
//! measured, its steps apart, and the fixture ID card through the whole analysis. The big JPEG
//! is encoded on first use into target/bench-fixtures with the `image` crate's encoder.
//!
//! `cargo bench --bench image`

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use sealcheck::image::{self, decode, measure, Context};
use sealcheck::{DocumentKind, Policy};

fn photo_12mp() -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-fixtures");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join("photo-12mp.jpg");
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    let (w, h) = (4000u32, 3000u32);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    let mut noise = 0x2545_f491_u32;
    for y in 0..h {
        for x in 0..w {
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            // Paper with lines of "text" (dark bars) and sensor noise.
            let ink = (y % 110) < 40 && (x / 24) % 3 != 0 && x > 200 && x < 3800;
            let base: i32 = if ink { 40 } else { 225 };
            let v = (base + (noise % 17) as i32 - 8).clamp(0, 255) as u8;
            rgb.extend_from_slice(&[v, v.saturating_sub(4), v.saturating_sub(10)]);
        }
    }
    let mut out = Vec::new();
    image::encode_jpeg_for_benches(&mut out, &rgb, w, h);
    std::fs::write(&path, &out).expect("fixture written");
    out
}

fn bench(c: &mut Criterion) {
    let photo = photo_12mp();
    let policy = Policy::default();
    let mut g = c.benchmark_group("image");
    g.sample_size(20);
    g.bench_function("12mp_jpeg/decode_and_shrink", |b| {
        b.iter(|| decode::decode(black_box(&photo), DocumentKind::Jpeg, &policy.limits, 1600))
    });
    let working = decode::decode(&photo, DocumentKind::Jpeg, &policy.limits, 1600)
        .expect("decodes")
        .working;
    g.bench_function("12mp_jpeg/measure", |b| {
        b.iter(|| measure::measure(black_box(&working), 60))
    });
    g.bench_function("12mp_jpeg/decode_and_measure", |b| {
        b.iter(|| {
            let d = decode::decode(black_box(&photo), DocumentKind::Jpeg, &policy.limits, 1600)
                .expect("decodes");
            measure::measure(&d.working, 60)
        })
    });
    g.bench_function("12mp_jpeg/whole_analysis_no_ocr", |b| {
        b.iter(|| {
            image::analyze(
                black_box(&photo),
                DocumentKind::Jpeg,
                &policy,
                &Context::default(),
            )
        })
    });
    let card = std::fs::read("testdata/images/id-zhangsan.jpg").expect("fixture");
    g.bench_function("id_card_jpeg/whole_analysis_no_ocr", |b| {
        b.iter(|| {
            image::analyze(
                black_box(&card),
                DocumentKind::Jpeg,
                &policy,
                &Context::default(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
