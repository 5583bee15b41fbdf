//! The policy's rules for timestamp facts ([`crate::facts::timestamp`]): the token's own
//! checks (`cms_format`, its signer's checks, `message_imprint`, `timestamp_time`, the TSA
//! chain) and the signer's `signature_timestamp` check.
//!
//! A token proves existence at its genTime only when all its checks pass: a broken timestamp
//! is INDETERMINATE (TOTAL_FAILED HASH_FAILURE when its imprint does not match the signature
//! value) and gives no proof of existence.

use time::OffsetDateTime;

use super::crypto::digest_refused;
use super::{evaluate, Facts};
use crate::cms::tst_info::hex;
use crate::facts::cms::CmsFormatFact;
use crate::facts::timestamp::{ImprintFact, TimestampFacts, TstInfoFact};
use crate::policy::Policy;
use crate::rfc3339::format as rfc3339;
use crate::verdict::{conclude, Check, CheckId, CheckStatus, Indication, SubIndication, Text};

/// What the policy makes of one token's facts.
#[derive(Debug, Clone, Default)]
pub struct TokenJudgement {
    /// cms_format, signer_identification, message_digest, signature_value,
    /// signed_attributes, message_imprint, (timestamp_time), then the TSA chain checks.
    pub checks: Vec<Check>,
    /// Readable signature algorithm name of the TSA's signature, when the token was read.
    pub signature_algorithm: Option<String>,
    /// genTime, when every check passes (the token is a proof of existence).
    pub proof_of_existence: Option<OffsetDateTime>,
}

impl TokenJudgement {
    /// Whether the token's checks conclude TOTAL-PASSED (a usable proof of existence).
    pub fn is_valid(&self) -> bool {
        conclude(&self.checks).0 == Indication::TotalPassed
    }
}

impl Facts for TimestampFacts {
    type Judgement = TokenJudgement;

    fn judge(&self, policy: &Policy) -> TokenJudgement {
        let mut judgement = TokenJudgement::default();
        let tst = match (&self.format, &self.tst_info) {
            (CmsFormatFact::Read(_), Some(tst)) => tst,
            (format, _) => {
                judgement.checks.push(evaluate(format, policy));
                return judgement;
            }
        };
        judgement.checks.push(well_formed_check(tst));
        if let Some(signer) = &self.signer {
            let core = evaluate(signer, policy);
            judgement.checks.extend(core.checks);
            judgement.signature_algorithm = Some(core.signature_algorithm);
        }
        if let Some(imprint) = &self.imprint {
            judgement
                .checks
                .push(message_imprint_check(imprint, policy));
        }
        if let Some(validation_time) = self.gen_time_after_validation {
            judgement
                .checks
                .push(gen_time_after_validation(tst, validation_time));
        }
        if let Some(chain) = &self.tsa_chain {
            judgement.checks.extend(chain.checks.iter().cloned());
        }
        if judgement.is_valid() {
            judgement.proof_of_existence = Some(tst.gen_time);
        }
        judgement
    }
}

/// The passed format check, with the TSTInfo fields a reader wants as evidence.
fn well_formed_check(tst: &TstInfoFact) -> Check {
    Check::passed(
        CheckId::CmsFormat,
        Text::new("The timestamp token is well formed", "时间戳令牌格式正确"),
    )
    .evidence(format!(
        "TSTInfo v{}, policy {}, serial {}, genTime {}",
        tst.version,
        tst.policy,
        tst.serial,
        rfc3339(tst.gen_time)
    ))
}

/// The message_imprint check: the token's imprint against the digest of the timestamped data.
/// A SHA-1 imprint that matches is "intact but weak" unless the policy allows SHA-1.
fn message_imprint_check(fact: &ImprintFact, policy: &Policy) -> Check {
    let (digest, imprint_name) = match fact {
        ImprintFact::UnsupportedAlgorithm(imprint_name) => {
            return Check::indeterminate(
                CheckId::MessageImprint,
                SubIndication::CryptoConstraintsFailure,
                Text::new(
                    format!("The timestamp imprint uses {imprint_name}, which is not supported"),
                    format!("时间戳消息印记使用的摘要算法{imprint_name}不受支持"),
                ),
            );
        }
        ImprintFact::Compared { digest, algorithm } => (digest, algorithm),
    };
    if !digest.digest.matches {
        return Check::failed(
            CheckId::MessageImprint,
            SubIndication::HashFailure,
            Text::new(
                "The timestamp does not cover this data: its message imprint differs",
                "时间戳未覆盖该数据：消息印记不一致",
            ),
        )
        .evidence(format!(
            "{imprint_name}: computed {}, in token {}",
            hex(&digest.computed),
            hex(&digest.recorded)
        ));
    }
    if digest_refused(digest.digest.algorithm, policy) {
        Check::indeterminate(
            CheckId::MessageImprint,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                "The timestamp imprint uses SHA-1, which the policy does not allow; the imprint matches the data (intact but weak)",
                "时间戳消息印记使用SHA-1，验证策略不允许；消息印记与数据一致（完整但算法强度不足）",
            ),
        )
    } else {
        Check::passed(
            CheckId::MessageImprint,
            Text::new(
                "The timestamp message imprint matches the data",
                "时间戳消息印记与数据一致",
            ),
        )
        .evidence(imprint_name.clone())
    }
}

