//! Electronic licences (电子证照) as documents: recognising one in an OFD or PDF, reading its
//! metadata from the parts its seal or signature protects, and checking it.
//!
//! What is read (see `docs/licenses.md`):
//! - **OFD** (GB/T 36905 files are OFD): `CustomData` elements (`<ofd:CustomData
//!   Name="证照标识">…</ofd:CustomData>`, normally in OFD.xml's `DocInfo/CustomDatas`) of any
//!   XML part of the package. A value is *covered* when its part is in the `References` of the
//!   seal (or signature) the licence is judged by.
//! - **PDF**: keys of the document information dictionary (`/Info` of the trailer) named
//!   `/CertName`, `/CertIdentifier`, … ([`Field::pdf_key`]). Values are read from the revision
//!   the signature signed (the bytes up to the end of its `/ByteRange`), so they are covered;
//!   values of later revisions that differ are reported as not covered.
//!
//! Values that no valid signature covers are listed in `uncovered` and never used.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::issuers::IssuerMatch;
use crate::license::{elicense, id_number, normalize, types, uscc};
use crate::policy::Limits;
use crate::report::{DocumentKind, DocumentReport, SignatureKind, SignatureReport};
use crate::seal::{package, xml};
use crate::verdict::{CheckStatus, Indication, Text};

/// Largest file examined for licence metadata: e-licences are a few hundred KB, and a second
/// read of a large upload would undo the page dropping of memory-mapped inputs (from 8 MiB).
pub const MAX_LICENSE_FILE: u64 = 8 * 1024 * 1024;
/// Most XML parts of an OFD package searched for metadata.
const MAX_XML_PARTS: usize = 256;
/// Most metadata entries kept per document.
const MAX_ENTRIES: usize = 256;
/// Signed revisions of a PDF searched for metadata.
const MAX_SIGNED_REVISIONS_READ: usize = 4;
/// Longest value kept.
const MAX_VALUE_CHARS: usize = 512;

/// A metadata field of an e-licence (GB/T 36903 data items as the platforms name them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The licence's name (证照名称).
    Name,
    /// Licence type code (证照类型代码).
    TypeCode,
    /// Number printed on the licence (证照编号).
    Number,
    /// E-licence identifier (证照标识).
    Identifier,
    /// Holder (持证主体).
    Holder,
    /// Holder's identity code (持证主体代码).
    HolderCode,
    /// Kind of the holder's code (持证主体代码类型).
    HolderCodeType,
    /// Issuing body (颁发机构).
    Issuer,
    /// Issuing body's code (颁发机构代码).
    IssuerCode,
    /// Date of issue (颁发日期).
    IssueDate,
    /// Start of validity (有效期起始).
    ValidFrom,
    /// End of validity (有效期截止).
    ValidUntil,
}

impl Field {
    /// Every field, in report order.
    pub const ALL: [Field; 12] = [
        Field::Name,
        Field::TypeCode,
        Field::Number,
        Field::Identifier,
        Field::Holder,
        Field::HolderCode,
        Field::HolderCodeType,
        Field::Issuer,
        Field::IssuerCode,
        Field::IssueDate,
        Field::ValidFrom,
        Field::ValidUntil,
    ];

    /// JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::TypeCode => "type_code",
            Field::Number => "number",
            Field::Identifier => "identifier",
            Field::Holder => "holder",
            Field::HolderCode => "holder_code",
            Field::HolderCodeType => "holder_code_type",
            Field::Issuer => "issuer",
            Field::IssuerCode => "issuer_code",
            Field::IssueDate => "issue_date",
            Field::ValidFrom => "valid_from",
            Field::ValidUntil => "valid_until",
        }
    }

    /// The Chinese data-item name (also the OFD `CustomData` Name).
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "证照名称",
            Field::TypeCode => "证照类型代码",
            Field::Number => "证照编号",
            Field::Identifier => "证照标识",
            Field::Holder => "持证主体",
            Field::HolderCode => "持证主体代码",
            Field::HolderCodeType => "持证主体代码类型",
            Field::Issuer => "颁证单位",
            Field::IssuerCode => "颁证单位代码",
            Field::IssueDate => "颁证日期",
            Field::ValidFrom => "有效期起始日期",
            Field::ValidUntil => "有效期截止日期",
        }
    }

    /// The PDF information-dictionary key (also accepted as an OFD `CustomData` Name).
    pub fn pdf_key(self) -> &'static str {
        match self {
            Field::Name => "CertName",
            Field::TypeCode => "CertTypeCode",
            Field::Number => "CertNumber",
            Field::Identifier => "CertIdentifier",
            Field::Holder => "CertHolder",
            Field::HolderCode => "CertHolderCode",
            Field::HolderCodeType => "CertHolderCodeType",
            Field::Issuer => "CertIssuer",
            Field::IssuerCode => "CertIssuerCode",
            Field::IssueDate => "CertIssueDate",
            Field::ValidFrom => "CertValidFrom",
            Field::ValidUntil => "CertValidUntil",
        }
    }

    /// Other names writers use for the same item.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["电子证照名称"],
            Field::TypeCode => &["certCode"],
            Field::Identifier => &["电子证照标识", "certSign"],
            Field::HolderCode => &["持证主体证件号码"],
            Field::Issuer => &["颁发机构", "发证机关", "颁证机构", "issueOrgName"],
            Field::IssuerCode => &[
                "颁发机构代码",
                "发证机关代码",
                "颁证机构代码",
                "issueOrgCode",
            ],
            Field::IssueDate => &["颁发日期", "发证日期", "issueDate"],
            Field::ValidFrom => &["有效期起始", "有效期开始日期", "validFrom"],
            Field::ValidUntil => &["有效期截止", "有效期结束日期", "validTo", "validUntil"],
            _ => &[],
        }
    }

    /// The field a metadata name stands for (exact label, alias or PDF key, ASCII case ignored).
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim();
        Field::ALL.into_iter().find(|f| {
            f.label() == name
                || f.pdf_key().eq_ignore_ascii_case(name)
                || f.aliases().iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }
}

