//! Certification path building: the facts of a path search, then the policy's judgement of
//! them, validity and revocation of the path it accepts.
//!
//! Paths are built from the leaf upwards, depth first with backtracking: every certificate whose
//! subject matches the current issuer name (and whose key identifier does not contradict the
//! authority key identifier) is a candidate, tried in the order anchors first, then matching key
//! identifiers. A candidate counts against `Limits::max_path_work` whether or not it works out,
//! and a certificate never appears twice in one path, so cross-signed or cyclic sets end.
//!
//! The search is policy-free: it follows every link whose signature value verifies, also with
//! an algorithm some policy refuses, and records every complete path and the order it went
//! ([`PathFacts`]). [`crate::evaluate::path`] then picks the first path the policy accepts, so a
//! strong cross-signed alternative to a SHA-1 path is found without searching again.

use std::collections::HashMap;

use super::cache::{self, SignatureParts};
use super::cert::{names_match, CertInfo};
use super::revocation::revocation_facts;
use super::validity::validity_facts;
#[cfg(test)]
use super::verify_signature;
use super::{ChainOutcome, ChainRequest, Purpose, TrustStore};
use crate::evaluate::evaluate;
use crate::facts::path::{
    CertificateFact, ChainFacts, ConstraintViolation, IssuerTry, LinkFact, PathCandidate,
    PathFacts, SearchStep,
};
use crate::policy::{Limits, Policy};
#[cfg(test)]
use crate::verdict::SubIndication;
use crate::verdict::{Finding, Severity, Text};

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
    let Some(leaf) = CertInfo::parse(req.leaf) else {
        let facts = PathFacts::default();
        let judged = evaluate(&facts, policy);
        return ChainOutcome {
            checks: judged.checks,
            findings: judged.findings,
            chain: judged.chain,
            facts: ChainFacts {
                path: facts,
                ..ChainFacts::default()
            },
        };
    };

    let pool = CandidatePool::new(leaf, req, trust, &policy.limits);
    let (path, pool_index) = PathSearch::new(&pool, req.purpose, &policy.limits).run();
    let judged = evaluate(&path, policy);
    let mut outcome = ChainOutcome {
        checks: judged.checks,
        findings: judged.findings,
        chain: judged.chain,
        facts: ChainFacts::default(),
    };
    if let Some(candidate) = judged.accepted.and_then(|i| path.candidates.get(i)) {
        let path_certs: Vec<&CertificateFact> = candidate
            .certificates
            .iter()
            .filter_map(|&i| path.certificates.get(i))
            .collect();
        let validity = validity_facts(&path_certs, req);
        let (check, findings) = evaluate(&validity, policy);
        outcome.checks.push(check);
        outcome.findings.extend(findings);

        let certs: Vec<&CertInfo<'_>> = candidate
            .certificates
            .iter()
            .filter_map(|&i| pool_index.get(i).and_then(|&p| pool.get(p)))
            .collect();
        let revocation = revocation_facts(&certs, req, &policy.limits);
        let (check, findings) = evaluate(&revocation, policy);
        outcome.checks.push(check);
        outcome.findings.extend(findings);
        outcome.facts.validity = Some(validity);
        outcome.facts.revocation = Some(revocation);
    }
    outcome.facts.path = path;
    outcome
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
    /// Offered intermediates ignored over the cap.
    dropped: usize,
    /// The cap.
    capacity: usize,
    /// Offered certificates that could not be parsed.
    unreadable: usize,
}

