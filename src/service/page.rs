//! The staff report page: a review rendered as one self-contained HTML page (minijinja,
//! auto-escaping every value; no script framework). Chinese first, English by a CSS-only
//! toggle; a print stylesheet.
//!
//! The page is built from a view model made here, so the template only lays out strings. Parts
//! of a document report this build does not model (an `image` object with measurements, a
//! `license` object) are read from the report's JSON when present, so the page shows them as
//! soon as the library reports them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use base64::Engine as _;
use minijinja::Environment;
use serde::Serialize;

use super::error::ApiError;
use crate::report::{Coverage, DocumentReport, ModificationLevel, SignatureReport};
use crate::review::{Decision, MaterialStatus, Review, Upload, UploadOutcome};
use crate::verdict::Indication;

/// Largest upload shown inline as a thumbnail.
const MAX_PREVIEW_BYTES: usize = 4 * 1024 * 1024;

/// A picture of an upload, for the page (only for formats a browser shows, by content).
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub data_uri: Option<String>,
}

/// Thumbnails of the image uploads, in upload order (computed before the uploads move into
/// the review job).
pub fn previews(uploads: &[Upload]) -> Vec<Preview> {
    uploads
        .iter()
        .map(|u| Preview {
            data_uri: image_mime(&u.bytes)
                .filter(|_| u.bytes.len() <= MAX_PREVIEW_BYTES)
                .map(|mime| data_uri(mime, &u.bytes)),
        })
        .collect()
}

fn image_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else if bytes.starts_with(b"BM") {
        Some("image/bmp")
    } else {
        None
    }
}

fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Text in both languages.
#[derive(Debug, Clone, Serialize)]
struct Both {
    zh: String,
    en: String,
}

fn both(zh: impl Into<String>, en: impl Into<String>) -> Both {
    Both {
        zh: zh.into(),
        en: en.into(),
    }
}

#[derive(Serialize)]
struct PageView {
    request_id: String,
    item: String,
    item_name: String,
    catalog_version: String,
    validation_time: String,
    decision: Both,
    decision_class: &'static str,
    risk: Both,
    applicant: ApplicantView,
    notice: Vec<NoticeView>,
    notice_text: String,
    reasons: Vec<Both>,
    materials: Vec<MaterialView>,
    unmatched: Vec<UnmatchedView>,
    documents: Vec<DocumentView>,
}

#[derive(Serialize)]
struct ApplicantView {
    name: String,
    kind: Both,
    identifier: String,
    identifier_valid: bool,
}

#[derive(Serialize)]
struct NoticeView {
    zh: String,
    en: String,
    code: String,
}

#[derive(Serialize)]
struct MaterialView {
    code: String,
    name: String,
    requirement: Both,
    status: Both,
    status_class: &'static str,
    supply_within_days: Option<u32>,
    uploads: Vec<UseView>,
}

#[derive(Serialize)]
struct UseView {
    upload: usize,
    file_name: String,
    outcome: Both,
    outcome_class: &'static str,
    matched_by: Both,
    problems: Vec<Both>,
}

#[derive(Serialize)]
struct UnmatchedView {
    upload: usize,
    file_name: String,
    declared: String,
    kind: String,
}

