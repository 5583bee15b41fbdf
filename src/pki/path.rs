//! Certification path building, validity at the proven time, revocation.
//!
//! Paths are built from the leaf upwards, depth first with backtracking: every certificate whose
//! subject matches the current issuer name (and whose key identifier does not contradict the
//! authority key identifier) is a candidate, tried in the order anchors first, then matching key
//! identifiers. A candidate counts against `Limits::max_path_work` whether or not it works out,
//! and a certificate never appears twice in one path, so cross-signed or cyclic sets end.

use std::collections::HashMap;

use super::cache::{self, SignatureParts};
use super::cert::{names_match, CertInfo};
use super::revocation::check_revocation;
use super::validity::check_validity;
#[cfg(test)]
use super::verify_signature;
use super::{ChainOutcome, ChainRequest, Purpose, SignatureError, TrustStore};
use crate::policy::Policy;
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};

/// Builds a path from `req.leaf` to an anchor in `trust`, checks it and its revocation status.
/// With a [`TrustStore::with_cache`] memo, a request seen before is answered from it, and
/// certificate and CRL signatures checked before are not checked again.
pub fn validate_chain(req: &ChainRequest<'_>, trust: &TrustStore, policy: &Policy) -> ChainOutcome {
    match trust.cache() {
        Some(cache) => cache::with_scope(Some(cache), || {
            cache.chain(req, policy, || validate_uncached(req, trust, policy))
        }),
        None => validate_uncached(req, trust, policy),
    }
}

fn validate_uncached(req: &ChainRequest<'_>, trust: &TrustStore, policy: &Policy) -> ChainOutcome {
    let mut outcome = ChainOutcome::default();
    let Some(leaf) = CertInfo::parse(req.leaf) else {
        outcome.checks.push(Check::indeterminate(
            CheckId::CertificateChain,
            SubIndication::NoCertificateChainFound,
            Text::new(
                "The signer certificate cannot be parsed, so no certification path can be built.",
                "签名者证书无法解析，无法构建证书路径。",
            ),
        ));
        skip_later_checks(&mut outcome);
        return outcome;
    };

    let pool = CandidatePool::new(leaf, req, trust, policy, &mut outcome.findings);
    let mut search = PathSearch::new(&pool, req.purpose, policy);
    let found = search.run();
    if search.budget_exhausted {
        outcome.findings.push(
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
            .evidence(pool.leaf().label()),
        );
    }

    let path = match found {
        Some(path) => path,
        None => {
            let check = crypto_constraints_check(&search, &pool, req.purpose, policy)
                .unwrap_or_else(|| search.failure_check(&pool));
            outcome.checks.push(check);
            skip_later_checks(&mut outcome);
            return outcome;
        }
    };

    let certs: Vec<&CertInfo<'_>> = path.iter().filter_map(|&i| pool.get(i)).collect();
    outcome.chain = certs.iter().map(|c| c.summary()).collect();
    outcome.findings.extend(search.accepted_findings);
    for cert in &certs {
        if !cert.unknown_critical.is_empty() {
            let oids = cert.unknown_critical.join(", ");
            outcome.findings.push(
                Finding::new(
                    "UNKNOWN_CRITICAL_EXTENSION",
                    Severity::Warning,
                    Text::new(
                        format!("The certificate has critical extension(s) this verifier does not interpret: {oids}."),
                        format!("该证书含有本验证程序无法解释的关键扩展：{oids}。"),
                    ),
                )
                .evidence(cert.label()),
            );
        }
    }
    let chain_text = certs
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(" <- ");
    let anchor = certs.last().map(|c| c.subject.clone()).unwrap_or_default();
    outcome.checks.push(
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

    let (validity, validity_findings) = check_validity(&certs, req);
    outcome.checks.push(validity);
    outcome.findings.extend(validity_findings);

    let (revocation, revocation_findings) = check_revocation(&certs, req, policy);
    outcome.checks.push(revocation);
    outcome.findings.extend(revocation_findings);
    outcome
}

/// When the only obstacle was an algorithm the policy forbids (SHA-1, short RSA), say so: the
/// same search with those algorithms allowed must then find a path.
fn crypto_constraints_check(
    search: &PathSearch<'_, '_>,
    pool: &CandidatePool<'_>,
    purpose: Purpose,
    policy: &Policy,
) -> Option<Check> {
    let (en, zh) = search.crypto_rejection.clone()?;
    if search.violation.is_some() {
        return None;
    }
    let relaxed = Policy {
        allow_sha1: true,
        min_rsa_bits: policy.min_rsa_bits.min(1024),
        ..policy.clone()
    };
    PathSearch::new(pool, purpose, &relaxed).run()?;
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
        .evidence(pool.leaf().label()),
    )
}

