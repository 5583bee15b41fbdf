//! Tests on real signatures (testdata/cms/) and on hostile inputs.

use std::path::PathBuf;

use time::macros::datetime;

use super::signed_data::parse_content_info;
use super::*;
use crate::policy::Limits;
use crate::verdict::CheckStatus;

fn testdata(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/cms")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A PDF signature located by a plain byte search (the real PDF parser lives elsewhere).
struct PdfSig {
    pdf: Vec<u8>,
    ranges: [(usize, usize); 2],
    contents: Vec<u8>,
}

impl PdfSig {
    /// The last signature in the file.
    fn load(name: &str) -> Self {
        let count = Self::count(name);
        Self::load_nth(name, count - 1)
    }

    fn count(name: &str) -> usize {
        testdata(name)
            .windows(10)
            .filter(|w| w == b"/ByteRange")
            .count()
    }

    /// The `n`th /ByteRange in file order.
    fn load_nth(name: &str, n: usize) -> Self {
        let pdf = testdata(name);
        let needle = b"/ByteRange";
        let at = pdf
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| w == needle)
            .nth(n)
            .expect("no such /ByteRange")
            .0;
        let open = at + pdf[at..].iter().position(|b| *b == b'[').unwrap();
        let close = open + pdf[open..].iter().position(|b| *b == b']').unwrap();
        let nums: Vec<usize> = std::str::from_utf8(&pdf[open + 1..close])
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let (a, b, c, d) = (nums[0], nums[1], nums[2], nums[3]);
        let hex = &pdf[a + b..c];
        let hex: Vec<u8> = hex
            .iter()
            .copied()
            .filter(|h| h.is_ascii_hexdigit())
            .collect();
        let contents = hex
            .chunks(2)
            .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
            .collect();
        PdfSig {
            ranges: [(a, b), (c, d)],
            pdf,
            contents,
        }
    }

    fn parts(&self) -> Vec<&[u8]> {
        self.ranges
            .iter()
            .map(|(start, len)| &self.pdf[*start..start + len])
            .collect()
    }
}

struct Env {
    trust: TrustStore,
    crls: Vec<Vec<u8>>,
    policy: Policy,
}

impl Env {
    fn new() -> Self {
        let mut trust = TrustStore::new();
        trust.add_pem_or_der(&testdata("root.pem")).unwrap();
        Env {
            trust,
            crls: vec![testdata("intermediate.crl"), testdata("root.crl")],
            policy: Policy::default(),
        }
    }

    fn run<R>(&self, f: impl FnOnce(&CmsContext<'_>) -> R) -> R {
        let crls: Vec<&[u8]> = self.crls.iter().map(|c| c.as_slice()).collect();
        let ctx = CmsContext {
            trust: &self.trust,
            intermediates: &[],
            crls: &crls,
            ocsp_responses: &[],
            policy: &self.policy,
            validation_time: datetime!(2026-11-26 00:00 UTC),
            file_prefix: None,
        };
        f(&ctx)
    }
}

fn verify_pdf(name: &str, env: &Env) -> CmsOutcome {
    let sig = PdfSig::load(name);
    env.run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx))
}

fn check<'a>(outcome: &'a CmsOutcome, id: &str) -> &'a Check {
    outcome
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {:#?}", outcome.checks))
}

fn status(outcome: &CmsOutcome, id: &str) -> (CheckStatus, Option<SubIndication>) {
    let c = check(outcome, id);
    (c.status, c.sub_indication)
}

fn ids(outcome: &CmsOutcome) -> Vec<&str> {
    outcome.checks.iter().map(|c| c.id.as_str()).collect()
}

// ---------------------------------------------------------------- structure

#[test]
fn parses_pades_signed_data_exactly() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let sd = &parsed.signed_data;
    assert_eq!(sd.version, 1);
    assert_eq!(sd.certificates.len(), 2);
    assert!(sd.econtent.is_none());
    assert!(oid::is(sd.econtent_type, oid::DATA));
    assert_eq!(sd.signer_infos.len(), 1);
    let si = &sd.signer_infos[0];
    let attrs = si.signed_attrs.as_ref().unwrap();
    // The raw signed attributes are a slice of the input, starting with the [0] tag.
    assert_eq!(attrs.raw[0], 0xa0);
    let start = attrs.raw.as_ptr() as usize - sig.contents.as_ptr() as usize;
    assert_eq!(&sig.contents[start..start + attrs.raw.len()], attrs.raw);
    assert_eq!(attrs.as_signed_set()[0], 0x31);
    assert_eq!(&attrs.as_signed_set()[1..], &attrs.raw[1..]);
    assert!(si.signature.len() == 256);
    // PDF /Contents is zero-padded: padding is accepted, not flagged.
    assert!(!parsed.trailing.is_empty());
    assert_eq!(parsed.nonzero_trailing_at, None);
}

#[test]
fn parses_ber_indefinite_lengths_from_openssl_stream() {
    let ber = testdata("ber-stream.p7s");
    let content = testdata("ber-stream.bin");
    let parsed = parse_content_info(&ber, &Limits::default()).unwrap();
    let sd = &parsed.signed_data;
    // The eContent was streamed as a constructed OCTET STRING: joined back exactly.
    assert_eq!(sd.econtent.as_deref(), Some(content.as_slice()));
    assert_eq!(sd.certificates.len(), 2);
    assert_eq!(parsed.trailing.len(), 0);
    // A detached verifier must refuse the encapsulated content.
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&ber, &[&content], ctx));
    assert_eq!(out.checks.len(), 1);
    assert_eq!(
        status(&out, "cms_format"),
        (CheckStatus::Failed, Some(SubIndication::FormatFailure))
    );
}

/// Rewrites the outer ContentInfo, [0] and SignedData headers to indefinite lengths (BER).
fn to_indefinite_outer(der: &[u8]) -> Vec<u8> {
    fn rewrite(tlv: &[u8], levels: usize) -> Vec<u8> {
        let (t, _) = crate::asn1::ber::read_tlv(tlv, 0, 16).unwrap();
        if levels == 0 {
            return t.raw.to_vec();
        }
        let mut out = vec![t.raw[0], 0x80];
        let mut first = true;
        for child in t.children() {
            let child = child.unwrap();
            // Descend into the last child of ContentInfo ([0]) and the only child of [0].
            let descend = (levels == 3 && !first) || levels == 2;
            if descend {
                out.extend(rewrite(child.raw, levels - 1));
            } else {
                out.extend_from_slice(child.raw);
            }
            first = false;
        }
        out.extend_from_slice(&[0, 0]);
        out
    }
    let (outer, _) = crate::asn1::ber::read_tlv(der, 0, 16).unwrap();
    rewrite(outer.raw, 3)
}

