//! Whose a material is: binding an upload to the person it must be about.
//!
//! A material the applicant holds (`held_by_applicant`: their ID card, their termination
//! certificate) must name the applicant; a material that `concerns` a person role of the item
//! (the deceased's death certificate) must name that person of the application. What the upload
//! says comes from its [`Evidence`] (text layer, OFD page text, metadata, OCR), never from its
//! file name:
//!
//! - when the upload shows resident ID numbers, the person's number must be among them (both
//!   sides normalised: 15 digits upgraded to 18, `x` to `X`);
//! - otherwise, when it shows names, the person's name must be among them (whitespace,
//!   full-width forms and middle dots ignored);
//! - otherwise nothing binds it, and the review lists `binding` as unchecked.
//!
//! A material that states the date of a form field (`date_field`: the termination date, the
//! date of death) must state the same date as the form.
//!
//! The notice never prints another person's number in full: a number is shown masked (first
//! six and last four characters, [`mask_id`]).

use std::collections::BTreeMap;

use time::Date;

use crate::catalog::{ApplicantType, Material, ServiceItem};
use crate::evidence::{normalize_name, DateRole, Evidence};
use crate::license::id::normalize_resident_id;
use crate::verdict::Text;

use super::application::Person;
use super::notice::mask_id;
use super::problem::Problem;
use super::Applicant;

/// What the application says beyond the applicant: the other persons and the form fields.
#[derive(Debug, Clone, Copy)]
pub struct FormContext<'a> {
    /// The other people the item concerns, as the application names them.
    pub persons: &'a [Person],
    /// Form values by the item's field names.
    pub fields: &'a BTreeMap<String, serde_json::Value>,
}

impl<'a> FormContext<'a> {
    /// No persons, no fields (the CLI shorthand without `--application`).
    pub fn empty() -> FormContext<'static> {
        static FIELDS: BTreeMap<String, serde_json::Value> = BTreeMap::new();
        FormContext {
            persons: &[],
            fields: &FIELDS,
        }
    }

    /// The text value of a form field, trimmed; `None` when absent, empty or not a string.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields
            .get(field)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The date value of a form field (`YYYY-MM-DD`).
    pub fn date(&self, field: &str) -> Option<Date> {
        self.text(field).and_then(parse_iso_date)
    }

    fn person(&self, role: &str) -> Option<&'a Person> {
        self.persons.iter().find(|p| p.role == role)
    }
}

/// `YYYY-MM-DD` as a date.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// What an upload says: its gathered [`Evidence`], completed from the review's own text layer
/// and OCR text where the evidence has nothing from them (each line as a line of its page);
/// when any fact is covered by a valid signature, only the covered facts.
pub fn evidence_of(facts: &super::UploadFacts) -> Evidence {
    use crate::evidence::{Origin, SourcedLine};
    let mut evidence = facts.evidence.clone();
    let has = |e: &Evidence, origin: Origin| e.facts.iter().any(|f| f.source.origin == origin);
    let signed = super::matching::signatures(facts).any(|s| {
        s.indication == crate::verdict::Indication::TotalPassed && s.covers_whole_document
    });
    let lines = |text: &str, origin: Origin, signed: bool| -> Vec<SourcedLine> {
        text.lines()
            .enumerate()
            .map(|(i, l)| SourcedLine {
                text: l.to_string(),
                origin,
                page: 1,
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                signed,
            })
            .collect()
    };
    let pdf_origin = match facts.report.kind {
        crate::report::DocumentKind::Ofd => Origin::OfdText,
        _ => Origin::PdfText,
    };
    if !facts.text.trim().is_empty() && !has(&evidence, pdf_origin) {
        let more = Evidence::from_lines(&lines(&facts.text, pdf_origin, signed));
        evidence.facts.extend(more.facts);
    }
    if !facts.ocr_text.trim().is_empty() && !has(&evidence, Origin::Ocr) {
        let more = Evidence::from_lines(&lines(&facts.ocr_text, Origin::Ocr, false));
        evidence.facts.extend(more.facts);
    }
    // What a valid signature covers outranks what it does not: text or metadata added beside a
    // signed document (an unsigned Info dictionary naming the applicant) binds nothing.
    if evidence.facts.iter().any(|f| f.source.signed) {
        evidence.facts.retain(|f| f.source.signed);
    }
    evidence
}

