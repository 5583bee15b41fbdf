//! The item-level rules on the built-in catalog's items, through the same three steps as
//! [`crate::review::Reviewer::review`] (on hand-made upload facts).

use serde_json::json;
use time::macros::{date, datetime};
use time::OffsetDateTime;

use super::*;
use crate::catalog::{builtin, Risk};
use crate::image::density::{inspect, jfif_header_for_tests};
use crate::report::{DocumentKind, DocumentReport};
use crate::review::application::Person;
use crate::review::{decide, Applicant, UploadFacts};

const AT: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);

fn item(code: &str) -> ServiceItem {
    builtin::catalog().unwrap().item(code).unwrap().clone()
}

/// A valid resident ID number from its first 17 digits.
fn id(first17: &str) -> String {
    format!("{first17}{}", id_number::check_character(first17).unwrap())
}

fn person_with(identifier: &str) -> Applicant {
    Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some(identifier.into()),
    }
}

fn person() -> Applicant {
    person_with("321083197812162119")
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

fn scan(i: usize, material: &str) -> UploadFacts {
    let mut f = UploadFacts::from_report(i, &format!("{material}.jpg"), report(DocumentKind::Jpeg));
    f.image = inspect(&jfif_header_for_tests(300, 2480, 3508));
    f.pages = Some(1);
    f.declared(material)
}

fn form(i: usize, material: &str, text: &str) -> UploadFacts {
    let mut f = UploadFacts::from_report(i, &format!("{material}.pdf"), report(DocumentKind::Pdf))
        .with_text(text);
    f.pages = Some(1);
    f.declared(material)
}

fn fields(value: serde_json::Value) -> BTreeMap<String, Value> {
    match value {
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

/// Steps 1–3 of the module doc on `item`.
fn review_of(
    item: &ServiceItem,
    applicant: Applicant,
    persons: Vec<Person>,
    values: serde_json::Value,
    uploads: Vec<UploadFacts>,
) -> Review {
    let app = Application {
        item: item.code.clone(),
        applicant,
        uploads: Vec::new(),
        persons,
        fields: fields(values),
    };
    let checklist = effective_item(item, &app.fields);
    let mut review = decide(&checklist, &app.applicant, uploads, AT);
    apply(item, &app, &mut review, AT);
    review
}

fn codes(r: &Review) -> Vec<(Option<&str>, &str)> {
    r.notice
        .iter()
        .map(|n| (n.material.as_deref(), n.code.as_str()))
        .collect()
}

fn deceased() -> Vec<Person> {
    vec![Person {
        role: "deceased".into(),
        name: "王五".into(),
        id: Some(id("32108319480101001")),
    }]
}

fn funeral_uploads(death_proof: Option<&str>) -> Vec<UploadFacts> {
    let mut uploads = vec![
        form(0, "application_form", "丧葬补助金、抚恤金申领表"),
        scan(1, "claimant_id_card"),
        scan(2, "kinship_proof"),
        scan(3, "bank_account"),
    ];
    if let Some(code) = death_proof {
        uploads.push(scan(4, code));
    }
    uploads
}

fn funeral_fields(other_survivors: bool) -> serde_json::Value {
    json!({"date_of_death": "2026-10-01", "relationship": "子女", "has_other_survivors": other_survivors})
}

#[test]
fn any_member_of_a_group_satisfies_it() {
    let funeral = item("funeral-survivor-claim");
    for proof in ["death_certificate", "household_cancellation"] {
        let r = review_of(
            &funeral,
            person(),
            deceased(),
            funeral_fields(false),
            funeral_uploads(Some(proof)),
        );
        assert!(r.notice.is_empty(), "{proof}: {:#?}", r.notice);
        // High risk: a person looks, but nothing is to be corrected.
        assert_eq!(r.decision, Decision::ManualReview);
        let listed: Vec<(&str, Requirement, MaterialStatus)> = r
            .materials
            .iter()
            .filter(|m| m.code == "death_certificate" || m.code == "household_cancellation")
            .map(|m| (m.code.as_str(), m.requirement, m.status))
            .collect();
        assert_eq!(listed.len(), 2);
        assert!(listed
            .iter()
            .all(|(_, req, _)| *req == Requirement::Required));
        assert!(listed
            .iter()
            .any(|(code, _, s)| *code == proof && *s == MaterialStatus::Satisfied));
    }
}

#[test]
fn a_missing_group_is_one_entry_naming_the_alternatives() {
    let r = review_of(
        &item("funeral-survivor-claim"),
        person(),
        deceased(),
        funeral_fields(false),
        funeral_uploads(None),
    );
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(codes(&r), [(Some("death_certificate"), "MISSING")]);
    assert!(
        r.notice[0]
            .zh
            .starts_with("【死亡证明（医疗卫生机构或公安机关出具）】或【户籍注销证明】未提交，请提交其中任意一项。"),
        "{}",
        r.notice[0].zh
    );
    assert!(r.notice[0].en.contains(
        "[Death certificate (from a medical institution or the police)] or [Certificate of cancellation of household registration] missing"
    ));
}

#[test]
fn conditional_material_is_required_only_when_its_field_is_true() {
    let funeral = item("funeral-survivor-claim");
    let r = review_of(
        &funeral,
        person(),
        deceased(),
        funeral_fields(true),
        funeral_uploads(Some("death_certificate")),
    );
    assert_eq!(codes(&r), [(Some("survivors_authorisation"), "MISSING")]);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    let r = review_of(
        &funeral,
        person(),
        deceased(),
        funeral_fields(false),
        funeral_uploads(Some("death_certificate")),
    );
    let auth = r
        .materials
        .iter()
        .find(|m| m.code == "survivors_authorisation")
        .unwrap();
    assert_eq!(auth.requirement, Requirement::Optional);
    assert_eq!(auth.status, MaterialStatus::Missing);
    assert!(r.notice.is_empty());
}

#[test]
fn required_person_and_fields() {
    let r = review_of(
        &item("funeral-survivor-claim"),
        person(),
        Vec::new(),
        json!({"date_of_death": "2026/10/01", "has_other_survivors": "maybe", "extra": 1}),
        funeral_uploads(Some("death_certificate")),
    );
    assert_eq!(
        codes(&r),
        [
            (None, "FIELD_INVALID"),
            (None, "FIELD_MISSING"),
            (None, "FIELD_INVALID"),
            (None, "PERSON_MISSING"),
        ]
    );
    assert_eq!(
        r.notice[0].zh,
        "【申请表】“死亡日期”不是“年-月-日”（YYYY-MM-DD）格式的有效日期。请核对后重新填写。"
    );
    assert_eq!(
        r.notice[1].zh,
        "【申请表】未填写“申领人与死者的关系”。请补充填写。"
    );
    assert_eq!(
        r.notice[3].en,
        "[Application form] The name of the deceased is not given. Fill in the name and resident ID number of the deceased."
    );
    // The unknown field is for staff, not for the applicant.
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.en.contains("fields this item does not define: extra")));
}

#[test]
fn typed_values_parse() {
    let today = date!(2026 - 11 - 26);
    let ok = |kind, v: serde_json::Value| parse_field(kind, &v, today);
    assert_eq!(
        ok(FieldType::Date, json!("2026-01-31")),
        Ok(FieldValue::Date(date!(2026 - 01 - 31)))
    );
    assert!(ok(FieldType::Date, json!("2026-02-30")).is_err());
    assert!(ok(FieldType::Date, json!("2026-1-3")).is_err());
    assert!(ok(FieldType::Date, json!("2027-01-01")).is_err(), "future");
    assert!(ok(FieldType::Date, json!(20260101)).is_err());
    assert_eq!(
        ok(FieldType::Amount, json!("1234.5")),
        Ok(FieldValue::Amount("1234.5".into()))
    );
    assert!(ok(FieldType::Amount, json!(12.25)).is_ok());
    for bad in [
        json!("-3"),
        json!("1.234"),
        json!("1."),
        json!("一百"),
        json!(true),
    ] {
        assert!(ok(FieldType::Amount, bad.clone()).is_err(), "{bad}");
    }
    assert_eq!(
        ok(FieldType::Integer, json!(" 15 ")),
        Ok(FieldValue::Integer(15))
    );
    assert!(ok(FieldType::Integer, json!(1.5)).is_err());
    assert_eq!(
        ok(FieldType::Boolean, json!("否")),
        Ok(FieldValue::Boolean(false))
    );
    assert!(ok(FieldType::Boolean, json!(1)).is_err());
    assert_eq!(
        ok(FieldType::Uscc, json!("91310110666007217t")),
        Ok(FieldValue::Uscc("91310110666007217T".into()))
    );
    let wrong = ok(FieldType::Uscc, json!("91310110666007217A")).unwrap_err();
    assert!(wrong.zh.contains("校验"), "{}", wrong.zh);
    assert_eq!(
        ok(FieldType::IdNumber, json!("321083197812162119")),
        Ok(FieldValue::IdNumber("321083197812162119".into()))
    );
    assert!(ok(FieldType::IdNumber, json!("321083197812162118")).is_err());
    assert!(ok(FieldType::Text, json!("  ")).is_err());
}

fn unemployment(termination: &str) -> Review {
    // As a low-risk item, so that the deadline alone decides between accept and a person.
    let mut claim = item("unemployment-claim");
    claim.risk = Risk::Low;
    review_of(
        &claim,
        person(),
        Vec::new(),
        json!({"termination_date": termination, "former_employer_uscc": "91310110666007217T"}),
        vec![scan(0, "id_card"), scan(1, "termination_certificate")],
    )
}

#[test]
fn deadline_counts_from_the_form_date() {
    // 2026-09-27 + 60 days = 2026-11-26: the last day.
    let r = unemployment("2026-09-27");
    assert!(r.notice.is_empty(), "{:#?}", r.notice);
    assert_eq!(r.decision, Decision::Accept);
    let r = unemployment("2026-09-26");
    assert_eq!(codes(&r), [(None, "DEADLINE_PASSED")]);
    assert_eq!(r.decision, Decision::ManualReview);
    assert_eq!(
        r.notice[0].zh,
        "【申请时限】本事项应自劳动关系解除或终止日期（2026年9月26日）起60日内申请，截至2026年11月26日已超过1日。如有正当理由（如不可抗力或单位原因延误），请在申请中说明，工作人员将人工核实能否受理。"
    );
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.en.contains("1 days late")));
}

