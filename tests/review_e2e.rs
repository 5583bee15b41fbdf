//! Pre-review on real files: signed PDFs from testdata/pdf verified by the crate's PDF
//! verifier against the test PKI, Chinese forms from testdata/review.

use sealcheck::catalog::{builtin, parse_catalog, ApplicantType, Catalog};
use sealcheck::review::{
    Applicant, Application, Decision, MaterialStatus, Review, Reviewer, Upload,
};
use sealcheck::{Indication, Policy, SubIndication, TrustStore, Verifier};
use time::macros::datetime;
use time::OffsetDateTime;

const AT: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);

fn file(path: &str) -> Vec<u8> {
    let full = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn reviewer(catalog: Catalog) -> Reviewer {
    let mut trust = TrustStore::new();
    trust
        .load_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/pdf/pki/root.pem"
        )))
        .unwrap();
    let registry = sealcheck::issuers::IssuerRegistry::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/issuers.example.toml"
    )))
    .unwrap();
    let verifier = Verifier::new(trust, Policy::default())
        .with_crls(vec![
            file("pdf/pki/intermediate.crl"),
            file("pdf/pki/root.crl"),
        ])
        .with_issuers(registry);
    Reviewer::new(verifier, catalog)
}

fn test_catalog() -> Catalog {
    let text = String::from_utf8(file("review/test_catalog.toml")).unwrap();
    parse_catalog("test_catalog.toml", &text).unwrap()
}

fn person(id: &str) -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some(id.into()),
    }
}

fn upload(material: Option<&str>, path: &str) -> Upload {
    Upload {
        material: material.map(str::to_string),
        file_name: path.rsplit('/').next().unwrap().to_string(),
        bytes: file(path),
    }
}

fn notice_codes(r: &Review) -> Vec<(Option<&str>, &str)> {
    r.notice
        .iter()
        .map(|n| (n.material.as_deref(), n.code.as_str()))
        .collect()
}

/// The acceptance scenario of issue 5: two missing materials, one tampered PDF and a wrong ID
/// check digit give return_for_correction with exactly those four defects in one notice.
#[test]
fn two_missing_one_tampered_and_a_wrong_check_digit_make_one_notice_of_four() {
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "insurance-transfer".into(),
        applicant: person("321083197812162118"),
        uploads: vec![upload(
            Some("contribution_certificate"),
            "pdf/tampered-byteflip-200k.pdf",
        )],
    };
    let r = reviewer(builtin::catalog().unwrap())
        .review(&app, AT)
        .unwrap();
    // The verifier itself found the tampering.
    let sig = &r.documents[0].signatures[0];
    assert_eq!(
        (sig.indication, sig.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(
        notice_codes(&r),
        vec![
            (None, "ID_CHECK_DIGIT"),
            (Some("transfer_application"), "MISSING"),
            (Some("id_card"), "MISSING"),
            (Some("contribution_certificate"), "TAMPERED"),
        ]
    );
    assert_eq!(
        r.notice[3].zh,
        "《基本养老保险参保缴费凭证》文件“tampered-byteflip-200k.pdf”在签名（盖章）后被修改，与签署时的文件不一致。请上传签署（盖章）后未经任何修改的原始文件。"
    );
    assert_eq!(r.risk, sealcheck::catalog::Risk::High);
}

#[test]
fn valid_signed_pdf_is_recognised_by_its_signer_and_accepted() {
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "signed-statement".into(),
        applicant: person("321083197812162119"),
        uploads: vec![upload(None, "pdf/rsa2048-pades-20k.pdf")],
    };
    let r = reviewer(test_catalog()).review(&app, AT).unwrap();
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    let statement = &r.materials[0];
    assert_eq!(statement.status, MaterialStatus::Satisfied);
    assert_eq!(statement.uploads[0].matched_by, "content");
    assert!(
        statement.uploads[0]
            .evidence
            .iter()
            .any(|e| e == "signer:PDF Sig Test Corpus (测试签发单位)"),
        "{:?}",
        statement.uploads[0].evidence
    );
    assert!(r.notice.is_empty());
}

