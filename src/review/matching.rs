//! Which material each upload is for.
//!
//! An upload with a material code of the item is used for that material. Any other upload is
//! recognised by what it is: the forms its kind allows (a JPEG can only be a scan), who signed
//! or sealed it (by identity: see [`crate::issuers`]), the keywords of its text layer and the licence type it names. Its file name is
//! never looked at: "身份证.pdf" may hold anything.

use crate::catalog::{ApplicantType, Material, MaterialForm, ServiceItem, SignerRule};
use crate::license::normalize;
use crate::report::{DocumentKind, SignatureKind, SignatureReport};

use super::{Applicant, UploadFacts};

/// The application's form values by field name.
pub type Fields = std::collections::BTreeMap<String, serde_json::Value>;

/// One upload and the material it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Index of the upload in the application (upload order).
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
        DocumentKind::Unknown | DocumentKind::Unreadable => Vec::new(),
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

/// Whether a signature's signer satisfies a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleMatch {
    /// The signer is identified and satisfies the rule.
    Yes,
    /// The signer is identified and does not.
    No,
    /// The signer cannot be identified for this rule (no issuer-registry entry, or a
    /// certificate without the applicant's kind of identifier): a person must decide.
    Unknown,
}

/// A signer as people know it: the organisation (O) or common name (CN) of the certificate
/// subject, or the seal's name. For messages only; never compared with anything.
pub fn signer_label(sig: &SignatureReport) -> String {
    if let Some(m) = &sig.issuer {
        return m.name.clone();
    }
    let seal_name = sig.seal.as_ref().map(|seal| seal.name.clone());
    let subject = sig.signer.as_ref().map(|c| display_name(&c.subject));
    subject.or(seal_name).unwrap_or_default()
}

/// The O or CN of a printed distinguished name, or the name as it is.
pub fn display_name(identity: &str) -> String {
    let attribute = |key: &str| {
        identity
            .split(',')
            .map(str::trim)
            .find_map(|part| part.strip_prefix(key))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    attribute("O=")
        .or_else(|| attribute("CN="))
        .unwrap_or(identity)
        .to_string()
}

/// Whether the signer of `sig` satisfies `rule` for `applicant`, by identity only: the issuer
/// registry entry the verifier found for the signature (category, credit code), or the
/// applicant's identifier carried by the certificate. Parts of names are never compared.
/// `fields` are the application's form values (for [`SignerRule::UsccField`]).
pub fn rule_matches(
    rule: &SignerRule,
    sig: &SignatureReport,
    applicant: &Applicant,
    fields: &Fields,
) -> RuleMatch {
    let by_registry = |wanted: &dyn Fn(&crate::issuers::IssuerMatch) -> bool| match &sig.issuer {
        Some(m) if wanted(m) => RuleMatch::Yes,
        Some(_) => RuleMatch::No,
        None => RuleMatch::Unknown,
    };
    match rule {
        SignerRule::Category(category) => by_registry(&|m| m.category == *category),
        SignerRule::Uscc(code) => by_registry(&|m| m.uscc == *code),
        // The signer's credit code, from its certificate or its registry entry, must be the
        // code the form gives (the former employer's). Without either, a person decides.
        SignerRule::UsccField(field) => {
            let Some(wanted) = fields
                .get(field)
                .and_then(|v| v.as_str())
                .map(normalize)
                .filter(|v| !v.is_empty())
            else {
                return RuleMatch::Unknown;
            };
            let carried = sig
                .signer
                .as_ref()
                .and_then(|c| c.uscc.clone())
                .into_iter()
                .chain(sig.issuer.as_ref().map(|m| m.uscc.clone()))
                .map(|c| normalize(&c))
                .collect::<Vec<_>>();
            if carried.is_empty() {
                RuleMatch::Unknown
            } else if carried.contains(&wanted) {
                RuleMatch::Yes
            } else {
                RuleMatch::No
            }
        }
        SignerRule::Applicant => {
            let Some(own) = applicant.identifier.as_deref().map(normalize) else {
                return RuleMatch::Unknown;
            };
            let cert = sig.signer.as_ref();
            let carried = match applicant.kind {
                ApplicantType::Unit => cert
                    .and_then(|c| c.uscc.clone())
                    .or_else(|| sig.issuer.as_ref().map(|m| m.uscc.clone())),
                ApplicantType::Individual => cert.and_then(|c| c.resident_id.clone()),
            };
            match carried {
                Some(code) if code == own => RuleMatch::Yes,
                Some(_) => RuleMatch::No,
                None => RuleMatch::Unknown,
            }
        }
    }
}

/// The best answer of any rule in `rules` (any one suffices; no rules: anyone).
pub fn rules_match(
    rules: &[SignerRule],
    sig: &SignatureReport,
    applicant: &Applicant,
    fields: &Fields,
) -> RuleMatch {
    if rules.is_empty() {
        return RuleMatch::Yes;
    }
    let answers: Vec<RuleMatch> = rules
        .iter()
        .map(|r| rule_matches(r, sig, applicant, fields))
        .collect();
    if answers.contains(&RuleMatch::Yes) {
        RuleMatch::Yes
    } else if answers.contains(&RuleMatch::Unknown) {
        RuleMatch::Unknown
    } else {
        RuleMatch::No
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
            SignerRule::Category(category) => {
                let (c_zh, c_en) = category_names(category);
                zh.push(c_zh);
                en.push(c_en);
            }
            SignerRule::Uscc(code) => {
                zh.push(format!("统一社会信用代码为{code}的出具单位"));
                en.push(format!("the issuing body with credit code {code}"));
            }
            SignerRule::UsccField(_) => {
                zh.push("申请表所填的单位".to_string());
                en.push("the unit named in the application form".to_string());
            }
        }
    }
    let zh: Vec<String> = dedup(zh);
    let en: Vec<String> = dedup(en);
    (
        super::notice::alternatives(&zh, "、", "或"),
        super::notice::alternatives(&en, ", ", " or "),
    )
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(x.clone());
        new
    });
    v
}