/// The metadata of a licence that a valid signature covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseFields {
    /// 证照名称
    pub name: Option<String>,
    /// 证照类型代码
    pub type_code: Option<String>,
    /// 证照编号
    pub number: Option<String>,
    /// 证照标识 (`1.2.156.3005.2.…`)
    pub identifier: Option<String>,
    /// 持证主体
    pub holder: Option<String>,
    /// 持证主体代码
    pub holder_code: Option<String>,
    /// 持证主体代码类型 (as written, e.g. 公民身份号码, 统一社会信用代码)
    pub holder_code_type: Option<String>,
    /// 颁证单位
    pub issuer: Option<String>,
    /// 颁证单位代码
    pub issuer_code: Option<String>,
    /// 颁证日期
    pub issue_date: Option<String>,
    /// 有效期起始日期
    pub valid_from: Option<String>,
    /// 有效期截止日期 (a date, or 长期)
    pub valid_until: Option<String>,
}

impl LicenseFields {
    /// The value of `field`, when the metadata has it.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.slot(field).as_deref()
    }

    fn slot(&self, field: Field) -> &Option<String> {
        match field {
            Field::Name => &self.name,
            Field::TypeCode => &self.type_code,
            Field::Number => &self.number,
            Field::Identifier => &self.identifier,
            Field::Holder => &self.holder,
            Field::HolderCode => &self.holder_code,
            Field::HolderCodeType => &self.holder_code_type,
            Field::Issuer => &self.issuer,
            Field::IssuerCode => &self.issuer_code,
            Field::IssueDate => &self.issue_date,
            Field::ValidFrom => &self.valid_from,
            Field::ValidUntil => &self.valid_until,
        }
    }

    fn set(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::Name => &mut self.name,
            Field::TypeCode => &mut self.type_code,
            Field::Number => &mut self.number,
            Field::Identifier => &mut self.identifier,
            Field::Holder => &mut self.holder,
            Field::HolderCode => &mut self.holder_code,
            Field::HolderCodeType => &mut self.holder_code_type,
            Field::Issuer => &mut self.issuer,
            Field::IssuerCode => &mut self.issuer_code,
            Field::IssueDate => &mut self.issue_date,
            Field::ValidFrom => &mut self.valid_from,
            Field::ValidUntil => &mut self.valid_until,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    fn is_empty(&self) -> bool {
        Field::ALL.iter().all(|f| self.get(*f).is_none())
    }
}

/// Whether found metadata makes a document an e-licence: an identifier, or at least three
/// licence fields (a lone title is not a licence).
fn is_license(entries: &[Entry]) -> bool {
    let fields: BTreeSet<Field> = entries.iter().map(|e| e.field).collect();
    fields.contains(&Field::Identifier) || fields.len() >= 3
}

/// A metadata value no valid signature covers: shown, never used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncoveredField {
    /// Field name as found.
    pub field: String,
    /// Value as found.
    pub value: String,
    /// Where it was found (package path, or `revision N` of a PDF).
    pub part: String,
}

/// Bottom line of a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseStatus {
    /// Every check passed.
    Valid,
    /// A check failed.
    Invalid,
    /// Nothing failed, something could not be confirmed.
    Indeterminate,
}

impl LicenseStatus {
    /// The JSON name, e.g. `valid`.
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseStatus::Valid => "valid",
            LicenseStatus::Invalid => "invalid",
            LicenseStatus::Indeterminate => "indeterminate",
        }
    }
}

/// One licence check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseCheck {
    /// Stable id: `metadata`, `signature`, `identifier`, `type_code`, `issuer`, `validity`,
    /// `unprotected_metadata`, and with an application `holder`, `license_type`, `qr`.
    pub id: String,
    /// How the check came out.
    pub status: CheckStatus,
    /// Stable code when not passed (`LICENSE_EXPIRED`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What it found, in both languages.
    pub message: Text,
}

impl LicenseCheck {
    fn new(id: &str, status: CheckStatus, code: Option<&str>, en: String, zh: String) -> Self {
        LicenseCheck {
            id: id.to_string(),
            status,
            code: code.map(str::to_string),
            message: Text::new(en, zh),
        }
    }

