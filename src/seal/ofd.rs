//! OFD signatures (GB/T 33190 §18): OFD.xml → DocBody/Signatures → Signatures.xml → each
//! Signature.xml, whose References bind the package files and whose SignedValue holds the
//! SES_Signature (Type="Seal") or a plain signature (Type="Sign").

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use time::OffsetDateTime;

use super::crypto::{self, DigestKind};
use super::package::{self, Package};
use super::ses;
use super::verify::{self, Protected, SealContext, SealVerification, Variant};
use super::xml::{self, Element};
use crate::report::{
    Change, Coverage, DocumentReport, ModificationLevel, SignatureKind, SignatureReport,
};
use crate::verdict::{Check, Finding, Severity, SubIndication, Text};

/// Stable check ids that only OFD signatures have.
pub mod ids {
    pub const SIGNATURE_FILE: &str = "ofd_signature_file";
    pub const REFERENCES: &str = "ofd_references";
    pub const SEAL_FILE: &str = "ofd_seal_file";
}

/// Digests of package files, computed once each: many signatures (or one hostile signature)
/// may reference the same large file many times, and the work must stay proportional to the
/// package size.
#[derive(Debug, Default)]
struct DigestCache {
    digests: BTreeMap<(DigestKind, String), Vec<u8>>,
}

impl DigestCache {
    fn get(&mut self, kind: DigestKind, path: &str, bytes: &[u8]) -> &Vec<u8> {
        self.digests
            .entry((kind, path.to_string()))
            .or_insert_with(|| kind.digest(&[bytes]))
    }
}

/// Most references read from one Signature.xml.
const MAX_REFERENCES: usize = 10_000;

/// One `<Signature>` entry of Signatures.xml.
#[derive(Debug, Clone)]
struct Listed {
    id: String,
    kind: String,
    /// Resolved package path of the Signature.xml.
    path: Option<String>,
    base_loc: String,
}

/// What a Signature.xml says.
#[derive(Debug, Clone, Default)]
struct SignatureXml {
    signature_method: Option<String>,
    signature_time: Option<String>,
    check_method: Option<String>,
    references: Vec<(String, String)>,
    seal_path: Option<String>,
    signed_value_path: Option<String>,
}

/// Verifies every signature of an OFD package, adding entries and findings to `report`.
pub fn verify_package(bytes: &[u8], ctx: &SealContext<'_>, report: &mut DocumentReport) {
    let pkg = match Package::read(bytes, &ctx.policy.limits) {
        Ok(pkg) => pkg,
        Err(e) => {
            report.findings.push(Finding::new(
                e.code(),
                Severity::Error,
                Text::new(
                    format!("the OFD package cannot be read safely: {e}"),
                    format!("OFD文件包无法安全读取：{e}"),
                ),
            ));
            return;
        }
    };
    let listed = match list_signatures(&pkg, ctx, report) {
        Some(listed) => listed,
        None => return,
    };
    // Files that belong to the signatures themselves; the rest should be protected.
    let mut infrastructure: BTreeSet<String> = listed.signatures_files.iter().cloned().collect();
    let mut protected: BTreeSet<String> = BTreeSet::new();
    let parsed: Vec<(Listed, Option<SignatureXml>)> = listed
        .entries
        .into_iter()
        .map(|entry| {
            let xml = entry
                .path
                .as_deref()
                .and_then(|p| pkg.get(p))
                .and_then(|b| xml::parse(b).ok())
                .map(|root| read_signature_xml(&root, entry.path.as_deref().unwrap_or("")));
            if let Some(p) = &entry.path {
                infrastructure.insert(p.clone());
            }
            if let Some(x) = &xml {
                infrastructure.extend(x.signed_value_path.iter().cloned());
                infrastructure.extend(x.seal_path.iter().cloned());
                protected.extend(
                    x.references
                        .iter()
                        .filter_map(|(r, _)| package::normalise_reference(r)),
                );
            }
            (entry, xml)
        })
        .collect();

    let total = parsed.len();
    let mut digests = DigestCache::default();
    for (index, (entry, xml)) in parsed.iter().enumerate() {
        let later_exists = index + 1 < total;
        let sig = verify_one(
            &pkg,
            entry,
            xml.as_ref(),
            index,
            later_exists,
            &listed.signatures_files,
            &infrastructure,
            &mut digests,
            ctx,
        );
        report.signatures.push(sig);
    }

    let unprotected: Vec<&str> = pkg
        .paths()
        .filter(|p| !protected.contains(*p) && !infrastructure.contains(*p))
        .collect();
    if !unprotected.is_empty() && total > 0 {
        report.findings.push(
            Finding::new(
                "OFD_UNPROTECTED_FILES",
                Severity::Warning,
                Text::new(
                    format!(
                        "{} file(s) of the package are protected by no signature (content that may have been added after sealing)",
                        unprotected.len()
                    ),
                    format!("文件包中有{}个文件不受任何签章保护（可能是签章后加入的内容）", unprotected.len()),
                ),
            )
            .evidence(unprotected.join(", ")),
        );
    }
}