impl<'a> CandidatePool<'a> {
    fn new(
        leaf: CertInfo<'a>,
        req: &ChainRequest<'a>,
        trust: &'a TrustStore,
        limits: &Limits,
    ) -> Self {
        let capacity = limits.max_path_work.max(1);
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
        CandidatePool {
            leaf,
            nodes,
            dropped,
            capacity,
            unreadable,
        }
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

/// The policy-free depth-first search: every link whose signature verifies is followed.
struct PathSearch<'p, 'a> {
    pool: &'p CandidatePool<'a>,
    purpose: Purpose,
    limits: &'p Limits,
    facts: PathFacts,
    /// Pool index of each entry of `facts.certificates`.
    pool_index: Vec<usize>,
    /// Entry in `facts.certificates` of each pool index recorded so far.
    recorded: HashMap<usize, usize>,
    /// Entry in `facts.links` of each (child, issuer) pool pair checked so far.
    links: HashMap<(usize, usize), usize>,
}

impl<'p, 'a> PathSearch<'p, 'a> {
    fn new(pool: &'p CandidatePool<'a>, purpose: Purpose, limits: &'p Limits) -> Self {
        PathSearch {
            pool,
            purpose,
            limits,
            facts: PathFacts {
                leaf_readable: true,
                offered_dropped: pool.dropped,
                offered_capacity: pool.capacity,
                offered_unreadable: pool.unreadable,
                ..PathFacts::default()
            },
            pool_index: Vec::new(),
            recorded: HashMap::new(),
            links: HashMap::new(),
        }
    }

    /// The facts of the whole search, and the pool index of each of their certificates.
    fn run(mut self) -> (PathFacts, Vec<usize>) {
        self.certificate(0);
        let mut path = vec![0];
        let search = self.visit(&mut path);
        self.facts.search = Some(search);
        (self.facts, self.pool_index)
    }

    fn visit(&mut self, path: &mut Vec<usize>) -> SearchStep {
        let Some(&current) = path.last() else {
            return SearchStep::Issuers {
                tries: Vec::new(),
                cut_short: false,
            };
        };
        if self.pool.is_anchor(current) {
            return SearchStep::Anchor(self.record_candidate(path));
        }
        if path.len() >= self.limits.max_path_length {
            return SearchStep::TooLong {
                limit: self.limits.max_path_length,
            };
        }
        let mut tries = Vec::new();
        for candidate in self.issuer_candidates(current, path) {
            if self.facts.work >= self.limits.max_path_work {
                self.facts.budget_exhausted = true;
                return SearchStep::Issuers {
                    tries,
                    cut_short: true,
                };
            }
            self.facts.work += 1;
            let link = self.link(current, candidate);
            let verifies = self
                .facts
                .links
                .get(link)
                .is_some_and(|l| l.signature.verifies());
            let next = verifies.then(|| {
                path.push(candidate);
                let step = self.visit(path);
                path.pop();
                Box::new(step)
            });
            tries.push(IssuerTry { link, next });
        }
        SearchStep::Issuers {
            tries,
            cut_short: false,
        }
    }

    /// The entry of pool certificate `i` in the facts, recorded on first use.
    fn certificate(&mut self, i: usize) -> usize {
        if let Some(&known) = self.recorded.get(&i) {
            return known;
        }
        let index = self.facts.certificates.len();
        if let Some(c) = self.pool.get(i) {
            self.facts.certificates.push(CertificateFact {
                label: c.label(),
                subject: c.subject.clone(),
                issuer: c.issuer.clone(),
                not_before: c.not_before,
                not_after: c.not_after,
                anchor: self.pool.is_anchor(i),
                unknown_critical: c.unknown_critical.clone(),
            });
            self.pool_index.push(i);
        }
        self.recorded.insert(i, index);
        index
    }

    /// The link fact of `issuer`'s key against `child`'s signature, checked once per pair.
    fn link(&mut self, child: usize, issuer: usize) -> usize {
        if let Some(&known) = self.links.get(&(child, issuer)) {
            return known;
        }
        let signature = match (self.pool.get(child), self.pool.get(issuer)) {
            (Some(c), Some(i)) => cache::examine_signature(SignatureParts {
                spki: i.parts.spki,
                algorithm: c.parts.signature_algorithm,
                message: c.parts.tbs,
                signature: c.parts.signature,
            }),
            _ => crate::facts::crypto::SignatureValueFact::unreadable(
                crate::facts::crypto::SignatureError::Malformed("no such certificate".into()),
            ),
        };
        let fact = LinkFact {
            child: self.certificate(child),
            issuer: self.certificate(issuer),
            signature,
        };
        let index = self.facts.links.len();
        self.facts.links.push(fact);
        self.links.insert((child, issuer), index);
        index
    }

    /// Records the complete path `path` (leaf first, anchor last) with its constraints.
    fn record_candidate(&mut self, path: &[usize]) -> usize {
        let constraints = self.check_constraints(path);
        let certificates: Vec<usize> = path.iter().map(|&i| self.certificate(i)).collect();
        let links = path
            .windows(2)
            .filter_map(|pair| match pair {
                [child, issuer] => self.links.get(&(*child, *issuer)).copied(),
                _ => None,
            })
            .collect();
        let summaries = path
            .iter()
            .filter_map(|&i| self.pool.get(i))
            .map(|c| c.summary())
            .collect();
        let index = self.facts.candidates.len();
        self.facts.candidates.push(PathCandidate {
            certificates,
            links,
            summaries,
            constraints,
        });
        index
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

    /// basicConstraints, pathLenConstraint and keyUsage of every issuer; the leaf's usage for
    /// the purpose. Returns warnings for an acceptable path.
    fn check_constraints(&self, path: &[usize]) -> Result<Vec<Finding>, ConstraintViolation> {
        let certs: Vec<(&CertInfo<'_>, bool)> = path
            .iter()
            .filter_map(|&i| self.pool.get(i).map(|c| (c, self.pool.is_anchor(i))))
            .collect();
        for (position, (issuer, is_anchor)) in certs.iter().enumerate().skip(1) {
            let is_anchor = *is_anchor;
            let violation = |en: String, zh: String| ConstraintViolation {
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

    fn check_leaf_purpose(&self, leaf: &CertInfo<'_>) -> Result<Vec<Finding>, ConstraintViolation> {
        let mut findings = Vec::new();
        let violation = |en: String, zh: String| ConstraintViolation {
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
}

#[cfg(test)]
mod tests;
