//! Decision paths, built on hand-made verification reports (the verifiers are tested on their
//! own files; here only what the review does with their verdicts matters).

use time::macros::datetime;
use time::OffsetDateTime;

use super::*;
use crate::catalog::builtin;
use crate::image::density::{inspect, jfif_header_for_tests};
use crate::report::{CertSummary, DocumentKind, SignatureKind, SignatureReport};
use crate::verdict::{Finding, Indication, Severity, SubIndication};

const AT: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);
const GOOD_ID: &str = "321083197812162119";
const BAD_ID: &str = "321083197812162118";

fn item(code: &str) -> ServiceItem {
    builtin::catalog().unwrap().item(code).unwrap().clone()
}

/// The transfer item with a 180-day age limit on its contribution certificate: the built-in
/// catalog sets none (no regulation limits that certificate's age), so the age-limit mechanics
/// are tested on this copy.
fn transfer_with_age_limit() -> ServiceItem {
    let mut it = item("insurance-transfer");
    for m in &mut it.materials {
        if m.code == "contribution_certificate" {
            m.constraints.issued_within_days = Some(180);
        }
    }
    it
}

fn person() -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some(GOOD_ID.into()),
    }
}

fn unit() -> Applicant {
    Applicant {
        kind: ApplicantType::Unit,
        name: "上海示例科技有限公司".into(),
        identifier: Some("91310110666007217T".into()),
    }
}

fn report(kind: DocumentKind) -> DocumentReport {
    DocumentReport {
        path: String::new(),
        kind,
        size: 1000,
        sha256: "00".repeat(32),
        signatures: Vec::new(),
        findings: Vec::new(),
        license: None,
        image: None,
        page_images: Vec::new(),
    }
}

fn signature(
    subject: &str,
    indication: Indication,
    sub: Option<SubIndication>,
    signed: OffsetDateTime,
) -> SignatureReport {
    let mut s = SignatureReport::new(SignatureKind::Signature);
    s.field = Some("Signature1".into());
    s.signer = Some(CertSummary {
        subject: subject.into(),
        issuer: "CN=Test CA".into(),
        serial: "01".into(),
        not_before: datetime!(2025-01-01 00:00 UTC),
        not_after: datetime!(2028-01-01 00:00 UTC),
        spki_sha256: Some(crate::hex::encode(&<sha2::Sha256 as sha2::Digest>::digest(
            subject,
        ))),
        uscc: crate::issuers::identity::candidates(subject)
            .into_iter()
            .find(|c| crate::license::uscc::check(c).is_ok()),
        resident_id: None,
    });
    s.issuer = registered(subject);
    s.signing_time = Some(signed);
    s.indication = indication;
    s.sub_indication = sub;
    s
}

/// What the verifier's issuer registry says of these test signers (the registry matches keys;
/// here the key stands for the subject).
fn registered(subject: &str) -> Option<crate::issuers::IssuerMatch> {
    let (name, uscc, category) = if subject.contains("O=某某市公安局") {
        ("某某市公安局", "11440300MB0000027K", "public_security")
    } else if subject.contains("某某市社会保险事业管理中心") {
        (
            "某某市社会保险事业管理中心",
            "12440300MB00000436",
            "social_insurance",
        )
    } else {
        return None;
    };
    Some(crate::issuers::IssuerMatch {
        name: name.into(),
        uscc: uscc.into(),
        category: category.into(),
        matched_by: crate::issuers::MatchedBy::Key,
    })
}

/// A signed PDF that is an e-licence of 某某市公安局 with these fields (evaluated as the
/// verifier does, at `AT`).
fn licence_pdf(
    i: usize,
    text: &str,
    fields: crate::license::document::LicenseFields,
) -> UploadFacts {
    use crate::license::document::{evaluate, LicenseReport};
    let sig = signature("O=某某市公安局", Indication::TotalPassed, None, AT);
    let mut license = LicenseReport::new("pdf_info", sig.field.clone(), fields);
    evaluate(&mut license, Some(&sig), AT.date(), true);
    let mut f = signed_pdf(i, "id.pdf", text, sig);
    f.report.license = Some(license);
    f
}

/// ID-card licence fields of `holder_id`, issued by 某某市公安局 (see `registered`).
fn id_card_fields(holder_id: &str, valid_until: &str) -> crate::license::document::LicenseFields {
    let identifier = crate::issuers::testkit::identifier(
        "11100000MB0000019L001",
        "11440300MB0000027K",
        "20250301000001",
    );
    crate::license::document::LicenseFields {
        name: Some("居民身份证".into()),
        type_code: Some("11100000MB0000019L001".into()),
        identifier: Some(identifier),
        holder: Some("李四".into()),
        holder_code: Some(holder_id.into()),
        holder_code_type: Some("公民身份号码".into()),
        issuer: Some("某某市公安局".into()),
        issuer_code: Some("11440300MB0000027K".into()),
        valid_from: Some("2016-03-01".into()),
        valid_until: Some(valid_until.into()),
        ..Default::default()
    }
}