    fn passed(id: &str, en: String, zh: String) -> Self {
        Self::new(id, CheckStatus::Passed, None, en, zh)
    }

    fn failed(id: &str, code: &str, en: String, zh: String) -> Self {
        Self::new(id, CheckStatus::Failed, Some(code), en, zh)
    }

    fn doubt(id: &str, code: &str, en: String, zh: String) -> Self {
        Self::new(id, CheckStatus::Indeterminate, Some(code), en, zh)
    }
}

/// The `license` object of a document in the verify report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseReport {
    /// Where the metadata came from: `ofd_custom_data` or `pdf_info`.
    pub source: String,
    /// The signature or seal (its `field`) whose protected parts hold the metadata; null when
    /// none does.
    pub covered_by: Option<String>,
    /// Covered metadata only.
    pub fields: LicenseFields,
    /// Metadata outside what the signature covers (not used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered: Vec<UncoveredField>,
    /// The licence type (data/license_types.toml) its type code or name stands for.
    pub license_type: Option<String>,
    /// The issuing body of the issuer registry that sealed or signed it.
    pub issuer_registry: Option<IssuerMatch>,
    /// The bottom line of the checks.
    pub status: LicenseStatus,
    /// Every check, in the order they ran.
    pub checks: Vec<LicenseCheck>,
}

impl LicenseReport {
    /// Recomputes `status` from the checks.
    pub fn conclude(&mut self) {
        self.status = status_of(&self.checks);
    }

    /// The check with this id, if run.
    pub fn check(&self, id: &str) -> Option<&LicenseCheck> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// Bottom line of a list of checks.
pub fn status_of(checks: &[LicenseCheck]) -> LicenseStatus {
    if checks.iter().any(|c| c.status == CheckStatus::Failed) {
        LicenseStatus::Invalid
    } else if checks
        .iter()
        .any(|c| c.status == CheckStatus::Indeterminate)
    {
        LicenseStatus::Indeterminate
    } else {
        LicenseStatus::Valid
    }
}

/// One metadata value as found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    field: Field,
    value: String,
    part: String,
}

fn clean(value: &str) -> Option<String> {
    let v: String = value.trim().chars().take(MAX_VALUE_CHARS).collect();
    (!v.is_empty()).then_some(v)
}

/// Reads and checks the licence in a verified document, if it is one. `report` must already
/// carry the signatures and their registry matches; `registry_given` says whether an issuer
/// registry was configured (for the messages).
pub fn examine(
    bytes: &[u8],
    report: &DocumentReport,
    limits: &Limits,
    today: Date,
    registry_given: bool,
) -> Option<LicenseReport> {
    if bytes.len() as u64 > MAX_LICENSE_FILE.min(limits.max_file_size) {
        return None;
    }
    let mut license = match report.kind {
        DocumentKind::Ofd => read_ofd(bytes, report, limits)?,
        DocumentKind::Pdf => read_pdf(bytes, report, limits)?,
        _ => return None,
    };
    let sig = license.covered_by.as_deref().and_then(|field| {
        report
            .signatures
            .iter()
            .find(|s| s.field.as_deref() == Some(field))
    });
    evaluate(&mut license, sig, today, registry_given);
    Some(license)
}

/// Fills in what follows from the fields and the covering signature `sig`: licence type,
/// registry entry, the checks of the licence itself at `today`, and the status.
pub fn evaluate(
    license: &mut LicenseReport,
    sig: Option<&SignatureReport>,
    today: Date,
    registry_given: bool,
) {
    license.issuer_registry = sig.and_then(|s| s.issuer.clone());
    license.license_type = types::classify(
        license.fields.type_code.as_deref(),
        license.fields.name.as_deref(),
    )
    .map(|t| t.name.clone());
    license.checks = intrinsic_checks(license, sig, today, registry_given);
    license.conclude();
}

impl LicenseReport {
    /// A licence read from `source` with these covered fields, before [`evaluate`].
    pub fn new(source: &str, covered_by: Option<String>, fields: LicenseFields) -> Self {
        LicenseReport {
            source: source.to_string(),
            covered_by,
            fields,
            uncovered: Vec::new(),
            license_type: None,
            issuer_registry: None,
            status: LicenseStatus::Indeterminate,
            checks: Vec::new(),
        }
    }
}

/// Builds the report from entries and the parts the chosen signature covers.
fn assemble(
    source: &str,
    entries: Vec<Entry>,
    covered_by: Option<(String, BTreeSet<String>)>,
) -> LicenseReport {
    let mut fields = LicenseFields::default();
    let covered_parts = covered_by.as_ref().map(|(_, parts)| parts);
    for e in entries
        .iter()
        .filter(|e| covered_parts.is_some_and(|p| p.contains(&e.part)))
    {
        fields.set(e.field, e.value.clone());
    }
    let uncovered = entries
        .iter()
        .filter(|e| !covered_parts.is_some_and(|p| p.contains(&e.part)))
        .filter(|e| fields.get(e.field) != Some(e.value.as_str()))
        .map(|e| UncoveredField {
            field: e.field.key().to_string(),
            value: e.value.clone(),
            part: e.part.clone(),
        })
        .collect();
    let covered_by = if fields.is_empty() {
        None
    } else {
        covered_by.map(|(f, _)| f)
    };
    LicenseReport {
        source: source.to_string(),
        covered_by,
        fields,
        uncovered,
        license_type: None,
        issuer_registry: None,
        status: LicenseStatus::Indeterminate,
        checks: Vec::new(),
    }
}

