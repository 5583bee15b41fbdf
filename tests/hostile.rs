//! Hostile input: every file here is built by the test itself, and every one must give a
//! report (no panic), name the limit or structure problem it ran into, and finish in bounded
//! time.

mod hostile_support;

use std::time::Duration;

use hostile_support::{within, zip, zlib, PdfWriter, Rng};
use sealcheck::policy::limit_codes;
use sealcheck::report::DocumentReport;
use sealcheck::{DocumentKind, Indication, Limits, Policy, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);
/// Generous for a debug build on a loaded machine; a hang or quadratic blow-up takes far longer.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn verifier(limits: Limits) -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .add_pem_or_der(include_bytes!("../testdata/pki/generated/root.pem"))
        .unwrap();
    Verifier::new(
        trust,
        Policy {
            limits,
            ..Policy::default()
        },
    )
}

/// Verifies `bytes` on another thread under the time limit.
fn verify_with(limits: Limits, bytes: Vec<u8>, what: &str) -> DocumentReport {
    let v = verifier(limits);
    let (report, took) = within(TIME_LIMIT, what, move || v.verify(&bytes, AT));
    eprintln!("{what}: verified in {took:?}");
    report
}

fn verify(bytes: Vec<u8>, what: &str) -> DocumentReport {
    verify_with(Limits::default(), bytes, what)
}

/// Every finding code of the document and its signatures.
fn codes(report: &DocumentReport) -> Vec<String> {
    let mut out: Vec<String> = report.findings.iter().map(|f| f.code.clone()).collect();
    for sig in &report.signatures {
        out.extend(sig.findings.iter().map(|f| f.code.clone()));
    }
    out
}

fn assert_code(report: &DocumentReport, code: &str) {
    let all = codes(report);
    assert!(
        all.iter().any(|c| c == code),
        "expected {code} among {all:?}"
    );
}

/// A catalog with one signature field whose value is object 4 (a signature dictionary with a
/// plausible but unsigned /ByteRange).
fn signed_looking_pdf(catalog_extra: &str) -> PdfWriter {
    let mut w = PdfWriter::new();
    w.object(
        1,
        &format!("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> {catalog_extra} >>"),
    )
    .object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
    .object(3, "<< /FT /Sig /T (Signature1) /V 4 0 R >>")
    .object(
        4,
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <3082> >>",
    );
    w
}

#[test]
fn deflate_bomb_in_object_stream_is_cut_at_the_stream_limit() {
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    // The catalog lives in an object stream that inflates to 8 MiB (1000:1).
    let mut payload = b"1 0 << /Type /Catalog >>".to_vec();
    payload.resize(8 << 20, b' ');
    let mut w = PdfWriter::new();
    let ten_at = w.offset() as u32;
    w.stream(
        10,
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &zlib(&payload),
    );
    // Cross-reference stream (W [1 3 1]): 0 free, 1 = entry 0 of object stream 10, 10 in use.
    let xref_at = w.offset();
    let off = ten_at.to_be_bytes();
    let rows = [
        0u8, 0, 0, 0, 0, 2, 0, 0, 10, 0, 1, off[1], off[2], off[3], 0,
    ];
    w.stream(
        11,
        "/Type /XRef /Size 11 /Index [0 2 10 1] /W [1 3 1] /Root 1 0 R",
        &rows,
    );
    w.raw(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
    let report = verify_with(limits, w.finish(), "deflate bomb");
    assert_eq!(report.kind, DocumentKind::Pdf);
    assert_code(&report, limit_codes::STREAM_SIZE);
    assert!(report.signatures.is_empty());
}

#[test]
fn many_streams_stop_at_the_total_decompression_limit() {
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        max_total_decompressed: 2 << 20,
        ..Limits::default()
    };
    let chunk = zlib(&vec![b'A'; 900 << 10]);
    let refs: Vec<String> = (20..26).map(|n| format!("{n} 0 R")).collect();
    let mut w = signed_looking_pdf(&format!("/DSS << /Certs [{}] >>", refs.join(" ")));
    for n in 20..26 {
        w.stream(n, "/Filter /FlateDecode", &chunk);
    }
    w.xref_section("/Root 1 0 R");
    let report = verify_with(limits, w.finish(), "total decompression");
    assert_code(&report, limit_codes::TOTAL_DECOMPRESSED);
    // The rest of the report is still produced: the signature is there and examined.
    assert_eq!(report.signatures.len(), 1);
    assert_ne!(report.signatures[0].indication, Indication::TotalPassed);
}

