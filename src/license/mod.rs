//! Licences and the identifiers printed on them: resident ID numbers (GB 11643), unified social
//! credit codes (GB 32100), organization codes (GB 11714) and e-licence identifiers.
//!
//! The offices' data is dirty, so every check says exactly what is wrong, in both languages,
//! instead of a bare "invalid".

pub mod document;
pub mod elicense;
pub mod id_number;
pub mod org_code;
pub mod types;
pub mod uscc;

/// The resident ID number module under the name the evidence and binding code use.
pub use id_number as id;

use crate::verdict::Text;

/// Why an identifier was rejected: a stable machine code plus a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {}", text.en)]
pub struct IdentifierError {
    /// Stable code, e.g. `ID_CHECK_DIGIT`, `USCC_ALPHABET`.
    pub code: &'static str,
    /// The reason, in both languages.
    pub text: Text,
}

impl IdentifierError {
    pub(crate) fn new(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        IdentifierError {
            code,
            text: Text::new(en, zh),
        }
    }
}

/// What kind of identifier a string is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// 公民身份号码
    ResidentId,
    /// 统一社会信用代码
    CreditCode,
    /// 组织机构代码
    OrgCode,
    /// 电子证照标识
    LicenseId,
}

impl IdentifierKind {
    /// The name of the identifier in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            IdentifierKind::ResidentId => ("公民身份号码", "resident ID number"),
            IdentifierKind::CreditCode => ("统一社会信用代码", "unified social credit code"),
            IdentifierKind::OrgCode => ("组织机构代码", "organization code"),
            IdentifierKind::LicenseId => ("电子证照标识", "e-licence identifier"),
        }
    }

    /// Checks `value` as this kind of identifier.
    pub fn check(self, value: &str) -> Result<(), IdentifierError> {
        match self {
            IdentifierKind::ResidentId => id_number::check(value).map(|_| ()),
            IdentifierKind::CreditCode => uscc::check(value).map(|_| ()),
            IdentifierKind::OrgCode => org_code::check(value).map(|_| ()),
            IdentifierKind::LicenseId => elicense::check(value).map(|_| ()),
        }
    }
}

/// Removes the spaces and hyphens people type into identifiers and upper-cases ASCII letters
/// (a lower-case `x` check digit is common in forms).
pub fn normalize(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{3000}')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
