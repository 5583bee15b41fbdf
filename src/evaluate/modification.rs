//! The DocMDP/FieldMDP permission rules: which changes after a signature are allowed for THAT
//! signature, and the `modifications` check and findings that say so.
//!
//! The rules of [`crate::pdf::changes`] classify every change once, for all signatures
//! ([`Judged`]); here a change is judged against the permissions that govern one signature:
//! the DocMDP level of the document's certification signature when it was made at or before
//! this one (P=1: no changes but validation material and document timestamps; P=2: also form
//! filling and signing; P=3: also annotations), this signature's own FieldMDP lock, and — for
//! every signature — no appearance drawn over the signed content.

use super::Facts;
use crate::facts::modification::{
    Category, FieldLock, Judged, ModificationFacts, Origin, SignatureOrigin, TailDefect,
};
use crate::policy::{limit_finding, Policy};
use crate::report::{Change, ModificationLevel};
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};

/// A check and where it goes among a signature's checks.
#[derive(Debug, Clone)]
pub struct PlacedCheck {
    /// The check.
    pub check: Check,
    /// Right after the checks that tell whether the signed bytes are what they claim to be
    /// ([`CheckId::is_pdf_integrity`]), so that a document changed after signing is named as
    /// such even when the certificate has also expired; otherwise appended.
    pub after_integrity: bool,
}

/// What the permission rules make of one signature's later changes.
#[derive(Debug, Clone)]
pub struct ModificationJudgement {
    /// `SignatureReport::modifications`.
    pub level: ModificationLevel,
    /// `SignatureReport::changes`: every change after the signature, as judged for it.
    pub changes: Vec<Change>,
    /// The `modifications` check(s), in the order they are placed.
    pub checks: Vec<PlacedCheck>,
    /// `CERTIFICATION_NOT_FIRST`, `ANNOTATION_AFTER_SIGNING`.
    pub findings: Vec<Finding>,
}

/// The DocMDP permission table, here with the rules that apply it (the category itself is a
/// fact of [`crate::facts::modification`]).
impl Category {
    /// The lowest DocMDP permission level (P) under which a change of this category is allowed.
    pub fn docmdp_level(self) -> u8 {
        match self {
            Category::Structure
            | Category::Metadata
            | Category::Extensions
            | Category::Dss
            | Category::DocTimestamp => 1,
            Category::Signing | Category::FormFill => 2,
            Category::Annotation => 3,
        }
    }
}