/// An unsigned PDF with a text layer.
fn form_pdf(i: usize, name: &str, text: &str) -> UploadFacts {
    let mut f = UploadFacts::from_report(i, name, report(DocumentKind::Pdf)).with_text(text);
    f.pages = Some(1);
    f
}

/// A signed PDF.
fn signed_pdf(i: usize, name: &str, text: &str, sig: SignatureReport) -> UploadFacts {
    let mut r = report(DocumentKind::Pdf);
    r.signatures.push(sig);
    let mut f = UploadFacts::from_report(i, name, r).with_text(text);
    f.pages = Some(1);
    f
}

/// A JPEG scan at `dpi`.
fn scan(i: usize, name: &str, dpi: u16) -> UploadFacts {
    let mut f = UploadFacts::from_report(i, name, report(DocumentKind::Jpeg));
    f.image = inspect(&jfif_header_for_tests(dpi, 2480, 3508));
    f.pages = Some(1);
    f
}

fn social_insurance_certificate(
    i: usize,
    indication: Indication,
    sub: Option<SubIndication>,
) -> UploadFacts {
    signed_pdf(
        i,
        "缴费凭证.pdf",
        "基本养老保险参保缴费凭证 姓名：李四",
        signature(
            "CN=某某市社会保险事业管理中心, O=某某市人力资源和社会保障局, C=CN",
            indication,
            sub,
            datetime!(2026-11-10 09:00 UTC),
        ),
    )
}

/// A complete, valid insurance-transfer application (low risk).
fn complete_transfer() -> Vec<UploadFacts> {
    vec![
        form_pdf(0, "申请表.pdf", "基本养老保险关系转移接续申请表 姓名：李四")
            .declared("transfer_application"),
        scan(1, "身份证.jpg", 300).declared("id_card"),
        social_insurance_certificate(2, Indication::TotalPassed, None)
            .declared("contribution_certificate"),
    ]
}

fn codes(r: &Review) -> Vec<(Option<&str>, &str)> {
    r.notice
        .iter()
        .map(|n| (n.material.as_deref(), n.code.as_str()))
        .collect()
}

fn status(r: &Review, material: &str) -> MaterialStatus {
    r.materials
        .iter()
        .find(|m| m.code == material)
        .unwrap()
        .status
}

#[test]
fn accept_low_risk_item_with_everything_verified() {
    let r = decide(
        &item("insurance-transfer"),
        &person(),
        complete_transfer(),
        AT,
    );
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    assert_eq!(r.risk, Risk::Low);
    assert!(r.notice.is_empty());
    assert!(r.review_reasons.is_empty());
    assert!(r
        .materials
        .iter()
        .all(|m| m.status == MaterialStatus::Satisfied));
    assert_eq!(r.documents.len(), 3);
    assert!(r.applicant.identifier_valid);
}

#[test]
fn missing_required_material_returns_for_correction() {
    let mut uploads = complete_transfer();
    uploads.remove(1);
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(codes(&r), vec![(Some("id_card"), "MISSING")]);
    assert_eq!(status(&r, "id_card"), MaterialStatus::Missing);
    assert!(
        r.notice[0]
            .zh
            .starts_with("【本人居民身份证】未提交，请补充。上传居民身份证电子证照"),
        "{}",
        r.notice[0].zh
    );
    assert!(
        r.notice[0]
            .en
            .starts_with("[Applicant's resident ID card] missing; please add it."),
        "{}",
        r.notice[0].en
    );
}

#[test]
fn tampered_required_material_returns_and_raises_risk() {
    let mut uploads = complete_transfer();
    uploads[2] =
        social_insurance_certificate(2, Indication::TotalFailed, Some(SubIndication::HashFailure))
            .declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(r.risk, Risk::High);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "TAMPERED")]
    );
    assert_eq!(
        status(&r, "contribution_certificate"),
        MaterialStatus::Invalid
    );
    let zh = &r.notice[0].zh;
    assert_eq!(
        zh,
        "《基本养老保险参保缴费凭证》文件“缴费凭证.pdf”在签名（盖章）后被修改，与签署时的文件不一致。请上传签署（盖章）后未经任何修改的原始文件。"
    );
}

#[test]
fn invalid_signature_value_and_revoked_certificate_are_named() {
    for (sub, code) in [
        (SubIndication::SigCryptoFailure, "SIGNATURE_INVALID"),
        (SubIndication::Revoked, "CERTIFICATE_REVOKED"),
        (SubIndication::DisallowedModification, "TAMPERED"),
    ] {
        let mut uploads = complete_transfer();
        uploads[2] = social_insurance_certificate(2, Indication::TotalFailed, Some(sub))
            .declared("contribution_certificate");
        let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
        assert_eq!(codes(&r), vec![(Some("contribution_certificate"), code)]);
    }
}

