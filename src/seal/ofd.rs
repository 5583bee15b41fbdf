//! OFD signatures (GB/T 33190 §18): OFD.xml → DocBody/Signatures → Signatures.xml → each
//! Signature.xml, whose References bind the package files and whose SignedValue holds the
//! SES_Signature (Type="Seal") or a plain signature (Type="Sign").
//!
//! The `references` submodule establishes what the References say about the package files
//! ([`crate::facts::seal::OfdReferencesFact`]); [`crate::evaluate::seal`] judges it.

use std::collections::BTreeSet;

use time::OffsetDateTime;

use super::closure;
use super::crypto;
use super::package::{self, Package};
use super::ses;
use super::verify::{self, Protected, SealVerification, Variant};
use super::xml::{self, Element};
use crate::cms::CmsContext;
use crate::evaluate::evaluate;
use crate::report::{
    Change, Coverage, DocumentReport, ModificationLevel, SignatureKind, SignatureReport,
};
use crate::verdict::{Check, Finding, Severity, SubIndication, Text};

mod references;

use references::{check_references, DigestCache};

/// Stable check ids that only OFD signatures have.
pub mod ids {
    use crate::verdict::CheckId;

    /// The file the signature list names (Signature.xml) is in the package, is a `<Signature>`,
    /// and the SignedValue file it names is in the package too.
    pub const SIGNATURE_FILE: CheckId = CheckId::OfdSignatureFile;
    /// Every file listed in the signature's References has the digest it records.
    pub const REFERENCES: CheckId = CheckId::OfdReferences;
    /// The seal file named in Signature.xml (`Seal`) is in the package and equals the seal inside
    /// the signature.
    pub const SEAL_FILE: CheckId = CheckId::OfdSealFile;
    /// The zip container has exactly one reading (see `zip_layout`).
    pub const PACKAGE: CheckId = CheckId::OfdPackage;
    /// The signature covers the document a reader displays (see `closure`).
    pub const DISPLAYED: CheckId = CheckId::OfdDisplayedDocument;
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
    /// Index of the DocBody whose signature list names this signature (0: the displayed one).
    body: usize,
    /// Package path of the Signatures.xml that lists it.
    list_path: String,
    /// The DocRoot of that DocBody.
    body_root: Option<String>,
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
pub fn verify_package(bytes: &[u8], ctx: &CmsContext<'_>, report: &mut DocumentReport) {
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
    // Each ambiguity is a finding; a hostile archive can hold thousands, so the report names
    // the first ones and counts the rest.
    const SHOWN_AMBIGUITIES: usize = 32;
    let ambiguities = pkg.ambiguities();
    if ambiguities.len() > SHOWN_AMBIGUITIES {
        report.findings.push(
            Finding::new(
                "OFD_ZIP_AMBIGUOUS",
                Severity::Error,
                Text::new(
                    format!(
                        "the zip container can be read in more than one way in {} places; the first {SHOWN_AMBIGUITIES} follow",
                        ambiguities.len()
                    ),
                    format!(
                        "压缩包结构有{}处歧义，以下列出前{SHOWN_AMBIGUITIES}处",
                        ambiguities.len()
                    ),
                ),
            ),
        );
    }
    for ambiguity in ambiguities.iter().take(SHOWN_AMBIGUITIES) {
        report.findings.push(
            Finding::new(
                ambiguity.code,
                Severity::Error,
                Text::new(
                    format!(
                        "the zip container can be read in more than one way ({}); different readers may show different documents, so no signature in it can be trusted",
                        ambiguity.entries.join(", ")
                    ),
                    format!(
                        "压缩包结构存在歧义（{}），不同软件可能显示不同的文档，其中的签章均不可信",
                        ambiguity.entries.join("、")
                    ),
                ),
            )
            .evidence(ambiguity.detail.clone()),
        );
    }
    let Some(ofd_root) = read_ofd_xml(&pkg, report) else {
        return;
    };
    let shown = closure::displayed(&pkg, &ofd_root);
    let listed = list_signatures(&pkg, &ofd_root, ctx, report);
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
                .filter(|root| root.name == "Signature")
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
        let later: Vec<&Listed> = parsed.iter().skip(index + 1).map(|(e, _)| e).collect();
        let scene = Scene {
            pkg: &pkg,
            later: &later,
            signatures_files: &listed.signatures_files,
            infrastructure: &infrastructure,
            shown: &shown,
        };
        let sig = verify_one(&scene, entry, xml.as_ref(), index, &mut digests, ctx);
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
    if total > 0 && !protected.contains("OFD.xml") {
        if let Some(info) = ofd_root
            .children_named("DocBody")
            .next()
            .and_then(|b| b.child("DocInfo"))
        {
            let custom: Vec<String> = info
                .child("CustomDatas")
                .map(|c| {
                    c.children_named("CustomData")
                        .filter_map(|d| d.attr("Name").map(str::to_string))
                        .take(32)
                        .collect()
                })
                .unwrap_or_default();
            report.findings.push(
                Finding::new(
                    "OFD_UNSIGNED_METADATA",
                    Severity::Info,
                    Text::new(
                        "OFD.xml is covered by no signature: its document information (DocInfo, including CustomDatas such as amounts or invoice numbers) is not signed and must not be relied on",
                        "OFD.xml不受任何签章保护：其中的文档信息（DocInfo，包括金额、发票号码等自定义数据CustomDatas）未经签章，不可采信",
                    ),
                )
                .evidence(if custom.is_empty() {
                    "DocInfo".to_string()
                } else {
                    format!("DocInfo; CustomData: {}", custom.join(", "))
                }),
            );
        }
    }
    // A Signature.xml the lists do not name is a signature no reader shows: never silent.
    let unlisted: Vec<&str> = pkg
        .paths()
        .filter(|p| p.ends_with(".xml") && !infrastructure.contains(*p))
        .filter(|p| {
            pkg.get(p)
                .and_then(xml::root_name)
                .is_some_and(|name| name == "Signature")
        })
        .take(32)
        .collect();
    if !unlisted.is_empty() {
        report.findings.push(
            Finding::new(
                "OFD_UNLISTED_SIGNATURE",
                Severity::Error,
                Text::new(
                    "the package holds signature files that no signature list names: a signature was removed from the list or hidden",
                    "文件包中有未被签名列表列出的签章文件：签章被从列表中删除或被隐藏",
                ),
            )
            .evidence(unlisted.join(", ")),
        );
    }
    if total > 0 && !shown.missing.is_empty() {
        report.findings.push(
            Finding::new(
                "OFD_DISPLAYED_FILE_MISSING",
                Severity::Warning,
                Text::new(
                    "the displayed document names files that are not in the package",
                    "所显示的文档引用了文件包中不存在的文件",
                ),
            )
            .evidence(shown.missing.iter().cloned().collect::<Vec<_>>().join(", ")),
        );
    }
}

/// What every signature of one package is judged against.
struct Scene<'a> {
    pkg: &'a Package,
    /// Signatures listed after the one being verified.
    later: &'a [&'a Listed],
    signatures_files: &'a [String],
    infrastructure: &'a BTreeSet<String>,
    shown: &'a closure::Displayed,
}

