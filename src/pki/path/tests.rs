use time::macros::datetime;
use time::OffsetDateTime;

use super::*;
use crate::verdict::{conclude, CheckId, CheckStatus, Indication};

fn read(rel: &str) -> Vec<u8> {
    let path = format!("{}/testdata/pki/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// DER of a PEM certificate fixture.
fn cert(rel: &str) -> Vec<u8> {
    let bytes = read(rel);
    let (_, pem) = x509_parser::pem::parse_x509_pem(&bytes).unwrap();
    pem.contents
}

fn gen(name: &str) -> Vec<u8> {
    cert(&format!("generated/{name}.pem"))
}

fn trust(anchors: &[Vec<u8>]) -> TrustStore {
    let mut store = TrustStore::new();
    for a in anchors {
        store.add_der(a.clone()).unwrap();
    }
    store
}

struct Case {
    leaf: Vec<u8>,
    intermediates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    ocsp: Vec<Vec<u8>>,
    purpose: Purpose,
    claimed: Option<OffsetDateTime>,
    poe: Option<OffsetDateTime>,
    at: OffsetDateTime,
    anchors: Vec<Vec<u8>>,
    policy: Policy,
}

impl Case {
    /// A signer of the generated corpus, with the intermediate and both CRLs.
    fn corpus(signer: &str) -> Self {
        Case {
            leaf: gen(signer),
            intermediates: vec![gen("intermediate")],
            crls: vec![
                read("generated/crl/intermediate.crl"),
                read("generated/crl/root.crl"),
            ],
            ocsp: Vec::new(),
            purpose: Purpose::DocumentSigning,
            claimed: Some(datetime!(2026-03-01 00:00 UTC)),
            poe: None,
            at: datetime!(2026-11-26 00:00 UTC),
            anchors: vec![gen("root")],
            policy: Policy::default(),
        }
    }

    fn run(&self) -> ChainOutcome {
        let intermediates: Vec<&[u8]> = self.intermediates.iter().map(|c| c.as_slice()).collect();
        let crls: Vec<&[u8]> = self.crls.iter().map(|c| c.as_slice()).collect();
        let ocsp: Vec<&[u8]> = self.ocsp.iter().map(|c| c.as_slice()).collect();
        let req = ChainRequest {
            leaf: &self.leaf,
            intermediates: &intermediates,
            crls: &crls,
            ocsp_responses: &ocsp,
            purpose: self.purpose,
            claimed_time: self.claimed,
            poe_time: self.poe,
            validation_time: self.at,
        };
        let outcome = validate_chain(&req, &trust(&self.anchors), &self.policy);
        let ids: Vec<CheckId> = outcome.checks.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                CheckId::CertificateChain,
                CheckId::CertificateValidity,
                CheckId::Revocation
            ]
        );
        for check in &outcome.checks {
            assert!(!check.message.is_empty() && !check.message_zh.is_empty());
        }
        outcome
    }
}

fn status(outcome: &ChainOutcome, id: CheckId) -> (CheckStatus, Option<SubIndication>) {
    let check = outcome.checks.iter().find(|c| c.id == id).unwrap();
    (check.status, check.sub_indication)
}

fn has_finding(outcome: &ChainOutcome, code: &str) -> bool {
    outcome.findings.iter().any(|f| f.code == code)
}

#[test]
fn valid_chains_for_rsa_p256_and_p384_signers() {
    for signer in ["signer-rsa2048", "signer-p256", "signer-p384"] {
        let outcome = Case::corpus(signer).run();
        assert_eq!(
            conclude(&outcome.checks),
            (Indication::TotalPassed, None),
            "{signer}: {:#?}",
            outcome.checks
        );
        for id in [
            CheckId::CertificateChain,
            CheckId::CertificateValidity,
            CheckId::Revocation,
        ] {
            assert_eq!(status(&outcome, id).0, CheckStatus::Passed, "{signer} {id}");
        }
        assert_eq!(outcome.chain.len(), 3);
        assert!(outcome.chain[0].subject.contains("Signer"));
        assert!(outcome.chain[2].subject.contains("Test Root CA"));
        assert!(!has_finding(&outcome, "REVOCATION_NOT_CHECKED"));
    }
}

