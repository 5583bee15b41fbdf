//! Seal verification tests: fixtures signed here (see `testkit`) for every outcome, and the
//! real files under testdata/cn.

use super::testkit::*;
use super::*;
use crate::report::seal_block::SignatureEncoding;
use crate::report::ModificationLevel;
use crate::verdict::{CheckStatus, Indication};
use crate::{DocumentKind, Policy, TrustStore, Verifier};

fn verify_bytes(bytes: &[u8]) -> DocumentReport {
    Verifier::new(TrustStore::new(), Policy::default()).verify(bytes, at(2026))
}

fn verify_trusting(bytes: &[u8], root: &[u8]) -> DocumentReport {
    let mut trust = TrustStore::new();
    trust.add_der(root.to_vec()).unwrap();
    Verifier::new(trust, Policy::default()).verify(bytes, at(2026))
}

fn check<'a>(sig: &'a SignatureReport, id: &str) -> &'a Check {
    sig.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {:#?}", sig.checks))
}

fn assert_status(sig: &SignatureReport, id: &str, status: CheckStatus) {
    let c = check(sig, id);
    assert_eq!(c.status, status, "{id}: {c:#?}");
}

/// The integrity and crypto checks of a genuine, unchanged seal.
fn assert_intact(sig: &SignatureReport) {
    for id in [
        "ofd_references",
        "ofd_seal_file",
        "data_hash",
        "signature_value",
        "seal_signature",
        "seal_validity",
        "signer_in_seal",
    ] {
        assert_status(sig, id, CheckStatus::Passed);
    }
}

fn testdata(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/cn/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn one_seal_ofd<'a>(
    cast: &'a Cast,
    configure: impl FnOnce(&mut SealSpec<'a>, &mut OfdSeal<'a>),
) -> Vec<u8> {
    let mut spec = SealSpec::new(4, cast, vec![&cast.signer.cert]);
    let mut seal = OfdSeal::new(Vec::new(), &cast.signer);
    configure(&mut spec, &mut seal);
    seal.seal = build_seal(&spec);
    zip(&ofd_entries(&[seal]))
}

#[test]
fn generated_v4_ofd_verifies() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, _| {}));
    assert_eq!(doc.kind, DocumentKind::Ofd);
    assert_eq!(doc.signatures.len(), 1);
    let sig = &doc.signatures[0];
    assert_intact(sig);
    assert!(sig.findings.is_empty(), "{:#?}", sig.findings);
    assert_eq!(sig.kind, SignatureKind::Seal);
    assert_eq!(sig.modifications, ModificationLevel::None);
    assert!(sig.covers_whole_document);
    assert_eq!(sig.signing_time, Some(at(2025)));
    assert_eq!(sig.sub_filter.as_deref(), Some("ses.v4"));
    assert!(sig
        .signer
        .as_ref()
        .unwrap()
        .subject
        .contains("Authorised Signer"));
    // Without anchors the only open question is the chain.
    assert_ne!(sig.indication, Indication::TotalFailed);
    let seal = sig.seal.as_ref().unwrap();
    assert_eq!(seal.name, "测试单位公章");
    assert_eq!(seal.picture.kind, "PNG");
    assert_eq!(seal.picture.width_mm, 40);
    assert_eq!(seal.signature_encoding, Some(SignatureEncoding::Der));
    assert!(doc
        .findings
        .iter()
        .all(|f| f.code != "OFD_UNPROTECTED_FILES"));
}

#[test]
fn generated_ofd_with_trusted_root_is_total_passed() {
    let cast = cast();
    let doc = verify_trusting(&one_seal_ofd(&cast, |_, _| {}), &cast.root.cert);
    let sig = &doc.signatures[0];
    assert_intact(sig);
    for id in [
        "signer_certificate_chain",
        "signer_certificate_validity",
        "maker_certificate_chain",
        "maker_certificate_validity",
    ] {
        assert_status(sig, id, CheckStatus::Passed);
    }
    assert_eq!(sig.indication, Indication::TotalPassed, "{:#?}", sig.checks);
}

