//! The facts a verification leaves in [`CmsOutcome::facts`], on real signatures: the same
//! under any policy, and judged again they give the checks the verification wrote.

use std::path::PathBuf;

use time::macros::datetime;

use super::*;
use crate::evaluate::evaluate;
use crate::facts::cms::{CertificateSource, MessageDigestFact, SignatureValueCheckFact};
use crate::facts::timestamp::ImprintFact;

fn testdata(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/cms")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn verify_with(policy: &Policy, f: impl FnOnce(&CmsContext<'_>) -> CmsOutcome) -> CmsOutcome {
    let mut trust = TrustStore::new();
    trust.add_pem_or_der(&testdata("root.pem")).unwrap();
    let ctx = CmsContext {
        trust: &trust,
        intermediates: &[],
        crls: &[],
        ocsp_responses: &[],
        policy,
        validation_time: datetime!(2026-11-26 00:00 UTC),
        file_prefix: None,
    };
    f(&ctx)
}

fn lenient() -> Policy {
    Policy {
        allow_sha1: true,
        ..Policy::default()
    }
}

#[test]
fn the_facts_of_a_sha1_signature_do_not_depend_on_the_policy() {
    let bin = testdata("ber-stream.bin");
    let p7 = testdata("pkcs7-sha1.p7s");
    let strict = verify_with(&Policy::default(), |ctx| {
        verify_pkcs7_sha1(&p7, &[&bin], ctx)
    });
    let allowing = verify_with(&lenient(), |ctx| verify_pkcs7_sha1(&p7, &[&bin], ctx));
    assert_eq!(strict.facts.format, allowing.facts.format);
    assert_eq!(strict.facts.signer, allowing.facts.signer);
    assert_eq!(strict.facts.content_digest, allowing.facts.content_digest);
    let content = strict
        .facts
        .content_digest
        .as_ref()
        .expect("content digest");
    assert!(content.digest.matches);
    assert_eq!(content.digest.algorithm, DigestAlgorithm::Sha1);
    // Judged again under the other policy, the facts give the other verification's checks
    // (up to the certification path, which pki judges).
    let rejudged = evaluate(&strict.facts, &lenient()).checks;
    assert_eq!(
        rejudged.as_slice(),
        allowing.checks.get(..rejudged.len()).unwrap_or_default()
    );
    let rejudged = evaluate(&allowing.facts, &Policy::default()).checks;
    assert_eq!(
        rejudged.as_slice(),
        strict.checks.get(..rejudged.len()).unwrap_or_default()
    );
    assert_ne!(strict.checks, allowing.checks);
}

/// The last signature of a PDF: its /Contents and its ByteRange parts (a plain byte search;
/// the PDF parser lives elsewhere).
fn last_pdf_signature(pdf: &[u8]) -> (Vec<u8>, [(usize, usize); 2]) {
    let needle = b"/ByteRange";
    let at = pdf
        .windows(needle.len())
        .rposition(|w| w == needle)
        .unwrap();
    let open = at + pdf[at..].iter().position(|b| *b == b'[').unwrap();
    let close = open + pdf[open..].iter().position(|b| *b == b']').unwrap();
    let n: Vec<usize> = std::str::from_utf8(&pdf[open + 1..close])
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let hex: Vec<u8> = pdf[n[0] + n[1]..n[2]]
        .iter()
        .copied()
        .filter(u8::is_ascii_hexdigit)
        .collect();
    let contents = hex
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect();
    (contents, [(n[0], n[1]), (n[2], n[3])])
}

#[test]
fn a_timestamped_signature_leaves_its_signer_and_token_facts() {
    let pdf = testdata("rsa2048-pades-bt-200k.pdf");
    let (contents, ranges) = last_pdf_signature(&pdf);
    let parts: Vec<&[u8]> = ranges.iter().map(|(s, l)| &pdf[*s..s + l]).collect();
    let out = verify_with(&Policy::default(), |ctx| {
        verify_detached(&contents, &parts, ctx)
    });
    let signer = out.facts.signer.as_ref().expect("signer facts");
    assert_eq!(
        signer.identification.found_in,
        Some(CertificateSource::SignedData)
    );
    assert!(matches!(
        &signer.message_digest,
        MessageDigestFact::Compared { digest, .. }
            if digest.digest.matches && digest.digest.algorithm == DigestAlgorithm::Sha256
    ));
    assert!(matches!(
        &signer.signature_value,
        SignatureValueCheckFact::Examined { value, .. } if value.verifies()
    ));
    let [token] = out.facts.signature_timestamps.as_slice() else {
        panic!("one token expected: {:#?}", out.facts.signature_timestamps);
    };
    assert_eq!(
        token.gen_time().map(|t| t.date()),
        Some(time::macros::date!(2026 - 03 - 01))
    );
    assert!(matches!(
        &token.imprint,
        Some(ImprintFact::Compared { digest, .. }) if digest.digest.matches
    ));
    assert!(token.tsa_chain.is_some());
    assert!(token
        .signer
        .as_ref()
        .and_then(|s| s.identification.certificate.as_ref())
        .is_some_and(|c| c.subject.contains("TSA")));
    // The facts give the checks the verification wrote, and its proof of existence.
    let judged = evaluate(&out.facts, &Policy::default());
    assert_eq!(
        judged.checks.as_slice(),
        out.checks.get(..judged.checks.len()).unwrap_or_default()
    );
    assert_eq!(judged.proof_of_existence, out.timestamp_time);
    assert!(out.timestamp_time.is_some());
}