#[derive(Serialize)]
struct DocumentView {
    number: usize,
    file_name: String,
    kind: String,
    size: u64,
    sha256: String,
    verdict: Both,
    verdict_class: &'static str,
    thumbnail: Option<String>,
    /// Measurements of an image upload (`image` object of the report), as label → value.
    measurements: Vec<(String, String)>,
    signatures: Vec<SignatureView>,
    timeline: Vec<TimelineEntry>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct SignatureView {
    field: String,
    kind: String,
    signer: String,
    issuer: String,
    signing_time: String,
    timestamp_time: String,
    revision: usize,
    coverage: Both,
    modifications: Both,
    indication: Both,
    indication_class: &'static str,
    sub_indication: String,
    problems: Vec<Both>,
    seal_name: String,
    seal_picture: Option<String>,
}

#[derive(Serialize)]
struct TimelineEntry {
    revision: usize,
    what: Both,
    object: String,
    allowed_by: Option<String>,
    class: &'static str,
}

#[derive(Serialize)]
struct FindingView {
    code: String,
    severity: String,
    text: Both,
}

fn decision_view(d: Decision) -> (Both, &'static str) {
    match d {
        Decision::Accept => (both("预审通过", "Accepted"), "ok"),
        Decision::ManualReview => (both("转人工审核", "Manual review"), "warn"),
        Decision::ReturnForCorrection => (both("退回补正", "Return for correction"), "bad"),
    }
}

fn status_view(s: MaterialStatus) -> (Both, &'static str) {
    match s {
        MaterialStatus::Satisfied => (both("已满足", "satisfied"), "ok"),
        MaterialStatus::Missing => (both("缺少", "missing"), "bad"),
        MaterialStatus::Invalid => (both("无效", "invalid"), "bad"),
        MaterialStatus::Deferred => (both("容缺后补", "deferred"), "muted"),
        MaterialStatus::Indeterminate => (both("待人工核实", "indeterminate"), "warn"),
    }
}

fn outcome_view(o: UploadOutcome) -> (Both, &'static str) {
    match o {
        UploadOutcome::Verified => (both("核验通过", "verified"), "ok"),
        UploadOutcome::Failed => (both("未通过", "failed"), "bad"),
        UploadOutcome::Indeterminate => (both("无法确定", "indeterminate"), "warn"),
    }
}

fn indication_view(i: Option<Indication>) -> (Both, &'static str) {
    match i {
        Some(Indication::TotalPassed) => (both("签名有效", "TOTAL_PASSED"), "ok"),
        Some(Indication::TotalFailed) => (both("签名无效", "TOTAL_FAILED"), "bad"),
        Some(Indication::Indeterminate) => (both("无法确定", "INDETERMINATE"), "warn"),
        None => (both("无签名", "no signature"), "muted"),
    }
}

fn coverage_view(c: Coverage) -> Both {
    match c {
        Coverage::WholeFile => both("覆盖整个文件", "whole file"),
        Coverage::EntireRevision => both(
            "覆盖所签版本（其后有追加修订）",
            "signed revision (later revisions follow)",
        ),
        Coverage::Partial => both("仅覆盖部分内容", "part of the file"),
    }
}

fn modification_view(m: ModificationLevel) -> Both {
    match m {
        ModificationLevel::None => both("签名后无修改", "no change after signing"),
        ModificationLevel::Allowed => both("签名后有允许的修改", "allowed changes after signing"),
        ModificationLevel::Disallowed => {
            both("签名后有不允许的修改", "disallowed changes after signing")
        }
    }
}

fn time_text(t: Option<time::OffsetDateTime>) -> String {
    t.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
    .unwrap_or_default()
}

fn signature_view(s: &SignatureReport) -> SignatureView {
    let (indication, indication_class) = indication_view(Some(s.indication));
    let problems = s
        .checks
        .iter()
        .filter(|c| {
            c.status != crate::verdict::CheckStatus::Passed
                && c.status != crate::verdict::CheckStatus::Skipped
        })
        .map(|c| both(c.message_zh.clone(), c.message.clone()))
        .collect();
    let seal = s.seal.as_ref();
    let seal_name = seal.map(|v| v.name.clone()).unwrap_or_default();
    let seal_picture = seal.map(|v| &v.picture).and_then(|p| {
        let mime = match p.kind.to_ascii_uppercase().as_str() {
            "PNG" => "image/png",
            "JPG" | "JPEG" => "image/jpeg",
            "GIF" => "image/gif",
            "BMP" => "image/bmp",
            _ => return None,
        };
        let data = p.data_base64.as_str();
        // Our own encoding, but check: only base64 characters go into the attribute.
        let plain = data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        (plain && !data.is_empty()).then(|| format!("data:{mime};base64,{data}"))
    });
    SignatureView {
        field: s.field.clone().unwrap_or_default(),
        kind: format!("{:?}", s.kind).to_lowercase(),
        signer: s
            .signer
            .as_ref()
            .map(|c| c.subject.clone())
            .unwrap_or_default(),
        issuer: s
            .signer
            .as_ref()
            .map(|c| c.issuer.clone())
            .unwrap_or_default(),
        signing_time: time_text(s.signing_time),
        timestamp_time: time_text(s.timestamp_time),
        revision: s.revision,
        coverage: coverage_view(s.coverage),
        modifications: modification_view(s.modifications),
        indication,
        indication_class,
        sub_indication: s
            .sub_indication
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
        problems,
        seal_name,
        seal_picture,
    }
}

/// Signatures and later changes of one document in revision order; a change several
/// signatures report is listed once.
fn timeline(d: &DocumentReport) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = Vec::new();
    for s in &d.signatures {
        let who = s
            .signer
            .as_ref()
            .map(|c| c.subject.clone())
            .unwrap_or_else(|| "?".into());
        let field = s.field.clone().unwrap_or_default();
        entries.push(TimelineEntry {
            revision: s.revision,
            what: both(
                format!("签名 {field}：{who}"),
                format!("signature {field}: {who}"),
            ),
            object: String::new(),
            allowed_by: None,
            class: "t-sig",
        });
    }
    let mut seen: BTreeMap<(usize, Option<u32>, String, String), ()> = BTreeMap::new();
    for s in &d.signatures {
        for c in &s.changes {
            let key = (
                c.revision,
                c.object,
                c.action.clone(),
                c.description.clone(),
            );
            if seen.insert(key, ()).is_some() {
                continue;
            }
            entries.push(TimelineEntry {
                revision: c.revision,
                what: both(
                    format!("{}：{}", action_zh(&c.action), c.description),
                    format!("{}: {}", c.action, c.description),
                ),
                object: c.object.map(|o| format!("obj {o}")).unwrap_or_default(),
                allowed_by: c.allowed_by.clone(),
                class: if c.allowed_by.is_some() {
                    "allowed"
                } else {
                    "disallowed"
                },
            });
        }
    }
    entries.sort_by_key(|e| (e.revision, e.class != "t-sig"));
    entries
}