#[test]
fn medium_risk_item_goes_to_manual_review_even_when_complete() {
    let uploads = vec![
        form_pdf(0, "a.pdf", "生育津贴申领登记表").declared("application_form"),
        scan(1, "b.jpg", 300).declared("id_card"),
        scan(2, "c.jpg", 300).declared("birth_certificate"),
        scan(3, "d.jpg", 300).declared("delivery_record"),
    ];
    let r = decide(&item("maternity-allowance"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty());
    assert_eq!(r.risk, Risk::Medium);
    assert!(
        r.review_reasons[0].zh.contains("风险等级为中"),
        "{:?}",
        r.review_reasons
    );
}

#[test]
fn indeterminate_signature_goes_to_manual_review() {
    let mut uploads = complete_transfer();
    uploads[2] = social_insurance_certificate(
        2,
        Indication::Indeterminate,
        Some(SubIndication::NoCertificateChainFound),
    )
    .declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(
        r.notice.is_empty(),
        "doubts are for the reviewer: {:?}",
        r.notice
    );
    assert_eq!(
        status(&r, "contribution_certificate"),
        MaterialStatus::Indeterminate
    );
    assert_eq!(r.risk, Risk::Medium);
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.zh.contains("无法追溯到受信任的签发机构")),
        "{:?}",
        r.review_reasons
    );
}

#[test]
fn deferrable_material_is_deferred_and_does_not_block() {
    let uploads = vec![
        signed_pdf(
            0,
            "登记表.pdf",
            "社会保险参保登记表（单位）",
            signature(
                "CN=上海示例科技有限公司, O=上海示例科技有限公司, serialNumber=91310110666007217T",
                Indication::TotalPassed,
                None,
                datetime!(2026-11-20 00:00 UTC),
            ),
        )
        .declared("registration_form"),
        scan(1, "执照.jpg", 300).declared("business_license"),
        scan(2, "法人身份证.jpg", 300).declared("legal_rep_id"),
    ];
    let r = decide(&item("unit-registration"), &unit(), uploads, AT);
    assert_eq!(r.decision, Decision::Accept, "{:#?}", r.notice);
    assert_eq!(status(&r, "bank_account"), MaterialStatus::Deferred);
    assert_eq!(status(&r, "agent_authorization"), MaterialStatus::Missing);
    let bank = r
        .materials
        .iter()
        .find(|m| m.code == "bank_account")
        .unwrap();
    assert_eq!(bank.supply_within_days, Some(30));
}

#[test]
fn applicant_with_wrong_check_digit_is_a_notice_entry_without_material() {
    let mut a = person();
    a.identifier = Some(BAD_ID.into());
    let r = decide(&item("insurance-transfer"), &a, complete_transfer(), AT);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(codes(&r), vec![(None, "ID_CHECK_DIGIT")]);
    assert!(!r.applicant.identifier_valid);
    assert!(
        r.notice[0].zh.starts_with(
            "【申请人信息】公民身份号码321083********2118校验未通过（有字符错误）。请对照证件原件核对后重新填写公民身份号码。"
        ),
        "{}",
        r.notice[0].zh
    );
    assert!(
        r.notice[0]
            .en
            .contains("Check the resident ID number against the original"),
        "{}",
        r.notice[0].en
    );
}

#[test]
fn applicant_type_credit_code_and_missing_data() {
    // A unit item applied for by a person: the type is the defect, their (valid) ID number
    // is not a malformed credit code.
    let a = Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some(GOOD_ID.into()),
    };
    let r = decide(&item("unit-registration"), &a, Vec::new(), AT);
    assert_eq!(codes(&r)[0], (None, "APPLICANT_TYPE_MISMATCH"));
    assert_eq!(
        r.notice[0].zh,
        "【申请人信息】“单位参保登记”须由单位申请。请以单位身份申请，并填写统一社会信用代码。"
    );
    assert!(r
        .notice
        .iter()
        .all(|n| n.material.is_some() || n.code == "APPLICANT_TYPE_MISMATCH"));
    // A unit with no name and a malformed credit code.
    let a = Applicant {
        kind: ApplicantType::Unit,
        name: " ".into(),
        identifier: Some("91310110666OO7217T".into()),
    };
    let r = decide(&item("unit-registration"), &a, Vec::new(), AT);
    let c = codes(&r);
    assert_eq!(
        &c[..2],
        &[(None, "APPLICANT_NAME_MISSING"), (None, "USCC_ALPHABET")]
    );
    let mut b = unit();
    b.identifier = None;
    let r = decide(&item("unit-registration"), &b, Vec::new(), AT);
    assert_eq!(codes(&r)[0], (None, "APPLICANT_ID_MISSING"));
    assert_eq!(
        r.notice[0].zh,
        "【申请人信息】未填写申请人统一社会信用代码。请填写统一社会信用代码。"
    );
}

#[test]
fn applicant_born_in_the_future_is_rejected() {
    let first17 = "32108320300101211";
    let id = format!(
        "{first17}{}",
        crate::license::id_number::check_character(first17).unwrap()
    );
    let mut a = person();
    a.identifier = Some(id);
    let r = decide(&item("insurance-transfer"), &a, complete_transfer(), AT);
    assert_eq!(codes(&r), vec![(None, "ID_BIRTH_DATE")]);
}

