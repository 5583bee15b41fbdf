//! Reading and validating catalog files.
//!
//! ```toml
//! schema = "sealcheck-catalog/1"
//! version = "2026.11"
//!
//! [[items]]
//! code = "unit-registration"          # lower-case letters, digits, '-'
//! name = "单位参保登记"
//! name_en = "Employer social insurance registration"
//! applicant_type = "unit"             # individual | unit
//! risk = "low"                        # low | medium | high
//! description = "…"                   # optional (事项简述)
//!
//! [[items.materials]]
//! code = "business_license"           # lower-case letters, digits, '_'
//! name = "营业执照"
//! name_en = "Business licence"
//! requirement = "required"            # required | optional | deferrable
//! forms = ["e_license", "scanned_image"]  # e_license signed_pdf sealed_ofd scanned_image filled_form
//! license_type = "营业执照"            # required with e_license
//! signed_by = [{ category = "market_regulation" }]  # "applicant" | { category } | { uscc }
//! keywords = ["营业执照", "统一社会信用代码"]
//! issued_within_days = 90             # optional constraints …
//! still_valid = true
//! min_pages = 1
//! max_pages = 4
//! min_dpi = 200
//! deferral_days = 30                  # required with (and only with) deferrable
//! held_by_applicant = true            # identifiers printed in it must be the applicant's
//! guidance = "…"                      # 填报须知
//! guidance_en = "…"
//! ```
//!
//! Every problem is reported, not only the first, each naming the file, the item, the material
//! and the field, so an author fixes a file in one pass.

use std::collections::HashSet;
use std::fmt;

use toml::{Table, Value};

use super::*;

