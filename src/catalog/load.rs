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
//! # optional: applicant_type = ["unit", "individual"] when both may apply (first = primary)
//! basis = ["《社会保险法》第五十七条"]   # 办理依据: regulation and article
//! online = "partial"                  # full | partial | offline
//! visit = "…"                         # the step that needs a visit (with visit_en)
//! visit_en = "…"
//! auto_accept = true                  # false: never accepted on uploads alone
//! eligibility = ["retirement_age"]    # named checks on the applicant
//! no_materials = true                 # the item needs no upload at all (then no materials)
//!
//! [[items.persons]]                   # other people the item concerns
//! role = "deceased"                   # a-z 0-9 '_'; referred to by materials' `concerns`
//! name = "死者"
//! name_en = "the deceased"
//! required = true
//!
//! [[items.fields]]                    # form fields the application carries
//! name = "date_of_death"
//! label = "死亡日期"
//! label_en = "Date of death"
//! type = "date"                       # date text amount integer boolean uscc id_number
//! required = true
//!
//! [[items.deadlines]]                 # apply within N days of a date field
//! field = "date_of_death"
//! within_days = 365
//! applicant_type = "individual"       # optional: only for this applicant type
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
//! concerns = "deceased"               # or: it is about this person role (not with held_by_applicant)
//! issued_by = "hospital"              # registry category, "employer" or "applicant"
//! group = "death_proof"               # alternatives: any one material of the group suffices
//! required_when = "has_other_survivors"  # required only when this boolean field is true
//! date_field = "date_of_death"        # the date it states must agree with this date field
//! revocation_optional = true          # unknown revocation status does not stop acceptance
//! # signed_by may also name { uscc_field = "former_employer_uscc" } (a uscc form field)
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
    /// Name of the catalog file, as given to [`parse_catalog`].
    pub file: String,
    /// Item code (or `items[N]` when the item has no usable code).
    pub item: Option<String>,
    /// Material code (or `materials[N]`).
    pub material: Option<String>,
    /// Dotted field name, e.g. `forms[2]`, `signed_by[0].category`.
    pub field: String,
    /// What is wrong, in English.
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

    /// [`Cursor::unknown_fields`] for a table nested at `at` (e.g. `persons[1]`).
    fn unknown_sub_fields(&mut self, table: &Table, at: &str, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                self.error(
                    &format!("{at}.{key}"),
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
    "basis",
    "online",
    "visit",
    "visit_en",
    "auto_accept",
    "persons",
    "fields",
    "deadlines",
    "eligibility",
    "no_materials",
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
    "concerns",
    "issued_by",
    "group",
    "required_when",
    "date_field",
    "revocation_optional",
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
    let (applicant_type, other_applicant_types) = parse_applicant_types(cur, t);
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
    let basis = cur.strings(t, "basis");
    let online = parse_online(cur, t);
    let auto_accept = match t.get("auto_accept") {
        None => true,
        Some(_) => cur.boolean(t, "auto_accept"),
    };
    let persons = parse_persons(cur, t);
    let fields = parse_fields(cur, t);
    let deadlines = parse_deadlines(cur, t, &fields);
    let eligibility = cur.strings(t, "eligibility");
    for (i, check) in eligibility.iter().enumerate() {
        if !ELIGIBILITY_CHECKS.contains(&check.as_str()) {
            cur.error(
                &format!("eligibility[{i}]"),
                format!("{check:?} is not one of {}", ELIGIBILITY_CHECKS.join(", ")),
            );
        }
    }
    let no_materials = cur.boolean(t, "no_materials");
    let mut materials = Vec::new();
    match t.get("materials") {
        // An item that needs nothing but the applicant's identity says so explicitly, so a
        // forgotten checklist is never mistaken for an empty one.
        Some(Value::Array(values)) if no_materials && !values.is_empty() => cur.error(
            "no_materials",
            "an item with no_materials = true lists no [[items.materials]]",
        ),
        Some(Value::Array(_)) | None if no_materials => {}
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
            "an item needs at least one [[items.materials]] table (or no_materials = true when it needs none)",
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
    check_material_references(cur, &materials, &persons, &fields);
    Some(ServiceItem {
        code: code?,
        name: name?,
        name_en: name_en?,
        applicant_type: applicant_type?,
        risk: risk?,
        description,
        other_applicant_types,
        basis,
        online,
        auto_accept,
        persons,
        fields,
        deadlines,
        eligibility,
        no_materials,
        materials,
    })
}

const APPLICANT_TYPES: &[(&str, ApplicantType)] = &[
    ("individual", ApplicantType::Individual),
    ("unit", ApplicantType::Unit),
];

/// `applicant_type = "unit"` or `applicant_type = ["unit", "individual"]` (the first is the
/// primary one, shown first and assumed when an application does not say).
fn parse_applicant_types(
    cur: &mut Cursor<'_>,
    t: &Table,
) -> (Option<ApplicantType>, Vec<ApplicantType>) {
    let Some(Value::Array(values)) = t.get("applicant_type") else {
        return (cur.choice(t, "applicant_type", APPLICANT_TYPES), Vec::new());
    };
    let mut kinds = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let field = format!("applicant_type[{i}]");
        match v
            .as_str()
            .and_then(|s| APPLICANT_TYPES.iter().find(|(n, _)| *n == s))
        {
            Some((_, kind)) if kinds.contains(kind) => cur.error(&field, "listed twice"),
            Some((_, kind)) => kinds.push(*kind),
            None => cur.error(&field, "expected \"individual\" or \"unit\""),
        }
    }
    if kinds.is_empty() {
        cur.error("applicant_type", "list at least one applicant type");
        return (None, Vec::new());
    }
    let primary = kinds.remove(0);
    (Some(primary), kinds)
}

/// `online = "full" | "partial" | "offline"`, with `visit`/`visit_en` naming the step that
/// needs a visit unless the item is fully online.
fn parse_online(cur: &mut Cursor<'_>, t: &Table) -> Option<Online> {
    let visit = cur.string(t, "visit", false);
    let visit_en = cur.string(t, "visit_en", false);
    if !t.contains_key("online") {
        if visit.is_some() || visit_en.is_some() {
            cur.error(
                "visit",
                "only meaningful with online = \"partial\" or \"offline\"",
            );
        }
        return None;
    }
    let mode = cur.choice(
        t,
        "online",
        &[
            ("full", OnlineMode::Full),
            ("partial", OnlineMode::Partial),
            ("offline", OnlineMode::Offline),
        ],
    )?;
    match mode {
        OnlineMode::Full if visit.is_some() || visit_en.is_some() => cur.error(
            "visit",
            "a fully online item has no step that needs a visit",
        ),
        OnlineMode::Partial | OnlineMode::Offline if visit.is_none() || visit_en.is_none() => cur
            .error(
                "visit",
                "name the step that needs a visit in visit and visit_en",
            ),
        _ => {}
    }
    Some(Online {
        mode,
        visit,
        visit_en,
    })
}

/// The array of tables under `key`, each passed to `each` with its index; a wrong shape is
/// reported once.
fn tables<'t>(cur: &mut Cursor<'_>, t: &'t Table, key: &str) -> Vec<(usize, &'t Table)> {
    match t.get(key) {
        None => Vec::new(),
        Some(Value::Array(values)) => {
            let mut out = Vec::new();
            for (i, v) in values.iter().enumerate() {
                match v {
                    Value::Table(table) => out.push((i, table)),
                    other => cur.error(
                        &format!("{key}[{i}]"),
                        format!("expected a table, found {}", other.type_str()),
                    ),
                }
            }
            out
        }
        Some(other) => {
            cur.error(
                key,
                format!(
                    "expected [[items.{key}]] tables, found {}",
                    other.type_str()
                ),
            );
            Vec::new()
        }
    }
}