#[test]
fn four_defects_in_one_notice() {
    // Two required materials missing, one tampered PDF, a wrong ID check digit.
    let mut a = person();
    a.identifier = Some(BAD_ID.into());
    let uploads = vec![social_insurance_certificate(
        0,
        Indication::TotalFailed,
        Some(SubIndication::HashFailure),
    )
    .declared("contribution_certificate")];
    let r = decide(&item("insurance-transfer"), &a, uploads, AT);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(
        codes(&r),
        vec![
            (None, "ID_CHECK_DIGIT"),
            (Some("transfer_application"), "MISSING"),
            (Some("id_card"), "MISSING"),
            (Some("contribution_certificate"), "TAMPERED"),
        ]
    );
}

#[test]
fn wrong_signer_and_unsigned_pdf() {
    // A registered body of another category: the wrong signer, for the applicant to fix.
    let mut uploads = complete_transfer();
    uploads[2] = signed_pdf(
        2,
        "x.pdf",
        "参保缴费凭证",
        signature(
            "O=某某市公安局",
            Indication::TotalPassed,
            None,
            datetime!(2026-11-10 00:00 UTC),
        ),
    )
    .declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "WRONG_SIGNER")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("的签章人为“某某市公安局”，不是社会保险经办机构或人力资源和社会保障部门"),
        "{}",
        r.notice[0].zh
    );
    // A signer the registry does not know: for staff, never returned to the applicant.
    let mut uploads = complete_transfer();
    uploads[2] = signed_pdf(
        2,
        "x.pdf",
        "参保缴费凭证",
        signature(
            "CN=张三",
            Indication::TotalPassed,
            None,
            datetime!(2026-11-10 00:00 UTC),
        ),
    )
    .declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty(), "{:?}", r.notice);
    assert_eq!(
        status(&r, "contribution_certificate"),
        MaterialStatus::Indeterminate
    );
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.zh.contains("的签章人“张三”") && x.zh.contains("不在发证机构名录中")),
        "{:?}",
        r.review_reasons
    );

    let mut uploads = complete_transfer();
    uploads[2] = form_pdf(2, "x.pdf", "参保缴费凭证").declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "WRONG_FORM")]
    );
    // Signed PDFs only, but the upload is an image.
    let mut uploads = complete_transfer();
    uploads[2] = scan(2, "x.jpg", 300).declared("contribution_certificate");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "WRONG_FORM")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("为图片文件，本材料须为带数字签名的PDF文件或加盖电子印章的OFD文件"),
        "{}",
        r.notice[0].zh
    );
}

#[test]
fn signed_by_applicant_unit() {
    let item = item("unit-registration");
    // The applicant's name alone identifies nobody.
    let by_name = signature(
        "CN=经办人, O=上海示例科技有限公司",
        Indication::TotalPassed,
        None,
        AT,
    );
    let by_code = signature(
        "CN=Seal, 2.5.4.97=91310110666007217T",
        Indication::TotalPassed,
        None,
        AT,
    );
    let other_unnamed = signature("CN=另一家公司", Indication::TotalPassed, None, AT);
    let other_with_code = signature(
        "CN=另一家公司, serialNumber=91310115591693856A",
        Indication::TotalPassed,
        None,
        AT,
    );
    for (sig, expect) in [
        (by_name, MaterialStatus::Indeterminate),
        (by_code, MaterialStatus::Satisfied),
        (other_unnamed, MaterialStatus::Indeterminate),
        (other_with_code, MaterialStatus::Invalid),
    ] {
        let uploads =
            vec![signed_pdf(0, "f.pdf", "社会保险参保登记表", sig).declared("registration_form")];
        let r = decide(&item, &unit(), uploads, AT);
        assert_eq!(status(&r, "registration_form"), expect, "{:?}", r.notice);
    }
}

#[test]
fn not_signed_when_signature_required() {
    // A PDF that has no text and no signature is a scan; the registration form must be signed.
    let mut f = UploadFacts::from_report(0, "f.pdf", report(DocumentKind::Pdf));
    f.pages = Some(1);
    let r = decide(
        &item("unit-registration"),
        &unit(),
        vec![f.declared("registration_form")],
        AT,
    );
    assert_eq!(codes(&r)[0], (Some("registration_form"), "WRONG_FORM"));
    // An OFD without seals found (and not verifiable by this build) is doubtful, not failed.
    let mut r0 = report(DocumentKind::Ofd);
    r0.findings.push(Finding::new(
        "KIND_NOT_VERIFIED",
        Severity::Warning,
        crate::verdict::Text::new("x", "x"),
    ));
    let f = UploadFacts::from_report(0, "f.ofd", r0).declared("registration_form");
    let mut uploads = vec![f];
    uploads.push(scan(1, "a.jpg", 300).declared("business_license"));
    uploads.push(scan(2, "b.jpg", 300).declared("legal_rep_id"));
    let r = decide(&item("unit-registration"), &unit(), uploads, AT);
    assert_eq!(
        status(&r, "registration_form"),
        MaterialStatus::Indeterminate
    );
    assert_eq!(r.decision, Decision::ManualReview);
}

