//! Judging one upload against one material, and the applicant against the item.

use time::{Date, Month, OffsetDateTime};

use crate::catalog::{ApplicantType, Material, MaterialForm, Risk, ServiceItem};
use crate::license::{id_number, normalize, IdentifierKind};
use crate::report::{DocumentKind, SignatureReport};
use crate::verdict::{Indication, SubIndication, Text};

use super::binding::FormContext;
use super::matching::{
    describe_rules, qualifying_forms, rules_match, signatures, signer_label, Fields, RuleMatch,
};
use super::notice::{self, alternatives, NoticeEntry};
use super::problem::is_doubt;
pub use super::problem::Problem;
use super::{Applicant, ApplicantResult, UploadFacts, UploadOutcome};

/// The judgement of one upload for one material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The material form the upload was judged as (the best-faring of those it can be), if any.
    pub form: Option<MaterialForm>,
    /// Verified, failed or indeterminate.
    pub outcome: UploadOutcome,
    /// Failed: defects for the notice. Indeterminate: doubts for the reviewer.
    pub problems: Vec<Problem>,
    /// Catalog constraints that could not be checked on this upload (e.g. `pages`).
    pub unchecked: Vec<String>,
    /// Risk this upload alone suggests.
    pub risk: Risk,
}

impl Judgement {
    fn failed(problem: Problem, risk: Risk) -> Self {
        Judgement {
            form: None,
            outcome: UploadOutcome::Failed,
            problems: vec![problem],
            unchecked: Vec::new(),
            risk,
        }
    }
}

fn reupload_original() -> Text {
    Text::new(
        "upload the original file as issued, without any change",
        "请上传签署（盖章）后未经任何修改的原始文件",
    )
}

fn ask_issuer_again() -> Text {
    Text::new(
        "obtain a new, validly signed file from the issuer and upload it",
        "请向出具单位重新获取有效的电子文件后上传",
    )
}

/// Why a TOTAL_FAILED signature fails, in words for the applicant.
fn failed_signature(sig: &SignatureReport) -> Problem {
    match sig.sub_indication {
        Some(SubIndication::HashFailure) | Some(SubIndication::DisallowedModification) => Problem::new(
            "TAMPERED",
            Text::new(
                "was changed after it was signed or sealed; it is not the document that was signed",
                "在签名（盖章）后被修改，与签署时的文件不一致",
            ),
            reupload_original(),
        ),
        Some(SubIndication::Revoked) => Problem::new(
            "CERTIFICATE_REVOKED",
            Text::new(
                "was signed with a certificate that has been revoked",
                "所用签名证书已被吊销",
            ),
            ask_issuer_again(),
        ),
        Some(SubIndication::Expired) | Some(SubIndication::NotYetValid) => Problem::new(
            "CERTIFICATE_EXPIRED",
            Text::new(
                "was signed with a certificate that was not valid at the time of signing",
                "签名时所用证书不在有效期内",
            ),
            ask_issuer_again(),
        ),
        _ => Problem::new(
            "SIGNATURE_INVALID",
            Text::new(
                "carries an electronic signature or seal that is not valid",
                "所带电子签名（印章）无效",
            ),
            ask_issuer_again(),
        ),
    }
}

/// Why an INDETERMINATE signature could not be confirmed, for the reviewer.
fn doubtful_signature(sig: &SignatureReport) -> Problem {
    let what = match sig.sub_indication {
        Some(SubIndication::NoCertificateChainFound) => Text::new(
            "is signed with a certificate that does not chain to a trusted authority; the signer's identity cannot be confirmed",
            "的签名证书无法追溯到受信任的签发机构，无法确认签章人身份",
        ),
        Some(SubIndication::TryLater) => Text::new(
            "could not be checked for revocation (no revocation data)",
            "的签名证书无法获取吊销状态信息",
        ),
        Some(SubIndication::OutOfBoundsNoPoe) | Some(SubIndication::OutOfBoundsNotRevoked) => Text::new(
            "is signed with a certificate that has expired, without a trusted timestamp proving when it was signed",
            "的签名证书已过期，且没有可信时间戳证明签署时间",
        ),
        sub => Text::new(
            format!(
                "has a signature that can be neither confirmed nor rejected ({})",
                sub.map(|s| s.as_str()).unwrap_or("INDETERMINATE")
            ),
            format!(
                "的电子签名既不能确认有效也不能认定无效（{}）",
                sub.map(|s| s.as_str()).unwrap_or("INDETERMINATE")
            ),
        ),
    };
    Problem::new("SIGNATURE_INDETERMINATE", what, ask_issuer_again())
}

fn forms_zh_en(forms: &[MaterialForm]) -> (String, String) {
    let zh: Vec<&str> = forms.iter().map(|f| f.names().0).collect();
    let en: Vec<&str> = forms.iter().map(|f| f.names().1).collect();
    (
        alternatives(&zh, "、", "或"),
        alternatives(&en, ", ", " or "),
    )
}