#[test]
fn missing_revocation_data_is_skipped_or_try_later() {
    let mut case = Case::corpus("signer-rsa2048");
    case.crls.clear();
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::Revocation),
        (CheckStatus::Skipped, None)
    );
    assert!(has_finding(&outcome, "REVOCATION_NOT_CHECKED"));
    assert_eq!(conclude(&outcome.checks).0, Indication::TotalPassed);

    case.policy.require_revocation = true;
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::Revocation),
        (CheckStatus::Indeterminate, Some(SubIndication::TryLater))
    );
}

#[test]
fn untrusted_self_signed_and_missing_intermediate_find_no_chain() {
    let outcome = Case::corpus("signer-selfsigned").run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::NoCertificateChainFound)
        )
    );
    assert_eq!(
        status(&outcome, CheckId::CertificateValidity).0,
        CheckStatus::Skipped
    );
    assert!(outcome.chain.is_empty());

    let mut case = Case::corpus("signer-rsa2048");
    case.intermediates.clear();
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoCertificateChainFound)
        )
    );
}

#[test]
fn a_directly_trusted_leaf_is_its_own_path() {
    let mut case = Case::corpus("signer-selfsigned");
    case.anchors = vec![gen("signer-selfsigned")];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).0,
        CheckStatus::Passed
    );
    assert_eq!(outcome.chain.len(), 1);
    assert_eq!(
        status(&outcome, CheckId::Revocation).0,
        CheckStatus::Skipped
    );
}

#[test]
fn expired_signer_depends_on_claimed_time_and_poe() {
    // Valid 2024-01-01 .. 2025-06-01, validated 2026-11-26.
    let mut case = Case::corpus("signer-expired");
    case.claimed = Some(datetime!(2026-03-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::TotalFailed, Some(SubIndication::Expired))
    );

    case.claimed = Some(datetime!(2025-01-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (
            Indication::Indeterminate,
            Some(SubIndication::OutOfBoundsNoPoe)
        )
    );

    case.poe = Some(datetime!(2025-01-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateValidity).0,
        CheckStatus::Passed
    );
    assert!(has_finding(&outcome, "CERTIFICATE_EXPIRED_AFTER_POE"));
    assert_eq!(conclude(&outcome.checks).0, Indication::TotalPassed);

    // Claimed before notBefore.
    case.poe = None;
    case.claimed = Some(datetime!(2023-06-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::TotalFailed, Some(SubIndication::NotYetValid))
    );
}

#[test]
fn revoked_signer_depends_on_claimed_time_and_poe() {
    // Serial 0x1005, revoked 2026-02-01 in intermediate.crl.
    let mut case = Case::corpus("signer-revoked");
    case.claimed = Some(datetime!(2026-03-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::TotalFailed, Some(SubIndication::Revoked))
    );
    let check = outcome
        .checks
        .iter()
        .find(|c| c.id == CheckId::Revocation)
        .unwrap();
    assert!(check.evidence.as_deref().unwrap().contains("serial 1005"));

    case.claimed = Some(datetime!(2026-01-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::Indeterminate, Some(SubIndication::RevokedNoPoe))
    );

    case.claimed = None;
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::Revocation).1,
        Some(SubIndication::RevokedNoPoe)
    );

    case.poe = Some(datetime!(2026-01-15 00:00 UTC));
    let outcome = case.run();
    assert_eq!(status(&outcome, CheckId::Revocation).0, CheckStatus::Passed);
    assert!(has_finding(&outcome, "REVOKED_AFTER_POE"));

    case.poe = Some(datetime!(2026-02-15 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::TotalFailed, Some(SubIndication::Revoked))
    );
}

