//! Entry points for the fuzz targets in `fuzz/` (one call each, so that a target stays three
//! lines and a crash reproduces with `cargo test` through the same function).
//!
//! Each entry drives one parser over arbitrary bytes and touches everything it produces, so
//! that lazily parsed parts are exercised too. None of them may panic, hang or allocate without
//! bound, whatever the input: that is what the fuzzers check.

use time::OffsetDateTime;

use crate::pdf::file::{PdfFile, XrefEntry};
use crate::pdf::object::{ObjRef, Object};
use crate::pdf::parser::Parser;
use crate::pdf::signatures;
use crate::pki::TrustStore;
use crate::policy::{Limits, Policy};
use crate::verifier::Verifier;

/// The validation time every fuzzed verification uses (deterministic runs).
pub const FUZZ_TIME: OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

/// `PdfFile::parse`, then every object of every revision, decoded streams, signature discovery
/// and ByteRange checks.
pub fn pdf_file(data: &[u8]) {
    let header = crate::intake::sniff(data).pdf_header_offset.unwrap_or(0);
    let limits = Limits::default();
    let file = PdfFile::parse(data, header, &limits);
    for (rev, revision) in file.revisions.iter().enumerate() {
        for (&num, entry) in &revision.entries {
            if matches!(entry, XrefEntry::Free) {
                continue;
            }
            if let Some(Object::Stream(s)) = file.get(rev, ObjRef { num, gen: 0 }) {
                let _ = file.decode_stream(&s.dict, s.data.clone());
            }
        }
        let _ = file.catalog(rev);
    }
    let found = signatures::discover(&file, limits.max_signatures);
    for sig in &found {
        let _ = signatures::check_byte_range(&file, sig, &crate::policy::Policy::default());
    }
    let _ = signatures::unreachable(&file, &found);
    let _ = file.all_findings();
}

/// The object parser on raw bytes: direct objects one after another, then as an indirect
/// object (stream bodies included).
pub fn pdf_object(data: &[u8]) {
    let mut p = Parser::new(data, 0, Limits::default().max_depth);
    for _ in 0..1024 {
        let before = p.pos();
        if p.object(0).is_err() || p.pos() <= before {
            break;
        }
    }
    let _ = Parser::new(data, 0, Limits::default().max_depth).indirect_object(&mut |_| None);
    let _ = Parser::new(data, 0, 4).indirect_object(&mut |r| Some(i64::from(r.num)));
}

/// The whole pipeline, with the default policy and `root_pem` as the only trust anchor.
pub fn verify(data: &[u8], root_pem: &[u8]) {
    let mut trust = TrustStore::new();
    let _ = trust.add_pem_or_der(root_pem);
    let verifier = Verifier::new(trust, Policy::default());
    let report = verifier.verify(data, FUZZ_TIME);
    let _ = serde_json::to_vec(&report);
}

/// Type sniffing.
pub fn intake(data: &[u8]) {
    let _ = crate::intake::sniff(data);
}

/// The certificate, CRL and OCSP readers on arbitrary DER. Whatever parses is used against the
/// certificates in `issuers` (PEM or DER) as its issuer: name matching, CRL lookups, OCSP answers and
/// signature checks, as revocation checking would use it.
pub fn pki(data: &[u8], issuers: &[&[u8]]) {
    use crate::pki::cert::{cert_summary, CertInfo};
    use crate::pki::crl::Crl;
    use crate::pki::ocsp::OcspResponse;

    let policy = Policy::default();
    let mut store = TrustStore::new();
    for issuer in issuers {
        let _ = store.add_pem_or_der(issuer);
    }
    let issuers: Vec<CertInfo<'_>> = store.anchors().filter_map(CertInfo::parse).collect();
    let _ = cert_summary(data);
    if let Some(cert) = CertInfo::parse(data) {
        let _ = (cert.label(), cert.summary(), cert.is_self_issued());
        let _ = cert.public_key_bits();
    }
    if let Some(crl) = Crl::parse(data) {
        let _ = (
            crl.scope.unusable(),
            crl.scope.incomplete(),
            crl.scope.covers(true),
        );
        for issuer in &issuers {
            let _ = crl.is_issued_by_name(issuer);
            let _ = crl.verify_issued_by(issuer, &policy);
            let _ = crl.lookup(issuer);
        }
    }
    if let Ok(response) = OcspResponse::parse(data, 16) {
        for cert in &issuers {
            for issuer in &issuers {
                let _ = response.answer_for(cert, issuer, &policy);
            }
        }
    }
}

