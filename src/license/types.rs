//! The table of licence types (`data/license_types.toml`, embedded): which 证照类型代码 and
//! which exact names stand for the licence a material asks for.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Format tag of the licence-type table.
pub const SCHEMA: &str = "sealcheck-license-types/1";
const BUILTIN: &str = include_str!("../../data/license_types.toml");

/// One licence type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseType {
    /// Chinese name, as licences print it (`居民身份证`).
    pub name: String,
    /// English name.
    pub name_en: String,
    /// `person` or `unit`.
    pub holder: String,
    /// Other names the same type goes by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Licence type codes (证照类型代码) that stand for it.
    #[serde(default)]
    pub codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Table {
    schema: String,
    types: Vec<LicenseType>,
}

/// The built-in table (empty if the embedded file were unreadable, which a unit test rules
/// out).
pub fn builtin() -> &'static [LicenseType] {
    static TABLE: OnceLock<Vec<LicenseType>> = OnceLock::new();
    TABLE.get_or_init(|| match toml::from_str::<Table>(BUILTIN) {
        Ok(t) if t.schema == SCHEMA => t.types,
        _ => Vec::new(),
    })
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl LicenseType {
    /// Whether `name` is this type's name or an alias, whole (whitespace ignored).
    pub fn is_named(&self, name: &str) -> bool {
        let name = squeeze(name);
        !name.is_empty()
            && (squeeze(&self.name) == name || self.aliases.iter().any(|a| squeeze(a) == name))
    }
}

/// The type a name stands for (canonical name or alias).
pub fn by_name(name: &str) -> Option<&'static LicenseType> {
    builtin().iter().find(|t| t.is_named(name))
}

/// The type of a licence with this type code and licence name: the code decides when the table
/// knows it; otherwise the exact name does.
pub fn classify(type_code: Option<&str>, name: Option<&str>) -> Option<&'static LicenseType> {
    let by_code = type_code.and_then(|code| {
        let code = crate::license::normalize(code);
        builtin().iter().find(|t| t.codes.contains(&code))
    });
    by_code.or_else(|| name.and_then(by_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_names_are_whole() {
        assert!(builtin().len() >= 8);
        assert_eq!(
            by_name("身份证").map(|t| t.name.as_str()),
            Some("居民身份证")
        );
        assert_eq!(
            by_name("死亡医学证明").map(|t| t.name.as_str()),
            Some("居民死亡医学证明（推断）书")
        );
        // A part of a name is not the name.
        assert!(by_name("居民身份证复印件").is_none());
        assert!(by_name("证").is_none());
        // Every catalog licence type is in the table.
        let catalog = crate::catalog::builtin::catalog().unwrap();
        for item in &catalog.items {
            for m in &item.materials {
                if let Some(t) = &m.license_type {
                    assert!(
                        by_name(t).is_some(),
                        "{}: {t} not in license_types.toml",
                        m.code
                    );
                }
            }
        }
    }
}
