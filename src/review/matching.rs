//! Which material each upload is for.
//!
//! An upload with a material code of the item is used for that material. Any other upload is
//! recognised by what it is: the forms its kind allows (a JPEG can only be a scan), who signed
//! or sealed it, the keywords of its text layer and the licence type it names. Its file name is
//! never looked at: "身份证.pdf" may hold anything.

use crate::catalog::{ApplicantType, Material, MaterialForm, ServiceItem, SignerRule};
use crate::license::normalize;
use crate::report::{DocumentKind, SignatureKind, SignatureReport};

use super::{Applicant, UploadFacts};

/// One upload and the material it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub upload: usize,
    /// Index of the material in the item, or `None` when it matches none.
    pub material: Option<usize>,
    /// The applicant chose the material.
    pub declared: bool,
    /// What recognised it (`keyword:…`, `signer:…`, `license_type:…`).
    pub evidence: Vec<String>,
}

/// The forms an upload can count as, from its real kind, signatures and text layer.
pub fn qualifying_forms(facts: &UploadFacts) -> Vec<MaterialForm> {
    let signed = signatures(facts).next().is_some();
    let has_text = !facts.text.trim().is_empty();
    match facts.report.kind {
        DocumentKind::Pdf => {
            let mut forms = Vec::new();
            if signed {
                forms.extend([MaterialForm::ELicense, MaterialForm::SignedPdf]);
            }
            if has_text {
                forms.push(MaterialForm::FilledForm);
            } else {
                // A PDF without a text layer is a scan packaged as PDF.
                forms.push(MaterialForm::ScannedImage);
            }
            forms
        }
        // Seals in OFD may not be verifiable by this build; assessment says so.
        DocumentKind::Ofd => vec![
            MaterialForm::ELicense,
            MaterialForm::SealedOfd,
            MaterialForm::FilledForm,
        ],
        DocumentKind::Jpeg
        | DocumentKind::Png
        | DocumentKind::Tiff
        | DocumentKind::Webp
        | DocumentKind::Bmp => {
            vec![MaterialForm::ScannedImage]
        }
        DocumentKind::Unknown => Vec::new(),
    }
}

/// Signatures and seals of an upload (document timestamps sign nothing on anyone's behalf).
pub fn signatures(facts: &UploadFacts) -> impl Iterator<Item = &SignatureReport> {
    facts
        .report
        .signatures
        .iter()
        .filter(|s| s.kind != SignatureKind::Timestamp)
}

/// Names under which a signature was made: the signer's certificate subject and, for
/// e-seals, the seal's own name (SES_ESPropertyInfo.name, e.g. "某某公司合同专用章"). The seal
/// maker's certificate is not among them: the maker makes seals for others.
pub fn identities(sig: &SignatureReport) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(cert) = &sig.signer {
        out.push(cert.subject.clone());
    }
    if let Some(name) = sig
        .seal
        .as_ref()
        .and_then(|seal| seal.get("name"))
        .and_then(|n| n.as_str())
    {
        out.push(name.to_string());
    }
    out
}

/// Whether a signer known by `identities` satisfies `rule` for `applicant`.
pub fn rule_matches(rule: &SignerRule, identities: &[String], applicant: &Applicant) -> bool {
    let compact: Vec<String> = identities.iter().map(|s| squeeze(s)).collect();
    match rule {
        SignerRule::Applicant => {
            let name = squeeze(&applicant.name);
            let id = applicant.identifier.as_deref().map(normalize);
            compact.iter().any(|who| {
                (name.chars().count() >= 2 && who.contains(&name))
                    || id
                        .as_ref()
                        .is_some_and(|id| id.len() >= 9 && who.to_uppercase().contains(id))
            })
        }
        SignerRule::Authority(name) => {
            let name = squeeze(name);
            compact.iter().any(|who| who.contains(&name))
        }
        SignerRule::Subject(subject) => {
            let wanted: Vec<String> = subject
                .split(',')
                .map(squeeze)
                .filter(|p| !p.is_empty())
                .collect();
            compact
                .iter()
                .any(|who| wanted.iter().all(|pair| who.contains(pair.as_str())))
        }
    }
}

