//! Online pre-review (网上预审): one application → one decision and one correction notice
//! (一次性告知) listing every defect at once.
//!
//! Facts about each upload are gathered once ([`facts`]: the verification report, text layer,
//! page count, scan resolution); each upload is matched to a material of the checklist
//! ([`matching`]: by declared material code, or by what the document is — signer, seal owner,
//! text keywords, file kind — never by its file name), judged against that material
//! ([`assess`]), and [`decide`] turns the judgements into the decision. This module is the only
//! place in the crate where findings become a decision.
//!
//! ```
//! use sealcheck::catalog::{builtin, ApplicantType};
//! use sealcheck::review::{Applicant, Application, Decision, Reviewer};
//!
//! let catalog = builtin::catalog().expect("the built-in catalog is valid");
//! let reviewer = Reviewer::new(sealcheck::Verifier::default(), catalog);
//! let application = Application {
//!     item: "rights-record-printout".into(),
//!     applicant: Applicant {
//!         kind: ApplicantType::Individual,
//!         name: "李四".into(),
//!         identifier: Some("321083197812162118".into()), // last digit mistyped
//!     },
//!     uploads: Vec::new(),
//!     persons: Vec::new(),
//!     fields: Default::default(),
//! };
//! let review = reviewer.review(&application, time::macros::datetime!(2026-11-26 00:00 UTC))?;
//! assert_eq!(review.decision, Decision::ReturnForCorrection);
//! // The printout needs no upload, only the applicant's identity: the wrong check digit is
//! // the one defect (it names no material).
//! let codes: Vec<_> = review.notice.iter().map(|n| (n.material.as_deref(), n.code.as_str())).collect();
//! assert_eq!(codes, [(None, "ID_CHECK_DIGIT")]);
//! # Ok::<(), sealcheck::Error>(())
//! ```

pub mod application;
pub mod assess;
pub mod binding;
pub mod duplicates;
pub mod elicense;
pub mod facts;
pub mod image_checks;
pub mod item_rules;
pub mod matching;
pub mod notice;
pub mod problem;
pub mod retirement_age;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::catalog::{
    ApplicantType, Catalog, Material, MaterialForm, Requirement, Risk, ServiceItem,
};
use crate::report::DocumentReport;
use crate::verdict::Text;
use crate::verifier::Verifier;

pub use facts::UploadFacts;
pub use notice::NoticeEntry;

/// Format tag of the review JSON (see `docs/review.schema.json`).
pub const SCHEMA: &str = "sealcheck-review/1";

/// Who applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// Individual or unit (JSON key `type`).
    #[serde(rename = "type")]
    pub kind: ApplicantType,
    /// Name of the person or unit, as entered.
    pub name: String,
    /// Resident ID number (individuals) or unified social credit code (units), as entered.
    pub identifier: Option<String>,
}

/// One uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The material the applicant uploaded it for, if they said.
    pub material: Option<String>,
    /// The name it was uploaded under (shown in the notice; never used to recognise it).
    pub file_name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// An application for one service item.
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    /// Code of the service item applied for (a [`crate::catalog::ServiceItem::code`]).
    pub item: String,
    /// Who applies.
    pub applicant: Applicant,
    /// The uploaded files, in upload order.
    pub uploads: Vec<Upload>,
    /// The other people the item concerns, by the item's person roles.
    pub persons: Vec<application::Person>,
    /// Form values by the item's field names (dates as `YYYY-MM-DD` strings).
    pub fields: std::collections::BTreeMap<String, serde_json::Value>,
}

/// The bottom line of a pre-review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Low-risk item, every required material present and verified.
    Accept,
    /// Nothing to correct, but a person must look (risk class, indeterminate checks, …).
    ManualReview,
    /// Something required is missing or failed; the notice says what to do.
    ReturnForCorrection,
}

impl Decision {
    /// The name used in JSON (`accept`, `manual_review`, `return_for_correction`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::ManualReview => "manual_review",
            Decision::ReturnForCorrection => "return_for_correction",
        }
    }
}

/// State of one material of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialStatus {
    /// An upload for it was verified.
    Satisfied,
    /// Nothing was uploaded for it (for optional materials this is not a defect).
    Missing,
    /// Uploads were made, and all failed.
    Invalid,
    /// Deferrable (容缺) and not uploaded: to be supplied later.
    Deferred,
    /// Uploads were made, none failed, and at least one could not be verified either way
    /// (extension of the DESIGN.md list: a person must decide).
    Indeterminate,
}