/// The text layer reader the pre-review uses on uploads (lopdf, bounded), then the identifier
/// searches that run over its text. The reader runs twice: with the default limits, and with
/// budgets small enough that the seeds (a form that draws itself, a tree of forms) hit the
/// stream-size, form-depth and operation limits, so those paths are fuzzed too.
pub fn pdf_text(data: &[u8]) {
    let tight = Limits {
        max_stream_bytes: 16 * 1024,
        max_total_decompressed: 64 * 1024,
        max_depth: 3,
        ..Limits::default()
    };
    let _ = crate::pdf_text::extract_primary(data, &tight);
    // The content-stream reader on the raw bytes too (inside a PDF it only sees inflated
    // streams the fuzzer rarely reaches).
    let mut ops = crate::pdf_text::ops::Ops::new(data);
    let mut count = 0usize;
    while ops.next_op().is_some() && count < 100_000 {
        count += 1;
    }
    let text = crate::pdf_text::extract_primary(data, &Limits::default());
    for id in crate::license::elicense::find_in(&text.text, 8) {
        let _ = crate::license::elicense::check(&id);
    }
    let _ = crate::license::normalize(&text.text);
}

/// The image path: the header reader (declared size and density), then decoding and every
/// measurement (working copy, sharpness, hash, QR, EXIF) under a small pixel limit, or the
/// page images of a scanned PDF. Inputs that are no image are tried as the format their
/// length picks, so every decoder sees mutated data.
pub fn image(data: &[u8]) {
    use crate::report::DocumentKind;
    let info = crate::image::density::inspect(data);
    let _ = info.min_dpi();
    let mut policy = crate::policy::Policy::default();
    policy.limits.max_image_pixels = 4_000_000;
    policy.limits.max_total_decompressed = 64 << 20;
    let sniffed = crate::intake::sniff(data).kind;
    let kind = match sniffed {
        DocumentKind::Pdf => {
            let _ = crate::image::pdf_scan::analyze(data, 0, &policy);
            return;
        }
        DocumentKind::Jpeg
        | DocumentKind::Png
        | DocumentKind::Tiff
        | DocumentKind::Webp
        | DocumentKind::Bmp => sniffed,
        _ => [
            DocumentKind::Jpeg,
            DocumentKind::Png,
            DocumentKind::Tiff,
            DocumentKind::Webp,
            DocumentKind::Bmp,
        ]
        .get(data.len() % 5)
        .copied()
        .unwrap_or(DocumentKind::Jpeg),
    };
    let analysis = crate::image::analyze(data, kind, &policy, &crate::image::Context::default());
    if let Some(report) = analysis.report {
        let _ = crate::image::similar::same_picture(&report, &report, 12);
    }
}

/// The e-licence readers: OFD `CustomData` and PDF information dictionaries (of the signed
/// revision and the latest), coverage and checks, on `data` as OFD and as PDF whatever it
/// sniffs as, with the registry of `issuers_toml` (the example registry in the fuzz target).
pub fn license(data: &[u8], issuers_toml: &str) {
    let mut verifier = Verifier::default();
    if let Ok(registry) = crate::issuers::IssuerRegistry::from_toml_str(issuers_toml) {
        verifier = verifier.with_issuers(registry);
    }
    let mut report = verifier.verify(data, FUZZ_TIME);
    for kind in [
        crate::report::DocumentKind::Ofd,
        crate::report::DocumentKind::Pdf,
    ] {
        report.kind = kind;
        if let Some(license) = crate::license::document::examine(
            data,
            &report,
            &Limits::default(),
            FUZZ_TIME.date(),
            true,
        ) {
            let expect = crate::license::document::Expectation {
                license_type: Some("居民身份证"),
                holders: vec!["44030419900307123X".into()],
                qr_payloads: vec![String::from_utf8_lossy(data).chars().take(256).collect()],
                date: Some(FUZZ_TIME.date()),
            };
            let _ = crate::license::document::expectation_checks(&license, &expect);
            let _ = serde_json::to_vec(&license);
        }
    }
}