#[test]
fn indefinite_length_outer_structure_parses_like_der() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let ber = to_indefinite_outer(&sig.contents);
    assert_eq!(&ber[..2], &[0x30, 0x80]);
    let der = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let ber_parsed = parse_content_info(&ber, &Limits::default()).unwrap();
    let (a, b) = (&der.signed_data, &ber_parsed.signed_data);
    assert_eq!(a.certificates, b.certificates);
    assert_eq!(
        a.signer_infos[0].signed_attrs.as_ref().unwrap().raw,
        b.signer_infos[0].signed_attrs.as_ref().unwrap().raw
    );
    let env = Env::new();
    let parts_owned = sig.parts();
    let out = env.run(|ctx| verify_detached(&ber, &parts_owned, ctx));
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
}

#[test]
fn non_zero_trailing_bytes_are_a_finding() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let mut contents = sig.contents.clone();
    let last = contents.len() - 1;
    contents[last] = 0x41;
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&contents, &sig.parts(), ctx));
    assert!(out.findings.iter().any(|f| f.code == "CMS_TRAILING_BYTES"));
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
}

// ---------------------------------------------------------------- hostile input

#[test]
fn truncation_at_every_byte_is_a_format_failure() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let der_len = sig.contents.len() - parsed.trailing.len();
    let env = Env::new();
    let parts = sig.parts();
    env.run(|ctx| {
        for cut in 0..der_len {
            let out = verify_detached(&sig.contents[..cut], &parts, ctx);
            assert_eq!(out.checks.len(), 1, "cut at {cut}");
            assert_eq!(
                status(&out, "cms_format"),
                (CheckStatus::Failed, Some(SubIndication::FormatFailure)),
                "cut at {cut}"
            );
            parse_for_fuzz(&sig.contents[..cut]);
        }
    });
}

#[test]
fn deep_nesting_huge_lengths_and_garbage_do_not_panic() {
    let env = Env::new();
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x30],
        vec![0x30, 0x80],
        vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
        vec![
            0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
        ],
        vec![0x30, 0xff],
        vec![0x04, 0x80, 0x00, 0x00],
        vec![0x30, 0x80, 0x00],
        vec![0x00; 64],
        vec![0xff; 64],
    ];
    let mut deep = Vec::new();
    for _ in 0..10_000 {
        deep.extend_from_slice(&[0x30, 0x80]);
    }
    inputs.push(deep.clone());
    deep.extend(std::iter::repeat_n(0u8, 20_000));
    inputs.push(deep);
    // ContentInfo with SignedData OID and a deep [0] chain inside.
    let mut nested = vec![
        0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    for _ in 0..500 {
        nested.extend_from_slice(&[0xa0, 0x80]);
    }
    inputs.push(nested);
    env.run(|ctx| {
        for input in &inputs {
            for out in [
                verify_detached(input, &[b"x"], ctx),
                verify_document_timestamp(input, &[b"x"], ctx),
            ] {
                let (status, sub) = status(&out, "cms_format");
                assert_ne!(status, CheckStatus::Passed);
                assert_eq!(sub, Some(SubIndication::FormatFailure));
                assert_eq!(out.checks.len(), 1);
            }
            parse_for_fuzz(input);
        }
    });
}

#[test]
fn byte_mutations_of_a_real_signature_do_not_panic() {
    let sig = PdfSig::load("rsa2048-pades-bt-200k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let der = &sig.contents[..sig.contents.len() - parsed.trailing.len()];
    let env = Env::new();
    let parts = sig.parts();
    // Deterministic pseudo-random positions and values.
    let mut x: u32 = 0x1234_5678;
    env.run(|ctx| {
        for _ in 0..300 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let mut m = der.to_vec();
            let pos = (x as usize) % m.len();
            m[pos] = (x >> 8) as u8;
            let out = verify_detached(&m, &parts, ctx);
            assert!(!out.checks.is_empty());
            parse_for_fuzz(&m);
        }
    });
}

fn assert_limit(out: &CmsOutcome, code: &str) {
    assert_eq!(
        status(out, "cms_format"),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::FormatFailure)
        ),
        "{:?}",
        out.checks
    );
    assert!(
        out.findings.iter().any(|f| f.code == code),
        "{:?}",
        out.findings
    );
    assert_eq!(conclude(&out.checks).0, Indication::Indeterminate);
}

#[test]
fn too_many_certificates_is_a_limit() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let mut env = Env::new();
    env.policy.limits.max_cms_certificates = 1;
    let out = env.run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx));
    assert_limit(&out, "LIMIT_CMS_CERTIFICATES");
    assert!(check(&out, "cms_format").message.contains("certificates"));
}

#[test]
fn too_many_attributes_is_a_limit() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let mut env = Env::new();
    env.policy.limits.max_cms_attributes = 2;
    let out = env.run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx));
    assert_limit(&out, "LIMIT_CMS_ATTRIBUTES");
}

#[test]
fn depth_limit_applies() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let mut env = Env::new();
    env.policy.limits.max_depth = 4;
    let out = env.run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx));
    assert_limit(&out, "LIMIT_ASN1_DEPTH");
    // The same file within the default depth passes the format check.
    let out = Env::new().run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx));
    assert_eq!(status(&out, "cms_format").0, CheckStatus::Passed);
}

