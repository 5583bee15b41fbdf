//! `sealcheck review`: pre-review one application against the catalog.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::catalog::ApplicantType;
use sealcheck::render::text::{self, Lang};
use sealcheck::review::application::{ApplicationJson, UploadSource};
use sealcheck::review::{Applicant, Application, Decision, Reviewer, Upload};
use sealcheck::Policy;

use crate::catalog_cmd::CatalogSource;
use crate::verify_cmd::{display_name, Format, Input, StdinOnce, TrustArgs};
use crate::{EXIT_NOINPUT, EXIT_USAGE};

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// Service item code (see `sealcheck catalog list`); optional with `--application`.
    #[arg(
        long = "item",
        value_name = "CODE",
        required_unless_present = "application"
    )]
    pub item: Option<String>,
    /// The whole application as the portal has it (`sealcheck-application/1` JSON: applicant,
    /// persons, form fields, uploads; upload paths are relative to the JSON file's directory).
    /// The other flags and FILEs add to it.
    #[arg(long = "application", value_name = "APP.json")]
    pub application: Option<PathBuf>,
    /// Treat missing revocation data as INDETERMINATE TRY_LATER (as in `verify`).
    #[arg(long = "require-revocation")]
    pub require_revocation: bool,
    /// An upload without a material code, taken as a path as it is (for names with `=`).
    #[arg(long = "file", value_name = "PATH")]
    pub file: Vec<PathBuf>,
    /// Applicant's name (person or unit).
    #[arg(long = "applicant-name", value_name = "N", default_value = "")]
    pub applicant_name: String,
    /// Applicant's resident ID number (individual applicant).
    #[arg(
        long = "applicant-id",
        value_name = "ID",
        conflicts_with = "applicant_uscc"
    )]
    pub applicant_id: Option<String>,
    /// Applicant's unified social credit code (unit applicant).
    #[arg(long = "applicant-uscc", value_name = "CODE")]
    pub applicant_uscc: Option<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of the text output: both (the default: decision, correction notice and reviewer
    /// notes in Chinese and English), zh or en.
    #[arg(long = "lang", value_name = "LANG", default_value = "both")]
    pub lang: Lang,
    #[command(flatten)]
    pub source: CatalogSource,
    #[command(flatten)]
    pub image: crate::image_cli::ImageArgs,
    /// Uploads, each optionally prefixed with the material code it is for: `id_card=scan.jpg`;
    /// `-` (or `id_card=-`) reads standard input.
    #[arg(value_name = "[MATERIAL=]FILE")]
    pub files: Vec<String>,
}

/// Splits `MATERIAL=FILE`; a prefix that cannot be a material code is part of the path (so
/// `./a=b.pdf` is a path; `--file` takes any path as it is).
pub fn split_upload_arg(arg: &str) -> (Option<String>, PathBuf) {
    if let Some((code, path)) = arg.split_once('=') {
        let is_code = code.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if is_code && !path.is_empty() {
            return (Some(code.to_string()), PathBuf::from(path));
        }
    }
    (None, PathBuf::from(arg))
}

/// Reads `--application`: the parsed JSON with every path upload read (relative to the JSON
/// file's directory), or the exit status after saying why.
fn read_application(
    path: &std::path::Path,
    limits: &sealcheck::Limits,
    stdin: &mut StdinOnce,
    unreadable: &mut Vec<sealcheck::report::DocumentReport>,
) -> Result<ApplicationJson, ExitCode> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("sealcheck: cannot read {}: {e}", path.display());
            return Err(ExitCode::from(EXIT_NOINPUT));
        }
    };
    let mut app = match ApplicationJson::parse(&bytes) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("sealcheck: {}: {e}", path.display());
            return Err(ExitCode::from(EXIT_USAGE));
        }
    };
    let base = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut uploads = Vec::with_capacity(app.uploads.len());
    for mut entry in std::mem::take(&mut app.uploads) {
        if let UploadSource::Path(p) = &entry.source {
            let full = if p.is_absolute() || p.as_os_str() == "-" {
                p.clone()
            } else {
                base.join(p)
            };
            match Input::open(&full, limits, stdin) {
                Ok(input) => {
                    entry.source = UploadSource::Inline(sealcheck::Document::bytes(&input).to_vec())
                }
                Err(e) => {
                    unreadable.push(e.report(&entry.name));
                    continue;
                }
            }
        }
        uploads.push(entry);
    }
    app.uploads = uploads;
    Ok(app)
}