#[test]
fn tampered_crl_is_not_evidence() {
    let mut case = Case::corpus("signer-revoked");
    let mut crl = read("generated/crl/intermediate.crl");
    let last = crl.len() - 1;
    crl[last] ^= 0x55;
    case.crls = vec![crl, read("generated/crl/root.crl")];
    let outcome = case.run();
    assert!(has_finding(&outcome, "CRL_SIGNATURE_INVALID"));
    assert_eq!(
        status(&outcome, CheckId::Revocation),
        (CheckStatus::Skipped, None)
    );
}

#[test]
fn ocsp_direct_delegated_and_rogue_responses() {
    // The OCSP fixtures were produced on 2026-11-26 (thisUpdate), so validate a little later.
    let at = datetime!(2026-12-01 00:00 UTC);
    let mut case = Case::corpus("signer-revoked");
    case.at = at;
    case.crls = vec![read("generated/crl/root.crl")];
    case.ocsp = vec![read("chain/ocsp-revoked-direct.der")];
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (Indication::TotalFailed, Some(SubIndication::Revoked))
    );

    case.ocsp = vec![read("chain/ocsp-revoked-delegated.der")];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::Revocation).1,
        Some(SubIndication::Revoked)
    );

    let mut good = Case::corpus("signer-rsa2048");
    good.at = at;
    good.crls = vec![read("generated/crl/root.crl")];
    good.ocsp = vec![read("chain/ocsp-rsa2048-delegated.der")];
    let outcome = good.run();
    assert_eq!(status(&outcome, CheckId::Revocation).0, CheckStatus::Passed);
    let evidence = outcome.checks[2].evidence.clone().unwrap();
    assert!(evidence.contains("Test OCSP Responder"), "{evidence}");

    good.ocsp = vec![read("chain/ocsp-rsa2048-direct.der")];
    assert_eq!(
        status(&good.run(), CheckId::Revocation).0,
        CheckStatus::Passed
    );

    // Signed by a responder the CA never certified: ignored.
    good.ocsp = vec![read("chain/ocsp-rsa2048-rogue.der")];
    let outcome = good.run();
    assert!(has_finding(&outcome, "OCSP_SIGNATURE_INVALID"));
    assert_eq!(
        status(&outcome, CheckId::Revocation).0,
        CheckStatus::Skipped
    );

    // A response about another certificate says nothing about this one.
    good.ocsp = vec![read("chain/ocsp-revoked-direct.der")];
    assert_eq!(
        status(&good.run(), CheckId::Revocation).0,
        CheckStatus::Skipped
    );

    // Produced after the validation time: not used.
    good.ocsp = vec![read("chain/ocsp-rsa2048-direct.der")];
    good.at = datetime!(2026-11-26 00:00 UTC);
    let outcome = good.run();
    assert!(has_finding(&outcome, "OCSP_NOT_YET_VALID"));
}

#[test]
fn timestamping_purpose_needs_the_tsa_eku() {
    let mut case = Case::corpus("tsa");
    case.purpose = Purpose::Timestamping;
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks).0,
        Indication::TotalPassed,
        "{:#?}",
        outcome.checks
    );

    let mut case = Case::corpus("signer-rsa2048");
    case.purpose = Purpose::Timestamping;
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::ChainConstraintsFailure)
        )
    );
}

#[test]
fn end_entity_used_as_ca_and_path_length_violations() {
    let mut case = Case::corpus("signer-rsa2048");
    case.leaf = cert("chain/issued-by-leaf.pem");
    case.intermediates = vec![gen("signer-rsa2048"), gen("intermediate")];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::ChainConstraintsFailure)
        )
    );
    assert!(outcome.checks[0].message.contains("not a CA"));

    // The intermediate has pathLenConstraint 0, so a sub-CA below it is not allowed.
    case.leaf = cert("chain/signer-under-sub-ca.pem");
    case.intermediates = vec![cert("chain/sub-ca.pem"), gen("intermediate")];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).1,
        Some(SubIndication::ChainConstraintsFailure)
    );
    assert!(outcome.checks[0].message.contains("pathLenConstraint"));
}