/// The person a material must name, as the application gives them.
struct Subject<'a> {
    /// `None`: the applicant.
    role: Option<&'a str>,
    name: &'a str,
    id: Option<String>,
    /// The role's names for the notice (`死者`, `the deceased`).
    zh: String,
    en: String,
}

fn subject<'a>(
    item: &ServiceItem,
    material: &'a Material,
    applicant: &'a Applicant,
    form: &'a FormContext<'a>,
) -> Option<Subject<'a>> {
    if let Some(role) = material.concerns.as_deref() {
        let person = form.person(role)?;
        let (zh, en) = item
            .persons
            .iter()
            .find(|r| r.role == role)
            .map(|r| (r.name.clone(), r.name_en.clone()))
            .unwrap_or_else(|| ("申请所涉人员".into(), "the person concerned".into()));
        return Some(Subject {
            role: Some(role),
            name: person.name.as_str(),
            id: person.id.as_deref().and_then(normalize_resident_id),
            zh,
            en,
        });
    }
    if !material.held_by_applicant || applicant.kind != ApplicantType::Individual {
        return None;
    }
    Some(Subject {
        role: None,
        name: applicant.name.as_str(),
        // A mistyped number is reported on its own; the name still binds.
        id: applicant
            .identifier
            .as_deref()
            .and_then(normalize_resident_id)
            .filter(|id| crate::license::id::check(id).is_ok()),
        zh: "申请人".into(),
        en: "the applicant".into(),
    })
}

fn whose_action(s: &Subject<'_>) -> Text {
    match s.role {
        None => Text::new(
            "upload the document that belongs to the applicant",
            "请上传申请人本人的材料",
        ),
        Some(_) => Text::new(
            format!("upload the document of {}", s.en),
            format!("请上传{}本人的材料", s.zh),
        ),
    }
}

/// Checks that `evidence` (and the valid resident ID numbers printed after a label in the text,
/// `labelled_ids`) names the person `material` must be about, and states the form's date. Defects come back as problems; what could not be checked goes to `unchecked`.
pub fn check(
    item: &ServiceItem,
    material: &Material,
    applicant: &Applicant,
    form: &FormContext<'_>,
    evidence: &Evidence,
    labelled_ids: &[String],
    unchecked: &mut Vec<String>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(s) = subject(item, material, applicant, form) {
        problems.extend(person_mismatch(&s, evidence, labelled_ids, unchecked));
    } else if material.concerns.is_some() {
        // The role is not in the application; the item's rules report the missing person.
        unchecked.push("concerns".into());
    }
    if let Some(field) = material.date_field.as_deref() {
        problems.extend(date_mismatch(item, field, form, evidence, unchecked));
    }
    problems
}

fn person_mismatch(
    s: &Subject<'_>,
    evidence: &Evidence,
    labelled_ids: &[String],
    unchecked: &mut Vec<String>,
) -> Option<Problem> {
    let mut printed_ids: Vec<String> = Vec::new();
    for id in evidence
        .person_ids()
        .map(|f| f.value.as_str())
        .chain(labelled_ids.iter().map(String::as_str))
        .filter_map(normalize_resident_id)
    {
        if !printed_ids.contains(&id) {
            printed_ids.push(id);
        }
    }
    if let (Some(own), false) = (&s.id, printed_ids.is_empty()) {
        if printed_ids.contains(own) {
            return None;
        }
        let shown: Vec<String> = printed_ids.iter().take(2).map(|i| mask_id(i)).collect();
        return Some(Problem::new(
            if s.role.is_none() {
                "HOLDER_MISMATCH"
            } else {
                "PERSON_MISMATCH"
            },
            Text::new(
                format!(
                    "shows the ID number {}, which is not the ID number of {}; the document does not belong to {}",
                    shown.join(", "),
                    s.en,
                    s.en
                ),
                format!(
                    "所载公民身份号码为{}，与{}的公民身份号码不一致，不属于{}本人",
                    shown.join("、"),
                    s.zh,
                    s.zh
                ),
            ),
            whose_action(s),
        ));
    }
    let own_name = normalize_name(s.name);
    let printed_names: Vec<String> = evidence.names().map(|f| normalize_name(&f.value)).collect();
    if !own_name.is_empty() && !printed_names.is_empty() {
        if printed_names.contains(&own_name) {
            return None;
        }
        return Some(Problem::new(
            if s.role.is_none() {
                "HOLDER_MISMATCH"
            } else {
                "PERSON_MISMATCH"
            },
            Text::new(
                format!(
                    "names another person, not {}; the document does not belong to {}",
                    s.en, s.en
                ),
                format!("所载姓名与{}的姓名不一致，不属于{}本人", s.zh, s.zh),
            ),
            whose_action(s),
        ));
    }
    unchecked.push("binding".into());
    None
}

