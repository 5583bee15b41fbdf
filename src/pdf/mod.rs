//! PDF: revisions, signature dictionaries, ByteRange coverage and what later revisions changed.

pub mod changes;
pub mod file;
pub mod filters;
pub mod object;
pub mod parser;
pub mod shadow;
pub mod signatures;
#[cfg(test)]
pub(crate) mod test_pdf;
pub mod vanished;

use crate::cms::{self, CmsContext};
use crate::evaluate::evaluate;
use crate::facts::byte_range::GapOverlap;
use crate::facts::modification::SignatureOrigin;
use crate::facts::validity::ClaimedTimeFact;
use crate::report::{Coverage, DocumentReport, SignatureKind, SignatureReport};
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};
use crate::verifier::VerifyContext;

use file::PdfFile;
use object::{text_string, Object};
use signatures::FoundSignature;

/// Verifies every signature of a PDF and adds them (and document findings) to `report`.
pub fn verify_pdf(
    bytes: &[u8],
    header_offset: usize,
    ctx: &VerifyContext<'_>,
    report: &mut DocumentReport,
) {
    if header_offset > 0 {
        report.findings.push(Finding::new(
            "PDF_HEADER_NOT_AT_START",
            Severity::Warning,
            Text::new(
                format!("{header_offset} bytes precede the %PDF header"),
                format!("%PDF文件头之前有{header_offset}字节的其他数据"),
            ),
        ));
    }
    // Passes over the whole file and large objects tell the document when they are done
    // with its bytes, so that a memory-mapped upload does not stay resident.
    let done_with = |part: &[u8]| {
        if let Some(document) = ctx.file_prefix {
            document.done_with(part);
        }
    };
    let mut file = PdfFile::parse(bytes, header_offset, &ctx.policy.limits);
    file.report_done_with(&done_with);
    if file.revisions.is_empty() {
        report.findings.extend(file.all_findings());
        return;
    }
    let mut found = signatures::discover(&file, ctx.policy.limits.max_signatures);
    for extra in signatures::discover_widget_only(&file, &found, ctx.policy.limits.max_signatures) {
        report.findings.push(Finding::new(
            "SIGNATURE_FIELD_NOT_IN_ACROFORM",
            Severity::Warning,
            Text::new(
                format!(
                    "signature field {} is on a page but not listed in the form's field tree; some viewers do not show it",
                    extra.fields.join(", ")
                ),
                format!("签名域{}位于页面上但未列入表单域树，部分软件不会显示该签名", extra.fields.join("、")),
            ),
        ));
        found.push(extra);
    }
    // Every signature dictionary in the file is reported, also those no field of the newest
    // revision leads to (removed, hidden, or beyond the revision limit).
    let unreached = signatures::unreachable(&file, &found);
    let (vanished, vanished_findings) = vanished::classify(
        &file,
        &unreached,
        found.len(),
        ctx.policy.limits.max_signatures,
    );
    report.findings.extend(vanished_findings);
    found.extend(vanished);
    let dss = DssMaterial::read(&file);
    let mut intermediates: Vec<&[u8]> = ctx.intermediates.iter().map(Vec::as_slice).collect();
    intermediates.extend(dss.certs.iter().map(Vec::as_slice));
    let mut crls: Vec<&[u8]> = ctx.crls.iter().map(Vec::as_slice).collect();
    crls.extend(dss.crls.iter().map(Vec::as_slice));
    let ocsps: Vec<&[u8]> = dss.ocsps.iter().map(Vec::as_slice).collect();
    let cms_ctx = CmsContext {
        trust: ctx.trust,
        intermediates: &intermediates,
        crls: &crls,
        ocsp_responses: &ocsps,
        policy: ctx.policy,
        validation_time: ctx.validation_time,
        file_prefix: ctx.file_prefix,
    };

    let mut ranges = Vec::new();
    for sig in &found {
        let (entry, range) = verify_one(&file, sig, &cms_ctx);
        ranges.push(range);
        report.signatures.push(entry);
    }
    flag_overlapping_ranges(&ranges, &mut report.signatures, ctx.policy);
    let modification_facts = changes::analyse(
        &file,
        &found,
        &ranges,
        &mut report.signatures,
        &mut report.findings,
        ctx.policy,
    );
    for (sig, facts) in report.signatures.iter_mut().zip(modification_facts) {
        sig.modification_facts = facts;
    }
    incomplete_analysis(&file, &mut report.signatures);
    for sig in &mut report.signatures {
        sig.finish();
    }
    report.findings.extend(file.all_findings());
}

