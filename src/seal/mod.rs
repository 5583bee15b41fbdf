//! Chinese electronic seals (电子签章): SES structures of GM/T 0031-2014 (V1), GB/T 38540-2020
//! (V4) and GM/T 0031-2025 (V5), OFD packages (GB/T 33190) and their signatures, and bare
//! SES_Signature values in PDF /Contents.
//!
//! Module map: [`crate::asn1::der`] bounded DER reading; [`ses`] SES parsing; [`crypto`] digests and
//! signature values in SES terms; [`verify`] the GM/T 0031 §6.2.3 verification flow (its facts
//! are [`crate::facts::seal`], judged by the policy in [`crate::evaluate::seal`]);
//! [`package`] the OFD zip reader with limits; [`zip_layout`] the hand-walked zip structure and
//! its ambiguities; [`closure`] what a reader displays; [`xml`] the small XML tree; [`ofd`] OFD
//! signatures; [`report`] the `seal` block of the report.
//!
//! INTERFACE (used by `lib.rs`, `pdf` and the CLI): [`verify_ofd`], [`verify_ses_file`],
//! [`is_ses_signature`], [`verify_pdf_ses`], [`is_ses`], [`seal_pictures`],
//! [`fuzz_parse_ses`], [`fuzz_read_ofd`], [`fuzz_ofd_container`].

pub mod closure;
pub mod crypto;
pub mod ofd;
pub mod package;
mod package_path;
pub mod report;
pub mod ses;
pub mod verify;
pub mod xml;
pub mod zip_layout;

#[cfg(test)]
pub(crate) mod attacks;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use crate::cms::CmsContext;
use crate::report::{Coverage, DocumentReport, SignatureKind, SignatureReport};
use crate::verdict::{Check, Finding, Severity, SubIndication, Text};
use crate::verifier::VerifyContext;

pub use report::SealBlock;
pub use verify::{Protected, SealVerification, Variant};

/// Verifies every signature and seal of an OFD package; each becomes a signature entry of kind
/// `seal` (or `signature` for Type="Sign"), with its `seal` block.
pub fn verify_ofd(bytes: &[u8], ctx: &VerifyContext<'_>, report: &mut DocumentReport) {
    with_cms_context(ctx, |ctx| ofd::verify_package(bytes, ctx, report));
}

/// Runs `f` with the verifier's inputs as the context every seal, CMS and chain check takes.
/// Seals are not file prefixes: no digest here feeds the whole-file fingerprint.
fn with_cms_context<R>(ctx: &VerifyContext<'_>, f: impl FnOnce(&CmsContext<'_>) -> R) -> R {
    let intermediates: Vec<&[u8]> = ctx.intermediates.iter().map(Vec::as_slice).collect();
    let crls: Vec<&[u8]> = ctx.crls.iter().map(Vec::as_slice).collect();
    f(&CmsContext {
        trust: ctx.trust,
        intermediates: &intermediates,
        crls: &crls,
        ocsp_responses: &[],
        policy: ctx.policy,
        validation_time: ctx.validation_time,
        file_prefix: None,
    })
}

/// True when `bytes` hold a bare SESeal (`.esl`) or SES_Signature (`SignedValue.dat`).
pub fn is_ses(bytes: &[u8]) -> bool {
    ses::looks_like_ses_signature(bytes) || ses::looks_like_seal(bytes)
}

/// Verifies a bare SES structure given as a file: a SES_Signature (whose protected data is
/// elsewhere, so dataHash is INDETERMINATE) or a SESeal (the maker's signature, the seal's
/// validity at the validation time, the maker's certificate).
pub fn verify_ses_file(bytes: &[u8], ctx: &VerifyContext<'_>, report: &mut DocumentReport) {
    with_cms_context(ctx, |ctx| verify_ses_structure(bytes, ctx, report));
}