#[test]
fn constraints_resolution_age_pages_validity() {
    // Low-resolution scan.
    let mut uploads = complete_transfer();
    uploads[1] = scan(1, "id.jpg", 150).declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "LOW_RESOLUTION")]);
    assert!(
        r.notice[0].zh.contains(
            "扫描分辨率为150dpi，低于要求的200dpi。请以不低于200dpi的分辨率重新扫描后上传"
        ),
        "{}",
        r.notice[0].zh
    );
    // A 72-dpi camera default with plenty of pixels is fine; a tiny image is not.
    let mut uploads = complete_transfer();
    uploads[1] = scan(1, "id.jpg", 72).declared("id_card");
    assert_eq!(
        decide(&item("insurance-transfer"), &person(), uploads, AT).decision,
        Decision::Accept
    );
    let mut uploads = complete_transfer();
    let mut tiny = UploadFacts::from_report(1, "id.jpg", report(DocumentKind::Jpeg));
    tiny.image = inspect(&jfif_header_for_tests(72, 320, 200));
    uploads[1] = tiny.declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "LOW_RESOLUTION")]);

    // Certificate issued more than 180 days ago.
    let mut uploads = complete_transfer();
    uploads[2] = signed_pdf(
        2,
        "c.pdf",
        "参保缴费凭证",
        signature(
            "O=某某市社会保险事业管理中心",
            Indication::TotalPassed,
            None,
            datetime!(2026-01-02 00:00 UTC),
        ),
    )
    .declared("contribution_certificate");
    let r = decide(&transfer_with_age_limit(), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "TOO_OLD")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("开具日期为2026年1月2日，已超过180日时限"),
        "{}",
        r.notice[0].zh
    );

    // Too many pages.
    let mut uploads = complete_transfer();
    let mut long = form_pdf(0, "a.pdf", "转移接续申请表");
    long.pages = Some(9);
    uploads[0] = long.declared("transfer_application");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("transfer_application"), "TOO_MANY_PAGES")]
    );

    // Expired licence: its protected metadata says so.
    let licence = licence_pdf(1, "居民身份证", id_card_fields(GOOD_ID, "2026-03-01"));
    let mut uploads = complete_transfer();
    uploads[1] = licence.declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "LICENSE_EXPIRED")]);
    assert!(
        r.notice[0].zh.contains("证照已于2026-03-01过期"),
        "{}",
        r.notice[0].zh
    );
}

#[test]
fn unchecked_constraints_are_listed_not_blocking() {
    let r = decide(
        &item("insurance-transfer"),
        &person(),
        complete_transfer(),
        AT,
    );
    let id = r.materials.iter().find(|m| m.code == "id_card").unwrap();
    // Nothing was read from the scan: neither its validity nor whose it is.
    assert_eq!(id.uploads[0].unchecked, ["still_valid", "binding"]);
    assert_eq!(r.decision, Decision::Accept);
}

#[test]
fn wrong_identifier_inside_an_upload() {
    let uploads = vec![
        scan(0, "id.jpg", 300).declared("id_card"),
        form_pdf(
            1,
            "证明.pdf",
            "解除劳动合同证明 兹证明李四（公民身份号码：321083197812162118）与本单位解除劳动合同",
        )
        .declared("termination_certificate"),
    ];
    let r = decide(&item("unemployment-claim"), &person(), uploads, AT);
    // The termination certificate must be signed/sealed or a scan: an unsigned PDF is WRONG_FORM
    // first; with a signature the identifier check applies.
    assert_eq!(
        codes(&r),
        vec![(Some("termination_certificate"), "WRONG_FORM")]
    );
    let uploads = vec![
        scan(0, "id.jpg", 300).declared("id_card"),
        signed_pdf(
            1,
            "证明.pdf",
            "解除劳动合同证明 兹证明李四（公民身份号码：321083197812162118）",
            signature(
                "O=某某公司",
                Indication::TotalPassed,
                None,
                datetime!(2026-11-01 00:00 UTC),
            ),
        )
        .declared("termination_certificate"),
    ];
    let r = decide(&item("unemployment-claim"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("termination_certificate"), "BAD_IDENTIFIER")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("文件“证明.pdf”所载公民身份号码321083********2118校验未通过"),
        "{}",
        r.notice[0].zh
    );
}