// ---- OFD ------------------------------------------------------------------------------------

fn read_ofd(bytes: &[u8], report: &DocumentReport, limits: &Limits) -> Option<LicenseReport> {
    let pkg = package::Package::read(bytes, limits).ok()?;
    let mut entries = Vec::new();
    for path in pkg
        .paths()
        .filter(|p| p.to_ascii_lowercase().ends_with(".xml"))
        .take(MAX_XML_PARTS)
    {
        let Some(data) = pkg.get(path) else { continue };
        if memchr::memmem::find(data, b"CustomData").is_none() {
            continue;
        }
        let Ok(root) = xml::parse(data) else { continue };
        collect_custom_data(&root, path, &mut entries, 0);
        if entries.len() >= MAX_ENTRIES {
            break;
        }
    }
    if !is_license(&entries) {
        return None;
    }
    let parts_with_metadata: BTreeSet<String> = entries.iter().map(|e| e.part.clone()).collect();
    let covering = choose_covering(
        report,
        |sig| covered_ofd_parts(&pkg, sig),
        &parts_with_metadata,
    );
    Some(assemble("ofd_custom_data", entries, covering))
}

fn collect_custom_data(el: &xml::Element, part: &str, out: &mut Vec<Entry>, depth: usize) {
    if out.len() >= MAX_ENTRIES || depth > 32 {
        return;
    }
    if el.name == "CustomData" {
        if let (Some(field), Some(value)) =
            (el.attr("Name").and_then(Field::from_name), clean(&el.text))
        {
            out.push(Entry {
                field,
                value,
                part: part.to_string(),
            });
        }
    }
    for child in &el.children {
        collect_custom_data(child, part, out, depth + 1);
    }
}

/// The package parts an OFD signature's `References` list, read from its Signature.xml (the
/// signature's `field` is `path#id`). The seal verification checked their digests; a later
/// version of the OFD verifier reports this closure itself, and this function will use it.
pub fn covered_ofd_parts(pkg: &package::Package, sig: &SignatureReport) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(path) = sig.field.as_deref().and_then(|f| f.split('#').next()) else {
        return out;
    };
    let Some(root) = pkg.get(path).and_then(|b| xml::parse(b).ok()) else {
        return out;
    };
    if let Some(refs) = root.child("SignedInfo").and_then(|i| i.child("References")) {
        for r in refs.children_named("Reference").take(10_000) {
            if let Some(p) = r.attr("FileRef").and_then(package::normalise_reference) {
                out.insert(p);
            }
        }
    }
    out
}

/// The signature the licence is judged by: among signatures (not timestamps) that cover at
/// least one part holding metadata, the one covering the most such parts, a valid one first.
fn choose_covering(
    report: &DocumentReport,
    covered: impl Fn(&SignatureReport) -> BTreeSet<String>,
    parts: &BTreeSet<String>,
) -> Option<(String, BTreeSet<String>)> {
    let mut best: Option<(usize, bool, String, BTreeSet<String>)> = None;
    for sig in report
        .signatures
        .iter()
        .filter(|s| s.kind != SignatureKind::Timestamp)
    {
        let Some(field) = sig.field.clone() else {
            continue;
        };
        let set = covered(sig);
        let n = parts.iter().filter(|p| set.contains(*p)).count();
        if n == 0 {
            continue;
        }
        let valid = sig.indication == Indication::TotalPassed;
        let better = best
            .as_ref()
            .is_none_or(|(bn, bvalid, _, _)| (valid && !*bvalid) || (valid == *bvalid && n > *bn));
        if better {
            best = Some((n, valid, field, set));
        }
    }
    best.map(|(_, _, field, set)| (field, set))
}

// ---- PDF ------------------------------------------------------------------------------------

fn read_pdf(bytes: &[u8], report: &DocumentReport, limits: &Limits) -> Option<LicenseReport> {
    // Cheap gate: every key of ours starts with "Cert".
    memchr::memmem::find(bytes, b"/Cert")?;
    let latest = pdf_info(bytes, limits, "latest revision");
    // The signature whose signed revision carries metadata: the first (earliest) one that does.
    let mut covering: Option<(String, Vec<Entry>)> = None;
    // Each try parses a revision; licences carry their metadata in the first signed one.
    for sig in report
        .signatures
        .iter()
        .filter(|s| s.kind != SignatureKind::Timestamp)
        .take(MAX_SIGNED_REVISIONS_READ)
    {
        let (Some(field), Some(end)) = (sig.field.clone(), signed_end(sig)) else {
            continue;
        };
        let Some(signed) = bytes.get(..end) else {
            continue;
        };
        // Revisions count from 1 everywhere (docs/indications.md), as the signature reports them.
        let part = format!("revision {}", sig.revision);
        let found = pdf_info(signed, limits, &part);
        if !found.is_empty() {
            covering = Some((field, found));
            break;
        }
    }
    let signed_entries = covering
        .as_ref()
        .map(|(_, e)| e.as_slice())
        .unwrap_or_default();
    if !is_license(&latest) && !is_license(signed_entries) {
        return None;
    }
    let mut entries = Vec::new();
    let covered = covering.map(|(field, found)| {
        let part = found.first().map(|e| e.part.clone()).unwrap_or_default();
        entries.extend(found);
        (field, BTreeSet::from([part]))
    });
    entries.extend(latest);
    Some(assemble("pdf_info", entries, covered))
}

