//! The catalog's item-level rules, applied to an application: alternatives (`group`),
//! conditional materials (`required_when`), the form fields (`fields`), the persons an item
//! concerns (`persons`), time limits (`deadlines`), eligibility checks (`eligibility`) and
//! `auto_accept = false`.
//!
//! The review runs in three steps (see [`super::Reviewer::review`]):
//! 1. [`effective_item`] adjusts the checklist to the application before the materials are
//!    judged: a material whose `required_when` field is not true becomes optional, and the
//!    members of a required group become optional (the group as a whole is judged in step 3).
//! 2. [`super::decide`] judges the uploads against that checklist.
//! 3. [`apply`] adds what only the whole application shows: a group with no satisfied member,
//!    missing or malformed form fields, missing persons, a passed deadline, an applicant below
//!    the retirement age, an item that is never accepted on uploads alone. It only ever makes
//!    the decision stricter (accept → manual review → return for correction).

use std::collections::BTreeMap;

use serde_json::Value;
use time::{Date, Duration, OffsetDateTime};

use crate::catalog::{ApplicantType, FieldType, FormField, Requirement, ServiceItem};
use crate::license::{id_number, uscc};
use crate::verdict::Text;

use super::notice::{alternatives, heading, NoticeEntry};
use super::retirement_age::{month_number, Category, Table};
use super::{Application, Decision, MaterialStatus, Review, ReviewReason};

/// The group whose materials justify an early retirement (特殊工种, 病退) for the
/// `retirement_age` check.
pub const EARLY_RETIREMENT_GROUP: &str = "early_retirement";

/// Values of the `retirement_type` field choosing a woman's category in the retirement-age
/// table (English codes, or the words people use).
const FEMALE_CATEGORIES: &[(&str, Category)] = &[
    ("cadre", Category::FemaleCadre),
    ("female_cadre", Category::FemaleCadre),
    ("干部", Category::FemaleCadre),
    ("管理岗位", Category::FemaleCadre),
    ("worker", Category::FemaleWorker),
    ("female_worker", Category::FemaleWorker),
    ("工人", Category::FemaleWorker),
];

/// The field naming a woman's retirement category.
pub const RETIREMENT_TYPE_FIELD: &str = "retirement_type";

/// The checklist as it applies to this application (step 1 of the module doc).
pub fn effective_item(item: &ServiceItem, fields: &BTreeMap<String, Value>) -> ServiceItem {
    let mut effective = item.clone();
    for m in &mut effective.materials {
        if let Some(field) = &m.required_when {
            if boolean(fields.get(field)) != Some(true) {
                m.requirement = Requirement::Optional;
            }
        }
        if m.group.is_some() && m.requirement == Requirement::Required {
            m.requirement = Requirement::Optional;
        }
    }
    effective
}

/// What [`apply`] found, before it is merged into the review.
#[derive(Debug, Default)]
struct Findings {
    /// Defects for the notice that block acceptance.
    blocking: Vec<NoticeEntry>,
    /// Defects for the notice that a person must weigh (a passed deadline).
    weighed: Vec<NoticeEntry>,
    /// Group entries, placed with their first member in checklist order.
    group_entries: Vec<(usize, NoticeEntry)>,
    /// A required group whose uploads all failed: the failure entries are in the notice.
    group_failed: bool,
    reasons: Vec<ReviewReason>,
}

/// Applies the item-level rules to a review made by [`super::decide`] on
/// [`effective_item`] (step 3 of the module doc).
pub fn apply(item: &ServiceItem, app: &Application, review: &mut Review, at: OffsetDateTime) {
    let today = at.date();
    let mut found = Findings::default();
    groups(item, review, &mut found);
    let field_values = fields(item, &app.fields, today, &mut found);
    persons(item, app, &mut found);
    deadlines(item, app.applicant.kind, &field_values, today, &mut found);
    for check in &item.eligibility {
        if check == "retirement_age" {
            retirement_age(item, app, review, today, &mut found);
        }
    }
    if !item.auto_accept {
        found.reasons.push(reason(
            format!(
                "本事项（{}）不能仅凭上传材料自动受理，须由工作人员核实（例如通过人脸识别或现场核验）",
                item.name
            ),
            format!(
                "this item ({}) is never accepted on uploads alone; a person must confirm it (e.g. by face recognition or in person)",
                item.name_en
            ),
        ));
    }
    merge(item, review, found);
}

