//! The `contents` and `byte_range` checks of a PDF signature, written from
//! [`ByteRangeFacts`].
//!
//! No policy option bears on them today: a defect of /Contents or /ByteRange is a format
//! failure whatever the policy, and signed bytes that end in revisions a resource limit kept
//! out of the analysis are indeterminate. They are written here so that every check of a PDF
//! signature is written in one place, from facts.

use super::Facts;
use crate::facts::byte_range::{ByteRangeDefect, ByteRangeFacts, GapOverlap, RangeEnd};
use crate::policy::{limit_codes, limit_finding, Policy};
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};

/// The checks and findings of the ByteRange examination of one signature.
#[derive(Debug, Clone, Default)]
pub struct ByteRangeJudgement {
    /// A passed or indeterminate `byte_range` check, or the failed `contents`/`byte_range` check
    /// of the defect.
    pub checks: Vec<Check>,
    /// The defect's finding (its own code), or the revision-limit finding.
    pub findings: Vec<Finding>,
}

impl Facts for ByteRangeFacts {
    type Judgement = ByteRangeJudgement;

    fn judge(&self, _policy: &Policy) -> ByteRangeJudgement {
        let mut out = ByteRangeJudgement::default();
        match &self.outcome {
            Ok(RangeEnd::RevisionEnd { revision, .. }) => {
                let human = revision + 1;
                out.checks.push(Check::passed(
                    CheckId::ByteRange,
                    Text::new(
                        format!(
                            "signed bytes cover revision {human} entirely, except the signature value"
                        ),
                        format!("签名覆盖第{human}个修订版本的全部内容（签名值除外）"),
                    ),
                ));
            }
            Ok(RangeEnd::BeyondRevisionLimit {
                signed_end,
                max_revisions: max,
            }) => {
                // Not analysed, not passed: a limit finding and an indeterminate check.
                let en = format!(
                    "signed bytes end at offset {signed_end}, in revisions older than the newest {max} that were analysed: this signature was not checked against later changes"
                );
                let zh = format!(
                    "签名范围止于偏移量{signed_end}，位于超出分析上限（最新{max}个修订版本）的更早版本中：未能检查此签名之后的修改"
                );
                out.findings.push(limit_finding(
                    limit_codes::REVISIONS,
                    en.clone(),
                    zh.clone(),
                ));
                out.checks.push(
                    Check::indeterminate(
                        CheckId::ByteRange,
                        SubIndication::FormatFailure,
                        Text::new(en, zh),
                    )
                    .evidence(limit_codes::REVISIONS),
                );
            }
            Err(defect) => {
                let (code, id, en, zh) = defect_words(defect);
                out.findings.push(Finding::new(
                    code,
                    Severity::Error,
                    Text::new(en.clone(), zh.clone()),
                ));
                out.checks.push(Check::failed(
                    id,
                    SubIndication::FormatFailure,
                    Text::new(en, zh),
                ));
            }
        }
        out
    }
}

/// The signature whose gap starts later of two that intersect fails `byte_range_overlap`.
impl Facts for GapOverlap {
    type Judgement = Check;

    fn judge(&self, _policy: &Policy) -> Check {
        let (ga, gb) = (&self.gap, &self.other);
        Check::failed(
            CheckId::ByteRangeOverlap,
            SubIndication::FormatFailure,
            Text::new(
                format!(
                    "the unsigned gap {}..{} overlaps another signature's gap {}..{}",
                    ga.start, ga.end, gb.start, gb.end
                ),
                format!(
                    "未签名区间{}..{}与另一签名的区间{}..{}重叠",
                    ga.start, ga.end, gb.start, gb.end
                ),
            ),
        )
    }
}