fn describe_upload(facts: &UploadFacts) -> (String, String) {
    let signed = signatures(facts).next().is_some();
    match facts.report.kind {
        DocumentKind::Pdf if signed => ("带签名的PDF文件".into(), "a signed PDF".into()),
        DocumentKind::Pdf if facts.text.trim().is_empty() => (
            "无文字层的PDF扫描件".into(),
            "a PDF scan without text".into(),
        ),
        DocumentKind::Pdf => ("未签名的PDF文件".into(), "an unsigned PDF".into()),
        DocumentKind::Ofd => ("OFD文件".into(), "an OFD file".into()),
        DocumentKind::Jpeg
        | DocumentKind::Png
        | DocumentKind::Tiff
        | DocumentKind::Webp
        | DocumentKind::Bmp => ("图片文件".into(), "an image".into()),
        DocumentKind::Unknown => ("无法识别的文件".into(), "an unrecognised file".into()),
        DocumentKind::Unreadable => (
            "无法读取的文件".into(),
            "a file that could not be read".into(),
        ),
    }
}

/// Judges one upload as `material` of `item`; `form` is the rest of the application (persons,
/// form fields).
pub fn upload(
    item: &ServiceItem,
    material: &Material,
    applicant: &Applicant,
    form: &FormContext<'_>,
    facts: &UploadFacts,
    at: OffsetDateTime,
) -> Judgement {
    // 1. What makes any use of the file impossible.
    if facts.report.kind == DocumentKind::Unreadable {
        return Judgement::failed(
            Problem::new(
                "UNREADABLE_FILE",
                Text::new("could not be read", "无法读取"),
                Text::new("upload the file again", "请重新上传该文件"),
            ),
            Risk::Low,
        );
    }
    if let (DocumentKind::Unknown, Some(format)) = (
        facts.report.kind,
        facts
            .report
            .findings
            .iter()
            .find(|f| f.code == crate::image::codes::UNDECODABLE)
            .and_then(|f| f.evidence.as_deref()),
    ) {
        // A phone format (HEIC, AVIF): say which, and how to send it instead.
        return Judgement::failed(
            Problem::new(
                "UNREADABLE_FILE",
                Text::new(
                    format!("is a {format} photo, a format that cannot be opened here"),
                    format!("为{format}格式照片，无法识别"),
                ),
                Text::new(
                    "save or export the photo as JPG (on a phone: share it as JPG, or set the camera to \"most compatible\") and upload it again",
                    "请将照片转存为JPG格式（手机相机可设为“兼容性最佳”）后重新上传",
                ),
            ),
            Risk::Low,
        );
    }
    if facts.report.kind == DocumentKind::Unknown {
        return Judgement::failed(
            Problem::new(
                "UNREADABLE_FILE",
                Text::new(
                    "is not a PDF, OFD, JPEG, PNG or TIFF file",
                    "不是PDF、OFD或JPG、PNG、TIFF格式的文件，无法识别",
                ),
                Text::new(
                    "upload the material as PDF, OFD, JPG or PNG",
                    "请以PDF、OFD或JPG、PNG格式上传",
                ),
            ),
            Risk::Low,
        );
    }
    if facts
        .report
        .findings
        .iter()
        .any(|f| f.code == "LIMIT_FILE_SIZE")
    {
        return Judgement::failed(
            Problem::new(
                "FILE_TOO_LARGE",
                Text::new("is larger than the upload limit", "超过上传文件大小限制"),
                Text::new(
                    "reduce the file size (e.g. scan at a lower colour depth) and upload again",
                    "请压缩文件（如降低扫描色彩深度）后重新上传",
                ),
            ),
            Risk::Low,
        );
    }
    let sigs: Vec<&SignatureReport> = signatures(facts).collect();
    if let Some(bad) = sigs
        .iter()
        .find(|s| s.indication == Indication::TotalFailed)
    {
        // Nothing else about a tampered file can be trusted; one clear defect is enough.
        return Judgement::failed(failed_signature(bad), Risk::High);
    }
    let mut risk = Risk::Low;
    let mut doubts = Vec::new();
    if facts
        .report
        .findings
        .iter()
        .any(|f| f.code == "POLYGLOT_FILE")
    {
        risk = Risk::High;
        doubts.push(Problem::new(
            "POLYGLOT_FILE",
            Text::new(
                "can be read as more than one file format; different programs may show different content",
                "可被解析为多种文件格式，不同软件可能显示不同内容",
            ),
            reupload_original(),
        ));
    }

    // 2. Which of the material's forms the upload can be, and the best outcome among them.
    let qualifying = qualifying_forms(facts);
    let allowed: Vec<MaterialForm> = material
        .forms
        .iter()
        .copied()
        .filter(|f| qualifying.contains(f))
        .collect();
    if allowed.is_empty() {
        return Judgement::failed(wrong_form(material, facts), risk);
    }
    let mut best: Option<(
        MaterialForm,
        UploadOutcome,
        Vec<Problem>,
        Option<&SignatureReport>,
    )> = None;
    let ctx = form;
    for form in allowed {
        let (outcome, problems, sig) =
            judge_form(form, material, applicant, fields_of(ctx), facts, &sigs);
        let rank = |o: UploadOutcome| match o {
            UploadOutcome::Verified => 0,
            UploadOutcome::Indeterminate => 1,
            UploadOutcome::Failed => 2,
        };
        if best
            .as_ref()
            .is_none_or(|(_, o, _, _)| rank(outcome) < rank(*o))
        {
            best = Some((form, outcome, problems, sig));
        }
    }
    let Some((form, mut outcome, mut problems, chosen_sig)) = best else {
        return Judgement::failed(wrong_form(material, facts), risk);
    };
    if outcome == UploadOutcome::Indeterminate {
        risk = risk.max(Risk::Medium);
    }

    // 3. Constraints of the catalog, on the form it was accepted as.
    let mut unchecked = Vec::new();
    if outcome != UploadOutcome::Failed {
        // What the picture shows comes first: a blank or blurred picture makes the rest moot.
        if form == MaterialForm::ScannedImage {
            problems.extend(super::image_checks::problems(
                material,
                applicant,
                facts,
                material.constraints.min_dpi.is_some(),
                &mut unchecked,
            ));
        }
        problems.extend(constraints(
            material,
            facts,
            form,
            chosen_sig,
            at,
            &mut unchecked,
        ));
        problems.extend(content_mismatch(material, facts, chosen_sig.is_some()));
        let mut ids = identifiers_in_text(facts, at.date());
        if facts.text.trim().is_empty() && !facts.ocr_text.is_empty() {
            // Read by OCR: a failed check digit is as likely a misread as a wrong number.
            for p in &mut ids.problems {
                p.code = "OCR_IDENTIFIER_UNCERTAIN";
            }
        }
        problems.extend(ids.problems);
        problems.extend(holder_mismatch(material, applicant, &ids.valid, at.date()));
        problems.extend(super::binding::check(
            item,
            material,
            applicant,
            ctx,
            &super::binding::evidence_of(facts),
            &ids.valid
                .iter()
                .filter(|(k, _)| *k == IdentifierKind::ResidentId)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>(),
            &mut unchecked,
        ));
        if let Some(sig) = chosen_sig {
            problems.extend(revocation_unknown(material, sig));
        }
        if problems.iter().any(|p| !is_doubt(p)) {
            outcome = UploadOutcome::Failed;
            problems.retain(|p| !is_doubt(p));
        } else if !problems.is_empty() {
            outcome = UploadOutcome::Indeterminate;
        }
    }
    if outcome != UploadOutcome::Failed && !doubts.is_empty() {
        outcome = UploadOutcome::Indeterminate;
        problems.extend(doubts);
    }
    Judgement {
        form: Some(form),
        outcome,
        problems,
        unchecked,
        risk,
    }
}

