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
use crate::{Limits, Policy, TrustStore, Verifier};

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
        let _ = signatures::check_byte_range(&file, sig);
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
/// searches that run over its text.
pub fn pdf_text(data: &[u8]) {
    let text = crate::pdf_text::extract_primary(data, &Limits::default());
    for id in crate::license::elicense::find_in(&text.text, 8) {
        let _ = crate::license::elicense::check(&id);
    }
    let _ = crate::license::normalize(&text.text);
}

/// The image header reader: declared size and resolution of JPEG, PNG and TIFF scans.
pub fn image(data: &[u8]) {
    let info = crate::image_density::inspect(data);
    let _ = info.min_dpi();
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