impl MaterialStatus {
    /// The name used in JSON (`satisfied`, `missing`, `invalid`, `deferred`, `indeterminate`).
    pub fn as_str(self) -> &'static str {
        match self {
            MaterialStatus::Satisfied => "satisfied",
            MaterialStatus::Missing => "missing",
            MaterialStatus::Invalid => "invalid",
            MaterialStatus::Deferred => "deferred",
            MaterialStatus::Indeterminate => "indeterminate",
        }
    }
}

/// How one upload fared against the material it was used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadOutcome {
    /// Every check on it passed.
    Verified,
    /// It is not acceptable for the material (failed signature, wrong form, broken constraint).
    Failed,
    /// It could not be verified either way; a person must decide.
    Indeterminate,
}

/// One upload as used for a material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadUse {
    /// Index into `documents` (the order of upload).
    pub upload: usize,
    /// The name it was uploaded under.
    pub file_name: String,
    /// `declared` (the applicant chose the material) or `content` (recognised).
    pub matched_by: String,
    /// What recognised it: `keyword:…`, `signer:…`, `license_type:…`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<String>,
    /// The form it was accepted as, if any.
    pub form: Option<MaterialForm>,
    /// How it fared.
    pub outcome: UploadOutcome,
    /// What is wrong (failed) or uncertain (indeterminate).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub problems: Vec<Text>,
    /// Constraints of the catalog that could not be checked on this upload (e.g. the issue
    /// date of a scan); listed for the reviewer, they do not change the decision.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub unchecked: Vec<String>,
}

/// One material of the checklist and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialResult {
    /// Code of the material in the catalog.
    pub code: String,
    /// Name of the material, in Chinese.
    pub name: String,
    /// Whether the item requires it (from the catalog).
    pub requirement: Requirement,
    /// What became of it.
    pub status: MaterialStatus,
    /// The uploads used for it.
    pub uploads: Vec<UploadUse>,
    /// For deferred materials: days within which to supply it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub supply_within_days: Option<u32>,
}

/// An upload that matches no material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedUpload {
    /// Index into `documents` (the order of upload).
    pub upload: usize,
    /// The name it was uploaded under.
    pub file_name: String,
    /// The material code the applicant gave, when it is not one of this item's.
    pub declared_material: Option<String>,
    /// What the verifier took the file for (PDF, OFD, image, …).
    pub kind: crate::report::DocumentKind,
}

/// Why a person must look, for the reviewer (not shown to the applicant as a correction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewReason {
    /// Code of the material the reason is about, if any.
    pub material: Option<String>,
    /// File name of the upload the reason is about, if any.
    pub upload: Option<String>,
    /// The reason in Chinese.
    pub zh: String,
    /// The reason in English.
    pub en: String,
}

/// The applicant as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantResult {
    /// Individual or unit (JSON key `type`).
    #[serde(rename = "type")]
    pub kind: ApplicantType,
    /// Name of the person or unit, as entered.
    pub name: String,
    /// Resident ID number or unified social credit code, as entered.
    pub identifier: Option<String>,
    /// `resident_id` or `credit_code`, when an identifier was given.
    pub identifier_kind: Option<crate::license::IdentifierKind>,
    /// Whether the identifier passed its format and check-digit checks.
    pub identifier_valid: bool,
}

/// The answer of a pre-review (`sealcheck-review/1`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Review {
    /// Always [`SCHEMA`] (`sealcheck-review/1`).
    pub schema: String,
    /// Code of the service item reviewed.
    pub item: String,
    /// Name of the service item, in Chinese.
    pub item_name: String,
    /// Version of the catalog the checklist came from (set by [`Reviewer`]; audits need to
    /// know which checklist was applied).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub catalog_version: Option<String>,
    /// The time at which signatures, certificates and deadlines were judged (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub validation_time: OffsetDateTime,
    /// Accept, manual review, or return for correction.
    pub decision: Decision,
    /// Risk class of the review: the item's, raised by what the uploads showed.
    pub risk: Risk,
    /// The applicant and whether the identifier given is valid.
    pub applicant: ApplicantResult,
    /// Every material of the item's checklist, in checklist order, and what became of it.
    pub materials: Vec<MaterialResult>,
    /// Uploads that match no material of the checklist.
    pub unmatched_uploads: Vec<UnmatchedUpload>,
    /// The correction notice: every defect, in checklist order, applicant first.
    pub notice: Vec<NoticeEntry>,
    /// Why a person must look (empty unless the decision is `manual_review`, or a return also
    /// has points a reviewer should know).
    pub review_reasons: Vec<ReviewReason>,
    /// The verification report of each upload, in upload order.
    pub documents: Vec<DocumentReport>,
}