/// The role of the dates a form field holds, from the field's name.
fn role_of_field(field: &str) -> Option<DateRole> {
    if field.contains("termination") {
        Some(DateRole::Termination)
    } else if field.contains("death") {
        Some(DateRole::Death)
    } else if field.contains("birth") {
        Some(DateRole::Birth)
    } else {
        None
    }
}

fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

fn date_mismatch(
    item: &ServiceItem,
    field: &str,
    form: &FormContext<'_>,
    evidence: &Evidence,
    unchecked: &mut Vec<String>,
) -> Option<Problem> {
    let (Some(role), Some(wanted)) = (role_of_field(field), form.date(field)) else {
        unchecked.push("date_field".into());
        return None;
    };
    let stated: Vec<Date> = evidence
        .dates(role)
        .filter_map(|f| parse_iso_date(&f.value))
        .collect();
    let Some(first) = stated.first().copied() else {
        unchecked.push("date_field".into());
        return None;
    };
    if stated.contains(&wanted) {
        return None;
    }
    let (label_zh, label_en) = item
        .fields
        .iter()
        .find(|f| f.name == field)
        .map(|f| (f.label.clone(), f.label_en.clone()))
        .unwrap_or_else(|| ("日期".into(), "date".into()));
    Some(Problem::new(
        "DATE_MISMATCH",
        Text::new(
            format!(
                "states {first} as the {}, but the application form gives {wanted}",
                label_en.to_lowercase()
            ),
            format!(
                "所载{label_zh}为{}，与申请表填写的{}不一致",
                date_zh(first),
                date_zh(wanted)
            ),
        ),
        Text::new(
            format!(
                "check the {} on the form against the document and correct whichever is wrong",
                label_en.to_lowercase()
            ),
            format!("请核对申请表填写的{label_zh}与材料所载日期，更正有误的一方"),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_six_and_four() {
        assert_eq!(mask_id("440304198506124562"), "440304********4562");
        assert_eq!(mask_id("123"), "***");
    }

    #[test]
    fn notice_texts_mask_ids_and_stay_english() {
        use crate::review::notice::{english_only, mask_ids};
        assert_eq!(
            mask_ids("号码321083197812162119，旧号440304900307123。"),
            "号码321083********2119，旧号440304*****7123。"
        );
        // Credit codes with letters and short numbers stay.
        assert_eq!(
            mask_ids("91440300MA5F000181 2026"),
            "91440300MA5F000181 2026"
        );
        assert_eq!(
            english_only("signed by “测试市甲科技有限公司”, not by the employer"),
            "signed by, not by the employer"
        );
        assert!(english_only("文件（副本）: ok").is_ascii());
    }

    #[test]
    fn unsigned_facts_beside_signed_ones_bind_nothing() {
        use crate::evidence::{Fact, FactKind, FactSource, Origin};
        let fact = |value: &str, origin, signed| Fact {
            kind: FactKind::ResidentId,
            value: value.into(),
            label: None,
            source: FactSource {
                origin,
                page: 1,
                line: 1,
                signed,
            },
        };
        let report = crate::report::DocumentReport::empty("", crate::report::DocumentKind::Pdf, 1);
        let mut facts = crate::review::UploadFacts::from_report(0, "f.pdf", report);
        facts.evidence.facts = vec![
            fact("440304198506124562", Origin::PdfText, true),
            // Written into the unsigned metadata to make the certificate look like the
            // applicant's.
            fact("44030419900307123X", Origin::PdfMetadata, false),
        ];
        let evidence = evidence_of(&facts);
        let ids: Vec<&str> = evidence.person_ids().map(|f| f.value.as_str()).collect();
        assert_eq!(ids, ["440304198506124562"]);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            parse_iso_date("2026-10-31"),
            Some(time::macros::date!(2026 - 10 - 31))
        );
        assert_eq!(parse_iso_date("2026-13-01"), None);
        assert_eq!(parse_iso_date("31.10.2026"), None);
    }
}