/// Words for an issuer category.
pub fn category_names(category: &str) -> (String, String) {
    let (zh, en) = match category {
        "public_security" => ("公安机关", "a public security bureau"),
        "hospital" => ("医疗机构", "a hospital"),
        "employer_any" => ("用人单位", "the employer"),
        "social_insurance" => ("社会保险经办机构", "a social insurance agency"),
        "civil_affairs" => ("民政部门", "a civil affairs office"),
        "tax" => ("税务机关", "a tax bureau"),
        "market_regulation" => ("市场监督管理部门", "a market regulation bureau"),
        "health" => ("卫生健康部门", "a health commission"),
        "disabled_persons_federation" => ("残疾人联合会", "a disabled persons' federation"),
        "human_resources" => (
            "人力资源和社会保障部门",
            "a human resources and social security bureau",
        ),
        "finance" => ("财政部门", "a finance bureau"),
        "court" => ("人民法院", "a court"),
        // A category without words of its own: its code is internal, never shown.
        _ => ("出具单位", "the issuing body"),
    };
    (zh.to_string(), en.to_string())
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
    fields: &Fields,
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
        for rule in &material.signed_by {
            if rule_matches(rule, sig, applicant, fields) == RuleMatch::Yes {
                // Being signed by a registered issuing body says much about what a document
                // is; being signed by the applicant says little (they sign many things).
                score += if *rule == SignerRule::Applicant {
                    5
                } else {
                    20
                };
                evidence.push(format!("signer:{}", signer_label(sig)));
                break;
            }
        }
    }
    // An e-licence of the type the material asks for is that material.
    if let (Some(wanted), Some(license)) = (&material.license_type, &facts.report.license) {
        let same = crate::license::types::by_name(wanted)
            .is_some_and(|t| license.license_type.as_deref() == Some(t.name.as_str()));
        if same && !evidence.contains(&format!("license_type:{wanted}")) {
            score += 20;
            evidence.push(format!("license:{wanted}"));
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
    fields: &Fields,
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
            let (s, evidence) = score(material, applicant, fields, facts, &text);
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