/// Runs pre-reviews: verifies uploads with a [`Verifier`] and applies a [`Catalog`].
#[derive(Debug, Clone)]
pub struct Reviewer {
    /// Verifies each upload (signatures, seals, certificates, trust).
    pub verifier: Verifier,
    /// The checklists the reviews apply.
    pub catalog: Catalog,
    /// Program that reads PDFs lopdf cannot (run in a child process); `None`: no fallback.
    pub text_extractor: Option<crate::pdf_text::ExternalExtractor>,
}

impl Reviewer {
    /// A reviewer with no external PDF text extractor.
    pub fn new(verifier: Verifier, catalog: Catalog) -> Self {
        Reviewer {
            verifier,
            catalog,
            text_extractor: None,
        }
    }

    /// Reads the text of PDFs lopdf cannot read with `extractor`, in a child process (see
    /// [`crate::pdf_text::external`]).
    pub fn with_text_extractor(mut self, extractor: crate::pdf_text::ExternalExtractor) -> Self {
        self.text_extractor = Some(extractor);
        self
    }

    /// Judges signer rules and e-licence issuers with this issuer registry (`--issuers`; see
    /// [`crate::issuers`]). Without one, every category or credit-code rule is undecided.
    pub fn with_issuers(mut self, registry: crate::issuers::IssuerRegistry) -> Self {
        self.verifier = self.verifier.with_issuers(registry);
        self
    }

    /// Reviews `app` at time `at`. `Err` only when the item code is not in the catalog (a
    /// misuse of the API); every problem of the application itself is in the [`Review`].
    pub fn review(&self, app: &Application, at: OffsetDateTime) -> crate::error::Result<Review> {
        let item = self.catalog.item(&app.item).ok_or_else(|| {
            crate::error::Error::Usage(format!("unknown service item {:?}", app.item))
        })?;
        // Uploads are independent: verify them in parallel; `collect` keeps upload order.
        let facts: Vec<UploadFacts> = app
            .uploads
            .par_iter()
            .enumerate()
            .map(|(i, u)| facts::gather(i, u, &self.verifier, self.text_extractor.as_ref(), at))
            .collect();
        // The item-level rules of the catalog (groups, conditional materials, fields,
        // deadlines, eligibility, auto_accept): see item_rules.
        let checklist = item_rules::effective_item(item, &app.fields);
        let form = binding::FormContext {
            persons: &app.persons,
            fields: &app.fields,
        };
        let mut review = decide_with(&checklist, &app.applicant, &form, facts, at);
        item_rules::apply(item, app, &mut review, at);
        // The item rules add entries of their own: the same notice rules apply to them.
        notice::finish(&mut review.notice);
        review.catalog_version = Some(self.catalog.version.clone());
        Ok(review)
    }
}

/// Turns the facts about an application into a [`Review`]. Pure: same inputs, same review.
/// (An application without persons and form fields; see [`decide_with`].)
pub fn decide(
    item: &ServiceItem,
    applicant: &Applicant,
    uploads: Vec<UploadFacts>,
    at: OffsetDateTime,
) -> Review {
    decide_with(item, applicant, &binding::FormContext::empty(), uploads, at)
}

/// [`decide`] for an application with persons and form fields (`form`).
pub fn decide_with(
    item: &ServiceItem,
    applicant: &Applicant,
    form: &binding::FormContext<'_>,
    uploads: Vec<UploadFacts>,
    at: OffsetDateTime,
) -> Review {
    let mut notice = Vec::new();
    let mut reasons = Vec::new();
    let applicant_result = assess::applicant(item, applicant, at.date(), &mut notice, &mut reasons);
    let applicant_ok = notice.is_empty();
    // A credit code staff must confirm: a person looks.
    let needs_person_for_applicant = !reasons.is_empty();

    let assignment = matching::assign(item, applicant, form.fields, &uploads);
    let repeats = duplicates::find(&uploads);
    let mut tally = Tally {
        notice,
        reasons,
        risk: item.risk,
        any_failed_upload: false,
        blocking: !applicant_ok,
        needs_person: item.risk != Risk::Low || needs_person_for_applicant,
    };
    if tally.needs_person {
        tally.reasons.push(ReviewReason {
            material: None,
            upload: None,
            zh: format!("本事项风险等级为{}，须经人工审核", risk_zh(item.risk)),
            en: format!(
                "the item's risk class is {}; a person must review it",
                item.risk.as_str()
            ),
        });
    }

    let judge = MaterialJudge {
        item,
        applicant,
        form,
        uploads: &uploads,
        repeats: &repeats,
        at,
    };
    let mut materials = Vec::new();
    for (mi, material) in item.materials.iter().enumerate() {
        materials.push(judge.material(mi, material, &assignment, &mut tally));
    }
    let unmatched = unmatched_uploads(&assignment, &uploads, &mut tally);
    tally.add_closing_reasons(item);
    notice::finish(&mut tally.notice);
    let decision = tally.decision();
    Review {
        schema: SCHEMA.to_string(),
        item: item.code.clone(),
        item_name: item.name.clone(),
        catalog_version: None,
        validation_time: at,
        decision,
        risk: tally.risk,
        applicant: applicant_result,
        materials,
        unmatched_uploads: unmatched,
        notice: tally.notice,
        review_reasons: tally.reasons,
        documents: uploads.into_iter().map(|f| f.report).collect(),
    }
}

