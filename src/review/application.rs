//! The application as the portal holds it (`sealcheck-application/1`, DESIGN.md
//! "Applications"): item, applicant, the other persons the item concerns, form fields, and the
//! uploads (by path or inline as base64).
//!
//! ```
//! use sealcheck::review::application::{ApplicationJson, UploadSource};
//!
//! let app = ApplicationJson::parse(r#"{"schema":"sealcheck-application/1",
//!     "item":"rights-record-printout","applicant":{"name":"李四","id":"321083197812162119"},
//!     "uploads":[{"material":"id_card","base64":"JVBERi0=","name":"id.pdf"}]}"#.as_bytes())?;
//! assert_eq!(app.item, "rights-record-printout");
//! assert!(matches!(&app.uploads[0].source, UploadSource::Inline(b) if b == b"%PDF-"));
//! let application = app.into_application(sealcheck::catalog::ApplicantType::Individual, Vec::new())?;
//! assert_eq!(application.uploads[0].material.as_deref(), Some("id_card"));
//! # Ok::<(), sealcheck::review::application::ApplicationError>(())
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64::Engine as _;
use serde::Deserialize;

use super::{Applicant, Application, Upload};
use crate::catalog::ApplicantType;

/// Format tag of the application JSON.
pub const SCHEMA: &str = "sealcheck-application/1";

/// Why an application document was refused (it is the caller's input, not an upload).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationError {
    /// The document is not JSON of the expected shape (the parser's message).
    #[error("the application is not valid JSON of {SCHEMA}: {0}")]
    Json(String),
    /// The document's `schema` tag is not `sealcheck-application/1`.
    #[error("the application's schema is {0:?}, expected {SCHEMA:?}")]
    Schema(String),
    /// One upload entry is unusable.
    #[error("upload {index}: {reason}")]
    Upload {
        /// Position of the upload in the JSON's `uploads` (from 0).
        index: usize,
        /// What is wrong with it (bad base64, both or neither of `path` and `base64`, …).
        reason: String,
    },
    /// The applicant gives both a resident ID number and a credit code, so its kind is unclear.
    #[error("the applicant has both an \"id\" and a \"uscc\"")]
    TwoIdentifiers,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    schema: Option<String>,
    item: String,
    #[serde(default)]
    applicant: RawApplicant,
    #[serde(default)]
    persons: Vec<Person>,
    #[serde(default)]
    fields: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    uploads: Vec<RawUpload>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApplicant {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    uscc: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpload {
    #[serde(default)]
    material: Option<String>,
    #[serde(default)]
    path: Option<PathBuf>,
    #[serde(default)]
    base64: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// Another person the item concerns (the deceased, the injured worker, the child).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Code of the item's person role (e.g. the deceased), see [`crate::catalog::PersonRole::role`].
    pub role: String,
    /// The person's name, as entered.
    #[serde(default)]
    pub name: String,
    /// The person's resident ID number, as entered.
    #[serde(default)]
    pub id: Option<String>,
}

/// Where an upload's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadSource {
    /// A file the caller names (the CLI reads it; the service refuses paths).
    Path(PathBuf),
    /// The bytes themselves (`base64` in the JSON).
    Inline(Vec<u8>),
}

/// One upload as the application lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadEntry {
    /// The material code the applicant uploaded it for, if they said.
    pub material: Option<String>,
    /// The name it was uploaded under (`name`, else the path, else `upload-N`).
    pub name: String,
    /// Where its bytes are.
    pub source: UploadSource,
}

/// A parsed `sealcheck-application/1` document.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationJson {
    /// Code of the service item applied for.
    pub item: String,
    /// Name of the applicant, as entered.
    pub applicant_name: String,
    /// The applicant's resident ID number (makes the applicant an individual).
    pub applicant_id: Option<String>,
    /// The applicant's unified social credit code (makes the applicant a unit).
    pub applicant_uscc: Option<String>,
    /// The other people the item concerns, by role.
    pub persons: Vec<Person>,
    /// Form values the catalog item declares (not yet judged by the review).
    pub fields: BTreeMap<String, serde_json::Value>,
    /// The uploads, in the order the JSON lists them.
    pub uploads: Vec<UploadEntry>,
}