fn wrong_form(material: &Material, facts: &UploadFacts) -> Problem {
    let (want_zh, want_en) = forms_zh_en(&material.forms);
    let (is_zh, is_en) = describe_upload(facts);
    Problem::new(
        "WRONG_FORM",
        Text::new(
            format!("is {is_en}; this material must be {want_en}"),
            format!("为{is_zh}，本材料须为{want_zh}"),
        ),
        Text::new(material.guidance_en.clone(), material.guidance.clone()),
    )
}

fn fields_of<'a>(form: &FormContext<'a>) -> &'a Fields {
    form.fields
}

/// Whether the revocation status of a signature's certificates was left unknown (no CRL or
/// OCSP response covered them; `--require-revocation` makes the verifier itself say so).
pub fn revocation_is_unknown(sig: &SignatureReport) -> bool {
    sig.findings
        .iter()
        .any(|f| f.code == "REVOCATION_NOT_CHECKED")
        || sig.checks.iter().any(|c| {
            c.id == "revocation"
                && c.evidence.is_some()
                && c.status == crate::verdict::CheckStatus::Skipped
        })
}

/// A signer the decision relies on whose certificate may have been revoked: never an
/// automatic acceptance, unless the catalog marks the material as not needing the status.
fn revocation_unknown(material: &Material, sig: &SignatureReport) -> Option<Problem> {
    if material.revocation_optional || !revocation_is_unknown(sig) {
        return None;
    }
    Some(Problem::new(
        "REVOCATION_UNKNOWN",
        Text::new(
            "revocation status not checked: no CRL or OCSP response covers its signing certificate, so it may have been revoked",
            "的签名证书吊销状态未核验（没有可用的CRL或OCSP响应），不能排除证书已被吊销",
        ),
        Text::new("", ""),
    ))
}

/// An upload with a text layer that names nothing of the material (no keyword, not the licence
/// type) and was not vouched for by a signer the material's rules name: probably the wrong file.
/// Keyword lists are never complete, so this is a doubt for a person, not a defect.
fn content_mismatch(
    material: &Material,
    facts: &UploadFacts,
    signer_vouches: bool,
) -> Option<Problem> {
    let text = facts.compact_text();
    if text.is_empty() || (signer_vouches && !material.signed_by.is_empty()) {
        return None;
    }
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let named = material
        .keywords
        .iter()
        .chain(material.license_type.iter())
        .any(|k| text.contains(squeeze(k).as_str()));
    (!named).then(|| {
        Problem::new(
            "CONTENT_MISMATCH",
            Text::new(
                format!(
                    "does not look like the {}: its text names none of its keywords",
                    material.name_en
                ),
                format!(
                    "的内容与{}不符（文字中没有该材料的关键信息），可能上传了错误的文件",
                    notice::quoted(&material.name)
                ),
            ),
            Text::new("", ""),
        )
    })
}