fn parse_persons(cur: &mut Cursor<'_>, t: &Table) -> Vec<PersonRole> {
    let mut persons: Vec<PersonRole> = Vec::new();
    for (i, p) in tables(cur, t, "persons") {
        let at = format!("persons[{i}]");
        cur.unknown_sub_fields(p, &at, &["role", "name", "name_en", "required"]);
        let role = cur.string(p, "role", true);
        let name = cur.string(p, "name", true);
        let name_en = cur.string(p, "name_en", true);
        let required = cur.boolean(p, "required");
        let Some(role) = role else { continue };
        if !valid_code(&role, '_') || role == "applicant" {
            cur.error(&format!("{at}.role"), format!("{role:?}: roles are 2–48 characters of a-z, 0-9 and '_', and not \"applicant\""));
        } else if persons.iter().any(|q| q.role == role) {
            cur.error(&format!("{at}.role"), "duplicate role");
        } else if let (Some(name), Some(name_en)) = (name, name_en) {
            persons.push(PersonRole {
                role,
                name,
                name_en,
                required,
            });
        }
    }
    persons
}

fn parse_fields(cur: &mut Cursor<'_>, t: &Table) -> Vec<FormField> {
    let types: Vec<(&str, FieldType)> = FieldType::ALL.iter().map(|f| (f.as_str(), *f)).collect();
    let mut fields: Vec<FormField> = Vec::new();
    for (i, f) in tables(cur, t, "fields") {
        let at = format!("fields[{i}]");
        cur.unknown_sub_fields(f, &at, &["name", "label", "label_en", "type", "required"]);
        let name = cur.string(f, "name", true);
        let label = cur.string(f, "label", true);
        let label_en = cur.string(f, "label_en", true);
        let kind = cur.choice(f, "type", &types);
        let required = cur.boolean(f, "required");
        let Some(name) = name else { continue };
        if !valid_code(&name, '_') {
            cur.error(
                &format!("{at}.name"),
                format!("{name:?}: field names are 2–48 characters of a-z, 0-9 and '_'"),
            );
        } else if fields.iter().any(|g| g.name == name) {
            cur.error(&format!("{at}.name"), "duplicate field name");
        } else if let (Some(label), Some(label_en), Some(kind)) = (label, label_en, kind) {
            fields.push(FormField {
                name,
                label,
                label_en,
                kind,
                required,
            });
        }
    }
    fields
}

