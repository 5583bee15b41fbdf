//! The plain-text form of verification, seal and review reports (what `sealcheck verify`,
//! `seal` and `review` print without `--format json`), in the language staff ask for.
//!
//! [`Lang::En`] is the text the CLI has always printed for `verify` and `seal`; [`Lang::Both`]
//! is what it has always printed for `review` (its decision, correction notice and reviewer
//! notes carry both languages). Check and finding messages come from the reports, which hold
//! both languages; labels are translated here. Text that exists in one language only (the
//! descriptions of modifications, the measurements of pictures, machine codes and ETSI
//! indications) is printed as it is in every language.
//!
//! Every string that comes from a document (names, subjects, messages with evidence) goes
//! through [`printable`], so control characters in an upload cannot drive the terminal.

use std::fmt::Write as _;

use time::OffsetDateTime;

use crate::image::ImageReport;
use crate::printable::printable;
use crate::report::seal_block::SealBlock;
use crate::report::{DocumentKind, DocumentReport, ModificationLevel, SignatureKind};
use crate::report::{SignatureReport, VerifyReport};
use crate::review::{Decision, MaterialStatus, Review};
use crate::verdict::{CheckStatus, Finding, Severity};

/// Findings printed per document and per signature; the rest are counted ("N more"). The
/// JSON report keeps every finding.
pub const MAX_PRINTED_FINDINGS: usize = 20;

/// The language of text output (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English labels and messages.
    #[default]
    En,
    /// Chinese labels and messages.
    Zh,
    /// English labels; every message in English, then in Chinese.
    Both,
}

impl Lang {
    /// The name `--lang` takes: `en`, `zh` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Both => "both",
        }
    }

    /// A fixed label: Chinese for [`Lang::Zh`], English otherwise.
    fn label(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En | Lang::Both => en,
        }
    }

    /// A message held in both languages, made printable. [`Lang::Both`] joins them with ` / `
    /// (one line, so line-oriented tools keep working); a missing or identical Chinese text
    /// leaves the English alone.
    fn message(self, en: &str, zh: &str) -> String {
        match self {
            Lang::En => printable(en).into_owned(),
            Lang::Zh if !zh.is_empty() => printable(zh).into_owned(),
            Lang::Zh => printable(en).into_owned(),
            Lang::Both if zh.is_empty() || zh == en => printable(en).into_owned(),
            Lang::Both => format!("{} / {}", printable(en), printable(zh)),
        }
    }
}

/// Why a `--lang` value was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected en, zh or both")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            "both" => Ok(Lang::Both),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

/// RFC 3339 text of a time (empty in the impossible case that it cannot be written).
fn rfc3339(t: OffsetDateTime) -> String {
    crate::rfc3339::format(t)
}

/// A whole verification report: the validation time, then one block per document.
pub fn verify_report(report: &VerifyReport, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        lang.label("validation time: ", "验证时间："),
        rfc3339(report.validation_time)
    );
    for doc in &report.documents {
        document(doc, lang, &mut out);
    }
    out
}

/// One document: what it is, its pictures, its signatures, its e-licence and its findings.
pub fn document(doc: &DocumentReport, lang: Lang, out: &mut String) {
    if doc.kind == DocumentKind::Unreadable {
        let _ = writeln!(
            out,
            "\n{} {}",
            printable(&doc.path),
            lang.label("(unreadable)", "（无法读取）")
        );
        findings(&doc.findings, "  ", lang, out);
        return;
    }
    let sha = doc.sha256.get(..16).unwrap_or(&doc.sha256);
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "\n{}（{}，{} 字节，sha256 {}）",
            printable(&doc.path),
            doc.kind.as_str(),
            doc.size,
            sha
        ),
        Lang::En | Lang::Both => writeln!(
            out,
            "\n{} ({}, {} bytes, sha256 {})",
            printable(&doc.path),
            doc.kind.as_str(),
            doc.size,
            sha
        ),
    };
    if doc.signatures.is_empty() {
        let _ = writeln!(out, "  {}", lang.label("no signature", "无签名"));
    }
    for picture in doc.image.iter().chain(&doc.page_images) {
        out.push_str(&image(picture, lang));
    }
    for sig in &doc.signatures {
        signature(sig, lang, out);
    }
    license(doc, lang, out);
    findings(&doc.findings, "  ", lang, out);
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Info => lang.label("Info", "提示"),
        Severity::Warning => lang.label("Warning", "警告"),
        Severity::Error => lang.label("Error", "错误"),
    }
}

