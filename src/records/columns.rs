//! Which column holds which field: found by the usual Chinese headers of social-insurance
//! exports, or named in a mapping file (`sealcheck-records-mapping/1`) for exports with other
//! headers.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::row::Fields;

/// A field the checks know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Name (姓名).
    Name,
    /// Resident ID number (公民身份号码).
    IdNumber,
    /// Sex (性别).
    Sex,
    /// Date of birth (出生日期).
    BirthDate,
    /// Person number in the insurance system (个人编号).
    PersonNumber,
    /// Unit number in the insurance system (单位编号).
    UnitNumber,
    /// Unit name (单位名称).
    UnitName,
    /// Unified social credit code (统一社会信用代码).
    CreditCode,
    /// Unit type (单位类型).
    UnitType,
    /// Industry risk class of work injury insurance (行业风险类别).
    RiskClass,
    /// Work injury insurance rate (工伤费率).
    InjuryRate,
}

impl Field {
    /// Every field, in report order.
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::IdNumber,
        Field::Sex,
        Field::BirthDate,
        Field::PersonNumber,
        Field::UnitNumber,
        Field::UnitName,
        Field::CreditCode,
        Field::UnitType,
        Field::RiskClass,
        Field::InjuryRate,
    ];

    /// The key of the field in a mapping file and in the report's `columns`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
            Field::PersonNumber => "person_number",
            Field::UnitNumber => "unit_number",
            Field::UnitName => "unit_name",
            Field::CreditCode => "credit_code",
            Field::UnitType => "unit_type",
            Field::RiskClass => "risk_class",
            Field::InjuryRate => "injury_rate",
        }
    }

    fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Headers this field goes by in exports, after [`normalize_header`].
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["姓名", "人员姓名", "参保人姓名", "职工姓名", "参保人员姓名"],
            Field::IdNumber => &[
                "公民身份号码",
                "身份证号码",
                "身份证号",
                "身份证件号码",
                "证件号码",
                "社会保障号码",
                "社会保障号",
            ],
            Field::Sex => &["性别"],
            Field::BirthDate => &["出生日期", "出生年月", "出生年月日"],
            Field::PersonNumber => &[
                "个人编号",
                "人员编号",
                "个人编码",
                "个人社保编号",
                "个人电脑号",
            ],
            Field::UnitNumber => &["单位编号", "单位编码", "单位社保编号"],
            Field::UnitName => &["单位名称", "参保单位名称", "参保单位"],
            Field::CreditCode => &["统一社会信用代码", "社会信用代码", "信用代码"],
            Field::UnitType => &["单位类型", "单位性质"],
            Field::RiskClass => &["行业风险类别", "行业风险类型", "风险类别", "工伤风险类别"],
            Field::InjuryRate => &["工伤保险费率", "工伤费率", "工伤缴费费率"],
        }
    }
}

/// Header text without spaces, required-field stars and a trailing parenthesised note
/// ("身份证号码(必填)").
pub fn normalize_header(header: &str) -> String {
    let mut h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '\u{feff}'))
        .collect();
    for open in ['(', '（'] {
        if let Some(pos) = h.find(open) {
            if pos > 0 {
                h.truncate(pos);
            }
        }
    }
    h
}

/// A mapping file: field key → header text or 1-based column number.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// `sealcheck-records-mapping/1` when given.
    #[serde(default)]
    pub schema: Option<String>,
    /// Field key (`id_number`, …) → where its column is.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnRef>,
}

/// Where a mapped field is: by header or by position.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// The column whose header is this text.
    Header(String),
    /// The column at this 1-based position.
    Number(u32),
}

/// Why a mapping file was rejected (a usage error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Not TOML, or not the expected shape.
    #[error("mapping file is not valid TOML of the expected shape: {0}")]
    Syntax(String),
    /// A `schema` other than `sealcheck-records-mapping/1`.
    #[error("mapping schema is {0:?}; expected \"sealcheck-records-mapping/1\"")]
    Schema(String),
    /// A field key the checks do not know.
    #[error("mapping names an unknown field {0:?} (known: name, id_number, sex, birth_date, person_number, unit_number, unit_name, credit_code, unit_type, risk_class, injury_rate)")]
    UnknownField(String),
    /// Column number 0 (columns count from 1).
    #[error("mapping gives column number 0 for {0:?}; columns are counted from 1")]
    ZeroColumn(String),
}

/// Schema name of a mapping file.
pub const MAPPING_SCHEMA: &str = "sealcheck-records-mapping/1";

/// Parses a mapping file.
pub fn parse_mapping(text: &str) -> Result<Mapping, MappingError> {
    let mapping: Mapping = toml::from_str(text).map_err(|e| MappingError::Syntax(e.to_string()))?;
    if let Some(schema) = &mapping.schema {
        if schema != MAPPING_SCHEMA {
            return Err(MappingError::Schema(schema.clone()));
        }
    }
    for (key, column) in &mapping.columns {
        if Field::from_key(key).is_none() {
            return Err(MappingError::UnknownField(key.clone()));
        }
        if *column == ColumnRef::Number(0) {
            return Err(MappingError::ZeroColumn(key.clone()));
        }
    }
    Ok(mapping)
}

