//! What later revisions changed, from each signature's point of view (incremental-update
//! analysis).
//!
//! Every revision after the first is diffed object by object against the one before it, once
//! ([`rules::judge_revision`]); whitelist rules explain each change (signature fields, form
//! values, DSS, document timestamps, annotations, metadata, catalog extensions) and anything no
//! rule explains is disallowed. Each signature then applies its own permissions to the changes
//! made after it: DocMDP of the certification signature, its own FieldMDP lock, and for approval
//! signatures the checks against annotations and signature appearances drawn over content.
//! Revision numbers count from 1 (the file as first written) everywhere a person or program
//! reads them: messages, `Change::revision` and `SignatureReport::revision` alike; only the
//! internal indexes into `PdfFile::revisions` are 0-based.
//!
//! Results: the check `modifications` (failed with DISALLOWED_MODIFICATION, placed after the
//! integrity checks), `SignatureReport::modifications` and `changes` (one entry per judged change,
//! `allowed_by` naming the rule: `signature_field`, `document_timestamp`, `form_fill`, `dss`,
//! `annotation`, `metadata`, `catalog_extensions`, `file_structure`), and findings:
//! `ANNOTATION_AFTER_SIGNING` (approval signatures), `CERTIFICATION_NOT_FIRST`,
//! `UNEXPLAINED_TRAILING_BYTES` (document), and the shadow-preparation warnings of
//! [`crate::pdf::shadow`]. Heuristics, stated plainly: an annotation or new signature widget
//! "covers content" when its rectangle overlaps a visible annotation or field of the signed page,
//! contains the start of a line of its text (content stream positions, `cm` not followed), or
//! spans at least a fifth of the page.

pub mod diff;
pub mod graph;
pub mod rules;

use super::file::PdfFile;
use super::object::{text_string, Object};
use super::signatures::{ByteRange, FoundSignature};
use crate::report::{Change, ModificationLevel, SignatureReport};
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};
use graph::RefGraph;
use rules::{Category, Judged};

/// Fields locked by a signature's FieldMDP transform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldLock {
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

impl FieldLock {
    fn locks(&self, field: &str) -> bool {
        let bare = field.trim_matches('"');
        let listed = |names: &[String]| {
            names
                .iter()
                .any(|n| n == bare || bare.starts_with(&format!("{n}.")))
        };
        match self {
            FieldLock::All => true,
            FieldLock::Include(names) => listed(names),
            FieldLock::Exclude(names) => !listed(names),
        }
    }
}

/// The judged changes of every revision, computed once for all signatures.
pub struct History {
    /// `per_revision[r]`: changes made by revision `r` (empty for revision 0).
    pub per_revision: Vec<Vec<Judged>>,
}

impl History {
    pub fn build(file: &PdfFile<'_>, from: usize) -> History {
        let graph = RefGraph::new(file);
        let mut per_revision = vec![Vec::new(); file.revisions.len()];
        for (rev, slot) in per_revision.iter_mut().enumerate().skip(from.max(1)) {
            *slot = rules::judge_revision(file, &graph, rev);
        }
        History { per_revision }
    }
}