#[test]
fn timestamp_after_validation_time_is_no_proof() {
    let env = Env::new();
    let sig = PdfSig::load("rsa2048-pades-bt-200k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let tokens = timestamp_tokens(si);
    let ctx = CmsContext {
        trust: &env.trust,
        intermediates: &[],
        crls: &[],
        ocsp_responses: &[],
        policy: &env.policy,
        validation_time: datetime!(2026-02-01 00:00 UTC),
        file_prefix: None,
    };
    let token = timestamp::verify_token(tokens[0], signer::Content::Bytes(&si.signature), &ctx);
    let order = token
        .outcome
        .checks
        .iter()
        .find(|c| c.id == "timestamp_time")
        .expect("timestamp_time check");
    assert_eq!(
        order.sub_indication,
        Some(SubIndication::TimestampOrderFailure)
    );
    let out = verify_detached(&sig.contents, &sig.parts(), &ctx);
    assert_eq!(
        status(&out, "signature_timestamp").0,
        CheckStatus::Indeterminate
    );
    assert_eq!(out.timestamp_time, None);
}

// ---------------------------------------------------------------- integrity

#[test]
fn pades_rsa_message_digest_matches() {
    let out = verify_pdf("rsa2048-pades-20k.pdf", &Env::new());
    assert_eq!(status(&out, "cms_format").0, CheckStatus::Passed);
    assert_eq!(status(&out, "signer_identification").0, CheckStatus::Passed);
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    assert_eq!(status(&out, "signed_attributes").0, CheckStatus::Passed);
    assert_eq!(out.digest_algorithm.as_deref(), Some("SHA-256"));
    let signer = out.signer.as_ref().unwrap();
    assert!(
        signer.subject.contains("Signer RSA-2048"),
        "{}",
        signer.subject
    );
    assert_eq!(signer.serial, "1001");
    assert!(check(&out, "signer_identification")
        .message
        .contains("signingCertificateV2"));
}

#[test]
fn check_ids_are_in_pipeline_order() {
    let out = verify_pdf("rsa2048-pades-20k.pdf", &Env::new());
    let ids = ids(&out);
    assert_eq!(
        &ids[..6],
        &[
            "cms_format",
            "signer_identification",
            "message_digest",
            "signature_value",
            "signed_attributes",
            "signature_timestamp"
        ]
    );
    assert_eq!(ids[6], "certificate_chain");
}

#[test]
fn pkcs7_detached_reports_signing_time() {
    let out = verify_pdf("rsa2048-pkcs7-20k.pdf", &Env::new());
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    assert_eq!(status(&out, "signed_attributes").0, CheckStatus::Passed);
    let t = out.signing_time.expect("signingTime");
    assert_eq!(t.date(), time::macros::date!(2026 - 03 - 01));
}

#[test]
fn byteflip_is_hash_failure() {
    let out = verify_pdf("tampered-byteflip-200k.pdf", &Env::new());
    assert_eq!(
        status(&out, "message_digest"),
        (CheckStatus::Failed, Some(SubIndication::HashFailure))
    );
    assert_eq!(
        conclude(&out.checks),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
    assert!(check(&out, "message_digest")
        .evidence
        .as_deref()
        .unwrap()
        .contains("computed"));
}

#[test]
fn encapsulated_content_is_format_failure() {
    let out = verify_pdf("pdf-sig-with-econtent.pdf", &Env::new());
    assert_eq!(
        conclude(&out.checks),
        (Indication::TotalFailed, Some(SubIndication::FormatFailure))
    );
    assert!(check(&out, "cms_format").message.contains("encapsulate"));
}

#[test]
fn subject_key_identifier_sid_finds_the_signer() {
    let out = verify_pdf("sig-with-ski-sid.pdf", &Env::new());
    assert_eq!(status(&out, "signer_identification").0, CheckStatus::Passed);
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    assert!(out.signer.is_some());
}

#[test]
fn old_style_signing_certificate_v1_binds_the_signer() {
    for name in [
        "pades-with-old-style-signing-cert-attr.pdf",
        "pades-with-old-style-signing-cert-attr-issser.pdf",
    ] {
        let out = verify_pdf(name, &Env::new());
        let c = check(&out, "signer_identification");
        assert_eq!(c.status, CheckStatus::Passed, "{name}: {}", c.message);
        assert!(c.message.contains("(v1)"), "{name}: {}", c.message);
        assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    }
}

#[test]
fn ess_hash_mismatch_is_no_signing_certificate_found() {
    // Swap the signer certificate for the intermediate by pointing the CMS certificate list at
    // another cert: simplest is to corrupt the ESS certHash inside the signed attributes.
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let attrs = parsed.signed_data.signer_infos[0]
        .signed_attrs
        .as_ref()
        .unwrap();
    let ess = attrs
        .attributes
        .iter()
        .find(|a| oid::is(a.oid, oid::SIGNING_CERTIFICATE_V2))
        .unwrap();
    // ESSCertIDv2's certHash is the first OCTET STRING (tag 0x04, length 0x20) in the value.
    let value = ess.values[0];
    let rel = value
        .raw
        .windows(2)
        .position(|w| w == [0x04, 0x20])
        .unwrap();
    let mut contents = sig.contents.clone();
    contents[value.offset + rel + 2] ^= 0xff;
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&contents, &sig.parts(), ctx));
    assert_eq!(
        status(&out, "signer_identification"),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::NoSigningCertificateFound)
        )
    );
}

#[test]
fn missing_signer_certificate_is_indeterminate() {
    // Drop the certificates by lying about the signer's serial number in the sid.
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let offset = si.offset;
    // The sid serial (INTEGER 0x1001) is the only "02 02 10 01" after the SignerInfo start.
    let rel = sig.contents[offset..]
        .windows(4)
        .position(|w| w == [0x02, 0x02, 0x10, 0x01])
        .unwrap();
    let mut contents = sig.contents.clone();
    contents[offset + rel + 3] = 0x77;
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&contents, &sig.parts(), ctx));
    assert_eq!(
        conclude(&out.checks),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoSigningCertificateFound)
        )
    );
    assert_eq!(status(&out, "signature_value").0, CheckStatus::Skipped);
}

#[test]
fn sha1_digest_is_a_crypto_constraint_unless_allowed() {
    let bin = testdata("ber-stream.bin");
    let p7 = testdata("pkcs7-sha1.p7s");
    let env = Env::new();
    let out = env.run(|ctx| verify_pkcs7_sha1(&p7, &[&bin], ctx));
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    assert_eq!(
        status(&out, "content_digest"),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::CryptoConstraintsFailure)
        )
    );
    let mut allowing = Env::new();
    allowing.policy.allow_sha1 = true;
    let out = allowing.run(|ctx| verify_pkcs7_sha1(&p7, &[&bin], ctx));
    assert_eq!(status(&out, "content_digest").0, CheckStatus::Passed);
    // Changed content: HASH_FAILURE whatever the policy.
    let out = allowing.run(|ctx| verify_pkcs7_sha1(&p7, &[&bin[1..]], ctx));
    assert_eq!(
        status(&out, "content_digest"),
        (CheckStatus::Failed, Some(SubIndication::HashFailure))
    );
    // Detached verification of the same blob refuses the encapsulated digest.
    let out = env.run(|ctx| verify_detached(&p7, &[&bin], ctx));
    assert_eq!(status(&out, "cms_format").0, CheckStatus::Failed);
}