/// Whether a judged change is allowed for a signature governed by the DocMDP level `docmdp`
/// and holding the FieldMDP `lock`: `Ok(rule)` or `Err(reason suffix)`.
pub fn permitted(
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

/// The English and Chinese words for bytes after the last revision that no incremental update
/// explains.
pub fn tail_words(tail: &TailDefect) -> (String, String) {
    match *tail {
        TailDefect::NoEofMarker { revision: n } => (
            format!("revision {n} has no %%EOF marker: the file is truncated or the update is incomplete"),
            format!("第{n}个修订版本缺少%%EOF结束标记：文件被截断或增量更新不完整"),
        ),
        TailDefect::Trailing {
            len,
            has_objects: true,
        } => (
            format!(
                "{len} bytes after the last %%EOF contain objects that no cross-reference table lists (an update without xref/trailer)"
            ),
            format!(
                "最后一个%%EOF之后的{len}字节含有未被交叉引用表登记的对象（缺少xref/trailer的增量更新）"
            ),
        ),
        TailDefect::Trailing {
            len,
            has_objects: false,
        } => (
            format!("{len} bytes after the last %%EOF are not a valid incremental update"),
            format!("最后一个%%EOF之后的{len}字节不是有效的增量更新"),
        ),
    }
}

/// The document finding `UNEXPLAINED_TRAILING_BYTES` for such bytes.
pub fn tail_finding(tail: &TailDefect) -> Finding {
    let (en, zh) = tail_words(tail);
    Finding::new(
        "UNEXPLAINED_TRAILING_BYTES",
        Severity::Error,
        Text::new(en, zh),
    )
}

impl Facts for ModificationFacts {
    type Judgement = ModificationJudgement;

    fn judge(&self, _policy: &Policy) -> ModificationJudgement {
        let mut out = ModificationJudgement {
            level: ModificationLevel::None,
            changes: Vec::new(),
            checks: Vec::new(),
            findings: Vec::new(),
        };
        if self.grants.is_certification() && self.signed_revision != self.first_signed_revision {
            out.findings.push(Finding::new(
                "CERTIFICATION_NOT_FIRST",
                Severity::Error,
                Text::new(
                    "a certification (DocMDP) signature that is not the first signature of the document: it cannot certify what others signed before",
                    "认证签名（DocMDP）不是文档的第一个签名，无法认证此前已签署的内容",
                ),
            ));
        }
        // The certification signature (DocMDP) governs every change after it.
        let docmdp = self
            .certification
            .filter(|c| c.revision <= self.signed_revision)
            .map(|c| c.level);
        judge_later_changes(self, docmdp, &mut out);
        if let Some(tail) = &self.tail {
            let (en, zh) = tail_words(tail);
            out.changes.push(Change {
                revision: self.last_revision + 1,
                object: None,
                action: "appended_bytes".into(),
                allowed_by: None,
                description: en.clone(),
            });
            out.level = ModificationLevel::Disallowed;
            out.checks.push(PlacedCheck {
                check: Check::failed(
                    CheckId::Modifications,
                    SubIndication::DisallowedModification,
                    Text::new(en, zh),
                ),
                after_integrity: true,
            });
        }
        out
    }
}

/// What the way a signature was found adds to its report.
#[derive(Debug, Clone, Default)]
pub struct OriginJudgement {
    /// The `signature_field` check, unless a field of the newest revision shows it.
    pub check: Option<Check>,
    /// The limit finding when a resource limit kept it out of the analysis.
    pub finding: Option<Finding>,
}

/// A signature whose field a later update removed no longer shows in the document: a
/// disallowed modification. One no field uses, or one in bytes a limit kept out of the
/// analysis, cannot be tied to what a reviewer sees: indeterminate.
impl Facts for SignatureOrigin {
    type Judgement = OriginJudgement;

    fn judge(&self, _policy: &Policy) -> OriginJudgement {
        let mut out = OriginJudgement::default();
        match self.origin {
            Origin::Field => {}
            Origin::NotAnalysed { limit } => {
                let (en, zh) = (
                    format!("this signature dictionary lies in parts of the file that a resource limit ({limit}) kept out of the analysis: which field shows it and what changed after it are unknown"),
                    format!("此签名字典位于因资源限制（{limit}）未被分析的文件部分：无法确定由哪个签名域显示及签名后的修改"),
                );
                out.finding = Some(limit_finding(limit, en.clone(), zh.clone()));
                out.check = Some(
                    Check::indeterminate(
                        CheckId::SignatureField,
                        SubIndication::FormatFailure,
                        Text::new(en, zh),
                    )
                    .evidence(limit),
                );
            }
            Origin::Removed { last_used } => {
                out.check = Some(
                    Check::failed(
                        CheckId::SignatureField,
                        SubIndication::DisallowedModification,
                        Text::new(
                            format!(
                                "the signature field {} was removed after revision {}: the final document does not show this signature",
                                self.fields.join(", "),
                                last_used + 1
                            ),
                            format!(
                                "签名域{}在第{}个修订版本之后被移除：最终文档不再显示此签名",
                                self.fields.join("、"),
                                last_used + 1
                            ),
                        ),
                    )
                    .evidence(format!("revision {}", last_used + 1)),
                );
            }
            Origin::NoField => {
                out.check = Some(Check::indeterminate(
                    CheckId::SignatureField,
                    SubIndication::FormatFailure,
                    Text::new(
                        "no signature field of any revision uses this signature dictionary: viewers do not show it, so what it signs cannot be tied to the document a reviewer sees",
                        "任何修订版本中都没有签名域引用此签名字典：阅读器不会显示该签名，无法确认其与审核人员看到的文档的关系",
                    ),
                ));
            }
        }
        out
    }
}

/// Every change after the signed revision, allowed or not under `docmdp` and the signature's
/// own lock, and the `modifications` check that sums them up.
fn judge_later_changes(
    facts: &ModificationFacts,
    docmdp: Option<u8>,
    out: &mut ModificationJudgement,
) {
    let lock = facts.grants.field_lock.as_ref();
    let mut disallowed: Vec<String> = Vec::new();
    let mut any = false;
    let mut annotations = 0usize;
    for (rev, changes) in facts.later_revisions() {
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
                out.findings.push(Finding::new(
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
            out.changes.push(Change {
                revision: human,
                object: j.object,
                action: j.action.into(),
                allowed_by: verdict.ok().map(str::to_string),
                description,
            });
        }
    }
    let later = facts.last_revision.saturating_sub(facts.signed_revision);
    if !disallowed.is_empty() {
        out.level = ModificationLevel::Disallowed;
        let shown: Vec<&str> = disallowed.iter().take(3).map(String::as_str).collect();
        let more = disallowed.len().saturating_sub(shown.len());
        let tail_en = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        out.checks.push(PlacedCheck {
            check: Check::failed(
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
            after_integrity: true,
        });
    } else if any || later > 0 {
        out.level = ModificationLevel::Allowed;
        let extra = if annotations > 0 {
            format!(", including {annotations} annotation change(s)")
        } else {
            String::new()
        };
        out.checks.push(PlacedCheck {
            check: Check::passed(
                CheckId::Modifications,
                Text::new(
                    format!("{later} later revision(s) made only allowed changes{extra}"),
                    format!("签名后的{later}个修订版本仅包含允许的修改"),
                ),
            ),
            after_integrity: false,
        });
    } else {
        out.level = ModificationLevel::None;
        out.checks.push(PlacedCheck {
            check: Check::passed(
                CheckId::Modifications,
                Text::new("nothing was changed after signing", "签名后文档未被修改"),
            ),
            after_integrity: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::evaluate::evaluate;
    use crate::facts::modification::{Certification, Grants, History};
    use crate::verdict::CheckStatus;

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

    /// A document signed in revision 0; revision 1 fills a form field and adds a second
    /// signature, revision 2 adds a comment and DSS material.
    fn history() -> Arc<History> {
        let change = |cat: Category, field: Option<&str>, words: &str| Judged {
            description: words.into(),
            ..judged(Some(cat), field, cat == Category::FormFill)
        };
        Arc::new(History {
            per_revision: vec![
                Vec::new(),
                vec![
                    change(
                        Category::FormFill,
                        Some("\"amount\""),
                        "field \"amount\" filled",
                    ),
                    change(Category::Signing, Some("\"S2\""), "signature \"S2\" added"),
                ],
                vec![
                    change(Category::Annotation, None, "comment added"),
                    change(Category::Dss, None, "DSS added"),
                ],
            ],
        })
    }

    /// The facts of the first signature, certifying with `docmdp` or approving (`None`).
    fn first_signature(docmdp: Option<u8>) -> ModificationFacts {
        ModificationFacts {
            history: history(),
            signed_revision: 0,
            last_revision: 2,
            first_signed_revision: 0,
            grants: Grants {
                docmdp,
                field_lock: None,
            },
            certification: docmdp.map(|level| Certification { revision: 0, level }),
            tail: None,
        }
    }

    fn allowed_by(judgement: &ModificationJudgement) -> Vec<Option<&str>> {
        judgement
            .changes
            .iter()
            .map(|c| c.allowed_by.as_deref())
            .collect()
    }

    fn the_check(judgement: &ModificationJudgement) -> &PlacedCheck {
        let [check] = judgement.checks.as_slice() else {
            panic!("one modification check: {:?}", judgement.checks);
        };
        assert_eq!(check.check.id, CheckId::Modifications);
        check
    }

    #[test]
    fn the_same_changes_judged_for_p1_p2_and_approval_signatures() {
        let policy = Policy::default();

        // P=1: only the DSS is allowed.
        let p1 = evaluate(&first_signature(Some(1)), &policy);
        assert_eq!(p1.level, ModificationLevel::Disallowed);
        assert_eq!(allowed_by(&p1), [None, None, None, Some("dss")]);
        let check = the_check(&p1);
        assert_eq!(check.check.status, CheckStatus::Failed);
        assert_eq!(
            check.check.sub_indication,
            Some(SubIndication::DisallowedModification)
        );
        assert!(check.after_integrity);
        assert!(check.check.message.contains("DocMDP P=1"));
        assert!(check.check.message_zh.contains("共3处"));
        assert!(p1.findings.is_empty());

        // P=2: form filling and signing too; the comment is still refused.
        let p2 = evaluate(&first_signature(Some(2)), &policy);
        assert_eq!(p2.level, ModificationLevel::Disallowed);
        assert_eq!(
            allowed_by(&p2),
            [
                Some("form_fill"),
                Some("signature_field"),
                None,
                Some("dss")
            ]
        );
        let check = the_check(&p2);
        assert_eq!(check.check.status, CheckStatus::Failed);
        assert_eq!(
            check.check.message,
            "changed after signing: comment added in revision 3, which the certification signature (DocMDP P=2) does not permit"
        );

        // Approval: everything is allowed, the comment with a warning.
        let approval = evaluate(&first_signature(None), &policy);
        assert_eq!(approval.level, ModificationLevel::Allowed);
        assert_eq!(
            allowed_by(&approval),
            [
                Some("form_fill"),
                Some("signature_field"),
                Some("annotation"),
                Some("dss")
            ]
        );
        let check = the_check(&approval);
        assert_eq!(check.check.status, CheckStatus::Passed);
        assert!(!check.after_integrity);
        assert_eq!(
            check.check.message,
            "2 later revision(s) made only allowed changes, including 1 annotation change(s)"
        );
        let codes: Vec<&str> = approval.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["ANNOTATION_AFTER_SIGNING"]);
    }

    #[test]
    fn a_later_approval_signature_is_governed_by_the_certification() {
        // The second signature (revision 1) of a document certified with P=2 in revision 0:
        // the comment of revision 2 is not allowed for it either.
        let second = ModificationFacts {
            signed_revision: 1,
            certification: Some(Certification {
                revision: 0,
                level: 2,
            }),
            ..first_signature(None)
        };
        let judged = evaluate(&second, &Policy::default());
        assert_eq!(allowed_by(&judged), [None, Some("dss")]);
        assert_eq!(judged.level, ModificationLevel::Disallowed);
        assert!(judged.findings.is_empty());

        // A certification signature that is not the first one is named as such.
        let late_certification = ModificationFacts {
            grants: Grants {
                docmdp: Some(2),
                field_lock: None,
            },
            ..second
        };
        let judged = evaluate(&late_certification, &Policy::default());
        assert_eq!(judged.findings[0].code, "CERTIFICATION_NOT_FIRST");
    }

    #[test]
    fn a_field_lock_refuses_filling_the_locked_field_for_its_signature_only() {
        let locked = ModificationFacts {
            grants: Grants {
                docmdp: None,
                field_lock: Some(FieldLock::Include(vec!["amount".into()])),
            },
            ..first_signature(None)
        };
        let judged = evaluate(&locked, &Policy::default());
        assert_eq!(
            allowed_by(&judged),
            [
                None,
                Some("signature_field"),
                Some("annotation"),
                Some("dss")
            ]
        );
        assert!(the_check(&judged)
            .check
            .message
            .contains("locked by this signature (FieldMDP)"));
    }

    #[test]
    fn how_a_signature_was_found_decides_its_field_check() {
        let origin = |origin: Origin| SignatureOrigin {
            origin,
            fields: vec!["S1".into()],
        };
        let shown = evaluate(&origin(Origin::Field), &Policy::default());
        assert!(shown.check.is_none() && shown.finding.is_none());
        let removed = evaluate(
            &origin(Origin::Removed { last_used: 1 }),
            &Policy::default(),
        );
        let check = removed.check.expect("a check");
        assert_eq!(check.id, CheckId::SignatureField);
        assert_eq!(
            check.sub_indication,
            Some(SubIndication::DisallowedModification)
        );
        assert!(check.message.contains("S1 was removed after revision 2"));
        let hidden = evaluate(&origin(Origin::NoField), &Policy::default());
        assert_eq!(
            hidden.check.map(|c| c.status),
            Some(CheckStatus::Indeterminate)
        );
        let beyond = evaluate(
            &origin(Origin::NotAnalysed {
                limit: "LIMIT_REVISIONS",
            }),
            &Policy::default(),
        );
        assert_eq!(
            beyond.finding.map(|f| f.code),
            Some("LIMIT_REVISIONS".to_string())
        );
    }

    #[test]
    fn nothing_changed_and_trailing_bytes() {
        let untouched = ModificationFacts {
            signed_revision: 2,
            ..first_signature(Some(1))
        };
        let judged = evaluate(&untouched, &Policy::default());
        assert_eq!(judged.level, ModificationLevel::None);
        assert_eq!(
            the_check(&judged).check.message,
            "nothing was changed after signing"
        );

        let with_tail = ModificationFacts {
            tail: Some(TailDefect::Trailing {
                len: 12,
                has_objects: false,
            }),
            ..untouched
        };
        let judged = evaluate(&with_tail, &Policy::default());
        assert_eq!(judged.level, ModificationLevel::Disallowed);
        assert_eq!(judged.checks.len(), 2);
        assert_eq!(judged.checks[1].check.status, CheckStatus::Failed);
        assert!(judged.checks[1].after_integrity);
        assert_eq!(
            judged.changes.last().map(|c| c.action.as_str()),
            Some("appended_bytes")
        );
    }
}
