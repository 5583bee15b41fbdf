//! Tests of the registry, identities and e-licences on the test issuing authority
//! (`testdata/license/`, made by [`super::testkit`]).

use time::macros::datetime;
use time::OffsetDateTime;

use super::testkit::{self, COUNTY_PSB_USCC, HOLDER_ID, PSB_USCC};
use super::*;
use crate::catalog::{parse_catalog, ApplicantType, Catalog};
use crate::license::document::{LicenseReport, LicenseStatus};
use crate::review::{decide, facts, Applicant, Decision, MaterialStatus, Review, Upload};
use crate::verdict::CheckStatus;
use crate::{Policy, TrustStore, Verifier};

const AT: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);

fn path(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn file(p: &str) -> Vec<u8> {
    std::fs::read(path(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn example_registry() -> IssuerRegistry {
    IssuerRegistry::load(std::path::Path::new(&path("data/issuers.example.toml"))).unwrap()
}

fn verifier(registry: Option<IssuerRegistry>) -> Verifier {
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new(&path("testdata/license/pki/root.pem")))
        .unwrap();
    let v = Verifier::new(trust, Policy::default())
        .with_crls(vec![file("testdata/license/pki/root.crl")]);
    match registry {
        Some(r) => v.with_issuers(r),
        None => v,
    }
}

fn license_of(name: &str) -> LicenseReport {
    let report =
        verifier(Some(example_registry())).verify(&file(&format!("testdata/license/{name}")), AT);
    report
        .license
        .unwrap_or_else(|| panic!("{name}: no licence recognised"))
}

/// Codes of the checks that did not pass.
fn failing(license: &LicenseReport) -> Vec<(&str, CheckStatus)> {
    license
        .checks
        .iter()
        .filter(|c| c.status != CheckStatus::Passed)
        .map(|c| (c.code.as_deref().unwrap_or(""), c.status))
        .collect()
}

fn test_catalog() -> Catalog {
    let text = String::from_utf8(file("testdata/review/test_catalog.toml")).unwrap();
    parse_catalog("test_catalog.toml", &text).unwrap()
}

fn applicant(id: &str) -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "张三".into(),
        identifier: Some(id.into()),
    }
}

/// Reviews one upload of `testdata/license/{name}` for `material` of `item`.
fn review(item: &str, material: &str, name: &str, qr: &[&str]) -> Review {
    let catalog = test_catalog();
    let item = catalog.item(item).unwrap();
    let v = verifier(Some(example_registry()));
    let upload = Upload {
        material: Some(material.into()),
        file_name: name.into(),
        bytes: file(&format!("testdata/license/{name}")),
    };
    let facts = facts::gather(0, &upload, &v, None, AT).with_qr(qr);
    decide(item, &applicant(HOLDER_ID), vec![facts], AT)
}

fn notice_codes(r: &Review) -> Vec<&str> {
    r.notice.iter().map(|n| n.code.as_str()).collect()
}

fn id_card(name: &str) -> Review {
    review("license-submission", "id_card", name, &[])
}

// ---- registry ---------------------------------------------------------------------------------

#[test]
fn example_registry_loads() {
    let r = example_registry();
    assert_eq!(r.issuers.len(), 4);
    let psb = r.by_uscc(PSB_USCC).unwrap();
    assert_eq!(psb.category, "public_security");
    assert_eq!(psb.spki_sha256.len(), 3);
    assert_eq!(r.seal_makers.len(), 1);
}

#[test]
fn registry_errors_are_all_reported() {
    let text = r#"
schema = "sealcheck-issuers/1"
colour = "blue"

[[issuers]]
name = "某某市公安局"
uscc = "11440300MB0000027A"
category = "Public Security"
spki_sha256 = ["abc"]

[[issuers]]
name = "甲"
uscc = "11440300MB0000035E"
category = "civil_affairs"
spki_sha256 = ["aa:AA:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa:aa"]

[[issuers]]
name = "乙"
uscc = "12440300MB00000436"
category = "social_insurance"
spki_sha256 = ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]

[[issuers]]
name = "丙"
uscc = "12440300MB00000436"
category = "social_insurance"
"#;
    let e = IssuerRegistry::from_toml_str(text).unwrap_err();
    let all = e.problems.join("\n");
    for part in [
        "unknown field colour",
        "issuers[0].uscc",
        "issuers[0].category",
        "issuers[0].spki_sha256: \"abc\"",
        "is listed for 11440300MB0000035E and 12440300MB00000436",
        "issuers[3]: lists no spki_sha256",
    ] {
        assert!(all.contains(part), "{part} not in:\n{all}");
    }
    assert!(IssuerRegistry::from_toml_str("schema = \"other/1\"").is_err());
    assert!(IssuerRegistry::from_toml_str("not toml [").is_err());
    // An empty registry is valid (and identifies nobody).
    let empty = IssuerRegistry::from_toml_str("schema = \"sealcheck-issuers/1\"").unwrap();
    assert!(empty.is_empty());
}

