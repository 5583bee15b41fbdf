//! The 单位类型 column against the unified social credit code: characters 1 and 2 of the code
//! name the registration authority and the category of the organisation (GB 32100-2015,
//! Appendix A), so an "enterprise" whose code starts `12` (a public institution) is a mismatch.
//! Table and wordings in `data/records/unit_types.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

const TABLE_TOML: &str = include_str!("../../data/records/unit_types.toml");

#[derive(Debug, Deserialize)]
struct TableFile {
    source: String,
    authority: Vec<Authority>,
    wording: Vec<Wording>,
}

/// A registration authority (position 1 of the code) and its categories (position 2).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Authority {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

/// A 单位类型 wording and the authority+category pairs it allows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Wording {
    pub contains: String,
    pub codes: Vec<String>,
}

/// The GB 32100 table with the wordings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTypeTable {
    pub source: String,
    pub authorities: Vec<Authority>,
    pub wordings: Vec<Wording>,
}

/// Why the bundled or given table cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unit-type table: {0}")]
pub struct TableError(String);

/// A unit type that contradicts the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What the code says, e.g. "事业单位（机构编制）" / "public institution (…)".
    pub code_says_zh: String,
    pub code_says_en: String,
}

impl UnitTypeTable {
    pub fn parse(text: &str) -> Result<UnitTypeTable, TableError> {
        let file: TableFile = toml::from_str(text).map_err(|e| TableError(e.to_string()))?;
        let table = UnitTypeTable {
            source: file.source,
            authorities: file.authority,
            wordings: file.wording,
        };
        for w in &table.wordings {
            for code in &w.codes {
                if table.describe(code).is_none() {
                    return Err(TableError(format!(
                        "wording {:?} allows {code:?}, which is not in the authority table",
                        w.contains
                    )));
                }
            }
        }
        Ok(table)
    }

    /// The table bundled with sealcheck.
    pub fn bundled() -> Result<&'static UnitTypeTable, TableError> {
        static TABLE: OnceLock<Result<UnitTypeTable, TableError>> = OnceLock::new();
        TABLE
            .get_or_init(|| UnitTypeTable::parse(TABLE_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The authority and category a two-character prefix stands for.
    pub fn describe(&self, prefix: &str) -> Option<(&Authority, &Category)> {
        let mut chars = prefix.chars();
        let (a, c) = (chars.next()?, chars.next()?);
        let authority = self
            .authorities
            .iter()
            .find(|x| x.code.chars().eq(std::iter::once(a)))?;
        let category = authority
            .categories
            .iter()
            .find(|x| x.code.chars().eq(std::iter::once(c)))?;
        Some((authority, category))
    }

    /// The pairs a 单位类型 wording allows; `None` when the wording is not known (not judged).
    pub fn allowed(&self, unit_type: &str) -> Option<&[String]> {
        let t: String = unit_type.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return None;
        }
        self.wordings
            .iter()
            .find(|w| t.contains(w.contains.as_str()))
            .map(|w| w.codes.as_slice())
    }

    /// Checks a unit type against the first two characters of a valid credit code.
    /// `Ok(true)` consistent, `Ok(false)` wording not known.
    pub fn check(
        &self,
        unit_type: &str,
        authority: char,
        category: char,
    ) -> Result<bool, Mismatch> {
        let Some(allowed) = self.allowed(unit_type) else {
            return Ok(false);
        };
        let prefix: String = [authority, category].iter().collect();
        if allowed.contains(&prefix) {
            return Ok(true);
        }
        let (zh, en) = match self.describe(&prefix) {
            Some((a, c)) => (
                format!("{}（登记管理部门：{}）", c.name, a.name),
                format!("{} (registered by {})", c.name_en, a.name_en),
            ),
            None => (
                format!("不属于GB 32100规定的登记管理部门和机构类别（{prefix}）"),
                format!("an authority and category GB 32100 does not define ({prefix})"),
            ),
        };
        Err(Mismatch {
            code_says_zh: zh,
            code_says_en: en,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_follows_gb32100() {
        let t = UnitTypeTable::bundled().unwrap();
        assert!(t.source.contains("GB 32100-2015"));
        let (a, c) = t.describe("91").unwrap();
        assert_eq!((a.name.as_str(), c.name.as_str()), ("工商", "企业"));
        let (a, c) = t.describe("52").unwrap();
        assert_eq!(
            (a.name.as_str(), c.name.as_str()),
            ("民政", "民办非企业单位")
        );
        assert!(t.describe("94").is_none());
    }

    #[test]
    fn wordings_against_codes() {
        let t = UnitTypeTable::bundled().unwrap();
        assert_eq!(t.check("有限责任公司", '9', '1'), Ok(true));
        assert_eq!(t.check("企业", '9', '1'), Ok(true));
        assert_eq!(t.check("民办非企业单位", '5', '2'), Ok(true));
        assert_eq!(t.check("个体工商户", '9', '2'), Ok(true));
        assert_eq!(t.check("全额拨款事业单位", '1', '2'), Ok(true));
        assert_eq!(t.check("机关", '1', '1'), Ok(true));
        assert_eq!(t.check("社会团体", '5', '1'), Ok(true));
        let m = t.check("企业", '1', '2').unwrap_err();
        assert!(m.code_says_zh.contains("事业单位"), "{}", m.code_says_zh);
        assert!(t.check("民办非企业单位", '9', '1').is_err());
        assert!(t.check("事业单位", '9', '1').is_err());
        assert_eq!(t.check("其他", '9', '1'), Ok(false));
        assert_eq!(t.check("", '9', '1'), Ok(false));
    }
}
