//! Hostile and dirty input never panics the identifier checks, the scan-resolution reader, the
//! catalog loader, the text extractor or the review itself. Deterministic mutation (a fixed
//! xorshift seed) so a failure reproduces.

use sealcheck::catalog::{builtin, parse_catalog, ApplicantType};
use sealcheck::image::density::{inspect, jfif_header_for_tests};
use sealcheck::license::{elicense, id_number, org_code, uscc};
use sealcheck::report::{DocumentKind, DocumentReport};
use sealcheck::review::{decide, Applicant, Decision, UploadFacts};
use sealcheck::{pdf_text, Limits};
use time::macros::datetime;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: [&str; 24] = [
    "0",
    "1",
    "9",
    "X",
    "x",
    "-",
    " ",
    "：",
    "１",
    "Ｘ",
    "身",
    "号",
    "。",
    "\u{0}",
    "\u{200b}",
    "😀",
    "公民身份号码",
    "统一社会信用代码",
    "组织机构代码",
    "有效期至",
    "2030年2月30日",
    "长期",
    "1.2.156.3005.2.",
    "9131011066600721",
];

fn dirty_string(rng: &mut Rng) -> String {
    (0..rng.below(30))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 if at < out.len() => out[at] = rng.next() as u8,
            1 if at < out.len() => {
                out.remove(at);
            }
            2 => out.insert(at.min(out.len()), rng.next() as u8),
            _ => out.truncate(at),
        }
    }
    out
}

#[test]
fn identifier_checks_take_any_string() {
    let mut rng = Rng(0x5EA1_C4EC);
    for _ in 0..20_000 {
        let s = dirty_string(&mut rng);
        let _ = id_number::check(&s);
        let _ = id_number::check_at(&s, time::macros::date!(2026 - 11 - 26));
        let _ = uscc::check(&s);
        let _ = org_code::check(&s);
        let _ = elicense::check(&s);
        let _ = elicense::find_in(&s, 8);
    }
}

#[test]
fn scan_headers_take_any_bytes() {
    let mut rng = Rng(7);
    let jpeg = jfif_header_for_tests(300, 2480, 3508);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0\0\0\0\0\0\0\0\x09pHYs\0\0\x0e\xc4\0\0\x0e\xc4\x01".to_vec();
    for _ in 0..20_000 {
        let _ = inspect(&mutate(&mut rng, &jpeg));
        let _ = inspect(&mutate(&mut rng, &png));
    }
}

#[test]
fn catalog_loader_takes_any_text() {
    let mut rng = Rng(11);
    let text = builtin::FILES[0].1.as_bytes();
    for _ in 0..300 {
        let mutated = String::from_utf8_lossy(&mutate(&mut rng, text)).into_owned();
        let _ = parse_catalog("mutant.toml", &mutated);
    }
}

#[test]
fn text_extraction_takes_any_pdf() {
    let mut rng = Rng(13);
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/review/unit_registration_form.pdf"
    ))
    .unwrap();
    let limits = Limits::default();
    let mut with_text = 0;
    for _ in 0..200 {
        let out = pdf_text::extract(&mutate(&mut rng, &pdf), &limits);
        if !out.text.is_empty() {
            with_text += 1;
        }
    }
    // Many mutants still read; the point is that none of them panicked the caller.
    assert!(with_text > 0);
}

#[test]
fn review_takes_any_text_layer() {
    let mut rng = Rng(17);
    let catalog = builtin::catalog().unwrap();
    let applicant = Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some("321083197812162119".into()),
    };
    for item in &catalog.items {
        // Items without materials (no_materials) have no keywords to plant.
        if item.materials.is_empty() {
            continue;
        }
        for _ in 0..50 {
            let uploads: Vec<UploadFacts> = (0..rng.below(4))
                .map(|i| {
                    let report = DocumentReport {
                        path: String::new(),
                        kind: [
                            DocumentKind::Pdf,
                            DocumentKind::Ofd,
                            DocumentKind::Jpeg,
                            DocumentKind::Unknown,
                        ][rng.below(4)],
                        size: 1,
                        sha256: String::new(),
                        signatures: Vec::new(),
                        findings: Vec::new(),
                        license: None,
                        image: None,
                        page_images: Vec::new(),
                    };
                    let mut text = dirty_string(&mut rng);
                    // (Items with `no_materials` have no keywords to mix in.)
                    if !item.materials.is_empty() {
                        text.push_str(&item.materials[rng.below(item.materials.len())].keywords[0]);
                    }
                    UploadFacts::from_report(i, "f", report).with_text(&text)
                })
                .collect();
            let review = decide(item, &applicant, uploads, datetime!(2026-11-26 00:00 UTC));
            assert_eq!(review.materials.len(), item.materials.len());
            // The notice and the decision agree: nothing to correct on accept, something on a
            // return.
            match review.decision {
                Decision::Accept => assert!(review.notice.is_empty()),
                Decision::ReturnForCorrection => assert!(!review.notice.is_empty()),
                Decision::ManualReview => {
                    assert!(!review.review_reasons.is_empty() || !review.notice.is_empty())
                }
            }
        }
    }
}