fn skip_later_checks(outcome: &mut ChainOutcome) {
    outcome.checks.push(Check::skipped(
        CheckId::CertificateValidity,
        Text::new(
            "Not evaluated: there is no certification path to a trust anchor.",
            "未评估：没有通往受信任根证书的证书路径。",
        ),
    ));
    outcome.checks.push(Check::skipped(
        CheckId::Revocation,
        Text::new(
            "Not evaluated: there is no certification path to a trust anchor.",
            "未评估：没有通往受信任根证书的证书路径。",
        ),
    ));
}

/// One certificate that may take part in a path.
struct Node<'a> {
    info: CertInfo<'a>,
    anchor: bool,
}

/// The leaf (index 0), the trust anchors and the offered intermediates, each parsed once and
/// without duplicates. Anchors are the caller's and always kept; offered intermediates come from
/// the document and are capped at `max_path_work` (more could never all be tried).
struct CandidatePool<'a> {
    leaf: CertInfo<'a>,
    nodes: Vec<Node<'a>>,
}

impl<'a> CandidatePool<'a> {
    fn new(
        leaf: CertInfo<'a>,
        req: &ChainRequest<'a>,
        trust: &'a TrustStore,
        policy: &Policy,
        findings: &mut Vec<Finding>,
    ) -> Self {
        let capacity = policy.limits.max_path_work.max(1);
        let mut nodes = vec![Node {
            info: leaf.clone(),
            anchor: false,
        }];
        let mut offered_kept = 0usize;
        let mut dropped = 0usize;
        let mut unreadable = 0usize;
        let offered = trust
            .anchors()
            .map(|der| (der, true))
            .chain(req.intermediates.iter().map(|der| (*der, false)));
        for (der, is_anchor) in offered {
            if let Some(existing) = nodes.iter_mut().find(|n| n.info.der == der) {
                existing.anchor |= is_anchor;
                continue;
            }
            if !is_anchor {
                if offered_kept >= capacity {
                    dropped += 1;
                    continue;
                }
                offered_kept += 1;
            }
            match CertInfo::parse(der) {
                Some(info) => nodes.push(Node {
                    info,
                    anchor: is_anchor,
                }),
                None => unreadable += 1,
            }
        }
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
        CandidatePool { leaf, nodes }
    }

    fn get(&self, i: usize) -> Option<&CertInfo<'a>> {
        self.nodes.get(i).map(|n| &n.info)
    }

    fn leaf(&self) -> &CertInfo<'a> {
        &self.leaf
    }

    fn is_anchor(&self, i: usize) -> bool {
        self.nodes.get(i).is_some_and(|n| n.anchor)
    }
}

/// A path that reached an anchor but broke a constraint.
struct Violation {
    text: Text,
    evidence: String,
}

struct PathSearch<'p, 'a> {
    pool: &'p CandidatePool<'a>,
    purpose: Purpose,
    policy: &'p Policy,
    work: usize,
    budget_exhausted: bool,
    signature_results: HashMap<(usize, usize), bool>,
    /// The most recent reason a candidate issuer was rejected.
    last_rejection: Option<(String, String)>,
    /// The most recent candidate rejected only because the policy forbids its algorithm.
    crypto_rejection: Option<(String, String)>,
    /// The first complete path that broke a constraint.
    violation: Option<Violation>,
    /// Warnings about the path finally accepted.
    accepted_findings: Vec<Finding>,
}

impl<'p, 'a> PathSearch<'p, 'a> {
    fn new(pool: &'p CandidatePool<'a>, purpose: Purpose, policy: &'p Policy) -> Self {
        PathSearch {
            pool,
            purpose,
            policy,
            work: 0,
            budget_exhausted: false,
            signature_results: HashMap::new(),
            last_rejection: None,
            crypto_rejection: None,
            violation: None,
            accepted_findings: Vec::new(),
        }
    }

    fn run(&mut self) -> Option<Vec<usize>> {
        let mut path = vec![0];
        self.extend(&mut path)
    }

