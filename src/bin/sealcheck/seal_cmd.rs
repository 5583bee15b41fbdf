//! `sealcheck seal FILE [--extract-image OUT]`: show the e-seals of an OFD package, a seal file
//! (.esl) or a bare SES_Signature, with their verdicts, and save the seal pictures so staff can
//! see which seal they are looking at.
//!
//! JSON: `{"schema":"sealcheck-seal/1","path","kind","seals":[{"field","indication",
//! "sub_indication","signer","signing_time","seal":{…the seal block…},"image":PATH|null}],
//! "findings":[…]}`. Exit statuses as for `verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sealcheck::report::VerifyReport;
use sealcheck::Policy;

use crate::verify_cmd::{display_name, exit_status, Format, Input, StdinOnce, TrustArgs};
use crate::EXIT_NOINPUT;
use sealcheck::printable::printable;
use sealcheck::render::text::{self, Lang, SealPicture};

#[derive(clap::Args)]
pub struct SealArgs {
    /// Write the seal picture to this file. With several seals, `-1`, `-2` … is added before
    /// the extension, in the order the seals are reported.
    #[arg(long = "extract-image", value_name = "OUT")]
    pub extract_image: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of the text output: en, zh or both (English, then Chinese, for every message).
    #[arg(long = "lang", value_name = "LANG", default_value = "en")]
    pub lang: Lang,
    /// OFD package, .esl seal or SES_Signature file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(args: SealArgs) -> ExitCode {
    let (verifier, at) = match args.trust.prepare(Policy::default()) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    let name = display_name(&args.file);
    let limits = verifier.policy().limits.clone();
    // An unreadable path gets its `unreadable` report (and exit status 66) like in `verify`.
    let doc = match Input::open(&args.file, &limits, &mut StdinOnce::default()) {
        Ok(input) => verifier.verify_document(&name, &input, at),
        Err(e) => e.report(&name),
    };
    let seals: Vec<&sealcheck::SignatureReport> =
        doc.signatures.iter().filter(|s| s.seal.is_some()).collect();
    // Pictures come from the seal blocks, so they are numbered like the seals in the report.
    let pictures: Vec<SealPicture> = seals.iter().filter_map(|s| text::seal_picture(s)).collect();

    let mut written: Vec<Option<String>> = vec![None; pictures.len()];
    if let Some(out) = &args.extract_image {
        if pictures.is_empty() {
            eprintln!("sealcheck: {} holds no seal picture", printable(&name));
            return ExitCode::from(2);
        }
        for (i, picture) in pictures.iter().enumerate() {
            let target = image_path(out, i, pictures.len());
            if let Err(e) = std::fs::write(&target, &picture.data) {
                eprintln!("sealcheck: cannot write {}: {e}", target.display());
                return ExitCode::from(EXIT_NOINPUT);
            }
            if let Some(slot) = written.get_mut(i) {
                *slot = Some(target.display().to_string());
            }
        }
    }

    match args.format {
        Format::Json => {
            let entries: Vec<serde_json::Value> = seals
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    serde_json::json!({
                        "field": s.field,
                        "indication": s.indication,
                        "sub_indication": s.sub_indication,
                        "signer": s.signer,
                        "signing_time": s.signing_time.map(sealcheck::rfc3339::format),
                        "seal": s.seal,
                        "image": written.get(i).cloned().flatten(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "schema": "sealcheck-seal/1",
                "path": doc.path,
                "kind": doc.kind,
                "seals": entries,
                "findings": doc.findings,
            });
            match serde_json::to_string_pretty(&out) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("sealcheck: cannot serialise report: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        Format::Text => print!("{}", text::seal_document(&name, &doc, &written, args.lang)),
    }
    let report = VerifyReport {
        schema: sealcheck::report::SCHEMA.to_string(),
        validation_time: at,
        documents: vec![doc],
    };
    ExitCode::from(exit_status(&report, true))
}

/// `out` itself for one picture; `stem-N.ext` (N from 1) for several.
fn image_path(out: &Path, index: usize, count: usize) -> PathBuf {
    if count <= 1 {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "seal".into());
    let name = match out.extension() {
        Some(ext) => format!("{stem}-{}.{}", index + 1, ext.to_string_lossy()),
        None => format!("{stem}-{}", index + 1),
    };
    out.with_file_name(name)
}