fn more_findings(count: usize, indent: &str, lang: Lang, out: &mut String) {
    let _ = match lang {
        Lang::Zh => writeln!(out, "{indent}… 另有 {count} 条（完整内容见 --format json）"),
        Lang::En | Lang::Both => writeln!(
            out,
            "{indent}… {count} more findings (all are in --format json)"
        ),
    };
}

/// One line per finding, `[Severity] CODE: message (evidence)`, at most
/// [`MAX_PRINTED_FINDINGS`], then how many were left out.
pub fn findings(list: &[Finding], indent: &str, lang: Lang, out: &mut String) {
    for f in list.iter().take(MAX_PRINTED_FINDINGS) {
        let _ = write!(
            out,
            "{indent}[{}] {}: {}",
            severity(f.severity, lang),
            printable(&f.code),
            lang.message(&f.message, &f.message_zh)
        );
        if let Some(e) = &f.evidence {
            let _ = write!(out, " ({})", printable(e));
        }
        out.push('\n');
    }
    if list.len() > MAX_PRINTED_FINDINGS {
        more_findings(list.len() - MAX_PRINTED_FINDINGS, indent, lang, out);
    }
}

fn verdict(sig: &SignatureReport) -> String {
    match sig.sub_indication {
        Some(sub) => format!("{} / {}", sig.indication.as_str(), sub.as_str()),
        None => sig.indication.as_str().to_string(),
    }
}

fn kind_word(kind: SignatureKind, lang: Lang) -> &'static str {
    match kind {
        SignatureKind::Signature => lang.label("signature", "签名"),
        SignatureKind::Timestamp => lang.label("timestamp", "时间戳"),
        SignatureKind::Seal => lang.label("seal", "签章"),
    }
}

fn modification_word(level: ModificationLevel, lang: Lang) -> &'static str {
    match level {
        ModificationLevel::None => lang.label("none", "无"),
        ModificationLevel::Allowed => lang.label("allowed", "允许的修改"),
        ModificationLevel::Disallowed => lang.label("disallowed", "不允许的修改"),
    }
}

/// One signature: who, the verdict, when, what it covers, and what went wrong.
pub fn signature(sig: &SignatureReport, lang: Lang, out: &mut String) {
    let who = sig
        .signer
        .as_ref()
        .map(|s| s.subject.clone())
        .unwrap_or_else(|| lang.label("unknown signer", "签名人未知").into());
    let field = sig
        .field
        .as_deref()
        .unwrap_or(lang.label("(no field)", "（无签名域）"));
    let _ = writeln!(
        out,
        "  {} [{}] {}: {}",
        printable(field),
        kind_word(sig.kind, lang),
        printable(&who),
        verdict(sig)
    );
    if let Some(issuer) = &sig.issuer {
        let matched_by = format!("{:?}", issuer.matched_by).to_lowercase();
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "    签发机构：{}（{}，{}，匹配依据 {}）",
                printable(&issuer.name),
                printable(&issuer.uscc),
                printable(&issuer.category),
                matched_by
            ),
            Lang::En | Lang::Both => writeln!(
                out,
                "    issuer: {} ({}, {}, matched by {})",
                printable(&issuer.name),
                printable(&issuer.uscc),
                printable(&issuer.category),
                matched_by
            ),
        };
    }
    let when = sig
        .timestamp_time
        .map(|t| format!("{} {}", lang.label("timestamped", "时间戳"), rfc3339(t)))
        .or(sig
            .signing_time
            .map(|t| format!("{} {}", lang.label("claims", "声称签署于"), rfc3339(t))))
        .unwrap_or_else(|| lang.label("no signing time", "无签署时间").into());
    let whole = if sig.covers_whole_document {
        lang.label("yes", "是")
    } else {
        lang.label("no", "否")
    };
    let changes = modification_word(sig.modifications, lang);
    // The same revision number as the JSON `revision` and the messages (counted from 1).
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "    第 {} 版，{}，覆盖整个文档：{}，签署后的修改：{}",
            sig.revision, when, whole, changes
        ),
        Lang::En | Lang::Both => writeln!(
            out,
            "    revision {}, {}, covers whole document: {}, changes after signing: {}",
            sig.revision, when, whole, changes
        ),
    };
    write_unpassed_checks(&sig.checks, lang, out);
    for change in sig.changes.iter().filter(|c| c.allowed_by.is_none()) {
        let _ = writeln!(
            out,
            "    - {}{}",
            lang.label("not allowed: ", "不允许："),
            printable(&change.description)
        );
    }
    for f in sig.findings.iter().take(MAX_PRINTED_FINDINGS) {
        let message = lang.message(&f.message, &f.message_zh);
        let _ = match &f.evidence {
            Some(e) => writeln!(
                out,
                "    ! {}: {} ({})",
                printable(&f.code),
                message,
                printable(e)
            ),
            None => writeln!(out, "    ! {}: {}", printable(&f.code), message),
        };
    }
    if sig.findings.len() > MAX_PRINTED_FINDINGS {
        more_findings(sig.findings.len() - MAX_PRINTED_FINDINGS, "    ", lang, out);
    }
}