/// Copies of the intermediate with a corrupted signature: same name, same key, so each is a
/// plausible issuer of the leaf whose own signature then fails.
fn bogus_intermediates(count: usize) -> Vec<Vec<u8>> {
    let original = gen("intermediate");
    let last = original.len() - 1;
    (1..=count)
        .map(|k| {
            let mut copy = original.clone();
            copy[last] = copy[last].wrapping_add(k as u8);
            copy[last - 1] = copy[last - 1].wrapping_add((k >> 8) as u8);
            copy
        })
        .collect()
}

#[test]
fn path_work_budget_bounds_many_bogus_candidates() {
    let mut case = Case::corpus("signer-rsa2048");
    let mut offered = bogus_intermediates(60);
    offered.push(gen("intermediate"));
    case.intermediates = offered;
    // Enough budget: backtracking gets past the bogus copies.
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).0,
        CheckStatus::Passed
    );
    assert_eq!(outcome.chain.len(), 3);

    case.policy.limits.max_path_work = 20;
    let started = std::time::Instant::now();
    let outcome = case.run();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).1,
        Some(SubIndication::NoCertificateChainFound)
    );
    assert!(has_finding(&outcome, "LIMIT_PATH_WORK"));
}

#[test]
fn max_path_length_is_honoured() {
    let mut case = Case::corpus("signer-rsa2048");
    case.policy.limits.max_path_length = 2;
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).1,
        Some(SubIndication::NoCertificateChainFound)
    );
    case.policy.limits.max_path_length = 3;
    assert_eq!(
        status(&case.run(), CheckId::CertificateChain).0,
        CheckStatus::Passed
    );
}

#[test]
fn sm2_certificates_take_part_in_path_building() {
    let mut case = Case::corpus("signer-rsa2048");
    case.leaf = cert("chain/sm2-signer.pem");
    case.intermediates = vec![gen("intermediate"), cert("chain/sm2-ca.pem")];
    case.anchors = vec![gen("root"), cert("chain/sm2-root.pem")];
    case.crls.clear();
    case.claimed = Some(datetime!(2026-11-30 00:00 UTC));
    case.at = datetime!(2026-12-01 00:00 UTC);
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).0,
        CheckStatus::Passed,
        "{:#?}",
        outcome.checks
    );
    assert_eq!(outcome.chain.len(), 3);
    assert!(outcome.chain[2].subject.contains("SM2 Test Root"));

    // Without the SM2 CA certificate there is no path.
    case.intermediates = vec![gen("intermediate")];
    assert_eq!(
        status(&case.run(), CheckId::CertificateChain).1,
        Some(SubIndication::NoCertificateChainFound)
    );
}

#[test]
fn garbage_leaf_and_candidates_do_not_panic() {
    let mut case = Case::corpus("signer-rsa2048");
    case.intermediates = vec![vec![0x30, 0x03, 0x02, 0x01], gen("intermediate")];
    case.crls = vec![vec![0x30, 0x80], read("generated/crl/intermediate.crl")];
    case.ocsp = vec![vec![0x30, 0x03, 0x0a, 0x01, 0x01], vec![]];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).0,
        CheckStatus::Passed
    );
    assert!(has_finding(&outcome, "UNPARSABLE_CERTIFICATE"));
    assert!(has_finding(&outcome, "CRL_UNPARSABLE"));
    assert!(has_finding(&outcome, "OCSP_UNPARSABLE"));

    case.leaf = b"not a certificate".to_vec();
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).1,
        Some(SubIndication::NoCertificateChainFound)
    );
}