/// A token dated after the validation time cannot prove existence at the validation time.
fn gen_time_after_validation(tst: &TstInfoFact, validation_time: OffsetDateTime) -> Check {
    Check::indeterminate(
        CheckId::TimestampTime,
        SubIndication::TimestampOrderFailure,
        Text::new(
            "The timestamp claims a time after the validation time",
            "时间戳时间晚于验证时间",
        ),
    )
    .evidence(format!(
        "genTime {}, validation time {}",
        rfc3339(tst.gen_time),
        rfc3339(validation_time)
    ))
}

/// What the policy makes of a signer's signature timestamp tokens.
#[derive(Debug, Clone)]
pub struct SignatureTimestampJudgement {
    /// The `signature_timestamp` check.
    pub check: Check,
    /// The earliest genTime among the valid tokens (the proof of existence).
    pub proof_of_existence: Option<OffsetDateTime>,
}

/// The `signature_timestamp` check of a signer from its tokens' facts: skipped without tokens,
/// passed when every token is valid, otherwise the first broken token's reason.
impl Facts for [TimestampFacts] {
    type Judgement = SignatureTimestampJudgement;

    fn judge(&self, policy: &Policy) -> SignatureTimestampJudgement {
        if self.is_empty() {
            return SignatureTimestampJudgement {
                check: Check::skipped(
                    CheckId::SignatureTimestamp,
                    Text::new("The signature has no timestamp", "签名没有时间戳"),
                ),
                proof_of_existence: None,
            };
        }
        let mut poe: Option<OffsetDateTime> = None;
        let mut failure: Option<Check> = None;
        let mut tsa_names = Vec::new();
        for (i, token) in self.iter().enumerate() {
            let verified = evaluate(token, policy);
            if verified.is_valid() {
                if let Some(t) = token.gen_time() {
                    poe = Some(poe.map_or(t, |p| p.min(t)));
                }
                if let Some(cert) = token
                    .signer
                    .as_ref()
                    .and_then(|s| s.identification.certificate.as_ref())
                {
                    tsa_names.push(cert.subject.clone());
                }
                continue;
            }
            if failure.is_some() {
                continue;
            }
            failure = Some(broken_token_check(token, &verified.checks, i, self.len()));
        }
        if let Some(failed) = failure {
            return SignatureTimestampJudgement {
                check: failed,
                proof_of_existence: poe,
            };
        }
        let check = Check::passed(
            CheckId::SignatureTimestamp,
            Text::new(
                "The signature timestamp is valid and proves the signature existed at its time",
                "签名时间戳有效，证明签名在该时间已存在",
            ),
        )
        .evidence(format!(
            "genTime {}, TSA {}",
            poe.map(rfc3339).unwrap_or_default(),
            tsa_names.join("; ")
        ));
        SignatureTimestampJudgement {
            check,
            proof_of_existence: poe,
        }
    }
}