fn verify_ses_structure(bytes: &[u8], ctx: &CmsContext<'_>, report: &mut DocumentReport) {
    let mut entry = SignatureReport::new(SignatureKind::Seal);
    entry.coverage = Coverage::Partial;
    if let Ok(sig) = ses::parse_signature(bytes) {
        entry.field = Some("SES_Signature".into());
        entry.sub_filter = Some(format!("ses.{}", version_tag(sig.version)));
        let outcome =
            verify::verify_signature(&sig, Protected::Unavailable, Variant::Standard, None, ctx);
        apply(&mut entry, outcome);
        note_trailing(bytes, sig.raw.len(), report);
    } else {
        match ses::parse_seal(bytes) {
            Ok(seal) => {
                entry.field = Some("SESeal".into());
                entry.sub_filter = Some(format!("ses.{}.seal", version_tag(seal.version)));
                let outcome = verify::verify_seal(&seal, ctx);
                apply(&mut entry, outcome);
                note_trailing(bytes, seal.raw.len(), report);
            }
            Err(e) => {
                entry.checks.push(
                    Check::failed(
                        verify::ids::FORMAT,
                        SubIndication::FormatFailure,
                        Text::new(
                            "the file is neither a SES_Signature nor a SESeal",
                            "文件既不是电子签章也不是电子印章结构",
                        ),
                    )
                    .evidence(e.to_string()),
                );
            }
        }
    }
    entry.finish();
    report.signatures.push(entry);
}

fn note_trailing(bytes: &[u8], used: usize, report: &mut DocumentReport) {
    if bytes.len() > used {
        report.findings.push(
            Finding::new(
                "SES_TRAILING_DATA",
                Severity::Warning,
                Text::new(
                    "the file has bytes after the SES structure; they are not covered by any signature",
                    "文件在签章结构之后还有多余数据，这些数据不受签名保护",
                ),
            )
            .evidence(format!("{} trailing bytes", bytes.len() - used)),
        );
    }
}

fn version_tag(v: ses::SesVersion) -> &'static str {
    match v {
        ses::SesVersion::V1 => "v1",
        ses::SesVersion::V4 => "v4",
        ses::SesVersion::V5 => "v5",
    }
}

fn apply(entry: &mut SignatureReport, outcome: SealVerification) {
    entry.checks.extend(outcome.checks);
    entry.findings.extend(outcome.findings);
    entry.signer = outcome.signer;
    entry.signing_time = outcome.signing_time;
    entry.timestamp_time = outcome.timestamp_time;
    entry.digest_algorithm = outcome.digest_algorithm;
    entry.signature_algorithm = outcome.signature_algorithm;
    entry.seal = Some(outcome.seal);
    entry.seal_facts = Some(outcome.facts);
}

/// Verifies a PDF /Contents that holds a bare SES_Signature (instead of CMS), parsing it once:
/// `None` when the contents (possibly zero-padded) are not a SES_Signature, so the PDF layer
/// goes on with CMS. dataHash must be the digest of the ByteRange bytes (`signed_parts`, hashed
/// in place); the PDF layer decides coverage and modifications. The outcome carries the checks
/// and the entry's `seal` block.
pub fn verify_pdf_ses(
    contents: &[u8],
    signed_parts: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> Option<SealVerification> {
    let sig = ses::parse_signature(contents).ok()?;
    Some(verify::verify_signature(
        &sig,
        Protected::Parts(signed_parts),
        Variant::Standard,
        None,
        // Seal contents are not file prefixes.
        &CmsContext {
            file_prefix: None,
            ..ctx.clone()
        },
    ))
}

/// True when a PDF /Contents (possibly zero-padded) holds a SES_Signature rather than CMS.
pub fn is_ses_signature(contents: &[u8]) -> bool {
    ses::looks_like_ses_signature(contents)
}

/// A seal picture, for staff to see which seal a document carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealPicture {
    /// Where the seal was found (signature path in an OFD, or the structure name).
    pub location: String,
    /// The seal's name as written in the seal (SES_ESPropertyInfo name).
    pub seal_name: String,
    /// As written in the seal ("PNG", "GIF", "OFD" …).
    pub kind: String,
    /// File extension for saving the picture (`png`, `gif`, `ofd`…), from `kind`.
    pub extension: &'static str,
    /// Picture width in millimetres, as written in the seal.
    pub width_mm: i64,
    /// Picture height in millimetres, as written in the seal.
    pub height_mm: i64,
    /// The picture bytes as stored in the seal.
    pub data: Vec<u8>,
}