/// The change's action in Chinese (the description itself is English only in the report).
fn action_zh(action: &str) -> &str {
    match action {
        "added" => "新增",
        "modified" => "修改",
        "removed" => "删除",
        "appended_bytes" => "追加字节",
        other => other,
    }
}

/// Scalar fields of the report's `image` object (when the library reports one).
fn measurements(d: &DocumentReport) -> Vec<(String, String)> {
    let Ok(value) = serde_json::to_value(d) else {
        return Vec::new();
    };
    let Some(image) = value.get("image").and_then(|v| v.as_object()) else {
        return Vec::new();
    };
    image
        .iter()
        .filter_map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((k.clone(), text))
        })
        .collect()
}

fn document_view(i: usize, d: &DocumentReport, preview: Option<&Preview>) -> DocumentView {
    let (verdict, verdict_class) = indication_view(d.worst_indication());
    DocumentView {
        number: i + 1,
        file_name: d.path.clone(),
        kind: d.kind.as_str().to_string(),
        size: d.size,
        sha256: d.sha256.clone(),
        verdict,
        verdict_class,
        thumbnail: preview.and_then(|p| p.data_uri.clone()),
        measurements: measurements(d),
        signatures: d.signatures.iter().map(signature_view).collect(),
        timeline: timeline(d),
        findings: d
            .findings
            .iter()
            .map(|f| FindingView {
                code: f.code.clone(),
                severity: format!("{:?}", f.severity).to_lowercase(),
                text: both(f.message_zh.clone(), f.message.clone()),
            })
            .collect(),
    }
}