/// Judges the upload as one particular form: signatures and who made them.
fn judge_form<'a>(
    form: MaterialForm,
    material: &Material,
    applicant: &Applicant,
    fields: &Fields,
    facts: &UploadFacts,
    sigs: &[&'a SignatureReport],
) -> (UploadOutcome, Vec<Problem>, Option<&'a SignatureReport>) {
    if !form.needs_signature() {
        return (UploadOutcome::Verified, Vec::new(), None);
    }
    let signed = judge_signers(material, applicant, fields, facts, sigs);
    if form == MaterialForm::ELicense {
        return super::elicense::judge(material, applicant, facts, signed);
    }
    signed
}

/// Judges who signed: a valid signature by a signer the material's rules accept.
fn judge_signers<'a>(
    material: &Material,
    applicant: &Applicant,
    fields: &Fields,
    facts: &UploadFacts,
    sigs: &[&'a SignatureReport],
) -> (UploadOutcome, Vec<Problem>, Option<&'a SignatureReport>) {
    let (who_zh, who_en) = describe_rules(&material.signed_by, applicant.kind);
    if sigs.is_empty() {
        if facts.report.kind == DocumentKind::Ofd
            && facts
                .report
                .findings
                .iter()
                .any(|f| f.code == "KIND_NOT_VERIFIED")
        {
            return (
                UploadOutcome::Indeterminate,
                vec![Problem::new(
                    "SEAL_NOT_VERIFIED",
                    Text::new(
                        "is an OFD file whose seals this build cannot verify; check the seal by hand",
                        "为OFD文件，本系统暂不能验证其电子印章，须人工核验",
                    ),
                    Text::new("", ""),
                )],
                None,
            );
        }
        let who = if who_zh.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("由{who_zh}"), format!(" by {who_en}"))
        };
        return (
            UploadOutcome::Failed,
            vec![Problem::new(
                "NOT_SIGNED",
                Text::new(
                    "has no electronic signature or seal",
                    "未加盖电子印章，也没有电子签名",
                ),
                Text::new(
                    format!("upload the file signed or sealed electronically{}", who.1),
                    format!("请上传{}加盖电子印章或电子签名的文件", who.0),
                ),
            )],
            None,
        );
    }
    let verdicts: Vec<(&'a SignatureReport, RuleMatch)> = sigs
        .iter()
        .map(|s| (*s, rules_match(&material.signed_by, s, applicant, fields)))
        .collect();
    let with = |wanted: RuleMatch| -> Vec<&'a SignatureReport> {
        verdicts
            .iter()
            .filter(|(_, m)| *m == wanted)
            .map(|(s, _)| *s)
            .collect()
    };
    let matching = with(RuleMatch::Yes);
    if let Some(good) = matching
        .iter()
        .find(|s| s.indication == Indication::TotalPassed)
    {
        return (UploadOutcome::Verified, Vec::new(), Some(good));
    }
    if let Some(doubt) = matching.first() {
        return (
            UploadOutcome::Indeterminate,
            vec![doubtful_signature(doubt)],
            Some(doubt),
        );
    }
    // A signer the registry does not know may be the right one: the office's registry has a
    // gap, which is for staff to close, never a defect of the applicant's upload.
    if let Some(unknown) = with(RuleMatch::Unknown).first() {
        let mut problems = vec![unknown_issuer(unknown, &who_zh, &who_en)];
        if unknown.indication != Indication::TotalPassed {
            problems.push(doubtful_signature(unknown));
        }
        return (UploadOutcome::Indeterminate, problems, Some(unknown));
    }
    let mut shown: Vec<String> = sigs.iter().map(|s| signer_label(s)).collect();
    shown.retain(|s| !s.is_empty());
    shown.dedup();
    if shown.is_empty() {
        return (
            UploadOutcome::Indeterminate,
            vec![Problem::new(
                "SIGNER_UNKNOWN",
                Text::new(
                    "is signed, but the signer could not be identified",
                    "带有电子签名，但无法识别签章人",
                ),
                Text::new("", ""),
            )],
            None,
        );
    }
    let names_zh = shown.join("、");
    // The English text names only signers with names in Latin letters.
    let latin: Vec<&str> = shown
        .iter()
        .map(String::as_str)
        .filter(|s| s.is_ascii())
        .collect();
    let by_en = if latin.is_empty() {
        "another body".to_string()
    } else {
        format!("\"{}\"", latin.join(", "))
    };
    (
        UploadOutcome::Failed,
        vec![Problem::new(
            "WRONG_SIGNER",
            Text::new(
                format!("is signed or sealed by {by_en}, not by {who_en}"),
                format!("的签章人为“{names_zh}”，不是{who_zh}"),
            ),
            Text::new(
                format!("upload the file signed or sealed by {who_en}"),
                format!("请上传由{who_zh}加盖电子印章或签名的文件"),
            ),
        )],
        None,
    )
}

