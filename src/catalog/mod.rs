//! Material checklists (材料目录) of service items: what an application must contain, in which
//! forms, signed or sealed by whom, under which constraints, and what the applicant is told.
//!
//! Catalogs are TOML files (format `sealcheck-catalog/1`, see [`load`]); a built-in catalog of
//! common social-insurance items is embedded ([`builtin`]). Catalogs describe; they never
//! decide: [`crate::review`] applies them.

pub mod builtin;
pub mod load;

use serde::{Deserialize, Serialize};

pub use load::{parse_catalog, CatalogError, CatalogErrors};

/// Format tag of catalog files and of `sealcheck catalog … --format json`.
pub const SCHEMA: &str = "sealcheck-catalog/1";

/// A set of service items, as loaded from one or more files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Version of the catalog content (e.g. `2026.11`), chosen by its authors.
    pub version: String,
    pub items: Vec<ServiceItem>,
}

impl Catalog {
    pub fn item(&self, code: &str) -> Option<&ServiceItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

/// Who applies for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplicantType {
    /// A person (identified by a resident ID number).
    Individual,
    /// An employer or other organisation (identified by a unified social credit code).
    Unit,
}

impl ApplicantType {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantType::Individual => "individual",
            ApplicantType::Unit => "unit",
        }
    }
}

/// Risk class of an item (or of a review): only low-risk items may be accepted automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

/// Whether a material must be in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    Required,
    Optional,
    /// 容缺: the application may be accepted without it; it must be supplied later.
    Deferrable,
}

impl Requirement {
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::Required => "required",
            Requirement::Optional => "optional",
            Requirement::Deferrable => "deferrable",
        }
    }
}

/// A form a material may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialForm {
    /// 电子证照: a licence issued electronically and sealed by its issuer (type in
    /// [`Material::license_type`]).
    ELicense,
    /// A PDF with a digital signature.
    SignedPdf,
    /// An OFD document with an e-seal.
    SealedOfd,
    /// A scan or photo (JPEG, PNG, TIFF, or a PDF of images without text).
    ScannedImage,
    /// A form filled in and exported as PDF/OFD with a text layer (signed or not).
    FilledForm,
}

impl MaterialForm {
    pub const ALL: [MaterialForm; 5] = [
        MaterialForm::ELicense,
        MaterialForm::SignedPdf,
        MaterialForm::SealedOfd,
        MaterialForm::ScannedImage,
        MaterialForm::FilledForm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MaterialForm::ELicense => "e_license",
            MaterialForm::SignedPdf => "signed_pdf",
            MaterialForm::SealedOfd => "sealed_ofd",
            MaterialForm::ScannedImage => "scanned_image",
            MaterialForm::FilledForm => "filled_form",
        }
    }

    /// Name shown to applicants (zh, en with its article).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            MaterialForm::ELicense => ("电子证照", "an electronic licence"),
            MaterialForm::SignedPdf => ("带数字签名的PDF文件", "a digitally signed PDF"),
            MaterialForm::SealedOfd => ("加盖电子印章的OFD文件", "an OFD file with an e-seal"),
            MaterialForm::ScannedImage => ("清晰的扫描图片", "a clear scan or photo"),
            MaterialForm::FilledForm => (
                "填写完整的表格（PDF或OFD）",
                "a completed form (PDF or OFD)",
            ),
        }
    }

    /// Whether this form is only satisfied by a valid digital signature or seal.
    pub fn needs_signature(self) -> bool {
        matches!(
            self,
            MaterialForm::ELicense | MaterialForm::SignedPdf | MaterialForm::SealedOfd
        )
    }
}

/// Who must have signed or sealed a material (any one rule of the list suffices). Signers are
/// identified exactly (certificate key, seal id, credit code), never by a part of a name: see
/// [`crate::issuers`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerRule {
    /// The applicant itself: a certificate carrying the applicant's credit code (units) or
    /// resident ID number (persons), or the registry entry with the applicant's credit code.
    Applicant,
    /// An issuing body of this category of the issuer registry (`public_security`,
    /// `hospital`, `social_insurance`, …).
    Category(String),
    /// The issuing body with this unified social credit code in the issuer registry.
    Uscc(String),
}

/// Limits on a material's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    /// Issued (signed) at most this many days before the review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_within_days: Option<u32>,
    /// The licence or certificate must still be valid on the review date.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub still_valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_pages: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<u32>,
    /// Minimum scan resolution in dots per inch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_dpi: Option<u32>,
}

/// One entry of an item's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub requirement: Requirement,
    pub forms: Vec<MaterialForm>,
    /// The licence type for [`MaterialForm::ELicense`] (e.g. `居民身份证`, `营业执照`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signed_by: Vec<SignerRule>,
    /// Words of the text layer that identify this material (used to match uploads without a
    /// material code).
    pub keywords: Vec<String>,
    pub constraints: Constraints,
    /// The material is the applicant's own (their ID card, their business licence): an
    /// identifier of the applicant's kind printed in it must be the applicant's.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub held_by_applicant: bool,
    /// For deferrable materials: days within which the material must be supplied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deferral_days: Option<u32>,
    /// 填报须知, shown to the applicant.
    pub guidance: String,
    pub guidance_en: String,
}

/// A service item (政务服务事项) and its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub applicant_type: ApplicantType,
    pub risk: Risk,
    /// 事项简述.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    pub materials: Vec<Material>,
}

impl ServiceItem {
    pub fn material(&self, code: &str) -> Option<&Material> {
        self.materials.iter().find(|m| m.code == code)
    }
}
