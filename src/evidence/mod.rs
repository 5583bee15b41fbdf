//! Evidence: the typed facts an upload states about people, organisations and dates, each
//! with where it was read (text layer, OFD page, custom data, metadata, OCR) and whether a
//! valid signature covers that place.
//!
//! The review binds materials to the applicant with these facts (names, resident ID numbers,
//! dates by role). A fact never comes from the file name: the uploader chooses it.

pub mod extract;
pub mod ofd_text;
pub mod pdf;

use serde::Serialize;

use crate::policy::Limits;
use crate::report::{DocumentKind, DocumentReport, ModificationLevel, SignatureKind};
use crate::verdict::{CheckStatus, Indication, SubIndication};

/// Everything read from one upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The facts in the order of the lines they were read from, at most
    /// [`Limits::max_evidence_facts`].
    pub facts: Vec<Fact>,
    /// More facts were there than the limit allows ([`Limits::max_evidence_facts`]); the
    /// first ones are kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// One statement read from an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// What the value states (a name, an ID number, a date with its role…).
    pub kind: FactKind,
    /// The normalised value: resident ID 18 characters with an upper-case `X`, date
    /// `YYYY-MM-DD`, name as [`normalize_name`] leaves it, amount in yuan as printed digits.
    pub value: String,
    /// The label the value was printed after (`姓名`, `发证日期`…), when there was one.
    pub label: Option<String>,
    /// Where in the upload the value was read, and whether a seal or signature covers it.
    pub source: FactSource,
}

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A person's name (姓名).
    PersonName,
    /// An 18-character resident identity number (公民身份号码, GB 11643), check digit verified.
    ResidentId,
    /// An 18-character unified social credit code (统一社会信用代码, GB 32100), check character
    /// verified.
    CreditCode,
    /// A 9-character organisation code (组织机构代码, GB 11714), check character verified.
    OrganizationCode,
    /// The identifier of an electronic licence (电子证照标识), checked by
    /// [`crate::license::elicense`].
    LicenseId,
    /// A date, with what it means in the document.
    Date(DateRole),
    /// An amount of money in yuan, as printed digits.
    Amount,
}

/// What a date means in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    /// 签发日期, 发证日期.
    Issue,
    /// First day of 有效期.
    ValidFrom,
    /// Last day of 有效期.
    ValidUntil,
    /// 解除/终止劳动关系日期.
    Termination,
    /// 死亡日期.
    Death,
    /// 出生日期.
    Birth,
    /// A date without a label that says what it is.
    Other,
}

/// Where a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FactSource {
    /// The part of the upload (text layer, metadata, custom data, OCR) the fact was read from.
    pub origin: Origin,
    /// Page, counted from 1 (0 when the origin has no pages: metadata, custom data).
    pub page: u32,
    /// Line on that page, counted from 1.
    pub line: u32,
    /// A valid signature or seal covers the place the fact was read from.
    pub signed: bool,
}

/// The part of an upload a fact was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The PDF text layer.
    PdfText,
    /// OFD page or template text (TextObject/TextCode).
    OfdText,
    /// OFD CustomDatas.
    OfdCustomData,
    /// PDF Info dictionary or XMP packet.
    PdfMetadata,
    /// Text recognised in a scan.
    Ocr,
}

/// One line of text and where it came from: the input of [`Evidence::from_lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcedLine {
    /// The line's text, as extracted (before normalisation).
    pub text: String,
    /// The part of the upload the line was read from.
    pub origin: Origin,
    /// Page, counted from 1 (0 when the origin has no pages).
    pub page: u32,
    /// Line on that page, counted from 1.
    pub line: u32,
    /// A valid signature or seal covers the place the line was read from.
    pub signed: bool,
}

impl Evidence {
    /// The facts stated in `lines` (a value may sit on the line after its label).
    pub fn from_lines(lines: &[SourcedLine]) -> Evidence {
        Evidence::from_lines_bounded(lines, Limits::default().max_evidence_facts)
    }

    /// The facts of a plain text (one page, its lines in order) from one origin: for callers
    /// and tests that have text rather than a document.
    pub fn from_text(text: &str, origin: Origin, signed: bool) -> Evidence {
        let lines: Vec<SourcedLine> = text
            .lines()
            .enumerate()
            .map(|(i, line)| SourcedLine {
                text: line.to_string(),
                origin,
                page: 1,
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                signed,
            })
            .collect();
        Evidence::from_lines(&lines)
    }