fn merge(item: &ServiceItem, review: &mut Review, found: Findings) {
    let blocking =
        !found.blocking.is_empty() || !found.group_entries.is_empty() || found.group_failed;
    let needs_person = !found.weighed.is_empty() || !found.reasons.is_empty();
    // Applicant-level entries go after the applicant's own ones, before the materials'.
    let mut at = review
        .notice
        .iter()
        .take_while(|n| n.material.is_none() && n.upload.is_none())
        .count();
    for entry in found.blocking.into_iter().chain(found.weighed) {
        review.notice.insert(at, entry);
        at += 1;
    }
    for (position, entry) in found.group_entries {
        let index_of = |code: &str| item.materials.iter().position(|m| m.code == code);
        let before = review
            .notice
            .iter()
            .position(|n| match &n.material {
                Some(code) => index_of(code).is_some_and(|i| i > position),
                None => n.upload.is_some(),
            })
            .unwrap_or(review.notice.len());
        review.notice.insert(before.max(at), entry);
    }
    review.review_reasons.extend(found.reasons);
    if blocking {
        review.decision = Decision::ReturnForCorrection;
    } else if needs_person && review.decision == Decision::Accept {
        review.decision = Decision::ManualReview;
    }
}

fn reason(zh: String, en: String) -> ReviewReason {
    ReviewReason {
        material: None,
        upload: None,
        zh,
        en,
    }
}