/// A signer that matches no entry of the issuer registry (or a certificate that does not say
/// whose it is), for the reviewer.
fn unknown_issuer(sig: &SignatureReport, who_zh: &str, who_en: &str) -> Problem {
    let label = signer_label(sig);
    let key = sig
        .signer
        .as_ref()
        .and_then(|c| c.spki_sha256.as_deref())
        .map(|k| k.chars().take(16).collect::<String>())
        .unwrap_or_else(|| "?".into());
    Problem::new(
        "ISSUER_UNKNOWN",
        Text::new(
            format!("is signed or sealed by \"{label}\" (key {key}…), who is not in the issuer registry; staff must confirm whether it is {who_en}"),
            format!("的签章人“{label}”（公钥{key}…）不在发证机构名录中，须工作人员核实其是否为{who_zh}"),
        ),
        Text::new("", ""),
    )
}

fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

fn constraints(
    material: &Material,
    facts: &UploadFacts,
    form: MaterialForm,
    sig: Option<&SignatureReport>,
    at: OffsetDateTime,
    unchecked: &mut Vec<String>,
) -> Vec<Problem> {
    let c = &material.constraints;
    let mut problems = Vec::new();
    if let Some(pages) = facts.pages {
        if let Some(max) = c.max_pages.filter(|m| pages > *m) {
            problems.push(Problem::new(
                "TOO_MANY_PAGES",
                Text::new(
                    format!("has {pages} pages, more than the {max} allowed"),
                    format!("共{pages}页，超过本材料上限{max}页"),
                ),
                Text::new(
                    "upload only the pages of this material",
                    "请只上传本材料的相关页面",
                ),
            ));
        }
        if let Some(min) = c.min_pages.filter(|m| pages < *m) {
            problems.push(Problem::new(
                "TOO_FEW_PAGES",
                Text::new(
                    format!("has {pages} pages, fewer than the {min} required"),
                    format!("仅{pages}页，少于本材料要求的{min}页"),
                ),
                Text::new(
                    "upload every page of the material",
                    "请上传本材料的全部页面",
                ),
            ));
        }
    } else if c.min_pages.is_some() || c.max_pages.is_some() {
        unchecked.push("pages".into());
    }
    if let (Some(min), MaterialForm::ScannedImage) = (c.min_dpi, form) {
        problems.extend(resolution(
            facts,
            min,
            document_short_side(material),
            unchecked,
        ));
    }
    if let Some(days) = c.issued_within_days {
        match sig.and_then(|s| s.timestamp_time.or(s.signing_time)) {
            Some(issued) if issued > at => problems.push(Problem::new(
                "ISSUED_IN_FUTURE",
                Text::new(
                    "claims to be signed after the review time",
                    "的签署时间晚于审核时间",
                ),
                Text::new("", ""),
            )),
            Some(issued) if (at - issued).whole_days() > i64::from(days) => {
                problems.push(Problem::new(
                    "TOO_OLD",
                    Text::new(
                        format!("was issued on {}, more than {days} days ago", issued.date()),
                        format!("开具日期为{}，已超过{days}日时限", date_zh(issued.date())),
                    ),
                    Text::new(
                        format!("obtain a new one issued within the last {days} days"),
                        format!("请重新开具近{days}日内的材料后上传"),
                    ),
                ))
            }
            Some(_) => {}
            None => unchecked.push("issued_within_days".into()),
        }
    }
    if c.still_valid {
        match validity_end(&facts.all_text()) {
            Some(Validity::Until(end)) if end < at.date() => problems.push(Problem::new(
                "EXPIRED_DOCUMENT",
                Text::new(
                    format!("was valid until {end}; it has expired"),
                    format!("有效期至{}，已过期", date_zh(end)),
                ),
                Text::new(
                    "upload a document that is still valid",
                    "请上传仍在有效期内的证件",
                ),
            )),
            Some(_) => {}
            None => unchecked.push("still_valid".into()),
        }
    }
    problems
}

/// Screen defaults that say nothing about the scanner (cameras write 72, some tools 96).
const PLACEHOLDER_DPI: [u32; 2] = [72, 96];
/// Shorter side of an A4 page (210 mm), in inches × 100.
const A4_SHORT_SIDE_CENTI_INCH: u32 = 827;

/// The shorter side of the document a material is, in inches × 100: cards (ID card, social
/// security card: 85.6 × 54 mm) or A4 pages (everything else).
fn document_short_side(material: &Material) -> u32 {
    let names = [
        material.name.as_str(),
        material.license_type.as_deref().unwrap_or_default(),
    ];
    let card = material.code.contains("card")
        || names
            .iter()
            .any(|n| n.contains("身份证") || n.ends_with('卡'));
    if card {
        crate::image::ID_CARD_SHORT_SIDE_CENTI_INCH
    } else {
        A4_SHORT_SIDE_CENTI_INCH
    }
}