#[test]
fn deadline_per_applicant_type() {
    let injury = item("work-injury-determination");
    let worker = || {
        vec![Person {
            role: "injured_worker".into(),
            name: "赵六".into(),
            id: None,
        }]
    };
    let late_for = |applicant: Applicant, injury_date: &str| {
        let r = review_of(
            &injury,
            applicant,
            worker(),
            json!({ "injury_date": injury_date }),
            Vec::new(),
        );
        codes(&r).contains(&(None, "DEADLINE_PASSED"))
    };
    let unit = Applicant {
        kind: ApplicantType::Unit,
        name: "上海示例科技有限公司".into(),
        identifier: Some("91310110666007217T".into()),
    };
    // 40 days after the injury: late for the unit, in time for the employee.
    assert!(late_for(unit.clone(), "2026-10-17"));
    assert!(!late_for(person(), "2026-10-17"));
    assert!(!late_for(unit, "2026-11-20"));
    // More than a year: late for the employee too.
    assert!(late_for(person(), "2025-11-20"));
}

fn pension(applicant: Applicant, values: serde_json::Value, early: bool) -> Review {
    let mut uploads = vec![
        scan(0, "application_form"),
        scan(1, "id_card"),
        scan(2, "social_security_card"),
    ];
    if early {
        uploads.push(scan(3, "special_type_work_proof"));
    }
    review_of(
        &item("pension-claim"),
        applicant,
        Vec::new(),
        values,
        uploads,
    )
}