/// End of the bytes a PDF signature signs (`/ByteRange [a b c d]` → c + d).
fn signed_end(sig: &SignatureReport) -> Option<usize> {
    let range = sig.byte_range.as_ref()?;
    let (start, len) = (*range.get(2)?, *range.get(3)?);
    usize::try_from(start.checked_add(len)?).ok()
}

/// Licence keys of the trailer's /Info dictionary of the PDF in `bytes`.
fn pdf_info(bytes: &[u8], limits: &Limits, part: &str) -> Vec<Entry> {
    let stream_limit = usize::try_from(limits.max_stream_bytes).unwrap_or(usize::MAX);
    let read = catch_unwind(AssertUnwindSafe(|| {
        let options = lopdf::LoadOptions {
            max_decompressed_size: Some(stream_limit),
            ..lopdf::LoadOptions::default()
        };
        let doc = lopdf::Document::load_mem_with_options(bytes, options).ok()?;
        let info = match doc.trailer.get(b"Info").ok()? {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok()?.clone(),
            lopdf::Object::Dictionary(d) => d.clone(),
            _ => return None,
        };
        let mut out = Vec::new();
        for (key, value) in info.iter().take(MAX_ENTRIES) {
            let Some(field) = std::str::from_utf8(key).ok().and_then(Field::from_name) else {
                continue;
            };
            let value = match value {
                lopdf::Object::Reference(id) => doc.get_object(*id).ok().cloned(),
                other => Some(other.clone()),
            };
            let text = match value {
                Some(lopdf::Object::String(raw, _)) => decode_text(&raw),
                Some(lopdf::Object::Name(raw)) => String::from_utf8_lossy(&raw).into_owned(),
                _ => continue,
            };
            if let Some(value) = clean(&text) {
                out.push(Entry {
                    field,
                    value,
                    part: part.to_string(),
                });
            }
        }
        Some(out)
    }));
    read.ok().flatten().unwrap_or_default()
}

/// A PDF text string: UTF-16BE with BOM, UTF-8 (with BOM, or as many writers put it), else
/// PDFDocEncoding read as Latin-1.
pub fn decode_text(raw: &[u8]) -> String {
    if let Some(utf16) = raw.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => raw.iter().map(|b| char::from(*b)).collect(),
    }
}

// ---- checks ---------------------------------------------------------------------------------

/// End of validity as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// A calendar date.
    Date(Date),
    /// 长期 / 永久
    Indefinite,
}

/// Reads 2026-01-31, 2026.01.31, 2026/01/31, 20260131, 2026年1月31日 (time of day ignored).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let digits: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse::<u32>().ok())
        .collect::<Option<Vec<u32>>>()?;
    let (y, m, d) = match digits.as_slice() {
        [ymd] if t.chars().filter(char::is_ascii_digit).count() == 8 => {
            (ymd / 10_000, (ymd / 100) % 100, ymd % 100)
        }
        [y, m, d, ..] => (*y, *m, *d),
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

fn parse_until(text: &str) -> Option<Until> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.contains("长期") || t.contains("永久") || t == "9999-12-31" {
        return Some(Until::Indefinite);
    }
    parse_date(&t).map(Until::Date)
}