fn resolution(
    facts: &UploadFacts,
    min: u32,
    short_side_centi_inch: u32,
    unchecked: &mut Vec<String>,
) -> Option<Problem> {
    let declared = facts
        .image
        .min_dpi()
        .filter(|d| !PLACEHOLDER_DPI.contains(d));
    let retry = Text::new(
        format!("scan again at {min} dpi or more"),
        format!("请以不低于{min}dpi的分辨率重新扫描后上传"),
    );
    if let Some(dpi) = declared {
        return (dpi < min).then(|| {
            Problem::new(
                "LOW_RESOLUTION",
                Text::new(
                    format!("is scanned at {dpi} dpi, below the required {min} dpi"),
                    format!("扫描分辨率为{dpi}dpi，低于要求的{min}dpi"),
                ),
                retry,
            )
        });
    }
    // Without a usable declaration the pixel size still bounds the resolution from above: the
    // document at `min` dpi needs this many pixels on its shorter side.
    match (facts.image.width, facts.image.height) {
        (Some(w), Some(h)) => {
            let needed = min.saturating_mul(short_side_centi_inch) / 100;
            let short = w.min(h);
            (short < needed).then(|| {
                Problem::new(
                    "LOW_RESOLUTION",
                    Text::new(
                        format!("is only {w}×{h} pixels, too small to be a {min} dpi scan"),
                        format!("图片仅{w}×{h}像素，达不到{min}dpi扫描的清晰度要求"),
                    ),
                    retry,
                )
            })
        }
        _ => {
            unchecked.push("min_dpi".into());
            None
        }
    }
}

/// The end of a validity period printed in a licence's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Valid up to and including this date.
    Until(Date),
    /// 长期
    Indefinite,
}

/// Finds "有效期至 2030年1月1日", "有效期限：2016.03.01-2036.03.01", "有效期限 长期" in
/// whitespace-free text.
pub fn validity_end(text: &str) -> Option<Validity> {
    let start = text.find("有效期")?;
    let window: String = text.get(start..)?.chars().skip(3).take(40).collect();
    let dates = dates_in(&window);
    let long = window.find("长期");
    // "2016.03.01-长期": indefinite when 长期 comes before any second date.
    match (dates.as_slice(), long) {
        ([], Some(_)) | ([_], Some(_)) => Some(Validity::Indefinite),
        ([], None) => None,
        ([only], None) => Some(Validity::Until(*only)),
        ([_, end, ..], _) => Some(Validity::Until(*end)),
    }
}