/// The finding code, the check the defect fails and its English and Chinese text.
fn defect_words(defect: &ByteRangeDefect) -> (&'static str, CheckId, String, String) {
    use ByteRangeDefect as D;
    match defect {
        D::ContentsEmpty => (
            "CONTENTS_EMPTY",
            CheckId::Contents,
            "/Contents is empty".into(),
            "/Contents为空".into(),
        ),
        D::ContentsWrongType(type_name) => (
            "CONTENTS_WRONG_TYPE",
            CheckId::Contents,
            format!("/Contents is a {type_name}, not a string"),
            format!("/Contents类型为{type_name}，不是字符串"),
        ),
        D::ContentsMissing => (
            "CONTENTS_MISSING",
            CheckId::Contents,
            "/Contents is missing".into(),
            "缺少/Contents".into(),
        ),
        D::Malformed => (
            "BYTERANGE_MALFORMED",
            CheckId::ByteRange,
            "/ByteRange is missing or not an array of integers".into(),
            "/ByteRange缺失或不是整数数组".into(),
        ),
        D::WrongLength(count) => (
            "BYTERANGE_WRONG_LENGTH",
            CheckId::ByteRange,
            format!("/ByteRange has {count} numbers instead of 4"),
            format!("/ByteRange有{count}个数值，应为4个"),
        ),
        D::Negative(values) => (
            "BYTERANGE_NEGATIVE",
            CheckId::ByteRange,
            format!("/ByteRange {values:?} has a negative value"),
            format!("/ByteRange {values:?}含负数"),
        ),
        D::NotFromStart(start) => (
            "BYTERANGE_NOT_FROM_START",
            CheckId::ByteRange,
            format!("/ByteRange starts at {start}, not at the beginning of the file"),
            format!("/ByteRange起始于{start}，而非文件开头"),
        ),
        D::OutOfBounds { values, file_len } => (
            "BYTERANGE_OUT_OF_BOUNDS",
            CheckId::ByteRange,
            format!(
                "/ByteRange {values:?} is out of order or beyond the end of the file ({file_len} bytes)"
            ),
            format!("/ByteRange {values:?}顺序错误或超出文件末尾（{file_len}字节）"),
        ),
        D::ContentsInObjectStream => (
            "CONTENTS_IN_OBJECT_STREAM",
            CheckId::ByteRange,
            "the signature dictionary is inside a compressed object stream, so its /Contents has no place in the file that /ByteRange could exclude".into(),
            "签名字典位于压缩对象流中，/ByteRange无法准确排除/Contents".into(),
        ),
        D::GapNotContents { gap, contents } => (
            "SIGNATURE_WRAPPING",
            CheckId::ByteRange,
            format!(
                "the unsigned gap {}..{} is not exactly the /Contents hex string at {}..{}",
                gap.start, gap.end, contents.start, contents.end
            ),
            format!(
                "未签名区间{}..{}与/Contents十六进制串位置{}..{}不一致",
                gap.start, gap.end, contents.start, contents.end
            ),
        ),
        D::DictionaryUnsigned(span) => (
            "SIGNATURE_DICTIONARY_UNSIGNED",
            CheckId::ByteRange,
            format!(
                "the signature dictionary (bytes {}..{}) lies outside its own signed bytes",
                span.start, span.end
            ),
            format!(
                "签名字典（字节{}..{}）不在其自身签名范围内",
                span.start, span.end
            ),
        ),
        D::NotRevisionEnd {
            signed_end,
            revision_end,
        } => (
            "BYTERANGE_NOT_REVISION_END",
            CheckId::ByteRange,
            format!(
                "signed bytes stop at offset {signed_end} but the revision ends at {revision_end}: bytes {signed_end}..{} are not signed",
                revision_end.max(signed_end)
            ),
            format!(
                "签名范围止于偏移量{signed_end}，而修订版本结束于{revision_end}：字节{signed_end}..{}未被签名",
                revision_end.max(signed_end)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate;
    use crate::facts::byte_range::{ByteRange, ContentsFact};
    use crate::report::Coverage;
    use crate::verdict::CheckStatus;

    fn facts(outcome: Result<RangeEnd, ByteRangeDefect>) -> ByteRangeFacts {
        ByteRangeFacts {
            file_len: 1000,
            contents: Some(ContentsFact {
                span: 100..900,
                hex: true,
            }),
            declared: Some(vec![0, 100, 900, 100]),
            byte_range: Some(ByteRange {
                first_len: 100,
                second_start: 900,
                second_len: 100,
            }),
            dictionary_span: Some(50..950),
            signed_revision: None,
            coverage: Coverage::Partial,
            outcome,
        }
    }

    #[test]
    fn a_range_ending_at_a_revision_end_passes() {
        let whole = facts(Ok(RangeEnd::RevisionEnd {
            revision: 1,
            whole_file: true,
        }));
        for policy in [
            Policy::default(),
            Policy {
                allow_sha1: true,
                ..Policy::default()
            },
        ] {
            let judged = evaluate(&whole, &policy);
            assert!(judged.findings.is_empty());
            let [check] = judged.checks.as_slice() else {
                panic!("one check: {:?}", judged.checks);
            };
            assert_eq!(check.id, CheckId::ByteRange);
            assert_eq!(check.status, CheckStatus::Passed);
            assert!(check.message.contains("revision 2 entirely"));
        }
    }

    #[test]
    fn a_defect_fails_its_check_with_its_finding() {
        let wrapped = facts(Err(ByteRangeDefect::GapNotContents {
            gap: 100..900,
            contents: 120..880,
        }));
        let judged = evaluate(&wrapped, &Policy::default());
        assert_eq!(judged.findings.len(), 1);
        assert_eq!(judged.findings[0].code, "SIGNATURE_WRAPPING");
        assert_eq!(judged.checks.len(), 1);
        assert_eq!(judged.checks[0].id, CheckId::ByteRange);
        assert_eq!(judged.checks[0].status, CheckStatus::Failed);
        assert_eq!(
            judged.checks[0].sub_indication,
            Some(SubIndication::FormatFailure)
        );
        assert!(judged.checks[0].message.contains("100..900"));

        let missing = evaluate(
            &facts(Err(ByteRangeDefect::ContentsMissing)),
            &Policy::default(),
        );
        assert_eq!(missing.checks[0].id, CheckId::Contents);
        assert_eq!(missing.findings[0].code, "CONTENTS_MISSING");

        let negative = evaluate(
            &facts(Err(ByteRangeDefect::Negative([0, -1, 5, 5]))),
            &Policy::default(),
        );
        assert_eq!(
            negative.checks[0].message,
            "/ByteRange [0, -1, 5, 5] has a negative value"
        );
    }

    #[test]
    fn an_overlapping_gap_fails_the_overlap_check() {
        let overlap = GapOverlap {
            gap: 150..300,
            other: 100..200,
        };
        let check = evaluate(&overlap, &Policy::default());
        assert_eq!(check.id, CheckId::ByteRangeOverlap);
        assert_eq!(check.status, CheckStatus::Failed);
        assert_eq!(
            check.message,
            "the unsigned gap 150..300 overlaps another signature's gap 100..200"
        );
    }

    #[test]
    fn signed_bytes_beyond_the_revision_limit_are_indeterminate() {
        let beyond = facts(Ok(RangeEnd::BeyondRevisionLimit {
            signed_end: 1000,
            max_revisions: 8,
        }));
        let judged = evaluate(&beyond, &Policy::default());
        assert_eq!(judged.findings[0].code, limit_codes::REVISIONS);
        assert_eq!(judged.checks[0].status, CheckStatus::Indeterminate);
        assert_eq!(
            judged.checks[0].evidence.as_deref(),
            Some(limit_codes::REVISIONS)
        );
    }
}