#[test]
fn zip_bomb_ofd_gives_a_report() {
    // Entries inflating 8 MiB from about 8 KiB each (ratio ≈ 1000, limit 200).
    let ofd_xml = br#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#;
    let bomb = vec![0u8; 8 << 20];
    let bytes = zip(&[
        ("OFD.xml", &ofd_xml[..]),
        ("Doc_0/Document.xml", &bomb),
        ("Doc_0/Signs/Signatures.xml", &bomb),
    ]);
    assert!(bytes.len() < 200_000);
    let report = verify(bytes, "zip bomb");
    assert_eq!(report.kind, DocumentKind::Ofd);
    assert!(!report.findings.is_empty() || !report.signatures.is_empty());
    let all = codes(&report);
    let zip_limit = all.iter().any(|c| {
        [
            limit_codes::ZIP_RATIO,
            limit_codes::ZIP_INFLATED,
            limit_codes::ZIP_ENTRIES,
        ]
        .contains(&c.as_str())
    });
    let ofd_verified = !all.iter().any(|c| c == "KIND_NOT_VERIFIED");
    // Once OFD verification is in the build, the bomb must be named as such.
    assert!(
        !ofd_verified || zip_limit,
        "no zip limit finding in {all:?}"
    );
}

#[test]
fn prev_pointing_to_itself() {
    let mut w = signed_looking_pdf("");
    let at = w.offset();
    w.xref_section_with_prev(Some(&at.to_string()), "/Root 1 0 R");
    let report = verify(w.finish(), "self /Prev");
    assert_code(&report, "XREF_PREV_CYCLE");
    assert_eq!(report.signatures.len(), 1);
}

#[test]
fn prev_cycle_between_two_sections() {
    let mut w = signed_looking_pdf("");
    let first = w.xref_section_with_prev(Some("0000000000"), "/Root 1 0 R");
    w.object(5, "<< /Update 1 >>");
    let second = w.xref_section_with_prev(Some(&first.to_string()), "/Root 1 0 R");
    let mut bytes = w.finish();
    // Patch the first section's /Prev (fixed width) to point at the second.
    let trailer = first + support_find(&bytes[first..], b"/Prev 0000000000").unwrap() + 6;
    bytes[trailer..trailer + 10].copy_from_slice(format!("{second:010}").as_bytes());
    let report = verify(bytes, "/Prev cycle");
    assert_code(&report, "XREF_PREV_CYCLE");
    assert_eq!(report.signatures.len(), 1);
}

fn support_find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

#[test]
fn reference_loops_terminate() {
    // Field tree that loops (/Kids back to the parent), an object that is a reference to
    // itself, and a stream whose /Length is a reference to the stream itself.
    let mut w = PdfWriter::new();
    w.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R 6 0 R 7 0 R] >> /DSS << /Certs [7 0 R 8 0 R] >> >>",
    )
    .object(2, "<< /Type /Pages /Kids [2 0 R] /Count 1 >>")
    .object(3, "<< /FT /Sig /T (a) /Kids [5 0 R] >>")
    .object(5, "<< /T (b) /Parent 3 0 R /Kids [3 0 R 5 0 R] /V 4 0 R >>")
    .object(6, "6 0 R")
    .object(
        4,
        "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> /Reference [4 0 R] >>",
    );
    w.object_bytes(7, b"<< /Length 7 0 R >>\nstream\nabc\nendstream");
    w.object_bytes(8, b"<< /Length 9 0 R >>\nstream\nabc\nendstream");
    w.object(9, "8 0 R");
    w.xref_section("/Root 1 0 R");
    let report = verify(w.finish(), "reference loops");
    assert_eq!(report.kind, DocumentKind::Pdf);
    assert_eq!(report.signatures.len(), 1, "{report:#?}");
    assert_eq!(report.signatures[0].field.as_deref(), Some("a.b"));
    assert_ne!(report.signatures[0].indication, Indication::TotalPassed);
}