#[test]
fn merging_registries_catches_conflicts() {
    let mut a = example_registry();
    let b = IssuerRegistry::from_toml_str(&format!(
        r#"schema = "sealcheck-issuers/1"
[[issuers]]
name = "冒名"
uscc = "{COUNTY_PSB_USCC}"
category = "public_security"
spki_sha256 = ["{}"]
"#,
        a.issuers[1].spki_sha256[0]
    ))
    .unwrap();
    assert!(a.merge(b).is_err());
}

// ---- identities -------------------------------------------------------------------------------

fn cert(p: &str) -> Vec<u8> {
    let bytes = file(&format!("testdata/license/pki/{p}"));
    let (_, pem) = x509_parser::pem::parse_x509_pem(&bytes).unwrap();
    pem.contents
}

#[test]
fn identities_of_the_test_certificates() {
    let id = |p: &str| identity::of_certificate(&cert(p)).unwrap();
    // organizationIdentifier "NTRCN-…", serialNumber, CFCA-style CN "041@N…@name@1".
    assert_eq!(id("psb-sm2.pem").uscc.as_deref(), Some(PSB_USCC));
    assert_eq!(id("psb-rsa2048.pem").uscc.as_deref(), Some(PSB_USCC));
    assert_eq!(id("county-psb.pem").uscc.as_deref(), Some(COUNTY_PSB_USCC));
    // OU
    assert_eq!(
        id("civil-affairs.pem").uscc.as_deref(),
        Some(testkit::CIVIL_USCC)
    );
    // Same bureau, two keys: two identities.
    assert_ne!(
        id("psb-sm2.pem").spki_sha256,
        id("psb-rsa2048.pem").spki_sha256
    );
    // What openssl prints for the same key (docs/issuers.md): SHA-256 of the DER SPKI.
    let der = cert("psb-sm2.pem");
    let (_, parsed) = x509_parser::parse_x509_certificate(&der).unwrap();
    assert_eq!(
        id("psb-sm2.pem").spki_sha256,
        identity::spki_sha256(parsed.tbs_certificate.subject_pki.raw)
    );
}

// ---- attacks on "who issued it" ---------------------------------------------------------------

#[test]
fn a_police_technology_company_is_not_a_public_security_bureau() {
    let report = verifier(Some(example_registry()))
        .verify(&file("testdata/license/police-tech-company.pdf"), AT);
    let sig = &report.signatures[0];
    assert_eq!(sig.indication, crate::Indication::TotalPassed);
    assert!(sig
        .signer
        .as_ref()
        .unwrap()
        .subject
        .contains("深圳市公安科技有限公司"));
    assert_eq!(sig.issuer, None);
    let r = id_card("police-tech-company.pdf");
    assert_ne!(r.materials[0].status, MaterialStatus::Satisfied);
    assert_ne!(r.decision, Decision::Accept);
    // Its certificate names another body than the licence's issuer: provably not the issuer.
    assert_eq!(notice_codes(&r), vec!["LICENSE_ISSUER_MISMATCH"]);
}

#[test]
fn the_right_o_on_someone_elses_key_is_not_the_bureau() {
    let report = verifier(Some(example_registry()))
        .verify(&file("testdata/license/mallory-right-o.pdf"), AT);
    let sig = &report.signatures[0];
    assert_eq!(sig.indication, crate::Indication::TotalPassed);
    assert!(sig
        .signer
        .as_ref()
        .unwrap()
        .subject
        .contains("O=测试市公安局"));
    assert_eq!(sig.issuer, None);
    let r = id_card("mallory-right-o.pdf");
    assert_eq!(r.materials[0].status, MaterialStatus::Indeterminate);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty(), "{:?}", r.notice);
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.en.contains("not in the issuer registry")));
}