struct Listing {
    entries: Vec<Listed>,
    /// Package paths of the Signatures.xml files (they change whenever a signature is added).
    signatures_files: Vec<String>,
}

fn list_signatures(
    pkg: &Package,
    ctx: &SealContext<'_>,
    report: &mut DocumentReport,
) -> Option<Listing> {
    let Some(ofd_bytes) = pkg.get("OFD.xml") else {
        report.findings.push(Finding::new(
            "OFD_NO_ROOT",
            Severity::Error,
            Text::new(
                "the package has no OFD.xml entry file",
                "文件包缺少OFD.xml入口文件",
            ),
        ));
        return None;
    };
    let root = match xml::parse(ofd_bytes) {
        Ok(root) => root,
        Err(e) => {
            report.findings.push(
                Finding::new(
                    "OFD_BAD_XML",
                    Severity::Error,
                    Text::new(
                        format!("OFD.xml is not well-formed XML: {e}"),
                        format!("OFD.xml不是合法的XML：{e}"),
                    ),
                )
                .evidence("OFD.xml"),
            );
            return None;
        }
    };
    let mut entries = Vec::new();
    let mut signatures_files = Vec::new();
    for body in root.children_named("DocBody") {
        let Some(loc) = body.child_text("Signatures") else {
            continue;
        };
        let Some(path) = package::resolve("OFD.xml", loc) else {
            continue;
        };
        let Some(list_bytes) = pkg.get(&path) else {
            report.findings.push(
                Finding::new(
                    "OFD_SIGNATURES_MISSING",
                    Severity::Error,
                    Text::new(
                        "OFD.xml names a signature list that is not in the package",
                        "OFD.xml指向的签名列表文件不存在",
                    ),
                )
                .evidence(path),
            );
            continue;
        };
        let list = match xml::parse(list_bytes) {
            Ok(list) => list,
            Err(e) => {
                report.findings.push(
                    Finding::new(
                        "OFD_BAD_XML",
                        Severity::Error,
                        Text::new(
                            format!("the signature list is not well-formed XML: {e}"),
                            format!("签名列表文件不是合法的XML：{e}"),
                        ),
                    )
                    .evidence(path),
                );
                continue;
            }
        };
        for sig in list.children_named("Signature") {
            if entries.len() >= ctx.policy.limits.max_signatures {
                report.findings.push(Finding::new(
                    "LIMIT_SIGNATURES",
                    Severity::Warning,
                    Text::new(
                        format!(
                            "only the first {} signatures were verified",
                            ctx.policy.limits.max_signatures
                        ),
                        format!("仅验证了前{}个签章", ctx.policy.limits.max_signatures),
                    ),
                ));
                break;
            }
            let base_loc = sig.attr("BaseLoc").unwrap_or("").to_string();
            let resolved = package::resolve(&path, &base_loc);
            // One Signature.xml listed twice would be verified (and hashed) twice for nothing,
            // and shows the list was not written by a conforming signer.
            if resolved.is_some() && entries.iter().any(|e: &Listed| e.path == resolved) {
                report.findings.push(
                    Finding::new(
                        "OFD_DUPLICATE_SIGNATURE",
                        Severity::Warning,
                        Text::new(
                            "the signature list names the same signature file more than once; it is verified once",
                            "签名列表多次列出同一签章文件，仅验证一次",
                        ),
                    )
                    .evidence(base_loc),
                );
                continue;
            }
            entries.push(Listed {
                id: sig.attr("ID").unwrap_or("").to_string(),
                kind: sig.attr("Type").unwrap_or("Seal").to_string(),
                path: resolved,
                base_loc,
            });
        }
        signatures_files.push(path);
    }
    Some(Listing {
        entries,
        signatures_files,
    })
}