#[test]
fn real_verdicts_drive_each_decision() {
    let cases = [
        ("pdf/p256-pades-200k.pdf", Decision::Accept, None),
        (
            "pdf/tampered-byteflip-200k.pdf",
            Decision::ReturnForCorrection,
            Some("TAMPERED"),
        ),
        (
            "pdf/tampered-sigvalue-200k.pdf",
            Decision::ReturnForCorrection,
            Some("SIGNATURE_INVALID"),
        ),
        (
            "pdf/modified-content-after-signing-200k.pdf",
            Decision::ReturnForCorrection,
            Some("TAMPERED"),
        ),
        (
            "pdf/selfsigned-untrusted-200k.pdf",
            Decision::ManualReview,
            None,
        ),
        ("pdf/expired-signer-200k.pdf", Decision::ManualReview, None),
    ];
    let reviewer = reviewer(test_catalog());
    for (path, decision, code) in cases {
        let app = Application {
            persons: Vec::new(),
            fields: Default::default(),
            item: "signed-statement".into(),
            applicant: person("321083197812162119"),
            uploads: vec![upload(Some("statement"), path)],
        };
        let r = reviewer.review(&app, AT).unwrap();
        let sig = &r.documents[0].signatures[0];
        assert_eq!(
            r.decision, decision,
            "{path}: {:?} {:?} {:#?}",
            sig.indication, sig.sub_indication, r.notice
        );
        assert_eq!(r.notice.first().map(|n| n.code.as_str()), code, "{path}");
    }
}

#[test]
fn unsigned_chinese_form_is_matched_by_text_and_reported_as_unsigned() {
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "unit-registration".into(),
        applicant: Applicant {
            kind: ApplicantType::Unit,
            name: "上海示例科技有限公司".into(),
            identifier: Some("91310110666007217T".into()),
        },
        uploads: vec![upload(None, "review/unit_registration_form.pdf")],
    };
    let r = reviewer(builtin::catalog().unwrap())
        .review(&app, AT)
        .unwrap();
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(
        notice_codes(&r),
        vec![
            (Some("registration_form"), "WRONG_FORM"),
            (Some("business_license"), "MISSING"),
            (Some("legal_rep_id"), "MISSING"),
            // Deferrable: listed with the date it is due.
            (Some("bank_account"), "DEFERRED"),
        ]
    );
    assert_eq!(r.materials[0].uploads[0].matched_by, "content");
}

#[test]
fn identifiers_in_a_real_text_layer_are_checked() {
    let reviewer = reviewer(test_catalog());
    let app = |path: &str| Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "signed-statement".into(),
        applicant: person("321083197812162119"),
        uploads: vec![
            upload(Some("statement"), "pdf/rsa2048-pades-20k.pdf"),
            upload(None, path),
        ],
    };
    // The certificate prints 321083197812162118: wrong check digit.
    let r = reviewer
        .review(&app("review/termination_bad_id.pdf"), AT)
        .unwrap();
    assert_eq!(
        notice_codes(&r),
        vec![(Some("employment_certificate"), "BAD_IDENTIFIER")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("公民身份号码321083********2118校验未通过"),
        "{}",
        r.notice[0].zh
    );
    // An optional material that failed: a person looks, nothing blocks.
    assert_eq!(r.decision, Decision::ManualReview);
    // The same certificate with the applicant's correct number passes.
    let r = reviewer
        .review(&app("review/unemployment_termination.pdf"), AT)
        .unwrap();
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    assert_eq!(r.materials[2].uploads[0].matched_by, "content");
    // And it must be the applicant's: another person's valid number is a mismatch.
    let other = Application {
        persons: Vec::new(),
        fields: Default::default(),
        applicant: person("33010219200403064X"),
        ..app("review/unemployment_termination.pdf")
    };
    let r = reviewer.review(&other, AT).unwrap();
    assert_eq!(
        notice_codes(&r),
        vec![(Some("employment_certificate"), "HOLDER_MISMATCH")]
    );
}