#[test]
fn hundred_thousand_deep_arrays_hit_the_depth_limit() {
    for (open, close) in [("[", "]"), ("<< /A ", " >>")] {
        let deep = format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        let mut w = PdfWriter::new();
        w.object(
            1,
            &format!("<< /Type /Catalog /AcroForm << /Fields [3 0 R] >> /Deep {deep} >>"),
        )
        .object(3, &format!("<< /FT /Sig /V {deep} >>"));
        w.xref_section("/Root 1 0 R");
        let report = verify(w.finish(), "deep nesting");
        assert_code(&report, limit_codes::DEPTH);
        assert!(report.signatures.is_empty());
    }
}

#[test]
fn deep_field_tree_hits_the_depth_limit() {
    let mut w = PdfWriter::new();
    w.object(1, "<< /Type /Catalog /AcroForm << /Fields [100 0 R] >> >>");
    for n in 100..300u32 {
        w.object(n, &format!("<< /T (f{n}) /Kids [{} 0 R] >>", n + 1));
    }
    w.xref_section("/Root 1 0 R");
    let report = verify(w.finish(), "deep field tree");
    assert_code(&report, limit_codes::DEPTH);
}

#[test]
fn huge_declared_lengths_and_counts() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("stream length", {
            let mut w = signed_looking_pdf("/DSS << /Certs [20 0 R] >>");
            w.object_bytes(
                20,
                b"<< /Length 99999999999999999 >>\nstream\nabc\nendstream",
            );
            w.xref_section("/Root 1 0 R");
            w.finish()
        }),
        ("negative stream length", {
            let mut w = signed_looking_pdf("/DSS << /Certs [20 0 R] >>");
            w.object_bytes(20, b"<< /Length -5 >>\nstream\nabc\nendstream");
            w.xref_section("/Root 1 0 R");
            w.finish()
        }),
        ("xref subsection count", {
            let mut w = signed_looking_pdf("");
            let at = w.offset();
            w.raw(b"xref\n0 4294967295\n0000000000 65535 f \n");
            w.raw(format!("trailer\n<< /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n").as_bytes());
            w.finish()
        }),
        ("byte range values", {
            let mut w = PdfWriter::new();
            w.object(1, "<< /Type /Catalog /AcroForm << /Fields [3 0 R] >> >>")
                .object(3, "<< /FT /Sig /V 4 0 R >>")
                .object(
                    4,
                    "<< /ByteRange [0 9223372036854775807 9223372036854775807 9223372036854775807] /Contents <00> >>",
                );
            w.xref_section("/Root 1 0 R");
            w.finish()
        }),
        ("object stream counts", {
            let mut w = PdfWriter::new();
            w.stream(
                10,
                "/Type /ObjStm /N 2147483647 /First 99999999999",
                b"1 0 2 5 3 9",
            );
            let at = w.offset();
            let mut rows = vec![0u8, 0, 0, 0, 0];
            rows.extend_from_slice(&[2, 0, 0, 10, 0xff]);
            w.stream(
                11,
                "/Type /XRef /Size 2 /W [1 3 1] /Index [0 2 18446744073709551615 1] /Root 1 0 R",
                &rows,
            );
            w.raw(format!("startxref\n{at}\n%%EOF\n").as_bytes());
            w.finish()
        }),
        ("startxref beyond the file", {
            let mut w = signed_looking_pdf("");
            w.raw(b"startxref\n99999999999999999999\n%%EOF\n");
            w.finish()
        }),
    ];
    for (what, bytes) in cases {
        let report = verify(bytes, what);
        assert_eq!(report.kind, DocumentKind::Pdf, "{what}");
        for sig in &report.signatures {
            assert_ne!(sig.indication, Indication::TotalPassed, "{what}");
        }
        if what == "byte range values" {
            let sig = report.signatures.first().expect("signature found");
            assert_eq!(
                sig.sub_indication,
                Some(sealcheck::SubIndication::FormatFailure),
                "{what}"
            );
        }
    }
}

