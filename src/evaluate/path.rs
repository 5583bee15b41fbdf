//! The policy's judgement of a certification path search: which candidate path it accepts
//! (the first, in search order, whose every link's signature the policy accepts and whose
//! constraints hold), and otherwise why none: CRYPTO_CONSTRAINTS_FAILURE when only links the
//! policy finds too weak (SHA-1, a short RSA key) kept a candidate from being accepted,
//! CHAIN_CONSTRAINTS_FAILURE when a path broke basicConstraints, pathLenConstraint or key
//! usage, NO_CERTIFICATE_CHAIN_FOUND otherwise.
//!
//! The search itself ([`crate::pki::path`]) is policy-free: it follows every link whose
//! signature verifies and records the order it went. The judgement replays that record as a
//! search under the policy would have gone: links the policy refuses are not followed, the
//! first accepted complete path wins, and every candidate issuer tried counts against
//! `Limits::max_path_work`.

use std::collections::HashMap;

use super::{evaluate, Facts};
use crate::facts::crypto::SignatureError;
use crate::facts::path::{ConstraintViolation, PathFacts, SearchStep};
use crate::policy::Policy;
use crate::report::CertSummary;
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};

/// What the policy makes of a path search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathJudgement {
    /// `certificate_chain`; when no path is accepted, also `certificate_validity` and
    /// `revocation`, skipped.
    pub checks: Vec<Check>,
    /// Findings about the offered certificates, the search and the accepted path.
    pub findings: Vec<Finding>,
    /// The accepted candidate (index in [`PathFacts::candidates`]), if any.
    pub accepted: Option<usize>,
    /// The accepted path's certificates, leaf first (empty when none is accepted).
    pub chain: Vec<CertSummary>,
}

impl Facts for PathFacts {
    type Judgement = PathJudgement;

    fn judge(&self, policy: &Policy) -> PathJudgement {
        let mut judgement = PathJudgement::default();
        let (Some(search), Some(leaf)) = (&self.search, self.certificates.first()) else {
            judgement.checks.push(Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::NoCertificateChainFound,
                Text::new(
                    "The signer certificate cannot be parsed, so no certification path can be built.",
                    "签名者证书无法解析，无法构建证书路径。",
                ),
            ));
            skip_later_checks(&mut judgement.checks);
            return judgement;
        };
        self.offered_findings(&mut judgement.findings);

        let mut replay = Replay::new(self, policy);
        let found = replay.step(search);
        if replay.budget_exhausted {
            judgement.findings.push(
                Finding::new(
                    "LIMIT_PATH_WORK",
                    Severity::Warning,
                    Text::new(
                        format!(
                            "Path building stopped after trying {} candidate certificates (limit).",
                            policy.limits.max_path_work
                        ),
                        format!(
                            "构建证书路径时已尝试 {} 个候选证书，达到上限后停止。",
                            policy.limits.max_path_work
                        ),
                    ),
                )
                .evidence(leaf.label.clone()),
            );
        }
        let Some((index, candidate)) = found.and_then(|i| self.candidates.get(i).map(|c| (i, c)))
        else {
            let check = replay
                .crypto_constraints_check(leaf.label.clone())
                .unwrap_or_else(|| replay.failure_check(&leaf.label, &leaf.issuer));
            judgement.checks.push(check);
            skip_later_checks(&mut judgement.checks);
            return judgement;
        };

        judgement.accepted = Some(index);
        judgement.chain = candidate.summaries.clone();
        if let Ok(warnings) = &candidate.constraints {
            judgement.findings.extend(warnings.iter().cloned());
        }
        let certs: Vec<_> = candidate
            .certificates
            .iter()
            .filter_map(|&i| self.certificates.get(i))
            .collect();
        for cert in &certs {
            if !cert.unknown_critical.is_empty() {
                let oids = cert.unknown_critical.join(", ");
                judgement.findings.push(
                    Finding::new(
                        "UNKNOWN_CRITICAL_EXTENSION",
                        Severity::Warning,
                        Text::new(
                            format!("The certificate has critical extension(s) this verifier does not interpret: {oids}."),
                            format!("该证书含有本验证程序无法解释的关键扩展：{oids}。"),
                        ),
                    )
                    .evidence(cert.label.clone()),
                );
            }
        }
        let chain_text = certs
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>()
            .join(" <- ");
        let anchor = certs.last().map(|c| c.subject.clone()).unwrap_or_default();
        judgement.checks.push(
            Check::passed(
                CheckId::CertificateChain,
                Text::new(
                    format!(
                        "A certification path of {} certificate(s) leads to the trust anchor {anchor}.",
                        certs.len()
                    ),
                    format!(
                        "已构建包含 {} 个证书的证书路径，终止于受信任的根证书 {anchor}。",
                        certs.len()
                    ),
                ),
            )
            .evidence(chain_text),
        );
        judgement
    }
}