#[test]
fn retirement_age_from_the_id_number() {
    // A man born 1966-03 retires at 60 years 4 months (2026-07): eligible.
    let r = pension(person_with(&id("11010519660315001")), json!({}), false);
    assert!(r.notice.is_empty(), "{:#?}", r.notice);
    assert_eq!(r.decision, Decision::ManualReview, "high risk");
    // A man born 1967-01 retires at 60 years 7 months (2027-08): not yet.
    let r = pension(person_with(&id("11010519670115001")), json!({}), false);
    assert_eq!(codes(&r), [(None, "BELOW_RETIREMENT_AGE")]);
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert!(
        r.notice[0]
            .zh
            .contains("申请人1967年1月出生，法定退休年龄为60周岁7个月，将于2027年8月达到"),
        "{}",
        r.notice[0].zh
    );
    // With early-retirement evidence a person decides.
    let r = pension(person_with(&id("11010519670115001")), json!({}), true);
    assert!(r.notice.is_empty(), "{:#?}", r.notice);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r.review_reasons.iter().any(|x| x
        .zh
        .contains("已提交提前退休材料（特殊工种提前退休审批材料）")));
}

#[test]
fn retirement_type_chooses_the_womens_category() {
    // A woman (even sequence) born 1975-06: 50 years 3 months as a worker (2025-09), 56 years
    // 5 months as a cadre (2031-11).
    let woman = || person_with(&id("11010519750610002"));
    let r = pension(woman(), json!({"retirement_type": "worker"}), false);
    assert!(r.notice.is_empty(), "{:#?}", r.notice);
    let r = pension(woman(), json!({"retirement_type": "cadre"}), false);
    assert_eq!(codes(&r), [(None, "BELOW_RETIREMENT_AGE")]);
    assert!(r.notice[0].zh.contains("56周岁5个月"), "{}", r.notice[0].zh);
    // Not given: eligible as a worker only, so a person establishes the category.
    let r = pension(woman(), json!({}), false);
    assert!(r.notice.is_empty());
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.zh.contains("未填写退休类别")));
    let r = pension(woman(), json!({"retirement_type": "teacher"}), false);
    assert_eq!(codes(&r), [(None, "FIELD_INVALID")]);
}

#[test]
fn items_not_accepted_on_uploads_alone_go_to_a_person() {
    let mut cert = item("benefit-qualification-certification");
    cert.risk = Risk::Low;
    let r = review_of(
        &cert,
        person(),
        Vec::new(),
        json!({}),
        vec![scan(0, "id_card")],
    );
    assert!(r.notice.is_empty(), "{:#?}", r.notice);
    assert_eq!(r.decision, Decision::ManualReview);
    assert!(r
        .review_reasons
        .iter()
        .any(|x| x.en.contains("never accepted on uploads alone")));
}

#[test]
fn an_item_without_materials_is_accepted_on_the_identity_alone() {
    let printout = item("rights-record-printout");
    let r = review_of(&printout, person(), Vec::new(), json!({}), Vec::new());
    assert_eq!(r.decision, Decision::Accept);
    assert!(r.materials.is_empty());
    let r = review_of(
        &printout,
        person_with("321083197812162118"),
        Vec::new(),
        json!({}),
        Vec::new(),
    );
    assert_eq!(r.decision, Decision::ReturnForCorrection);
    assert_eq!(codes(&r), [(None, "ID_CHECK_DIGIT")]);
}