#[test]
fn an_insurance_agency_is_not_social_insurance() {
    let r = review(
        "contribution-proof",
        "contribution_record",
        "contribution-proof-agency.pdf",
        &[],
    );
    assert_eq!(r.materials[0].status, MaterialStatus::Indeterminate);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty());
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.zh.contains("成都某某社会保险代理有限公司")
            && x.zh.contains("不在发证机构名录中")));
    // The registered agency's record is accepted.
    let r = review(
        "contribution-proof",
        "contribution_record",
        "contribution-proof-agency-office.pdf",
        &[],
    );
    assert_eq!(r.decision, Decision::Accept, "{:?}", r.review_reasons);
}

// ---- licences: verification -------------------------------------------------------------------

#[test]
fn genuine_licences_in_ofd_and_pdf() {
    for name in ["genuine.ofd", "genuine-rsa.pdf", "genuine-sm2.pdf"] {
        let l = license_of(name);
        assert_eq!(l.status, LicenseStatus::Valid, "{name}: {:?}", failing(&l));
        assert_eq!(l.fields.holder.as_deref(), Some("张三"));
        assert_eq!(l.fields.holder_code.as_deref(), Some(HOLDER_ID));
        assert_eq!(l.fields.issuer_code.as_deref(), Some(PSB_USCC));
        assert_eq!(l.fields.valid_until.as_deref(), Some("2035-03-01"));
        assert_eq!(l.license_type.as_deref(), Some("居民身份证"));
        assert_eq!(l.issuer_registry.as_ref().unwrap().uscc, PSB_USCC);
        assert!(l.uncovered.is_empty());
        assert!(l.covered_by.is_some());
    }
    assert_eq!(license_of("genuine.ofd").source, "ofd_custom_data");
    assert_eq!(license_of("genuine-rsa.pdf").source, "pdf_info");
}