#[test]
fn unsupported_digest_is_indeterminate_not_a_crash() {
    let out = verify_pdf("ed448-shake256-nolen.pdf", &Env::new());
    assert_eq!(
        status(&out, "message_digest"),
        (
            CheckStatus::Indeterminate,
            Some(SubIndication::CryptoConstraintsFailure)
        )
    );
    assert_eq!(conclude(&out.checks).0, Indication::Indeterminate);
    let out = verify_pdf("ed448-disallowed-hash.pdf", &Env::new());
    assert_eq!(conclude(&out.checks).0, Indication::Indeterminate);
}

#[test]
fn no_signed_attributes_signature_is_over_the_content() {
    let out = verify_pdf("sig-no-signed-attrs.pdf", &Env::new());
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Skipped);
    assert!(out
        .findings
        .iter()
        .any(|f| f.code == "CMS_NO_SIGNED_ATTRIBUTES"));
    assert_eq!(out.signing_time, None);
}

#[test]
fn multiple_signer_infos_report_the_worst_and_name_the_count() {
    // Duplicate the SignerInfo and break the second copy's messageDigest.
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let (si_tlv, _) = crate::asn1::ber::read_tlv(&sig.contents[si.offset..], 0, 64).unwrap();
    let good = si_tlv.raw.to_vec();
    let mut bad = good.clone();
    let md = bad.windows(2).position(|w| w == [0x04, 0x20]).unwrap();
    bad[md + 2] ^= 1;
    let mut set_content = good.clone();
    set_content.extend_from_slice(&bad);
    // Rebuild: everything up to the signerInfos SET, the new SET, then the outer lengths.
    let der_len = sig.contents.len() - parsed.trailing.len();
    let set_start = si.offset - 4; // 31 82 LL LL
    assert_eq!(sig.contents[set_start], 0x31);
    let mut body = sig.contents[..set_start].to_vec();
    body.push(0x31);
    body.push(0x82);
    body.extend_from_slice(&(set_content.len() as u16).to_be_bytes());
    body.extend_from_slice(&set_content);
    let _ = der_len;
    // Make the three outer lengths indefinite so they need no recomputation.
    let reencoded = {
        let (ci, _) = crate::asn1::ber::read_tlv(&sig.contents, 0, 64).unwrap();
        let mut kids = ci.children();
        let oid_tlv = kids.next().unwrap().unwrap();
        let explicit = kids.next().unwrap().unwrap();
        let sd = explicit.children().next().unwrap().unwrap();
        let sd_content_start = sd.content_offset();
        let mut out = vec![0x30, 0x80];
        out.extend_from_slice(oid_tlv.raw);
        out.extend_from_slice(&[0xa0, 0x80, 0x30, 0x80]);
        out.extend_from_slice(&body[sd_content_start..]);
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        out
    };
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&reencoded, &sig.parts(), ctx));
    assert!(out
        .findings
        .iter()
        .any(|f| f.code == "CMS_MULTIPLE_SIGNER_INFOS" && f.message.contains('2')));
    assert_eq!(
        conclude(&out.checks),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
}

// ---------------------------------------------------------------- timestamps