/// Offsets just after every structural keyword of a PDF, and one byte either side.
fn structural_boundaries(bytes: &[u8]) -> Vec<usize> {
    let keywords: [&[u8]; 10] = [
        b" obj",
        b"endobj",
        b"stream",
        b"endstream",
        b"xref",
        b"trailer",
        b"startxref",
        b"%%EOF",
        b"/ByteRange",
        b"/Contents",
    ];
    let mut cuts = Vec::new();
    for kw in keywords {
        let mut from = 0;
        while let Some(found) = support_find(&bytes[from..], kw) {
            let at = from + found;
            for cut in [at.saturating_sub(1), at, at + kw.len() / 2, at + kw.len()] {
                cuts.push(cut.min(bytes.len() - 1));
            }
            from = at + kw.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_at_every_structural_boundary() {
    for name in ["rsa2048-pades-20k.pdf", "two-signatures-200k.pdf"] {
        let full = std::fs::read(format!("testdata/pdf/{name}")).unwrap();
        let cuts = structural_boundaries(&full);
        assert!(cuts.len() > 50, "{name}: {} cuts", cuts.len());
        let v = verifier(Limits::default());
        let full2 = full.clone();
        let (results, _) = within(TIME_LIMIT * 4, "truncations", move || {
            cuts.iter()
                .map(|&cut| (cut, v.verify(&full2[..cut], AT)))
                .collect::<Vec<_>>()
        });
        for (cut, report) in results {
            assert_eq!(report.size as usize, cut);
            // A signature over bytes that are no longer all there cannot pass; one whose
            // signed bytes end exactly at the cut (an earlier revision, whole) may.
            for sig in &report.signatures {
                if sig.indication == Indication::TotalPassed {
                    let end = sig
                        .byte_range
                        .as_ref()
                        .and_then(|r| Some(r.get(2)? + r.get(3)?));
                    // Cutting only the end-of-line after the final %%EOF leaves every revision
                    // whole: earlier signatures may still pass then.
                    let only_final_eol_cut = full[..cut].ends_with(b"%%EOF")
                        && full[cut..].iter().all(|b| matches!(b, b'\r' | b'\n'));
                    assert!(
                        end == Some(cut as i64) || only_final_eol_cut,
                        "{name} cut at {cut} passed (signed up to {end:?})"
                    );
                }
            }
        }
        // The whole file does verify: the test above is not passing for want of a verifier.
        let report = verifier(Limits::default()).verify(&full, AT);
        assert_eq!(
            report.signatures.last().map(|s| s.indication),
            Some(Indication::TotalPassed),
            "{name}"
        );
    }
}

#[test]
fn pdf_that_is_also_a_zip() {
    let mut w = signed_looking_pdf("");
    w.xref_section("/Root 1 0 R");
    let mut bytes = w.finish();
    bytes.extend_from_slice(&zip(&[("payload.txt", b"hello")]));
    let report = verify(bytes, "pdf+zip");
    assert_eq!(report.kind, DocumentKind::Pdf);
    assert_code(&report, "POLYGLOT_FILE");
    assert_eq!(report.signatures.len(), 1);

    // And a zip carrying a PDF header in its first kilobyte.
    let mut w = signed_looking_pdf("");
    w.xref_section("/Root 1 0 R");
    let bytes = zip(&[("a.pdf", &w.finish())]);
    let mut stored = bytes.clone();
    stored.splice(30..30, b"%PDF-1.7".iter().copied());
    let report = verify(stored, "zip+pdf");
    assert!(!report.findings.is_empty());
}

#[test]
fn random_bytes_and_mutated_pdfs() {
    let mut rng = Rng::new(0x5ea1_c0de);
    let base = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap();
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for i in 0..100 {
        let n = rng.below(64 << (i % 8));
        let mut bytes = rng.bytes(n);
        if i % 3 == 0 {
            let mut with_header = b"%PDF-1.7\n".to_vec();
            with_header.append(&mut bytes);
            bytes = with_header;
        }
        inputs.push(bytes);
    }
    for _ in 0..100 {
        let mut bytes = base.clone();
        for _ in 0..1 + rng.below(16) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = rng.next_u64() as u8,
                1 => {
                    bytes.truncate(at.max(1));
                }
                _ => {
                    let len = rng.below(64);
                    let junk = rng.bytes(len);
                    bytes.splice(at..at, junk);
                }
            }
        }
        inputs.push(bytes);
    }
    let v = verifier(Limits::default());
    let (reports, _) = within(TIME_LIMIT * 4, "random inputs", move || {
        inputs
            .iter()
            .map(|b| (b.len(), v.verify(b, AT)))
            .collect::<Vec<_>>()
    });
    assert_eq!(reports.len(), 200);
    for (len, report) in reports {
        assert_eq!(report.size as usize, len);
        assert_eq!(report.sha256.len(), 64);
        assert!(serde_json::to_string(&report).is_ok());
    }
}

#[test]
fn objects_overlapping_one_huge_token_hit_the_parse_work_limit() {
    // 20,000 fields, each its own object number, and every one of them starts at the same
    // offset: a hex string of 1 MiB that never closes properly. Each lookup would read it all
    // again (20 GB in all).
    let limits = Limits {
        parse_work_per_byte: 1,
        ..Limits::default()
    };
    let fields: Vec<String> = (100..20_100).map(|n| format!("{n} 0 R")).collect();
    let mut w = PdfWriter::new();
    w.object(
        1,
        &format!(
            "<< /Type /Catalog /AcroForm << /Fields [{}] >> >>",
            fields.join(" ")
        ),
    );
    let token_at = w.offset();
    w.raw(b"100 0 obj <");
    w.raw(&vec![b'0'; 1 << 20]);
    let xref_at = w.offset();
    w.raw(b"\nxref\n0 2\n0000000000 65535 f \n");
    let one = support_find(&w.buf, b"1 0 obj").unwrap();
    w.raw(format!("{one:010} 00000 n \n100 20000\n").as_bytes());
    for _ in 100..20_100 {
        w.raw(format!("{token_at:010} 00000 n \n").as_bytes());
    }
    w.raw(
        format!(
            "trailer\n<< /Size 20100 /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
            xref_at + 1
        )
        .as_bytes(),
    );
    let report = verify_with(limits, w.finish(), "parse work");
    assert_code(&report, limit_codes::PARSE_WORK);
}

#[test]
fn revision_object_and_signature_counts_are_limited() {
    let limits = Limits {
        max_revisions: 4,
        max_objects: 50,
        max_signatures: 2,
        ..Limits::default()
    };
    // Five signature fields, ten revisions, and one table with 100 entries.
    let fields: Vec<String> = (10..15).map(|n| format!("{n} 0 R")).collect();
    let mut w = PdfWriter::new();
    w.object(
        1,
        &format!(
            "<< /Type /Catalog /AcroForm << /Fields [{}] >> >>",
            fields.join(" ")
        ),
    );
    for n in 10..15u32 {
        w.object(n, &format!("<< /FT /Sig /T (s{n}) /V {} 0 R >>", n + 10));
        w.object(
            n + 10,
            "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>",
        );
    }
    w.xref_section("/Root 1 0 R");
    for r in 0..10u32 {
        w.object(200 + r, "<< >>");
        w.xref_section("/Root 1 0 R");
    }
    let bytes = w.finish();
    // Only the newest four revisions are read: the catalog (revision 0) is out of reach, but
    // the signature dictionaries are still found by their bytes and reported, never dropped
    // (as many as the signature limit allows).
    let report = verify_with(limits.clone(), bytes.clone(), "revisions");
    assert_code(&report, limit_codes::REVISIONS);
    assert_code(&report, limit_codes::SIGNATURES);
    assert_eq!(report.signatures.len(), 2);
    assert!(report
        .signatures
        .iter()
        .all(|s| s.indication != sealcheck::Indication::TotalPassed));
    let report = verify_with(
        Limits {
            max_revisions: 64,
            ..limits.clone()
        },
        bytes,
        "signatures",
    );
    assert_code(&report, limit_codes::SIGNATURES);
    assert_eq!(report.signatures.len(), 2);
    // The examined ones say that others were left out.
    assert!(report.signatures.iter().all(|s| s
        .checks
        .iter()
        .any(|c| c.evidence.as_deref() == Some(limit_codes::SIGNATURES))));

    let mut w = signed_looking_pdf("");
    let at = w.offset();
    w.raw(b"xref\n0 100\n");
    for _ in 0..100 {
        w.raw(b"0000000000 65535 f \n");
    }
    w.raw(format!("trailer\n<< /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n").as_bytes());
    let report = verify_with(limits, w.finish(), "objects");
    assert_code(&report, limit_codes::OBJECTS);
}

#[test]
fn file_size_limit_is_reported_without_parsing() {
    let limits = Limits {
        max_file_size: 1000,
        ..Limits::default()
    };
    let mut w = signed_looking_pdf("");
    w.raw(&vec![b' '; 2000]);
    w.xref_section("/Root 1 0 R");
    let report = verify_with(limits, w.finish(), "file size");
    assert_code(&report, limit_codes::FILE_SIZE);
    assert!(report.signatures.is_empty());
}

#[test]
fn every_limit_code_is_distinct() {
    let mut all = limit_codes::ALL.to_vec();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), limit_codes::ALL.len());
    assert!(all.iter().all(|c| c.starts_with("LIMIT_")));
}