/// Checks that need nothing but the licence and the signature covering it.
fn intrinsic_checks(
    license: &LicenseReport,
    sig: Option<&SignatureReport>,
    today: Date,
    registry_given: bool,
) -> Vec<LicenseCheck> {
    let mut checks = Vec::new();
    let f = &license.fields;
    // 1. Metadata covered by a signature at all.
    let Some(sig) = sig else {
        checks.push(LicenseCheck::failed(
            "metadata",
            "LICENSE_METADATA_NOT_COVERED",
            "the licence metadata is not protected by any seal or signature of the file; it is not used".into(),
            "证照元数据不在任何电子印章或签名的保护范围内，不予采信".into(),
        ));
        return checks;
    };
    checks.push(LicenseCheck::passed(
        "metadata",
        format!(
            "the licence metadata is protected by {}",
            sig.field.as_deref().unwrap_or("")
        ),
        format!("证照元数据受签章{}保护", sig.field.as_deref().unwrap_or("")),
    ));
    if !license.uncovered.is_empty() {
        let names: Vec<&str> = license.uncovered.iter().map(|u| u.field.as_str()).collect();
        checks.push(LicenseCheck::doubt(
            "unprotected_metadata",
            "LICENSE_METADATA_UNPROTECTED",
            format!(
                "the file also holds licence metadata outside the protected parts that differs from it ({}); it is ignored",
                names.join(", ")
            ),
            format!(
                "文件中另有不受签章保护且与受保护内容不一致的证照元数据（{}），不予采信",
                names.join("、")
            ),
        ));
    }
    // 2. The seal or signature itself.
    match sig.indication {
        Indication::TotalPassed => checks.push(LicenseCheck::passed(
            "signature",
            "the issuer's seal or signature is valid".into(),
            "颁证单位的电子印章（签名）有效".into(),
        )),
        Indication::TotalFailed => checks.push(LicenseCheck::failed(
            "signature",
            "LICENSE_SIGNATURE_FAILED",
            format!(
                "the issuer's seal or signature is not valid ({})",
                sig.sub_indication
                    .map(|s| s.as_str())
                    .unwrap_or("TOTAL_FAILED")
            ),
            format!(
                "颁证单位的电子印章（签名）无效（{}）",
                sig.sub_indication
                    .map(|s| s.as_str())
                    .unwrap_or("TOTAL_FAILED")
            ),
        )),
        Indication::Indeterminate => checks.push(LicenseCheck::doubt(
            "signature",
            "LICENSE_SIGNATURE_INDETERMINATE",
            format!(
                "the issuer's seal or signature can be neither confirmed nor rejected ({})",
                sig.sub_indication
                    .map(|s| s.as_str())
                    .unwrap_or("INDETERMINATE")
            ),
            format!(
                "颁证单位的电子印章（签名）既不能确认有效也不能认定无效（{}）",
                sig.sub_indication
                    .map(|s| s.as_str())
                    .unwrap_or("INDETERMINATE")
            ),
        )),
    }
    // 3. The identifier.
    let id = match f.identifier.as_deref() {
        None => {
            checks.push(LicenseCheck::failed(
                "identifier",
                "LICENSE_ID_MISSING",
                "the licence has no identifier (证照标识)".into(),
                "证照元数据中没有证照标识".into(),
            ));
            None
        }
        Some(value) => match elicense::check(value) {
            Ok(id) => {
                checks.push(LicenseCheck::passed(
                    "identifier",
                    format!("identifier {value} is well formed and its check character is right"),
                    format!("证照标识{value}格式正确，校验位正确"),
                ));
                Some(id)
            }
            Err(e) => {
                checks.push(LicenseCheck::failed(
                    "identifier",
                    e.code,
                    e.text.en,
                    e.text.zh,
                ));
                None
            }
        },
    };
    // 4. Type code in the identifier and in the metadata agree.
    if let (Some(id), Some(code)) = (&id, f.type_code.as_deref()) {
        if normalize(code) == id.type_code {
            checks.push(LicenseCheck::passed(
                "type_code",
                "the type code agrees with the identifier".into(),
                "证照类型代码与证照标识一致".into(),
            ));
        } else {
            checks.push(LicenseCheck::failed(
                "type_code",
                "LICENSE_TYPE_CODE_MISMATCH",
                format!(
                    "the type code {code} differs from the one in the identifier ({})",
                    id.type_code
                ),
                format!(
                    "证照类型代码{code}与证照标识中的类型代码{}不一致",
                    id.type_code
                ),
            ));
        }
    }
    // 5. Issuer: identifier segment, 颁证单位代码 and the sealer's registry entry.
    checks.push(issuer_check(
        license,
        id.as_ref(),
        Some(sig),
        registry_given,
    ));
    // 6. Validity at the validation date.
    checks.push(validity_check(f, today));
    checks
}

