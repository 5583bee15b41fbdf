//! Checks that need one row only: the ID number and the sex and birth date against it, the
//! name, the credit code and the unit type against it, the injury rate against the risk class.

use std::collections::HashMap;

use time::Date;

use super::columns::{ColumnMap, Field};
use super::injury_rate::{RateProblem, RateTable};
use super::names;
use super::person::{self, DateValue, Sex, SexValue};
use super::report::DefectCode;
use super::row::Fields;
use super::unit_type::UnitTypeTable;
use crate::license::{id_number, uscc};

/// A defect found in one row, before it gets its row number and column header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowDefect {
    pub code: DefectCode,
    pub field: Option<Field>,
    pub value: String,
    pub en: String,
    pub zh: String,
}

/// What the cross-row checks need of a row, normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowKeys {
    /// The 18-character ID number, when valid (15-digit ones upgraded).
    pub id: Option<String>,
    pub person_number: Option<String>,
    /// The name in comparable form ([`names::comparable`]).
    pub name: Option<String>,
}

/// Runs the row checks with fixed tables and a fixed "today".
pub struct RowChecker<'t> {
    pub columns: ColumnMap,
    /// [`ColumnMap::serial_columns`], computed once.
    pub serial_columns: Vec<usize>,
    pub rates: &'t RateTable,
    pub unit_types: &'t UnitTypeTable,
    pub today: Date,
    /// Results of the unit checks by their inputs: a person export repeats each unit's code,
    /// type, class and rate on every row of its staff.
    pub memo: UnitMemo,
}

/// Unit-check results by (code, type) and (class, rate); cleared when full, so bounded.
#[derive(Debug, Default)]
pub struct UnitMemo {
    unit: HashMap<String, Vec<RowDefect>>,
    rate: HashMap<String, Vec<RowDefect>>,
    key: String,
}

/// Entries per memo table before it is cleared.
const MEMO_ENTRIES: usize = 4096;

/// Appends the defects of `compute` for the inputs `a` and `b`, computing them once per
/// distinct pair (the key is built in a reused buffer; no allocation on a hit).
fn remembered(
    table: &mut HashMap<String, Vec<RowDefect>>,
    key: &mut String,
    (a, b): (&str, &str),
    out: &mut Vec<RowDefect>,
    compute: impl FnOnce(&mut Vec<RowDefect>),
) {
    key.clear();
    key.push_str(a);
    key.push('\u{1f}');
    key.push_str(b);
    if let Some(found) = table.get(key.as_str()) {
        out.extend(found.iter().cloned());
        return;
    }
    let start = out.len();
    compute(out);
    if table.len() >= MEMO_ENTRIES {
        table.clear();
    }
    table.insert(key.clone(), out.get(start..).unwrap_or_default().to_vec());
}