#[test]
fn licence_cases_have_exact_outcomes() {
    use CheckStatus::{Failed, Indeterminate};
    type Case<'a> = (&'a str, LicenseStatus, Vec<(&'a str, CheckStatus)>);
    let cases: [Case; 8] = [
        (
            "expired.ofd",
            LicenseStatus::Invalid,
            vec![("LICENSE_EXPIRED", Failed)],
        ),
        ("other-holder.ofd", LicenseStatus::Valid, vec![]),
        (
            "wrong-check-character.ofd",
            LicenseStatus::Invalid,
            vec![("LICENSE_ID_CHECK_CHARACTER", Failed)],
        ),
        (
            "identifier-issuer-mismatch.ofd",
            LicenseStatus::Invalid,
            vec![("LICENSE_ISSUER_MISMATCH", Failed)],
        ),
        (
            "issuer-not-registered.ofd",
            LicenseStatus::Indeterminate,
            vec![("LICENSE_ISSUER_UNKNOWN", Indeterminate)],
        ),
        (
            "unprotected-metadata.ofd",
            LicenseStatus::Invalid,
            vec![("LICENSE_METADATA_NOT_COVERED", Failed)],
        ),
        ("wrong-type.ofd", LicenseStatus::Valid, vec![]),
        (
            "revoked-signer.ofd",
            LicenseStatus::Invalid,
            vec![("LICENSE_SIGNATURE_FAILED", Failed)],
        ),
    ];
    for (name, status, fails) in cases {
        let l = license_of(name);
        assert_eq!(failing(&l), fails, "{name}");
        assert_eq!(l.status, status, "{name}");
    }
}

#[test]
fn uncovered_metadata_is_shown_and_not_used() {
    // OFD: OFD.xml is outside the seal's References and was rewritten after sealing.
    let l = license_of("unprotected-metadata.ofd");
    assert_eq!(l.covered_by, None);
    assert_eq!(l.fields, Default::default());
    let holder = l.uncovered.iter().find(|u| u.field == "holder").unwrap();
    assert_eq!(
        (holder.value.as_str(), holder.part.as_str()),
        ("王五", "OFD.xml")
    );
    // PDF: a later revision replaced the information dictionary; the signed one counts.
    let l = license_of("info-changed-after-signing.pdf");
    assert_eq!(l.fields.holder.as_deref(), Some("张三"));
    assert_eq!(l.fields.holder_code.as_deref(), Some(HOLDER_ID));
    let changed: Vec<(&str, &str)> = l
        .uncovered
        .iter()
        .map(|u| (u.field.as_str(), u.value.as_str()))
        .collect();
    assert_eq!(
        changed,
        vec![("holder", "王五"), ("holder_code", "440304199201017891")]
    );
    assert_eq!(
        failing(&l),
        vec![("LICENSE_METADATA_UNPROTECTED", CheckStatus::Indeterminate)]
    );
}

#[test]
fn without_a_registry_the_issuer_cannot_be_confirmed() {
    let report = verifier(None).verify(&file("testdata/license/genuine.ofd"), AT);
    assert_eq!(report.signatures[0].issuer, None);
    let l = report.license.unwrap();
    assert_eq!(l.status, LicenseStatus::Indeterminate);
    assert_eq!(
        failing(&l),
        vec![("LICENSE_ISSUER_UNKNOWN", CheckStatus::Indeterminate)]
    );
}

#[test]
fn seals_are_matched_by_seal_id_with_a_listed_maker() {
    let maker = identity::of_certificate(&cert("seal-maker.pem"))
        .unwrap()
        .spki_sha256;
    let by_seal = |makers: &str| {
        IssuerRegistry::from_toml_str(&format!(
            r#"schema = "sealcheck-issuers/1"
seal_makers = [{makers}]
[[issuers]]
name = "测试市公安局"
uscc = "{PSB_USCC}"
category = "public_security"
seal_ids = ["{}"]
"#,
            testkit::PSB_SEAL_ID
        ))
        .unwrap()
    };
    let genuine = file("testdata/license/genuine.ofd");
    let report = verifier(Some(by_seal(&format!("\"{maker}\"")))).verify(&genuine, AT);
    let m = report.signatures[0].issuer.clone().unwrap();
    assert_eq!((m.uscc.as_str(), m.matched_by), (PSB_USCC, MatchedBy::Seal));
    // The same esID from a maker the office does not list identifies nobody.
    let report = verifier(Some(by_seal(""))).verify(&genuine, AT);
    assert_eq!(report.signatures[0].issuer, None);
}

#[test]
fn certificate_uscc_contradicting_the_entry_matches_nothing() {
    // The county bureau's key listed under the city bureau's code.
    let county_key = identity::of_certificate(&cert("county-psb.pem"))
        .unwrap()
        .spki_sha256;
    let registry = IssuerRegistry::from_toml_str(&format!(
        r#"schema = "sealcheck-issuers/1"
[[issuers]]
name = "测试市公安局"
uscc = "{PSB_USCC}"
category = "public_security"
spki_sha256 = ["{county_key}"]
"#
    ))
    .unwrap();
    let report =
        verifier(Some(registry)).verify(&file("testdata/license/issuer-not-registered.ofd"), AT);
    assert_eq!(report.signatures[0].issuer, None);
    // Opting in to certificate USCCs ties the county bureau by its code alone.
    let registry = IssuerRegistry::from_toml_str(&format!(
        r#"schema = "sealcheck-issuers/1"
[[issuers]]
name = "测试市某某县公安局"
uscc = "{COUNTY_PSB_USCC}"
category = "public_security"
match_certificate_uscc = true
"#
    ))
    .unwrap();
    let report =
        verifier(Some(registry)).verify(&file("testdata/license/issuer-not-registered.ofd"), AT);
    assert_eq!(
        report.signatures[0].issuer.as_ref().map(|m| m.matched_by),
        Some(MatchedBy::CertificateUscc)
    );
    assert_eq!(report.license.unwrap().status, LicenseStatus::Valid);
}

// ---- licences: review -------------------------------------------------------------------------

#[test]
fn review_of_each_licence_case() {
    let cases: [(&str, Decision, Vec<&str>); 12] = [
        ("genuine.ofd", Decision::Accept, vec![]),
        ("genuine-rsa.pdf", Decision::Accept, vec![]),
        ("genuine-sm2.pdf", Decision::Accept, vec![]),
        (
            "expired.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_EXPIRED"],
        ),
        (
            "other-holder.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_HOLDER_MISMATCH"],
        ),
        (
            "wrong-check-character.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_ID_CHECK_CHARACTER"],
        ),
        (
            "identifier-issuer-mismatch.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_ISSUER_MISMATCH"],
        ),
        // The registry's gap is for staff, never returned to the citizen.
        ("issuer-not-registered.ofd", Decision::ManualReview, vec![]),
        (
            "unprotected-metadata.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_METADATA_NOT_COVERED"],
        ),
        (
            "wrong-type.ofd",
            Decision::ReturnForCorrection,
            vec!["LICENSE_TYPE_MISMATCH"],
        ),
        (
            "revoked-signer.ofd",
            Decision::ReturnForCorrection,
            vec!["CERTIFICATE_REVOKED"],
        ),
        (
            "info-changed-after-signing.pdf",
            Decision::ManualReview,
            vec![],
        ),
    ];
    for (name, decision, codes) in cases {
        let r = id_card(name);
        assert_eq!(
            r.decision, decision,
            "{name}: {:?} {:?}",
            r.notice, r.review_reasons
        );
        assert_eq!(notice_codes(&r), codes, "{name}");
    }
    let r = id_card("issuer-not-registered.ofd");
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.zh.contains("不在发证机构名录中")));
    let r = id_card("info-changed-after-signing.pdf");
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.en.contains("outside the protected parts")));
}