/// What the review has gathered so far while the materials are judged one by one: the notice
/// to the applicant, the reasons a person must look, and the flags the decision is made of.
struct Tally {
    notice: Vec<NoticeEntry>,
    reasons: Vec<ReviewReason>,
    /// The item's risk class, raised by what the uploads show.
    risk: Risk,
    any_failed_upload: bool,
    /// Something the applicant must correct before the application can go on.
    blocking: bool,
    needs_person: bool,
}

impl Tally {
    /// A failed upload goes to the applicant's notice; an indeterminate one gives a person a
    /// reason to look at each of its doubts.
    fn record_upload_outcome(
        &mut self,
        material: &Material,
        facts: &UploadFacts,
        upload: usize,
        outcome: UploadOutcome,
        problems: &[assess::Problem],
    ) {
        match outcome {
            UploadOutcome::Verified => {}
            UploadOutcome::Failed => {
                self.any_failed_upload = true;
                self.notice.extend(notice::upload_entries(
                    material,
                    &facts.file_name,
                    upload,
                    problems,
                ));
            }
            UploadOutcome::Indeterminate => {
                for p in problems {
                    self.reasons.push(ReviewReason {
                        material: Some(material.code.clone()),
                        upload: Some(facts.file_name.clone()),
                        zh: format!(
                            "{}文件“{}”{}",
                            notice::heading(&material.name),
                            facts.file_name,
                            p.what.zh
                        ),
                        en: format!(
                            "[{}] file \"{}\": {}",
                            material.name_en, facts.file_name, p.what.en
                        ),
                    });
                }
            }
        }
    }

    /// What a material's status means for the decision: a required material missing or
    /// invalid blocks; a deferred one is noted with its due date; an optional invalid one or
    /// an indeterminate one needs a person.
    fn apply_material_status(
        &mut self,
        material: &Material,
        status: MaterialStatus,
        at: OffsetDateTime,
    ) {
        match (status, material.requirement) {
            (MaterialStatus::Missing, Requirement::Required) => {
                self.blocking = true;
                self.notice.push(notice::missing_entry(material));
            }
            (MaterialStatus::Invalid, Requirement::Required) => self.blocking = true,
            (MaterialStatus::Deferred, _) => self.notice.push(notice::deferred_entry(
                material,
                material
                    .deferral_days
                    .and_then(|d| at.date().checked_add(time::Duration::days(i64::from(d)))),
            )),
            (MaterialStatus::Invalid, _) => self.needs_person = true,
            (MaterialStatus::Indeterminate, _) => self.needs_person = true,
            _ => {}
        }
    }

    /// Reasons that only show once every upload is judged: a failed upload that blocks
    /// nothing, and a risk the uploads raised above the item's class.
    fn add_closing_reasons(&mut self, item: &ServiceItem) {
        // A failed upload (e.g. a tampered optional material, or a second, failed copy of a
        // satisfied one) is a warning sign even when it blocks nothing.
        if self.any_failed_upload && !self.blocking {
            self.needs_person = true;
            self.reasons.push(ReviewReason {
                material: None,
                upload: None,
                zh: "有上传文件未通过核验，须人工核实".into(),
                en: "an upload failed verification; a person must look".into(),
            });
        }
        if self.risk > item.risk {
            self.needs_person = true;
            self.reasons.push(ReviewReason {
                material: None,
                upload: None,
                zh: format!("上传文件的核验结果将风险等级提高为{}", risk_zh(self.risk)),
                en: format!(
                    "verification results raised the risk to {}",
                    self.risk.as_str()
                ),
            });
        }
    }