fn read_ofd_xml(pkg: &Package, report: &mut DocumentReport) -> Option<Element> {
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
    match xml::parse(ofd_bytes) {
        Ok(root) => Some(root),
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
            None
        }
    }
}

struct Listing {
    entries: Vec<Listed>,
    /// Package paths of the Signatures.xml files (they change whenever a signature is added).
    signatures_files: Vec<String>,
}

fn list_signatures(
    pkg: &Package,
    root: &Element,
    ctx: &CmsContext<'_>,
    report: &mut DocumentReport,
) -> Listing {
    let mut entries = Vec::new();
    let mut signatures_files = Vec::new();
    for (body_index, body) in root.children_named("DocBody").enumerate() {
        let Some(loc) = body.child_text("Signatures") else {
            continue;
        };
        let Some(path) = package::resolve("OFD.xml", loc) else {
            report.findings.push(
                Finding::new(
                    "OFD_SIGNATURES_MISSING",
                    Severity::Error,
                    Text::new(
                        "OFD.xml names a signature list with an unusable path",
                        "OFD.xml指向的签名列表路径无效",
                    ),
                )
                .evidence(loc.to_string()),
            );
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
        if list.name != "Signatures" {
            report.findings.push(
                Finding::new(
                    "OFD_NOT_A_SIGNATURE_LIST",
                    Severity::Error,
                    Text::new(
                        format!(
                            "OFD.xml names {path} as the signature list, but it is a <{}> document: the signatures cannot be found",
                            list.name
                        ),
                        format!("OFD.xml指向的签名列表{path}不是签名列表文件，无法找到签章"),
                    ),
                )
                .evidence(path),
            );
            continue;
        }
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
                body: body_index,
                list_path: path.clone(),
                body_root: body
                    .child_text("DocRoot")
                    .and_then(|p| package::resolve("OFD.xml", p)),
            });
        }
        signatures_files.push(path);
    }
    Listing {
        entries,
        signatures_files,
    }
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