/// An entry about the application form (no material, no upload).
fn form_entry(code: &str, what: Text, action: Text) -> NoticeEntry {
    NoticeEntry {
        material: None,
        code: code.to_string(),
        upload: None,
        supply_by: None,
        zh: format!("【申请表】{}。{}。", what.zh, action.zh),
        en: format!(
            "[Application form] {}. {}.",
            capitalized(&what.en),
            capitalized(&action.en)
        ),
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ----- groups -----

fn groups(item: &ServiceItem, review: &mut Review, found: &mut Findings) {
    let mut seen: Vec<&str> = Vec::new();
    for (first, m) in item.materials.iter().enumerate() {
        let Some(group) = m.group.as_deref() else {
            continue;
        };
        if seen.contains(&group) {
            continue;
        }
        seen.push(group);
        if m.requirement != Requirement::Required {
            continue;
        }
        let members: Vec<&crate::catalog::Material> = item
            .materials
            .iter()
            .filter(|o| o.group.as_deref() == Some(group))
            .collect();
        // The review lists the members as the catalog has them (required), each with its own
        // status; the group is satisfied when any one is.
        let mut statuses = Vec::new();
        for r in &mut review.materials {
            if members.iter().any(|o| o.code == r.code) {
                r.requirement = Requirement::Required;
                statuses.push(r.status);
            }
        }
        if statuses
            .iter()
            .any(|s| matches!(s, MaterialStatus::Satisfied | MaterialStatus::Indeterminate))
        {
            continue;
        }
        if statuses.contains(&MaterialStatus::Invalid) {
            found.group_failed = true;
            continue;
        }
        let names_zh: Vec<String> = members.iter().map(|o| heading(&o.name)).collect();
        let names_en: Vec<String> = members.iter().map(|o| format!("[{}]", o.name_en)).collect();
        found.group_entries.push((
            first,
            NoticeEntry {
                material: Some(m.code.clone()),
                code: "MISSING".into(),
                upload: None,
                supply_by: None,
                zh: format!(
                    "{}未提交，请提交其中任意一项。{}",
                    alternatives(&names_zh, "、", "或"),
                    m.guidance
                ),
                en: format!(
                    "{} missing; please add any one of them. {}",
                    alternatives(&names_en, ", ", " or "),
                    m.guidance_en
                ),
            },
        ));
    }
}

// ----- form fields -----

/// A form value as the review understands it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A calendar date (`YYYY-MM-DD`).
    Date(Date),
    /// Free text, as entered.
    Text(String),
    /// Yuan, as written (validated decimal).
    Amount(String),
    /// A whole number.
    Integer(i64),
    /// `true` or `false` (a JSON boolean, or the string `true`/`是`, `false`/`否`).
    Boolean(bool),
    /// Normalised unified social credit code.
    Uscc(String),
    /// Normalised 18-character resident ID number.
    IdNumber(String),
}

fn boolean(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim() {
            "true" | "是" => Some(true),
            "false" | "否" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A value that says nothing: absent, null or blank.
fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// Parses a form value per its declared type: `Err` says what is wrong (zh, en).
pub fn parse_field(kind: FieldType, value: &Value, today: Date) -> Result<FieldValue, Text> {
    let text = value.as_str().map(str::trim);
    match kind {
        FieldType::Date => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let d = text
                .filter(|t| t.len() == 10)
                .and_then(|t| Date::parse(t, &format).ok())
                .ok_or_else(|| {
                    Text::new(
                        "is not a date of the form YYYY-MM-DD",
                        "不是“年-月-日”（YYYY-MM-DD）格式的有效日期",
                    )
                })?;
            if d > today {
                return Err(Text::new(
                    "is after the date of application",
                    "晚于申请日期",
                ));
            }
            Ok(FieldValue::Date(d))
        }
        FieldType::Text => match text {
            Some(t) if !t.is_empty() => Ok(FieldValue::Text(t.to_string())),
            _ => Err(Text::new("is not text", "不是文字内容")),
        },
        FieldType::Amount => {
            let written = match value {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.trim().to_string(),
                _ => String::new(),
            };
            let (whole, cents) = written.split_once('.').unwrap_or((&written, ""));
            let ok = !whole.is_empty()
                && whole.len() <= 15
                && whole.bytes().all(|b| b.is_ascii_digit())
                && cents.len() <= 2
                && cents.bytes().all(|b| b.is_ascii_digit())
                && !(written.contains('.') && cents.is_empty());
            if ok {
                Ok(FieldValue::Amount(written))
            } else {
                Err(Text::new(
                    "is not an amount in yuan (digits, at most two decimals, not negative)",
                    "不是有效金额（以元为单位的非负数，最多两位小数）",
                ))
            }
        }
        FieldType::Integer => {
            let n = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            n.map(FieldValue::Integer)
                .ok_or_else(|| Text::new("is not a whole number", "不是整数"))
        }
        FieldType::Boolean => boolean(Some(value))
            .map(FieldValue::Boolean)
            .ok_or_else(|| Text::new("is not yes or no (true/false)", "不是“是”或“否”")),
        FieldType::Uscc => {
            let t = text.ok_or_else(|| Text::new("is not a code", "不是代码"))?;
            uscc::check(t)
                .map(|c| FieldValue::Uscc(c.code))
                .map_err(|e| e.text)
        }
        FieldType::IdNumber => {
            let t = text.ok_or_else(|| Text::new("is not an ID number", "不是证件号码"))?;
            id_number::check_any_at(t, today)
                .map(|id| FieldValue::IdNumber(id.number))
                .map_err(|e| e.text)
        }
    }
}

/// Checks every declared field; returns the values that parsed.
fn fields(
    item: &ServiceItem,
    values: &BTreeMap<String, Value>,
    today: Date,
    found: &mut Findings,
) -> BTreeMap<String, FieldValue> {
    let mut parsed = BTreeMap::new();
    for field in &item.fields {
        let value = values.get(&field.name);
        if is_blank(value) {
            if field.required {
                found.blocking.push(form_entry(
                    "FIELD_MISSING",
                    Text::new(
                        format!("\"{}\" is not filled in", field.label_en),
                        format!("未填写“{}”", field.label),
                    ),
                    Text::new("please fill it in", "请补充填写"),
                ));
            }
            continue;
        }
        let Some(value) = value else { continue };
        match parse_field(field.kind, value, today) {
            Ok(v) => {
                parsed.insert(field.name.clone(), v);
            }
            Err(why) => found.blocking.push(invalid_field(field, &why)),
        }
    }
    let unknown: Vec<&str> = values
        .keys()
        .filter(|k| item.field(k).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        found.reasons.push(reason(
            format!(
                "申请数据含有本事项未定义的填报项：{}（可能是门户的字段名有误，须人工核对）",
                unknown.join("、")
            ),
            format!(
                "the application carries fields this item does not define: {} (perhaps a misnamed portal field; a person must check)",
                unknown.join(", ")
            ),
        ));
    }
    parsed
}

fn invalid_field(field: &FormField, why: &Text) -> NoticeEntry {
    form_entry(
        "FIELD_INVALID",
        Text::new(
            format!("\"{}\" {}", field.label_en, why.en),
            format!("“{}”{}", field.label, why.zh),
        ),
        Text::new("please correct it", "请核对后重新填写"),
    )
}

// ----- persons -----

fn persons(item: &ServiceItem, app: &Application, found: &mut Findings) {
    for role in item.persons.iter().filter(|p| p.required) {
        let given = app
            .persons
            .iter()
            .find(|p| p.role == role.role && !p.name.trim().is_empty());
        if given.is_none() {
            found.blocking.push(form_entry(
                "PERSON_MISSING",
                Text::new(
                    format!("the name of {} is not given", role.name_en),
                    format!("未填写{}的姓名", role.name),
                ),
                Text::new(
                    format!(
                        "fill in the name and resident ID number of {}",
                        role.name_en
                    ),
                    format!("请填写{}的姓名和公民身份号码", role.name),
                ),
            ));
        }
    }
    let unknown: Vec<&str> = app
        .persons
        .iter()
        .filter(|p| item.person(&p.role).is_none())
        .map(|p| p.role.as_str())
        .collect();
    if !unknown.is_empty() {
        found.reasons.push(reason(
            format!("申请数据含有本事项未定义的人员角色：{}", unknown.join("、")),
            format!(
                "the application names person roles this item does not define: {}",
                unknown.join(", ")
            ),
        ));
    }
}

// ----- deadlines -----

fn zh_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

fn deadlines(
    item: &ServiceItem,
    kind: ApplicantType,
    values: &BTreeMap<String, FieldValue>,
    today: Date,
    found: &mut Findings,
) {
    for deadline in &item.deadlines {
        if deadline.applicant_type.is_some_and(|t| t != kind) {
            continue;
        }
        let Some(FieldValue::Date(from)) = values.get(&deadline.field) else {
            // Missing or malformed: already a FIELD_* entry.
            continue;
        };
        let Some(last) = from.checked_add(Duration::days(i64::from(deadline.within_days))) else {
            continue;
        };
        if today <= last {
            continue;
        }
        let label = item
            .field(&deadline.field)
            .map(|f| (f.label.as_str(), f.label_en.as_str()))
            .unwrap_or((deadline.field.as_str(), deadline.field.as_str()));
        let late = (today - last).whole_days();
        found.weighed.push(NoticeEntry {
            material: None,
            code: "DEADLINE_PASSED".into(),
            upload: None,
            supply_by: None,
            zh: format!(
                "【申请时限】本事项应自{}（{}）起{}日内申请，截至{}已超过{}日。如有正当理由（如不可抗力或单位原因延误），请在申请中说明，工作人员将人工核实能否受理。",
                label.0,
                zh_date(*from),
                deadline.within_days,
                zh_date(today),
                late
            ),
            en: format!(
                "[Time limit] This item must be applied for within {} days of the {} ({}); on {} that limit was passed by {} days. If there is a good reason (force majeure, a delay by the employer), explain it in the application; staff will check whether it can still be accepted.",
                deadline.within_days,
                label.1.to_lowercase(),
                from,
                today,
                late
            ),
        });
        found.reasons.push(reason(
            format!(
                "超过申请时限：{}为{}，时限{}日，已超过{}日",
                label.0,
                zh_date(*from),
                deadline.within_days,
                late
            ),
            format!(
                "time limit passed: {} is {from}, limit {} days, {late} days late",
                label.1, deadline.within_days
            ),
        ));
    }
}

// ----- eligibility: retirement age -----

fn retirement_age(
    item: &ServiceItem,
    app: &Application,
    review: &Review,
    today: Date,
    found: &mut Findings,
) {
    if app.applicant.kind != ApplicantType::Individual {
        return;
    }
    // A malformed ID number is already the applicant's defect; nothing to compute from.
    let Some(id) = app
        .applicant
        .identifier
        .as_deref()
        .and_then(|v| id_number::check_any_at(v, today).ok())
    else {
        return;
    };
    let table = match Table::builtin() {
        Ok(t) => t,
        Err(e) => {
            found.reasons.push(reason(
                format!("法定退休年龄表不可用，须人工核对退休年龄：{e}"),
                format!("the retirement age table is unavailable; check the age by hand: {e}"),
            ));
            return;
        }
    };
    let male = id.sequence % 2 == 1;
    let female_type = app
        .fields
        .get(RETIREMENT_TYPE_FIELD)
        .filter(|v| !is_blank(Some(v)))
        .map(|v| {
            let t = v.as_str().map(str::trim).unwrap_or_default();
            FEMALE_CATEGORIES
                .iter()
                .find(|(name, _)| *name == t)
                .map(|(_, c)| *c)
        });
    let category = if male {
        Category::Male
    } else {
        match female_type {
            Some(Some(c)) => c,
            Some(None) => {
                let label = item
                    .field(RETIREMENT_TYPE_FIELD)
                    .map(|f| (f.label.clone(), f.label_en.clone()))
                    .unwrap_or_else(|| ("退休类别".into(), "retirement category".into()));
                found.blocking.push(form_entry(
                    "FIELD_INVALID",
                    Text::new(
                        format!("\"{}\" is neither cadre nor worker", label.1),
                        format!("“{}”只能填写cadre（干部）或worker（工人）", label.0),
                    ),
                    Text::new("please correct it", "请核对后重新填写"),
                ));
                return;
            }
            // Unknown category: judged against the lower age (women workers); between the two
            // ages a person must establish the category.
            None => Category::FemaleWorker,
        }
    };
    let age = table.age(category, id.birth_date);
    let reached_in = Table::reached_in(id.birth_date, age);
    let now = month_number(today);
    if now >= reached_in {
        if !male && female_type.is_none() {
            let cadre = table.age(Category::FemaleCadre, id.birth_date);
            if now < Table::reached_in(id.birth_date, cadre) {
                found.reasons.push(reason(
                    format!(
                        "申请人为女性，已达到原50周岁类别的退休年龄（{}），未达到原55周岁类别的退休年龄（{}），申请未填写退休类别，须核实其岗位类别",
                        age.zh(),
                        cadre.zh()
                    ),
                    format!(
                        "the applicant is a woman who has reached the retirement age of the category originally 50 ({}) but not of the one originally 55 ({}), and the application does not say which; a person must establish the category",
                        age.en(),
                        cadre.en()
                    ),
                ));
            }
        }
        return;
    }
    let year = reached_in.div_euclid(12);
    let month = reached_in.rem_euclid(12) + 1;
    let early: Vec<&str> = item
        .materials
        .iter()
        .filter(|m| m.group.as_deref() == Some(EARLY_RETIREMENT_GROUP))
        .filter(|m| {
            review.materials.iter().any(|r| {
                r.code == m.code
                    && matches!(
                        r.status,
                        MaterialStatus::Satisfied | MaterialStatus::Indeterminate
                    )
            })
        })
        .map(|m| m.name.as_str())
        .collect();
    let birth = id.birth_date;
    if !early.is_empty() {
        found.reasons.push(reason(
            format!(
                "申请人{}年{}月出生，法定退休年龄为{}，{}年{}月达到，目前未达到；已提交提前退休材料（{}），须人工审核是否符合提前退休条件",
                birth.year(),
                u8::from(birth.month()),
                age.zh(),
                year,
                month,
                early.join("、")
            ),
            format!(
                "the applicant, born {}-{:02}, reaches the statutory retirement age of {} in {year}-{month:02}, not yet; early-retirement evidence was uploaded, so a person must decide whether early retirement applies",
                birth.year(),
                u8::from(birth.month()),
                age.en()
            ),
        ));
        return;
    }
    found.blocking.push(NoticeEntry {
        material: None,
        code: "BELOW_RETIREMENT_AGE".into(),
        upload: None,
        supply_by: None,
        zh: format!(
            "【申请条件】按公民身份号码，申请人{}年{}月出生，法定退休年龄为{}，将于{}年{}月达到，目前尚未达到，暂不能申领。按国家规定从事特殊工种或因病完全丧失劳动能力、申请提前退休的，请上传相应证明材料。",
            birth.year(),
            u8::from(birth.month()),
            age.zh(),
            year,
            month
        ),
        en: format!(
            "[Eligibility] By the resident ID number the applicant was born in {}-{:02}; the statutory retirement age is {}, reached in {year}-{month:02}, so the pension cannot be claimed yet. If you retire early for special-type work or because illness took away your capacity to work, upload the evidence for it.",
            birth.year(),
            u8::from(birth.month()),
            age.en()
        ),
    });
}

#[cfg(test)]
mod tests;
