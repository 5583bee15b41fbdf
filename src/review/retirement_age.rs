//! The statutory retirement age (法定退休年龄) by sex, category and month of birth, from the
//! gradual-retirement rule in force since 2025-01-01 (`data/retirement_age.toml`, which cites
//! its source). Used by the catalog's `eligibility = ["retirement_age"]` check.

use serde::Deserialize;
use time::Date;

/// Format tag of the table file.
pub const SCHEMA: &str = "sealcheck-retirement-age/1";

/// The built-in table.
pub const BUILTIN: &str = include_str!("../../data/retirement_age.toml");

/// Why a table could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("retirement age table: {0}")]
pub struct TableError(String);

/// Who the table distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Men (original retirement age 60).
    Male,
    /// Women whose original retirement age was 55 (管理、专业技术岗位).
    FemaleCadre,
    /// Women whose original retirement age was 50.
    FemaleWorker,
}

impl Category {
    /// The name the table file uses for the category (`male`, `female_cadre`, `female_worker`).
    pub fn code(self) -> &'static str {
        match self {
            Category::Male => "male",
            Category::FemaleCadre => "female_cadre",
            Category::FemaleWorker => "female_worker",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    schema: String,
    #[allow(dead_code)]
    source: String,
    categories: Vec<RawCategory>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: String,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    name_en: String,
    original_age: u32,
    target_age: u32,
    first_delayed_birth: String,
    birth_months_per_step: u32,
}

/// One category's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    original_months: u32,
    target_months: u32,
    /// Month number (year * 12 + month - 1) of the first birth month that is delayed.
    first_delayed: i64,
    birth_months_per_step: u32,
}

/// The retirement age table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    male: Rule,
    female_cadre: Rule,
    female_worker: Rule,
}

/// A retirement age: whole years and months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Age {
    /// The age in months.
    pub months: u32,
}

impl Age {
    /// Whole years of the age.
    pub fn years(self) -> u32 {
        self.months / 12
    }

    /// Months beyond the whole years.
    pub fn extra_months(self) -> u32 {
        self.months % 12
    }

    /// `60周岁3个月`, `63周岁`.
    pub fn zh(self) -> String {
        match self.extra_months() {
            0 => format!("{}周岁", self.years()),
            m => format!("{}周岁{}个月", self.years(), m),
        }
    }

    /// `60 years and 3 months`, `63 years`.
    pub fn en(self) -> String {
        match self.extra_months() {
            0 => format!("{} years", self.years()),
            1 => format!("{} years and 1 month", self.years()),
            m => format!("{} years and {m} months", self.years()),
        }
    }
}

/// Month number of a date: year * 12 + month - 1.
pub fn month_number(d: Date) -> i64 {
    i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1
}

fn parse_month(text: &str) -> Option<i64> {
    let (y, m) = text.split_once('-')?;
    let y: i64 = y.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    ((1..=12).contains(&m) && (1850..=2200).contains(&y)).then_some(y * 12 + m - 1)
}

impl Table {
    /// The built-in table (`data/retirement_age.toml`).
    pub fn builtin() -> Result<Table, TableError> {
        Table::parse(BUILTIN)
    }

    /// Parses a table file; every category must be present once.
    pub fn parse(text: &str) -> Result<Table, TableError> {
        let raw: RawTable = toml::from_str(text).map_err(|e| TableError(e.to_string()))?;
        if raw.schema != SCHEMA {
            return Err(TableError(format!(
                "schema {:?}, expected {SCHEMA:?}",
                raw.schema
            )));
        }
        let rule = |code: &str| -> Result<Rule, TableError> {
            let mut found = raw.categories.iter().filter(|c| c.code == code);
            let (Some(c), None) = (found.next(), found.next()) else {
                return Err(TableError(format!(
                    "category {code:?} must appear exactly once"
                )));
            };
            let first_delayed = parse_month(&c.first_delayed_birth)
                .ok_or_else(|| TableError(format!("{code}: first_delayed_birth is not YYYY-MM")))?;
            if c.birth_months_per_step == 0
                || c.target_age < c.original_age
                || !(40..=80).contains(&c.original_age)
                || c.target_age > 80
            {
                return Err(TableError(format!("{code}: ages or step out of range")));
            }
            Ok(Rule {
                original_months: c.original_age * 12,
                target_months: c.target_age * 12,
                first_delayed,
                birth_months_per_step: c.birth_months_per_step,
            })
        };
        if let Some(c) = raw
            .categories
            .iter()
            .find(|c| !["male", "female_cadre", "female_worker"].contains(&c.code.as_str()))
        {
            return Err(TableError(format!("unknown category {:?}", c.code)));
        }
        Ok(Table {
            male: rule("male")?,
            female_cadre: rule("female_cadre")?,
            female_worker: rule("female_worker")?,
        })
    }