/// One line per picture: `image 674×425, 200 dpi, sharpness 1.204, mean 201, contrast 45,
/// phash …, 1 QR, 9 text lines`. Measurements are not translated; the label is.
pub fn image(image: &ImageReport, lang: Lang) -> String {
    let mut parts = vec![format!("{}×{}", image.width, image.height)];
    parts.push(match image.dpi {
        Some((x, y)) if x == y => format!("{x} dpi"),
        Some((x, y)) => format!("{x}×{y} dpi"),
        None => "dpi not declared".into(),
    });
    parts.push(format!("sharpness {:.3}", image.sharpness));
    parts.push(format!("mean {:.0}", image.mean));
    parts.push(format!("contrast {:.0}", image.contrast));
    parts.push(format!("phash {}", image.phash));
    if !image.qr.is_empty() {
        parts.push(format!("{} QR: {}", image.qr.len(), image.qr.join(" | ")));
    }
    if let Some(text) = &image.text {
        parts.push(format!("{} text lines ({})", text.lines.len(), text.engine));
    }
    if let Some(software) = image.exif.as_ref().and_then(|e| e.software.as_ref()) {
        parts.push(format!("software {software}"));
    }
    let label = match (image.page, lang) {
        (Some(p), Lang::Zh) => format!("第 {p} 页图片"),
        (Some(p), _) => format!("page {p} image"),
        (None, Lang::Zh) => "图片".into(),
        (None, _) => "image".into(),
    };
    format!("  {label} {}\n", parts.join(", "))
}