/// The issuer registry reader on arbitrary text, and the certificate identity reader (SPKI
/// fingerprint, credit code and ID number in the subject) on arbitrary DER.
pub fn issuers(data: &[u8]) {
    if let Ok(registry) =
        crate::issuers::IssuerRegistry::from_toml_str(&String::from_utf8_lossy(data))
    {
        let _ = registry.by_uscc("11440300MB0000027K");
    }
    let _ = crate::issuers::identity::of_certificate(data);
    let _ = crate::issuers::identity::of_parts(data, data);
    let _ = crate::issuers::identity::candidates(&String::from_utf8_lossy(data));
}

/// `sealcheck records`: the CSV row parser with encoding detection, the row and cross-row
/// checks, and the XLSX path (by the zip signature), under small limits so that one input
/// stays fast. Checks the report's own invariants.
pub fn records(data: &[u8]) {
    use crate::records::{check_bytes, RecordsLimits, RecordsOptions};
    let mut options = RecordsOptions::new(time::macros::date!(2026 - 12 - 01));
    options.limits = RecordsLimits {
        max_row_bytes: 64 * 1024,
        max_columns: 256,
        max_defects_listed: 1_000,
        max_distinct_keys: 10_000,
        max_xlsx_bytes: 1 << 20,
        max_zip_entries: 64,
        max_zip_inflated: 16 << 20,
        max_zip_ratio: 100,
    };
    let report = check_bytes("fuzz", data, &options);
    let listed = report.defects.len() as u64;
    assert!(report.defect_count() >= listed);
    assert!(report
        .defects
        .iter()
        .all(|d| d.row >= 1 && d.row <= report.rows));
    assert!(report.complete || !report.findings.is_empty());
}

/// Evidence: text lines to facts (every fact's value in its normalised form, the cap held),
/// one OFD page's text codes to lines, a whole OFD package's text, and the identifier
/// classifiers. The first byte picks the path so that each gets inputs of its own shape.
pub fn evidence(data: &[u8]) {
    use crate::evidence::{ofd_text, Evidence, FactKind, Origin, SourcedLine};
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match selector % 3 {
        0 => {
            let lines: Vec<SourcedLine> = text
                .split('\n')
                .enumerate()
                .map(|(i, line)| SourcedLine {
                    text: line.to_string(),
                    origin: Origin::PdfText,
                    page: 1 + (i / 40) as u32,
                    line: 1 + (i % 40) as u32,
                    signed: i % 2 == 0,
                })
                .collect();
            let evidence = Evidence::from_lines_bounded(&lines, 64);
            assert!(evidence.facts.len() <= 64);
            for fact in &evidence.facts {
                match fact.kind {
                    FactKind::ResidentId => {
                        assert!(crate::license::id_number::check(&fact.value).is_ok())
                    }
                    FactKind::CreditCode => {
                        assert!(crate::license::uscc::check(&fact.value).is_ok())
                    }
                    FactKind::Date(_) => assert!(time::Date::parse(
                        &fact.value,
                        time::macros::format_description!("[year]-[month]-[day]")
                    )
                    .is_ok()),
                    _ => assert!(!fact.value.is_empty()),
                }
            }
        }
        1 => {
            let lines = ofd_text::lines_of_page_xml(rest);
            assert!(lines.len() <= ofd_text::MAX_TEXT_CODES);
            let _ = Evidence::from_lines(
                &lines
                    .into_iter()
                    .map(|text| SourcedLine {
                        text,
                        origin: Origin::OfdText,
                        page: 1,
                        line: 1,
                        signed: false,
                    })
                    .collect::<Vec<_>>(),
            );
        }
        _ => {
            let limits = crate::policy::Limits {
                max_zip_entries: 64,
                max_zip_inflated: 4 << 20,
                ..crate::policy::Limits::default()
            };
            let lines = ofd_text::lines(rest, &limits, &|_: &str| false);
            assert!(lines.iter().all(|l| !l.signed));
            let _ = crate::license::id_number::normalize_resident_id(&text);
            let _ = crate::license::uscc::classify(&text);
            let _ = crate::license::id_number::check(&text);
        }
    }
}