fn parse_deadlines(cur: &mut Cursor<'_>, t: &Table, fields: &[FormField]) -> Vec<Deadline> {
    let mut deadlines = Vec::new();
    for (i, d) in tables(cur, t, "deadlines") {
        let at = format!("deadlines[{i}]");
        cur.unknown_sub_fields(d, &at, &["field", "within_days", "applicant_type"]);
        let field = cur.string(d, "field", true);
        let within_days = cur.days(d, "within_days");
        if !d.contains_key("within_days") {
            cur.error(&format!("{at}.within_days"), "missing");
        }
        let applicant_type = match d.get("applicant_type") {
            None => None,
            Some(_) => cur.choice(d, "applicant_type", APPLICANT_TYPES),
        };
        let Some(field) = field else { continue };
        if !fields
            .iter()
            .any(|f| f.name == field && f.kind == FieldType::Date)
        {
            cur.error(
                &format!("{at}.field"),
                format!("{field:?} is not a date field of this item"),
            );
            continue;
        }
        if let Some(within_days) = within_days {
            deadlines.push(Deadline {
                field,
                within_days,
                applicant_type,
            });
        }
    }
    deadlines
}

/// Checks that what materials refer to (person roles, form fields, groups) exists.
fn check_material_references(
    cur: &mut Cursor<'_>,
    materials: &[Material],
    persons: &[PersonRole],
    fields: &[FormField],
) {
    let field_of =
        |name: &str, kind: FieldType| fields.iter().any(|f| f.name == name && f.kind == kind);
    for m in materials {
        cur.material = Some(m.code.clone());
        if let Some(role) = &m.concerns {
            if !persons.iter().any(|p| &p.role == role) {
                cur.error(
                    "concerns",
                    format!("{role:?} is not a person role of this item ([[items.persons]])"),
                );
            }
            if m.held_by_applicant {
                cur.error("concerns", "a material concerns either the applicant (held_by_applicant) or another person, not both");
            }
        }
        if let Some(field) = &m.required_when {
            if !field_of(field, FieldType::Boolean) {
                cur.error(
                    "required_when",
                    format!("{field:?} is not a boolean field of this item"),
                );
            }
            if m.requirement != Requirement::Required {
                cur.error(
                    "required_when",
                    "only meaningful when requirement is \"required\"",
                );
            }
        }
        if let Some(field) = &m.date_field {
            if !field_of(field, FieldType::Date) {
                cur.error(
                    "date_field",
                    format!("{field:?} is not a date field of this item"),
                );
            }
        }
        for (i, rule) in m.signed_by.iter().enumerate() {
            if let SignerRule::UsccField(field) = rule {
                if !field_of(field, FieldType::Uscc) {
                    cur.error(
                        &format!("signed_by[{i}].uscc_field"),
                        format!("{field:?} is not a uscc field of this item"),
                    );
                }
            }
        }
        if let Some(group) = &m.group {
            let members: Vec<&Material> = materials
                .iter()
                .filter(|o| o.group.as_ref() == Some(group))
                .collect();
            if members.len() < 2 {
                cur.error(
                    "group",
                    format!(
                        "group {group:?} has no other material: alternatives need at least two"
                    ),
                );
            } else if members.iter().any(|o| o.requirement != m.requirement) {
                cur.error(
                    "group",
                    format!("the materials of group {group:?} must share one requirement"),
                );
            }
        }
    }
    cur.material = None;
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
    let concerns = cur.string(t, "concerns", false);
    let issued_by = cur.string(t, "issued_by", false);
    if let Some(issuer) = &issued_by {
        if !issuer
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            cur.error(
                "issued_by",
                "an issuer-registry category (lower-case letters, digits and '_'), \"employer\" or \"applicant\"",
            );
        }
    }
    let group = cur.string(t, "group", false);
    if let Some(g) = &group {
        if !valid_code(g, '_') {
            cur.error(
                "group",
                format!("{g:?}: group names are 2–48 characters of a-z, 0-9 and '_'"),
            );
        }
    }
    let required_when = cur.string(t, "required_when", false);
    let date_field = cur.string(t, "date_field", false);
    let revocation_optional = cur.boolean(t, "revocation_optional");
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
        concerns,
        issued_by,
        group,
        required_when,
        date_field,
        revocation_optional,
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
                    "uscc_field" if valid_code(&text, '_') => {
                        rules.push(SignerRule::UsccField(text))
                    }
                    "uscc_field" => cur.error(
                        &format!("{field}.uscc_field"),
                        "name a form field of type \"uscc\" of this item",
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
                        "unknown rule; expected \"applicant\", { category = \"…\" }, { uscc = \"…\" } or { uscc_field = \"…\" }",
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

    const FULL_ITEM: &str = r#"
schema = "sealcheck-catalog/1"
version = "test.1"

[[items]]
code = "funeral-grant"
name = "丧葬补助金"
name_en = "Funeral grant"
applicant_type = ["individual", "unit"]
risk = "high"
basis = ["《社会保险法》第四十九条"]
online = "partial"
visit = "领取现金"
visit_en = "Collecting cash"
auto_accept = false
eligibility = ["retirement_age"]

[[items.persons]]
role = "deceased"
name = "死者"
name_en = "the deceased"
required = true

[[items.fields]]
name = "date_of_death"
label = "死亡日期"
label_en = "Date of death"
type = "date"
required = true

[[items.fields]]
name = "has_other_survivors"
label = "是否有其他遗属"
label_en = "Other survivors"
type = "boolean"

[[items.fields]]
name = "employer_uscc"
label = "单位统一社会信用代码"
label_en = "Employer's credit code"
type = "uscc"

[[items.deadlines]]
field = "date_of_death"
within_days = 365

[[items.materials]]
code = "death_certificate"
name = "死亡医学证明"
name_en = "Medical death certificate"
requirement = "required"
forms = ["signed_pdf", "scanned_image"]
signed_by = [{ category = "hospital" }, { uscc_field = "employer_uscc" }]
keywords = ["死亡"]
concerns = "deceased"
issued_by = "hospital"
group = "death_proof"
date_field = "date_of_death"
revocation_optional = true
guidance = "上传死亡证明。"
guidance_en = "Upload the death certificate."

[[items.materials]]
code = "household_cancellation"
name = "户籍注销证明"
name_en = "Household registration cancellation"
requirement = "required"
forms = ["scanned_image"]
keywords = ["注销"]
concerns = "deceased"
issued_by = "public_security"
group = "death_proof"
guidance = "上传户籍注销证明。"
guidance_en = "Upload the cancellation certificate."

[[items.materials]]
code = "survivors_authorisation"
name = "其他遗属授权书"
name_en = "Other survivors' authorisation"
requirement = "required"
forms = ["scanned_image"]
keywords = ["授权"]
issued_by = "applicant"
required_when = "has_other_survivors"
guidance = "上传授权书。"
guidance_en = "Upload the authorisation."
"#;

    #[test]
    fn persons_fields_deadlines_groups_and_basis_load() {
        let catalog = parse_catalog("full.toml", FULL_ITEM).unwrap();
        let item = &catalog.items[0];
        assert!(item.accepts(ApplicantType::Unit));
        assert!(item.accepts(ApplicantType::Individual));
        assert_eq!(item.applicant_type, ApplicantType::Individual);
        assert_eq!(item.basis, ["《社会保险法》第四十九条"]);
        assert_eq!(
            item.online.as_ref().map(|o| o.mode),
            Some(OnlineMode::Partial)
        );
        assert!(!item.auto_accept);
        assert_eq!(item.person("deceased").map(|p| p.required), Some(true));
        assert_eq!(
            item.field("has_other_survivors").map(|f| f.kind),
            Some(FieldType::Boolean)
        );
        assert_eq!(item.deadlines[0].within_days, 365);
        let death = item.material("death_certificate").unwrap();
        assert_eq!(death.concerns.as_deref(), Some("deceased"));
        assert_eq!(death.group.as_deref(), Some("death_proof"));
        assert!(death.revocation_optional);
        assert_eq!(
            death.signed_by[1],
            SignerRule::UsccField("employer_uscc".into())
        );
        let auth = item.material("survivors_authorisation").unwrap();
        assert_eq!(auth.required_when.as_deref(), Some("has_other_survivors"));
        // The defaults of an item that says none of it.
        let minimal = parse_catalog("m.toml", MINIMAL).unwrap();
        assert!(minimal.items[0].auto_accept);
        assert!(minimal.items[0].online.is_none());
    }

    #[test]
    fn references_to_roles_fields_and_groups_are_checked() {
        let broken = FULL_ITEM
            .replace(
                "concerns = \"deceased\"\nissued_by = \"hospital\"",
                "concerns = \"child\"\nissued_by = \"hospital\"",
            )
            .replace(
                "required_when = \"has_other_survivors\"",
                "required_when = \"date_of_death\"",
            )
            .replace(
                "{ uscc_field = \"employer_uscc\" }",
                "{ uscc_field = \"nope\" }",
            )
            .replace(
                "group = \"death_proof\"\nguidance = \"上传户籍",
                "group = \"other\"\nguidance = \"上传户籍",
            )
            .replace("visit = \"领取现金\"\n", "")
            .replace(
                "eligibility = [\"retirement_age\"]",
                "eligibility = [\"age\"]",
            );
        let fields: Vec<String> = errors_of(&broken)
            .into_iter()
            .map(|e| format!("{}:{}", e.material.unwrap_or_default(), e.field))
            .collect();
        for expected in [
            "death_certificate:concerns",
            "death_certificate:signed_by[1].uscc_field",
            "death_certificate:group",
            "household_cancellation:group",
            "survivors_authorisation:required_when",
            ":visit",
            ":eligibility[0]",
        ] {
            assert!(
                fields.iter().any(|f| f == expected),
                "{expected} not in {fields:?}"
            );
        }
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
    fn an_item_without_materials_says_so() {
        let start = MINIMAL.find("[[items.materials]]").unwrap();
        let bare = &MINIMAL[..start];
        let e = errors_of(bare);
        assert_eq!(e[0].field, "materials", "{e:?}");
        let c = parse_catalog("t.toml", &format!("{bare}no_materials = true\n")).unwrap();
        assert!(c.items[0].no_materials && c.items[0].materials.is_empty());
        let c = parse_catalog(
            "t.toml",
            &format!("{bare}no_materials = true\nmaterials = []\n"),
        )
        .unwrap();
        assert!(c.items[0].materials.is_empty());
        let e =
            errors_of(&MINIMAL.replace("risk = \"low\"", "risk = \"low\"\nno_materials = true"));
        assert_eq!(e[0].field, "no_materials", "{e:?}");
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