#[test]
fn cross_certified_cycle_ends_and_backtracks_to_the_anchor() {
    let mut case = Case::corpus("signer-rsa2048");
    case.leaf = cert("chain/signer-under-cross-a.pem");
    case.intermediates = vec![
        cert("chain/cross-b-by-a.pem"),
        cert("chain/cross-a-by-b.pem"),
    ];
    case.crls.clear();
    case.claimed = Some(datetime!(2026-11-30 00:00 UTC));
    case.at = datetime!(2026-12-01 00:00 UTC);
    // A-by-B and B-by-A issue each other; no anchor among them.
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).1,
        Some(SubIndication::NoCertificateChainFound)
    );
    assert!(!has_finding(&outcome, "LIMIT_PATH_WORK"));

    // Trusting B (self-signed) gives leaf <- A-by-B <- B.
    case.anchors = vec![cert("chain/cross-b-self.pem")];
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain).0,
        CheckStatus::Passed
    );
    let subjects: Vec<&str> = outcome.chain.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "CN=Signer Under Cross CA A",
            "CN=Cross CA A",
            "CN=Cross CA B"
        ]
    );
    assert_eq!(outcome.chain[2].serial, "4001");
}

#[test]
fn sha1_certified_signer_is_a_crypto_constraints_failure() {
    let mut case = Case::corpus("signer-rsa2048");
    case.leaf = cert("chain/signer-sha1-certified.pem");
    case.claimed = Some(datetime!(2026-11-30 00:00 UTC));
    case.at = datetime!(2026-12-01 00:00 UTC);
    let outcome = case.run();
    assert_eq!(
        status(&outcome, CheckId::CertificateChain),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::CryptoConstraintsFailure)
        )
    );
    assert!(outcome.checks[0].message.contains("SHA-1"));

    case.policy.allow_sha1 = true;
    let outcome = case.run();
    assert_eq!(conclude(&outcome.checks).0, Indication::TotalPassed);
}

/// Deterministic xorshift, so a failure can be replayed.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn mutate(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..=self.below(3) {
            match self.below(4) {
                0 if !out.is_empty() => {
                    let i = self.below(out.len());
                    out[i] ^= 1 << self.below(8);
                }
                1 if !out.is_empty() => {
                    let i = self.below(out.len());
                    out[i] = [0x00, 0x80, 0xff, 0x30, 0x84][self.below(5)];
                }
                2 => out.truncate(self.below(out.len() + 1)),
                _ => {
                    let i = self.below(out.len() + 1);
                    out.insert(i, self.next() as u8);
                }
            }
        }
        out
    }
}

#[test]
fn mutated_certificates_crls_and_ocsp_never_panic() {
    use crate::pki::cert::CertificateParts;
    use crate::pki::crl::Crl;
    use crate::pki::ocsp::OcspResponse;

    let seeds = [
        gen("signer-rsa2048"),
        gen("intermediate"),
        cert("chain/sm2-signer.pem"),
        read("generated/crl/intermediate.crl"),
        read("chain/ocsp-revoked-delegated.der"),
    ];
    let policy = Policy::default();
    let mut rng = Mutator(0x5eed_1234_abcd_ef01);
    for _ in 0..400 {
        for seed in &seeds {
            let m = rng.mutate(seed);
            let _ = CertificateParts::parse(&m);
            let _ = CertInfo::parse(&m);
            let _ = Crl::parse(&m);
            let _ = OcspResponse::parse(&m, 16);
            let _ = crate::pki::cert_summary(&m);
            let _ = verify_signature(&m, &m, Some(&m), b"message", &m, &policy);
        }
    }
    // Whole validations with one mutated ingredient each.
    for round in 0..60 {
        let mut case = Case::corpus("signer-revoked");
        case.ocsp = vec![read("chain/ocsp-revoked-delegated.der")];
        // After the OCSP fixture's thisUpdate, so both CRL and OCSP say "revoked".
        case.at = datetime!(2026-12-01 00:00 UTC);
        match round % 4 {
            0 => case.leaf = rng.mutate(&case.leaf),
            1 => case.intermediates = vec![rng.mutate(&case.intermediates[0])],
            2 => case.crls = vec![rng.mutate(&case.crls[0]), case.crls[1].clone()],
            _ => case.ocsp = vec![rng.mutate(&case.ocsp[0])],
        }
        let outcome = case.run();
        // Whatever was damaged, a revoked signer never comes out as passed.
        assert_ne!(
            conclude(&outcome.checks).0,
            Indication::TotalPassed,
            "round {round}"
        );
    }
}