fn read_signature_xml(root: &Element, own_path: &str) -> SignatureXml {
    let mut out = SignatureXml::default();
    let Some(info) = root.child("SignedInfo") else {
        out.signed_value_path = root
            .child_text("SignedValue")
            .and_then(|v| package::resolve(own_path, v));
        return out;
    };
    out.signature_method = info.child_text("SignatureMethod").map(str::to_string);
    out.signature_time = info.child_text("SignatureDateTime").map(str::to_string);
    if let Some(refs) = info.child("References") {
        out.check_method = refs.attr("CheckMethod").map(str::to_string);
        for r in refs.children_named("Reference").take(MAX_REFERENCES) {
            let file = r.attr("FileRef").unwrap_or("").to_string();
            let value = r.child_text("CheckValue").unwrap_or("").to_string();
            out.references.push((file, value));
        }
    }
    out.seal_path = info
        .child("Seal")
        .and_then(|s| s.child_text("BaseLoc"))
        .and_then(|loc| package::resolve(own_path, loc));
    out.signed_value_path = root
        .child_text("SignedValue")
        .and_then(|v| package::resolve(own_path, v));
    out
}

#[allow(clippy::too_many_arguments)]
fn verify_one(
    pkg: &Package,
    entry: &Listed,
    xml: Option<&SignatureXml>,
    index: usize,
    later_exists: bool,
    signatures_files: &[String],
    infrastructure: &BTreeSet<String>,
    digests: &mut DigestCache,
    ctx: &SealContext<'_>,
) -> SignatureReport {
    let is_seal = !entry.kind.eq_ignore_ascii_case("Sign");
    let mut report = SignatureReport::new(if is_seal {
        SignatureKind::Seal
    } else {
        SignatureKind::Signature
    });
    report.revision = index;
    report.field = Some(match &entry.path {
        Some(p) => format!("{}#{}", p, entry.id),
        None => format!("{}#{}", entry.base_loc, entry.id),
    });
    let signature_xml_bytes = entry.path.as_deref().and_then(|p| pkg.get(p));
    let (Some(xml), Some(sig_xml_bytes)) = (xml, signature_xml_bytes) else {
        report.checks.push(
            Check::failed(
                ids::SIGNATURE_FILE,
                SubIndication::FormatFailure,
                Text::new(
                    "the signature's description file (Signature.xml) is missing or not well-formed XML",
                    "签章描述文件（Signature.xml）缺失或不是合法的XML",
                ),
            )
            .evidence(entry.base_loc.clone()),
        );
        report.finish();
        return report;
    };

    // 1. References: every protected file still has the digest it had when signed.
    let (reference_check, variant, changes, coverage) = check_references(
        pkg,
        xml,
        later_exists,
        signatures_files,
        infrastructure,
        digests,
        ctx,
    );
    report.checks.push(reference_check);
    report.modifications = if changes.iter().any(|c| c.allowed_by.is_none()) {
        ModificationLevel::Disallowed
    } else if changes.is_empty() {
        ModificationLevel::None
    } else {
        ModificationLevel::Allowed
    };
    report.changes = changes;
    report.coverage = coverage;
    report.covers_whole_document = coverage == Coverage::WholeFile;
    report.digest_algorithm = xml.check_method.clone();

    let signed_value = xml.signed_value_path.as_deref().and_then(|p| pkg.get(p));
    let Some(signed_value) = signed_value else {
        report.checks.push(
            Check::failed(
                ids::SIGNATURE_FILE,
                SubIndication::FormatFailure,
                Text::new(
                    "the signature value file named in Signature.xml is not in the package",
                    "Signature.xml指向的签名值文件不存在",
                ),
            )
            .evidence(xml.signed_value_path.clone().unwrap_or_default()),
        );
        report.finish();
        return report;
    };
    let claimed = xml.signature_time.as_deref().and_then(ses::parse_text_time);
    let parts: [&[u8]; 1] = [sig_xml_bytes];

    match ses::parse_signature(signed_value) {
        Ok(ses_sig) => {
            report.kind = SignatureKind::Seal;
            report.sub_filter = Some(format!("ses.{}", version_tag(ses_sig.version)));
            if let Some(seal_path) = &xml.seal_path {
                report
                    .checks
                    .push(seal_file_check(pkg, seal_path, ses_sig.seal.raw));
            }
            if let (Some(declared), Some(inner)) = (claimed, ses_sig.time_info.time) {
                // Writers state local time without a zone in Signature.xml, so only a gap of
                // more than a day is a real disagreement.
                if (declared - inner).abs() > time::Duration::days(1) {
                    report.findings.push(
                        Finding::new(
                            "SIGNATURE_TIME_MISMATCH",
                            Severity::Warning,
                            Text::new(
                                "the signing time in Signature.xml differs by more than a day from the one inside the seal signature",
                                "Signature.xml中的签章时间与电子签章内的时间相差超过一天",
                            ),
                        )
                        .evidence(format!(
                            "SignatureDateTime {}; timeInfo {}",
                            xml.signature_time.as_deref().unwrap_or(""),
                            ses_sig.time_info.text
                        )),
                    );
                }
            }
            let outcome =
                verify::verify_signature(&ses_sig, Protected::Parts(&parts), variant, claimed, ctx);
            apply(&mut report, outcome);
        }
        Err(ses_error) if is_seal => {
            report.sub_filter = Some("ses".into());
            report.checks.push(
                Check::failed(
                    verify::ids::FORMAT,
                    SubIndication::FormatFailure,
                    Text::new(
                        "the seal's signature value is not a readable SES_Signature",
                        "签章值不是可识别的SES_Signature结构",
                    ),
                )
                .evidence(ses_error.to_string()),
            );
        }
        Err(_) => verify_sign_type(&mut report, xml, signed_value, &parts, claimed, ctx),
    }
    report.finish();
    report
}