#[test]
fn uploads_without_codes_are_matched_by_content_not_name() {
    // File names point the wrong way on purpose.
    let uploads = vec![
        scan(0, "申请表.jpg", 300),
        form_pdf(
            1,
            "身份证.pdf",
            "基本养老保险关系转移接续申请表 转出地：某某市",
        ),
        social_insurance_certificate(2, Indication::TotalPassed, None),
    ];
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    let used = |code: &str| {
        let m = r.materials.iter().find(|m| m.code == code).unwrap();
        m.uploads
            .iter()
            .map(|u| (u.file_name.clone(), u.matched_by.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        used("transfer_application"),
        vec![("身份证.pdf".to_string(), "content".to_string())]
    );
    assert_eq!(
        used("contribution_certificate"),
        vec![("缴费凭证.pdf".to_string(), "content".to_string())]
    );
    // A JPEG has no text and no signer: only its kind speaks for it, which is not enough.
    assert_eq!(r.unmatched_uploads.len(), 1);
    assert_eq!(r.unmatched_uploads[0].file_name, "申请表.jpg");
    assert_eq!(status(&r, "id_card"), MaterialStatus::Missing);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(
        codes(&r),
        vec![(Some("id_card"), "MISSING"), (None, "UNMATCHED_UPLOAD")]
    );
    let cert = r
        .materials
        .iter()
        .find(|m| m.code == "contribution_certificate")
        .unwrap();
    assert!(
        cert.uploads[0]
            .evidence
            .iter()
            .any(|e| e.starts_with("signer:")),
        "{:?}",
        cert.uploads[0].evidence
    );
}

#[test]
fn matching_by_signer_alone() {
    // No text layer, but an ID-card e-licence sealed by the public security bureau.
    let mut f = licence_pdf(0, "", id_card_fields(GOOD_ID, "2036-03-01"));
    f.file_name = "scan0001.pdf".into();
    let r = decide(&item("unemployment-claim"), &person(), vec![f], AT);
    let id = r.materials.iter().find(|m| m.code == "id_card").unwrap();
    assert_eq!(id.status, MaterialStatus::Satisfied);
    assert_eq!(id.uploads[0].form, Some(MaterialForm::ELicense));
}

#[test]
fn unmatched_upload_alone_sends_complete_application_to_manual_review() {
    let mut uploads = complete_transfer();
    uploads.push(form_pdf(3, "其他.pdf", "会议纪要").declared("no_such_material"));
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview);
    assert_eq!(codes(&r), vec![(None, "UNMATCHED_UPLOAD")]);
    assert!(r.notice[0].zh.contains("（所选的材料不属于本事项）"));
    assert!(!r.notice[0].zh.contains("no_such_material"));
    assert_eq!(
        r.unmatched_uploads[0].declared_material.as_deref(),
        Some("no_such_material")
    );
}

#[test]
fn failed_optional_material_needs_a_person_not_a_return() {
    let uploads = vec![
        scan(0, "id.jpg", 300).declared("id_card"),
        signed_pdf(
            1,
            "t.pdf",
            "终止劳动合同",
            signature(
                "O=某某公司",
                Indication::TotalPassed,
                None,
                datetime!(2026-11-01 00:00 UTC),
            ),
        )
        .declared("termination_certificate"),
        scan(2, "bank.jpg", 100).declared("bank_account"),
    ];
    let r = decide(&item("unemployment-claim"), &person(), uploads, AT);
    assert_eq!(status(&r, "bank_account"), MaterialStatus::Invalid);
    assert_eq!(r.decision, Decision::ManualReview);
    assert_eq!(codes(&r), vec![(Some("bank_account"), "LOW_RESOLUTION")]);
}

#[test]
fn second_failed_copy_of_a_satisfied_material_is_reported() {
    let mut uploads = complete_transfer();
    uploads.push(
        social_insurance_certificate(3, Indication::TotalFailed, Some(SubIndication::HashFailure))
            .declared("contribution_certificate"),
    );
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        status(&r, "contribution_certificate"),
        MaterialStatus::Satisfied
    );
    assert_eq!(r.decision, Decision::ManualReview);
    assert_eq!(r.risk, Risk::High);
    assert_eq!(
        codes(&r),
        vec![(Some("contribution_certificate"), "TAMPERED")]
    );
}

#[test]
fn unreadable_and_polyglot_files() {
    let mut uploads = complete_transfer();
    uploads[1] =
        UploadFacts::from_report(1, "id.exe", report(DocumentKind::Unknown)).declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "UNREADABLE_FILE")]);

    let mut uploads = complete_transfer();
    uploads[1].report.findings.push(Finding::new(
        "POLYGLOT_FILE",
        Severity::Warning,
        crate::verdict::Text::new("x", "x"),
    ));
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview);
    assert_eq!(r.risk, Risk::High);
    assert_eq!(status(&r, "id_card"), MaterialStatus::Indeterminate);
}