#[test]
fn signer_certificate_expired_at_signing_time_fails() {
    let cast = cast();
    let short_lived = Identity {
        key: key(0x65),
        cert: certificate(
            "Short Lived",
            &key(0x65),
            "Test SM2 Root",
            &cast.root.key,
            9,
            at(2021),
            at(2023),
        ),
    };
    let seal = build_seal(&SealSpec::new(4, &cast, vec![&short_lived.cert]));
    let doc = verify_trusting(
        &zip(&ofd_entries(&[OfdSeal::new(seal, &short_lived)])),
        &cast.root.cert,
    );
    let sig = &doc.signatures[0];
    assert_status(sig, "signature_value", CheckStatus::Passed);
    assert_status(sig, "signer_certificate_validity", CheckStatus::Failed);
    assert_eq!(sig.indication, Indication::TotalFailed);
}

#[test]
fn content_changed_after_sealing_is_disallowed_modification() {
    let cast = cast();
    let mut spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    spec.name = "篡改测试章";
    let mut files = ofd_entries(&[OfdSeal::new(build_seal(&spec), &cast.signer)]);
    set_file(
        &mut files,
        "Doc_0/Pages/Page_0/Content.xml",
        CONTENT_XML
            .iter()
            .map(|&b| if b == b'3' { b'4' } else { b })
            .collect(),
    );
    let doc = verify_bytes(&zip(&files));
    let sig = &doc.signatures[0];
    let refs = check(sig, "ofd_references");
    assert_eq!(refs.status, CheckStatus::Failed);
    assert_eq!(
        refs.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert!(refs
        .evidence
        .as_deref()
        .unwrap()
        .contains("Doc_0/Pages/Page_0/Content.xml"));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.modifications, ModificationLevel::Disallowed);
    // The seal itself is still genuine: the report says what was changed, not that it is forged.
    assert_status(sig, "signature_value", CheckStatus::Passed);
    assert_status(sig, "seal_signature", CheckStatus::Passed);
}

#[test]
fn removed_file_is_disallowed() {
    let cast = cast();
    let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    let mut files = ofd_entries(&[OfdSeal::new(build_seal(&spec), &cast.signer)]);
    files.retain(|(p, _)| p != "Doc_0/Document.xml");
    let doc = verify_bytes(&zip(&files));
    let sig = &doc.signatures[0];
    assert_eq!(
        check(sig, "ofd_references").sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert!(sig.changes.iter().any(|c| c.action == "removed"));
}

#[test]
fn expired_seal_fails() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| {
        spec.valid_start = at(2021);
        spec.valid_end = at(2023);
    }));
    let sig = &doc.signatures[0];
    let c = check(sig, "seal_validity");
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(c.sub_indication, Some(SubIndication::Expired));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(sig.sub_indication, Some(SubIndication::Expired));
}

#[test]
fn seal_used_before_validity_fails() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| {
        spec.valid_start = at(2027);
        spec.valid_end = at(2030);
    }));
    assert_eq!(
        check(&doc.signatures[0], "seal_validity").sub_indication,
        Some(SubIndication::NotYetValid)
    );
}

#[test]
fn signer_not_in_seal_list_fails() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| {
        spec.signers = vec![&cast.stranger.cert];
    }));
    let sig = &doc.signatures[0];
    let c = check(sig, "signer_in_seal");
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(c.sub_indication, Some(SubIndication::SigConstraintsFailure));
    assert_ne!(sig.indication, Indication::TotalPassed);
    // Everything cryptographic is fine: the problem is authorisation.
    assert_status(sig, "signature_value", CheckStatus::Passed);
}

#[test]
fn signer_in_digest_list_passes() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| spec.digest_list = true));
    let sig = &doc.signatures[0];
    assert_intact(sig);
    assert_eq!(
        sig.seal.as_ref().unwrap().cert_list.kind,
        "certificate_digests"
    );

    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| {
        spec.digest_list = true;
        spec.signers = vec![&cast.stranger.cert];
    }));
    assert_status(&doc.signatures[0], "signer_in_seal", CheckStatus::Failed);
}