fn issuer_check(
    license: &LicenseReport,
    id: Option<&elicense::LicenseId>,
    sig: Option<&SignatureReport>,
    registry_given: bool,
) -> LicenseCheck {
    let f = &license.fields;
    let Some(code) = f.issuer_code.as_deref().map(normalize) else {
        return LicenseCheck::failed(
            "issuer",
            "LICENSE_ISSUER_CODE_MISSING",
            "the licence does not give its issuer's code (颁证单位代码)".into(),
            "证照元数据中没有颁证单位代码".into(),
        );
    };
    if uscc::check(&code).is_err() {
        return LicenseCheck::failed(
            "issuer",
            "LICENSE_ISSUER_CODE_INVALID",
            format!("the issuer code {code} is not a valid unified social credit code"),
            format!("颁证单位代码{code}不是有效的统一社会信用代码"),
        );
    }
    if let Some(id) = id {
        // The identifier names the issuer by credit code, or by an administrative-division
        // code (then only the registry ties the licence to its issuer).
        if id.issuer_code.len() == 18 && id.issuer_code != code {
            return LicenseCheck::failed(
                "issuer",
                "LICENSE_ISSUER_MISMATCH",
                format!(
                    "the identifier names issuer {}, the licence names issuer {code}",
                    id.issuer_code
                ),
                format!(
                    "证照标识中的颁发机构代码{}与颁证单位代码{code}不一致",
                    id.issuer_code
                ),
            );
        }
    }
    let certified = sig
        .and_then(|s| s.signer.as_ref())
        .and_then(|c| c.uscc.as_deref());
    match &license.issuer_registry {
        // The certificate says whose it is, and it is not the issuer's.
        None if certified.is_some_and(|c| c != code) => LicenseCheck::failed(
            "issuer",
            "LICENSE_ISSUER_MISMATCH",
            format!(
                "the licence names issuer {code}, but it was sealed or signed with the certificate of {}",
                certified.unwrap_or_default()
            ),
            format!(
                "证照所载颁证单位代码为{code}，但签章证书属于{}",
                certified.unwrap_or_default()
            ),
        ),
        Some(m) if m.uscc == code => LicenseCheck::passed(
            "issuer",
            format!("sealed or signed by the issuer it names: {} ({code}, {})", m.name, m.category),
            format!("由证照所载颁证单位{}（{code}）签章", m.name),
        ),
        Some(m) => LicenseCheck::failed(
            "issuer",
            "LICENSE_ISSUER_MISMATCH",
            format!(
                "the licence names issuer {code}, but it was sealed or signed by {} ({})",
                m.name, m.uscc
            ),
            format!("证照所载颁证单位代码为{code}，但签章单位为{}（{}）", m.name, m.uscc),
        ),
        None if registry_given => LicenseCheck::doubt(
            "issuer",
            "LICENSE_ISSUER_UNKNOWN",
            format!("the seal or signature is by a body not in the issuer registry; whether it is issuer {code} must be checked by staff"),
            format!("签章单位不在发证机构名录中，无法确认其是否为颁证单位{code}，须人工核实"),
        ),
        None => LicenseCheck::doubt(
            "issuer",
            "LICENSE_ISSUER_UNKNOWN",
            "no issuer registry was given, so the sealer cannot be tied to the issuer".into(),
            "未配置发证机构名录，无法确认签章单位即颁证单位".into(),
        ),
    }
}

fn validity_check(f: &LicenseFields, today: Date) -> LicenseCheck {
    let from = f.valid_from.as_deref().map(|t| (t, parse_date(t)));
    let until = f.valid_until.as_deref().map(|t| (t, parse_until(t)));
    if let Some((text, None)) = from {
        return unreadable_date(text);
    }
    if let Some((text, None)) = until {
        return unreadable_date(text);
    }
    if let Some((_, Some(start))) = from {
        if today < start {
            return LicenseCheck::failed(
                "validity",
                "LICENSE_NOT_YET_VALID",
                format!("the licence is valid only from {start}"),
                format!("证照自{start}起才有效"),
            );
        }
    }
    match until {
        Some((_, Some(Until::Date(end)))) if end < today => LicenseCheck::failed(
            "validity",
            "LICENSE_EXPIRED",
            format!("the licence expired on {end}"),
            format!("证照已于{end}过期"),
        ),
        Some((_, Some(Until::Date(end)))) => LicenseCheck::passed(
            "validity",
            format!("valid until {end}"),
            format!("有效期至{end}"),
        ),
        _ => LicenseCheck::passed(
            "validity",
            "valid without an end date".into(),
            "长期有效".into(),
        ),
    }
}

fn unreadable_date(text: &str) -> LicenseCheck {
    LicenseCheck::doubt(
        "validity",
        "LICENSE_VALIDITY_UNREADABLE",
        format!("the validity date {text:?} cannot be read"),
        format!("有效期日期“{text}”无法识别"),
    )
}

/// What an application expects of a licence.
#[derive(Debug, Clone, Default)]
pub struct Expectation<'a> {
    /// The licence type the material asks for (catalog `license_type`).
    pub license_type: Option<&'a str>,
    /// Identifiers one of which the holder must have (the applicant's, or the person's the
    /// material concerns); empty: not checked.
    pub holders: Vec<String>,
    /// QR payloads decoded from the document's picture.
    pub qr_payloads: Vec<String>,
    /// The application date (validity is judged at it).
    pub date: Option<Date>,
}