fn verify_one(
    scene: &Scene<'_>,
    entry: &Listed,
    xml: Option<&SignatureXml>,
    index: usize,
    digests: &mut DigestCache,
    ctx: &CmsContext<'_>,
) -> SignatureReport {
    let pkg = scene.pkg;
    let is_seal = !entry.kind.eq_ignore_ascii_case("Sign");
    let mut report = SignatureReport::new(if is_seal {
        SignatureKind::Seal
    } else {
        SignatureKind::Signature
    });
    // Counted from 1, like PDF revisions: the first signature in the list is 1.
    report.revision = index + 1;
    report.field = Some(match &entry.path {
        Some(p) => format!("{}#{}", p, entry.id),
        None => format!("{}#{}", entry.base_loc, entry.id),
    });
    if let Some(check) = package_check(pkg) {
        report.checks.push(check);
    }
    let signature_xml_bytes = entry.path.as_deref().and_then(|p| pkg.get(p));
    let (Some(xml), Some(sig_xml_bytes)) = (xml, signature_xml_bytes) else {
        let what = match signature_xml_bytes.map(xml::parse) {
            None => "is not in the package".to_string(),
            Some(Err(e)) => format!("is not well-formed XML ({e})"),
            Some(Ok(root)) => format!("is a <{}> document, not a <Signature>", root.name),
        };
        report.checks.push(
            Check::failed(
                ids::SIGNATURE_FILE,
                SubIndication::FormatFailure,
                Text::new(
                    format!("the file the signature list names for this signature (BaseLoc) {what}: it is not a signature"),
                    "签名列表为该签章指向的文件（BaseLoc）不是签章描述文件（Signature.xml）",
                ),
            )
            .evidence(format!("{} ({})", entry.base_loc, entry.list_path)),
        );
        report.findings.push(
            Finding::new(
                "OFD_NOT_A_SIGNATURE",
                Severity::Error,
                Text::new(
                    format!(
                        "the signature list names {} as a signature, but that file {what}",
                        entry.base_loc
                    ),
                    format!(
                        "签名列表将{}列为签章，但该文件不是签章描述文件",
                        entry.base_loc
                    ),
                ),
            )
            .evidence(entry.list_path.clone()),
        );
        report.finish();
        return report;
    };

    // 1. References: every protected file still has the digest it had when signed.
    let (references, coverage) = check_references(scene, entry, xml, digests);
    report.checks.push(evaluate(&references, ctx.policy));
    let variant = if references.digest.is_some() {
        Variant::Standard
    } else {
        Variant::Vendor
    };
    let changes = references.changes.clone();
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

    // 2. The references cover what a reader displays.
    let seal_intact = |path: &str| {
        ses::parse_signature(
            xml.signed_value_path
                .as_deref()
                .and_then(|p| pkg.get(p))
                .unwrap_or(&[]),
        )
        .is_ok_and(|sig| pkg.get(path) == Some(sig.seal.raw))
    };
    let displayed = displayed_check(scene, entry, xml, &seal_intact);
    if displayed.sub_indication == Some(SubIndication::DisallowedModification) {
        // What is shown is not (all) what was signed: a change no rule allows, for every
        // consumer of `modifications` / `changes`.
        report.changes.push(Change {
            revision: 0,
            object: None,
            action: "displayed_not_signed".into(),
            allowed_by: None,
            description: displayed.message.clone(),
        });
        report.modifications = ModificationLevel::Disallowed;
    }
    report.checks.push(displayed);

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
            let mut outcome =
                verify::verify_signature(&ses_sig, Protected::Parts(&parts), variant, claimed, ctx);
            outcome.facts.ofd_references = Some(references);
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
    report.seal = Some(outcome.seal);
    report.seal_facts = Some(outcome.facts);
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
    ctx: &CmsContext<'_>,
) {
    report.kind = SignatureKind::Signature;
    report.signing_time = claimed;
    if let Some(content_type) = content_info_type(signed_value) {
        report.sub_filter = Some(if content_type.starts_with(GBT35275_PREFIX) {
            "gbt35275".into()
        } else {
            "pkcs7".into()
        });
        let outcome = crate::cms::verify_detached(signed_value, parts, ctx);
        let gbt = content_type.starts_with(GBT35275_PREFIX);
        report.checks.extend(outcome.checks.into_iter().map(|c| {
            // A GB/T 35275 container the CMS layer cannot read is an unsupported format, not a
            // broken signature.
            if gbt && c.status == crate::verdict::CheckStatus::Failed && c.sub_indication == Some(SubIndication::FormatFailure) {
                let mut d = Check::indeterminate(
                    c.id,
                    SubIndication::FormatFailure,
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
        let fact = crypto::examine_with_certificate(cert, &method, &message, signed_value);
        if crate::evaluate::evaluate(&fact.value, ctx.policy).is_ok() {
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

/// Fails every signature of a package whose zip container has more than one reading.
fn package_check(pkg: &Package) -> Option<Check> {
    let ambiguities = pkg.ambiguities();
    if ambiguities.is_empty() {
        return None;
    }
    Some(
        Check::failed(
            ids::PACKAGE,
            SubIndication::FormatFailure,
            Text::new(
                "the zip container can be read in more than one way: another reader may show a document this signature never covered",
                "压缩包结构存在歧义：其他软件可能显示本签章并未保护的内容",
            ),
        )
        .evidence({
            let mut named: Vec<String> = ambiguities
                .iter()
                .take(8)
                .map(|a| format!("{}: {}", a.code, a.entries.join(", ")))
                .collect();
            if ambiguities.len() > 8 {
                named.push(format!("{} more", ambiguities.len() - 8));
            }
            named.join("; ")
        }),
    )
}

/// Whether the signature covers what a reader displays: its signature list belongs to the
/// first DocBody, the displayed Document.xml is among its References, and so is every file
/// that document draws on (see `closure`). The evidence always names the displayed files the
/// signature does not cover.
fn displayed_check(
    scene: &Scene<'_>,
    entry: &Listed,
    xml: &SignatureXml,
    seal_intact: &dyn Fn(&str) -> bool,
) -> Check {
    let shown = scene.shown;
    let refs: BTreeSet<String> = xml
        .references
        .iter()
        .filter_map(|(r, _)| package::normalise_reference(r))
        .map(|r| {
            scene
                .pkg
                .resolve_ignoring_case(&r)
                .map(str::to_string)
                .unwrap_or(r)
        })
        .collect();
    let shown_root = shown.doc_root.clone().unwrap_or_default();
    let covered =
        |f: &str| refs.contains(f) || (xml.seal_path.as_deref() == Some(f) && seal_intact(f));
    let uncovered: Vec<&str> = shown
        .files
        .iter()
        .map(String::as_str)
        .filter(|f| !covered(f))
        .collect();
    // The evidence names at most 200 files (and says how many more).
    let not_covered = match uncovered.len() {
        0 => "not covered: none".to_string(),
        n if n > 200 => format!(
            "not covered: {} and {} more",
            uncovered.get(..200).unwrap_or(&[]).join(", "),
            n - 200
        ),
        _ => format!("not covered: {}", uncovered.join(", ")),
    };
    // A signature listed under a later DocBody is displayed only if that DocBody opens the
    // same document as the first one.
    if entry.body != 0 && entry.body_root.as_deref() != shown.doc_root.as_deref() {
        return Check::failed(
            ids::DISPLAYED,
            SubIndication::DisallowedModification,
            Text::new(
                format!(
                    "this signature belongs to DocBody {} of OFD.xml, but readers open the first DocBody ({}): the document shown is not the one sealed",
                    entry.body + 1,
                    if shown_root.is_empty() { "no document" } else { shown_root.as_str() }
                ),
                format!(
                    "本签章属于OFD.xml中的第{}个文档（DocBody），而阅读器打开的是第一个文档：所显示的文档并非签章时的文档",
                    entry.body + 1
                ),
            ),
        )
        .evidence(format!("signature list {}; {not_covered}", entry.list_path));
    }
    let Some(root) = shown
        .doc_root
        .as_deref()
        .filter(|_| shown.problems.is_empty())
    else {
        return Check::failed(
            ids::DISPLAYED,
            SubIndication::FormatFailure,
            Text::new(
                "the document a reader displays cannot be determined from OFD.xml, so no signature can be said to cover it",
                "无法根据OFD.xml确定阅读器显示的文档，签章无法证明其保护了所显示的内容",
            ),
        )
        .evidence(format!("{}; {not_covered}", shown.problems.join("; ")));
    };
    if !refs.contains(root) {
        let signed_documents: Vec<&str> = refs
            .iter()
            .map(String::as_str)
            .filter(|r| r.ends_with(".xml"))
            .filter(|r| {
                scene
                    .pkg
                    .get(r)
                    .and_then(xml::root_name)
                    .is_some_and(|name| name == "Document")
            })
            .take(8)
            .collect();
        if !signed_documents.is_empty() {
            return Check::failed(
                ids::DISPLAYED,
                SubIndication::DisallowedModification,
                Text::new(
                    format!(
                        "readers open {root}, but this signature covers {}: OFD.xml now points to a document that was not sealed",
                        signed_documents.join(", ")
                    ),
                    format!(
                        "阅读器打开的是{root}，而本签章保护的是{}：OFD.xml已被改为指向未经签章的文档",
                        signed_documents.join("、")
                    ),
                ),
            )
            .evidence(not_covered);
        }
    }
    if !uncovered.is_empty() {
        // Like PDF content outside the signed revision: what is shown is not all signed, so it
        // counts as a modification the signature does not allow, whether or not it happened.
        return Check::failed(
            ids::DISPLAYED,
            SubIndication::DisallowedModification,
            Text::new(
                format!(
                    "{} file(s) that readers display are not among this signature's References: they can be changed without breaking the signature, so it does not vouch for what is shown",
                    uncovered.len()
                ),
                format!(
                    "阅读器显示的{}个文件不在本签章的保护范围内：这些文件可被修改而签章仍然有效，签章不能证明所显示的内容",
                    uncovered.len()
                ),
            ),
        )
        .evidence(not_covered);
    }
    Check::passed(
        ids::DISPLAYED,
        Text::new(
            format!(
                "the signature covers the displayed document {root} and all {} files it draws on",
                shown.files.len()
            ),
            format!(
                "签章保护了所显示的文档{root}及其全部{}个文件",
                shown.files.len()
            ),
        ),
    )
    .evidence("not covered: none")
}