#[test]
fn wrong_data_hash_fails() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| seal.wrong_data_hash = true));
    let sig = &doc.signatures[0];
    let c = check(sig, "data_hash");
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(c.sub_indication, Some(SubIndication::HashFailure));
    assert_eq!(sig.indication, Indication::TotalFailed);
}

#[test]
fn forged_maker_signature_fails() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |spec, _| {
        spec.forge_maker_signature = true
    }));
    let sig = &doc.signatures[0];
    let c = check(sig, "seal_signature");
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(c.sub_indication, Some(SubIndication::SigCryptoFailure));
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_status(sig, "signature_value", CheckStatus::Passed);
}

#[test]
fn raw_and_der_signature_encodings_both_verify() {
    let cast = cast();
    for raw in [false, true] {
        let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| seal.raw = raw));
        let sig = &doc.signatures[0];
        assert_intact(sig);
        let expected = if raw {
            SignatureEncoding::RawRs
        } else {
            SignatureEncoding::Der
        };
        assert_eq!(
            sig.seal.as_ref().unwrap().signature_encoding,
            Some(expected)
        );
    }
}

#[test]
fn v1_and_v5_fixtures_verify() {
    let cast = cast();
    for version in [1, 5] {
        let doc = verify_bytes(&one_seal_ofd(&cast, |spec, seal| {
            spec.version = version;
            seal.version = version;
        }));
        let sig = &doc.signatures[0];
        assert_intact(sig);
        let tag = if version == 1 { "ses.v1" } else { "ses.v5" };
        assert_eq!(sig.sub_filter.as_deref(), Some(tag));
    }
}

#[test]
fn sha256_check_method_is_accepted_and_vendor_method_is_indeterminate() {
    let cast = cast();
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| {
        seal.check_method = "SHA-256"
    }));
    assert_intact(&doc.signatures[0]);

    // An unknown method name whose digests are SM3 is verified as SM3.
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| {
        seal.check_method = "1.2.3.4.5"
    }));
    let sig = &doc.signatures[0];
    assert_intact(sig);
    assert!(check(sig, "ofd_references")
        .evidence
        .as_deref()
        .unwrap_or("")
        .contains("not a standard name"));

    // A real vendor convention (nothing verifies by the standard rules, nothing is proven
    // changed) stays INDETERMINATE.
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| {
        seal.check_method = "1.2.3.4.5";
        seal.vendor = true;
    }));
    let sig = &doc.signatures[0];
    let c = check(sig, "ofd_references");
    assert_eq!(c.status, CheckStatus::Indeterminate);
    assert_eq!(
        c.sub_indication,
        Some(SubIndication::CryptoConstraintsFailure)
    );
    assert_status(sig, "data_hash", CheckStatus::Indeterminate);
    assert_eq!(sig.indication, Indication::Indeterminate);
}

#[test]
fn replaced_seal_file_fails() {
    let cast = cast();
    let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    let mut files = ofd_entries(&[OfdSeal::new(build_seal(&spec), &cast.signer)]);
    let mut other = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    other.name = "另一枚印章";
    set_file(
        &mut files,
        "Doc_0/Signs/Sign_0/Seal.esl",
        build_seal(&other),
    );
    let doc = verify_bytes(&zip(&files));
    let sig = &doc.signatures[0];
    // Seal.esl is also protected by a reference, so both checks see the swap.
    assert_status(sig, "ofd_seal_file", CheckStatus::Failed);
    assert_eq!(sig.indication, Indication::TotalFailed);
}

