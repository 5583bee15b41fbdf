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
            .contains("公民身份号码321083197812162118校验位不符"),
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