/// Sets `modifications` and `changes` of every signature report and adds the checks and
/// findings that follow from them.
pub fn analyse(
    file: &PdfFile<'_>,
    found: &[FoundSignature],
    ranges: &[Option<ByteRange>],
    reports: &mut [SignatureReport],
    doc_findings: &mut Vec<Finding>,
) {
    let last = file.revisions.len().saturating_sub(1);
    let signed: Vec<Option<usize>> = ranges
        .iter()
        .map(|r| r.and_then(|r| file.revision_ending_at(r.end())))
        .collect();
    let earliest = signed.iter().flatten().min().copied().unwrap_or(last);
    let history = History::build(file, earliest + 1);
    let tail = tail_problem(file);
    if let Some((en, zh)) = &tail {
        doc_findings.push(Finding::new(
            "UNEXPLAINED_TRAILING_BYTES",
            Severity::Error,
            Text::new(en.clone(), zh.clone()),
        ));
    }

    // The certification signature (DocMDP) governs every change after it.
    let certification = reports
        .iter()
        .zip(&signed)
        .filter_map(|(r, s)| Some(((*s)?, r.docmdp?)))
        .min_by_key(|(rev, _)| *rev);
    let first_signed = signed.iter().flatten().min().copied();
    for (report, rev) in reports.iter_mut().zip(&signed) {
        if report.docmdp.is_some() && rev.is_some() && *rev != first_signed {
            report.findings.push(Finding::new(
                "CERTIFICATION_NOT_FIRST",
                Severity::Error,
                Text::new(
                    "a certification (DocMDP) signature that is not the first signature of the document: it cannot certify what others signed before",
                    "认证签名（DocMDP）不是文档的第一个签名，无法认证此前已签署的内容",
                ),
            ));
        }
    }

    // Shadow preparations are looked for in the first signed revision: what the first signer
    // saw is what an attacker prepares.
    if let Some(first) = first_signed {
        let prepared = super::shadow::preparations(file, first);
        for (report, rev) in reports.iter_mut().zip(&signed) {
            if *rev == Some(first) {
                report.findings.extend(prepared.iter().cloned());
            }
        }
    }

    for ((report, sig), rev) in reports.iter_mut().zip(found).zip(&signed) {
        let Some(rev) = *rev else { continue };
        let docmdp = certification
            .filter(|(cert_rev, _)| *cert_rev <= rev)
            .map(|(_, p)| p);
        let lock = field_lock(file, sig);
        judge_signature(report, rev, last, &history, docmdp, lock.as_ref());
        if let Some((en, zh)) = &tail {
            report.changes.push(Change {
                revision: last + 1,
                object: None,
                action: "appended_bytes".into(),
                allowed_by: None,
                description: en.clone(),
            });
            report.modifications = ModificationLevel::Disallowed;
            place_check(
                report,
                Check::failed(
                    CheckId::Modifications,
                    SubIndication::DisallowedModification,
                    Text::new(en.clone(), zh.clone()),
                ),
            );
        }
    }
}

fn judge_signature(
    report: &mut SignatureReport,
    signed_rev: usize,
    last: usize,
    history: &History,
    docmdp: Option<u8>,
    lock: Option<&FieldLock>,
) {
    let mut disallowed: Vec<String> = Vec::new();
    let mut any = false;
    let mut annotations = 0usize;
    for rev in signed_rev + 1..=last {
        let Some(changes) = history.per_revision.get(rev) else {
            continue;
        };
        for j in changes {
            any = true;
            let human = rev + 1;
            let verdict = permitted(j, docmdp, lock);
            let description = match &verdict {
                Ok(_) => format!("{} in revision {human}", j.description),
                Err(why) => format!("{} in revision {human}{why}", j.description),
            };
            if verdict.is_ok() && j.category == Some(Category::Annotation) && docmdp.is_none() {
                annotations += 1;
                report.findings.push(Finding::new(
                    "ANNOTATION_AFTER_SIGNING",
                    Severity::Warning,
                    Text::new(
                        format!("{description} (allowed for an approval signature, but not part of what was signed)"),
                        format!("签名后第{human}个修订版本添加或修改了注释（审批签名允许，但不属于签署内容）"),
                    ),
                ));
            }
            if verdict.is_err() {
                disallowed.push(description.clone());
            }
            report.changes.push(Change {
                revision: human,
                object: j.object,
                action: j.action.into(),
                allowed_by: verdict.ok().map(str::to_string),
                description,
            });
        }
    }
    let later = last.saturating_sub(signed_rev);
    if !disallowed.is_empty() {
        report.modifications = ModificationLevel::Disallowed;
        let shown: Vec<&str> = disallowed.iter().take(3).map(String::as_str).collect();
        let more = disallowed.len().saturating_sub(shown.len());
        let tail_en = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        place_check(
            report,
            Check::failed(
                CheckId::Modifications,
                SubIndication::DisallowedModification,
                Text::new(
                    format!("changed after signing: {}{tail_en}", shown.join("; ")),
                    format!(
                        "签名后文档被修改，修改不在允许范围内（共{}处）：{}",
                        disallowed.len(),
                        shown.join("；")
                    ),
                ),
            ),
        );
    } else if any || later > 0 {
        report.modifications = ModificationLevel::Allowed;
        let extra = if annotations > 0 {
            format!(", including {annotations} annotation change(s)")
        } else {
            String::new()
        };
        report.checks.push(Check::passed(
            CheckId::Modifications,
            Text::new(
                format!("{later} later revision(s) made only allowed changes{extra}"),
                format!("签名后的{later}个修订版本仅包含允许的修改"),
            ),
        ));
    } else {
        report.modifications = ModificationLevel::None;
        report.checks.push(Check::passed(
            CheckId::Modifications,
            Text::new("nothing was changed after signing", "签名后文档未被修改"),
        ));
    }
}