#[test]
fn file_added_after_sealing_is_listed() {
    let cast = cast();
    let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    let mut files = ofd_entries(&[OfdSeal::new(build_seal(&spec), &cast.signer)]);
    set_file(
        &mut files,
        "Doc_0/Pages/Page_1/Content.xml",
        CONTENT_XML.to_vec(),
    );
    let doc = verify_bytes(&zip(&files));
    let finding = doc
        .findings
        .iter()
        .find(|f| f.code == "OFD_UNPROTECTED_FILES")
        .expect("unprotected file finding");
    assert!(finding
        .evidence
        .as_deref()
        .unwrap()
        .contains("Doc_0/Pages/Page_1/Content.xml"));
    assert!(!doc.signatures[0].covers_whole_document);
}

#[test]
fn later_seal_updating_signature_list_is_allowed() {
    let cast = cast();
    let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    let first = OfdSeal::new(build_seal(&spec), &cast.signer);
    let second = OfdSeal::new(build_seal(&spec), &cast.signer);
    let doc = verify_bytes(&zip(&ofd_entries(&[first, second])));
    assert_eq!(doc.signatures.len(), 2);
    let first = &doc.signatures[0];
    assert_intact(first);
    assert_eq!(first.modifications, ModificationLevel::Allowed);
    assert!(first
        .changes
        .iter()
        .any(|c| c.allowed_by.as_deref() == Some("later_signature")));
    assert_intact(&doc.signatures[1]);
    assert_eq!(doc.signatures[1].modifications, ModificationLevel::None);
    assert_eq!(doc.signatures[1].revision, 2);
}

#[test]
fn bare_ses_signature_in_pdf_contents() {
    let cast = cast();
    let seal = build_seal(&SealSpec::new(4, &cast, vec![&cast.signer.cert]));
    let parts: [&[u8]; 2] = [b"%PDF-1.7 first part ", b" second part %%EOF"];
    let value = build_signature(&SignSpec {
        version: 4,
        seal: &seal,
        signer: &cast.signer,
        time: at(2025),
        data_hash: crypto::DigestKind::Sm3.digest(&parts),
        property_info: "",
        raw: false,
    });
    let mut contents = value.clone();
    contents.resize(value.len() + 300, 0); // /Contents is zero-padded
    let trust = TrustStore::new();
    let policy = Policy::default();
    let ctx = CmsContext {
        trust: &trust,
        intermediates: &[],
        crls: &[],
        ocsp_responses: &[],
        policy: &policy,
        validation_time: at(2026),
        file_prefix: None,
    };
    let outcome = verify_pdf_ses(&contents, &parts, &ctx).unwrap();
    let status = |id: &str| outcome.checks.iter().find(|c| c.id == id).map(|c| c.status);
    assert_eq!(status("data_hash"), Some(CheckStatus::Passed));
    assert_eq!(status("signature_value"), Some(CheckStatus::Passed));
    assert_eq!(status("seal_signature"), Some(CheckStatus::Passed));
    assert_eq!(outcome.signing_time, Some(at(2025)));
    assert!(is_ses_signature(&contents));
    assert!(!is_ses_signature(&seal));
    assert_eq!(outcome.seal.name, "测试单位公章");

    let changed: [&[u8]; 2] = [b"%PDF-1.7 first part ", b" second part changed %%EOF"];
    let outcome = verify_pdf_ses(&contents, &changed, &ctx).unwrap();
    let c = outcome.checks.iter().find(|c| c.id == "data_hash").unwrap();
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(c.sub_indication, Some(SubIndication::HashFailure));

    // Not a SES_Signature: the PDF layer goes on with CMS.
    assert!(verify_pdf_ses(b"\x30\x03\x02\x01\x01", &parts, &ctx).is_none());
}

#[test]
fn seal_pictures_are_extracted() {
    let cast = cast();
    let ofd = one_seal_ofd(&cast, |_, _| {});
    let pictures = seal_pictures(&ofd, &crate::Limits::default());
    assert_eq!(pictures.len(), 1);
    assert_eq!(pictures[0].extension, "png");
    assert!(pictures[0].data.starts_with(b"\x89PNG"));
    assert_eq!(pictures[0].location, "Doc_0/Signs/Sign_0/SignedValue.dat");
}

// ---- real files ---------------------------------------------------------------------------