impl PathFacts {
    /// Findings about the offered certificates: some ignored over the limit, some unreadable.
    fn offered_findings(&self, findings: &mut Vec<Finding>) {
        let (dropped, capacity) = (self.offered_dropped, self.offered_capacity);
        if dropped > 0 {
            findings.push(Finding::new(
                "LIMIT_PATH_WORK",
                Severity::Warning,
                Text::new(
                    format!("{dropped} offered certificate(s) were ignored (limit of {capacity})."),
                    format!("已忽略 {dropped} 个提供的证书（上限 {capacity} 个）。"),
                ),
            ));
        }
        let unreadable = self.offered_unreadable;
        if unreadable > 0 {
            findings.push(Finding::new(
                "UNPARSABLE_CERTIFICATE",
                Severity::Warning,
                Text::new(
                    format!(
                        "{unreadable} offered certificate(s) could not be parsed and were ignored."
                    ),
                    format!("有 {unreadable} 个提供的证书无法解析，已忽略。"),
                ),
            ));
        }
    }
}

fn skip_later_checks(checks: &mut Vec<Check>) {
    for id in [CheckId::CertificateValidity, CheckId::Revocation] {
        checks.push(Check::skipped(
            id,
            Text::new(
                "Not evaluated: there is no certification path to a trust anchor.",
                "未评估：没有通往受信任根证书的证书路径。",
            ),
        ));
    }
}

/// The recorded search, walked as the policy sees it.
struct Replay<'f> {
    facts: &'f PathFacts,
    policy: &'f Policy,
    work: usize,
    budget_exhausted: bool,
    /// Each link is judged once; a repeated link repeats its verdict silently.
    judged: HashMap<usize, bool>,
    /// The most recent reason a candidate issuer was rejected.
    last_rejection: Option<(String, String)>,
    /// The most recent link rejected only because the policy forbids its algorithm.
    crypto_rejection: Option<(String, String)>,
    /// The first complete path (reached through accepted links) that broke a constraint.
    violation: Option<&'f ConstraintViolation>,
}

impl<'f> Replay<'f> {
    fn new(facts: &'f PathFacts, policy: &'f Policy) -> Self {
        Replay {
            facts,
            policy,
            work: 0,
            budget_exhausted: false,
            judged: HashMap::new(),
            last_rejection: None,
            crypto_rejection: None,
            violation: None,
        }
    }

    /// The first accepted candidate below `step`, in search order.
    fn step(&mut self, step: &'f SearchStep) -> Option<usize> {
        match step {
            SearchStep::Anchor(index) => match &self.facts.candidates.get(*index)?.constraints {
                Ok(_) => Some(*index),
                Err(violation) => {
                    self.violation.get_or_insert(violation);
                    None
                }
            },
            SearchStep::TooLong { limit } => {
                self.last_rejection = Some((
                    format!("the path would exceed {limit} certificates"),
                    format!("证书路径将超过 {limit} 个证书的上限"),
                ));
                None
            }
            SearchStep::Issuers { tries, cut_short } => {
                for tried in tries {
                    if self.work >= self.policy.limits.max_path_work {
                        self.budget_exhausted = true;
                        return None;
                    }
                    self.work += 1;
                    if !self.accepts(tried.link) {
                        continue;
                    }
                    let Some(next) = &tried.next else {
                        continue;
                    };
                    if let Some(found) = self.step(next) {
                        return Some(found);
                    }
                    if self.budget_exhausted {
                        return None;
                    }
                }
                // The search ran out of work here; so would a search under the policy.
                if *cut_short {
                    self.budget_exhausted = true;
                }
                None
            }
        }
    }