fn page_view(r: &Review, previews: &[Preview], request_id: &str) -> PageView {
    let (decision, decision_class) = decision_view(r.decision);
    let notice: Vec<NoticeView> = r
        .notice
        .iter()
        .map(|n| NoticeView {
            zh: n.zh.clone(),
            en: n.en.clone(),
            code: n.code.clone(),
        })
        .collect();
    let notice_text = if notice.is_empty() {
        String::new()
    } else {
        let mut text = format!("您申请的“{}”事项，经预审需补正以下材料：\n", r.item_name);
        for (i, n) in notice.iter().enumerate() {
            text.push_str(&format!("{}. {}\n", i + 1, n.zh));
        }
        text
    };
    PageView {
        request_id: request_id.to_string(),
        item: r.item.clone(),
        item_name: r.item_name.clone(),
        catalog_version: r.catalog_version.clone().unwrap_or_default(),
        validation_time: time_text(Some(r.validation_time)),
        decision,
        decision_class,
        risk: match r.risk {
            crate::catalog::Risk::Low => both("低", "low"),
            crate::catalog::Risk::Medium => both("中", "medium"),
            crate::catalog::Risk::High => both("高", "high"),
        },
        applicant: ApplicantView {
            name: r.applicant.name.clone(),
            kind: match r.applicant.kind {
                crate::catalog::ApplicantType::Individual => both("个人", "individual"),
                crate::catalog::ApplicantType::Unit => both("单位", "unit"),
            },
            identifier: r.applicant.identifier.clone().unwrap_or_default(),
            identifier_valid: r.applicant.identifier_valid,
        },
        notice,
        notice_text,
        reasons: r
            .review_reasons
            .iter()
            .map(|x| both(x.zh.clone(), x.en.clone()))
            .collect(),
        materials: r
            .materials
            .iter()
            .map(|m| {
                let (status, status_class) = status_view(m.status);
                MaterialView {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    requirement: match m.requirement {
                        crate::catalog::Requirement::Required => both("必交", "required"),
                        crate::catalog::Requirement::Optional => both("选交", "optional"),
                        crate::catalog::Requirement::Deferrable => both("可容缺", "deferrable"),
                    },
                    status,
                    status_class,
                    supply_within_days: m.supply_within_days,
                    uploads: m
                        .uploads
                        .iter()
                        .map(|u| {
                            let (outcome, outcome_class) = outcome_view(u.outcome);
                            UseView {
                                upload: u.upload + 1,
                                file_name: u.file_name.clone(),
                                outcome,
                                outcome_class,
                                matched_by: if u.matched_by == "declared" {
                                    both("申请人指定", "declared")
                                } else {
                                    both("按内容识别", "recognised")
                                },
                                problems: u
                                    .problems
                                    .iter()
                                    .map(|p| both(p.zh.clone(), p.en.clone()))
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        unmatched: r
            .unmatched_uploads
            .iter()
            .map(|u| UnmatchedView {
                upload: u.upload + 1,
                file_name: u.file_name.clone(),
                declared: u.declared_material.clone().unwrap_or_default(),
                kind: u.kind.as_str().to_string(),
            })
            .collect(),
        documents: r
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| document_view(i, d, previews.get(i)))
            .collect(),
    }
}

fn environment() -> &'static Result<Environment<'static>, String> {
    static ENV: OnceLock<Result<Environment<'static>, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // The name ends in .html: minijinja escapes every value for HTML.
        env.add_template("review.html", include_str!("../../templates/review.html"))
            .map_err(|e| e.to_string())?;
        Ok(env)
    })
}

/// The staff page of `review`. `previews` are the upload thumbnails in upload order.
pub fn render_review(
    review: &Review,
    previews: &[Preview],
    request_id: &str,
) -> Result<String, ApiError> {
    let env = environment()
        .as_ref()
        .map_err(|e| ApiError::internal(format!("report template: {e}")))?;
    let template = env
        .get_template("review.html")
        .map_err(|e| ApiError::internal(format!("report template: {e}")))?;
    template
        .render(page_view(review, previews, request_id))
        .map_err(|e| ApiError::internal(format!("report page: {e}")))
}
