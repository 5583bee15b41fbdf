//! What a records check found: defects of rows (stable codes), findings about the file, and a
//! count per code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Schema name of the JSON report.
pub const SCHEMA: &str = "sealcheck-records/1";

/// The defect codes of the contract, one per kind of dirty data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DefectCode {
    /// The resident ID number is malformed (length, characters, region, birth date, check digit).
    IdInvalid,
    /// The sex column contradicts the ID number (odd sequence = male, even = female).
    GenderMismatch,
    /// The birth-date column contradicts the ID number.
    BirthDateMismatch,
    /// The name holds characters a name cannot contain, digits, stray spaces or mixed widths.
    NameInvalid,
    /// One ID number appears with different names.
    IdNameConflict,
    /// One ID number appears with several person numbers.
    IdMultiplePersonNumbers,
    /// One person number appears with several ID numbers.
    PersonNumberMultipleIds,
    /// The unified social credit code is malformed (GB 32100).
    UsccInvalid,
    /// The unit type contradicts the credit code's authority and category characters.
    UnitTypeMismatch,
    /// The work-injury rate is not a permitted level of the industry risk class.
    InjuryRateMismatch,
    /// The row repeats an earlier row field for field.
    DuplicateRow,
}

impl DefectCode {
    /// Every code, in contract order.
    pub const ALL: [DefectCode; 11] = [
        DefectCode::IdInvalid,
        DefectCode::GenderMismatch,
        DefectCode::BirthDateMismatch,
        DefectCode::NameInvalid,
        DefectCode::IdNameConflict,
        DefectCode::IdMultiplePersonNumbers,
        DefectCode::PersonNumberMultipleIds,
        DefectCode::UsccInvalid,
        DefectCode::UnitTypeMismatch,
        DefectCode::InjuryRateMismatch,
        DefectCode::DuplicateRow,
    ];

    /// The stable machine code.
    pub fn as_str(self) -> &'static str {
        match self {
            DefectCode::IdInvalid => "ID_INVALID",
            DefectCode::GenderMismatch => "GENDER_MISMATCH",
            DefectCode::BirthDateMismatch => "BIRTH_DATE_MISMATCH",
            DefectCode::NameInvalid => "NAME_INVALID",
            DefectCode::IdNameConflict => "ID_NAME_CONFLICT",
            DefectCode::IdMultiplePersonNumbers => "ID_MULTIPLE_PERSON_NUMBERS",
            DefectCode::PersonNumberMultipleIds => "PERSON_NUMBER_MULTIPLE_IDS",
            DefectCode::UsccInvalid => "USCC_INVALID",
            DefectCode::UnitTypeMismatch => "UNIT_TYPE_MISMATCH",
            DefectCode::InjuryRateMismatch => "INJURY_RATE_MISMATCH",
            DefectCode::DuplicateRow => "DUPLICATE_ROW",
        }
    }

    /// A short title in Chinese and English, for the summary table.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            DefectCode::IdInvalid => ("身份证号码错误", "invalid ID number"),
            DefectCode::GenderMismatch => ("性别与身份证号码不符", "sex contradicts ID"),
            DefectCode::BirthDateMismatch => {
                ("出生日期与身份证号码不符", "birth date contradicts ID")
            }
            DefectCode::NameInvalid => ("姓名不规范", "invalid name"),
            DefectCode::IdNameConflict => ("同一身份证号码姓名不一致", "one ID, several names"),
            DefectCode::IdMultiplePersonNumbers => (
                "同一身份证号码对应多个个人编号",
                "one ID, several person numbers",
            ),
            DefectCode::PersonNumberMultipleIds => (
                "同一个人编号对应多个身份证号码",
                "one person number, several IDs",
            ),
            DefectCode::UsccInvalid => ("统一社会信用代码错误", "invalid credit code"),
            DefectCode::UnitTypeMismatch => (
                "单位类型与信用代码不符",
                "unit type contradicts credit code",
            ),
            DefectCode::InjuryRateMismatch => (
                "工伤保险费率与行业风险类别不符",
                "injury rate not allowed for risk class",
            ),
            DefectCode::DuplicateRow => ("重复行", "duplicate row"),
        }
    }
}

/// One defect of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defect {
    /// Data row, counted from 1 = the first row after the header.
    pub row: u64,
    /// The header of the offending column as the file has it; `None` for a whole row.
    pub column: Option<String>,
    /// What is wrong.
    pub code: DefectCode,
    /// The offending value as read.
    pub value: String,
    /// The defect in Chinese.
    pub zh: String,
    /// The defect in English.
    pub en: String,
}

/// A finding about the file rather than a row: encoding, unknown columns, limits, malformed
/// packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFinding {
    /// Stable code (`LIMIT_RECORDS_ROW_SIZE`, …).
    pub code: String,
    /// `error` when the file could not be checked (fully), `warning` or `info` otherwise.
    pub severity: FindingSeverity,
    /// The data row concerned, if any.
    pub row: Option<u64>,
    /// The finding in Chinese.
    pub zh: String,
    /// The finding in English.
    pub en: String,
}

/// How serious a file finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    /// Worth knowing.
    Info,
    /// The check may be incomplete or a column could not be used.
    Warning,
    /// The file could not be checked (fully).
    Error,
}

/// The result of checking one export (`sealcheck-records/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsReport {
    /// Always `sealcheck-records/1`.
    pub schema: String,
    /// The file as named on the command line (empty for in-memory input).
    pub path: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// Text encoding of a CSV (`utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`); null for
    /// XLSX.
    pub encoding: Option<String>,
    /// Data rows read (rows after the header, blank ones included).
    pub rows: u64,
    /// Which column each field was found in: field name → header as in the file.
    pub columns: BTreeMap<String, String>,
    /// False when a limit or a malformed file stopped the check before the end.
    pub complete: bool,
    /// Row defects, in row order, at most `max_defects_listed`.
    pub defects: Vec<Defect>,
    /// Count per defect code (every code, zero included); counts include defects beyond
    /// `max_defects_listed`.
    pub summary: BTreeMap<String, u64>,
    /// Findings about the file.
    pub findings: Vec<FileFinding>,
}

impl RecordsReport {
    pub(crate) fn new(path: &str, format: &str) -> Self {
        RecordsReport {
            schema: SCHEMA.to_string(),
            path: path.to_string(),
            format: format.to_string(),
            encoding: None,
            rows: 0,
            columns: BTreeMap::new(),
            complete: true,
            defects: Vec::new(),
            summary: DefectCode::ALL
                .iter()
                .map(|c| (c.as_str().to_string(), 0))
                .collect(),
            findings: Vec::new(),
        }
    }

    /// Total number of defects (listed or not).
    pub fn defect_count(&self) -> u64 {
        self.summary.values().sum()
    }

    /// The count of one code.
    pub fn count(&self, code: DefectCode) -> u64 {
        self.summary.get(code.as_str()).copied().unwrap_or(0)
    }

    /// Adds a file finding; an `error` one marks the check incomplete.
    pub(crate) fn finding(
        &mut self,
        code: &str,
        severity: FindingSeverity,
        row: Option<u64>,
        en: impl Into<String>,
        zh: impl Into<String>,
    ) {
        if severity == FindingSeverity::Error {
            self.complete = false;
        }
        self.findings.push(FileFinding {
            code: code.to_string(),
            severity,
            row,
            zh: zh.into(),
            en: en.into(),
        });
    }

    pub(crate) fn has_finding(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}