#[test]
fn json_shape_follows_the_contract_and_is_deterministic() {
    let mut a = person();
    a.identifier = Some(BAD_ID.into());
    let run = || {
        serde_json::to_value(decide(
            &item("insurance-transfer"),
            &a,
            complete_transfer(),
            AT,
        ))
        .unwrap()
    };
    let v = run();
    assert_eq!(v, run());
    assert_eq!(v["schema"], "sealcheck-review/1");
    assert_eq!(v["item"], "insurance-transfer");
    assert_eq!(v["decision"], "return_for_correction");
    assert_eq!(v["risk"], "low");
    assert_eq!(v["materials"][0]["status"], "satisfied");
    assert_eq!(v["materials"][0]["requirement"], "required");
    assert_eq!(v["materials"][0]["uploads"][0]["matched_by"], "declared");
    assert!(v["notice"][0]["material"].is_null());
    assert!(v["notice"][0]["zh"].is_string() && v["notice"][0]["en"].is_string());
    assert!(v["unmatched_uploads"].as_array().unwrap().is_empty());
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    assert_eq!(v["validation_time"], "2026-11-26T00:00:00Z");
}

#[test]
fn validity_and_date_parsing() {
    use super::assess::{validity_end, Validity};
    use time::macros::date;
    assert_eq!(
        validity_end("有效期至2030年1月5日"),
        Some(Validity::Until(date!(2030 - 01 - 05)))
    );
    assert_eq!(
        validity_end("有效期限：2016.03.01-2036.03.01"),
        Some(Validity::Until(date!(2036 - 03 - 01)))
    );
    assert_eq!(
        validity_end("有效期限2016-03-01至长期"),
        Some(Validity::Indefinite)
    );
    assert_eq!(validity_end("营业期限：长期"), None);
    assert_eq!(validity_end("有效期至2030年2月30日"), None);
    assert_eq!(validity_end("有效期"), None);
}

#[test]
fn reviewer_rejects_unknown_item() {
    let reviewer = Reviewer::new(Verifier::default(), builtin::catalog().unwrap());
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "no-such-item".into(),
        applicant: person(),
        uploads: Vec::new(),
    };
    assert!(reviewer.review(&app, AT).is_err());
}

#[test]
fn reviewer_reads_real_files() {
    // Unsigned Chinese PDFs from testdata/review: recognised by their text layer.
    let read = |n: &str| {
        std::fs::read(format!(
            "{}/testdata/review/{n}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let reviewer = Reviewer::new(Verifier::default(), builtin::catalog().unwrap());
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "unit-registration".into(),
        applicant: unit(),
        uploads: vec![
            Upload {
                material: None,
                file_name: "upload1.pdf".into(),
                bytes: read("unit_registration_form.pdf"),
            },
            Upload {
                material: None,
                file_name: "photo.jpg".into(),
                bytes: jfif_header_for_tests(300, 2480, 3508),
            },
        ],
    };
    let r = reviewer.review(&app, AT).unwrap();
    let form = r
        .materials
        .iter()
        .find(|m| m.code == "registration_form")
        .unwrap();
    assert_eq!(form.uploads.len(), 1, "{:#?}", r.materials);
    assert!(form.uploads[0]
        .evidence
        .contains(&"keyword:社会保险参保登记表".to_string()));
    // It is unsigned, so as the registration form (signed PDF or sealed OFD only) it fails.
    assert_eq!(form.status, MaterialStatus::Invalid);
    assert_eq!(r.documents[0].kind, DocumentKind::Pdf);
    assert_eq!(r.documents[1].kind, DocumentKind::Jpeg);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
}

#[test]
fn wrong_e_licence_identifier_inside_an_upload() {
    let good = id_card_fields(GOOD_ID, "2036-03-01");
    let mut bad = good.clone();
    let id = good.identifier.clone().unwrap();
    let wrong = if id.ends_with('0') { '1' } else { '0' };
    bad.identifier = Some(format!("{}{wrong}", &id[..id.len() - 1]));
    let mut uploads = complete_transfer();
    uploads[1] = licence_pdf(1, "居民身份证", bad).declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("id_card"), "LICENSE_ID_CHECK_CHARACTER")]
    );
    assert!(r.notice[0].zh.contains("校验"), "{}", r.notice[0].zh);
    // No notice tells the check character that would pass.
    assert!(!r.notice[0].zh.contains("应为"), "{}", r.notice[0].zh);
    // The correct identifier passes, and the e-licence is accepted.
    let mut uploads = complete_transfer();
    uploads[1] = licence_pdf(1, "居民身份证", good).declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::Accept, "{:?}", r.notice);
    // A wrong identifier printed in a text layer is still caught.
    let text = "居民身份证 电子证照 证照标识：1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V";
    let mut uploads = complete_transfer();
    uploads[1] = licence_pdf(1, text, id_card_fields(GOOD_ID, "2036-03-01")).declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "BAD_IDENTIFIER")]);
}