pub fn run(args: ReviewArgs) -> ExitCode {
    let catalog = match args.source.load() {
        Ok(c) => c,
        Err(status) => return ExitCode::from(status),
    };
    let mut policy = Policy::default();
    args.image.apply(&mut policy);
    policy.require_revocation = args.require_revocation;
    let (verifier, at) = match args.trust.prepare(policy) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    let limits = verifier.policy().limits.clone();
    let mut stdin = StdinOnce::default();
    // Paths that cannot be read are reported after the uploads (the review's documents are
    // indexed by upload) and make the exit status 66; the others are still reviewed.
    let mut unreadable = Vec::new();
    let from_json = match &args.application {
        Some(path) => match read_application(path, &limits, &mut stdin, &mut unreadable) {
            Ok(app) => Some(app),
            Err(status) => return status,
        },
        None => None,
    };
    let item_code = match (&args.item, &from_json) {
        (Some(flag), Some(json)) if *flag != json.item => {
            eprintln!(
                "sealcheck: --item {flag:?} differs from the application's item {:?}",
                json.item
            );
            return ExitCode::from(EXIT_USAGE);
        }
        (Some(flag), _) => flag.clone(),
        (None, Some(json)) => json.item.clone(),
        (None, None) => {
            eprintln!("sealcheck: give --item or --application");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let Some(item) = catalog.item(&item_code) else {
        eprintln!(
            "sealcheck: unknown service item {:?}; see `sealcheck catalog list`",
            item_code
        );
        return ExitCode::from(EXIT_USAGE);
    };
    // A material code the item does not have is a typing error, not an upload to match.
    let codes: Vec<&str> = item.materials.iter().map(|m| m.code.as_str()).collect();
    let mut named: Vec<(Option<String>, PathBuf)> =
        args.files.iter().map(|a| split_upload_arg(a)).collect();
    named.extend(args.file.iter().map(|p| (None, p.clone())));
    let json_codes = from_json
        .iter()
        .flat_map(|j| j.uploads.iter().filter_map(|u| u.material.clone()));
    for code in named
        .iter()
        .filter_map(|(c, _)| c.clone())
        .chain(json_codes)
    {
        if !codes.contains(&code.as_str()) {
            eprintln!(
                "sealcheck: item {item_code:?} has no material {code:?}; its materials are: {} (a file whose name contains '=' can be given as ./NAME or with --file)",
                codes.join(", ")
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let mut uploads = Vec::with_capacity(named.len());
    for (material, path) in named {
        let name = display_name(&path);
        match Input::open(&path, &limits, &mut stdin) {
            Ok(input) => uploads.push(Upload {
                material,
                file_name: name,
                bytes: sealcheck::Document::bytes(&input).to_vec(),
            }),
            Err(e) => unreadable.push(e.report(&name)),
        }
    }
    let flag_identifier = match (&args.applicant_id, &args.applicant_uscc) {
        (Some(id), _) => Some((ApplicantType::Individual, id.clone())),
        (None, Some(code)) => Some((ApplicantType::Unit, code.clone())),
        (None, None) => None,
    };
    let mut app = match from_json {
        Some(json) => match json.into_application(item.applicant_type, uploads) {
            Ok(app) => app,
            Err(e) => {
                eprintln!("sealcheck: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => Application {
            persons: Vec::new(),
            fields: Default::default(),
            item: item_code.clone(),
            applicant: Applicant {
                kind: item.applicant_type,
                name: String::new(),
                identifier: None,
            },
            uploads,
        },
    };
    // The flags override what the JSON says.
    if !args.applicant_name.is_empty() {
        app.applicant.name = args.applicant_name.clone();
    }
    if let Some((kind, identifier)) = flag_identifier {
        app.applicant.kind = kind;
        app.applicant.identifier = Some(identifier);
    }
    let mut reviewer = Reviewer::new(verifier, catalog);
    if let Some(extractor) = crate::extract_text_cmd::this_binary() {
        reviewer = reviewer.with_text_extractor(extractor);
    }
    let any_unreadable = !unreadable.is_empty();
    let review = match reviewer.review(&app, at) {
        Ok(mut r) => {
            r.documents.extend(unreadable);
            r
        }
        Err(e) => {
            eprintln!("sealcheck: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&review) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("sealcheck: cannot serialise review: {e}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => print!("{}", text::review(&review, args.lang)),
    }
    if any_unreadable {
        return ExitCode::from(EXIT_NOINPUT);
    }
    ExitCode::from(exit_status(review.decision))
}

/// 0 accept, 1 return for correction, 2 manual review.
pub fn exit_status(decision: Decision) -> u8 {
    match decision {
        Decision::Accept => 0,
        Decision::ReturnForCorrection => 1,
        Decision::ManualReview => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_arguments() {
        assert_eq!(
            split_upload_arg("id_card=a.jpg"),
            (Some("id_card".into()), PathBuf::from("a.jpg"))
        );
        assert_eq!(split_upload_arg("a.jpg"), (None, PathBuf::from("a.jpg")));
        assert_eq!(
            split_upload_arg("dir/x=y.pdf"),
            (None, PathBuf::from("dir/x=y.pdf"))
        );
        assert_eq!(
            split_upload_arg("id_card="),
            (None, PathBuf::from("id_card="))
        );
    }
}