#[test]
fn ofd_e_invoice_is_recognised_by_its_seal_and_tampering_is_caught() {
    let reviewer = reviewer(test_catalog());
    let app = |material: Option<&str>, path: &str| Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "invoice-submission".into(),
        applicant: person("321083197812162119"),
        uploads: vec![upload(material, path)],
    };
    // A real tax e-invoice. Its seal is named "…税务局…", but a name identifies nobody: its
    // sealer is not in the issuer registry, so without a material code nothing recognises it,
    // and with one a person must confirm the issuer (its chain does not reach a trust anchor
    // of this test either).
    let r = reviewer
        .review(&app(None, "cn/ofd_999_tax_invoice.ofd"), AT)
        .unwrap();
    assert_eq!(r.unmatched_uploads.len(), 1);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    let r = reviewer
        .review(&app(Some("tax_invoice"), "cn/ofd_999_tax_invoice.ofd"), AT)
        .unwrap();
    let invoice = &r.materials[0];
    assert_eq!(invoice.status, MaterialStatus::Indeterminate);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty(), "{:?}", r.notice);
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.en.contains("not in the issuer registry")),
        "{:?}",
        r.review_reasons
    );
    // An OFD changed after sealing.
    let r = reviewer
        .review(&app(Some("tax_invoice"), "cn/ofd_keyword_rawsig.ofd"), AT)
        .unwrap();
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(notice_codes(&r), vec![(Some("tax_invoice"), "TAMPERED")]);
}

// ---- binding scenarios (issue 12) ------------------------------------------------------------
//
// Items of testdata/review/binding_catalog.toml, files made by
// testdata/review/make_binding_fixtures.py (signed by the test PKI rooted in testdata/review/bind-root.pem) and
// the test e-licence ID cards of testdata/license. Every scenario asserts the decision and the
// exact set of materials in the notice, and every notice is checked against the notice rules:
// no full ID number, English text without Chinese, no internal material codes in the text.

const BAT: OffsetDateTime = datetime!(2026-12-10 00:00 UTC);
/// 张三, holder of testdata/license/genuine-rsa.pdf.
const APPLICANT_ID: &str = "44030419900307123X";
/// 李四.
const OTHER_ID: &str = "440304198506124562";
const DECEASED_ID: &str = "44030419480509203X";
const WORKER_ID: &str = "440304198802143012";
const EMPLOYER_A: &str = "91440300MA5F000181";
const EMPLOYER_B: &str = "91440300MA5F00026U";

fn binding_catalog() -> Catalog {
    let text = String::from_utf8(file("review/binding_catalog.toml")).unwrap();
    parse_catalog("binding_catalog.toml", &text).unwrap()
}

/// A reviewer trusting the review PKI and the e-licence PKI; `review_crl`: whether the review
/// PKI's CRL is given (without it, its signers' revocation status is unknown).
fn binding_reviewer(review_crl: bool, policy: Policy) -> Reviewer {
    let mut trust = TrustStore::new();
    for root in ["review/bind-root.pem", "license/pki/root.pem"] {
        let path = format!("{}/testdata/{root}", env!("CARGO_MANIFEST_DIR"));
        trust.load_path(std::path::Path::new(&path)).unwrap();
    }
    let mut crls = vec![file("license/pki/root.crl")];
    if review_crl {
        crls.push(file("review/bind-root.crl"));
    }
    let registry = sealcheck::issuers::IssuerRegistry::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/review/issuers.toml"
    )))
    .unwrap();
    let verifier = Verifier::new(trust, policy)
        .with_crls(crls)
        .with_issuers(registry);
    Reviewer::new(verifier, binding_catalog())
}

fn zhang_san() -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "张三".into(),
        identifier: Some(APPLICANT_ID.into()),
    }
}

struct Scenario<'a> {
    item: &'a str,
    applicant: Applicant,
    persons: &'a [(&'a str, &'a str, Option<&'a str>)],
    fields: &'a [(&'a str, &'a str)],
    uploads: &'a [(&'a str, &'a str)],
}