/// A limit that stopped the reading of the file's objects (too many objects, too much parse
/// work) or of its signatures leaves every signature's analysis incomplete: what changed after
/// it, which field shows it, or the signatures left unexamined may lie in what was not read.
/// INDETERMINATE with the limit's code, never passed.
fn incomplete_analysis(file: &PdfFile<'_>, signatures: &mut [SignatureReport]) {
    use crate::policy::limit_codes;
    let Some(code) = [
        limit_codes::OBJECTS,
        limit_codes::PARSE_WORK,
        limit_codes::SIGNATURES,
    ]
    .into_iter()
    .find(|code| file.limit_hit(code)) else {
        return;
    };
    for sig in signatures {
        if sig
            .checks
            .iter()
            .any(|c| c.evidence.as_deref() == Some(code))
        {
            continue;
        }
        sig.checks.push(
            Check::indeterminate(
                CheckId::AnalysisLimit,
                SubIndication::FormatFailure,
                Text::new(
                    format!("a resource limit ({code}) stopped the reading of the file's objects: what changed after this signature cannot be fully known"),
                    format!("资源限制（{code}）使文件对象未能全部读取：无法完全确定此签名之后的修改"),
                ),
            )
            .evidence(code),
        );
    }
}

/// Verifies one signature dictionary: structure, ByteRange, then the CMS inside.
fn verify_one(
    file: &PdfFile<'_>,
    sig: &FoundSignature,
    cms_ctx: &CmsContext<'_>,
) -> (SignatureReport, Option<signatures::ByteRange>) {
    let sub_filter = sig
        .dict
        .name(b"SubFilter")
        .map(|n| String::from_utf8_lossy(n).into_owned());
    let is_timestamp = sig.dict.name(b"Type") == Some(b"DocTimeStamp")
        || sub_filter.as_deref() == Some("ETSI.RFC3161");
    let mut entry = SignatureReport::new(if is_timestamp {
        SignatureKind::Timestamp
    } else {
        SignatureKind::Signature
    });
    entry.field = sig.fields.first().cloned();
    if sig.unreadable {
        let (en, zh) = (
            "the signature field's value is not a readable signature dictionary (malformed object, e.g. a /Contents that is not a hex string)".to_string(),
            "签名域的值不是可读取的签名字典（对象格式错误，例如/Contents不是十六进制串）".to_string(),
        );
        entry.findings.push(Finding::new(
            "SIGNATURE_DICTIONARY_UNREADABLE",
            Severity::Error,
            Text::new(en.clone(), zh.clone()),
        ));
        let evidence = match (sig.object, &sig.object_span) {
            (Some(r), Some(span)) => format!("object {} at offset {}", r.num, span.start),
            _ => "direct object".to_string(),
        };
        entry.checks.push(
            Check::failed(
                CheckId::Contents,
                SubIndication::FormatFailure,
                Text::new(en, zh),
            )
            .evidence(evidence),
        );
        entry.revision = sig
            .object_span
            .as_ref()
            .map_or(0, |s| file.revision_containing(s.start))
            + 1;
        return (entry, None);
    }
    if sig.fields.len() > 1 {
        entry.findings.push(Finding::new(
            "SIGNATURE_IN_SEVERAL_FIELDS",
            Severity::Info,
            Text::new(
                format!(
                    "the same signature is the value of {} fields: {}",
                    sig.fields.len(),
                    sig.fields.join(", ")
                ),
                format!(
                    "同一签名被{}个签名域引用：{}",
                    sig.fields.len(),
                    sig.fields.join("、")
                ),
            ),
        ));
    }
    entry.sub_filter = sub_filter.clone();
    entry.signing_time = sig
        .dict
        .get(b"M")
        .and_then(Object::as_string)
        .and_then(|s| pdf_date(&text_string(&s.bytes)));
    entry.docmdp = docmdp_level(file, sig);

    let range = signatures::check_byte_range(file, sig, cms_ctx.policy);
    entry.byte_range = range.facts.declared.clone();
    entry.coverage = range.facts.coverage;
    entry.covers_whole_document = range.facts.coverage == Coverage::WholeFile;
    // Revisions count from 1 (the file as first written) everywhere: here, in the text output
    // and in every message.
    entry.revision = range
        .facts
        .signed_revision
        .or_else(|| {
            sig.object_span
                .as_ref()
                .map(|s| file.revision_containing(s.start))
        })
        .unwrap_or(0)
        + 1;
    // An indeterminate range (signed bytes in revisions the limit left out) still lets the
    // CMS be checked: a broken signature value is a fact whatever the revisions say.
    let range_ok = range
        .checks
        .iter()
        .all(|c| c.status != crate::verdict::CheckStatus::Failed);
    entry.checks.extend(range.checks);
    entry.findings.extend(range.findings);
    let byte_range = range.facts.byte_range;
    entry.byte_range_facts = Some(range.facts);
    origin_check(sig, &mut entry, cms_ctx.policy);

    let Some(br) = byte_range.filter(|_| range_ok) else {
        return (entry, byte_range);
    };
    let Some(parts) = br.parts(file.bytes) else {
        return (entry, Some(br));
    };
    let Some(Object::String(contents)) = sig.dict.get(b"Contents") else {
        return (entry, Some(br));
    };
    // Chinese e-seals in PDF: /Contents holds a bare SES_Signature instead of CMS (the SubFilter
    // then varies by vendor), and its dataHash covers the ByteRange bytes.
    let seal = crate::seal::verify_pdf_ses(&contents.bytes, &parts, cms_ctx);
    let outcome = match (seal, sub_filter.as_deref()) {
        (Some(seal), _) => {
            entry.kind = SignatureKind::Seal;
            entry.seal = Some(seal.seal);
            entry.seal_facts = Some(seal.facts);
            cms::CmsOutcome {
                checks: seal.checks,
                findings: seal.findings,
                signer: seal.signer,
                signing_time: seal.signing_time,
                timestamp_time: seal.timestamp_time,
                digest_algorithm: seal.digest_algorithm,
                signature_algorithm: seal.signature_algorithm,
                facts: Default::default(),
            }
        }
        (None, Some("ETSI.RFC3161")) => {
            cms::verify_document_timestamp(&contents.bytes, &parts, cms_ctx)
        }
        (None, Some("adbe.pkcs7.detached") | Some("ETSI.CAdES.detached") | None) => {
            cms::verify_detached(&contents.bytes, &parts, cms_ctx)
        }
        (None, Some("adbe.pkcs7.sha1")) => cms::verify_pkcs7_sha1(&contents.bytes, &parts, cms_ctx),
        (None, Some(other)) => {
            entry.checks.push(Check::indeterminate(
                CheckId::SubFilter,
                SubIndication::FormatFailure,
                Text::new(
                    format!("signature format /SubFilter /{other} is not supported"),
                    format!("不支持的签名格式 /SubFilter /{other}"),
                ),
            ));
            return (entry, Some(br));
        }
    };
    entry.checks.extend(outcome.checks);
    entry.findings.extend(outcome.findings);
    entry.signer = outcome.signer;
    if outcome.signing_time.is_some() {
        entry.signing_time = outcome.signing_time;
    }
    entry.timestamp_time = outcome.timestamp_time;
    entry.digest_algorithm = outcome.digest_algorithm;
    entry.signature_algorithm = outcome.signature_algorithm;
    if let Some(check) =
        claimed_time_fact(&entry, sig).and_then(|fact| evaluate(&fact, cms_ctx.policy))
    {
        entry.checks.push(check);
    }
    (entry, Some(br))
}