#[test]
fn seal_name_is_not_an_identity() {
    let sealed = |seal: serde_json::Value, issuer: Option<&str>| {
        let mut s = SignatureReport::new(SignatureKind::Seal);
        s.field = Some("Doc_0/Signs/Sign_0/Signature.xml#1".into());
        s.indication = Indication::TotalPassed;
        s.signing_time = Some(datetime!(2026-11-10 00:00 UTC));
        s.seal = Some(crate::report::seal_block::SealBlock {
            name: seal["name"].as_str().unwrap_or_default().into(),
            maker: seal.get("maker").map(|m| CertSummary {
                subject: m["subject"].as_str().unwrap_or_default().into(),
                issuer: String::new(),
                serial: String::new(),
                not_before: datetime!(2025-01-01 00:00 UTC),
                not_after: datetime!(2028-01-01 00:00 UTC),
                spki_sha256: None,
                uscc: None,
                resident_id: None,
            }),
            ..Default::default()
        });
        s.issuer = issuer.and_then(registered);
        let mut r = report(DocumentKind::Ofd);
        r.signatures.push(s);
        UploadFacts::from_report(2, "凭证.ofd", r).declared("contribution_certificate")
    };
    // A seal named like the agency, from nobody the registry knows: for staff.
    let mut uploads = complete_transfer();
    uploads[2] = sealed(
        serde_json::json!({"name": "某某市社会保险事业管理中心业务专用章"}),
        None,
    );
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview, "{:?}", r.notice);
    assert!(r.notice.is_empty());
    // The same seal found in the registry (by seal id or key): accepted.
    let mut uploads = complete_transfer();
    uploads[2] = sealed(
        serde_json::json!({"name": "业务专用章"}),
        Some("某某市社会保险事业管理中心"),
    );
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::Accept, "{:?}", r.notice);
    // A seal maker named like the agency makes nothing the agency's.
    let mut uploads = complete_transfer();
    uploads[2] = sealed(
        serde_json::json!({"name": "某某商贸公司公章", "maker": {"subject": "CN=某某市社会保险事业管理中心"}}),
        None,
    );
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(r.decision, Decision::ManualReview, "{:?}", r.notice);
}

#[test]
fn someone_elses_id_card_is_a_holder_mismatch() {
    let other = "33010219200403064X";
    let licence = |number: &str| {
        licence_pdf(1, "居民身份证", id_card_fields(number, "2036-03-01")).declared("id_card")
    };
    let mut uploads = complete_transfer();
    uploads[1] = licence(other);
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        codes(&r),
        vec![(Some("id_card"), "LICENSE_HOLDER_MISMATCH")]
    );
    assert!(
        r.notice[0]
            .zh
            .contains("证照持证主体为李四（330102********064X），与申请所涉人员不一致"),
        "{}",
        r.notice[0].zh
    );
    let mut uploads = complete_transfer();
    uploads[1] = licence(GOOD_ID);
    assert_eq!(
        decide(&item("insurance-transfer"), &person(), uploads, AT).decision,
        Decision::Accept
    );
    // When the applicant's own number is wrong, only that is reported.
    let mut uploads = complete_transfer();
    uploads[1] = licence(other);
    let mut a = person();
    a.identifier = Some(BAD_ID.into());
    assert_eq!(
        codes(&decide(&item("insurance-transfer"), &a, uploads, AT)),
        vec![(None, "ID_CHECK_DIGIT")]
    );
    // A holder mismatch printed in a text layer is still caught.
    let mut uploads = complete_transfer();
    uploads[1] = licence_pdf(
        1,
        &format!("居民身份证 姓名：李四 公民身份号码：{other}"),
        id_card_fields(GOOD_ID, "2036-03-01"),
    )
    .declared("id_card");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(codes(&r), vec![(Some("id_card"), "HOLDER_MISMATCH")]);
}

#[test]
fn signing_time_after_review_time_is_a_doubt() {
    let mut uploads = complete_transfer();
    uploads[2] = signed_pdf(
        2,
        "c.pdf",
        "参保缴费凭证",
        signature(
            "O=某某市社会保险事业管理中心",
            Indication::TotalPassed,
            None,
            datetime!(2027-01-01 00:00 UTC),
        ),
    )
    .declared("contribution_certificate");
    let r = decide(&transfer_with_age_limit(), &person(), uploads, AT);
    assert_eq!(
        status(&r, "contribution_certificate"),
        MaterialStatus::Indeterminate
    );
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty());
}

#[test]
fn declared_upload_whose_text_names_another_material_is_doubted() {
    let mut uploads = complete_transfer();
    uploads[0] = form_pdf(
        0,
        "申请表.pdf",
        "终止劳动合同证明书 兹证明李四与本单位的劳动合同期满终止",
    )
    .declared("transfer_application");
    let r = decide(&item("insurance-transfer"), &person(), uploads, AT);
    assert_eq!(
        status(&r, "transfer_application"),
        MaterialStatus::Indeterminate
    );
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.notice.is_empty());
    assert!(
        r.review_reasons.iter().any(|x| x.zh == "《基本养老保险关系转移接续申请表》文件“申请表.pdf”的内容与《基本养老保险关系转移接续申请表》不符（文字中没有该材料的关键信息），可能上传了错误的文件"),
        "{:?}",
        r.review_reasons
    );
}