fn version_tag(v: ses::SesVersion) -> &'static str {
    match v {
        ses::SesVersion::V1 => "v1",
        ses::SesVersion::V4 => "v4",
        ses::SesVersion::V5 => "v5",
    }
}

fn apply(report: &mut SignatureReport, outcome: SealVerification) {
    report.checks.extend(outcome.checks);
    report.findings.extend(outcome.findings);
    report.signer = outcome.signer;
    report.signing_time = outcome.signing_time;
    report.timestamp_time = outcome.timestamp_time;
    if report.digest_algorithm.is_none() {
        report.digest_algorithm = outcome.digest_algorithm;
    }
    report.signature_algorithm = outcome.signature_algorithm;
    report.seal = outcome.seal.to_value();
}

/// GB/T 35275 object identifiers (SM2 cryptographic message syntax): 1.2.156.10197.6.1.4.2.x.
const GBT35275_PREFIX: &str = "1.2.156.10197.6.1.4.2.";

/// The content type when `bytes` are a ContentInfo (SEQUENCE starting with an OID); `None` for
/// anything else, e.g. a bare DER SEQUENCE { r, s } signature value.
fn content_info_type(bytes: &[u8]) -> Option<String> {
    let outer = crate::asn1::der::Tlv::parse(bytes).ok()?.0;
    if outer.tag != crate::asn1::der::tag::SEQUENCE {
        return None;
    }
    let first = crate::asn1::der::Tlv::parse(outer.content).ok()?.0;
    crate::asn1::der::oid(first, "ContentInfo.contentType").ok()
}

