//! `sealcheck review`: pre-review one application against the catalog.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::catalog::ApplicantType;
use sealcheck::render::text::{self, Lang};
use sealcheck::review::{Applicant, Application, Decision, Reviewer, Upload};
use sealcheck::Policy;

use crate::catalog_cmd::CatalogSource;
use crate::verify_cmd::{display_name, Format, Input, StdinOnce, TrustArgs};
use crate::{EXIT_NOINPUT, EXIT_USAGE};

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// Service item code (see `sealcheck catalog list`).
    #[arg(long = "item", value_name = "CODE")]
    pub item: String,
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

/// Splits `MATERIAL=FILE`; a prefix that cannot be a material code is part of the path.
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

pub fn run(args: ReviewArgs) -> ExitCode {
    let catalog = match args.source.load() {
        Ok(c) => c,
        Err(status) => return ExitCode::from(status),
    };
    let Some(item) = catalog.item(&args.item) else {
        eprintln!(
            "sealcheck: unknown service item {:?}; see `sealcheck catalog list`",
            args.item
        );
        return ExitCode::from(EXIT_USAGE);
    };
    let (kind, identifier) = match (&args.applicant_id, &args.applicant_uscc) {
        (Some(id), _) => (ApplicantType::Individual, Some(id.clone())),
        (None, Some(code)) => (ApplicantType::Unit, Some(code.clone())),
        (None, None) => (item.applicant_type, None),
    };
    let mut policy = Policy::default();
    args.image.apply(&mut policy);
    let (verifier, at) = match args.trust.prepare(policy) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    let limits = verifier.policy().limits.clone();
    let mut stdin = StdinOnce::default();
    let mut uploads = Vec::with_capacity(args.files.len());
    // Paths that cannot be read are reported after the uploads (the review's documents are
    // indexed by upload) and make the exit status 66; the others are still reviewed.
    let mut unreadable = Vec::new();
    for arg in &args.files {
        let (material, path) = split_upload_arg(arg);
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
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: args.item.clone(),
        applicant: Applicant {
            kind,
            name: args.applicant_name.clone(),
            identifier,
        },
        uploads,
    };
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