/// The e-licence block of a document: holder, type, issuer, validity, then what failed.
pub fn license(doc: &DocumentReport, lang: Lang, out: &mut String) {
    let Some(license) = &doc.license else {
        return;
    };
    let f = &license.fields;
    let or_dash = |v: &Option<String>| printable(v.as_deref().unwrap_or("-")).into_owned();
    let protection = match (license.covered_by.as_deref(), lang) {
        (Some(c), Lang::Zh) => format!("元数据受 {c} 保护"),
        (Some(c), _) => format!("metadata protected by {c}"),
        (None, Lang::Zh) => "元数据未受任何签名保护".into(),
        (None, _) => "metadata not protected by any signature".into(),
    };
    let license_type = license
        .license_type
        .as_deref()
        .or(f.name.as_deref())
        .map_or_else(|| "-".into(), |t| printable(t).into_owned());
    let registry = match (&license.issuer_registry, lang) {
        (Some(m), Lang::Zh) => format!(
            "；登记：{} {}（{}）",
            printable(&m.name),
            printable(&m.uscc),
            printable(&m.category)
        ),
        (Some(m), _) => format!(
            "; registry: {} {} ({})",
            printable(&m.name),
            printable(&m.uscc),
            printable(&m.category)
        ),
        (None, Lang::Zh) => "；登记：无此机构".into(),
        (None, _) => "; registry: no entry".into(),
    };
    let status = license.status.as_str();
    let (type_code, identifier) = (or_dash(&f.type_code), or_dash(&f.identifier));
    let (holder, code_type, code) = (
        or_dash(&f.holder),
        or_dash(&f.holder_code_type),
        or_dash(&f.holder_code),
    );
    let (issuer, issuer_code) = (or_dash(&f.issuer), or_dash(&f.issuer_code));
    let (issued, from, until) = (
        or_dash(&f.issue_date),
        or_dash(&f.valid_from),
        or_dash(&f.valid_until),
    );
    let _ = match lang {
        Lang::Zh => {
            let _ = writeln!(out, "  电子证照：{status}（{protection}）");
            let _ = writeln!(
                out,
                "    类型：{license_type} [{type_code}]  标识：{identifier}"
            );
            let _ = writeln!(out, "    持证主体：{holder}（{code_type} {code}）");
            let _ = writeln!(out, "    发证机构：{issuer}（{issuer_code}）{registry}");
            writeln!(out, "    发证日期 {issued}，有效期 {from} 至 {until}")
        }
        Lang::En | Lang::Both => {
            let _ = writeln!(out, "  e-licence: {status} ({protection})");
            let _ = writeln!(
                out,
                "    type: {license_type} [{type_code}]  identifier: {identifier}"
            );
            let _ = writeln!(out, "    holder: {holder} ({code_type} {code})");
            let _ = writeln!(out, "    issuer: {issuer} ({issuer_code}){registry}");
            writeln!(out, "    issued {issued}, valid {from} to {until}")
        }
    };
    for check in &license.checks {
        if matches!(
            check.status,
            CheckStatus::Failed | CheckStatus::Indeterminate
        ) {
            // English exactly as the CLI always printed it (check ids and codes are ASCII
            // constants); other languages through `printable` like every message.
            let message = match lang {
                Lang::En => check.message.en.clone(),
                Lang::Zh | Lang::Both => lang.message(&check.message.en, &check.message.zh),
            };
            let _ = writeln!(
                out,
                "    ✗ {} {}: {}",
                check.id,
                check.code.as_deref().unwrap_or(""),
                message
            );
        }
    }
    for u in &license.uncovered {
        let _ = writeln!(
            out,
            "    ! {}{} = {} ({})",
            lang.label("not protected, ignored: ", "未受保护，已忽略："),
            printable(&u.field),
            printable(&u.value),
            printable(&u.part)
        );
    }
}

/// A seal picture, decoded from the `picture` member of a seal block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealPicture {
    /// Picture format as the seal names it (`png`, `jpg`, `ofd`, …).
    pub kind: String,
    /// Declared width in millimetres.
    pub width_mm: i64,
    /// Declared height in millimetres.
    pub height_mm: i64,
    /// The picture's bytes.
    pub data: Vec<u8>,
}

/// The picture of a seal entry, when its seal block holds one that decodes.
pub fn seal_picture(sig: &SignatureReport) -> Option<SealPicture> {
    use base64::Engine as _;
    let p = &sig.seal.as_ref()?.picture;
    Some(SealPicture {
        kind: p.kind.clone(),
        width_mm: p.width_mm,
        height_mm: p.height_mm,
        data: base64::engine::general_purpose::STANDARD
            .decode(&p.data_base64)
            .ok()?,
    })
}

/// The e-seals of one document (`sealcheck seal`): each seal's name, verdict, seal data,
/// picture and failed checks, then the document's findings. `saved_to[i]` is where the i-th
/// picture was written, if it was.
pub fn seal_document(
    name: &str,
    doc: &DocumentReport,
    saved_to: &[Option<String>],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let seals: Vec<&SignatureReport> = doc.signatures.iter().filter(|s| s.seal.is_some()).collect();
    // Pictures are numbered over the seals that have one, as the extracted files are.
    let pictures: Vec<SealPicture> = seals.iter().filter_map(|s| seal_picture(s)).collect();
    let _ = writeln!(out, "{} ({})", printable(name), doc.kind.as_str());
    if seals.is_empty() {
        let _ = writeln!(out, "  {}", lang.label("no seal", "无签章"));
    }
    for (i, s) in seals.iter().enumerate() {
        seal(
            s,
            pictures.get(i),
            saved_to.get(i).cloned().flatten(),
            lang,
            &mut out,
        );
    }
    findings(&doc.findings, "  ", lang, &mut out);
    out
}

