//! The revocation rules: which CRLs and OCSP responses count as evidence (signed by the
//! issuer or its delegated responder with an algorithm the policy accepts, issued before the
//! validation time, in scope, complete), what a revocation means given the times proven, and
//! whether unknown status is acceptable (`require_revocation`).

use time::OffsetDateTime;

use super::validity::certificate_role;
use super::{evaluate, Facts};
use crate::facts::crypto::SignatureError;
use crate::facts::revocation::{
    CertificateRevocation, CrlFact, OcspFact, RevocationFacts, SourceFact, SourceStatus,
};
use crate::pki::crl::reason_name;
use crate::policy::Policy;
use crate::rfc3339::format as fmt;
use crate::verdict::{Check, CheckId, CheckStatus, Finding, Severity, SubIndication, Text};

/// What the revocation data says about one certificate, once the policy chose its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Good {
        source: String,
    },
    Revoked {
        at: OffsetDateTime,
        reason: Option<u8>,
        source: String,
    },
    NoData,
}

/// The `revocation` check and its findings.
impl Facts for RevocationFacts {
    /// The `revocation` check and the findings met on the way.
    type Judgement = (Check, Vec<Finding>);

    fn judge(&self, policy: &Policy) -> Self::Judgement {
        let mut findings = Vec::new();
        for _ in 0..self.unreadable_crls {
            findings.push(Finding::new(
                "CRL_UNPARSABLE",
                Severity::Warning,
                Text::new(
                    "A supplied CRL could not be parsed and was ignored.",
                    "提供的一个证书吊销列表（CRL）无法解析，已忽略。",
                ),
            ));
        }
        for why in &self.unreadable_ocsp {
            findings.push(Finding::new(
                "OCSP_UNPARSABLE",
                Severity::Warning,
                Text::new(
                    format!("A supplied OCSP response was ignored: {why}."),
                    format!("提供的一个 OCSP 响应已忽略：{why}。"),
                ),
            ));
        }
        if self.certificates.is_empty() {
            let check = Check::skipped(
                CheckId::Revocation,
                Text::new(
                    "The signer certificate is itself a trust anchor; revocation is not checked.",
                    "签名者证书本身即为受信任证书，不检查吊销状态。",
                ),
            );
            return (check, findings);
        }

        let mut worst: Option<Check> = None;
        let mut unchecked: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for cert in &self.certificates {
            let status = status_of(cert, self, policy, &mut findings);
            match status {
                Status::NoData => unchecked.push(cert.label.clone()),
                Status::Good { source } => sources.push(format!("{}: good ({source})", cert.label)),
                Status::Revoked { at, reason, source } => {
                    sources.push(format!("{}: revoked ({source})", cert.label));
                    if let Some(check) =
                        judge_revocation(cert, at, reason, &source, self, &mut findings)
                    {
                        worst = Some(pick_worse(worst, check));
                    }
                }
            }
        }
        if let Some(check) = worst {
            return (check, findings);
        }
        if !unchecked.is_empty() {
            for label in &unchecked {
                findings.push(
                    Finding::new(
                        "REVOCATION_NOT_CHECKED",
                        Severity::Warning,
                        Text::new(
                            "No usable CRL or OCSP response covers this certificate; its revocation status is unknown.",
                            "没有可用的 CRL 或 OCSP 响应覆盖此证书，其吊销状态未知。",
                        ),
                    )
                    .evidence(label.clone()),
                );
            }
            let list = unchecked.join("; ");
            let check = if policy.require_revocation {
                Check::indeterminate(
                    CheckId::Revocation,
                    SubIndication::TryLater,
                    Text::new(
                        format!("Revocation status is required but unknown for: {list}."),
                        format!("策略要求检查吊销状态，但以下证书的吊销状态未知：{list}。"),
                    ),
                )
            } else {
                Check::skipped(
                    CheckId::Revocation,
                    Text::new(
                        format!("Revocation status not checked (no usable CRL or OCSP response) for: {list}."),
                        format!("未检查吊销状态（没有可用的 CRL 或 OCSP 响应）：{list}。"),
                    ),
                )
            };
            return (check.evidence(list), findings);
        }
        let check = Check::passed(
            CheckId::Revocation,
            Text::new(
                "No certificate in the path was revoked at the relevant time.",
                "证书路径中没有证书在相关时间被吊销。",
            ),
        )
        .evidence(sources.join("; "));
        (check, findings)
    }
}