/// What the way a signature was found adds to its checks (see [`vanished`]), as
/// [`crate::evaluate::modification`] judges it.
fn origin_check(sig: &FoundSignature, entry: &mut SignatureReport, policy: &crate::policy::Policy) {
    if sig.origin == signatures::Origin::Field {
        return;
    }
    let origin = SignatureOrigin {
        origin: sig.origin,
        fields: sig.fields.clone(),
    };
    let judged = evaluate(&origin, policy);
    entry.findings.extend(judged.finding);
    entry.checks.extend(judged.check);
}

/// A claimed signing time (signingTime attribute, else /M) before the signer certificate's
/// notBefore, without a timestamp that proves a time: the signer contradicts its own
/// certificate. TOTAL_FAILED NOT_YET_VALID, as ETSI EN 319 102-1 has it for a signature made
/// before its certificate was issued; skipped when the chain check already said so.
fn claimed_time_fact(entry: &SignatureReport, sig: &FoundSignature) -> Option<ClaimedTimeFact> {
    let signer = entry.signer.as_ref()?;
    let claimed = entry.signing_time.or_else(|| {
        sig.dict
            .get(b"M")
            .and_then(Object::as_string)
            .and_then(|s| pdf_date(&text_string(&s.bytes)))
    })?;
    Some(ClaimedTimeFact {
        claimed,
        signer_not_before: signer.not_before,
        timestamp_proven: entry.timestamp_time.is_some(),
        already_not_yet_valid: entry
            .checks
            .iter()
            .any(|c| c.sub_indication == Some(SubIndication::NotYetValid)),
    })
}