fn seal(
    s: &SignatureReport,
    picture: Option<&SealPicture>,
    saved_to: Option<String>,
    lang: Lang,
    out: &mut String,
) {
    let block = s.seal.as_ref();
    let text = |field: fn(&SealBlock) -> &String| {
        printable(block.map_or("?", |b| field(b).as_str())).into_owned()
    };
    let _ = writeln!(
        out,
        "  {}: 「{}」 {}",
        printable(
            s.field
                .as_deref()
                .unwrap_or(lang.label("(seal)", "（签章）"))
        ),
        text(|b| &b.name),
        verdict(s)
    );
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "    标准 {}，印章标识 {}，厂商 {}",
            text(|b| &b.standard),
            text(|b| &b.es_id),
            text(|b| &b.vendor_id)
        ),
        Lang::En | Lang::Both => writeln!(
            out,
            "    standard {}, esID {}, vendor {}",
            text(|b| &b.standard),
            text(|b| &b.es_id),
            text(|b| &b.vendor_id)
        ),
    };
    if let Some(v) = block.map(|b| &b.validity) {
        let _ = writeln!(
            out,
            "    {} {} .. {}",
            lang.label("valid", "有效期"),
            printable(&rfc3339(v.not_before)),
            printable(&rfc3339(v.not_after))
        );
    }
    if let Some(signer) = &s.signer {
        let _ = writeln!(
            out,
            "    {} {}",
            lang.label("signer", "签章人"),
            printable(&signer.subject)
        );
    }
    if let Some(t) = s.signing_time {
        let _ = writeln!(
            out,
            "    {} {}",
            lang.label("signed at", "签章时间"),
            rfc3339(t)
        );
    }
    if let Some(p) = picture {
        let saved = saved_to
            .map(|w| {
                format!(
                    "{}{}",
                    lang.label(", saved to ", "，已保存到 "),
                    printable(&w)
                )
            })
            .unwrap_or_default();
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "    图片 {} {}×{} 毫米，{} 字节{saved}",
                printable(&p.kind),
                p.width_mm,
                p.height_mm,
                p.data.len()
            ),
            Lang::En | Lang::Both => writeln!(
                out,
                "    picture {} {}×{} mm, {} bytes{saved}",
                printable(&p.kind),
                p.width_mm,
                p.height_mm,
                p.data.len()
            ),
        };
    }
    write_unpassed_checks(&s.checks, lang, out);
}

fn decision_zh(d: Decision) -> &'static str {
    match d {
        Decision::Accept => "预审通过",
        Decision::ManualReview => "转人工审核",
        Decision::ReturnForCorrection => "退回补正",
    }
}