    /// [`Evidence::from_lines`] keeping at most `max_facts` facts.
    pub fn from_lines_bounded(lines: &[SourcedLine], max_facts: usize) -> Evidence {
        let (facts, truncated) = extract::facts_from_lines(lines, max_facts);
        Evidence { facts, truncated }
    }

    /// Resident ID numbers (18 characters, 15-digit ones upgraded).
    pub fn person_ids(&self) -> impl Iterator<Item = &Fact> {
        self.of_kind(FactKind::ResidentId)
    }

    /// Person names, normalised.
    pub fn names(&self) -> impl Iterator<Item = &Fact> {
        self.of_kind(FactKind::PersonName)
    }

    /// Dates of one role.
    pub fn dates(&self, role: DateRole) -> impl Iterator<Item = &Fact> {
        self.of_kind(FactKind::Date(role))
    }

    /// The `LIMIT_EVIDENCE_FACTS` finding when facts were left out.
    pub fn limit_finding(&self) -> Option<crate::verdict::Finding> {
        self.truncated.then(|| {
            crate::policy::limit_finding(
                crate::policy::limit_codes::EVIDENCE_FACTS,
                "the upload states more facts (names, ID numbers, dates…) than the limit; only the first ones were read",
                "该文件包含的信息（姓名、证件号码、日期等）超出上限，仅读取了前面部分",
            )
        })
    }

    /// Facts of one kind.
    pub fn of_kind(&self, kind: FactKind) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(move |f| f.kind == kind)
    }
}

/// Reads the evidence of one upload: its text (PDF text layer, OFD page text), its metadata
/// and custom data, and the OCR lines of its scans (`ocr_lines`, when OCR ran).
///
/// `ocr_lines` are lines recognised elsewhere (page 1); the OCR text already in the report
/// (the picture's, or each page image's of a scanned PDF) is read in any case.
pub fn gather(
    report: &DocumentReport,
    bytes: &[u8],
    ocr_lines: Option<&[String]>,
    limits: &Limits,
) -> Evidence {
    Evidence::from_lines_bounded(
        &sourced_lines(report, bytes, ocr_lines, limits),
        limits.max_evidence_facts,
    )
}

/// The lines [`gather`] reads facts from, with their sources.
pub fn sourced_lines(
    report: &DocumentReport,
    bytes: &[u8],
    ocr_lines: Option<&[String]>,
    limits: &Limits,
) -> Vec<SourcedLine> {
    let mut lines = Vec::new();
    if report.size <= limits.max_file_size {
        match report.kind {
            DocumentKind::Pdf => {
                lines.extend(pdf::lines(bytes, limits, pdf_coverage(report)));
            }
            DocumentKind::Ofd => {
                let covered = |path: &str| ofd_file_covered(report, path);
                lines.extend(ofd_text::lines(bytes, limits, &covered));
            }
            _ => {}
        }
    }
    lines.extend(licence_lines(report));
    let pictures = report.image.iter().chain(&report.page_images);
    for (index, picture) in pictures.enumerate() {
        // A picture upload is page 1; a scanned PDF's page images follow in page order.
        let page = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let text = picture.text_lines();
        lines.extend(text.lines().enumerate().map(|(i, line)| SourcedLine {
            text: line.to_string(),
            origin: Origin::Ocr,
            page,
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            signed: false,
        }));
    }
    for (i, line) in ocr_lines.unwrap_or_default().iter().enumerate() {
        lines.push(SourcedLine {
            text: line.clone(),
            origin: Origin::Ocr,
            page: 1,
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            signed: false,
        });
    }
    lines
}