/// Type="Sign": a CMS / GB/T 35275 SignedData over Signature.xml, or a bare signature value.
fn verify_sign_type(
    report: &mut SignatureReport,
    xml: &SignatureXml,
    signed_value: &[u8],
    parts: &[&[u8]],
    claimed: Option<OffsetDateTime>,
    ctx: &SealContext<'_>,
) {
    report.kind = SignatureKind::Signature;
    report.signing_time = claimed;
    if let Some(content_type) = content_info_type(signed_value) {
        report.sub_filter = Some(if content_type.starts_with(GBT35275_PREFIX) {
            "gbt35275".into()
        } else {
            "pkcs7".into()
        });
        let cms_ctx = crate::cms::CmsContext {
            trust: ctx.trust,
            intermediates: &ctx.intermediates,
            crls: &ctx.crls,
            ocsp_responses: &ctx.ocsp_responses,
            policy: ctx.policy,
            validation_time: ctx.validation_time,
            file_prefix: None,
        };
        let outcome = crate::cms::verify_detached(signed_value, parts, &cms_ctx);
        let gbt = content_type.starts_with(GBT35275_PREFIX);
        report.checks.extend(outcome.checks.into_iter().map(|c| {
            // A GB/T 35275 container the CMS layer cannot read is an unsupported format, not a
            // broken signature.
            if gbt && c.status == crate::verdict::CheckStatus::Failed && c.sub_indication == Some(SubIndication::FormatFailure) {
                let mut d = Check::indeterminate(
                    &c.id,
                    SubIndication::UnsupportedFormat,
                    Text::new(
                        format!("GB/T 35275 SignedData ({content_type}) cannot be read by this build: {}", c.message),
                        format!("本版本无法解析GB/T 35275签名数据（{content_type}）：{}", c.message_zh),
                    ),
                );
                d.evidence = c.evidence;
                d
            } else {
                c
            }
        }));
        report.findings.extend(outcome.findings);
        report.signer = outcome.signer;
        report.signing_time = outcome.signing_time.or(claimed);
        report.timestamp_time = outcome.timestamp_time;
        report.signature_algorithm = outcome.signature_algorithm;
        return;
    }
    // A bare value carries no certificate: try the certificates the caller supplied.
    report.sub_filter = Some("raw".into());
    let method = xml
        .signature_method
        .clone()
        .unwrap_or_else(|| crypto::OID_SM2_SM3.to_string());
    report.signature_algorithm = Some(crypto::algorithm_name(&method));
    let message: Vec<u8> = parts.concat();
    let candidates = ctx.intermediates.iter().copied().chain(ctx.trust.anchors());
    for cert in candidates {
        if crypto::verify_with_certificate(cert, &method, &message, signed_value, ctx.policy)
            .is_ok()
        {
            report.signer = crypto::summarise(cert);
            report.checks.push(Check::passed(
                verify::ids::SIGNATURE_VALUE,
                Text::new(
                    "the bare signature value over Signature.xml verifies with a supplied certificate",
                    "签名值可用所提供的证书验证通过",
                ),
            ));
            return;
        }
    }
    report.checks.push(Check::indeterminate(
        verify::ids::SIGNATURE_VALUE,
        SubIndication::NoSigningCertificateFound,
        Text::new(
            "the signature value carries no certificate and none of the supplied certificates verifies it",
            "签名值不含证书，所提供的证书均无法验证该签名",
        ),
    ));
}

fn seal_file_check(pkg: &Package, seal_path: &str, embedded: &[u8]) -> Check {
    match pkg.get(seal_path) {
        Some(file) if file == embedded => Check::passed(
            ids::SEAL_FILE,
            Text::new(
                "the seal file equals the seal inside the signature",
                "印章文件与签章中的印章一致",
            ),
        )
        .evidence(seal_path.to_string()),
        Some(_) => Check::failed(
            ids::SEAL_FILE,
            SubIndication::HashFailure,
            Text::new(
                "the seal file differs from the seal inside the signature: it was replaced",
                "印章文件与签章中的印章不一致：印章文件被替换",
            ),
        )
        .evidence(seal_path.to_string()),
        None => Check::failed(
            ids::SEAL_FILE,
            SubIndication::FormatFailure,
            Text::new(
                "the seal file named in Signature.xml is not in the package",
                "Signature.xml指向的印章文件不存在",
            ),
        )
        .evidence(seal_path.to_string()),
    }
}