    /// Whether the policy accepts the link's signature; a rejection is remembered for the
    /// failure message.
    fn accepts(&mut self, link: usize) -> bool {
        if let Some(&known) = self.judged.get(&link) {
            return known;
        }
        let Some(fact) = self.facts.links.get(link) else {
            return false;
        };
        let result = evaluate(&fact.signature, self.policy);
        if let Err(e) = &result {
            let label = |i: usize| {
                self.facts
                    .certificates
                    .get(i)
                    .map(|c| c.label.clone())
                    .unwrap_or_default()
            };
            let (child, issuer) = (label(fact.child), label(fact.issuer));
            if let SignatureError::ConstraintsFailure(why) = e {
                self.crypto_rejection = Some((
                    format!("the signature of {child} by {issuer}: {why}"),
                    format!("证书 {child} 由 {issuer} 签发的签名算法不符合策略：{why}"),
                ));
            }
            self.last_rejection = Some((
                format!("the signature of {child} does not verify with the key of {issuer}: {e}"),
                format!("证书 {child} 的签名无法用 {issuer} 的公钥验证：{e}"),
            ));
        }
        let ok = result.is_ok();
        self.judged.insert(link, ok);
        ok
    }

    /// When the only obstacle was an algorithm the policy forbids (SHA-1, short RSA): a
    /// complete path meeting every constraint exists, and only links the policy refuses as
    /// weak kept it from being accepted. A path that broke a constraint takes precedence.
    ///
    /// "Weak" is bounded below: a link is weak when it verifies and would pass with SHA-1
    /// allowed and an RSA minimum of at most 1,024 bits; a key shorter still does not make a
    /// path, whatever the policy (so such a chain stays NO_CERTIFICATE_CHAIN_FOUND).
    fn crypto_constraints_check(&self, leaf_label: String) -> Option<Check> {
        let (en, zh) = self.crypto_rejection.clone()?;
        if self.violation.is_some() {
            return None;
        }
        let weak_floor = Policy {
            allow_sha1: true,
            min_rsa_bits: self.policy.min_rsa_bits.min(1024),
            ..self.policy.clone()
        };
        let judged = |link: &usize| {
            self.facts.links.get(*link).map(|l| {
                (
                    evaluate(&l.signature, self.policy).is_ok(),
                    evaluate(&l.signature, &weak_floor).is_ok(),
                )
            })
        };
        let weak_only = self.facts.candidates.iter().any(|candidate| {
            let links: Option<Vec<(bool, bool)>> = candidate.links.iter().map(judged).collect();
            candidate.constraints.is_ok()
                && links.is_some_and(|links| {
                    links.iter().all(|&(_, above_floor)| above_floor)
                        && links.iter().any(|&(accepted, _)| !accepted)
                })
        });
        if !weak_only {
            return None;
        }
        Some(
            Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::CryptoConstraintsFailure,
                Text::new(
                    format!(
                        "The certification path uses an algorithm the policy does not accept: {en}."
                    ),
                    format!("证书路径使用了策略不接受的算法：{zh}。"),
                ),
            )
            .evidence(leaf_label),
        )
    }

    fn failure_check(&self, leaf_label: &str, leaf_issuer: &str) -> Check {
        if let Some(v) = self.violation {
            return Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::ChainConstraintsFailure,
                v.text.clone(),
            )
            .evidence(v.evidence.clone());
        }
        let (why_en, why_zh) = match (&self.last_rejection, self.budget_exhausted) {
            (_, true) => (
                "the path-building work limit was reached".to_string(),
                "已达到路径构建的工作量上限".to_string(),
            ),
            (Some((en, zh)), false) => (en.clone(), zh.clone()),
            (None, false) => (
                format!("no certificate for its issuer {leaf_issuer} is available"),
                format!("没有其签发者 {leaf_issuer} 的证书"),
            ),
        };
        Check::indeterminate(
            CheckId::CertificateChain,
            SubIndication::NoCertificateChainFound,
            Text::new(
                format!(
                    "No certification path from the signer certificate to a trust anchor was found: {why_en}."
                ),
                format!("未找到从签名者证书到受信任根证书的证书路径：{why_zh}。"),
            ),
        )
        .evidence(leaf_label.to_string())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::facts::crypto::{SchemeFact, SignatureValueFact};
    use crate::facts::path::{CertificateFact, IssuerTry, LinkFact, PathCandidate};
    use crate::pki::DigestAlgorithm;
    use crate::verdict::CheckStatus;

    fn cert(name: &str, anchor: bool) -> CertificateFact {
        CertificateFact {
            label: format!("CN={name} (serial 01)"),
            subject: format!("CN={name}"),
            issuer: "CN=Issuer".into(),
            not_before: datetime!(2025-01-01 00:00 UTC),
            not_after: datetime!(2030-01-01 00:00 UTC),
            anchor,
            unknown_critical: Vec::new(),
        }
    }

    fn signature(digest: DigestAlgorithm) -> SignatureValueFact {
        SignatureValueFact {
            scheme: Some(SchemeFact {
                family: "RSA-PKCS1",
                digest: Some(digest),
                rsa_bits: Some(2048),
            }),
            verification: Ok("RSA-PKCS1".into()),
        }
    }

    fn link(child: usize, issuer: usize, digest: DigestAlgorithm) -> LinkFact {
        LinkFact {
            child,
            issuer,
            signature: signature(digest),
        }
    }

    fn candidate(certificates: Vec<usize>, links: Vec<usize>) -> PathCandidate {
        PathCandidate {
            certificates,
            links,
            summaries: Vec::new(),
            constraints: Ok(Vec::new()),
        }
    }

    fn tried(link: usize, next: SearchStep) -> IssuerTry {
        IssuerTry {
            link,
            next: Some(Box::new(next)),
        }
    }

    fn issuers(tries: Vec<IssuerTry>) -> SearchStep {
        SearchStep::Issuers {
            tries,
            cut_short: false,
        }
    }

    /// Leaf (0) certified with SHA-1 directly by anchor A (1), and cross-certified with
    /// SHA-256 by intermediate I (2) under anchor B (3); the SHA-1 path is found first.
    fn weak_then_strong() -> PathFacts {
        PathFacts {
            leaf_readable: true,
            certificates: vec![
                cert("Leaf", false),
                cert("A", true),
                cert("I", false),
                cert("B", true),
            ],
            links: vec![
                link(0, 1, DigestAlgorithm::Sha1),
                link(0, 2, DigestAlgorithm::Sha256),
                link(2, 3, DigestAlgorithm::Sha256),
            ],
            search: Some(issuers(vec![
                tried(0, SearchStep::Anchor(0)),
                tried(1, issuers(vec![tried(2, SearchStep::Anchor(1))])),
            ])),
            candidates: vec![
                candidate(vec![0, 1], vec![0]),
                candidate(vec![0, 2, 3], vec![1, 2]),
            ],
            work: 3,
            ..PathFacts::default()
        }
    }

    fn lenient() -> Policy {
        Policy {
            allow_sha1: true,
            ..Policy::default()
        }
    }

    fn chain_check(judgement: &PathJudgement) -> &Check {
        judgement
            .checks
            .iter()
            .find(|c| c.id == CheckId::CertificateChain)
            .expect("a certificate_chain check")
    }

    #[test]
    fn a_weak_candidate_and_a_strong_one_pick_the_strong_under_a_strict_policy() {
        let facts = weak_then_strong();
        let strict = evaluate(&facts, &Policy::default());
        assert_eq!(strict.accepted, Some(1));
        assert_eq!(chain_check(&strict).status, CheckStatus::Passed);
        assert!(chain_check(&strict).message.contains("3 certificate(s)"));
        assert!(chain_check(&strict).message.contains("CN=B"));
        // The lenient policy accepts the first path found, the SHA-1 one.
        let lenient = evaluate(&facts, &lenient());
        assert_eq!(lenient.accepted, Some(0));
        assert!(chain_check(&lenient).message.contains("2 certificate(s)"));
        assert_eq!(lenient.checks.len(), 1);
    }

    #[test]
    fn only_weak_candidates_are_a_crypto_constraints_failure_under_a_strict_policy() {
        let mut facts = weak_then_strong();
        facts.search = Some(issuers(vec![tried(0, SearchStep::Anchor(0))]));
        facts.candidates.truncate(1);
        let strict = evaluate(&facts, &Policy::default());
        assert_eq!(strict.accepted, None);
        let check = chain_check(&strict);
        assert_eq!(
            check.sub_indication,
            Some(SubIndication::CryptoConstraintsFailure)
        );
        assert!(check.message.contains("SHA-1"), "{}", check.message);
        assert_eq!(strict.checks.len(), 3, "validity and revocation skipped");
        assert!(strict.chain.is_empty());
        assert_eq!(
            chain_check(&evaluate(&facts, &lenient())).status,
            CheckStatus::Passed
        );
    }

    #[test]
    fn a_key_below_the_weak_floor_is_no_chain() {
        let mut facts = weak_then_strong();
        facts.search = Some(issuers(vec![tried(0, SearchStep::Anchor(0))]));
        facts.candidates.truncate(1);
        if let Some(scheme) = facts
            .links
            .get_mut(0)
            .and_then(|l| l.signature.scheme.as_mut())
        {
            scheme.digest = Some(DigestAlgorithm::Sha256);
            scheme.rsa_bits = Some(768);
        }
        let strict = evaluate(&facts, &Policy::default());
        assert_eq!(
            chain_check(&strict).sub_indication,
            Some(SubIndication::NoCertificateChainFound)
        );
        assert!(chain_check(&strict).message.contains("768 bits"));
        let lenient = Policy {
            min_rsa_bits: 512,
            ..Policy::default()
        };
        assert_eq!(evaluate(&facts, &lenient).accepted, Some(0));
    }

    #[test]
    fn a_broken_constraint_takes_precedence_over_a_weak_link() {
        let mut facts = weak_then_strong();
        if let Some(c) = facts.candidates.get_mut(1) {
            c.constraints = Err(ConstraintViolation {
                text: Text::new("I is not a CA.", "I 不是 CA。"),
                evidence: "CN=I".into(),
            });
        }
        let strict = evaluate(&facts, &Policy::default());
        let check = chain_check(&strict);
        assert_eq!(
            check.sub_indication,
            Some(SubIndication::ChainConstraintsFailure)
        );
        assert_eq!(check.message, "I is not a CA.");
        assert_eq!(strict.accepted, None);
        assert_eq!(evaluate(&facts, &lenient()).accepted, Some(0));
    }

    #[test]
    fn a_broken_signature_is_no_chain_whatever_the_policy() {
        let mut facts = weak_then_strong();
        facts.search = Some(issuers(vec![IssuerTry {
            link: 0,
            next: None,
        }]));
        facts.candidates.clear();
        if let Some(l) = facts.links.get_mut(0) {
            l.signature.verification = Err(SignatureError::Invalid);
        }
        for policy in [Policy::default(), lenient()] {
            let judged = evaluate(&facts, &policy);
            let check = chain_check(&judged);
            assert_eq!(
                check.sub_indication,
                Some(SubIndication::NoCertificateChainFound)
            );
            assert!(
                check
                    .message
                    .contains("does not verify with the key of CN=A"),
                "{}",
                check.message
            );
        }
    }

    #[test]
    fn the_work_budget_counts_the_issuers_the_policy_tries() {
        let facts = weak_then_strong();
        // Three tries reach the strong path; two are not enough.
        let mut tight = Policy::default();
        tight.limits.max_path_work = 2;
        let judged = evaluate(&facts, &tight);
        assert_eq!(judged.accepted, None);
        assert!(judged.findings.iter().any(|f| f.code == "LIMIT_PATH_WORK"));
        // The SHA-1 path was complete: only its weak link kept it from being accepted.
        assert_eq!(
            chain_check(&judged).sub_indication,
            Some(SubIndication::CryptoConstraintsFailure)
        );
        let mut no_weak_path = facts.clone();
        no_weak_path.candidates.truncate(1);
        if let Some(c) = no_weak_path.candidates.get_mut(0) {
            c.constraints = Err(ConstraintViolation {
                text: Text::new("A may not sign.", "A 不得签发。"),
                evidence: "CN=A".into(),
            });
        }
        let judged = evaluate(&no_weak_path, &tight);
        assert!(chain_check(&judged).message.contains("work limit"));
        tight.limits.max_path_work = 3;
        assert_eq!(evaluate(&facts, &tight).accepted, Some(1));
    }

    #[test]
    fn an_unreadable_leaf_is_no_chain() {
        let judged = evaluate(&PathFacts::default(), &Policy::default());
        assert_eq!(judged.checks.len(), 3);
        assert_eq!(
            chain_check(&judged).sub_indication,
            Some(SubIndication::NoCertificateChainFound)
        );
    }
}