    fn extend(&mut self, path: &mut Vec<usize>) -> Option<Vec<usize>> {
        let current = *path.last()?;
        if self.pool.is_anchor(current) {
            match self.check_constraints(path) {
                Ok(findings) => {
                    self.accepted_findings = findings;
                    return Some(path.clone());
                }
                Err(v) => {
                    if self.violation.is_none() {
                        self.violation = Some(v);
                    }
                    return None;
                }
            }
        }
        if path.len() >= self.policy.limits.max_path_length {
            self.last_rejection = Some((
                format!(
                    "the path would exceed {} certificates",
                    self.policy.limits.max_path_length
                ),
                format!(
                    "证书路径将超过 {} 个证书的上限",
                    self.policy.limits.max_path_length
                ),
            ));
            return None;
        }
        for candidate in self.issuer_candidates(current, path) {
            if self.work >= self.policy.limits.max_path_work {
                self.budget_exhausted = true;
                return None;
            }
            self.work += 1;
            if !self.issued(current, candidate) {
                continue;
            }
            path.push(candidate);
            if let Some(found) = self.extend(path) {
                return Some(found);
            }
            path.pop();
            if self.budget_exhausted {
                return None;
            }
        }
        None
    }

    /// Certificates whose subject is `child`'s issuer, not already on the path; anchors first,
    /// then those whose subjectKeyIdentifier matches the child's authorityKeyIdentifier.
    fn issuer_candidates(&self, child: usize, path: &[usize]) -> Vec<usize> {
        let Some(child_info) = self.pool.get(child) else {
            return Vec::new();
        };
        let mut found: Vec<(usize, bool, bool)> = self
            .pool
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| !path.contains(i))
            .filter(|(_, n)| {
                names_match(
                    n.info.parts.subject,
                    &n.info.subject,
                    child_info.parts.issuer,
                    &child_info.issuer,
                )
            })
            .filter_map(|(i, n)| {
                let key_match = match (&child_info.authority_key_id, &n.info.subject_key_id) {
                    (Some(aki), Some(ski)) if aki != ski => return None,
                    (Some(_), Some(_)) => true,
                    _ => false,
                };
                Some((i, n.anchor, key_match))
            })
            .collect();
        found.sort_by_key(|&(i, anchor, key_match)| (!anchor, !key_match, i));
        found.into_iter().map(|(i, _, _)| i).collect()
    }

    /// `issuer`'s key verifies `child`'s signature (cached).
    fn issued(&mut self, child: usize, issuer: usize) -> bool {
        if let Some(&known) = self.signature_results.get(&(child, issuer)) {
            return known;
        }
        let (Some(c), Some(i)) = (self.pool.get(child), self.pool.get(issuer)) else {
            return false;
        };
        let result = cache::verify_signature(
            SignatureParts {
                spki: i.parts.spki,
                algorithm: c.parts.signature_algorithm,
                message: c.parts.tbs,
                signature: c.parts.signature,
            },
            self.policy,
        );
        let ok = result.is_ok();
        if let Err(e) = result {
            if let SignatureError::ConstraintsFailure(why) = &e {
                self.crypto_rejection = Some((
                    format!("the signature of {} by {}: {why}", c.label(), i.label()),
                    format!(
                        "证书 {} 由 {} 签发的签名算法不符合策略：{why}",
                        c.label(),
                        i.label()
                    ),
                ));
            }
            self.last_rejection = Some((
                format!(
                    "the signature of {} does not verify with the key of {}: {e}",
                    c.label(),
                    i.label()
                ),
                format!(
                    "证书 {} 的签名无法用 {} 的公钥验证：{e}",
                    c.label(),
                    i.label()
                ),
            ));
        }
        self.signature_results.insert((child, issuer), ok);
        ok
    }

    /// basicConstraints, pathLenConstraint and keyUsage of every issuer; the leaf's usage for
    /// the purpose. Returns warnings for an acceptable path.
    fn check_constraints(&self, path: &[usize]) -> Result<Vec<Finding>, Violation> {
        let certs: Vec<(&CertInfo<'_>, bool)> = path
            .iter()
            .filter_map(|&i| self.pool.get(i).map(|c| (c, self.pool.is_anchor(i))))
            .collect();
        for (position, (issuer, is_anchor)) in certs.iter().enumerate().skip(1) {
            let is_anchor = *is_anchor;
            let violation = |en: String, zh: String| Violation {
                text: Text::new(en, zh),
                evidence: issuer.label(),
            };
            if !is_anchor {
                if let Some(problem) = issuer.extension_errors.first() {
                    return Err(violation(
                        format!(
                            "The CA certificate {} has an unreadable extension: {problem}.",
                            issuer.label()
                        ),
                        format!("CA 证书 {} 含有无法解析的扩展：{problem}。", issuer.label()),
                    ));
                }
            }
            match issuer.basic_constraints {
                Some((true, path_len)) => {
                    let below = certs
                        .get(1..position)
                        .unwrap_or_default()
                        .iter()
                        .filter(|(c, _)| !c.is_self_issued())
                        .count();
                    if let Some(limit) = path_len {
                        if below > limit as usize {
                            return Err(violation(
                                format!(
                                    "The CA certificate {} allows {limit} intermediate certificate(s) below it (pathLenConstraint), the path has {below}.",
                                    issuer.label()
                                ),
                                format!(
                                    "CA 证书 {} 的路径长度约束为 {limit}，但路径中其下有 {below} 个中间证书。",
                                    issuer.label()
                                ),
                            ));
                        }
                    }
                }
                Some((false, _)) => {
                    return Err(violation(
                        format!(
                            "The certificate {} is not a CA (basicConstraints cA=false) but is used as the issuer of another certificate.",
                            issuer.label()
                        ),
                        format!(
                            "证书 {} 不是 CA 证书（基本约束 cA=false），却被用作其他证书的签发者。",
                            issuer.label()
                        ),
                    ));
                }
                None if !is_anchor => {
                    return Err(violation(
                        format!(
                            "The certificate {} has no basicConstraints extension and cannot act as a CA.",
                            issuer.label()
                        ),
                        format!("证书 {} 缺少基本约束扩展，不能作为 CA 证书使用。", issuer.label()),
                    ));
                }
                None => {}
            }
            if let Some(usage) = issuer.key_usage {
                if !usage.key_cert_sign {
                    return Err(violation(
                        format!(
                            "The CA certificate {} lacks the keyCertSign key usage.",
                            issuer.label()
                        ),
                        format!(
                            "CA 证书 {} 的密钥用法不包含证书签名（keyCertSign）。",
                            issuer.label()
                        ),
                    ));
                }
            }
        }
        let leaf = self.pool.leaf();
        self.check_leaf_purpose(leaf)
    }

    fn check_leaf_purpose(&self, leaf: &CertInfo<'_>) -> Result<Vec<Finding>, Violation> {
        let mut findings = Vec::new();
        let violation = |en: String, zh: String| Violation {
            text: Text::new(en, zh),
            evidence: leaf.label(),
        };
        let signs = leaf
            .key_usage
            .is_none_or(|ku| ku.digital_signature || ku.non_repudiation);
        match self.purpose {
            Purpose::DocumentSigning | Purpose::SealMaking => {
                if !signs {
                    return Err(violation(
                        format!(
                            "The signer certificate {} allows neither digitalSignature nor nonRepudiation.",
                            leaf.label()
                        ),
                        format!(
                            "签名者证书 {} 的密钥用法既不包含数字签名也不包含不可否认。",
                            leaf.label()
                        ),
                    ));
                }
            }
            Purpose::Timestamping => {
                let eku = leaf.extended_key_usage.as_ref();
                if !eku.is_some_and(|e| e.time_stamping) {
                    return Err(violation(
                        format!(
                            "The time-stamping certificate {} lacks the id-kp-timeStamping extended key usage.",
                            leaf.label()
                        ),
                        format!(
                            "时间戳证书 {} 的扩展密钥用法不包含时间戳（id-kp-timeStamping）。",
                            leaf.label()
                        ),
                    ));
                }
                if !signs {
                    return Err(violation(
                        format!(
                            "The time-stamping certificate {} does not allow digital signatures.",
                            leaf.label()
                        ),
                        format!("时间戳证书 {} 的密钥用法不允许数字签名。", leaf.label()),
                    ));
                }
                if eku.is_some_and(|e| !e.critical || e.count != 1) {
                    findings.push(
                        Finding::new(
                            "TSA_EKU_NOT_CRITICAL_SOLE",
                            Severity::Warning,
                            Text::new(
                                "RFC 3161 wants id-kp-timeStamping as the sole, critical extended key usage of a TSA certificate; it is not.",
                                "RFC 3161 要求时间戳证书的扩展密钥用法仅包含 id-kp-timeStamping 且为关键扩展，此证书不符合。",
                            ),
                        )
                        .evidence(leaf.label()),
                    );
                }
            }
        }
        Ok(findings)
    }

    fn failure_check(&self, pool: &CandidatePool<'_>) -> Check {
        if let Some(v) = &self.violation {
            return Check::indeterminate(
                CheckId::CertificateChain,
                SubIndication::ChainConstraintsFailure,
                v.text.clone(),
            )
            .evidence(v.evidence.clone());
        }
        let leaf = pool.leaf();
        let (why_en, why_zh) = match (&self.last_rejection, self.budget_exhausted) {
            (_, true) => (
                "the path-building work limit was reached".to_string(),
                "已达到路径构建的工作量上限".to_string(),
            ),
            (Some((en, zh)), false) => (en.clone(), zh.clone()),
            (None, false) => (
                format!("no certificate for its issuer {} is available", leaf.issuer),
                format!("没有其签发者 {} 的证书", leaf.issuer),
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
        .evidence(leaf.label())
    }
}

#[cfg(test)]
mod tests;