/// Describes who must sign, for notices.
pub fn describe_rules(rules: &[SignerRule], applicant_kind: ApplicantType) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for rule in rules {
        match rule {
            SignerRule::Applicant => match applicant_kind {
                ApplicantType::Unit => {
                    zh.push("申请单位".to_string());
                    en.push("the applicant unit".to_string());
                }
                ApplicantType::Individual => {
                    zh.push("申请人本人".to_string());
                    en.push("the applicant".to_string());
                }
            },
            SignerRule::Authority(name) => {
                zh.push(format!("名称含“{name}”的出具机构"));
                en.push(format!("an issuing authority named \"{name}\""));
            }
            SignerRule::Subject(subject) => {
                zh.push(format!("证书主体为“{subject}”的签发方"));
                en.push(format!("the holder of certificate \"{subject}\""));
            }
        }
    }
    (
        super::notice::alternatives(&zh, "、", "或"),
        super::notice::alternatives(&en, ", ", " or "),
    )
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How strongly an upload looks like a material; zero when nothing but its kind fits.
///
/// The content decides (keywords, licence type, signer); a kind that fits the material's forms
/// only adds weight. An upload that is clearly the material but in the wrong form (an unsigned
/// copy of a form that must be sealed) is still matched, so the notice can say what is wrong
/// with it instead of calling the material missing.
fn score(
    material: &Material,
    applicant: &Applicant,
    facts: &UploadFacts,
    text: &str,
) -> (u32, Vec<String>) {
    let mut score = 0;
    let mut evidence = Vec::new();
    for keyword in &material.keywords {
        if text.contains(squeeze(keyword).as_str()) {
            score += 10;
            evidence.push(format!("keyword:{keyword}"));
        }
    }
    if let Some(license) = &material.license_type {
        if text.contains(squeeze(license).as_str())
            && !evidence.contains(&format!("keyword:{license}"))
        {
            score += 10;
            evidence.push(format!("license_type:{license}"));
        }
    }
    for sig in signatures(facts) {
        let who = identities(sig);
        for rule in &material.signed_by {
            if rule_matches(rule, &who, applicant) {
                // Being signed by a named authority says much about what a document is;
                // being signed by the applicant says little (they sign many things).
                score += if *rule == SignerRule::Applicant {
                    5
                } else {
                    20
                };
                evidence.push(format!(
                    "signer:{}",
                    who.first().cloned().unwrap_or_default()
                ));
                break;
            }
        }
    }
    let forms = qualifying_forms(facts);
    if score > 0 && material.forms.iter().any(|f| forms.contains(f)) {
        score += 5;
    }
    (score, evidence)
}

/// Assigns every upload to at most one material.
pub fn assign(
    item: &ServiceItem,
    applicant: &Applicant,
    uploads: &[UploadFacts],
) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::with_capacity(uploads.len());
    let mut used = vec![0usize; item.materials.len()];
    // Declared ones first, so recognition prefers materials nobody declared.
    for (i, facts) in uploads.iter().enumerate() {
        let declared = facts
            .declared_material
            .as_deref()
            .and_then(|code| item.materials.iter().position(|m| m.code == code));
        if let Some(mi) = declared {
            if let Some(n) = used.get_mut(mi) {
                *n += 1;
            }
        }
        out.push(Assignment {
            upload: i,
            material: declared,
            declared: declared.is_some(),
            evidence: Vec::new(),
        });
    }
    for (i, facts) in uploads.iter().enumerate() {
        if out.get(i).is_some_and(|a| a.declared) {
            continue;
        }
        let text = facts.compact_text();
        let mut best: Option<(u32, bool, usize, Vec<String>)> = None;
        for (mi, material) in item.materials.iter().enumerate() {
            let (s, evidence) = score(material, applicant, facts, &text);
            if s == 0 {
                continue;
            }
            let free = used.get(mi).copied().unwrap_or(0) == 0;
            let better = match &best {
                None => true,
                // Higher score wins; on a tie an unfilled material wins; then checklist order.
                Some((bs, bfree, _, _)) => s > *bs || (s == *bs && free && !*bfree),
            };
            if better {
                best = Some((s, free, mi, evidence));
            }
        }
        if let (Some((_, _, mi, evidence)), Some(slot)) = (best, out.get_mut(i)) {
            if let Some(n) = used.get_mut(mi) {
                *n += 1;
            }
            slot.material = Some(mi);
            slot.evidence = evidence;
        }
    }
    out
}