/// Compares each reference's digest with the file in the package. Returns the check, whether
/// the digest method is a vendor variant, the changes found, and the coverage.
fn check_references(
    pkg: &Package,
    xml: &SignatureXml,
    later_exists: bool,
    signatures_files: &[String],
    infrastructure: &BTreeSet<String>,
    digests: &mut DigestCache,
    ctx: &SealContext<'_>,
) -> (Check, Variant, Vec<Change>, Coverage) {
    let method_text = xml.check_method.clone().unwrap_or_else(|| "SM3".into());
    let Some(kind) = DigestKind::from_name(&method_text) else {
        return (
            Check::indeterminate(
                ids::REFERENCES,
                SubIndication::UnsupportedFormat,
                Text::new(
                    format!(
                        "the files are protected with a non-standard digest method ({method_text}); they cannot be verified (this is not evidence of tampering)"
                    ),
                    format!("文件使用非标准摘要算法（{method_text}）保护，无法验证（不能据此认定篡改）"),
                ),
            )
            .evidence(format!("CheckMethod={method_text}")),
            Variant::Vendor,
            Vec::new(),
            Coverage::Partial,
        );
    };
    if kind == DigestKind::Sha1 && !ctx.policy.allow_sha1 {
        return (
            Check::indeterminate(
                ids::REFERENCES,
                SubIndication::CryptoConstraintsFailure,
                Text::new(
                    "the files are protected with SHA-1, which the policy does not accept",
                    "文件使用SHA-1摘要保护，策略不接受",
                ),
            ),
            Variant::Standard,
            Vec::new(),
            Coverage::Partial,
        );
    }
    let engine = base64::engine::general_purpose::STANDARD;
    let mut changes = Vec::new();
    let mut malformed = Vec::new();
    let mut covered = BTreeSet::new();
    for (file_ref, check_value) in &xml.references {
        let Some(path) = package::normalise_reference(file_ref) else {
            malformed.push(file_ref.clone());
            continue;
        };
        covered.insert(path.clone());
        let expected = engine.decode(check_value.split_whitespace().collect::<String>());
        let Ok(expected) = expected else {
            malformed.push(path);
            continue;
        };
        match pkg.get(&path) {
            None => changes.push(Change {
                revision: 0,
                object: None,
                action: "removed".into(),
                allowed_by: None,
                description: format!("{path} was removed after signing"),
            }),
            Some(bytes) if *digests.get(kind, &path, bytes) != expected => {
                let is_list = signatures_files.contains(&path);
                changes.push(Change {
                    revision: 0,
                    object: None,
                    action: "modified".into(),
                    allowed_by: (is_list && later_exists).then(|| "later_signature".to_string()),
                    description: if is_list && later_exists {
                        format!("{path} was updated when a later signature was added")
                    } else {
                        format!("{path} was changed after signing")
                    },
                });
            }
            Some(_) => {}
        }
    }
    // Whole document: every file but the signatures' own files is referenced.
    let uncovered = pkg
        .paths()
        .filter(|p| !covered.contains(*p) && !infrastructure.contains(*p))
        .count();
    let coverage = if uncovered == 0 {
        Coverage::WholeFile
    } else {
        Coverage::Partial
    };
    let disallowed: Vec<&Change> = changes.iter().filter(|c| c.allowed_by.is_none()).collect();
    let check = if !malformed.is_empty() {
        Check::failed(
            ids::REFERENCES,
            SubIndication::FormatFailure,
            Text::new(
                "some references in Signature.xml are malformed (bad path or digest value)",
                "Signature.xml中部分引用格式错误（路径或摘要值无效）",
            ),
        )
        .evidence(malformed.join(", "))
    } else if !disallowed.is_empty() {
        Check::failed(
            ids::REFERENCES,
            SubIndication::DisallowedModification,
            Text::new(
                format!(
                    "{} protected file(s) were changed or removed after sealing: the document shown is not the one that was sealed",
                    disallowed.len()
                ),
                format!("{}个受保护文件在签章后被修改或删除：所见文档并非签章时的文档", disallowed.len()),
            ),
        )
        .evidence(
            disallowed
                .iter()
                .map(|c| c.description.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        )
    } else {
        let mut c = Check::passed(
            ids::REFERENCES,
            Text::new(
                format!(
                    "all {} protected files match their {} digests",
                    xml.references.len(),
                    kind.name()
                ),
                format!(
                    "全部{}个受保护文件的{}摘要一致",
                    xml.references.len(),
                    kind.name()
                ),
            ),
        );
        if !changes.is_empty() {
            c = c.evidence(
                changes
                    .iter()
                    .map(|c| c.description.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        c
    };
    (check, Variant::Standard, changes, coverage)
}