#[test]
fn ca_only_crl_is_not_evidence_about_a_signer() {
    let mut case = Case::corpus("signer-revoked");
    case.at = datetime!(2026-12-01 00:00 UTC);
    case.crls = vec![
        read("chain/intermediate-ca-only.crl"),
        read("generated/crl/root.crl"),
    ];
    let outcome = case.run();
    assert!(has_finding(&outcome, "CRL_SCOPE_NOT_APPLICABLE"));
    assert_eq!(
        status(&outcome, CheckId::Revocation),
        (CheckStatus::Skipped, None)
    );
    // With the full CRL next to it, the revocation is found.
    case.crls.push(read("generated/crl/intermediate.crl"));
    assert_eq!(
        conclude(&case.run().checks),
        (Indication::TotalFailed, Some(SubIndication::Revoked))
    );
}

#[test]
fn revoked_intermediate_is_revoked_ca_no_poe() {
    // The root revoked the intermediate on 2026-02-01 (CRL issued 2026-11-26).
    let mut case = Case::corpus("signer-rsa2048");
    case.at = datetime!(2026-12-01 00:00 UTC);
    case.crls = vec![
        read("generated/crl/intermediate.crl"),
        read("chain/root-revokes-intermediate.crl"),
    ];
    case.claimed = Some(datetime!(2026-03-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(
        conclude(&outcome.checks),
        (
            Indication::Indeterminate,
            Some(SubIndication::RevokedCaNoPoe)
        )
    );
    let evidence = outcome.checks[2].evidence.clone().unwrap();
    assert!(
        evidence.contains("Test Intermediate CA") && evidence.contains("serial 2"),
        "{evidence}"
    );

    case.claimed = None;
    assert_eq!(
        status(&case.run(), CheckId::Revocation).1,
        Some(SubIndication::RevokedCaNoPoe)
    );

    case.poe = Some(datetime!(2026-01-01 00:00 UTC));
    let outcome = case.run();
    assert_eq!(status(&outcome, CheckId::Revocation).0, CheckStatus::Passed);
    assert!(has_finding(&outcome, "REVOKED_AFTER_POE"));
}

#[test]
fn path_facts_are_the_same_under_any_policy() {
    let mut case = Case::corpus("signer-rsa2048");
    case.leaf = cert("chain/signer-sha1-certified.pem");
    case.claimed = Some(datetime!(2026-11-30 00:00 UTC));
    case.at = datetime!(2026-12-01 00:00 UTC);
    let strict = case.run();
    case.policy.allow_sha1 = true;
    let lenient = case.run();
    // One search, whatever the policy: the SHA-1 link is followed and its value verifies.
    assert_eq!(strict.facts.path, lenient.facts.path);
    assert_eq!(strict.facts.path.candidates.len(), 1);
    assert!(strict
        .facts
        .path
        .links
        .iter()
        .all(|l| l.signature.verifies()));
    // Only the accepted path gets validity and revocation facts.
    assert!(strict.facts.validity.is_none() && strict.facts.revocation.is_none());
    let validity = lenient.facts.validity.as_ref().map(|v| v.path.len());
    assert_eq!(validity, Some(lenient.chain.len()));
    assert!(lenient.facts.revocation.is_some());
}