#[test]
fn signature_timestamp_token_is_parsed_and_imprint_matches() {
    let sig = PdfSig::load("rsa2048-pades-bt-200k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let tokens = timestamp_tokens(si);
    assert_eq!(tokens.len(), 1);
    let env = Env::new();
    let token = env
        .run(|ctx| timestamp::verify_token(tokens[0], signer::Content::Bytes(&si.signature), ctx));
    assert_eq!(
        token.gen_time.map(|t| t.date()),
        Some(time::macros::date!(2026 - 03 - 01))
    );
    assert!(!token.imprint_mismatch);
    let imprint = token
        .outcome
        .checks
        .iter()
        .find(|c| c.id == "message_imprint")
        .unwrap();
    assert_eq!(imprint.status, CheckStatus::Passed);
    let md = token
        .outcome
        .checks
        .iter()
        .find(|c| c.id == "message_digest")
        .unwrap();
    assert_eq!(md.status, CheckStatus::Passed);
    assert!(token
        .outcome
        .signer
        .as_ref()
        .is_some_and(|s| s.subject.contains("TSA")));
    // Another signature value: the imprint no longer matches → HASH_FAILURE for the check.
    let (ts_check, _, poe) =
        env.run(|ctx| timestamp::signature_timestamp_check(&tokens, b"other signature", ctx));
    assert_eq!(ts_check.status, CheckStatus::Failed);
    assert_eq!(ts_check.sub_indication, Some(SubIndication::HashFailure));
    assert_eq!(poe, None);
}

#[test]
fn document_timestamp_imprint_covers_the_parts() {
    // Use the signature timestamp token as if it were a document timestamp over the signature
    // value: the imprint then matches; over other bytes it does not.
    let sig = PdfSig::load("rsa2048-pades-bt-200k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let tokens = timestamp_tokens(si);
    let env = Env::new();
    let sigval: &[u8] = &si.signature;
    let (a, b) = sigval.split_at(100);
    let out = env.run(|ctx| verify_document_timestamp(tokens[0], &[a, b], ctx));
    assert_eq!(status(&out, "message_imprint").0, CheckStatus::Passed);
    assert_eq!(
        out.signing_time.map(|t| t.date()),
        Some(time::macros::date!(2026 - 03 - 01))
    );
    let out = env.run(|ctx| verify_document_timestamp(tokens[0], &[b, a], ctx));
    assert_eq!(
        status(&out, "message_imprint"),
        (CheckStatus::Failed, Some(SubIndication::HashFailure))
    );
    assert_eq!(out.timestamp_time, None);
}

// ---------------------------------------------------------------- signature values

#[test]
fn signature_values_verify_for_rsa_and_ecdsa() {
    for (name, digest, alg) in [
        ("rsa2048-pades-20k.pdf", "SHA-256", "RSA"),
        ("rsa2048-pkcs7-20k.pdf", "SHA-256", "RSA"),
        ("p256-pades-200k.pdf", "SHA-256", "P256"),
        ("p384-pades-sha384-200k.pdf", "SHA-384", "P384"),
        ("rsa2048-pades-bt-200k.pdf", "SHA-256", "RSA"),
    ] {
        let out = verify_pdf(name, &Env::new());
        for id in [
            "cms_format",
            "signer_identification",
            "message_digest",
            "signature_value",
            "signed_attributes",
        ] {
            let c = check(&out, id);
            assert_eq!(
                c.status,
                CheckStatus::Passed,
                "{name} {id}: {} {:?}",
                c.message,
                c.evidence
            );
        }
        assert_eq!(out.digest_algorithm.as_deref(), Some(digest), "{name}");
        let sig_alg = out.signature_algorithm.clone().unwrap();
        assert!(sig_alg.contains(alg), "{name}: {sig_alg}");
    }
}

#[test]
fn flipped_signature_bit_is_sig_crypto_failure() {
    let out = verify_pdf("tampered-sigvalue-200k.pdf", &Env::new());
    assert_eq!(status(&out, "message_digest").0, CheckStatus::Passed);
    assert_eq!(
        status(&out, "signature_value"),
        (CheckStatus::Failed, Some(SubIndication::SigCryptoFailure))
    );
    assert_eq!(
        conclude(&out.checks),
        (
            Indication::TotalFailed,
            Some(SubIndication::SigCryptoFailure)
        )
    );
}

#[test]
fn pyhanko_signatures_verify() {
    for name in [
        "sig-no-signed-attrs.pdf",
        "sig-with-ski-sid.pdf",
        "pades-with-old-style-signing-cert-attr.pdf",
        "pades-with-old-style-signing-cert-attr-issser.pdf",
    ] {
        let out = verify_pdf(name, &Env::new());
        let c = check(&out, "signature_value");
        assert_eq!(
            c.status,
            CheckStatus::Passed,
            "{name}: {} {:?}",
            c.message,
            c.evidence
        );
    }
}

#[test]
fn ber_outer_structure_still_verifies() {
    let sig = PdfSig::load("rsa2048-pades-20k.pdf");
    let ber = to_indefinite_outer(&sig.contents);
    let env = Env::new();
    let out = env.run(|ctx| verify_detached(&ber, &sig.parts(), ctx));
    assert_eq!(status(&out, "signature_value").0, CheckStatus::Passed);
}

#[test]
fn sha1_pkcs7_signature_value_verifies_when_allowed() {
    let bin = testdata("ber-stream.bin");
    let p7 = testdata("pkcs7-sha1.p7s");
    let mut env = Env::new();
    env.policy.allow_sha1 = true;
    let out = env.run(|ctx| verify_pkcs7_sha1(&p7, &[&bin], ctx));
    assert_eq!(status(&out, "signature_value").0, CheckStatus::Passed);
}

#[test]
fn pyhanko_pades_lta_document_timestamp_and_signature_timestamp() {
    let name = "pades-lta-dss-indirect-arrs-test.pdf";
    assert_eq!(PdfSig::count(name), 2);
    let env = Env::new();
    let mut kinds = Vec::new();
    for n in 0..2 {
        let sig = PdfSig::load_nth(name, n);
        let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
        let is_tst = oid::is(parsed.signed_data.econtent_type, oid::TST_INFO);
        kinds.push(is_tst);
        if is_tst {
            let out = env.run(|ctx| verify_document_timestamp(&sig.contents, &sig.parts(), ctx));
            for id in [
                "cms_format",
                "signer_identification",
                "message_digest",
                "signature_value",
                "signed_attributes",
                "message_imprint",
            ] {
                let c = check(&out, id);
                assert_eq!(
                    c.status,
                    CheckStatus::Passed,
                    "{id}: {} {:?}",
                    c.message,
                    c.evidence
                );
            }
            assert!(out.signing_time.is_some());
            assert!(out.signer.is_some());
            // One byte less in the covered data: the imprint no longer matches.
            let parts = sig.parts();
            let shorter = [parts[0], &parts[1][1..]];
            let out = env.run(|ctx| verify_document_timestamp(&sig.contents, &shorter, ctx));
            assert_eq!(
                status(&out, "message_imprint"),
                (CheckStatus::Failed, Some(SubIndication::HashFailure))
            );
        } else {
            let out = env.run(|ctx| verify_detached(&sig.contents, &sig.parts(), ctx));
            for id in ["message_digest", "signature_value", "signed_attributes"] {
                assert_eq!(status(&out, id).0, CheckStatus::Passed, "{id}");
            }
            // The signature timestamp token itself verifies up to its chain.
            let si = &parsed.signed_data.signer_infos[0];
            let tokens = timestamp_tokens(si);
            assert_eq!(tokens.len(), 1);
            let token = env.run(|ctx| {
                timestamp::verify_token(tokens[0], signer::Content::Bytes(&si.signature), ctx)
            });
            for id in ["message_digest", "signature_value", "message_imprint"] {
                let c = token.outcome.checks.iter().find(|c| c.id == id).unwrap();
                assert_eq!(c.status, CheckStatus::Passed, "token {id}: {}", c.message);
            }
        }
    }
    assert_eq!(kinds, vec![false, true]);
}

// ---------------------------------------------------------------- chain (through pki)

#[test]
fn generated_valid_signatures_are_total_passed() {
    for name in [
        "rsa2048-pades-20k.pdf",
        "rsa2048-pkcs7-20k.pdf",
        "p256-pades-200k.pdf",
        "p384-pades-sha384-200k.pdf",
        "rsa2048-pades-bt-200k.pdf",
    ] {
        let out = verify_pdf(name, &Env::new());
        assert_eq!(
            conclude(&out.checks),
            (Indication::TotalPassed, None),
            "{name}: {:#?}",
            out.checks
        );
        let ids = ids(&out);
        assert_eq!(
            &ids[6..],
            &["certificate_chain", "certificate_validity", "revocation"],
            "{name}"
        );
    }
}

#[test]
fn valid_signature_timestamp_is_the_proof_of_existence() {
    let out = verify_pdf("rsa2048-pades-bt-200k.pdf", &Env::new());
    let ts = check(&out, "signature_timestamp");
    assert_eq!(ts.status, CheckStatus::Passed, "{}", ts.message);
    assert!(ts.evidence.as_deref().unwrap().contains("Test TSA"));
    assert_eq!(out.timestamp_time, Some(datetime!(2026-03-01 12:00 UTC)));
}

#[test]
fn untrusted_tsa_gives_no_proof_of_existence() {
    // An empty trust store breaks both chains: the timestamp check must then be INDETERMINATE
    // and give no POE.
    let mut env = Env::new();
    env.trust = TrustStore::new();
    let out = verify_pdf("rsa2048-pades-bt-200k.pdf", &env);
    let ts = check(&out, "signature_timestamp");
    assert_eq!(ts.status, CheckStatus::Indeterminate, "{}", ts.message);
    assert!(
        ts.evidence
            .as_deref()
            .unwrap()
            .contains("certificate_chain"),
        "{:?}",
        ts.evidence
    );
    assert_eq!(out.timestamp_time, None);
    assert_eq!(conclude(&out.checks).0, Indication::Indeterminate);
}

#[test]
fn revoked_signer_without_poe_is_not_passed() {
    let out = verify_pdf("revoked-signer-200k.pdf", &Env::new());
    let (indication, sub) = conclude(&out.checks);
    assert_ne!(indication, Indication::TotalPassed);
    assert!(
        matches!(
            sub,
            Some(SubIndication::Revoked | SubIndication::RevokedNoPoe)
        ),
        "{sub:?}"
    );
    assert_eq!(status(&out, "signature_value").0, CheckStatus::Passed);
}

#[test]
fn expired_signer_is_out_of_bounds() {
    let out = verify_pdf("expired-signer-200k.pdf", &Env::new());
    let (indication, sub) = conclude(&out.checks);
    assert_ne!(indication, Indication::TotalPassed);
    assert!(
        matches!(
            sub,
            Some(SubIndication::Expired | SubIndication::OutOfBoundsNoPoe)
        ),
        "{sub:?}"
    );
}

#[test]
fn self_signed_signer_has_no_chain() {
    let out = verify_pdf("selfsigned-untrusted-200k.pdf", &Env::new());
    assert_eq!(
        conclude(&out.checks),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoCertificateChainFound)
        )
    );
    assert!(out
        .signer
        .as_ref()
        .is_some_and(|s| s.subject.contains("Self-Signed")));
}