impl Scenario<'_> {
    fn application(&self) -> Application {
        Application {
            item: self.item.into(),
            applicant: self.applicant.clone(),
            persons: self
                .persons
                .iter()
                .map(|(role, name, id)| sealcheck::review::application::Person {
                    role: role.to_string(),
                    name: name.to_string(),
                    id: id.map(str::to_string),
                })
                .collect(),
            fields: self
                .fields
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect(),
            uploads: self
                .uploads
                .iter()
                .map(|(material, path)| upload(Some(material), path))
                .collect(),
        }
    }

    fn review_with(&self, reviewer: &Reviewer) -> Review {
        let r = reviewer.review(&self.application(), BAT).unwrap();
        follows_notice_rules(&r, &binding_catalog());
        r
    }
}

/// The materials the notice names (`-` for entries about the applicant or no material).
fn notice_materials(r: &Review) -> std::collections::BTreeSet<&str> {
    r.notice
        .iter()
        .map(|n| n.material.as_deref().unwrap_or("-"))
        .collect()
}

fn expect(r: &Review, decision: Decision, materials: &[&str]) {
    assert_eq!(
        (r.decision, notice_materials(r)),
        (decision, materials.iter().copied().collect()),
        "{:#?}\n{:#?}",
        r.notice,
        r.review_reasons
    );
}

/// What every notice must be: no full resident ID number, English text without Chinese
/// characters, no material code of the catalog in the text.
fn follows_notice_rules(r: &Review, catalog: &Catalog) {
    let codes: Vec<&str> = catalog
        .items
        .iter()
        .flat_map(|i| i.materials.iter().map(|m| m.code.as_str()))
        // Codes that are plain words ("statement") can appear in English on their own.
        .filter(|c| c.contains('_'))
        .collect();
    for n in &r.notice {
        for id in [APPLICANT_ID, OTHER_ID, DECEASED_ID, WORKER_ID] {
            assert!(!n.zh.contains(id) && !n.en.contains(id), "full ID: {n:?}");
        }
        assert!(
            !n.en.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                || ('\u{ff00}'..='\u{ffef}').contains(&c)),
            "Chinese in English text: {}",
            n.en
        );
        for code in &codes {
            assert!(
                !n.zh.contains(code) && !n.en.contains(code),
                "material code {code} in {n:?}"
            );
        }
    }
}

const ID_CARD: (&str, &str) = ("id_card", "license/genuine-rsa.pdf");
const TERMINATION_FIELDS: [(&str, &str); 2] = [
    ("termination_date", "2026-11-20"),
    ("former_employer_uscc", EMPLOYER_A),
];

fn unemployment<'a>(termination: &'a str, fields: &'a [(&'a str, &'a str)]) -> Scenario<'a> {
    let uploads: &'a [(&'a str, &'a str)] = Box::leak(Box::new([
        ID_CARD,
        ("termination_certificate", termination),
    ]));
    Scenario {
        item: "b-unemployment",
        applicant: zhang_san(),
        persons: &[],
        fields,
        uploads,
    }
}

#[test]
fn binding_the_termination_certificate_to_the_applicant() {
    let reviewer = binding_reviewer(true, Policy::default());
    let run = |path: &str| unemployment(path, &TERMINATION_FIELDS).review_with(&reviewer);
    // Right person by ID number.
    expect(
        &run("review/bind-termination-applicant.pdf"),
        Decision::Accept,
        &[],
    );
    // The certificate prints the applicant's old 15-digit number.
    expect(
        &run("review/bind-termination-id15.pdf"),
        Decision::Accept,
        &[],
    );
    // By name only (兹证明张三同志…).
    expect(
        &run("review/bind-termination-name-only.pdf"),
        Decision::Accept,
        &[],
    );
    // Another person's certificate, by ID number: invalid, and the notice says whose it is
    // not without printing the other number in full.
    let r = run("review/bind-termination-other.pdf");
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "HOLDER_MISMATCH");
    assert!(
        r.notice[0].zh.contains("440304********4562"),
        "{}",
        r.notice[0].zh
    );
    assert!(
        r.notice[0].zh.contains("不属于申请人本人"),
        "{}",
        r.notice[0].zh
    );
    assert!(r.notice[0].en.contains("does not belong to the applicant"));
    // Another person's certificate, by name only.
    let r = run("review/bind-termination-other-name.pdf");
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "HOLDER_MISMATCH");
}