/// Two signatures whose unsigned gaps intersect cannot both be what they claim: the later one
/// (by gap position) fails ([`crate::evaluate::byte_range`]).
fn flag_overlapping_ranges(
    ranges: &[Option<signatures::ByteRange>],
    reports: &mut [SignatureReport],
    policy: &crate::policy::Policy,
) {
    for (i, a) in ranges.iter().enumerate() {
        let Some(a) = a else { continue };
        for (j, b) in ranges.iter().enumerate() {
            let Some(b) = b else { continue };
            if i == j || a.gap() == b.gap() {
                continue;
            }
            let ga = a.gap();
            let gb = b.gap();
            let intersect = ga.start < gb.end && gb.start < ga.end;
            if intersect && ga.start >= gb.start {
                if let Some(report) = reports.get_mut(i) {
                    let overlap = GapOverlap { gap: ga, other: gb };
                    report.checks.push(evaluate(&overlap, policy));
                }
            }
        }
    }
}

/// DocMDP permission (1..=3) when this signature is a certification signature.
fn docmdp_level(file: &PdfFile<'_>, sig: &FoundSignature) -> Option<u8> {
    let last = file.revisions.len().checked_sub(1)?;
    let refs = file.resolve(last, sig.dict.get(b"Reference")?)?;
    let refs = refs.as_array()?.to_vec();
    for r in refs.iter().take(16) {
        let Some(Object::Dict(reference)) = file.resolve(last, r) else {
            continue;
        };
        if reference.name(b"TransformMethod") != Some(b"DocMDP") {
            continue;
        }
        let p = file
            .dict_at(last, &reference, b"TransformParams")
            .and_then(|tp| tp.int(b"P"))
            .unwrap_or(2);
        return Some(u8::try_from(p.clamp(1, 3)).unwrap_or(2));
    }
    None
}

/// Certificates and revocation data stored in the document security store (/DSS, PAdES-LT).
#[derive(Default)]
struct DssMaterial {
    certs: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    ocsps: Vec<Vec<u8>>,
}