/// One problem in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CatalogError {
    pub file: String,
    /// Item code (or `items[N]` when the item has no usable code).
    pub item: Option<String>,
    /// Material code (or `materials[N]`).
    pub material: Option<String>,
    /// Dotted field name, e.g. `forms[2]`, `signed_by[0].category`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(item) = &self.item {
            write!(f, ": item {item}")?;
        }
        if let Some(material) = &self.material {
            write!(f, ": material {material}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": field {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a catalog, or in catalogs merged: what [`parse_catalog`] and
/// [`merge`] return, so that one error value reports them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<CatalogError>);

impl fmt::Display for CatalogErrors {
    /// One problem after the other, separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}

impl std::ops::Deref for CatalogErrors {
    type Target = [CatalogError];

    fn deref(&self) -> &[CatalogError] {
        &self.0
    }
}

impl From<Vec<CatalogError>> for CatalogErrors {
    fn from(errors: Vec<CatalogError>) -> Self {
        CatalogErrors(errors)
    }
}

impl IntoIterator for CatalogErrors {
    type Item = CatalogError;
    type IntoIter = std::vec::IntoIter<CatalogError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Where in the file we are, for error messages.
struct Cursor<'a> {
    file: &'a str,
    item: Option<String>,
    material: Option<String>,
    errors: &'a mut Vec<CatalogError>,
}

impl Cursor<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(CatalogError {
            file: self.file.to_string(),
            item: self.item.clone(),
            material: self.material.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn unknown_fields(&mut self, table: &Table, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                self.error(
                    key,
                    format!("unknown field; expected one of {}", known.join(", ")),
                );
            }
        }
    }

    fn string(&mut self, table: &Table, key: &str, required: bool) -> Option<String> {
        match table.get(key) {
            None if required => {
                self.error(key, "missing");
                None
            }
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.error(key, "must not be empty");
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.error(
                    key,
                    format!("expected a string, found {}", other.type_str()),
                );
                None
            }
        }
    }

    fn days(&mut self, table: &Table, key: &str) -> Option<u32> {
        match table.get(key) {
            None => None,
            Some(Value::Integer(n)) if (1..=36_500).contains(n) => u32::try_from(*n).ok(),
            Some(Value::Integer(n)) => {
                self.error(key, format!("{n} is out of range 1..=36500"));
                None
            }
            Some(other) => {
                self.error(
                    key,
                    format!("expected an integer, found {}", other.type_str()),
                );
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str) -> bool {
        match table.get(key) {
            None => false,
            Some(Value::Boolean(b)) => *b,
            Some(other) => {
                self.error(
                    key,
                    format!("expected true or false, found {}", other.type_str()),
                );
                false
            }
        }
    }

    fn strings(&mut self, table: &Table, key: &str) -> Vec<String> {
        match table.get(key) {
            None => Vec::new(),
            Some(Value::Array(values)) => {
                let mut out = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    match v {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
                        Value::String(_) => self.error(&format!("{key}[{i}]"), "must not be empty"),
                        other => self.error(
                            &format!("{key}[{i}]"),
                            format!("expected a string, found {}", other.type_str()),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    key,
                    format!("expected an array of strings, found {}", other.type_str()),
                );
                Vec::new()
            }
        }
    }

    fn choice<T: Copy>(&mut self, table: &Table, key: &str, options: &[(&str, T)]) -> Option<T> {
        let text = self.string(table, key, true)?;
        match options.iter().find(|(name, _)| *name == text) {
            Some((_, v)) => Some(*v),
            None => {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                self.error(key, format!("{text:?} is not one of {}", names.join(", ")));
                None
            }
        }
    }
}

const ITEM_FIELDS: &[&str] = &[
    "code",
    "name",
    "name_en",
    "applicant_type",
    "risk",
    "description",
    "materials",
];
const MATERIAL_FIELDS: &[&str] = &[
    "code",
    "name",
    "name_en",
    "requirement",
    "forms",
    "license_type",
    "signed_by",
    "keywords",
    "issued_within_days",
    "still_valid",
    "min_pages",
    "max_pages",
    "min_dpi",
    "deferral_days",
    "held_by_applicant",
    "guidance",
    "guidance_en",
];

/// Parses and validates one catalog file. `file` names it in errors. All problems are
/// returned together.
pub fn parse_catalog(file: &str, text: &str) -> Result<Catalog, CatalogErrors> {
    let mut errors = Vec::new();
    let table: Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let e: toml::de::Error = e;
            let at = e
                .span()
                .map(|s| line_col(text, s.start))
                .map(|(l, c)| format!(" (line {l}, column {c})"))
                .unwrap_or_default();
            return Err(CatalogErrors(vec![CatalogError {
                file: file.to_string(),
                item: None,
                material: None,
                field: String::new(),
                message: format!("not valid TOML{at}: {}", e.message().trim()),
            }]));
        }
    };
    let mut cur = Cursor {
        file,
        item: None,
        material: None,
        errors: &mut errors,
    };
    cur.unknown_fields(&table, &["schema", "version", "items"]);
    match cur.string(&table, "schema", true) {
        Some(s) if s != SCHEMA => cur.error(
            "schema",
            format!("{s:?} is not supported; expected {SCHEMA:?}"),
        ),
        _ => {}
    }
    let version = cur.string(&table, "version", true).unwrap_or_default();
    let mut items = Vec::new();
    match table.get("items") {
        Some(Value::Array(values)) if !values.is_empty() => {
            for (i, v) in values.iter().enumerate() {
                cur.item = Some(format!("items[{i}]"));
                cur.material = None;
                match v {
                    Value::Table(t) => {
                        if let Some(item) = parse_item(&mut cur, t) {
                            items.push(item);
                        }
                    }
                    other => cur.error("", format!("expected a table, found {}", other.type_str())),
                }
            }
        }
        Some(Value::Array(_)) | None => {
            cur.error("items", "a catalog needs at least one [[items]] table")
        }
        Some(other) => cur.error(
            "items",
            format!("expected [[items]] tables, found {}", other.type_str()),
        ),
    }
    cur.item = None;
    cur.material = None;
    let mut seen = HashSet::new();
    for item in &items {
        if !seen.insert(item.code.clone()) {
            cur.item = Some(item.code.clone());
            cur.error("code", "duplicate item code");
        }
    }
    if errors.is_empty() {
        Ok(Catalog { version, items })
    } else {
        Err(CatalogErrors(errors))
    }
}

/// Merges several validated catalogs; item codes must stay unique.
pub fn merge(catalogs: Vec<(String, Catalog)>) -> Result<Catalog, CatalogErrors> {
    let mut out = Catalog::default();
    let mut errors = Vec::new();
    let mut versions = Vec::new();
    for (file, catalog) in catalogs {
        if !versions.contains(&catalog.version) {
            versions.push(catalog.version.clone());
        }
        for item in catalog.items {
            if out.item(&item.code).is_some() {
                errors.push(CatalogError {
                    file: file.clone(),
                    item: Some(item.code.clone()),
                    material: None,
                    field: "code".into(),
                    message: "an item with this code is already defined in another file".into(),
                });
            } else {
                out.items.push(item);
            }
        }
    }
    out.version = versions.join("+");
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CatalogErrors(errors))
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn valid_code(code: &str, separator: char) -> bool {
    (2..=48).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == separator)
        && code.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

fn parse_item(cur: &mut Cursor<'_>, t: &Table) -> Option<ServiceItem> {
    let code = cur.string(t, "code", true);
    if let Some(code) = &code {
        if valid_code(code, '-') {
            cur.item = Some(code.clone());
        } else {
            cur.error("code", format!("{code:?}: item codes are 2–48 characters of a-z, 0-9 and '-', starting with a letter"));
        }
    }
    cur.unknown_fields(t, ITEM_FIELDS);
    let name = cur.string(t, "name", true);
    let name_en = cur.string(t, "name_en", true);
    let applicant_type = cur.choice(
        t,
        "applicant_type",
        &[
            ("individual", ApplicantType::Individual),
            ("unit", ApplicantType::Unit),
        ],
    );
    let risk = cur.choice(
        t,
        "risk",
        &[
            ("low", Risk::Low),
            ("medium", Risk::Medium),
            ("high", Risk::High),
        ],
    );
    let description = cur.string(t, "description", false).unwrap_or_default();
    let mut materials = Vec::new();
    match t.get("materials") {
        Some(Value::Array(values)) if !values.is_empty() => {
            for (i, v) in values.iter().enumerate() {
                cur.material = Some(format!("materials[{i}]"));
                match v {
                    Value::Table(mt) => {
                        if let Some(m) = parse_material(cur, mt) {
                            materials.push(m);
                        }
                    }
                    other => cur.error("", format!("expected a table, found {}", other.type_str())),
                }
            }
            cur.material = None;
        }
        Some(Value::Array(_)) | None => cur.error(
            "materials",
            "an item needs at least one [[items.materials]] table",
        ),
        Some(other) => cur.error(
            "materials",
            format!(
                "expected [[items.materials]] tables, found {}",
                other.type_str()
            ),
        ),
    }
    let mut seen = HashSet::new();
    for m in &materials {
        if !seen.insert(m.code.as_str()) {
            cur.material = Some(m.code.clone());
            cur.error("code", "duplicate material code in this item");
            cur.material = None;
        }
    }
    if materials
        .iter()
        .all(|m| m.requirement != Requirement::Required)
        && !materials.is_empty()
    {
        cur.error("materials", "at least one material must be required");
    }
    Some(ServiceItem {
        code: code?,
        name: name?,
        name_en: name_en?,
        applicant_type: applicant_type?,
        risk: risk?,
        description,
        materials,
    })
}

fn parse_material(cur: &mut Cursor<'_>, t: &Table) -> Option<Material> {
    let code = cur.string(t, "code", true);
    if let Some(code) = &code {
        if valid_code(code, '_') {
            cur.material = Some(code.clone());
        } else {
            cur.error("code", format!("{code:?}: material codes are 2–48 characters of a-z, 0-9 and '_', starting with a letter"));
        }
    }
    cur.unknown_fields(t, MATERIAL_FIELDS);
    let name = cur.string(t, "name", true);
    let name_en = cur.string(t, "name_en", true);
    let requirement = cur.choice(
        t,
        "requirement",
        &[
            ("required", Requirement::Required),
            ("optional", Requirement::Optional),
            ("deferrable", Requirement::Deferrable),
        ],
    );
    let form_names: Vec<(&str, MaterialForm)> =
        MaterialForm::ALL.iter().map(|f| (f.as_str(), *f)).collect();
    let mut forms = Vec::new();
    let errors_before = cur.errors.len();
    for (i, name) in cur.strings(t, "forms").into_iter().enumerate() {
        match form_names.iter().find(|(n, _)| *n == name) {
            Some((_, f)) if forms.contains(f) => {
                cur.error(&format!("forms[{i}]"), format!("{name:?} is listed twice"))
            }
            Some((_, f)) => forms.push(*f),
            None => {
                let names: Vec<&str> = form_names.iter().map(|(n, _)| *n).collect();
                cur.error(
                    &format!("forms[{i}]"),
                    format!("{name:?} is not one of {}", names.join(", ")),
                );
            }
        }
    }
    // Rules that depend on the forms are only checked when the list itself is sound, so one
    // typo does not produce a cascade of follow-on errors.
    let forms_sound = cur.errors.len() == errors_before;
    if !t.contains_key("forms") {
        cur.error("forms", "missing");
    } else if forms.is_empty() && matches!(t.get("forms"), Some(Value::Array(a)) if a.is_empty()) {
        cur.error("forms", "list at least one form");
    }
    let license_type = cur.string(t, "license_type", false);
    if forms.contains(&MaterialForm::ELicense)
        && license_type.is_none()
        && !t.contains_key("license_type")
    {
        cur.error("license_type", "required when forms contains \"e_license\"");
    }
    if forms_sound && !forms.contains(&MaterialForm::ELicense) && license_type.is_some() {
        cur.error(
            "license_type",
            "only meaningful when forms contains \"e_license\"",
        );
    }
    let signed_by = parse_signed_by(cur, t);
    if forms_sound
        && !signed_by.is_empty()
        && !forms.is_empty()
        && !forms.iter().any(|f| f.needs_signature())
    {
        cur.error(
            "signed_by",
            "only meaningful when forms contains \"e_license\", \"signed_pdf\" or \"sealed_ofd\"",
        );
    }
    let keywords = cur.strings(t, "keywords");
    if !t.contains_key("keywords") {
        cur.error(
            "keywords",
            "missing: list words of the document's text that identify this material",
        );
    } else if keywords.is_empty()
        && matches!(t.get("keywords"), Some(Value::Array(a)) if a.is_empty())
    {
        cur.error("keywords", "list at least one keyword");
    }
    let constraints = Constraints {
        issued_within_days: cur.days(t, "issued_within_days"),
        still_valid: cur.boolean(t, "still_valid"),
        min_pages: cur.days(t, "min_pages"),
        max_pages: cur.days(t, "max_pages"),
        min_dpi: cur.days(t, "min_dpi"),
    };
    if let (Some(min), Some(max)) = (constraints.min_pages, constraints.max_pages) {
        if min > max {
            cur.error(
                "max_pages",
                format!("max_pages {max} is smaller than min_pages {min}"),
            );
        }
    }
    if forms_sound
        && constraints.min_dpi.is_some()
        && !forms.contains(&MaterialForm::ScannedImage)
        && !forms.is_empty()
    {
        cur.error(
            "min_dpi",
            "only meaningful when forms contains \"scanned_image\"",
        );
    }
    let deferral_days = cur.days(t, "deferral_days");
    match (requirement, deferral_days) {
        (Some(Requirement::Deferrable), None) if !t.contains_key("deferral_days") => cur.error(
            "deferral_days",
            "required for a deferrable material: days within which it must be supplied",
        ),
        (Some(Requirement::Required | Requirement::Optional), Some(_)) => cur.error(
            "deferral_days",
            "only meaningful when requirement is \"deferrable\"",
        ),
        _ => {}
    }
    let held_by_applicant = cur.boolean(t, "held_by_applicant");
    let guidance = cur.string(t, "guidance", true);
    let guidance_en = cur.string(t, "guidance_en", true);
    Some(Material {
        code: code?,
        name: name?,
        name_en: name_en?,
        requirement: requirement?,
        forms,
        license_type,
        signed_by,
        keywords,
        constraints,
        held_by_applicant,
        deferral_days,
        guidance: guidance?,
        guidance_en: guidance_en?,
    })
}

fn parse_signed_by(cur: &mut Cursor<'_>, t: &Table) -> Vec<SignerRule> {
    let values = match t.get("signed_by") {
        None => return Vec::new(),
        Some(Value::Array(values)) => values,
        Some(other) => {
            cur.error(
                "signed_by",
                format!("expected an array, found {}", other.type_str()),
            );
            return Vec::new();
        }
    };
    let mut rules = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let field = format!("signed_by[{i}]");
        match v {
            Value::String(s) if s == "applicant" => rules.push(SignerRule::Applicant),
            Value::Table(rule) if rule.len() == 1 => {
                let (key, value) = match rule.iter().next() {
                    Some(kv) => kv,
                    None => continue,
                };
                let text = match value {
                    Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
                    _ => {
                        cur.error(&format!("{field}.{key}"), "expected a non-empty string");
                        continue;
                    }
                };
                match key.as_str() {
                    "category"
                        if text
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
                    {
                        rules.push(SignerRule::Category(text))
                    }
                    "category" => cur.error(
                        &format!("{field}.category"),
                        "a category is lower-case letters, digits and '_', e.g. \"public_security\"",
                    ),
                    "uscc" => match crate::license::uscc::check(&text) {
                        Ok(code) => rules.push(SignerRule::Uscc(code.code)),
                        Err(e) => cur.error(&format!("{field}.uscc"), e.text.en),
                    },
                    "authority" | "subject" => cur.error(
                        &format!("{field}.{key}"),
                        "signers are no longer matched by a part of their name; name an issuer-registry category ({ category = \"public_security\" }) or a credit code ({ uscc = \"…\" })",
                    ),
                    other => cur.error(
                        &format!("{field}.{other}"),
                        "unknown rule; expected \"applicant\", { category = \"…\" } or { uscc = \"…\" }",
                    ),
                }
            }
            _ => cur.error(
                &field,
                "expected \"applicant\", { category = \"…\" } or { uscc = \"…\" }",
            ),
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
schema = "sealcheck-catalog/1"
version = "test.1"

[[items]]
code = "demo-item"
name = "示例事项"
name_en = "Demo item"
applicant_type = "individual"
risk = "low"

[[items.materials]]
code = "id_card"
name = "居民身份证"
name_en = "Resident ID card"
requirement = "required"
forms = ["e_license", "scanned_image"]
license_type = "居民身份证"
signed_by = [{ category = "public_security" }]
keywords = ["居民身份证"]
min_dpi = 200
guidance = "上传身份证正反面。"
guidance_en = "Upload both sides of the ID card."
"#;

    fn errors_of(text: &str) -> Vec<CatalogError> {
        parse_catalog("test.toml", text)
            .expect_err("should be rejected")
            .0
    }

    #[test]
    fn minimal_catalog_loads() {
        let c = parse_catalog("test.toml", MINIMAL).unwrap();
        assert_eq!(c.version, "test.1");
        let item = c.item("demo-item").unwrap();
        assert_eq!(item.applicant_type, ApplicantType::Individual);
        let m = item.material("id_card").unwrap();
        assert_eq!(
            m.forms,
            vec![MaterialForm::ELicense, MaterialForm::ScannedImage]
        );
        assert_eq!(
            m.signed_by,
            vec![SignerRule::Category("public_security".into())]
        );
        assert_eq!(m.constraints.min_dpi, Some(200));
    }

    #[test]
    fn toml_syntax_error_names_file_and_line() {
        let e = errors_of("schema = \"sealcheck-catalog/1\"\nversion = \n");
        assert_eq!(e.len(), 1);
        let s = e[0].to_string();
        assert!(s.starts_with("test.toml: not valid TOML (line 2"), "{s}");
    }

    #[test]
    fn wrong_schema_and_missing_items() {
        let e = errors_of("schema = \"other/2\"\nversion = \"1\"\n");
        let s: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert!(s.contains(&"test.toml: field schema: \"other/2\" is not supported; expected \"sealcheck-catalog/1\"".to_string()), "{s:?}");
        assert!(
            s.iter()
                .any(|m| m.contains("field items: a catalog needs at least one")),
            "{s:?}"
        );
    }

    #[test]
    fn bad_enum_value_names_item_material_and_field() {
        let text = MINIMAL.replace(
            r#"forms = ["e_license", "scanned_image"]"#,
            r#"forms = ["e_license", "fax"]"#,
        );
        let e = errors_of(&text);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].item.as_deref(), Some("demo-item"));
        assert_eq!(e[0].material.as_deref(), Some("id_card"));
        assert_eq!(e[0].field, "forms[1]");
        assert!(e[0]
            .message
            .contains("\"fax\" is not one of e_license, signed_pdf"));
        // min_dpi now has no scanned_image form to apply to.
        let text = MINIMAL.replace(r#""scanned_image"]"#, r#""signed_pdf"]"#);
        let e = errors_of(&text);
        assert_eq!(e[0].field, "min_dpi");
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let text = MINIMAL
            .replace("risk = \"low\"", "risk = \"extreme\"")
            .replace("requirement = \"required\"", "requirement = \"deferrable\"")
            .replace("guidance_en = ", "guidence_en = ")
            .replace("min_dpi = 200", "min_dpi = 0");
        let e = errors_of(&text);
        let fields: Vec<(&str, Option<&str>)> = e
            .iter()
            .map(|e| (e.field.as_str(), e.material.as_deref()))
            .collect();
        assert!(fields.contains(&("risk", None)), "{fields:?}");
        assert!(
            fields.contains(&("guidence_en", Some("id_card"))),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("guidance_en", Some("id_card"))),
            "{fields:?}"
        );
        assert!(fields.contains(&("min_dpi", Some("id_card"))), "{fields:?}");
        assert!(
            fields.contains(&("deferral_days", Some("id_card"))),
            "{fields:?}"
        );
    }

    #[test]
    fn signer_rules_need_a_signed_form() {
        let text = MINIMAL.replace(
            r#"forms = ["e_license", "scanned_image"]"#,
            r#"forms = ["scanned_image"]"#,
        );
        let e = errors_of(&text);
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"signed_by"), "{fields:?}");
    }

    #[test]
    fn an_item_needs_a_required_material() {
        let e =
            errors_of(&MINIMAL.replace("requirement = \"required\"", "requirement = \"optional\""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            "test.toml: item demo-item: field materials: at least one material must be required"
        );
    }

    #[test]
    fn codes_types_and_rules_are_checked() {
        let text = MINIMAL
            .replace("code = \"demo-item\"", "code = \"Demo Item\"")
            .replace(
                "signed_by = [{ category = \"public_security\" }]",
                "signed_by = [\"issuer\", { subject = \"O=公安局\" }, { seal = \"x\" }, { authority = \"公安\" }, { uscc = \"91310110666007217A\" }, { category = \"公安\" }]",
            )
            .replace("license_type = \"居民身份证\"\n", "")
            .replace("keywords = [\"居民身份证\"]", "keywords = \"居民身份证\"");
        let e = errors_of(&text);
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "code",
            "signed_by[0]",
            "signed_by[1].subject",
            "signed_by[2].seal",
            "signed_by[3].authority",
            "signed_by[4].uscc",
            "signed_by[5].category",
            "license_type",
            "keywords",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        // The bad item code cannot name the item, so the index does.
        assert_eq!(e[0].item.as_deref(), Some("items[0]"));
    }

    #[test]
    fn duplicates_are_rejected() {
        let material_start = MINIMAL.find("[[items.materials]]").unwrap();
        let twice = format!(
            "{}{}",
            MINIMAL,
            &MINIMAL[MINIMAL.find("[[items]]").unwrap()..]
        );
        let e = errors_of(&twice);
        assert!(e.iter().any(|e| e.field == "code"
            && e.item.as_deref() == Some("demo-item")
            && e.message == "duplicate item code"));
        let material = &MINIMAL[material_start..];
        let e = errors_of(&format!("{MINIMAL}{material}"));
        assert!(e
            .iter()
            .any(|e| e.message == "duplicate material code in this item"
                && e.material.as_deref() == Some("id_card")));
    }
}
