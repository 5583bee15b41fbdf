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
    /// The service items, each with its checklist.
    pub items: Vec<ServiceItem>,
}

impl Catalog {
    /// The item with this code, if the catalog has it.
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
    /// The name used in catalog files and JSON (`individual`, `unit`).
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
    /// Routine: may be accepted automatically when every check passes.
    Low,
    /// Needs a clerk's look (e.g. an upload that could not be fully verified).
    Medium,
    /// Serious (e.g. a failed signature or seal, a file readable as more than one format).
    High,
}

impl Risk {
    /// The name used in catalog files and JSON (`low`, `medium`, `high`).
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
    /// Must be supplied for the application to be accepted.
    Required,
    /// May be supplied; its absence is not a defect.
    Optional,
    /// 容缺: the application may be accepted without it; it must be supplied later.
    Deferrable,
}

impl Requirement {
    /// The name used in catalog files and JSON (`required`, `optional`, `deferrable`).
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
    /// Every form (the loader resolves catalog names against this list).
    pub const ALL: [MaterialForm; 5] = [
        MaterialForm::ELicense,
        MaterialForm::SignedPdf,
        MaterialForm::SealedOfd,
        MaterialForm::ScannedImage,
        MaterialForm::FilledForm,
    ];

    /// The name used in catalog files and JSON (`e_license`, `signed_pdf`, …).
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
    /// The body whose unified social credit code the application gives in this form field
    /// (e.g. the former employer of an unemployment claim): the signer must carry that code.
    UsccField(String),
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
    /// Fewest pages the material must have (fewer suggests pages are missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_pages: Option<u32>,
    /// Most pages the material may have (more suggests unrelated pages were uploaded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<u32>,
    /// Minimum scan resolution in dots per inch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_dpi: Option<u32>,
}

/// One entry of an item's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Code of the material within its item, used by uploads to say which material they are.
    pub code: String,
    /// Name shown to applicants, in Chinese.
    pub name: String,
    /// Name shown to applicants, in English.
    pub name_en: String,
    /// Whether the application needs it (required, optional or deferrable).
    pub requirement: Requirement,
    /// The forms accepted for it; an upload in any one of them will do.
    pub forms: Vec<MaterialForm>,
    /// The licence type for [`MaterialForm::ELicense`] (e.g. `居民身份证`, `营业执照`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_type: Option<String>,
    /// Who must have signed or sealed it (any one rule suffices); empty: anyone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signed_by: Vec<SignerRule>,
    /// Words of the text layer that identify this material (used to match uploads without a
    /// material code).
    pub keywords: Vec<String>,
    /// Limits on its age, validity, page count and scan resolution.
    pub constraints: Constraints,
    /// The material is the applicant's own (their ID card, their business licence): an
    /// identifier of the applicant's kind printed in it must be the applicant's.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub held_by_applicant: bool,
    /// For deferrable materials: days within which the material must be supplied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deferral_days: Option<u32>,
    /// The person role ([`PersonRole::role`]) this material is about (the deceased's death
    /// certificate, the child's birth certificate): identifiers and names printed in it must be
    /// that person's. `None`: the applicant (when [`Material::held_by_applicant`]) or nobody.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub concerns: Option<String>,
    /// Who issues it: an issuer-registry category (`hospital`, `public_security`, …), `employer`
    /// (the applicant's or a former employer) or `applicant` (the applicant fills it in).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issued_by: Option<String>,
    /// Materials of one item with the same group are alternatives: any one of them satisfies
    /// the requirement they share (死亡医学证明 or 户籍注销证明).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<String>,
    /// The material is required only when this boolean form field is true (the other
    /// survivors' authorisation when there are other survivors); otherwise it is optional.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub required_when: Option<String>,
    /// The material states the date of this form field (the date of death, of termination):
    /// the date read from it must agree with the form.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_field: Option<String>,
    /// An unknown revocation status of its signer does not stop an automatic acceptance (the
    /// material carries little risk or the issuer publishes no status).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub revocation_optional: bool,
    /// 填报须知, shown to the applicant.
    pub guidance: String,
    /// The guidance in English.
    pub guidance_en: String,
}

