//! Decodes and measures pictures as `verify` does (no OCR), timing each step: the Rust side
//! of scripts/compare-images.sh.
//!
//! ```text
//! cargo run --release --example image_measure -- FILE [REPEAT]
//! ```

use std::time::Instant;

use sealcheck::image::{self, decode, gray::Gray, measure, phash, qr, similar, Context};
use sealcheck::intake;
use sealcheck::Policy;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: image_measure FILE [REPEAT]");
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let bytes = std::fs::read(&path).expect("readable file");
    let policy = Policy::default();
    let kind = intake::sniff(&bytes).kind;
    let mut best = [f64::MAX; 6];
    for _ in 0..repeat {
        let t0 = Instant::now();
        let decoded = decode::decode(&bytes, kind, &policy.limits, 1600).expect("decodes");
        let t1 = Instant::now();
        let m = measure::measure(&decoded.working, 60);
        let t2 = Instant::now();
        let h = phash::phash(&decoded.working);
        let thumb = similar::thumbnail(&decoded.working);
        let t3 = Instant::now();
        let codes = qr::read(&decoded.working);
        let t4 = Instant::now();
        let whole = image::analyze(&bytes, kind, &policy, &Context::default());
        let t5 = Instant::now();
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        for (slot, v) in best.iter_mut().zip([
            ms(t0, t1),
            ms(t1, t2),
            ms(t2, t3),
            ms(t3, t4),
            ms(t4, t5),
            ms(t0, t2),
        ]) {
            *slot = slot.min(v);
        }
        std::hint::black_box((m, h, thumb, codes, whole.report));
    }
    let d = decode::decode(&bytes, kind, &policy.limits, 1600).expect("decodes");
    let Gray { width, height, .. } = d.working;
    println!(
        "{path}: {}x{} -> {width}x{height}; best of {repeat}: decode+shrink {:.1} ms, measure {:.1} ms, phash+thumbnail {:.1} ms, qr {:.1} ms; decode+measure {:.1} ms; whole analysis {:.1} ms",
        d.width, d.height, best[0], best[1], best[2], best[3], best[5], best[4]
    );
}