/// Puts the modification check right after the checks that tell whether the signed bytes are
/// what they claim to be ([`CheckId::is_pdf_integrity`]) and before identity, chain and
/// revocation checks, so that a document changed after signing is named as such even when the
/// certificate has also expired.
fn place_check(report: &mut SignatureReport, check: Check) {
    let at = report
        .checks
        .iter()
        .rposition(|c| c.id.is_pdf_integrity())
        .map_or(0, |p| p + 1);
    report.checks.insert(at, check);
}

/// Whether a judged change is allowed for a signature with these permissions: `Ok(rule)` or
/// `Err(reason suffix)`.
fn permitted(
    j: &Judged,
    docmdp: Option<u8>,
    lock: Option<&FieldLock>,
) -> Result<&'static str, String> {
    let Some(cat) = j.category else {
        return Err(String::new());
    };
    if let Some(p) = docmdp {
        if cat.docmdp_level() > p {
            return Err(format!(
                ", which the certification signature (DocMDP P={p}) does not permit"
            ));
        }
    }
    if j.covers_content {
        return Err(String::new());
    }
    if let (Some(lock), Some(field)) = (lock, &j.field) {
        let applies = j.existing_field || cat == Category::FormFill;
        if applies && lock.locks(field) {
            return Err(", but the field is locked by this signature (FieldMDP)".into());
        }
    }
    Ok(cat.rule())
}

/// The FieldMDP lock recorded in a signature's /Reference.
pub fn field_lock(file: &PdfFile<'_>, sig: &FoundSignature) -> Option<FieldLock> {
    let last = file.revisions.len().checked_sub(1)?;
    let refs = file.resolve(last, sig.dict.get(b"Reference")?)?;
    for r in refs.as_array()?.iter().take(16) {
        let Some(Object::Dict(reference)) = file.resolve(last, r) else {
            continue;
        };
        if reference.name(b"TransformMethod") != Some(b"FieldMDP") {
            continue;
        }
        let params = file.dict_at(last, &reference, b"TransformParams")?;
        let names: Vec<String> = params
            .get(b"Fields")
            .and_then(|f| file.resolve(last, f))
            .and_then(|f| {
                f.as_array().map(|a| {
                    a.iter()
                        .filter_map(Object::as_string)
                        .map(|s| text_string(&s.bytes))
                        .collect()
                })
            })
            .unwrap_or_default();
        return match params.name(b"Action") {
            Some(b"All") => Some(FieldLock::All),
            Some(b"Include") => Some(FieldLock::Include(names)),
            Some(b"Exclude") => Some(FieldLock::Exclude(names)),
            _ => None,
        };
    }
    None
}