/// The resolved position of each field found, with the header text it was found under.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    positions: [Option<usize>; 11],
    headers: Vec<String>,
    /// Fields the mapping named whose header is not in the file.
    pub missing: Vec<String>,
}

impl ColumnMap {
    /// Index of a field's column.
    pub fn position(&self, field: Field) -> Option<usize> {
        self.positions.get(field as usize).copied().flatten()
    }

    /// Header text of a column, as the file has it.
    pub fn header(&self, index: usize) -> &str {
        self.headers.get(index).map(String::as_str).unwrap_or("")
    }

    /// Header text of a field's column.
    pub fn field_header(&self, field: Field) -> Option<&str> {
        self.position(field).map(|i| self.header(i))
    }

    /// Columns that number the rows (序号, 行号): left out when rows are compared, since a
    /// repeated row gets a new serial number.
    pub fn serial_columns(&self) -> Vec<usize> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(_, h)| matches!(normalize_header(h).as_str(), "序号" | "行号" | "顺序号"))
            .map(|(i, _)| i)
            .collect()
    }

    /// How many known fields were found.
    pub fn found(&self) -> usize {
        self.positions.iter().flatten().count()
    }

    /// field key → header, for the report.
    pub fn describe(&self) -> BTreeMap<String, String> {
        Field::ALL
            .into_iter()
            .filter_map(|f| {
                self.field_header(f)
                    .map(|h| (f.key().to_string(), h.to_string()))
            })
            .collect()
    }

    /// Resolves the fields of a header row: the mapping first, then the usual headers for the
    /// fields the mapping leaves out.
    pub fn resolve(header: &dyn Fields, mapping: Option<&Mapping>) -> ColumnMap {
        let headers: Vec<String> = (0..header.len())
            .map(|i| {
                header
                    .text(i)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect();
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let mut map = ColumnMap {
            positions: [None; 11],
            headers,
            missing: Vec::new(),
        };
        if let Some(mapping) = mapping {
            for (key, column) in &mapping.columns {
                let Some(field) = Field::from_key(key) else {
                    continue;
                };
                let index = match column {
                    ColumnRef::Number(n) => (*n as usize).checked_sub(1),
                    ColumnRef::Header(h) => {
                        let wanted = normalize_header(h);
                        normalized.iter().position(|n| *n == wanted)
                    }
                };
                match (map.positions.get_mut(field as usize), index) {
                    (Some(slot), Some(index)) => *slot = Some(index),
                    _ => map.missing.push(key.clone()),
                }
            }
        }
        for field in Field::ALL {
            if map.position(field).is_some() {
                continue;
            }
            let found = normalized
                .iter()
                .position(|n| field.headers().contains(&n.as_str()));
            if let Some(slot) = map.positions.get_mut(field as usize) {
                *slot = found;
            }
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::super::row::OwnedRow;
    use super::*;

    fn row(cells: &[&str]) -> OwnedRow {
        OwnedRow(cells.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn usual_headers_are_found() {
        let map = ColumnMap::resolve(
            &row(&["序号", "姓名", " 身份证号码（必填） ", "性别", "*个人编号"]),
            None,
        );
        assert_eq!(map.position(Field::Name), Some(1));
        assert_eq!(map.position(Field::IdNumber), Some(2));
        assert_eq!(map.position(Field::Sex), Some(3));
        assert_eq!(map.position(Field::PersonNumber), Some(4));
        assert_eq!(map.position(Field::CreditCode), None);
        assert_eq!(
            map.field_header(Field::IdNumber),
            Some("身份证号码（必填）")
        );
    }

    #[test]
    fn mapping_overrides_and_numbers() {
        let mapping = parse_mapping(
            "schema = \"sealcheck-records-mapping/1\"\n[columns]\nname = \"XM\"\nid_number = 3\n",
        )
        .unwrap();
        let map = ColumnMap::resolve(&row(&["XM", "姓名", "SFZH", "性别"]), Some(&mapping));
        assert_eq!(map.position(Field::Name), Some(0));
        assert_eq!(map.position(Field::IdNumber), Some(2));
        assert_eq!(map.position(Field::Sex), Some(3));
    }

    #[test]
    fn bad_mappings_are_usage_errors() {
        assert!(matches!(
            parse_mapping("[columns]\nnmae = \"XM\"\n"),
            Err(MappingError::UnknownField(_))
        ));
        assert!(matches!(
            parse_mapping("[columns]\nname = 0\n"),
            Err(MappingError::ZeroColumn(_))
        ));
        assert!(matches!(
            parse_mapping("schema = \"x/2\"\n"),
            Err(MappingError::Schema(_))
        ));
        assert!(matches!(
            parse_mapping("[columns\n"),
            Err(MappingError::Syntax(_))
        ));
    }
}