impl DssMaterial {
    fn read(file: &PdfFile<'_>) -> Self {
        let mut out = DssMaterial::default();
        let Some(last) = file.revisions.len().checked_sub(1) else {
            return out;
        };
        let Some((_, catalog)) = file.catalog(last) else {
            return out;
        };
        let Some(dss) = file.dict_at(last, &catalog, b"DSS") else {
            return out;
        };
        let max = file.limits().max_cms_certificates.saturating_mul(4);
        for (key, sink) in [
            (&b"Certs"[..], &mut out.certs),
            (&b"CRLs"[..], &mut out.crls),
            (&b"OCSPs"[..], &mut out.ocsps),
        ] {
            let Some(Object::Array(items)) = dss.get(key).and_then(|a| file.resolve(last, a))
            else {
                continue;
            };
            for item in items.iter().take(max) {
                if let Some(Object::Stream(s)) = file.resolve(last, item) {
                    if let Some(data) = file.decode_stream(&s.dict, s.data.clone()) {
                        sink.push(data);
                    }
                }
            }
        }
        out
    }
}

/// Parses a PDF date `D:YYYYMMDDHHmmSSOHH'mm'` (every part after the year optional).
pub fn pdf_date(s: &str) -> Option<time::OffsetDateTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = |from: usize, len: usize, default: u32| -> Option<u32> {
        match s.get(from..from + len) {
            Some(part) if part.bytes().all(|b| b.is_ascii_digit()) => part.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = i32::try_from(digits(0, 4, 0)?).ok()?;
    if s.len() < 4 {
        return None;
    }
    let month = digits(4, 2, 1)?;
    let day = digits(6, 2, 1)?;
    let hour = digits(8, 2, 0)?;
    let minute = digits(10, 2, 0)?;
    let second = digits(12, 2, 0)?;
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let t = time::Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second.min(59)).ok()?,
    )
    .ok()?;
    let tz = s.get(14..).unwrap_or("");
    let offset = match tz.as_bytes().first() {
        Some(sign @ (b'+' | b'-')) => {
            let rest: String = tz.chars().skip(1).filter(char::is_ascii_digit).collect();
            let oh: i8 = rest.get(0..2).and_then(|h| h.parse().ok()).unwrap_or(0);
            let om: i8 = rest.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let (oh, om) = if *sign == b'-' { (-oh, -om) } else { (oh, om) };
            time::UtcOffset::from_hms(oh, om, 0).ok()?
        }
        _ => time::UtcOffset::UTC,
    };
    Some(
        time::PrimitiveDateTime::new(date, t)
            .assume_offset(offset)
            .to_offset(time::UtcOffset::UTC),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF whose signature field holds a bare SES_Signature (as Chinese e-seal
    /// software writes it), sealed over its ByteRange with the test SM2 keys.
    fn pdf_with_ses(tamper_after_signing: bool) -> Vec<u8> {
        use crate::seal::testkit::*;
        let contents_len = 4096;
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>".to_string(),
            "<< /FT /Sig /T (Seal1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V 5 0 R >>".to_string(),
            format!(
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [{}] /Contents <{}> >>",
                " ".repeat(40),
                "0".repeat(contents_len * 2)
            ),
        ];
        let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
        let (mut out, _) = test_pdf::build(&objects);
        fn find(hay: &[u8], needle: &[u8]) -> usize {
            hay.windows(needle.len()).position(|w| w == needle).unwrap()
        }
        let gap_start = find(&out, b"/Contents <") + b"/Contents ".len();
        let gap_end = gap_start + contents_len * 2 + 2;
        let br_at = find(&out, b"/ByteRange [") + b"/ByteRange [".len();
        let br = format!("0 {gap_start} {gap_end} {}", out.len() - gap_end);
        out[br_at..br_at + br.len()].copy_from_slice(br.as_bytes());
        let cast = cast();
        let seal = build_seal(&SealSpec::new(4, &cast, vec![&cast.signer.cert]));
        let parts: [&[u8]; 2] = [&out[..gap_start], &out[gap_end..]];
        let value = build_signature(&SignSpec {
            version: 4,
            seal: &seal,
            signer: &cast.signer,
            time: at(2025),
            data_hash: crate::seal::crypto::DigestKind::Sm3.digest(&parts),
            property_info: "",
            raw: false,
        });
        let hex = crate::hex::encode(&value);
        out[gap_start + 1..gap_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        if tamper_after_signing {
            let at = find(&out, b"/MediaBox [0 0 200 200]") + 14;
            out[at] = b'9';
        }
        out
    }

    #[test]
    fn bare_ses_signature_in_a_pdf_is_verified_as_a_seal() {
        use crate::report::SignatureKind;
        use crate::verdict::CheckStatus;
        let verifier = crate::Verifier::new(crate::TrustStore::new(), crate::Policy::default());
        let at = time::macros::datetime!(2026-11-26 00:00 UTC);
        let doc = verifier.verify(&pdf_with_ses(false), at);
        let sig = &doc.signatures[0];
        assert_eq!(sig.kind, SignatureKind::Seal);
        assert!(sig.seal.is_some());
        let status = |id: &str| sig.checks.iter().find(|c| c.id == id).map(|c| c.status);
        assert_eq!(status("byte_range"), Some(CheckStatus::Passed));
        assert_eq!(status("data_hash"), Some(CheckStatus::Passed));
        assert_eq!(status("signature_value"), Some(CheckStatus::Passed));
        assert!(sig.covers_whole_document);

        let doc = verifier.verify(&pdf_with_ses(true), at);
        let sig = &doc.signatures[0];
        assert_eq!(
            sig.checks
                .iter()
                .find(|c| c.id == "data_hash")
                .map(|c| c.status),
            Some(CheckStatus::Failed)
        );
        assert_eq!(sig.indication, crate::Indication::TotalFailed);
    }

    #[test]
    fn the_facts_behind_the_checks_stay_on_the_signature_entry() {
        use crate::facts::byte_range::RangeEnd;
        let verifier = crate::Verifier::new(crate::TrustStore::new(), crate::Policy::default());
        let doc = verifier.verify(
            &pdf_with_ses(false),
            time::macros::datetime!(2026-11-26 00:00 UTC),
        );
        let sig = &doc.signatures[0];
        let range = sig.byte_range_facts.as_ref().expect("ByteRange facts");
        assert_eq!(
            range.outcome,
            Ok(RangeEnd::RevisionEnd {
                revision: 0,
                whole_file: true
            })
        );
        assert!(range.contents.as_ref().is_some_and(|c| c.hex));
        let changes = sig.modification_facts.as_ref().expect("modification facts");
        assert_eq!((changes.signed_revision, changes.last_revision), (0, 0));
        assert!(!changes.grants.is_certification());
        assert_eq!(changes.later_revisions().count(), 0);
        // Facts are for embedders, not part of the JSON contract.
        let json = serde_json::to_string(sig).expect("serialises");
        assert!(!json.contains("byte_range_facts") && !json.contains("modification_facts"));
    }

    #[test]
    fn pdf_dates() {
        let t = pdf_date("D:20260301120000+08'00'").unwrap();
        assert_eq!(t, time::macros::datetime!(2026-03-01 04:00 UTC));
        assert_eq!(
            pdf_date("D:2026").unwrap(),
            time::macros::datetime!(2026-01-01 00:00 UTC)
        );
        assert_eq!(
            pdf_date("D:20260301120000Z").unwrap(),
            time::macros::datetime!(2026-03-01 12:00 UTC)
        );
        assert!(pdf_date("D:20261301").is_none());
        assert!(pdf_date("garbage").is_none());
    }

    #[test]
    fn large_objects_are_reported_done_with_once_parsed() {
        use crate::pdf::object::ObjRef;
        // Object 1: a small dictionary; object 2: a stream just above the reporting size.
        let data = vec![b'x'; 70 << 10];
        let (out, offsets) = test_pdf::build(&[
            b"<< /Type /Catalog >>".to_vec(),
            test_pdf::stream("", &data),
        ]);
        let second = offsets[1];
        let second_end = second + "2 0 obj\n".len() + test_pdf::stream("", &data).len();
        let reported = std::cell::RefCell::new(Vec::new());
        let base = out.as_ptr() as usize;
        let record = |part: &[u8]| {
            let start = part.as_ptr() as usize - base;
            reported.borrow_mut().push(start..start + part.len());
        };
        let mut file = PdfFile::parse(&out, 0, &crate::Limits::default());
        file.report_done_with(&record);
        let rev = file.revisions.len() - 1;
        assert!(file.get(rev, ObjRef { num: 1, gen: 0 }).is_some());
        assert!(
            reported.borrow().is_empty(),
            "small objects are not reported"
        );
        let Some(Object::Stream(stream)) = file.get(rev, ObjRef { num: 2, gen: 0 }) else {
            panic!("object 2 is a stream");
        };
        assert_eq!(stream.data.len(), data.len());
        // The whole object, header to `endstream`, once.
        assert_eq!(reported.borrow().len(), 1);
        assert_eq!(reported.borrow().first(), Some(&(second..second_end)));
    }

    #[test]
    fn signature_dictionaries_no_field_uses_are_found_across_read_chunks() {
        use crate::document::READ_CHUNK;
        let sig = b"<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 0 0 0] /Contents <00> >>";
        let key_in_sig = 37;
        assert_eq!(&sig[key_in_sig..key_in_sig + 10], b"/ByteRange");
        // The key of object 4 starts 4 bytes before the first chunk ends, so it straddles the
        // boundary; object 5 sits wholly in the second chunk.
        let catalog = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
        let pages = b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec();
        let filler = |len: usize| test_pdf::stream("", &vec![b'%'; len]);
        let build = |len: usize| {
            test_pdf::build(&[
                catalog.clone(),
                pages.clone(),
                filler(len),
                sig.to_vec(),
                sig.to_vec(),
            ])
        };
        // The filler's /Length has as many digits at both sizes.
        let (_, offsets) = build(1_000_000);
        let key_at_1m = offsets[3] + "4 0 obj\n".len() + key_in_sig;
        let len = READ_CHUNK - 4 - key_at_1m + 1_000_000;
        let (bytes, offsets) = build(len);
        let key_at = offsets[3] + "4 0 obj\n".len() + key_in_sig;
        assert_eq!(key_at, READ_CHUNK - 4);

        let mut file = PdfFile::parse(&bytes, 0, &crate::Limits::default());
        let found = signatures::discover(&file, 10);
        assert!(found.is_empty(), "no field points to either dictionary");
        let chunks = std::cell::RefCell::new(Vec::new());
        let base = bytes.as_ptr() as usize;
        let record = |part: &[u8]| {
            let start = part.as_ptr() as usize - base;
            chunks.borrow_mut().push(start..start + part.len());
        };
        file.report_done_with(&record);
        let hidden = signatures::unreachable(&file, &found);
        let hidden: Vec<(u32, usize)> = hidden.iter().map(|h| (h.num, h.offset)).collect();
        assert_eq!(hidden, vec![(4, offsets[3]), (5, offsets[4])]);
        assert_eq!(
            chunks.into_inner(),
            vec![0..READ_CHUNK, READ_CHUNK..bytes.len()]
        );

        // Through the verifier: one finding per hidden dictionary.
        let report = crate::Verifier::new(crate::TrustStore::new(), crate::Policy::default())
            .verify(&bytes, time::macros::datetime!(2026-11-26 00:00 UTC));
        let hidden_findings = report
            .findings
            .iter()
            .filter(|f| f.code == "UNREACHABLE_SIGNATURE_DICTIONARY")
            .count();
        assert_eq!(hidden_findings, 2);
        // And both are reported as signatures, not passed: no field leads to them.
        assert_eq!(report.signatures.len(), 2);
        for sig in &report.signatures {
            assert!(sig.field.is_none());
            assert_ne!(sig.indication, crate::Indication::TotalPassed);
            assert!(sig.checks.iter().any(|c| c.id == "signature_field"));
        }
    }
}