#[test]
fn real_tax_invoice_verifies_except_chain() {
    let doc = verify_bytes(&testdata("ofd_999_tax_invoice.ofd"));
    assert_eq!(doc.signatures.len(), 1);
    let sig = &doc.signatures[0];
    for id in [
        "ofd_references",
        "data_hash",
        "signature_value",
        "seal_signature",
        "seal_validity",
        "signer_in_seal",
    ] {
        assert_status(sig, id, CheckStatus::Passed);
    }
    assert_eq!(sig.indication, Indication::Indeterminate);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::NoCertificateChainFound)
    );
    assert!(sig.seal.as_ref().unwrap().name.contains("国家税务总局"));
    let time = sig.signing_time.unwrap();
    assert_eq!((time.year(), time.month() as u8, time.day()), (2020, 8, 17));
}

#[test]
fn real_raw_rs_signature_verifies_but_content_was_changed() {
    let doc = verify_bytes(&testdata("ofd_keyword_rawsig.ofd"));
    let seal = doc
        .signatures
        .iter()
        .find(|s| s.sub_filter.as_deref() == Some("ses.v4"))
        .expect("the seal");
    assert_status(seal, "signature_value", CheckStatus::Passed);
    assert_eq!(
        seal.seal.as_ref().unwrap().signature_encoding,
        Some(SignatureEncoding::RawRs)
    );
    assert_eq!(
        check(seal, "ofd_references").sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    assert_eq!(seal.indication, Indication::TotalFailed);
}

#[test]
fn real_vendor_variant_is_indeterminate_not_tampered() {
    let doc = verify_bytes(&testdata("ofd_n_v1_hrss_testseal.ofd"));
    let sig = &doc.signatures[0];
    assert_eq!(sig.indication, Indication::Indeterminate);
    assert_status(sig, "ofd_references", CheckStatus::Indeterminate);
    assert_status(sig, "seal_signature", CheckStatus::Passed);
    assert_eq!(sig.sub_filter.as_deref(), Some("ses.v1"));
    assert!(sig
        .checks
        .iter()
        .all(|c| c.sub_indication != Some(SubIndication::HashFailure)));
}

#[test]
fn real_two_seals_second_updates_list() {
    let doc = verify_bytes(&testdata("ofd_h_two_seals.ofd"));
    assert_eq!(doc.signatures.len(), 2);
    assert_eq!(doc.signatures[0].modifications, ModificationLevel::Allowed);
    for sig in &doc.signatures {
        assert_status(sig, "ofd_references", CheckStatus::Passed);
        assert_status(sig, "signature_value", CheckStatus::Passed);
    }
}

#[test]
fn real_seal_used_after_expiry_is_expired() {
    let doc = verify_bytes(&testdata("ofd_SESV4SignDoc.ofd"));
    let sig = &doc.signatures[0];
    assert_status(sig, "signature_value", CheckStatus::Passed);
    assert_status(sig, "seal_signature", CheckStatus::Passed);
    assert_eq!(
        check(sig, "seal_validity").sub_indication,
        Some(SubIndication::Expired)
    );
}

#[test]
fn real_seal_files() {
    let v1 = verify_bytes(&testdata("gm_UserV1.esl"));
    assert_eq!(v1.kind, DocumentKind::Ofd);
    assert!(v1.findings.iter().any(|f| f.code == "SES_STANDALONE"));
    assert_status(&v1.signatures[0], "seal_signature", CheckStatus::Passed);
    assert_eq!(v1.signatures[0].sub_filter.as_deref(), Some("ses.v1.seal"));

    let v5 = verify_bytes(&testdata("gm_UserV5_ts.esl"));
    let sig = &v5.signatures[0];
    assert_status(sig, "seal_signature", CheckStatus::Passed);
    assert!(sig.seal.as_ref().unwrap().has_seal_timestamp);
    // The dummy timestamp proves nothing, but does not fail the seal.
    assert_status(sig, "seal_timestamp", CheckStatus::Indeterminate);

    let bad = verify_bytes(&testdata("sign_SESealData.DER"));
    let c = check(&bad.signatures[0], "seal_signature");
    assert_eq!(c.sub_indication, Some(SubIndication::SigCryptoFailure));
}

#[test]
fn real_bare_signature_value_needs_its_data() {
    let doc = verify_bytes(&testdata("gm_SignedValueV4.dat"));
    let sig = &doc.signatures[0];
    assert_status(sig, "signature_value", CheckStatus::Passed);
    let c = check(sig, "data_hash");
    assert_eq!(c.sub_indication, Some(SubIndication::SignedDataNotFound));
}

// ---- hostile input ----------------------------------------------------------------------

#[test]
fn truncated_and_mutated_ses_never_panic() {
    let bytes = testdata("gm_SignedValueV4.dat");
    for cut in (0..bytes.len()).step_by(97) {
        fuzz_parse_ses(&bytes[..cut]);
    }
    let mut mutated = bytes.clone();
    for i in (0..mutated.len()).step_by(61) {
        mutated[i] ^= 0x5A;
        fuzz_parse_ses(&mutated);
    }
    assert!(ses::parse_signature(&bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn truncated_and_mutated_ofd_never_panic() {
    let cast = cast();
    let ofd = one_seal_ofd(&cast, |_, _| {});
    for cut in (0..ofd.len()).step_by(211) {
        fuzz_read_ofd(&ofd[..cut]);
    }
    let mut mutated = ofd.clone();
    for i in (0..mutated.len()).step_by(173) {
        mutated[i] ^= 0xA5;
        fuzz_read_ofd(&mutated);
    }
}

#[test]
fn zip_bomb_is_refused_with_a_finding() {
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let mut files = vec![("OFD.xml".to_string(), OFD_XML.to_vec())];
    files.push(("Doc_0/bomb.bin".into(), zeros));
    let doc = verify_bytes(&zip(&files));
    assert!(doc.signatures.is_empty());
    assert!(
        doc.findings.iter().any(|f| f.code == "LIMIT_ZIP_RATIO"),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn unsigned_ofd_has_no_signatures() {
    let files = vec![("OFD.xml".to_string(), b"<ofd:OFD xmlns:ofd=\"x\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>".to_vec())];
    let doc = verify_bytes(&zip(&files));
    assert_eq!(doc.kind, DocumentKind::Ofd);
    assert!(doc.signatures.is_empty());
    assert!(doc.findings.is_empty());
}

#[test]
fn signature_listed_twice_is_verified_once() {
    let cast = cast();
    let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
    let mut files = ofd_entries(&[OfdSeal::new(build_seal(&spec), &cast.signer)]);
    let list = r#"<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/><ofd:Signature ID="2" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"#;
    set_file(
        &mut files,
        "Doc_0/Signs/Signatures.xml",
        list.as_bytes().to_vec(),
    );
    let doc = verify_bytes(&zip(&files));
    assert_eq!(doc.signatures.len(), 1);
    assert!(doc
        .findings
        .iter()
        .any(|f| f.code == "OFD_DUPLICATE_SIGNATURE"));
    // Signatures.xml was rewritten after signing and no later signature explains it.
    assert_eq!(
        doc.signatures[0].modifications,
        ModificationLevel::Disallowed
    );
}

#[test]
fn signing_times_that_disagree_are_noted() {
    let cast = cast();
    // Signature.xml says 2025-06-01; the seal signature says 2024-01-01.
    let doc = verify_bytes(&one_seal_ofd(&cast, |_, seal| {
        seal.time = at(2024);
        seal.declared_time = Some("2025-06-01 10:00:00".into());
    }));
    let sig = &doc.signatures[0];
    assert_intact(sig);
    assert!(sig
        .findings
        .iter()
        .any(|f| f.code == "SIGNATURE_TIME_MISMATCH"));
    // The signed time inside the SES is the one reported.
    assert_eq!(sig.signing_time, Some(at(2024)));
}