#[test]
fn tsa_certificate_is_found_in_the_token() {
    // The TSA certificate shipped in testdata is the one the token names.
    let sig = PdfSig::load("rsa2048-pades-bt-200k.pdf");
    let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
    let si = &parsed.signed_data.signer_infos[0];
    let tokens = timestamp_tokens(si);
    let env = Env::new();
    let token = env
        .run(|ctx| timestamp::verify_token(tokens[0], signer::Content::Bytes(&si.signature), ctx));
    let (_, pem) = x509_parser::pem::parse_x509_pem(&testdata("tsa.pem")).unwrap();
    let expected = crate::pki::cert_summary(&pem.contents).unwrap();
    assert_eq!(token.outcome.signer.as_ref(), Some(&expected));
    assert!(token.is_valid(), "{:#?}", token.outcome.checks);
}

// ---------------------------------------------------------------- hand-built, really signed

mod built {
    use super::super::test_builder::*;
    use super::*;

    const CONTENT: &[u8] = b"%PDF-1.7 signed bytes of a hand-made test document";

    fn rsa_signer() -> SignerSpec {
        SignerSpec::standard(
            testdata("signer-rsa2048.der"),
            testdata("signer-rsa2048.rsa.der"),
            CONTENT,
        )
    }

    fn revoked_signer() -> SignerSpec {
        SignerSpec::standard(
            testdata("signer-revoked.der"),
            testdata("signer-revoked.rsa.der"),
            CONTENT,
        )
    }

    fn run(cms: &[u8], env: &Env) -> CmsOutcome {
        env.run(|ctx| verify_detached(cms, &[&CONTENT[..10], &CONTENT[10..]], ctx))
    }

    fn certs_for(signer: &SignerSpec) -> Vec<Vec<u8>> {
        vec![signer.cert.clone(), testdata("intermediate.der")]
    }

    fn build_one(signer: SignerSpec, crls: &[&[u8]]) -> Vec<u8> {
        let certs = certs_for(&signer);
        let refs: Vec<&[u8]> = certs.iter().map(|c| c.as_slice()).collect();
        build(&[signer], &refs, crls)
    }

    fn no_crls() -> Env {
        let mut env = Env::new();
        env.crls.clear();
        env
    }

    #[test]
    fn hand_built_signature_is_total_passed() {
        let out = run(&build_one(rsa_signer(), &[]), &Env::new());
        assert_eq!(
            conclude(&out.checks),
            (Indication::TotalPassed, None),
            "{:#?}",
            out.checks
        );
        assert_eq!(out.signing_time, Some(datetime!(2026-03-01 12:00 UTC)));
    }

    #[test]
    fn adobe_revocation_archival_crl_reaches_the_chain_check() {
        let crl = testdata("intermediate.crl");
        let root_crl = testdata("root.crl");
        // Without any CRL, the revocation of the signer is unknown.
        let plain = run(&build_one(revoked_signer(), &[]), &no_crls());
        assert_ne!(
            check(&plain, "revocation").sub_indication,
            Some(SubIndication::RevokedNoPoe)
        );
        // The same signer with the CRLs archived in a signed attribute: revoked.
        let signer = revoked_signer().with(adobe_revocation_attr(&[&crl, &root_crl]));
        let out = run(&build_one(signer, &[]), &no_crls());
        assert_eq!(status(&out, "signature_value").0, CheckStatus::Passed);
        let (_, sub) = conclude(&out.checks);
        assert!(
            matches!(
                sub,
                Some(SubIndication::RevokedNoPoe | SubIndication::Revoked)
            ),
            "{:#?}",
            out.checks
        );
    }

    #[test]
    fn signed_data_crls_reach_the_chain_check() {
        let crl = testdata("intermediate.crl");
        let root_crl = testdata("root.crl");
        let cms = build_one(revoked_signer(), &[&crl, &root_crl]);
        let parsed = parse_content_info(&cms, &Limits::default()).unwrap();
        assert_eq!(parsed.signed_data.crls.len(), 2);
        let out = run(&cms, &no_crls());
        let (_, sub) = conclude(&out.checks);
        assert!(
            matches!(
                sub,
                Some(SubIndication::RevokedNoPoe | SubIndication::Revoked)
            ),
            "{:#?}",
            out.checks
        );
    }