/// Dates written as 2030年1月1日, 2030.01.01, 2030-01-01 or 2030/01/01, in order.
fn dates_in(s: &str) -> Vec<Date> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() && out.len() < 4 {
        let take_number = |from: usize, max: usize| -> (u32, usize) {
            let mut n = 0u32;
            let mut len = 0;
            while let Some(d) = chars.get(from + len).and_then(|c| c.to_digit(10)) {
                if len == max {
                    break;
                }
                n = n * 10 + d;
                len += 1;
            }
            (n, len)
        };
        let (year, ylen) = take_number(i, 4);
        if ylen == 4 {
            let sep = chars.get(i + 4).copied();
            if matches!(sep, Some('年' | '.' | '-' | '/')) {
                let (month, mlen) = take_number(i + 5, 2);
                let sep2 = chars.get(i + 5 + mlen).copied();
                if mlen > 0 && matches!(sep2, Some('月' | '.' | '-' | '/')) {
                    let (day, dlen) = take_number(i + 6 + mlen, 2);
                    let date = Month::try_from(month as u8)
                        .ok()
                        .and_then(|m| Date::from_calendar_date(year as i32, m, day as u8).ok());
                    if let (Some(date), true) = (date, dlen > 0) {
                        out.push(date);
                        i += 6 + mlen + dlen;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out
}

/// Labels after which an identifier is printed, and the kind it must be.
const ID_LABELS: [(&str, IdentifierKind); 6] = [
    ("公民身份号码", IdentifierKind::ResidentId),
    ("身份证号码", IdentifierKind::ResidentId),
    ("身份证号", IdentifierKind::ResidentId),
    ("社会保障号码", IdentifierKind::ResidentId),
    ("统一社会信用代码", IdentifierKind::CreditCode),
    ("组织机构代码", IdentifierKind::OrgCode),
];
/// Characters of a labelled value read at most.
const MAX_VALUE_CHARS: usize = 64;
/// Identifier labels examined per upload.
const MAX_LABELS: usize = 64;

fn bad_identifier(
    kind: IdentifierKind,
    value: &str,
    e: &crate::license::IdentifierError,
) -> Problem {
    if kind == IdentifierKind::CreditCode && legacy_credit_code(value) {
        return legacy_code_doubt(value);
    }
    let text = identifier_error_text(kind, value, e);
    Problem::new(
        "BAD_IDENTIFIER",
        Text::new(
            format!("contains a wrong identifier: {}", text.en),
            format!("所载{}", text.zh),
        ),
        Text::new(
            "have the document corrected by whoever issued it and upload it again",
            "请出具单位更正后重新上传",
        ),
    )
}

/// What is wrong with an identifier, in words that never tell the "right" check character (a
/// guessed check digit makes a valid number that is still the wrong one).
pub fn identifier_error_text(
    kind: IdentifierKind,
    value: &str,
    e: &crate::license::IdentifierError,
) -> Text {
    let (name_zh, name_en) = kind.names();
    let shown = crate::license::normalize(value);
    if e.code.contains("CHECK") {
        return Text::new(
            format!("the {name_en} {shown} fails its check (a character is wrong)"),
            format!("{name_zh}{shown}校验未通过（有字符错误）"),
        );
    }
    e.text.clone()
}

/// A credit code of the kind issued before the 2016 rules (the pilot codes): 18 characters of
/// the code alphabet with a six-digit region and a valid organisation code in characters 9–17,
/// whose last character fails MOD 31. Such codes exist on old documents; a person checks them
/// in the registry instead of sending the applicant away.
pub fn legacy_credit_code(value: &str) -> bool {
    matches!(
        crate::license::uscc::classify(value),
        crate::license::uscc::CreditCodeClass::LegacyShape(_)
    )
}

fn legacy_code_doubt(value: &str) -> Problem {
    let code = crate::license::normalize(value);
    Problem::new(
        "LEGACY_CREDIT_CODE",
        Text::new(
            format!("shows the credit code {code}, which has the shape of a code issued before 2016 but fails today's check; staff must confirm it in the registry"),
            format!("所载统一社会信用代码{code}为2016年以前的旧版代码样式，未通过现行校验，须工作人员在登记系统中核实"),
        ),
        Text::new("", ""),
    )
}

/// Characters of a complete identifier of `kind` as printed.
fn full_length(kind: IdentifierKind) -> usize {
    match kind {
        IdentifierKind::ResidentId | IdentifierKind::CreditCode => 18,
        // 12345678-9 or 123456789.
        IdentifierKind::OrgCode => 9,
        IdentifierKind::LicenseId => 24,
    }
}

/// What the text layer says about identifiers.
#[derive(Debug, Default)]
struct IdentifiersInText {
    /// Identifiers that fail their check.
    problems: Vec<Problem>,
    /// Valid labelled identifiers (normalised), with their kind.
    valid: Vec<(IdentifierKind, String)>,
}

/// Identifiers in the text layer: e-licence identifiers wherever they appear (their root arc
/// makes them unambiguous), the others after their label.
fn identifiers_in_text(facts: &UploadFacts, today: Date) -> IdentifiersInText {
    let text = facts.compact_lines();
    let mut found = IdentifiersInText {
        problems: crate::license::elicense::find_in(&facts.all_text(), 8)
            .iter()
            .filter_map(|id| {
                crate::license::elicense::check(id)
                    .err()
                    .map(|e| bad_identifier(IdentifierKind::LicenseId, id, &e))
            })
            .collect(),
        valid: Vec::new(),
    };
    let mut seen = Vec::new();
    let mut examined = 0;
    for (label, kind) in ID_LABELS {
        for (pos, _) in text.match_indices(label) {
            examined += 1;
            if examined > MAX_LABELS {
                return found;
            }
            let after = text.get(pos + label.len()..).unwrap_or_default();
            // A value may be printed on the line after its label, never across lines. A gap
            // inside it is positioning (some generators place every few glyphs apart) until the
            // value has the identifier's full length; after that it separates the next word
            // ("91510304MA62X5W154 2026年…" on one line).
            let mut value = String::new();
            for c in after.chars().skip_while(|c| {
                matches!(
                    c,
                    '：' | ':' | '（' | '(' | '）' | ')' | '为' | '是' | '\n' | ' '
                )
            }) {
                if c == ' ' && value.len() >= full_length(kind) {
                    break;
                }
                if c.is_ascii_alphanumeric() || c == '-' {
                    value.push(c);
                } else if c != ' ' {
                    break;
                }
                // Long enough to say how long a wrong value really is (a cut at 24 once made
                // "为24位" of longer values).
                if value.len() >= MAX_VALUE_CHARS {
                    break;
                }
            }
            // Only a value long enough to be meant as this identifier is judged; a label in
            // running text ("请填写公民身份号码") has none.
            if value.len() < 8 || seen.contains(&value) {
                continue;
            }
            seen.push(value.clone());
            let result = match kind {
                IdentifierKind::ResidentId => id_number::check_any_at(&value, today).map(|_| ()),
                other => other.check(&value),
            };
            match result {
                Ok(()) => found.valid.push((
                    kind,
                    id_number::upgrade_15(&value).unwrap_or_else(|| normalize(&value)),
                )),
                Err(e) => found.problems.push(bad_identifier(kind, &value, &e)),
            }
        }
    }
    found
}

/// For materials that belong to the applicant (their ID card, their business licence): a valid
/// identifier of the applicant's kind printed in the upload must be the applicant's own.
fn holder_mismatch(
    material: &Material,
    applicant: &Applicant,
    found: &[(IdentifierKind, String)],
    today: Date,
) -> Option<Problem> {
    // Persons are bound by name and ID number in `binding`; here the unit's credit code.
    if !material.held_by_applicant || applicant.kind != ApplicantType::Unit {
        return None;
    }
    let kind = match applicant.kind {
        ApplicantType::Individual => IdentifierKind::ResidentId,
        ApplicantType::Unit => IdentifierKind::CreditCode,
    };
    let own = applicant.identifier.as_deref().map(normalize)?;
    // An applicant identifier that is itself wrong is reported on its own; comparing with it
    // would only add noise.
    let own_valid = match kind {
        IdentifierKind::ResidentId => id_number::check_at(&own, today).is_ok(),
        other => other.check(&own).is_ok(),
    };
    let printed: Vec<&String> = found
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, v)| v)
        .collect();
    if !own_valid || printed.is_empty() || printed.contains(&&own) {
        return None;
    }
    let (name_zh, name_en) = kind.names();
    let shown = printed.first().map(|s| s.as_str()).unwrap_or_default();
    Some(Problem::new(
        "HOLDER_MISMATCH",
        Text::new(
            format!("belongs to {name_en} {shown}, not to the applicant ({own})"),
            format!("所载{name_zh}为{shown}，与申请人的{name_zh}{own}不一致"),
        ),
        match applicant.kind {
            ApplicantType::Individual => Text::new(
                "check and upload the document that belongs to the applicant",
                "请核对后上传属于申请人本人的材料",
            ),
            ApplicantType::Unit => Text::new(
                "check and upload the document that belongs to the applicant unit",
                "请核对后上传属于本单位的材料",
            ),
        },
    ))
}

/// Checks the applicant's own data against the item; defects go to `notice` (material null).
/// A credit code of the old shape goes to `reasons` instead (staff confirm it).
pub fn applicant(
    item: &ServiceItem,
    applicant: &Applicant,
    today: Date,
    notice: &mut Vec<NoticeEntry>,
    reasons: &mut Vec<super::ReviewReason>,
) -> ApplicantResult {
    let kind_for = |t: ApplicantType| match t {
        ApplicantType::Individual => IdentifierKind::ResidentId,
        ApplicantType::Unit => IdentifierKind::CreditCode,
    };
    let (need_id_zh, need_id_en) = kind_for(item.applicant_type).names();
    // The identifier is checked as what the applicant says it is (a person's ID number is not
    // a malformed credit code); a wrong applicant type is its own defect.
    let expected_kind = kind_for(applicant.kind);
    let (id_zh, id_en) = expected_kind.names();
    if !item.accepts(applicant.kind) {
        let (need_zh, need_en) = match item.applicant_type {
            ApplicantType::Unit => ("单位", "an employer or other organisation"),
            ApplicantType::Individual => ("个人", "an individual"),
        };
        notice.push(notice::applicant_entry(
            "APPLICANT_TYPE_MISMATCH",
            Text::new(
                format!("\"{}\" can only be applied for by {need_en}", item.name_en),
                format!("“{}”须由{need_zh}申请", item.name),
            ),
            Text::new(
                format!("apply as {need_en}, giving the {need_id_en}"),
                format!("请以{need_zh}身份申请，并填写{need_id_zh}"),
            ),
        ));
    }
    if applicant.name.trim().is_empty() {
        notice.push(notice::applicant_entry(
            "APPLICANT_NAME_MISSING",
            Text::new("the applicant's name is missing", "未填写申请人名称"),
            Text::new(
                "fill in the name exactly as on the ID card or business licence",
                "请按身份证件或营业执照上的名称如实填写",
            ),
        ));
    }
    let mut valid = false;
    match applicant
        .identifier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => notice.push(notice::applicant_entry(
            "APPLICANT_ID_MISSING",
            Text::new(
                format!("the applicant's {id_en} is missing"),
                format!("未填写申请人{id_zh}"),
            ),
            Text::new(format!("fill in the {id_en}"), format!("请填写{id_zh}")),
        )),
        Some(value) => {
            // 15-digit numbers (upgraded), the residence permits of Hong Kong, Macao and Taiwan
            // residents and the foreign permanent residence ID card are all resident numbers.
            let result = match expected_kind {
                IdentifierKind::ResidentId => id_number::check_any_at(value, today).map(|_| ()),
                other => other.check(value),
            };
            match result {
                Ok(()) => valid = true,
                Err(_)
                    if expected_kind == IdentifierKind::CreditCode && legacy_credit_code(value) =>
                {
                    let p = legacy_code_doubt(value);
                    reasons.push(super::ReviewReason {
                        material: None,
                        upload: None,
                        zh: format!("申请人{}", p.what.zh.trim_start_matches("所载")),
                        en: format!("the applicant's credit code: {}", p.what.en),
                    });
                }
                Err(e) => notice.push(notice::applicant_entry(
                    e.code,
                    identifier_error_text(expected_kind, value, &e),
                    Text::new(
                        format!("check the {id_en} against the original document and correct it"),
                        format!("请对照证件原件核对后重新填写{id_zh}"),
                    ),
                )),
            }
        }
    }
    ApplicantResult {
        kind: applicant.kind,
        name: applicant.name.clone(),
        identifier: applicant.identifier.clone(),
        identifier_kind: applicant.identifier.as_ref().map(|_| expected_kind),
        identifier_valid: valid,
    }
}