#[test]
fn termination_date_and_former_employer_come_from_the_form() {
    let reviewer = binding_reviewer(true, Policy::default());
    // The form's termination date differs from the certificate's.
    let fields = [
        ("termination_date", "2026-11-18"),
        ("former_employer_uscc", EMPLOYER_A),
    ];
    let r = unemployment("review/bind-termination-applicant.pdf", &fields).review_with(&reviewer);
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "DATE_MISMATCH");
    assert!(
        r.notice[0].zh.contains("2026年11月20日"),
        "{}",
        r.notice[0].zh
    );
    // Signed by another employer than the one the form names.
    let r = unemployment(
        "review/bind-termination-employer-b.pdf",
        &TERMINATION_FIELDS,
    )
    .review_with(&reviewer);
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "WRONG_SIGNER");
    // The same certificate is right when the form names employer B.
    let fields = [
        ("termination_date", "2026-11-20"),
        ("former_employer_uscc", EMPLOYER_B),
    ];
    expect(
        &unemployment("review/bind-termination-employer-b.pdf", &fields).review_with(&reviewer),
        Decision::Accept,
        &[],
    );
    // And employer A's certificate is then the wrong one.
    expect(
        &unemployment("review/bind-termination-applicant.pdf", &fields).review_with(&reviewer),
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    // The ID card of someone else (an e-licence of 李四).
    let uploads = [
        ("id_card", "license/other-holder.ofd"),
        (
            "termination_certificate",
            "review/bind-termination-applicant.pdf",
        ),
    ];
    let s = Scenario {
        uploads: &uploads,
        ..unemployment("", &TERMINATION_FIELDS)
    };
    expect(
        &s.review_with(&reviewer),
        Decision::ReturnForCorrection,
        &["id_card"],
    );
    // Nothing uploaded for the certificate.
    let s = Scenario {
        uploads: &[ID_CARD],
        ..unemployment("", &TERMINATION_FIELDS)
    };
    expect(
        &s.review_with(&reviewer),
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
}

#[test]
fn unknown_revocation_status_is_never_accepted() {
    let s = unemployment("review/bind-termination-applicant.pdf", &TERMINATION_FIELDS);
    // No CRL of the employer's CA: a person must look, and says why.
    let r = s.review_with(&binding_reviewer(false, Policy::default()));
    expect(&r, Decision::ManualReview, &[]);
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.zh.contains("吊销状态未核验")
                && x.en.contains("revocation status not checked")),
        "{:?}",
        r.review_reasons
    );
    // --require-revocation: the verifier itself leaves the signature indeterminate.
    let strict = Policy {
        require_revocation: true,
        ..Policy::default()
    };
    expect(
        &s.review_with(&binding_reviewer(false, strict.clone())),
        Decision::ManualReview,
        &[],
    );
    // With the CRL, the same policy accepts.
    expect(
        &s.review_with(&binding_reviewer(true, strict)),
        Decision::Accept,
        &[],
    );
    // A material the catalog marks revocation_optional is accepted without the CRL.
    let s = Scenario {
        item: "b-contribution",
        applicant: zhang_san(),
        persons: &[],
        fields: &[],
        uploads: &[(
            "contribution_certificate",
            "review/bind-contribution-applicant.pdf",
        )],
    };
    expect(
        &s.review_with(&binding_reviewer(false, Policy::default())),
        Decision::Accept,
        &[],
    );
}