/// The pictures of every seal in an OFD package, SES_Signature or SESeal file, in order.
pub fn seal_pictures(bytes: &[u8], limits: &crate::policy::Limits) -> Vec<SealPicture> {
    let picture = |location: String, seal: &ses::Seal<'_>| SealPicture {
        location,
        seal_name: seal.info.property.name.clone(),
        kind: seal.info.picture.kind.clone(),
        extension: report::picture_extension(&seal.info.picture.kind),
        width_mm: seal.info.picture.width_mm,
        height_mm: seal.info.picture.height_mm,
        data: seal.info.picture.data.to_vec(),
    };
    if let Ok(sig) = ses::parse_signature(bytes) {
        return vec![picture("SES_Signature".into(), &sig.seal)];
    }
    if let Ok(seal) = ses::parse_seal(bytes) {
        return vec![picture("SESeal".into(), &seal)];
    }
    let Ok(pkg) = package::Package::read(bytes, limits) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in pkg.paths() {
        if out.len() >= limits.max_signatures {
            break;
        }
        if let Some(sig) = pkg.get(path).and_then(|b| ses::parse_signature(b).ok()) {
            out.push(picture(path.to_string(), &sig.seal));
        }
    }
    out
}

/// Fuzz entry point: SES parsing must never panic, whatever the input.
pub fn fuzz_parse_ses(data: &[u8]) {
    if let Ok(sig) = ses::parse_signature(data) {
        let _ = serde_json::to_vec(&SealBlock::from_seal(&sig.seal));
    }
    if let Ok(seal) = ses::parse_seal(data) {
        let _ = serde_json::to_vec(&SealBlock::from_seal(&seal));
    }
}

/// Fuzz entry point: the OFD package reader and signature discovery must never panic.
pub fn fuzz_read_ofd(data: &[u8]) {
    let limits = crate::policy::Limits {
        max_zip_inflated: 8 * 1024 * 1024,
        max_stream_bytes: 4 * 1024 * 1024,
        ..crate::policy::Limits::default()
    };
    let policy = crate::policy::Policy {
        limits,
        ..crate::policy::Policy::default()
    };
    let trust = crate::pki::TrustStore::new();
    let ctx = CmsContext {
        trust: &trust,
        intermediates: &[],
        crls: &[],
        ocsp_responses: &[],
        policy: &policy,
        validation_time: time::OffsetDateTime::UNIX_EPOCH,
        file_prefix: None,
    };
    let mut report = DocumentReport::empty("", crate::report::DocumentKind::Ofd, data.len() as u64);
    ofd::verify_package(data, &ctx, &mut report);
}

/// Fuzz entry point: the hand-walked zip layout, the package reader and the displayed-document
/// closure must never panic, hang or allocate without bound, whatever the input.
pub fn fuzz_ofd_container(data: &[u8]) {
    let _ = crate::intake::sniff(data);
    let limits = crate::policy::Limits {
        max_zip_entries: 2_000,
        max_zip_inflated: 8 * 1024 * 1024,
        max_stream_bytes: 4 * 1024 * 1024,
        ..crate::policy::Limits::default()
    };
    if let Ok(layout) = zip_layout::walk(data, &limits) {
        for a in &layout.ambiguities {
            let _ = (a.code, a.entries.len(), a.detail.len());
        }
    }
    let _ = zip_layout::end_of_archive(data);
    let Ok(pkg) = package::Package::read(data, &limits) else {
        return;
    };
    let _ = pkg.ambiguities().len();
    if let Some(ofd) = pkg.get("OFD.xml").and_then(|b| xml::parse(b).ok()) {
        let shown = closure::displayed(&pkg, &ofd);
        let _ = (shown.files.len(), shown.missing.len(), shown.problems.len());
    }
}
