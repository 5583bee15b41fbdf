//! Issue 11 classes on real openssl signatures (testdata/pdf/make_openssl_fixtures.py):
//! RSA-PSS with any declared salt, weak algorithms verified mathematically ("intact but weak"),
//! and a claimed signing time before the signer certificate's notBefore.

use sealcheck::report::{DocumentReport, SignatureReport};
use sealcheck::{CheckStatus, Indication, Policy, SubIndication, TrustStore, Verifier};

const AT: time::OffsetDateTime = time::macros::datetime!(2026-12-01 16:00 UTC);

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("testdata/pdf/{name}")).expect(name)
}

fn verify(bytes: &[u8]) -> DocumentReport {
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new("testdata/pdf/pki/root.pem"))
        .expect("test root");
    Verifier::new(trust, Policy::default()).verify(bytes, AT)
}

fn check<'a>(sig: &'a SignatureReport, id: &str) -> &'a sealcheck::Check {
    sig.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id} check in {:#?}", sig.checks))
}

/// Flips one byte of the CMS signature value (the last element of the only SignerInfo, which
/// has no unsigned attributes) inside /Contents.
fn flip_signature_value(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let start = out
        .windows(11)
        .position(|w| w == b"/Contents <")
        .expect("contents")
        + 11;
    let hex = |at: usize| -> usize {
        usize::from_str_radix(std::str::from_utf8(&out[at..at + 2]).unwrap(), 16).unwrap()
    };
    // 30 82 LL LL: the DER length of the ContentInfo.
    assert_eq!(hex(start), 0x30);
    assert_eq!(hex(start + 2), 0x82);
    let total = 4 + (hex(start + 4) << 8 | hex(start + 6));
    let at = start + 2 * (total - 10);
    out[at] = if out[at] == b'0' { b'1' } else { b'0' };
    out
}

#[test]
fn rsa_pss_with_the_largest_salt_verifies() {
    let r = verify(&read("pss-saltmax-pades-20k.pdf"));
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::TotalPassed, "{:#?}", sig.checks);
    assert_eq!(
        sig.signature_algorithm.as_deref(),
        Some("RSA-PSS-SHA256 (salt 222 bytes)")
    );
    let broken = verify(&flip_signature_value(&read("pss-saltmax-pades-20k.pdf")));
    assert_eq!(broken.signatures[0].indication, Indication::TotalFailed);
    assert_eq!(
        broken.signatures[0].sub_indication,
        Some(SubIndication::SigCryptoFailure)
    );
}

#[test]
fn sha1_is_intact_but_weak_and_a_broken_sha1_signature_fails() {
    let r = verify(&read("sha1-pades-20k.pdf"));
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::Indeterminate);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::CryptoConstraintsFailure)
    );
    let digest = check(sig, "message_digest");
    assert!(
        digest.message.contains("intact but weak"),
        "{}",
        digest.message
    );
    let value = check(sig, "signature_value");
    assert_eq!(value.status, CheckStatus::Indeterminate);
    assert!(
        value.message.contains("itself verifies"),
        "{}",
        value.message
    );

    let broken = verify(&flip_signature_value(&read("sha1-pades-20k.pdf")));
    let sig = &broken.signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.sub_indication, Some(SubIndication::SigCryptoFailure));

    // A signed byte changed: HASH_FAILURE, weak or not.
    let mut changed = read("sha1-pades-20k.pdf");
    let at = changed.windows(4).position(|w| w == b"/Pag").unwrap();
    changed[at + 1] = b'p';
    let sig = &verify(&changed).signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.sub_indication, Some(SubIndication::HashFailure));

    // Allowed by a lenient policy, the same file passes.
    let lenient = Policy {
        allow_sha1: true,
        ..Policy::default()
    };
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new("testdata/pdf/pki/root.pem"))
        .unwrap();
    let r = Verifier::new(trust, lenient).verify(&read("sha1-pades-20k.pdf"), AT);
    assert_eq!(r.signatures[0].indication, Indication::TotalPassed);
}

#[test]
fn a_claimed_time_before_the_certificate_is_not_passed() {
    // /M is the only claim (no signed attributes).
    let r = verify(&read("claimed-before-notbefore-20k.pdf"));
    let sig = &r.signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed, "{:#?}", sig.checks);
    assert_eq!(sig.sub_indication, Some(SubIndication::NotYetValid));
    assert_eq!(check(sig, "signing_time").status, CheckStatus::Failed);

    // A signingTime attribute, with and without a trusted chain.
    let bytes = read("signingtime-before-notbefore-20k.pdf");
    let sig = &verify(&bytes).signatures[0];
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.sub_indication, Some(SubIndication::NotYetValid));
    let untrusted = Verifier::new(TrustStore::new(), Policy::default()).verify(&bytes, AT);
    assert_eq!(untrusted.signatures[0].indication, Indication::TotalFailed);
    assert_eq!(
        untrusted.signatures[0].sub_indication,
        Some(SubIndication::NotYetValid)
    );
}