fn pick_worse(current: Option<Check>, new: Check) -> Check {
    match current {
        None => new,
        Some(old) if old.status == CheckStatus::Failed => old,
        Some(_) if new.status == CheckStatus::Failed => new,
        Some(old) => old,
    }
}

/// Combines every usable source. A revocation from any source wins; the earliest date counts.
fn status_of(
    cert: &CertificateRevocation,
    facts: &RevocationFacts,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Status {
    let mut status = Status::NoData;
    for source in &cert.sources {
        let said = match source {
            SourceFact::Crl(crl) => crl_status(crl, facts, policy, findings),
            SourceFact::Ocsp(response) => ocsp_status(cert, response, facts, policy, findings),
        };
        if let Some(said) = said {
            status = status.merged(said);
        }
    }
    status
}

impl Status {
    /// The status after one more source spoke: a revocation beats anything else (the earlier
    /// of two revocations, the first one on a tie), a good answer beats no data, and the first
    /// good answer is kept.
    fn merged(self, new: Status) -> Status {
        match (self, new) {
            (
                Status::Revoked {
                    at: a,
                    reason: ra,
                    source: sa,
                },
                Status::Revoked {
                    at: b,
                    reason: rb,
                    source: sb,
                },
            ) => {
                if b < a {
                    Status::Revoked {
                        at: b,
                        reason: rb,
                        source: sb,
                    }
                } else {
                    Status::Revoked {
                        at: a,
                        reason: ra,
                        source: sa,
                    }
                }
            }
            (old @ Status::Revoked { .. }, _) => old,
            (_, new @ Status::Revoked { .. }) => new,
            (old @ Status::Good { .. }, _) => old,
            (_, new) => new,
        }
    }
}

/// What one CRL named after the issuer says about the certificate, or `None` when it cannot be
/// used for it (issuer not allowed to sign CRLs, bad or weak signature, issued after the
/// validation time, wrong scope) or, being incomplete, does not list it. Each reason becomes a
/// finding.
fn crl_status(
    crl: &CrlFact,
    facts: &RevocationFacts,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Option<Status> {
    let source = crl.source.clone();
    if !crl.issuer_may_sign_crls {
        findings.push(issue(
            "CRL_ISSUER_NOT_ALLOWED",
            "The CRL's issuer lacks the cRLSign key usage; the CRL is ignored.",
            "CRL 签发者的密钥用法不包含 CRL 签名（cRLSign），已忽略该 CRL。",
            &source,
        ));
        return None;
    }
    let verdict = match &crl.signature {
        Some(signature) => evaluate(signature, policy).map(|_| ()),
        None => Err(SignatureError::Invalid),
    };
    if let Err(why) = verdict {
        findings.push(issue(
            "CRL_SIGNATURE_INVALID",
            &format!("A CRL naming the issuer does not carry its valid signature ({why}); it is ignored."),
            &format!("一个以该签发者为名的 CRL 签名无效（{why}），已忽略。"),
            &source,
        ));
        return None;
    }
    if crl.this_update > facts.validation_time {
        findings.push(issue(
            "CRL_NOT_YET_VALID",
            "A CRL was issued after the validation time; it is ignored.",
            "CRL 的签发时间晚于验证时间，已忽略。",
            &source,
        ));
        return None;
    }
    if crl.next_update.is_some_and(|n| n < facts.validation_time) {
        findings.push(issue(
            "CRL_EXPIRED",
            "A CRL's nextUpdate is before the validation time; it is used, but newer revocation data may exist.",
            "CRL 的下次更新时间早于验证时间；仍使用该 CRL，但可能存在更新的吊销信息。",
            &source,
        ));
    }
    if !crl.covers_certificate {
        findings.push(issue(
            "CRL_SCOPE_NOT_APPLICABLE",
            "A CRL of the issuer does not cover this kind of certificate (indirect, attribute, user-only or CA-only CRL); it is ignored for it.",
            "签发者的一个 CRL 不覆盖此类证书（间接 CRL、属性证书 CRL、仅用户证书或仅 CA 证书 CRL），对该证书不予采用。",
            &source,
        ));
        return None;
    }
    match crl.status {
        Some(SourceStatus::Revoked { at, reason }) => Some(Status::Revoked { at, reason, source }),
        _ if crl.incomplete => {
            findings.push(issue(
                "CRL_INCOMPLETE",
                "A delta or partial-reason CRL does not list the certificate; that alone does not show it is unrevoked.",
                "增量 CRL 或仅含部分吊销原因的 CRL 中未列出该证书，这本身不能证明证书未被吊销。",
                &source,
            ));
            None
        }
        _ => Some(Status::Good { source }),
    }
}

/// Who signed an OCSP response as far as the policy accepts: the issuer, or a responder the
/// issuer delegated with id-kp-OCSPSigning; otherwise every reason why not.
pub(crate) fn ocsp_signer(response: &OcspFact, policy: &Policy) -> Result<String, String> {
    let by_issuer = evaluate(&response.by_issuer, policy);
    let Err(by_issuer) = by_issuer else {
        return Ok("issuer".into());
    };
    let mut reasons = vec![format!("not by the issuer: {by_issuer}")];
    for responder in &response.responders {
        if !responder.delegated {
            reasons.push(format!("{} lacks id-kp-OCSPSigning", responder.subject));
            continue;
        }
        if !responder.valid_when_produced {
            reasons.push(format!(
                "{} was not valid when the response was produced",
                responder.subject
            ));
            continue;
        }
        if !responder.named_by_issuer {
            reasons.push(format!("{} is not issued by the CA", responder.subject));
            continue;
        }
        let certified = match &responder.certified {
            Some(fact) => evaluate(fact, policy),
            None => Err(SignatureError::Invalid),
        };
        if let Err(e) = certified {
            reasons.push(format!(
                "{}'s certificate is not signed by the CA: {e}",
                responder.subject
            ));
            continue;
        }
        let signed = match &responder.signed {
            Some(fact) => evaluate(fact, policy),
            None => Err(SignatureError::Invalid),
        };
        match signed {
            Ok(_) => return Ok(responder.subject.clone()),
            Err(e) => reasons.push(format!("not by {}: {e}", responder.subject)),
        }
    }
    Err(reasons.join("; "))
}

/// What one OCSP response about the certificate says, or `None` when it is not signed by the
/// issuer or its delegated responder, was produced after the validation time, or answers
/// "unknown". Each reason becomes a finding.
fn ocsp_status(
    cert: &CertificateRevocation,
    response: &OcspFact,
    facts: &RevocationFacts,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Option<Status> {
    let signed_by = match ocsp_signer(response, policy) {
        Ok(signed_by) => signed_by,
        Err(why) => {
            findings.push(issue(
                "OCSP_SIGNATURE_INVALID",
                &format!("An OCSP response about the certificate is not signed by its issuer or a delegated responder ({why}); it is ignored."),
                &format!("一个关于该证书的 OCSP 响应并非由其签发者或授权的响应者签名（{why}），已忽略。"),
                &cert.label,
            ));
            return None;
        }
    };
    let source = format!(
        "OCSP response of {} signed by {}, thisUpdate {}",
        fmt(response.produced_at),
        signed_by,
        fmt(response.this_update)
    );
    if response.this_update > facts.validation_time {
        findings.push(issue(
            "OCSP_NOT_YET_VALID",
            "An OCSP response was produced after the validation time; it is ignored.",
            "OCSP 响应的生成时间晚于验证时间，已忽略。",
            &source,
        ));
        return None;
    }
    if response
        .next_update
        .is_some_and(|n| n < facts.validation_time)
    {
        findings.push(issue(
            "OCSP_EXPIRED",
            "An OCSP response's nextUpdate is before the validation time; it is used, but newer revocation data may exist.",
            "OCSP 响应的下次更新时间早于验证时间；仍使用该响应，但可能存在更新的吊销信息。",
            &source,
        ));
    }
    match response.status {
        SourceStatus::Good => Some(Status::Good { source }),
        SourceStatus::Revoked { at, reason } => Some(Status::Revoked { at, reason, source }),
        SourceStatus::Unknown => {
            findings.push(issue(
                "OCSP_STATUS_UNKNOWN",
                "An OCSP responder answered 'unknown' for the certificate.",
                "OCSP 响应者对该证书的回答为“未知”。",
                &source,
            ));
            None
        }
    }
}

fn issue(code: &str, en: &str, zh: &str, evidence: &str) -> Finding {
    Finding::new(code, Severity::Warning, Text::new(en, zh)).evidence(evidence.to_string())
}

/// A certificate was revoked at `at`: acceptable if a proof of existence predates it.
fn judge_revocation(
    cert: &CertificateRevocation,
    at: OffsetDateTime,
    reason: Option<u8>,
    source: &str,
    facts: &RevocationFacts,
    findings: &mut Vec<Finding>,
) -> Option<Check> {
    let is_leaf = cert.is_leaf;
    let when = fmt(at);
    let why = reason_name(reason);
    let evidence = format!("{} revoked {when} ({why}) per {source}", cert.label);
    let (role_en, role_zh) = certificate_role(is_leaf);
    if let Some(poe) = facts.poe_time.filter(|p| *p < at) {
        let poe = fmt(poe);
        findings.push(
            Finding::new(
                "REVOKED_AFTER_POE",
                Severity::Info,
                Text::new(
                    format!("The {role_en} was revoked on {when} ({why}); a timestamp proves the signature existed earlier, at {poe}."),
                    format!("{role_zh}已于 {when} 被吊销（{why}）；时间戳证明签名在此之前（{poe}）已存在。"),
                ),
            )
            .evidence(evidence),
        );
        return None;
    }
    let made_after = match facts.poe_time {
        Some(_) => true,
        None => facts.claimed_time.is_some_and(|c| c >= at),
    };
    let (en, zh) = (
        format!("The {role_en} was revoked on {when} ({why})"),
        format!("{role_zh}已于 {when} 被吊销（{why}）"),
    );
    let check = match (made_after, is_leaf) {
        (true, true) => Check::failed(
            CheckId::Revocation,
            SubIndication::Revoked,
            Text::new(
                format!("{en}, before the signature was made."),
                format!("{zh}，早于签名时间。"),
            ),
        ),
        (true, false) => Check::indeterminate(
            CheckId::Revocation,
            SubIndication::RevokedCaNoPoe,
            Text::new(
                format!("{en}, before the signature was made."),
                format!("{zh}，早于签名时间。"),
            ),
        ),
        (false, leaf) => Check::indeterminate(
            CheckId::Revocation,
            if leaf {
                SubIndication::RevokedNoPoe
            } else {
                SubIndication::RevokedCaNoPoe
            },
            Text::new(
                format!("{en}, and no timestamp proves the signature existed before then."),
                format!("{zh}，且没有时间戳证明签名在此之前已存在。"),
            ),
        ),
    };
    Some(check.evidence(evidence))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::facts::crypto::{SchemeFact, SignatureValueFact};
    use crate::pki::DigestAlgorithm;

    fn crl_signed_with(digest: DigestAlgorithm, status: SourceStatus) -> CrlFact {
        CrlFact {
            source: "CRL of CN=CA issued 2026-11-01T00:00:00Z".into(),
            issuer_may_sign_crls: true,
            signature: Some(SignatureValueFact {
                scheme: Some(SchemeFact {
                    family: "RSA-PKCS1",
                    digest: Some(digest),
                    rsa_bits: Some(2048),
                }),
                verification: Ok("RSA-PKCS1".into()),
            }),
            this_update: datetime!(2026-11-01 00:00 UTC),
            next_update: Some(datetime!(2026-12-01 00:00 UTC)),
            covers_certificate: true,
            incomplete: false,
            status: Some(status),
        }
    }

    fn facts(sources: Vec<SourceFact>) -> RevocationFacts {
        RevocationFacts {
            unreadable_crls: 0,
            unreadable_ocsp: Vec::new(),
            certificates: vec![CertificateRevocation {
                label: "CN=Signer (serial 01)".into(),
                is_leaf: true,
                sources,
            }],
            claimed_time: Some(datetime!(2026-10-01 00:00 UTC)),
            poe_time: None,
            validation_time: datetime!(2026-11-26 00:00 UTC),
        }
    }

    fn revoked() -> SourceStatus {
        SourceStatus::Revoked {
            at: datetime!(2026-09-01 00:00 UTC),
            reason: Some(1),
        }
    }

    #[test]
    fn unknown_status_is_skipped_or_try_later_as_the_policy_requires() {
        let none = facts(Vec::new());
        let (check, findings) = evaluate(&none, &Policy::default());
        assert_eq!(check.status, CheckStatus::Skipped);
        assert_eq!(findings[0].code, "REVOCATION_NOT_CHECKED");
        let strict = Policy {
            require_revocation: true,
            ..Policy::default()
        };
        let (check, _) = evaluate(&none, &strict);
        assert_eq!(check.sub_indication, Some(SubIndication::TryLater));
    }

    #[test]
    fn a_sha1_signed_crl_is_evidence_only_under_a_policy_allowing_sha1() {
        let weak = facts(vec![SourceFact::Crl(crl_signed_with(
            DigestAlgorithm::Sha1,
            revoked(),
        ))]);
        let (check, findings) = evaluate(&weak, &Policy::default());
        assert_eq!(check.status, CheckStatus::Skipped);
        assert_eq!(findings[0].code, "CRL_SIGNATURE_INVALID");
        assert!(
            findings[0].message.contains("SHA-1"),
            "{}",
            findings[0].message
        );
        let lenient = Policy {
            allow_sha1: true,
            ..Policy::default()
        };
        let (check, _) = evaluate(&weak, &lenient);
        assert_eq!(check.sub_indication, Some(SubIndication::Revoked));
        assert!(check.message.contains("keyCompromise"), "{}", check.message);
    }

    #[test]
    fn revocation_after_the_proof_of_existence_is_acceptable() {
        let mut proven = facts(vec![SourceFact::Crl(crl_signed_with(
            DigestAlgorithm::Sha256,
            revoked(),
        ))]);
        proven.poe_time = Some(datetime!(2026-08-01 00:00 UTC));
        let (check, findings) = evaluate(&proven, &Policy::default());
        assert_eq!(check.status, CheckStatus::Passed);
        assert!(findings.iter().any(|f| f.code == "REVOKED_AFTER_POE"));
    }

    #[test]
    fn a_weak_ocsp_signature_by_the_issuer_leaves_the_status_unknown() {
        let response = OcspFact {
            produced_at: datetime!(2026-11-20 00:00 UTC),
            by_issuer: SignatureValueFact {
                scheme: Some(SchemeFact {
                    family: "RSA-PKCS1",
                    digest: Some(DigestAlgorithm::Sha256),
                    rsa_bits: Some(1024),
                }),
                verification: Ok("RSA-PKCS1-SHA256".into()),
            },
            responders: Vec::new(),
            status: SourceStatus::Good,
            this_update: datetime!(2026-11-20 00:00 UTC),
            next_update: None,
        };
        let facts = facts(vec![SourceFact::Ocsp(response)]);
        let (check, findings) = evaluate(&facts, &Policy::default());
        assert_eq!(check.status, CheckStatus::Skipped);
        assert_eq!(findings[0].code, "OCSP_SIGNATURE_INVALID");
        let lenient = Policy {
            min_rsa_bits: 1024,
            ..Policy::default()
        };
        let (check, _) = evaluate(&facts, &lenient);
        assert_eq!(check.status, CheckStatus::Passed);
        assert!(check
            .evidence
            .as_deref()
            .is_some_and(|e| e.contains("signed by issuer")));
    }
}