/// The `signature_timestamp` check of the first token that is not valid: HASH_FAILURE when it
/// does not cover the signature value, otherwise INDETERMINATE with its first failing check.
fn broken_token_check(token: &TimestampFacts, checks: &[Check], index: usize, of: usize) -> Check {
    let (_, sub) = conclude(checks);
    let reason = checks
        .iter()
        .find(|c| matches!(c.status, CheckStatus::Failed | CheckStatus::Indeterminate))
        .map(|c| {
            let detail = match &c.evidence {
                Some(e) => format!("{}: {e}", c.id),
                None => c.id.to_string(),
            };
            (c.message.clone(), c.message_zh.clone(), detail)
        })
        .unwrap_or_default();
    let evidence = format!("token {} of {of}, {}", index + 1, reason.2);
    if token.imprint_mismatch() {
        Check::failed(
            CheckId::SignatureTimestamp,
            SubIndication::HashFailure,
            Text::new(
                "The signature timestamp does not cover this signature value",
                "签名时间戳未覆盖该签名值",
            ),
        )
        .evidence(evidence)
    } else {
        Check::with(
            CheckId::SignatureTimestamp,
            CheckStatus::Indeterminate,
            sub,
            Text::new(
                format!(
                    "The signature timestamp is not valid and proves nothing: {}",
                    reason.0
                ),
                format!("签名时间戳无效，不能证明签名时间：{}", reason.1),
            ),
        )
        .evidence(evidence)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::evaluate::cms::tests::{compared, lenient, signer, strict};
    use crate::facts::cms::SignedDataSummary;
    use crate::pki::digest::DigestAlgorithm;

    const GEN_TIME: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);

    /// A token whose every fact is sound, its imprint made with `imprint`.
    fn token(imprint: DigestAlgorithm, matches: bool) -> TimestampFacts {
        TimestampFacts {
            format: CmsFormatFact::Read(SignedDataSummary {
                version: 3,
                certificates: 1,
                crls: 0,
                signer_infos: 1,
                bytes: 1500,
            }),
            tst_info: Some(TstInfoFact {
                version: 1,
                policy: "1.2.3.4".into(),
                serial: "2a".into(),
                gen_time: GEN_TIME,
                imprint_algorithm: imprint.name().into(),
            }),
            signer: Some(signer("timestamp token", DigestAlgorithm::Sha256)),
            imprint: Some(ImprintFact::Compared {
                digest: compared(imprint, matches),
                algorithm: imprint.name().into(),
            }),
            gen_time_after_validation: None,
            tsa_chain: None,
        }
    }

    fn imprint_status(judgement: &TokenJudgement) -> (CheckStatus, Option<SubIndication>) {
        judgement
            .checks
            .iter()
            .find(|c| c.id == CheckId::MessageImprint)
            .map(|c| (c.status, c.sub_indication))
            .unwrap_or((CheckStatus::Skipped, None))
    }

    #[test]
    fn a_sha1_imprint_that_matches_proves_existence_only_when_sha1_is_allowed() {
        let facts = token(DigestAlgorithm::Sha1, true);
        let under_strict = evaluate(&facts, &strict());
        assert_eq!(
            imprint_status(&under_strict),
            (
                CheckStatus::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure)
            )
        );
        assert_eq!(under_strict.proof_of_existence, None);
        let under_lenient = evaluate(&facts, &lenient());
        assert_eq!(imprint_status(&under_lenient), (CheckStatus::Passed, None));
        assert_eq!(under_lenient.proof_of_existence, Some(GEN_TIME));
    }

    #[test]
    fn a_signature_timestamp_is_judged_by_the_policy_given() {
        let tokens = [token(DigestAlgorithm::Sha1, true)];
        let under_strict = evaluate(tokens.as_slice(), &strict());
        assert_eq!(
            (under_strict.check.status, under_strict.check.sub_indication),
            (
                CheckStatus::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure)
            )
        );
        assert!(under_strict.check.message.contains("proves nothing"));
        assert_eq!(
            under_strict
                .check
                .evidence
                .as_deref()
                .map(|e| e.starts_with("token 1 of 1, message_imprint")),
            Some(true)
        );
        assert_eq!(under_strict.proof_of_existence, None);
        let under_lenient = evaluate(tokens.as_slice(), &lenient());
        assert_eq!(under_lenient.check.status, CheckStatus::Passed);
        assert_eq!(
            under_lenient.check.evidence.as_deref(),
            Some("genTime 2026-03-01T12:00:00Z, TSA CN=Signer")
        );
        assert_eq!(under_lenient.proof_of_existence, Some(GEN_TIME));
    }

    #[test]
    fn a_token_over_other_data_is_a_hash_failure_under_either_policy() {
        for imprint in [DigestAlgorithm::Sha1, DigestAlgorithm::Sha256] {
            let tokens = [token(imprint, false)];
            for policy in [strict(), lenient()] {
                let judged = evaluate(tokens.as_slice(), &policy);
                assert_eq!(
                    (judged.check.status, judged.check.sub_indication),
                    (CheckStatus::Failed, Some(SubIndication::HashFailure))
                );
                assert_eq!(judged.proof_of_existence, None);
            }
        }
    }

    #[test]
    fn the_earliest_valid_token_is_the_proof_and_a_broken_one_proves_nothing() {
        let mut later = token(DigestAlgorithm::Sha256, true);
        if let Some(tst) = later.tst_info.as_mut() {
            tst.gen_time = datetime!(2026-04-01 00:00 UTC);
        }
        let mut future = token(DigestAlgorithm::Sha256, true);
        future.gen_time_after_validation = Some(datetime!(2026-02-01 00:00 UTC));
        let judged = evaluate(
            [later, token(DigestAlgorithm::Sha256, true), future].as_slice(),
            &strict(),
        );
        assert_eq!(
            (judged.check.status, judged.check.sub_indication),
            (
                CheckStatus::Indeterminate,
                Some(SubIndication::TimestampOrderFailure)
            )
        );
        assert!(judged
            .check
            .evidence
            .as_deref()
            .is_some_and(|e| e.starts_with("token 3 of 3, timestamp_time")));
        // The broken token proves nothing; the valid ones still do, the earliest first.
        assert_eq!(judged.proof_of_existence, Some(GEN_TIME));
    }

    #[test]
    fn no_token_is_a_skipped_check_and_an_unreadable_one_its_format_failure() {
        let none: [TimestampFacts; 0] = [];
        let judged = evaluate(none.as_slice(), &strict());
        assert_eq!(judged.check.status, CheckStatus::Skipped);
        let unreadable =
            TimestampFacts::unreadable(CmsFormatFact::Malformed("timestamp token: x".into()));
        let token = evaluate(&unreadable, &lenient());
        assert_eq!(token.checks.len(), 1);
        assert_eq!(
            token.checks.first().map(|c| (c.id, c.status)),
            Some((CheckId::CmsFormat, CheckStatus::Failed))
        );
        assert_eq!(token.proof_of_existence, None);
    }
}