/// A service item (政务服务事项) and its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    /// Code of the item (事项编码), used by applications to say what they apply for.
    pub code: String,
    /// Name of the item, in Chinese.
    pub name: String,
    /// Name of the item, in English.
    pub name_en: String,
    /// The main kind of applicant (see [`ServiceItem::other_applicant_types`] for others).
    pub applicant_type: ApplicantType,
    /// Risk class of the item: the least risk any review of it can have.
    pub risk: Risk,
    /// 事项简述.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    /// Further applicant types that may apply besides [`ServiceItem::applicant_type`] (工伤认定:
    /// the unit, or the employee or close relatives when the unit has not applied).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub other_applicant_types: Vec<ApplicantType>,
    /// The regulations and articles the item follows (办理依据), e.g. `《工伤保险条例》第十七条`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub basis: Vec<String>,
    /// How far the item can be handled online.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub online: Option<Online>,
    /// Whether the pre-review may accept the item automatically on its uploads alone (资格认证
    /// relies on face recognition, not on a photo upload: `false`).
    #[serde(skip_serializing_if = "is_true", default = "yes")]
    pub auto_accept: bool,
    /// The other people the item concerns (the deceased, the injured worker, the child).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub persons: Vec<PersonRole>,
    /// The form fields the application carries (dates, amounts, codes).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<FormField>,
    /// Time limits counted from a date field (claim within 60 days of the termination date).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub deadlines: Vec<Deadline>,
    /// Named eligibility checks on the applicant (`retirement_age`: the applicant's birth date
    /// and sex, from the ID number, against the statutory retirement age table).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub eligibility: Vec<String>,
    /// The item needs no upload: the applicant's identity is all it takes (个人权益记录打印).
    /// Stated explicitly so that an empty checklist is never an accident.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub no_materials: bool,
    /// The checklist: every material the application may or must contain.
    pub materials: Vec<Material>,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

/// Eligibility checks a catalog may name in [`ServiceItem::eligibility`].
pub const ELIGIBILITY_CHECKS: &[&str] = &["retirement_age"];

/// How far an item can be handled online (网上办理深度).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Online {
    /// Fully online, partly, or not at all.
    pub mode: OnlineMode,
    /// The step that needs a visit (for [`OnlineMode::Partial`] and [`OnlineMode::Offline`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub visit: Option<String>,
    /// The step that needs a visit, in English.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub visit_en: Option<String>,
}

/// Whether an item is fully online (全程网办), online but for one step, or not online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnlineMode {
    /// 全程网办: every step can be done online.
    Full,
    /// All but one step ([`Online::visit`]) can be done online.
    Partial,
    /// Not handled online: the applicant must visit ([`Online::visit`]).
    Offline,
}

impl OnlineMode {
    /// The name used in catalog files and JSON (`full`, `partial`, `offline`).
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineMode::Full => "full",
            OnlineMode::Partial => "partial",
            OnlineMode::Offline => "offline",
        }
    }
}

/// A person other than the applicant whom an item concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRole {
    /// Code used by the application's `persons[].role` and by [`Material::concerns`].
    pub role: String,
    /// Name of the role shown to applicants, in Chinese (e.g. 死者).
    pub name: String,
    /// Name of the role, in English.
    pub name_en: String,
    /// Whether the application must name this person.
    pub required: bool,
}

/// Type of a form field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// `YYYY-MM-DD`.
    Date,
    /// Free text.
    Text,
    /// Money in yuan (a decimal number).
    Amount,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A unified social credit code.
    Uscc,
    /// A resident ID number.
    IdNumber,
}

impl FieldType {
    /// Every type (the loader resolves catalog names against this list).
    pub const ALL: [FieldType; 7] = [
        FieldType::Date,
        FieldType::Text,
        FieldType::Amount,
        FieldType::Integer,
        FieldType::Boolean,
        FieldType::Uscc,
        FieldType::IdNumber,
    ];

    /// The name used in catalog files and JSON (`date`, `amount`, `id_number`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Date => "date",
            FieldType::Text => "text",
            FieldType::Amount => "amount",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Uscc => "uscc",
            FieldType::IdNumber => "id_number",
        }
    }
}

/// A form field of an item (填报项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// Key of the field in the application's `fields` and in catalog references to it.
    pub name: String,
    /// Label shown to applicants, in Chinese.
    pub label: String,
    /// Label shown to applicants, in English.
    pub label_en: String,
    /// Type of the value (catalog key `type`).
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Whether the application must give a value.
    pub required: bool,
}

/// The application must be made within `within_days` of the date in `field` (for the listed
/// applicant type only, when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Name of the date field the time limit counts from.
    pub field: String,
    /// Number of days after that date within which the application must be made.
    pub within_days: u32,
    /// The applicant type the limit applies to; `None`: every applicant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub applicant_type: Option<ApplicantType>,
}

impl ServiceItem {
    /// Whether an applicant of this kind may apply.
    pub fn accepts(&self, kind: ApplicantType) -> bool {
        self.applicant_type == kind || self.other_applicant_types.contains(&kind)
    }

    /// The form field with this name, if the item has it.
    pub fn field(&self, name: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The person role with this code, if the item has it.
    pub fn person(&self, role: &str) -> Option<&PersonRole> {
        self.persons.iter().find(|p| p.role == role)
    }

    /// The material with this code, if the item has it.
    pub fn material(&self, code: &str) -> Option<&Material> {
        self.materials.iter().find(|m| m.code == code)
    }
}
