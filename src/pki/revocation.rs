//! Revocation status of each certificate below the trust anchor, from CRLs and OCSP responses,
//! and what a revocation means for the signature given the times we know.

use time::OffsetDateTime;

use super::cert::CertInfo;
use super::crl::{reason_name, Crl};
use super::ocsp::{CertStatus, OcspProblem, OcspResponse};
use super::validity::certificate_role;
use super::validity::fmt;
use super::ChainRequest;
use crate::policy::Policy;
use crate::verdict::CheckId;
use crate::verdict::{Check, CheckStatus, Finding, Severity, SubIndication, Text};

/// What the revocation data says about one certificate.
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

/// `path` is leaf first, anchor last.
pub(crate) fn check_revocation(
    path: &[&CertInfo<'_>],
    req: &ChainRequest<'_>,
    policy: &Policy,
) -> (Check, Vec<Finding>) {
    let mut findings = Vec::new();
    let max_items = policy.limits.max_path_work.max(1);
    let crls: Vec<Crl<'_>> = req
        .crls
        .iter()
        .take(max_items)
        .filter_map(|der| {
            let parsed = Crl::parse(der);
            if parsed.is_none() {
                findings.push(Finding::new(
                    "CRL_UNPARSABLE",
                    Severity::Warning,
                    Text::new(
                        "A supplied CRL could not be parsed and was ignored.",
                        "提供的一个证书吊销列表（CRL）无法解析，已忽略。",
                    ),
                ));
            }
            parsed
        })
        .collect();
    let responses: Vec<OcspResponse<'_>> = req
        .ocsp_responses
        .iter()
        .take(max_items)
        .filter_map(|der| match OcspResponse::parse(der, max_items) {
            Ok(r) => Some(r),
            Err(why) => {
                findings.push(Finding::new(
                    "OCSP_UNPARSABLE",
                    Severity::Warning,
                    Text::new(
                        format!("A supplied OCSP response was ignored: {why}."),
                        format!("提供的一个 OCSP 响应已忽略：{why}。"),
                    ),
                ));
                None
            }
        })
        .collect();

    let pairs: Vec<(&CertInfo<'_>, &CertInfo<'_>)> = path
        .iter()
        .zip(path.iter().skip(1))
        .map(|(c, i)| (*c, *i))
        .collect();
    if pairs.is_empty() {
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
    for (position, (cert, issuer)) in pairs.iter().enumerate() {
        let is_leaf = position == 0;
        let status = status_of(cert, issuer, &crls, &responses, req, policy, &mut findings);
        match status {
            Status::NoData => unchecked.push(cert.label()),
            Status::Good { source } => sources.push(format!("{}: good ({source})", cert.label())),
            Status::Revoked { at, reason, source } => {
                sources.push(format!("{}: revoked ({source})", cert.label()));
                if let Some(check) =
                    judge_revocation(cert, is_leaf, at, reason, &source, req, &mut findings)
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
    cert: &CertInfo<'_>,
    issuer: &CertInfo<'_>,
    crls: &[Crl<'_>],
    responses: &[OcspResponse<'_>],
    req: &ChainRequest<'_>,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Status {
    let mut status = Status::NoData;
    for crl in crls.iter().filter(|c| c.is_issued_by_name(issuer)) {
        if let Some(said) = crl_status(cert, issuer, crl, req, policy, findings) {
            status = status.merged(said);
        }
    }
    for response in responses {
        if let Some(said) = ocsp_status(cert, issuer, response, req, policy, findings) {
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

/// What one CRL named after the issuer says about `cert`, or `None` when it cannot be used
/// for it (issuer not allowed to sign CRLs, bad signature, issued after the validation time,
/// wrong scope) or, being incomplete, does not list it. Each reason becomes a finding.
fn crl_status(
    cert: &CertInfo<'_>,
    issuer: &CertInfo<'_>,
    crl: &Crl<'_>,
    req: &ChainRequest<'_>,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Option<Status> {
    let source = format!("CRL of {} issued {}", crl.issuer, fmt(crl.this_update));
    if issuer.key_usage.is_some_and(|usage| !usage.crl_sign) {
        findings.push(issue(
            "CRL_ISSUER_NOT_ALLOWED",
            "The CRL's issuer lacks the cRLSign key usage; the CRL is ignored.",
            "CRL 签发者的密钥用法不包含 CRL 签名（cRLSign），已忽略该 CRL。",
            &source,
        ));
        return None;
    }
    if let Err(why) = crl.verify_issued_by(issuer, policy) {
        findings.push(issue(
            "CRL_SIGNATURE_INVALID",
            &format!("A CRL naming the issuer does not carry its valid signature ({why}); it is ignored."),
            &format!("一个以该签发者为名的 CRL 签名无效（{why}），已忽略。"),
            &source,
        ));
        return None;
    }
    if crl.this_update > req.validation_time {
        findings.push(issue(
            "CRL_NOT_YET_VALID",
            "A CRL was issued after the validation time; it is ignored.",
            "CRL 的签发时间晚于验证时间，已忽略。",
            &source,
        ));
        return None;
    }
    if crl.next_update.is_some_and(|n| n < req.validation_time) {
        findings.push(issue(
            "CRL_EXPIRED",
            "A CRL's nextUpdate is before the validation time; it is used, but newer revocation data may exist.",
            "CRL 的下次更新时间早于验证时间；仍使用该 CRL，但可能存在更新的吊销信息。",
            &source,
        ));
    }
    let is_ca = cert.basic_constraints.is_some_and(|(ca, _)| ca);
    if crl.scope.unusable() || !crl.scope.covers(is_ca) {
        findings.push(issue(
            "CRL_SCOPE_NOT_APPLICABLE",
            "A CRL of the issuer does not cover this kind of certificate (indirect, attribute, user-only or CA-only CRL); it is ignored for it.",
            "签发者的一个 CRL 不覆盖此类证书（间接 CRL、属性证书 CRL、仅用户证书或仅 CA 证书 CRL），对该证书不予采用。",
            &source,
        ));
        return None;
    }
    match crl.lookup(cert) {
        Some(r) => Some(Status::Revoked {
            at: r.at,
            reason: r.reason,
            source,
        }),
        None if crl.scope.incomplete() => {
            findings.push(issue(
                "CRL_INCOMPLETE",
                "A delta or partial-reason CRL does not list the certificate; that alone does not show it is unrevoked.",
                "增量 CRL 或仅含部分吊销原因的 CRL 中未列出该证书，这本身不能证明证书未被吊销。",
                &source,
            ));
            None
        }
        None => Some(Status::Good { source }),
    }
}

/// What one OCSP response says about `cert`, or `None` when it is about another certificate,
/// is not signed by the issuer or its delegated responder, was produced after the validation
/// time, or answers "unknown". Each reason but the first becomes a finding.
fn ocsp_status(
    cert: &CertInfo<'_>,
    issuer: &CertInfo<'_>,
    response: &OcspResponse<'_>,
    req: &ChainRequest<'_>,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Option<Status> {
    let answer = match response.answer_for(cert, issuer, policy) {
        Ok(answer) => answer,
        Err(OcspProblem::NotAbout) => return None,
        Err(OcspProblem::Unverified(why)) => {
            findings.push(issue(
                "OCSP_SIGNATURE_INVALID",
                &format!("An OCSP response about the certificate is not signed by its issuer or a delegated responder ({why}); it is ignored."),
                &format!("一个关于该证书的 OCSP 响应并非由其签发者或授权的响应者签名（{why}），已忽略。"),
                &cert.label(),
            ));
            return None;
        }
    };
    let source = format!(
        "OCSP response of {} signed by {}, thisUpdate {}",
        fmt(response.produced_at),
        answer.signed_by,
        fmt(answer.this_update)
    );
    if answer.this_update > req.validation_time {
        findings.push(issue(
            "OCSP_NOT_YET_VALID",
            "An OCSP response was produced after the validation time; it is ignored.",
            "OCSP 响应的生成时间晚于验证时间，已忽略。",
            &source,
        ));
        return None;
    }
    if answer.next_update.is_some_and(|n| n < req.validation_time) {
        findings.push(issue(
            "OCSP_EXPIRED",
            "An OCSP response's nextUpdate is before the validation time; it is used, but newer revocation data may exist.",
            "OCSP 响应的下次更新时间早于验证时间；仍使用该响应，但可能存在更新的吊销信息。",
            &source,
        ));
    }
    match answer.status {
        CertStatus::Good => Some(Status::Good { source }),
        CertStatus::Revoked { at, reason } => Some(Status::Revoked { at, reason, source }),
        CertStatus::Unknown => {
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
    cert: &CertInfo<'_>,
    is_leaf: bool,
    at: OffsetDateTime,
    reason: Option<u8>,
    source: &str,
    req: &ChainRequest<'_>,
    findings: &mut Vec<Finding>,
) -> Option<Check> {
    let when = fmt(at);
    let why = reason_name(reason);
    let evidence = format!("{} revoked {when} ({why}) per {source}", cert.label());
    let (role_en, role_zh) = certificate_role(is_leaf);
    if let Some(poe) = req.poe_time.filter(|p| *p < at) {
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
    let made_after = match req.poe_time {
        Some(_) => true,
        None => req.claimed_time.is_some_and(|c| c >= at),
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