/// The e-licence metadata the licence reader already found ([`crate::license::document`]), as
/// labelled lines: the fields a signature covers are signed, the others not. (The raw custom
/// data and Info entries are read again as unsigned lines; the signed copy is the one to
/// trust.)
fn licence_lines(report: &DocumentReport) -> Vec<SourcedLine> {
    let Some(licence) = &report.license else {
        return Vec::new();
    };
    let origin = if licence.source == "pdf_info" {
        Origin::PdfMetadata
    } else {
        Origin::OfdCustomData
    };
    use crate::license::document::Field;
    let holder_is_person = licence
        .fields
        .holder_code
        .as_deref()
        .or_else(|| {
            let uncovered = licence.uncovered.iter();
            uncovered
                .filter(|u| u.field == Field::HolderCode.key())
                .map(|u| u.value.as_str())
                .next()
        })
        .is_some_and(|c| crate::license::id_number::normalize_resident_id(c).is_some());
    // Each field under its official Chinese name, which the line reader knows; a person's
    // name under 姓名 (持证主体 may be a unit's name).
    let line = |field: Field, value: &str| match field {
        Field::Holder if holder_is_person => Some(format!("姓名：{value}")),
        Field::Holder | Field::Name | Field::Issuer | Field::TypeCode | Field::HolderCodeType => {
            None
        }
        _ => Some(format!("{}：{value}", field.label())),
    };
    let signed = licence.covered_by.is_some();
    let mut labelled: Vec<(String, bool)> = Field::ALL
        .iter()
        .filter_map(|field| {
            let value = licence.fields.get(*field)?;
            Some((line(*field, value)?, signed))
        })
        .collect();
    labelled.extend(licence.uncovered.iter().filter_map(|u| {
        let field = Field::ALL.into_iter().find(|f| f.key() == u.field)?;
        Some((line(field, &u.value)?, false))
    }));
    labelled
        .into_iter()
        .enumerate()
        .map(|(i, (text, signed))| SourcedLine {
            text,
            origin,
            page: 0,
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            signed,
        })
        .collect()
}

/// Whether a signature of `report` vouches for content at all: a signature or seal (not a
/// bare timestamp) that did not fail.
fn vouches(signature: &crate::report::SignatureReport) -> bool {
    signature.kind != SignatureKind::Timestamp && signature.indication != Indication::TotalFailed
}

/// What the PDF's signatures cover: the page text when a signature that did not fail covers
/// the whole file or no later revision made a change it disallows (page content changes are
/// never allowed); the metadata (Info dictionary, XMP) only when it covers the whole file, since
/// a later revision may rewrite the Info dictionary within the rules.
pub fn pdf_coverage(report: &DocumentReport) -> pdf::PdfCoverage {
    let valid = || report.signatures.iter().filter(|s| vouches(s));
    pdf::PdfCoverage {
        text: valid()
            .any(|s| s.covers_whole_document || s.modifications != ModificationLevel::Disallowed),
        metadata: valid().any(|s| s.covers_whole_document),
    }
}

/// Whether a seal of the OFD `report` covers package file `path`: a seal none of whose checks
/// failed except the displayed-document check, and that check either passed (every displayed
/// file is covered) or failed only because of other files (its evidence lists the files not
/// covered, in full). Anything less clear counts as not covered.
pub fn ofd_file_covered(report: &DocumentReport, path: &str) -> bool {
    use crate::seal::ofd::ids::DISPLAYED;
    report.signatures.iter().any(|s| {
        if s.kind == SignatureKind::Timestamp {
            return false;
        }
        let others_hold = s
            .checks
            .iter()
            .all(|c| c.id == DISPLAYED || c.status != CheckStatus::Failed);
        let Some(displayed) = s.checks.iter().find(|c| c.id == DISPLAYED) else {
            return false;
        };
        let covers = match displayed.status {
            CheckStatus::Passed => true,
            CheckStatus::Failed
                if displayed.sub_indication == Some(SubIndication::DisallowedModification) =>
            {
                let list = displayed
                    .evidence
                    .as_deref()
                    .and_then(|e| e.rsplit_once("not covered: "))
                    .map(|(_, list)| list);
                match list {
                    Some("none") => true,
                    Some(list) if !list.contains(" more") => {
                        !list.split(", ").any(|f| f.eq_ignore_ascii_case(path))
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        others_hold && covers
    })
}

/// A person's name as compared: full-width forms made half-width, whitespace and middle dots
/// (`·`, `•`, `・`) removed.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '・' | '.' | '\u{2027}'))
        .collect()
}

/// The half-width form of a full-width ASCII character; other characters unchanged.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests;