/// A pre-review for people: decision, materials, the correction notice, reviewer notes and
/// the uploads' verdicts. [`Lang::Both`] (the `review` default) prints the decision, notice
/// and notes in Chinese and English; the findings of unreadable uploads are English there,
/// as they always were.
pub fn review(r: &Review, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {} {}",
        printable(&r.item),
        printable(&r.item_name),
        lang.label("risk", "风险"),
        r.risk.as_str()
    );
    let _ = match lang {
        Lang::Both => writeln!(
            out,
            "decision: {} ({})",
            r.decision.as_str(),
            decision_zh(r.decision)
        ),
        Lang::En => writeln!(out, "decision: {}", r.decision.as_str()),
        Lang::Zh => writeln!(
            out,
            "结论：{}（{}）",
            decision_zh(r.decision),
            r.decision.as_str()
        ),
    };
    let applicant = if r.applicant.name.is_empty() {
        "-".into()
    } else {
        printable(&r.applicant.name)
    };
    let identifier = match (&r.applicant.identifier, r.applicant.identifier_valid) {
        (Some(id), true) => format!("{} ✓", printable(id)),
        (Some(id), false) => format!("{} ✗", printable(id)),
        (None, _) => lang.label("no identifier", "无证件号码").into(),
    };
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "申请人：{applicant}（{}），{identifier}",
            r.applicant.kind.as_str()
        ),
        Lang::En | Lang::Both => writeln!(
            out,
            "applicant: {applicant} ({}), {identifier}",
            r.applicant.kind.as_str()
        ),
    };
    let _ = write!(out, "\n{}\n", lang.label("materials:", "材料："));
    for m in &r.materials {
        let mark = match m.status {
            MaterialStatus::Satisfied => "✓",
            MaterialStatus::Deferred => "…",
            MaterialStatus::Indeterminate => "?",
            MaterialStatus::Missing if m.requirement != crate::catalog::Requirement::Required => {
                "-"
            }
            MaterialStatus::Missing | MaterialStatus::Invalid => "✗",
        };
        let files: Vec<String> = m
            .uploads
            .iter()
            .map(|u| format!("{} ({:?})", printable(&u.file_name), u.outcome).to_lowercase())
            .collect();
        let supply = match (m.supply_within_days, lang) {
            (Some(d), Lang::Zh) => format!("，{d} 日内补交"),
            (Some(d), _) => format!(", supply within {d} days"),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {mark} {} {} [{}]: {}{}{}",
            printable(&m.code),
            printable(&m.name),
            m.requirement.as_str(),
            m.status.as_str(),
            supply,
            if files.is_empty() {
                String::new()
            } else {
                format!(" ← {}", files.join(", "))
            }
        );
    }
    for u in &r.unmatched_uploads {
        let _ = writeln!(
            out,
            "  ✗ {} {} ({})",
            lang.label("(no material)", "（无对应材料）"),
            printable(&u.file_name),
            u.kind.as_str()
        );
    }
    if !r.notice.is_empty() {
        let _ = write!(
            out,
            "\n{}\n",
            match lang {
                Lang::Both => "一次性告知 / correction notice:",
                Lang::En => "correction notice:",
                Lang::Zh => "一次性告知：",
            }
        );
        for (i, n) in r.notice.iter().enumerate() {
            let _ = match lang {
                Lang::Both => writeln!(
                    out,
                    "  {}. {}\n     {}",
                    i + 1,
                    printable(&n.zh),
                    printable(&n.en)
                ),
                Lang::En => writeln!(out, "  {}. {}", i + 1, printable(&n.en)),
                Lang::Zh => writeln!(out, "  {}. {}", i + 1, printable(&n.zh)),
            };
        }
    }
    if !r.review_reasons.is_empty() {
        let _ = write!(out, "\n{}\n", lang.label("for the reviewer:", "审核提示："));
        for reason in &r.review_reasons {
            let _ = match lang {
                Lang::Both => writeln!(
                    out,
                    "  - {}\n    {}",
                    printable(&reason.zh),
                    printable(&reason.en)
                ),
                Lang::En => writeln!(out, "  - {}", printable(&reason.en)),
                Lang::Zh => writeln!(out, "  - {}", printable(&reason.zh)),
            };
        }
    }
    let _ = write!(out, "\n{}\n", lang.label("uploads:", "上传文件："));
    for d in &r.documents {
        let verdicts: Vec<String> = d
            .signatures
            .iter()
            .map(|s| match s.sub_indication {
                Some(sub) => format!("{}/{}", s.indication.as_str(), sub.as_str()),
                None => s.indication.as_str().to_string(),
            })
            .collect();
        let verdicts = if verdicts.is_empty() {
            lang.label("no signature", "无签名").to_string()
        } else {
            verdicts.join(", ")
        };
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "  {}（{}，{} 字节）：{verdicts}",
                printable(&d.path),
                d.kind.as_str(),
                d.size
            ),
            Lang::En | Lang::Both => writeln!(
                out,
                "  {} ({}, {} bytes): {verdicts}",
                printable(&d.path),
                d.kind.as_str(),
                d.size
            ),
        };
        if d.kind == DocumentKind::Unreadable {
            let findings_lang = if lang == Lang::Zh { Lang::Zh } else { Lang::En };
            findings(&d.findings, "    ", findings_lang, &mut out);
        }
    }
    out
}