/// Bytes after the end of the last revision that are not white space: objects appended without
/// a cross-reference section, or garbage.
pub fn tail_problem(file: &PdfFile<'_>) -> Option<(String, String)> {
    let last = file.revisions.last()?;
    // An update that is not closed by %%EOF was cut short (or never finished): what it says
    // cannot be trusted to be all it says, so it is not a well-formed incremental update.
    let marker = last
        .eof_marker_end
        .checked_sub(5)
        .and_then(|start| file.bytes.get(start..last.eof_marker_end));
    if file.revisions.len() > 1 && marker != Some(&b"%%EOF"[..]) {
        let n = file.revisions.len();
        return Some((
            format!("revision {n} has no %%EOF marker: the file is truncated or the update is incomplete"),
            format!("第{n}个修订版本缺少%%EOF结束标记：文件被截断或增量更新不完整"),
        ));
    }
    let end = last.end;
    let rest = file.bytes.get(end..)?;
    let junk = rest
        .iter()
        .filter(|&&b| !super::parser::is_whitespace(b))
        .count();
    if junk == 0 {
        return None;
    }
    let has_objects = crate::byte_search::find(rest, b"obj").is_some();
    Some(if has_objects {
        (
            format!(
                "{} bytes after the last %%EOF contain objects that no cross-reference table lists (an update without xref/trailer)",
                rest.len()
            ),
            format!(
                "最后一个%%EOF之后的{}字节含有未被交叉引用表登记的对象（缺少xref/trailer的增量更新）",
                rest.len()
            ),
        )
    } else {
        (
            format!(
                "{} bytes after the last %%EOF are not a valid incremental update",
                rest.len()
            ),
            format!("最后一个%%EOF之后的{}字节不是有效的增量更新", rest.len()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(cat: Option<Category>, field: Option<&str>, existing: bool) -> Judged {
        Judged {
            object: Some(1),
            action: "modified",
            category: cat,
            field: field.map(str::to_string),
            existing_field: existing,
            covers_content: false,
            description: "x".into(),
        }
    }

    #[test]
    fn field_locks() {
        assert!(FieldLock::All.locks("\"a.b\""));
        let include = FieldLock::Include(vec!["a".into()]);
        assert!(include.locks("\"a.b\""));
        assert!(!include.locks("\"ab\""));
        let exclude = FieldLock::Exclude(vec!["a".into()]);
        assert!(!exclude.locks("\"a\""));
        assert!(exclude.locks("\"b\""));
    }

    #[test]
    fn docmdp_levels_gate_categories() {
        let annot = judged(Some(Category::Annotation), None, false);
        assert!(permitted(&annot, Some(2), None).is_err());
        assert!(permitted(&annot, Some(3), None).is_ok());
        assert!(permitted(&annot, None, None).is_ok());
        let dss = judged(Some(Category::Dss), None, false);
        assert!(permitted(&dss, Some(1), None).is_ok());
        let sign = judged(Some(Category::Signing), Some("\"S2\""), false);
        assert!(permitted(&sign, Some(1), None).is_err());
        assert!(permitted(&sign, Some(2), None).is_ok());
        let ts = judged(Some(Category::DocTimestamp), None, false);
        assert!(permitted(&ts, Some(1), None).is_ok());
        assert!(permitted(&judged(None, None, false), None, None).is_err());
    }

    #[test]
    fn fieldmdp_lock_blocks_filling_a_locked_field() {
        let fill = judged(Some(Category::FormFill), Some("\"amount\""), true);
        let lock = FieldLock::Include(vec!["amount".into()]);
        assert!(permitted(&fill, None, Some(&lock)).is_err());
        let other = judged(Some(Category::FormFill), Some("\"note\""), true);
        assert!(permitted(&other, None, Some(&lock)).is_ok());
        // A new signature field is not an existing locked field.
        let new_sig = judged(Some(Category::Signing), Some("\"S3\""), false);
        assert!(permitted(&new_sig, None, Some(&FieldLock::All)).is_ok());
    }

    #[test]
    fn covering_content_is_never_allowed() {
        let mut j = judged(Some(Category::Annotation), None, false);
        j.covers_content = true;
        assert!(permitted(&j, None, None).is_err());
        assert!(permitted(&j, Some(3), None).is_err());
    }
}