    #[test]
    fn content_type_must_be_present_and_match() {
        let missing = rsa_signer().without(oid::CONTENT_TYPE);
        let out = run(&build_one(missing, &[]), &Env::new());
        assert_eq!(status(&out, "signature_value").0, CheckStatus::Passed);
        assert_eq!(
            status(&out, "signed_attributes"),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
        let wrong = rsa_signer()
            .without(oid::CONTENT_TYPE)
            .with(content_type_attr(oid::TST_INFO));
        let out = run(&build_one(wrong, &[]), &Env::new());
        let c = check(&out, "signed_attributes");
        assert_eq!(c.status, CheckStatus::Failed);
        assert!(c.message.contains("id-ct-TSTInfo"), "{}", c.message);
    }

    #[test]
    fn duplicate_or_malformed_signing_time_is_a_format_failure() {
        let twice = rsa_signer().with(attribute(
            oid::SIGNING_TIME,
            &[&tlv(0x17, b"260301120000Z")],
        ));
        let out = run(&build_one(twice, &[]), &Env::new());
        assert_eq!(
            status(&out, "signed_attributes"),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
        let bad = rsa_signer().without(oid::SIGNING_TIME).with(attribute(
            oid::SIGNING_TIME,
            &[&tlv(0x17, b"261399120000Z")],
        ));
        let out = run(&build_one(bad, &[]), &Env::new());
        assert_eq!(
            status(&out, "signed_attributes"),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
        let generalized = rsa_signer().without(oid::SIGNING_TIME).with(attribute(
            oid::SIGNING_TIME,
            &[&tlv(0x18, b"20260301120000Z")],
        ));
        let out = run(&build_one(generalized, &[]), &Env::new());
        assert_eq!(out.signing_time, Some(datetime!(2026-03-01 12:00 UTC)));
    }

    #[test]
    fn missing_message_digest_is_a_format_failure() {
        let out = run(
            &build_one(rsa_signer().without(oid::MESSAGE_DIGEST), &[]),
            &Env::new(),
        );
        assert_eq!(
            status(&out, "message_digest"),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
    }

    #[test]
    fn ess_issuer_serial_must_name_the_signer() {
        let cert = testdata("signer-rsa2048.der");
        let (_, parsed) = x509_parser::parse_x509_certificate(&cert).unwrap();
        let issuer = parsed.tbs_certificate.issuer.as_raw().to_vec();
        let good = rsa_signer()
            .without(oid::SIGNING_CERTIFICATE_V2)
            .with(ess_v2_attr(&cert, Some((&issuer, &[0x10, 0x01]))));
        let out = run(&build_one(good, &[]), &Env::new());
        assert_eq!(status(&out, "signer_identification").0, CheckStatus::Passed);
        let wrong_serial = rsa_signer()
            .without(oid::SIGNING_CERTIFICATE_V2)
            .with(ess_v2_attr(&cert, Some((&issuer, &[0x10, 0x02]))));
        let out = run(&build_one(wrong_serial, &[]), &Env::new());
        assert_eq!(
            status(&out, "signer_identification"),
            (
                CheckStatus::Indeterminate,
                Some(SubIndication::NoSigningCertificateFound)
            )
        );
        // An ESS attribute naming another certificate (the intermediate).
        let other = rsa_signer()
            .without(oid::SIGNING_CERTIFICATE_V2)
            .with(ess_v2_attr(&testdata("intermediate.der"), None));
        let out = run(&build_one(other, &[]), &Env::new());
        assert_eq!(
            conclude(&out.checks),
            (
                Indication::Indeterminate,
                Some(SubIndication::NoSigningCertificateFound)
            )
        );
    }

    #[test]
    fn gm_data_label_in_signed_attributes_matches_id_data_content() {
        // Chinese signers write contentType = GM data (1.2.156.10197.6.1.4.2.1) while the
        // encapsulated type is id-data: both mean the detached bytes.
        let cert = testdata("sm2-signer.der");
        let pem = testdata("sm2-signer.key.pem");
        let (_, key) = x509_parser::pem::parse_x509_pem(&pem).unwrap();
        let scalar = key.contents[7..39].to_vec();
        let signer = SignerSpec::sm2(cert.clone(), scalar, CONTENT, oid::GM_DATA);
        let cms = build_typed(&[signer], &[&cert], &[], oid::GM_SIGNED_DATA, oid::DATA);
        let out = run(&cms, &Env::new());
        assert_eq!(check(&out, "signed_attributes").status, CheckStatus::Passed);
        assert_eq!(check(&out, "signature_value").status, CheckStatus::Passed);
    }

    #[test]
    fn gm_sm2_signed_data_verifies() {
        // GB/T 35275 SM2 SignedData with the GM content types, signed with the pki test SM2 key
        // (certificate 2021-2023, untrusted here: only the CMS checks are asserted).
        let cert = testdata("sm2-signer.der");
        let pem = testdata("sm2-signer.key.pem");
        let (_, key) = x509_parser::pem::parse_x509_pem(&pem).unwrap();
        // SEC1 ECPrivateKey: 30 77 02 01 01 04 20 <32-byte scalar> …
        let scalar = key.contents[7..39].to_vec();
        let signer = SignerSpec::sm2(cert.clone(), scalar, CONTENT, oid::GM_DATA);
        let cms = build_typed(&[signer], &[&cert], &[], oid::GM_SIGNED_DATA, oid::GM_DATA);
        let out = run(&cms, &Env::new());
        for id in [
            "cms_format",
            "signer_identification",
            "message_digest",
            "signature_value",
            "signed_attributes",
        ] {
            let c = check(&out, id);
            assert_eq!(
                c.status,
                CheckStatus::Passed,
                "{id}: {} {:?}",
                c.message,
                c.evidence
            );
        }
        assert_eq!(out.digest_algorithm.as_deref(), Some("SM3"));
        assert!(out.signature_algorithm.as_deref().unwrap().contains("SM2"));
        // One byte of content changed: HASH_FAILURE.
        let out = env_run_changed(&cms);
        assert_eq!(
            status(&out, "message_digest"),
            (CheckStatus::Failed, Some(SubIndication::HashFailure))
        );
    }

    fn env_run_changed(cms: &[u8]) -> CmsOutcome {
        let mut changed = CONTENT.to_vec();
        changed[0] ^= 1;
        Env::new().run(|ctx| verify_detached(cms, &[&changed], ctx))
    }

    fn tsa(gen_time: &str) -> TsaSpec {
        TsaSpec {
            cert: testdata("tsa.der"),
            key_pkcs1: testdata("tsa.rsa.der"),
            chain: vec![testdata("intermediate.der")],
            gen_time: gen_time.to_string(),
        }
    }

    #[test]
    fn timestamp_before_revocation_is_proof_of_existence() {
        // The signer's certificate was revoked on 2026-02-01 (intermediate.crl).
        let before = revoked_signer()
            .signed_at("260115120000Z")
            .timestamped_by(tsa("20260115120000Z"));
        let out = run(&build_one(before, &[]), &Env::new());
        assert_eq!(status(&out, "signature_timestamp").0, CheckStatus::Passed);
        assert_eq!(out.timestamp_time, Some(datetime!(2026-01-15 12:00 UTC)));
        let revocation = check(&out, "revocation");
        assert_eq!(
            revocation.status,
            CheckStatus::Passed,
            "{}",
            revocation.message
        );
        assert_eq!(conclude(&out.checks), (Indication::TotalPassed, None));
        // Timestamped after the revocation: no help.
        let after = revoked_signer()
            .signed_at("260301120000Z")
            .timestamped_by(tsa("20260301120000Z"));
        let out = run(&build_one(after, &[]), &Env::new());
        assert_eq!(status(&out, "signature_timestamp").0, CheckStatus::Passed);
        let (indication, sub) = conclude(&out.checks);
        assert_ne!(indication, Indication::TotalPassed);
        assert!(
            matches!(
                sub,
                Some(SubIndication::Revoked | SubIndication::RevokedNoPoe)
            ),
            "{sub:?}"
        );
    }

    #[test]
    fn signing_time_after_timestamp_is_a_finding() {
        let signer = rsa_signer()
            .signed_at("260301120000Z")
            .timestamped_by(tsa("20260201120000Z"));
        let out = run(&build_one(signer, &[]), &Env::new());
        assert!(out
            .findings
            .iter()
            .any(|f| f.code == "SIGNING_TIME_AFTER_TIMESTAMP"));
    }

    #[test]
    fn two_signers_are_both_verified() {
        let certs = [
            testdata("signer-rsa2048.der"),
            testdata("signer-revoked.der"),
            testdata("intermediate.der"),
        ];
        let refs: Vec<&[u8]> = certs.iter().map(|c| c.as_slice()).collect();
        // Two good SignerInfos: passed, and the count is named.
        let cms = build(&[rsa_signer(), rsa_signer()], &refs, &[]);
        let out = run(&cms, &Env::new());
        assert_eq!(conclude(&out.checks), (Indication::TotalPassed, None));
        assert!(out
            .findings
            .iter()
            .any(|f| f.code == "CMS_MULTIPLE_SIGNER_INFOS"));
        // The second one signs another content: the worst (HASH_FAILURE) is reported.
        let other = SignerSpec::standard(
            testdata("signer-revoked.der"),
            testdata("signer-revoked.rsa.der"),
            b"something else",
        );
        let cms = build(&[rsa_signer(), other], &refs, &[]);
        let out = run(&cms, &Env::new());
        assert_eq!(
            conclude(&out.checks),
            (Indication::TotalFailed, Some(SubIndication::HashFailure))
        );
        assert!(out.signer.as_ref().unwrap().subject.contains("Revoked"));
    }
}

/// Longer mutation run over every fixture (`cargo test --lib cms -- --ignored`).
#[test]
#[ignore]
fn mutation_soak() {
    let mut blobs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for name in [
        "rsa2048-pades-20k.pdf",
        "rsa2048-pades-bt-200k.pdf",
        "sig-no-signed-attrs.pdf",
        "sig-with-ski-sid.pdf",
        "pades-with-old-style-signing-cert-attr-issser.pdf",
        "pades-lta-dss-indirect-arrs-test.pdf",
        "ed448-shake256-nolen.pdf",
    ] {
        let sig = PdfSig::load(name);
        let parts = sig.parts().concat();
        blobs.push((sig.contents.clone(), parts));
    }
    blobs.push((testdata("ber-stream.p7s"), testdata("ber-stream.bin")));
    let env = Env::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    env.run(|ctx| {
        for round in 0..20_000 {
            let (blob, content) = &blobs[round % blobs.len()];
            let mut m = blob.clone();
            for _ in 0..1 + next() % 4 {
                let pos = (next() as usize) % m.len().max(1);
                match next() % 4 {
                    0 => m[pos] = next() as u8,
                    1 => m[pos] ^= 0x80,
                    2 => {
                        m.insert(pos, next() as u8);
                    }
                    _ => {
                        m.remove(pos);
                    }
                }
            }
            parse_for_fuzz(&m);
            let out = verify_detached(&m, &[content], ctx);
            assert!(!out.checks.is_empty());
            let out = verify_document_timestamp(&m, &[content], ctx);
            assert!(!out.checks.is_empty());
        }
    });
}

/// The warm verifier's memo of signer-certificate readings finds the same certificate, with
/// the same fields and summary, as the plain lookup: by issuer and serial, by subject key
/// identifier, and not at all for an identifier no candidate has; a second lookup is a hit.
#[test]
fn cached_signer_lookup_finds_what_the_plain_lookup_finds() {
    use super::signed_data::SignerId;
    use super::signer_cert::{find_signer_cert, find_signer_cert_cached};
    use crate::pki::cache::VerificationCache;

    let cache = VerificationCache::new(8);
    let mut by_ski = 0;
    for name in [
        "rsa2048-pades-20k.pdf",
        "sig-with-ski-sid.pdf",
        "p256-pades-200k.pdf",
        "pades-with-old-style-signing-cert-attr-issser.pdf",
    ] {
        let sig = PdfSig::load(name);
        let parsed = parse_content_info(&sig.contents, &Limits::default()).unwrap();
        let certs = &parsed.signed_data.certificates;
        for si in &parsed.signed_data.signer_infos {
            by_ski += usize::from(matches!(si.sid, SignerId::SubjectKeyId(_)));
            let plain = find_signer_cert(&si.sid, certs);
            assert!(plain.is_some(), "{name}");
            for _ in 0..2 {
                let cached = find_signer_cert_cached(&si.sid, certs, Some(&cache));
                assert_eq!(format!("{cached:?}"), format!("{plain:?}"), "{name}");
            }
        }
        for sid in [
            SignerId::IssuerSerial {
                issuer: b"\x30\x00",
                serial: b"\x01",
            },
            SignerId::SubjectKeyId(b"no such key"),
        ] {
            assert!(find_signer_cert_cached(&sid, certs, Some(&cache)).is_none());
        }
        for der in certs {
            let hit = cache.cert_reading(der, || panic!("{name}: read again"));
            assert!(hit.is_some());
        }
    }
    assert!(by_ski > 0, "no signer identified by subject key identifier");
}