#[test]
fn the_deceased_s_certificate_names_the_deceased() {
    let reviewer = binding_reviewer(true, Policy::default());
    let persons = [("deceased", "王五", Some(DECEASED_ID))];
    let funeral = |death: &'static str, date: &'static str| {
        let fields: &'static [(&str, &str)] = Box::leak(Box::new([("date_of_death", date)]));
        let persons: &'static [(&str, &str, Option<&str>)] = Box::leak(Box::new(persons));
        Scenario {
            item: "b-funeral",
            applicant: zhang_san(),
            persons,
            fields,
            uploads: Box::leak(Box::new([
                ("claimant_id_card", "license/genuine-rsa.pdf"),
                ("death_certificate", death),
            ])),
        }
    };
    // The deceased's certificate, not the applicant's: right.
    expect(
        &funeral("review/bind-death-deceased.pdf", "2026-11-15").review_with(&reviewer),
        Decision::Accept,
        &[],
    );
    // Someone else's death certificate.
    let r = funeral("review/bind-death-other.pdf", "2026-11-15").review_with(&reviewer);
    expect(&r, Decision::ReturnForCorrection, &["death_certificate"]);
    assert_eq!(r.notice[0].code, "PERSON_MISMATCH");
    assert!(
        r.notice[0].zh.contains("不属于死者本人"),
        "{}",
        r.notice[0].zh
    );
    assert!(
        r.notice[0].en.contains("the deceased"),
        "{}",
        r.notice[0].en
    );
    // The date of death on the form differs from the certificate's.
    let r = funeral("review/bind-death-deceased.pdf", "2026-11-16").review_with(&reviewer);
    expect(&r, Decision::ReturnForCorrection, &["death_certificate"]);
    assert_eq!(r.notice[0].code, "DATE_MISMATCH");
}

#[test]
fn maternity_child_and_deferred_delivery_record() {
    let reviewer = binding_reviewer(true, Policy::default());
    // Without the (deferrable) delivery record: accepted, the record listed with its date.
    let s = Scenario {
        item: "b-maternity",
        applicant: zhang_san(),
        persons: &[("child", "张小宝", None)],
        fields: &[("birth_date", "2026-10-08")],
        uploads: &[("birth_certificate", "review/bind-birth-child.pdf")],
    };
    let r = s.review_with(&reviewer);
    expect(&r, Decision::Accept, &["delivery_record"]);
    assert_eq!(r.notice[0].code, "DEFERRED");
    assert_eq!(r.notice[0].supply_by.as_deref(), Some("2027-01-09"));
    assert!(
        r.notice[0].zh.contains("2027年1月9日前补交"),
        "{}",
        r.notice[0].zh
    );
    assert!(
        r.notice[0].en.contains("by 2027-01-09"),
        "{}",
        r.notice[0].en
    );
    // With it: nothing to say.
    let uploads = [
        ("birth_certificate", "review/bind-birth-child.pdf"),
        ("delivery_record", "review/bind-delivery-applicant.pdf"),
    ];
    expect(
        &Scenario {
            uploads: &uploads,
            ..s
        }
        .review_with(&reviewer),
        Decision::Accept,
        &[],
    );
    // Another child's certificate (by name), with the birth date differing too: two defects
    // of one material, one entry each.
    let s = Scenario {
        item: "b-maternity",
        applicant: zhang_san(),
        persons: &[("child", "张大宝", None)],
        fields: &[("birth_date", "2026-10-09")],
        uploads: &uploads,
    };
    let r = s.review_with(&reviewer);
    expect(&r, Decision::ReturnForCorrection, &["birth_certificate"]);
    let codes: Vec<&str> = r.notice.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(codes, ["PERSON_MISMATCH", "DATE_MISMATCH"]);
}