fn defect(
    code: DefectCode,
    field: Field,
    value: &str,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> RowDefect {
    RowDefect {
        code,
        field: Some(field),
        value: value.to_string(),
        en: en.into(),
        zh: zh.into(),
    }
}

impl RowChecker<'_> {
    fn cell<'r>(&self, row: &'r dyn Fields, field: Field) -> Option<std::borrow::Cow<'r, str>> {
        self.columns.position(field).map(|i| row.text(i))
    }

    /// Checks one row; defects go to `out`, and the keys for the cross-row checks are returned.
    pub fn check(&mut self, row: &dyn Fields, out: &mut Vec<RowDefect>) -> RowKeys {
        let mut keys = RowKeys::default();
        if let Some(id_text) = self.cell(row, Field::IdNumber) {
            let id_text = id_text.trim();
            if !id_text.is_empty() {
                match id_number::check_any_at(id_text, self.today) {
                    Ok(id) => {
                        self.check_sex(row, &id, out);
                        self.check_birth_date(row, &id, out);
                        keys.id = Some(id.number);
                    }
                    Err(e) => out.push(defect(
                        DefectCode::IdInvalid,
                        Field::IdNumber,
                        id_text,
                        e.text.en,
                        e.text.zh,
                    )),
                }
            }
        }
        if let Some(name) = self.cell(row, Field::Name) {
            if let Err(p) = names::check(&name) {
                out.push(defect(
                    DefectCode::NameInvalid,
                    Field::Name,
                    &name,
                    p.en,
                    p.zh,
                ));
            }
            let comparable = names::comparable(&name);
            if !comparable.is_empty() {
                keys.name = Some(comparable);
            }
        }
        if let Some(pn) = self.cell(row, Field::PersonNumber) {
            let pn = pn.trim();
            if !pn.is_empty() {
                keys.person_number = Some(pn.to_string());
            }
        }
        let code = self.cell(row, Field::CreditCode).unwrap_or_default();
        let unit_type = self.cell(row, Field::UnitType).unwrap_or_default();
        let mut memo = std::mem::take(&mut self.memo);
        remembered(
            &mut memo.unit,
            &mut memo.key,
            (&code, &unit_type),
            out,
            |out| self.check_unit(row, out),
        );
        let class = self.cell(row, Field::RiskClass).unwrap_or_default();
        let rate = self.cell(row, Field::InjuryRate).unwrap_or_default();
        remembered(&mut memo.rate, &mut memo.key, (&class, &rate), out, |out| {
            self.check_injury_rate(row, out)
        });
        self.memo = memo;
        keys
    }

    fn check_sex(&self, row: &dyn Fields, id: &id_number::ResidentId, out: &mut Vec<RowDefect>) {
        let Some(text) = self.cell(row, Field::Sex) else {
            return;
        };
        let expected = Sex::from_sequence(id.sequence);
        match person::parse_sex(&text) {
            SexValue::Blank => {}
            SexValue::Known(sex) if sex == expected => {}
            SexValue::Known(sex) => out.push(defect(
                DefectCode::GenderMismatch,
                Field::Sex,
                &text,
                format!(
                    "the sex is recorded as {}, but ID number {} belongs to a {} (the 17th digit is {})",
                    sex.en(),
                    id.number,
                    expected.en(),
                    if expected == Sex::Male { "odd" } else { "even" }
                ),
                format!(
                    "性别登记为“{}”，但身份证号码{}第17位为{}数，应为{}",
                    sex.zh(),
                    id.number,
                    if expected == Sex::Male { "奇" } else { "偶" },
                    expected.zh()
                ),
            )),
            SexValue::Unreadable => out.push(defect(
                DefectCode::GenderMismatch,
                Field::Sex,
                &text,
                format!(
                    "the sex {:?} is not 男/女 (male/female); ID number {} says {}",
                    text.trim(),
                    id.number,
                    expected.en()
                ),
                format!(
                    "性别“{}”不是“男”或“女”，按身份证号码{}应为{}",
                    text.trim(),
                    id.number,
                    expected.zh()
                ),
            )),
        }
    }

    fn check_birth_date(
        &self,
        row: &dyn Fields,
        id: &id_number::ResidentId,
        out: &mut Vec<RowDefect>,
    ) {
        let Some(text) = self.cell(row, Field::BirthDate) else {
            return;
        };
        let value = person::parse_date(&text);
        if value.agrees_with(id.birth_date) {
            return;
        }
        let d = id.birth_date;
        let (en_what, zh_what) = if value == DateValue::Unreadable {
            ("is not a date", "不是有效日期")
        } else {
            ("differs from", "与身份证号码不符")
        };
        out.push(defect(
            DefectCode::BirthDateMismatch,
            Field::BirthDate,
            &text,
            format!(
                "the birth date {:?} {en_what} the date in ID number {} ({d})",
                text.trim(),
                id.number
            ),
            format!(
                "出生日期“{}”{zh_what}，身份证号码{}中的出生日期为{}年{}月{}日",
                text.trim(),
                id.number,
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
        ));
    }

    fn check_unit(&self, row: &dyn Fields, out: &mut Vec<RowDefect>) {
        let Some(code_text) = self.cell(row, Field::CreditCode) else {
            return;
        };
        let code_text = code_text.trim();
        if code_text.is_empty() {
            return;
        }
        let code = match uscc::check(code_text) {
            Ok(code) => code,
            Err(e) => {
                out.push(defect(
                    DefectCode::UsccInvalid,
                    Field::CreditCode,
                    code_text,
                    e.text.en,
                    e.text.zh,
                ));
                return;
            }
        };
        let Some(unit_type) = self.cell(row, Field::UnitType) else {
            return;
        };
        if let Err(m) = self.unit_types.check(
            &unit_type,
            code.registering_authority,
            code.organisation_category,
        ) {
            let t = unit_type.trim();
            out.push(defect(
                DefectCode::UnitTypeMismatch,
                Field::UnitType,
                &unit_type,
                format!(
                    "the unit type is {t:?}, but credit code {} starts with {}{}, which is a {} (GB 32100)",
                    code.code, code.registering_authority, code.organisation_category, m.code_says_en
                ),
                format!(
                    "单位类型为“{t}”，但统一社会信用代码{}前两位“{}{}”表示{}（GB 32100）",
                    code.code, code.registering_authority, code.organisation_category, m.code_says_zh
                ),
            ));
        }
    }

    fn check_injury_rate(&self, row: &dyn Fields, out: &mut Vec<RowDefect>) {
        let (Some(class), Some(rate)) = (
            self.cell(row, Field::RiskClass),
            self.cell(row, Field::InjuryRate),
        ) else {
            return;
        };
        let (class, rate) = (class.trim(), rate.trim());
        if class.is_empty() || rate.is_empty() {
            return;
        }
        let (en, zh) = match self.rates.check(class, rate) {
            Ok(()) => return,
            Err(RateProblem::UnknownClass) => (
                format!("the industry risk class {class:?} is not one of the eight classes (一类 to 八类), so the rate {rate} cannot be right"),
                format!("行业风险类别“{class}”不是一类至八类之一，费率{rate}无法对应"),
            ),
            Err(RateProblem::UnreadableRate) => (
                format!("the work-injury rate {rate:?} is not a number"),
                format!("工伤保险费率“{rate}”不是有效数值"),
            ),
            Err(RateProblem::NotALevel { class: n, levels }) => (
                format!(
                    "the work-injury rate {rate} is not a permitted level of risk class {n}: {} (人社部发〔2015〕71号)",
                    levels.join(", ")
                ),
                format!(
                    "工伤保险费率{rate}不是第{n}类行业允许的费率档次（{}，人社部发〔2015〕71号）",
                    levels.join("、")
                ),
            ),
        };
        out.push(defect(
            DefectCode::InjuryRateMismatch,
            Field::InjuryRate,
            rate,
            en,
            zh,
        ));
    }
}