#[test]
fn qr_payload_must_carry_the_identifier() {
    let id = license_of("genuine.ofd").fields.identifier.unwrap();
    let r = review(
        "license-submission",
        "id_card",
        "genuine.ofd",
        &[&format!("https://zz.example.gov.cn/v?id={id}")],
    );
    assert_eq!(r.decision, Decision::Accept, "{:?}", r.notice);
    let other = license_of("other-holder.ofd").fields.identifier.unwrap();
    let r = review("license-submission", "id_card", "genuine.ofd", &[&other]);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(notice_codes(&r), vec!["LICENSE_QR_MISMATCH"]);
    let r = review(
        "license-submission",
        "id_card",
        "genuine.ofd",
        &["not an identifier"],
    );
    assert_eq!(r.decision, Decision::ManualReview);
}

#[test]
fn the_licence_object_in_json() {
    let report =
        verifier(Some(example_registry())).verify(&file("testdata/license/genuine.ofd"), AT);
    let json = serde_json::to_value(&report).unwrap();
    let l = &json["license"];
    assert_eq!(l["status"], "valid");
    assert_eq!(l["fields"]["holder"], "张三");
    assert_eq!(l["fields"]["valid_until"], "2035-03-01");
    assert_eq!(l["license_type"], "居民身份证");
    assert_eq!(l["issuer_registry"]["category"], "public_security");
    assert_eq!(json["signatures"][0]["issuer"]["matched_by"], "key");
    assert_eq!(json["signatures"][0]["signer"]["uscc"], PSB_USCC);
    assert_eq!(
        json["signatures"][0]["signer"]["spki_sha256"]
            .as_str()
            .map(str::len),
        Some(64)
    );
    // A document that is no licence has no licence object.
    let plain = verifier(None).verify(&file("testdata/license/contribution-proof-agency.pdf"), AT);
    assert!(plain.license.is_none());
    assert!(serde_json::to_value(&plain)
        .unwrap()
        .get("license")
        .is_none());
}

#[test]
fn fixtures_are_what_the_generator_makes() {
    // The committed files come from testkit::cases (SM2 and RSA signing are deterministic).
    let a = testkit::authority();
    for (name, bytes) in testkit::cases(&a) {
        let committed = file(&format!("testdata/license/{name}"));
        assert!(
            committed == bytes,
            "{name} differs from the generator's output"
        );
    }
}

#[test]
fn truncated_and_flipped_licences_never_panic() {
    let registry = std::fs::read_to_string(path("data/issuers.example.toml")).unwrap();
    for name in [
        "genuine.ofd",
        "genuine-rsa.pdf",
        "info-changed-after-signing.pdf",
    ] {
        let bytes = file(&format!("testdata/license/{name}"));
        for i in 1..8 {
            let cut = bytes.len() * i / 8;
            crate::fuzzing::license(&bytes[..cut], &registry);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5A;
            crate::fuzzing::license(&flipped, &registry);
        }
    }
    for p in ["psb-sm2.pem", "county-psb.pem"] {
        let der = cert(p);
        for cut in [0, 10, der.len() / 2, der.len() - 1] {
            crate::fuzzing::issuers(&der[..cut]);
        }
    }
    crate::fuzzing::issuers(registry.as_bytes());
}