#[test]
fn work_injury_diagnosis_of_the_injured_worker() {
    let reviewer = binding_reviewer(true, Policy::default());
    let persons = [("injured_worker", "赵六", Some(WORKER_ID))];
    // The unit applies for its employee.
    let unit = Applicant {
        kind: ApplicantType::Unit,
        name: "测试市甲科技有限公司".into(),
        identifier: Some(EMPLOYER_A.into()),
    };
    let s = Scenario {
        item: "b-work-injury",
        applicant: unit.clone(),
        persons: &persons,
        fields: &[],
        uploads: &[("medical_diagnosis", "review/bind-diagnosis-worker.pdf")],
    };
    let r = s.review_with(&reviewer);
    expect(&r, Decision::Accept, &["accident_statement"]);
    assert_eq!(r.notice[0].supply_by.as_deref(), Some("2026-12-25"));
    // The worker applies; the diagnosis is someone else's.
    let worker = Applicant {
        kind: ApplicantType::Individual,
        name: "赵六".into(),
        identifier: Some(WORKER_ID.into()),
    };
    let r = Scenario {
        applicant: worker,
        uploads: &[("medical_diagnosis", "review/bind-diagnosis-other.pdf")],
        ..s
    }
    .review_with(&reviewer);
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["medical_diagnosis", "accident_statement"],
    );
    // A unit whose credit code has the pre-2016 shape but fails MOD 31: staff check it, the
    // applicant is not sent away.
    let legacy = Applicant {
        identifier: Some("91440300MA5F000182".into()),
        ..unit
    };
    let r = Scenario {
        applicant: legacy,
        uploads: &[("medical_diagnosis", "review/bind-diagnosis-worker.pdf")],
        item: "b-work-injury",
        persons: &persons,
        fields: &[],
    }
    .review_with(&reviewer);
    expect(&r, Decision::ManualReview, &["accident_statement"]);
    assert!(
        r.review_reasons.iter().any(|x| x.zh.contains("旧版代码")),
        "{:?}",
        r.review_reasons
    );
}

#[test]
fn registration_form_by_name_and_identifier_kinds() {
    let reviewer = binding_reviewer(true, Policy::default());
    let form = |path: &'static str, id: &'static str| Scenario {
        item: "b-registration",
        applicant: Applicant {
            identifier: Some(id.into()),
            ..zhang_san()
        },
        persons: &[],
        fields: &[],
        uploads: Box::leak(Box::new([("registration_form", path)])),
    };
    for path in [
        "review/bind-form-applicant.pdf",
        "review/bind-form-name-only.pdf",
        // 姓名：张　三 (an ideographic space inside the name).
        "review/bind-form-fullwidth-name.pdf",
    ] {
        expect(
            &form(path, APPLICANT_ID).review_with(&reviewer),
            Decision::Accept,
            &[],
        );
    }
    let r = form("review/bind-form-other-name.pdf", APPLICANT_ID).review_with(&reviewer);
    expect(&r, Decision::ReturnForCorrection, &["registration_form"]);
    // A foreign permanent resident (2023 card) and a Hong Kong resident's permit are the
    // applicant's identifiers for an individual item.
    for id in ["932682198501010017", "81000019980902013X"] {
        let r = form("review/bind-form-name-only.pdf", id).review_with(&reviewer);
        expect(&r, Decision::Accept, &[]);
        assert!(r.applicant.identifier_valid, "{id}");
    }
    // An e-licence ID card of someone else (optional material, still a defect to correct).
    let s = Scenario {
        uploads: &[
            ("registration_form", "review/bind-form-applicant.pdf"),
            ("id_card", "license/other-holder.ofd"),
        ],
        ..form("review/bind-form-applicant.pdf", APPLICANT_ID)
    };
    let r = s.review_with(&reviewer);
    assert_eq!(notice_materials(&r), ["id_card"].into_iter().collect());
}

#[test]
fn scans_are_bound_by_their_ocr_text() {
    if sealcheck::image::ocr::locate("tesseract").is_none() {
        println!("skipped: tesseract is not installed");
        return;
    }
    let mut policy = Policy::default();
    policy.image.ocr.enabled = true;
    let reviewer = binding_reviewer(true, policy);
    let scan = |path| unemployment(path, &TERMINATION_FIELDS).review_with(&reviewer);
    let r = scan("review/bind-scan-termination-other.png");
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "HOLDER_MISMATCH");
    let r = scan("review/bind-scan-termination-applicant.png");
    assert_ne!(r.decision, Decision::ReturnForCorrection, "{:#?}", r.notice);
}