    /// The retirement age of someone of `category` born on `birth`.
    pub fn age(&self, category: Category, birth: Date) -> Age {
        let rule = match category {
            Category::Male => self.male,
            Category::FemaleCadre => self.female_cadre,
            Category::FemaleWorker => self.female_worker,
        };
        let after = month_number(birth) - rule.first_delayed;
        if after < 0 {
            return Age {
                months: rule.original_months,
            };
        }
        let steps = u32::try_from(after / i64::from(rule.birth_months_per_step))
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        Age {
            months: rule
                .original_months
                .saturating_add(steps)
                .min(rule.target_months),
        }
    }

    /// The month number in which someone born on `birth` reaches `age`.
    pub fn reached_in(birth: Date, age: Age) -> i64 {
        month_number(birth) + i64::from(age.months)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn age(category: Category, birth: Date) -> (u32, u32) {
        let a = Table::builtin().unwrap().age(category, birth);
        (a.years(), a.extra_months())
    }

    #[test]
    fn rows_of_the_official_tables() {
        use Category::*;
        // Annex 1 (men): 1964-12 unchanged; 1965-01 → 60y1m; 1965-05 → 60y2m; 1976-09 on → 63.
        assert_eq!(age(Male, date!(1964 - 12 - 31)), (60, 0));
        assert_eq!(age(Male, date!(1965 - 01 - 01)), (60, 1));
        assert_eq!(age(Male, date!(1965 - 04 - 30)), (60, 1));
        assert_eq!(age(Male, date!(1965 - 05 - 01)), (60, 2));
        assert_eq!(age(Male, date!(1970 - 01 - 15)), (61, 4));
        assert_eq!(age(Male, date!(1976 - 08 - 31)), (62, 11));
        assert_eq!(age(Male, date!(1976 - 09 - 01)), (63, 0));
        assert_eq!(age(Male, date!(1990 - 01 - 01)), (63, 0));
        // Annex 2 (women, originally 55): 1970-01 → 55y1m; 1981-09 on → 58.
        assert_eq!(age(FemaleCadre, date!(1969 - 12 - 01)), (55, 0));
        assert_eq!(age(FemaleCadre, date!(1970 - 01 - 01)), (55, 1));
        assert_eq!(age(FemaleCadre, date!(1981 - 08 - 01)), (57, 11));
        assert_eq!(age(FemaleCadre, date!(1981 - 09 - 01)), (58, 0));
        // Annex 3 (women, originally 50): 1975-01 → 50y1m; 1975-03 → 50y2m; 1984-11 on → 55.
        assert_eq!(age(FemaleWorker, date!(1974 - 12 - 01)), (50, 0));
        assert_eq!(age(FemaleWorker, date!(1975 - 01 - 01)), (50, 1));
        assert_eq!(age(FemaleWorker, date!(1975 - 02 - 28)), (50, 1));
        assert_eq!(age(FemaleWorker, date!(1975 - 03 - 01)), (50, 2));
        assert_eq!(age(FemaleWorker, date!(1984 - 10 - 01)), (54, 11));
        assert_eq!(age(FemaleWorker, date!(1984 - 11 - 01)), (55, 0));
        // Reached in: born 1965-01 at 60y1m → 2025-02.
        let a = Table::builtin().unwrap().age(Male, date!(1965 - 01 - 10));
        assert_eq!(
            Table::reached_in(date!(1965 - 01 - 10), a),
            month_number(date!(2025 - 02 - 01))
        );
        assert_eq!(a.zh(), "60周岁1个月");
        assert_eq!(a.en(), "60 years and 1 month");
    }

    #[test]
    fn broken_tables_are_refused() {
        assert!(Table::parse("schema = \"x\"").is_err());
        let without_male = BUILTIN.replace("code = \"male\"", "code = \"men\"");
        assert!(Table::parse(&without_male).is_err());
        let bad_month = BUILTIN.replace("\"1965-01\"", "\"1965-13\"");
        assert!(Table::parse(&bad_month).is_err());
        let zero_step =
            BUILTIN.replacen("birth_months_per_step = 4", "birth_months_per_step = 0", 1);
        assert!(Table::parse(&zero_step).is_err());
    }
}
