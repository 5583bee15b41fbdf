//! End-to-end verdicts on real signed PDFs (testdata/pdf, made by pyHanko and openssl) against
//! the bundled test PKI, at a pinned validation time.

use sealcheck::report::SignatureKind;
use sealcheck::{Indication, Policy, SignatureReport, SubIndication, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-11-26 00:00 UTC);

fn verifier(with_crls: bool) -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path("testdata/pdf/pki/root.pem".as_ref())
        .unwrap();
    let mut v = Verifier::new(trust, Policy::default());
    if with_crls {
        let mut crls = Vec::new();
        for name in ["intermediate.crl", "root.crl"] {
            crls.extend(
                sealcheck::pki::trust::read_crls(format!("testdata/pdf/pki/{name}").as_ref())
                    .unwrap(),
            );
        }
        v = v.with_crls(crls);
    }
    v
}

fn only_signature(name: &str, with_crls: bool) -> SignatureReport {
    let bytes = std::fs::read(format!("testdata/pdf/{name}")).unwrap();
    let doc = verifier(with_crls).verify_named(name, &bytes, AT);
    assert_eq!(doc.signatures.len(), 1, "{name}: {:?}", doc.findings);
    doc.signatures.into_iter().next().unwrap()
}

fn verdict(sig: &SignatureReport) -> (Indication, Option<SubIndication>) {
    (sig.indication, sig.sub_indication)
}

#[test]
fn valid_signatures_pass_with_crls() {
    for name in [
        "rsa2048-pades-20k.pdf",
        "rsa2048-pkcs7-20k.pdf",
        "p256-pades-200k.pdf",
        "p384-pkcs7-sha384-200k.pdf",
        "certified-docmdp-p1-200k.pdf",
    ] {
        let sig = only_signature(name, true);
        assert_eq!(
            verdict(&sig),
            (Indication::TotalPassed, None),
            "{name}: {:#?}",
            sig.checks
        );
        assert!(
            sig.signer.as_ref().unwrap().subject.contains("CN="),
            "{name}"
        );
        assert!(sig.signing_time.is_some(), "{name}");
        assert!(sig
            .checks
            .iter()
            .any(|c| c.id == "revocation" && c.status == sealcheck::CheckStatus::Passed));
    }
}

#[test]
fn without_crls_revocation_is_a_finding_not_a_failure() {
    let sig = only_signature("rsa2048-pades-20k.pdf", false);
    assert_eq!(sig.indication, Indication::TotalPassed);
    assert!(sig
        .findings
        .iter()
        .any(|f| f.code == "REVOCATION_NOT_CHECKED"));
}

#[test]
fn require_revocation_policy_makes_it_try_later() {
    let mut trust = TrustStore::new();
    trust
        .load_path("testdata/pdf/pki/root.pem".as_ref())
        .unwrap();
    let policy = Policy {
        require_revocation: true,
        ..Policy::default()
    };
    let bytes = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap();
    let doc = Verifier::new(trust, policy).verify(&bytes, AT);
    assert_eq!(
        verdict(&doc.signatures[0]),
        (Indication::Indeterminate, Some(SubIndication::TryLater))
    );
}

#[test]
fn flipped_document_byte_is_hash_failure() {
    let sig = only_signature("tampered-byteflip-200k.pdf", true);
    assert_eq!(
        verdict(&sig),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
}

#[test]
fn flipped_signature_bit_is_sig_crypto_failure() {
    let sig = only_signature("tampered-sigvalue-200k.pdf", true);
    assert_eq!(
        verdict(&sig),
        (
            Indication::TotalFailed,
            Some(SubIndication::SigCryptoFailure)
        )
    );
}

#[test]
fn self_signed_signer_has_no_chain() {
    let sig = only_signature("selfsigned-untrusted-200k.pdf", true);
    assert_eq!(
        verdict(&sig),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoCertificateChainFound)
        )
    );
}

#[test]
fn signer_expired_before_claimed_signing_time() {
    let sig = only_signature("expired-signer-200k.pdf", true);
    assert_ne!(sig.indication, Indication::TotalPassed);
    assert!(matches!(
        sig.sub_indication,
        Some(SubIndication::Expired) | Some(SubIndication::OutOfBoundsNoPoe)
    ));
}

#[test]
fn revoked_signer_is_caught_only_with_the_crl() {
    let sig = only_signature("revoked-signer-200k.pdf", true);
    assert_ne!(sig.indication, Indication::TotalPassed);
    assert!(matches!(
        sig.sub_indication,
        Some(SubIndication::Revoked) | Some(SubIndication::RevokedNoPoe)
    ));
    let sig = only_signature("revoked-signer-200k.pdf", false);
    assert_eq!(
        sig.indication,
        Indication::TotalPassed,
        "without a CRL nothing says it is revoked"
    );
}

#[test]
fn signature_timestamp_is_proof_of_existence() {
    let sig = only_signature("rsa2048-pades-bt-200k.pdf", true);
    assert_eq!(
        verdict(&sig),
        (Indication::TotalPassed, None),
        "{:#?}",
        sig.checks
    );
    assert_eq!(
        sig.timestamp_time,
        Some(time::macros::datetime!(2026-03-01 12:00 UTC))
    );
    assert_eq!(sig.kind, SignatureKind::Signature);
}

#[test]
fn trust_is_an_input_not_a_default() {
    let bytes = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf").unwrap();
    let doc = Verifier::new(TrustStore::new(), Policy::default()).verify(&bytes, AT);
    assert_eq!(
        verdict(&doc.signatures[0]),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoCertificateChainFound)
        )
    );
}

#[test]
fn pem_crls_are_accepted_like_der_ones() {
    use base64::Engine as _;
    let mut trust = TrustStore::new();
    trust
        .load_path("testdata/pdf/pki/root.pem".as_ref())
        .unwrap();
    // Both CRLs in one PEM file, as `openssl crl -outform PEM` writes them.
    let mut pem = String::new();
    for name in ["intermediate.crl", "root.crl"] {
        let der = std::fs::read(format!("testdata/pdf/pki/{name}")).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        pem.push_str("-----BEGIN X509 CRL-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap());
            pem.push('\n');
        }
        pem.push_str("-----END X509 CRL-----\n");
    }
    let verifier = Verifier::new(trust, Policy::default()).with_crls(vec![pem.into_bytes()]);
    let bytes = std::fs::read("testdata/pdf/revoked-signer-200k.pdf").unwrap();
    let from_pem = verifier.verify(&bytes, AT).signatures.remove(0);
    let from_der = only_signature("revoked-signer-200k.pdf", true);
    assert_eq!(verdict(&from_pem), verdict(&from_der));
    assert_ne!(from_pem.indication, Indication::TotalPassed);
}