// ---- the CLI: --application, CODE=FILE ---------------------------------------------------------

/// A fresh directory of this test process under the system's temporary directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sealcheck-review-e2e-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sealcheck_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run sealcheck")
}

const CLI_TRUST: [&str; 14] = [
    "--catalog",
    "testdata/review/binding_catalog.toml",
    "--trust",
    "testdata/review/bind-root.pem",
    "--trust",
    "testdata/license/pki/root.pem",
    "--crl",
    "testdata/review/bind-root.crl",
    "--crl",
    "testdata/license/pki/root.crl",
    "--issuers",
    "testdata/review/issuers.toml",
    "--at",
    "2026-12-10T00:00:00Z",
];

#[test]
fn cli_application_json_with_relative_paths() {
    let dir = scratch("application");
    let data = format!("{}/testdata", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        format!("{data}/license/genuine-rsa.pdf"),
        dir.as_path().join("id.pdf"),
    )
    .unwrap();
    std::fs::copy(
        format!("{data}/review/bind-termination-other.pdf"),
        dir.as_path().join("termination.pdf"),
    )
    .unwrap();
    let app = format!(
        r#"{{"schema":"sealcheck-application/1","item":"b-unemployment",
        "applicant":{{"name":"张三","id":"{APPLICANT_ID}"}},
        "fields":{{"termination_date":"2026-11-20","former_employer_uscc":"{EMPLOYER_A}"}},
        "uploads":[{{"material":"id_card","path":"id.pdf"}},
                   {{"material":"termination_certificate","path":"termination.pdf"}}]}}"#
    );
    let json = dir.as_path().join("app.json");
    std::fs::write(&json, app).unwrap();
    let mut args = vec!["review", "--format", "json", "--application"];
    let json_path = json.to_str().unwrap().to_string();
    args.push(&json_path);
    args.extend(CLI_TRUST);
    let out = sealcheck_cli(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Review = serde_json::from_slice(&out.stdout).unwrap();
    expect(
        &r,
        Decision::ReturnForCorrection,
        &["termination_certificate"],
    );
    assert_eq!(r.notice[0].code, "HOLDER_MISMATCH");
}

#[test]
fn cli_unknown_material_code_is_a_usage_error() {
    let mut args = vec![
        "review",
        "--item",
        "b-registration",
        "--applicant-name",
        "张三",
    ];
    args.extend(CLI_TRUST);
    let mut bad = args.clone();
    bad.push("no_such=testdata/review/bind-form-applicant.pdf");
    let out = sealcheck_cli(&bad);
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("registration_form, id_card"), "{err}");
    // A file whose name contains '=': as ./NAME, or with --file.
    let dir = scratch("equals");
    let odd = dir.as_path().join("form=1.pdf");
    std::fs::copy(
        format!(
            "{}/testdata/review/bind-form-applicant.pdf",
            env!("CARGO_MANIFEST_DIR")
        ),
        &odd,
    )
    .unwrap();
    let mut ok = args.clone();
    ok.extend(["--applicant-id", APPLICANT_ID, "--format", "json"]);
    let odd_path = odd.to_str().unwrap().to_string();
    let mut with_flag = ok.clone();
    with_flag.extend(["--file", odd_path.as_str()]);
    let out = sealcheck_cli(&with_flag);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Review = serde_json::from_slice(&out.stdout).unwrap();
    expect(&r, Decision::Accept, &[]);
    let mut dotted = ok.clone();
    let rel = "./form=1.pdf";
    dotted.push(rel);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .current_dir(dir.as_path())
        .args(dotted.iter().map(|a| {
            if a.starts_with("testdata/") {
                format!("{}/{a}", env!("CARGO_MANIFEST_DIR"))
            } else {
                a.to_string()
            }
        }))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