    /// Blocking beats a person's review, which beats acceptance.
    fn decision(&self) -> Decision {
        if self.blocking {
            Decision::ReturnForCorrection
        } else if self.needs_person {
            Decision::ManualReview
        } else {
            Decision::Accept
        }
    }
}

/// The inputs every material is judged against, gathered so that judging one material or
/// one upload does not take them one by one.
struct MaterialJudge<'r> {
    item: &'r ServiceItem,
    applicant: &'r Applicant,
    form: &'r binding::FormContext<'r>,
    uploads: &'r [UploadFacts],
    /// For each upload, the earlier upload it repeats, if any.
    repeats: &'r [Option<duplicates::Duplicate>],
    at: OffsetDateTime,
}

impl MaterialJudge<'_> {
    /// Judges every upload assigned to material `mi` and gives the material its status.
    fn material(
        &self,
        mi: usize,
        material: &Material,
        assignment: &[matching::Assignment],
        tally: &mut Tally,
    ) -> MaterialResult {
        let mut uses = Vec::new();
        for m in assignment.iter().filter(|m| m.material == Some(mi)) {
            let Some(facts) = self.uploads.get(m.upload) else {
                continue;
            };
            uses.push(self.upload_use(material, m, facts, tally));
        }
        let status = material_status(material, &uses);
        tally.apply_material_status(material, status, self.at);
        MaterialResult {
            code: material.code.clone(),
            name: material.name.clone(),
            requirement: material.requirement,
            status,
            supply_within_days: if status == MaterialStatus::Deferred {
                material.deferral_days
            } else {
                None
            },
            uploads: uses,
        }
    }

    /// Judges one upload as `material` (a repeat of an earlier upload counts against it) and
    /// records its outcome in the tally.
    fn upload_use(
        &self,
        material: &Material,
        m: &matching::Assignment,
        facts: &UploadFacts,
        tally: &mut Tally,
    ) -> UploadUse {
        let mut judged = assess::upload(
            self.item,
            material,
            self.applicant,
            self.form,
            facts,
            self.at,
        );
        duplicates::apply(
            &mut judged,
            self.repeats.get(m.upload).and_then(Option::as_ref),
            self.uploads,
        );
        tally.risk = tally.risk.max(judged.risk);
        tally.record_upload_outcome(material, facts, m.upload, judged.outcome, &judged.problems);
        UploadUse {
            upload: m.upload,
            file_name: facts.file_name.clone(),
            matched_by: if m.declared { "declared" } else { "content" }.to_string(),
            evidence: m.evidence.clone(),
            form: judged.form,
            outcome: judged.outcome,
            problems: judged.problems.iter().map(|p| p.what.clone()).collect(),
            unchecked: judged.unchecked,
        }
    }
}

/// A material's status from its uploads: one verified upload satisfies it; else one
/// indeterminate leaves it indeterminate; only failed ones make it invalid; none makes it
/// missing, or deferred when it may be supplied later.
fn material_status(material: &Material, uses: &[UploadUse]) -> MaterialStatus {
    if uses.is_empty() {
        match material.requirement {
            Requirement::Deferrable => MaterialStatus::Deferred,
            Requirement::Required | Requirement::Optional => MaterialStatus::Missing,
        }
    } else if uses.iter().any(|u| u.outcome == UploadOutcome::Verified) {
        MaterialStatus::Satisfied
    } else if uses
        .iter()
        .any(|u| u.outcome == UploadOutcome::Indeterminate)
    {
        MaterialStatus::Indeterminate
    } else {
        MaterialStatus::Invalid
    }
}

/// Uploads that match no material of the item: each goes to the notice and to a person.
fn unmatched_uploads(
    assignment: &[matching::Assignment],
    uploads: &[UploadFacts],
    tally: &mut Tally,
) -> Vec<UnmatchedUpload> {
    let mut unmatched = Vec::new();
    for m in assignment.iter().filter(|m| m.material.is_none()) {
        let Some(facts) = uploads.get(m.upload) else {
            continue;
        };
        unmatched.push(UnmatchedUpload {
            upload: m.upload,
            file_name: facts.file_name.clone(),
            declared_material: facts.declared_material.clone(),
            kind: facts.report.kind,
        });
        tally.notice.push(notice::unmatched_entry(
            &facts.file_name,
            m.upload,
            facts.declared_material.as_deref(),
        ));
        tally.needs_person = true;
    }
    unmatched
}

fn risk_zh(risk: Risk) -> &'static str {
    match risk {
        Risk::Low => "低",
        Risk::Medium => "中",
        Risk::High => "高",
    }
}

#[cfg(test)]
mod tests;