/// One line per failed or indeterminate check: its id and its message in `lang`.
fn write_unpassed_checks(checks: &[crate::verdict::Check], lang: Lang, out: &mut String) {
    for check in checks {
        if matches!(
            check.status,
            CheckStatus::Failed | CheckStatus::Indeterminate
        ) {
            let _ = writeln!(
                out,
                "    ✗ {}: {}",
                printable(check.id.as_str()),
                lang.message(&check.message, &check.message_zh)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Check, SubIndication, Text};

    fn report() -> VerifyReport {
        let mut sig = SignatureReport::new(SignatureKind::Signature);
        sig.field = Some("Signature1".into());
        sig.revision = 1;
        sig.checks.push(Check::failed(
            crate::check_id::CheckId::MessageDigest,
            SubIndication::HashFailure,
            Text::new("the signed bytes were changed", "签名内容已被修改"),
        ));
        sig.finish();
        VerifyReport {
            schema: crate::report::SCHEMA.into(),
            validation_time: time::macros::datetime!(2026-11-26 00:00 UTC),
            documents: vec![DocumentReport {
                path: "a.pdf".into(),
                kind: DocumentKind::Pdf,
                size: 10,
                sha256: "00112233445566778899".into(),
                signatures: vec![sig],
                findings: vec![Finding::new(
                    "POLYGLOT_FILE",
                    Severity::Warning,
                    Text::new("also another format", "同时是其他格式"),
                )],
                license: None,
                image: None,
                page_images: Vec::new(),
            }],
        }
    }

    #[test]
    fn english_is_the_text_the_cli_always_printed() {
        assert_eq!(
            verify_report(&report(), Lang::En),
            "validation time: 2026-11-26T00:00:00Z\n\
             \na.pdf (pdf, 10 bytes, sha256 0011223344556677)\
             \n  Signature1 [signature] unknown signer: TOTAL_FAILED / HASH_FAILURE\
             \n    revision 1, no signing time, covers whole document: no, changes after signing: none\
             \n    ✗ message_digest: the signed bytes were changed\
             \n  [Warning] POLYGLOT_FILE: also another format\n"
        );
    }

    #[test]
    fn chinese_translates_labels_and_messages() {
        let out = verify_report(&report(), Lang::Zh);
        assert!(out.starts_with("验证时间：2026-11-26T00:00:00Z\n"), "{out}");
        assert!(
            out.contains("a.pdf（pdf，10 字节，sha256 0011223344556677）"),
            "{out}"
        );
        assert!(out.contains("Signature1 [签名] 签名人未知: TOTAL_FAILED / HASH_FAILURE"));
        assert!(out.contains("第 1 版，无签署时间，覆盖整个文档：否，签署后的修改：无"));
        assert!(
            out.contains("✗ message_digest: 签名内容已被修改\n"),
            "{out}"
        );
        assert!(
            out.contains("[警告] POLYGLOT_FILE: 同时是其他格式\n"),
            "{out}"
        );
        assert!(!out.contains("the signed bytes were changed"));
    }

    #[test]
    fn both_puts_the_chinese_after_the_english_on_the_same_line() {
        let out = verify_report(&report(), Lang::Both);
        assert!(
            out.contains("✗ message_digest: the signed bytes were changed / 签名内容已被修改\n")
        );
        assert!(out.contains("[Warning] POLYGLOT_FILE: also another format / 同时是其他格式\n"));
        assert!(out.starts_with("validation time: "));
    }

    #[test]
    fn a_missing_chinese_text_falls_back_to_english() {
        assert_eq!(Lang::Zh.message("only English", ""), "only English");
        assert_eq!(Lang::Both.message("same", "same"), "same");
        assert_eq!(Lang::Both.message("a\u{1b}", "b"), "a\\u{1b} / b");
    }

    #[test]
    fn lang_names_round_trip() {
        for lang in [Lang::En, Lang::Zh, Lang::Both] {
            assert_eq!(lang.as_str().parse::<Lang>(), Ok(lang));
        }
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn findings_past_the_cap_are_counted_not_printed() {
        let list: Vec<Finding> = (0..MAX_PRINTED_FINDINGS + 5)
            .map(|i| {
                Finding::new(
                    "LIMIT_OBJECTS",
                    Severity::Warning,
                    Text::new(format!("finding {i}\u{1b}[2J"), "x"),
                )
                .evidence("obj\r1")
            })
            .collect();
        let mut out = String::new();
        findings(&list, "  ", Lang::En, &mut out);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), MAX_PRINTED_FINDINGS + 1);
        assert_eq!(
            lines[0],
            "  [Warning] LIMIT_OBJECTS: finding 0\\u{1b}[2J (obj\\u{d}1)"
        );
        assert_eq!(
            lines[MAX_PRINTED_FINDINGS],
            "  … 5 more findings (all are in --format json)"
        );
        let mut exact = String::new();
        findings(&list[..MAX_PRINTED_FINDINGS], "  ", Lang::En, &mut exact);
        assert!(!exact.contains("more findings"));
        let mut zh = String::new();
        findings(&list, "  ", Lang::Zh, &mut zh);
        assert!(
            zh.starts_with("  [警告] LIMIT_OBJECTS: x (obj\\u{d}1)\n"),
            "{zh}"
        );
        assert!(
            zh.ends_with("  … 另有 5 条（完整内容见 --format json）\n"),
            "{zh}"
        );
    }

    #[test]
    fn seal_listing_in_both_languages() {
        let mut sig = SignatureReport::new(SignatureKind::Seal);
        sig.field = Some("s1".into());
        sig.seal = Some(crate::report::seal_block::SealBlock {
            name: "测试专用章".into(),
            standard: "GB/T 38540".into(),
            es_id: "1".into(),
            vendor_id: "v".into(),
            ..Default::default()
        });
        sig.checks.push(Check::failed(
            crate::check_id::CheckId::SealValidity,
            SubIndication::Expired,
            Text::new("the seal has expired", "印章已过期"),
        ));
        sig.finish();
        let doc = DocumentReport {
            path: "a.ofd".into(),
            kind: DocumentKind::Ofd,
            size: 1,
            sha256: String::new(),
            signatures: vec![sig],
            findings: Vec::new(),
            license: None,
            image: None,
            page_images: Vec::new(),
        };
        let en = seal_document("a.ofd", &doc, &[], Lang::En);
        assert_eq!(
            en,
            "a.ofd (ofd)\n  s1: 「测试专用章」 TOTAL_FAILED / EXPIRED\
             \n    standard GB/T 38540, esID 1, vendor v\
             \n    valid 1970-01-01T00:00:00Z .. 1970-01-01T00:00:00Z\
             \n    picture  0×0 mm, 0 bytes\
             \n    ✗ seal_validity: the seal has expired\n"
        );
        let zh = seal_document("a.ofd", &doc, &[], Lang::Zh);
        assert!(
            zh.contains("    标准 GB/T 38540，印章标识 1，厂商 v\n"),
            "{zh}"
        );
        assert!(zh.contains("✗ seal_validity: 印章已过期\n"), "{zh}");
        let empty = DocumentReport {
            signatures: Vec::new(),
            ..doc
        };
        assert!(seal_document("a.ofd", &empty, &[], Lang::Zh).contains("  无签章\n"));
    }

    fn review_with_a_notice() -> Review {
        use crate::catalog::{builtin, ApplicantType};
        use crate::review::{Applicant, Application, Reviewer};
        let catalog = builtin::catalog().expect("the built-in catalog is valid");
        let reviewer = Reviewer::new(crate::verifier::Verifier::default(), catalog);
        let application = Application {
            persons: Vec::new(),
            fields: Default::default(),
            item: "rights-record-printout".into(),
            applicant: Applicant {
                kind: ApplicantType::Individual,
                name: "李四".into(),
                identifier: Some("321083197812162118".into()),
            },
            uploads: Vec::new(),
        };
        reviewer
            .review(&application, time::macros::datetime!(2026-11-26 00:00 UTC))
            .expect("the item exists")
    }

    #[test]
    fn review_in_each_language() {
        let r = review_with_a_notice();
        assert!(!r.notice.is_empty());
        let (first_zh, first_en) = (&r.notice[0].zh, &r.notice[0].en);

        let both = review(&r, Lang::Both);
        assert!(
            both.contains("decision: return_for_correction (退回补正)\n"),
            "{both}"
        );
        assert!(
            both.contains("\n一次性告知 / correction notice:\n"),
            "{both}"
        );
        assert!(
            both.contains(&format!("  1. {first_zh}\n     {first_en}\n")),
            "{both}"
        );

        let en = review(&r, Lang::En);
        assert!(en.contains("decision: return_for_correction\n"), "{en}");
        assert!(en.contains("\ncorrection notice:\n  1. "), "{en}");
        assert!(
            en.contains(first_en.as_str()) && !en.contains(first_zh.as_str()),
            "{en}"
        );

        let zh = review(&r, Lang::Zh);
        assert!(
            zh.contains("结论：退回补正（return_for_correction）\n"),
            "{zh}"
        );
        assert!(
            zh.contains("申请人：李四（individual），321083197812162118 ✗"),
            "{zh}"
        );
        assert!(zh.contains("\n一次性告知：\n  1. "), "{zh}");
        assert!(
            zh.contains(first_zh.as_str()) && !zh.contains(first_en.as_str()),
            "{zh}"
        );
        assert!(zh.contains("\n上传文件：\n"), "{zh}");
    }
}