/// The certificate, CRL, OCSP, image-header and text-layer fuzz entry points, run the way
/// `cargo fuzz` would but deterministically: on their seeds, every prefix of each seed, and byte flips. A
/// crash the fuzzer finds reproduces here through the same functions.
#[test]
fn pki_image_and_text_fuzz_entries_survive_truncation_and_flips() {
    const ISSUERS: [&[u8]; 2] = [
        include_bytes!("../testdata/pki/generated/root.pem"),
        include_bytes!("../testdata/pki/generated/intermediate.pem"),
    ];
    let mut seeds: Vec<(&str, Vec<u8>)> = Vec::new();
    for dir in [
        "testdata/pki",
        "testdata/pki/chain",
        "testdata/pki/generated/crl",
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let der = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("der" | "crl")
            ) || dir.ends_with("crl");
            if path.is_file() && der {
                seeds.push(("pki", std::fs::read(&path).unwrap()));
            }
        }
    }
    for entry in std::fs::read_dir("fuzz/seeds/image").unwrap() {
        seeds.push(("image", std::fs::read(entry.unwrap().path()).unwrap()));
    }
    for dir in ["testdata/review", "fuzz/seeds/pdf_text"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            // The fuzz seeds repeat some testdata files: each is replayed once.
            if path.extension().is_some_and(|e| e == "pdf")
                && !seeds.iter().any(|(t, b)| *t == "pdf_text" && *b == bytes)
            {
                seeds.push(("pdf_text", bytes));
            }
        }
    }
    assert!(seeds.iter().filter(|(t, _)| *t == "pki").count() > 20);
    assert!(seeds.iter().filter(|(t, _)| *t == "pdf_text").count() >= 7);
    assert!(seeds.iter().filter(|(t, _)| *t == "image").count() >= 3);

    let run = |target: &str, data: &[u8]| match target {
        "pki" => sealcheck::fuzzing::pki(data, &ISSUERS),
        "pdf_text" => sealcheck::fuzzing::pdf_text(data),
        _ => sealcheck::fuzzing::image(data),
    };
    let mut rng = Rng::new(0x5ea1_c4ec);
    let (_, took) = within(TIME_LIMIT, "pki/image/text fuzz entries", move || {
        for (target, seed) in &seeds {
            run(target, seed);
            let step = (seed.len() / 64).max(1);
            for end in (0..seed.len()).step_by(step) {
                run(target, &seed[..end]);
            }
            for _ in 0..32 {
                let mut flipped = seed.clone();
                for _ in 0..=rng.below(4) {
                    let at = rng.below(flipped.len());
                    flipped[at] ^= 1 << rng.below(8);
                }
                run(target, &flipped);
            }
        }
    });
    eprintln!("pki/image/text fuzz entries: {took:?}");
}