/// Checks of a licence against an application: validity at the application date, holder,
/// type, QR payload. Returned separately; the caller merges them into its judgement.
pub fn expectation_checks(license: &LicenseReport, expect: &Expectation<'_>) -> Vec<LicenseCheck> {
    let mut checks = Vec::new();
    let f = &license.fields;
    if let Some(date) = expect.date {
        let v = validity_check(f, date);
        if v.status != CheckStatus::Passed {
            checks.push(v);
        }
    }
    if !expect.holders.is_empty() {
        let wanted: Vec<String> = expect.holders.iter().map(|h| normalize(h)).collect();
        match f.holder_code.as_deref().map(normalize) {
            Some(code) if wanted.contains(&code) => checks.push(LicenseCheck::passed(
                "holder",
                "the holder is the person the material concerns".into(),
                "持证主体与申请材料所涉人员一致".into(),
            )),
            Some(code) => checks.push(LicenseCheck::failed(
                "holder",
                "LICENSE_HOLDER_MISMATCH",
                format!(
                    "the licence belongs to {} ({}), not to {}",
                    f.holder.as_deref().unwrap_or("?"),
                    mask(&code),
                    wanted
                        .iter()
                        .map(|w| mask(w))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
                format!(
                    "证照持证主体为{}（{}），与申请所涉人员不一致",
                    f.holder.as_deref().unwrap_or("?"),
                    mask(&code)
                ),
            )),
            None => checks.push(LicenseCheck::failed(
                "holder",
                "LICENSE_HOLDER_MISSING",
                "the licence does not name its holder's code (持证主体代码)".into(),
                "证照未载明持证主体代码".into(),
            )),
        }
    }
    if let Some(wanted) = expect.license_type {
        let wanted_type = types::by_name(wanted);
        let same = match (wanted_type, license.license_type.as_deref()) {
            (Some(w), Some(have)) => w.name == have,
            (None, _) => license.fields.name.as_deref().is_some_and(|n| {
                n.split_whitespace().collect::<String>()
                    == wanted.split_whitespace().collect::<String>()
            }),
            (Some(_), None) => false,
        };
        if same {
            checks.push(LicenseCheck::passed(
                "license_type",
                format!("the licence is a {wanted}"),
                format!("证照类型为{wanted}"),
            ));
        } else {
            let have = license
                .license_type
                .clone()
                .or_else(|| f.name.clone())
                .unwrap_or_else(|| "?".into());
            checks.push(LicenseCheck::failed(
                "license_type",
                "LICENSE_TYPE_MISMATCH",
                format!("the licence is a {have}, the material asks for a {wanted}"),
                format!("证照类型为{have}，本材料要求{wanted}"),
            ));
        }
    }
    for payload in &expect.qr_payloads {
        checks.push(qr_check(f.identifier.as_deref(), payload));
    }
    checks
}

/// The QR payload of a licence picture against its identifier: the payload (an identifier or a
/// verification URL) must carry the same identifier.
pub fn qr_check(identifier: Option<&str>, payload: &str) -> LicenseCheck {
    let found = elicense::find_in(payload, 4);
    match (found.first(), identifier) {
        (None, _) => LicenseCheck::doubt(
            "qr",
            "LICENSE_QR_NO_IDENTIFIER",
            "the QR code carries no e-licence identifier; check it by hand".into(),
            "二维码中没有证照标识，须人工核验".into(),
        ),
        (Some(q), Some(id)) if found.iter().all(|f| f == id) => LicenseCheck::passed(
            "qr",
            format!("the QR code carries the identifier {q}"),
            format!("二维码中的证照标识与证照一致（{q}）"),
        ),
        (Some(q), _) => LicenseCheck::failed(
            "qr",
            "LICENSE_QR_MISMATCH",
            format!(
                "the QR code carries identifier {q}, the licence metadata {}",
                identifier.unwrap_or("none")
            ),
            format!(
                "二维码中的证照标识{q}与证照元数据中的{}不一致",
                identifier.unwrap_or("（无）")
            ),
        ),
    }
}

/// An identifier shown with its middle hidden (resident ID numbers are personal data).
fn mask(code: &str) -> String {
    if id_number::check(code).is_ok() {
        let head: String = code.chars().take(6).collect();
        let tail: String = code.chars().skip(14).collect();
        format!("{head}********{tail}")
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = time::macros::date!(2030 - 01 - 31);
        for t in [
            "2030-01-31",
            "2030.01.31",
            "2030/1/31",
            "20300131",
            "2030年1月31日",
            "2030-01-31T00:00:00+08:00",
        ] {
            assert_eq!(parse_date(t), Some(d), "{t}");
        }
        assert_eq!(parse_date("2030-02-30"), None);
        assert_eq!(parse_date("tomorrow"), None);
        assert_eq!(parse_until("长期"), Some(Until::Indefinite));
    }

    #[test]
    fn field_names() {
        assert_eq!(Field::from_name("证照标识"), Some(Field::Identifier));
        assert_eq!(Field::from_name("certidentifier"), Some(Field::Identifier));
        assert_eq!(Field::from_name("颁发机构代码"), Some(Field::IssuerCode));
        assert_eq!(Field::from_name("certSign"), Some(Field::Identifier));
        assert_eq!(Field::from_name("ISSUEORGCODE"), Some(Field::IssuerCode));
        assert_eq!(Field::from_name("证照"), None);
    }

    #[test]
    fn qr_payloads() {
        let id = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
        assert_eq!(qr_check(Some(id), id).status, CheckStatus::Passed);
        let url = format!("https://zz.example.gov.cn/verify?id={id}&t=1");
        assert_eq!(qr_check(Some(id), &url).status, CheckStatus::Passed);
        let other = "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0";
        let c = qr_check(Some(id), other);
        assert_eq!(c.code.as_deref(), Some("LICENSE_QR_MISMATCH"));
        assert_eq!(
            qr_check(Some(id), "hello").code.as_deref(),
            Some("LICENSE_QR_NO_IDENTIFIER")
        );
    }

    #[test]
    fn text_strings() {
        let utf16: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("张三".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16), "张三");
        assert_eq!(decode_text("李四".as_bytes()), "李四");
        assert_eq!(decode_text(&[0xFE, 0xFF, 0x00]), "");
    }
}