impl ApplicationJson {
    /// Parses the JSON; unknown keys and a foreign schema tag are refused.
    pub fn parse(json: &[u8]) -> Result<Self, ApplicationError> {
        let raw: Raw =
            serde_json::from_slice(json).map_err(|e| ApplicationError::Json(e.to_string()))?;
        if let Some(schema) = &raw.schema {
            if schema != SCHEMA {
                return Err(ApplicationError::Schema(schema.clone()));
            }
        }
        if raw.applicant.id.is_some() && raw.applicant.uscc.is_some() {
            return Err(ApplicationError::TwoIdentifiers);
        }
        let mut uploads = Vec::with_capacity(raw.uploads.len());
        for (index, u) in raw.uploads.into_iter().enumerate() {
            let source = match (u.path, u.base64) {
                (Some(path), None) => UploadSource::Path(path),
                (None, Some(b64)) => UploadSource::Inline(
                    base64::engine::general_purpose::STANDARD
                        .decode(b64.trim())
                        .map_err(|e| ApplicationError::Upload {
                            index,
                            reason: format!("base64: {e}"),
                        })?,
                ),
                _ => {
                    return Err(ApplicationError::Upload {
                        index,
                        reason: "give exactly one of \"path\" and \"base64\"".into(),
                    })
                }
            };
            let name = u.name.unwrap_or_else(|| match &source {
                UploadSource::Path(p) => p.display().to_string(),
                UploadSource::Inline(_) => format!("upload-{}", index + 1),
            });
            uploads.push(UploadEntry {
                material: u.material,
                name,
                source,
            });
        }
        Ok(ApplicationJson {
            item: raw.item,
            applicant_name: raw.applicant.name,
            applicant_id: raw.applicant.id,
            applicant_uscc: raw.applicant.uscc,
            persons: raw.persons,
            fields: raw.fields,
            uploads,
        })
    }

    /// The [`Application`] to review: the inline uploads of the JSON, then `more` (uploads
    /// that came another way, e.g. as multipart parts). `default_kind` is the item's applicant
    /// type, used when no identifier says which. A path upload is an error here: the caller
    /// reads paths (or refuses them) and passes the bytes in `more`.
    pub fn into_application(
        self,
        default_kind: ApplicantType,
        more: Vec<Upload>,
    ) -> Result<Application, ApplicationError> {
        let (kind, identifier) = match (self.applicant_id, self.applicant_uscc) {
            (Some(id), _) => (ApplicantType::Individual, Some(id)),
            (None, Some(code)) => (ApplicantType::Unit, Some(code)),
            (None, None) => (default_kind, None),
        };
        let mut uploads = Vec::with_capacity(self.uploads.len() + more.len());
        for (index, u) in self.uploads.into_iter().enumerate() {
            match u.source {
                UploadSource::Inline(bytes) => uploads.push(Upload {
                    material: u.material,
                    file_name: u.name,
                    bytes,
                }),
                UploadSource::Path(_) => {
                    return Err(ApplicationError::Upload {
                        index,
                        reason: "uploads given by path are not accepted here".into(),
                    })
                }
            }
        }
        uploads.extend(more);
        Ok(Application {
            item: self.item,
            applicant: Applicant {
                kind,
                name: self.applicant_name,
                identifier,
            },
            uploads,
            persons: self.persons,
            fields: self.fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_the_contract() {
        let err = |json: &str| {
            ApplicationJson::parse(json.as_bytes())
                .map(|_| ())
                .unwrap_err()
        };
        assert!(matches!(err("{"), ApplicationError::Json(_)));
        assert!(matches!(
            err(r#"{"schema":"other/1","item":"x"}"#),
            ApplicationError::Schema(_)
        ));
        assert!(matches!(
            err(r#"{"item":"x","surprise":1}"#),
            ApplicationError::Json(_)
        ));
        assert_eq!(
            err(r#"{"item":"x","applicant":{"id":"1","uscc":"2"}}"#),
            ApplicationError::TwoIdentifiers
        );
        assert!(matches!(
            err(r#"{"item":"x","uploads":[{"base64":"!!"}]}"#),
            ApplicationError::Upload { index: 0, .. }
        ));
        assert!(matches!(
            err(r#"{"item":"x","uploads":[{"path":"a","base64":"AA=="}]}"#),
            ApplicationError::Upload { index: 0, .. }
        ));
    }

    #[test]
    fn applicant_kind_and_upload_order() {
        let app = ApplicationJson::parse(
            br#"{"item":"x","applicant":{"name":"U","uscc":"91510304MA62X5W154"},
                "persons":[{"role":"deceased","name":"P","id":"1"}],"fields":{"date":"2026-01-01"},
                "uploads":[{"base64":"AA=="}]}"#,
        )
        .expect("parses");
        assert_eq!(app.persons[0].role, "deceased");
        assert_eq!(app.fields["date"], "2026-01-01");
        let more = vec![Upload {
            material: Some("m".into()),
            file_name: "part.pdf".into(),
            bytes: vec![1],
        }];
        let application = app
            .into_application(ApplicantType::Individual, more)
            .expect("inline uploads only");
        assert_eq!(application.applicant.kind, ApplicantType::Unit);
        let names: Vec<_> = application
            .uploads
            .iter()
            .map(|u| u.file_name.as_str())
            .collect();
        assert_eq!(names, ["upload-1", "part.pdf"]);
        let by_path = ApplicationJson::parse(br#"{"item":"x","uploads":[{"path":"/etc/passwd"}]}"#)
            .expect("parses");
        assert!(by_path
            .into_application(ApplicantType::Individual, Vec::new())
            .is_err());
    }
}
