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

use crate::verify_cmd::{
    display_name, exit_status, render_findings, Format, Input, StdinOnce, TrustArgs,
};
use crate::EXIT_NOINPUT;
use sealcheck::printable::printable;

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
    let pictures: Vec<Picture> = seals.iter().filter_map(|s| picture_of(s)).collect();

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
                        "signing_time": s.signing_time.map(rfc3339),
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
        Format::Text => {
            println!("{} ({})", printable(&name), doc.kind.as_str());
            if seals.is_empty() {
                println!("  no seal");
            }
            for (i, s) in seals.iter().enumerate() {
                print_seal(s, pictures.get(i), written.get(i).cloned().flatten());
            }
            let mut findings = String::new();
            render_findings(&doc.findings, "  ", &mut findings);
            print!("{findings}");
        }
    }
    let report = VerifyReport {
        schema: sealcheck::report::SCHEMA.to_string(),
        validation_time: at,
        documents: vec![doc],
    };
    ExitCode::from(exit_status(&report, true))
}

/// A seal picture decoded from a seal block.
struct Picture {
    kind: String,
    width_mm: i64,
    height_mm: i64,
    data: Vec<u8>,
}

fn picture_of(s: &sealcheck::SignatureReport) -> Option<Picture> {
    use base64::Engine as _;
    let p = &s.seal.as_ref()?.picture;
    Some(Picture {
        kind: p.kind.clone(),
        width_mm: p.width_mm,
        height_mm: p.height_mm,
        data: base64::engine::general_purpose::STANDARD
            .decode(&p.data_base64)
            .ok()?,
    })
}

fn print_seal(s: &sealcheck::SignatureReport, picture: Option<&Picture>, written: Option<String>) {
    let block = s.seal.as_ref();
    let text = |key: &str| {
        let raw = block
            .and_then(|b| b.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string();
        printable(&raw).into_owned()
    };
    let verdict = match s.sub_indication {
        Some(sub) => format!("{} / {}", s.indication.as_str(), sub.as_str()),
        None => s.indication.as_str().to_string(),
    };
    println!(
        "  {}: 「{}」 {}",
        printable(s.field.as_deref().unwrap_or("(seal)")),
        text("name"),
        verdict
    );
    println!(
        "    standard {}, esID {}, vendor {}",
        text("standard"),
        text("es_id"),
        text("vendor_id")
    );
    if let Some(v) = block.map(|b| &b.validity) {
        println!(
            "    valid {} .. {}",
            printable(&rfc3339(v.not_before)),
            printable(&rfc3339(v.not_after))
        );
    }
    if let Some(signer) = &s.signer {
        println!("    signer {}", printable(&signer.subject));
    }
    if let Some(t) = s.signing_time {
        println!("    signed at {}", rfc3339(t));
    }
    if let Some(p) = picture {
        println!(
            "    picture {} {}×{} mm, {} bytes{}",
            printable(&p.kind),
            p.width_mm,
            p.height_mm,
            p.data.len(),
            written
                .map(|w| format!(", saved to {}", printable(&w)))
                .unwrap_or_default()
        );
    }
    for check in &s.checks {
        if matches!(
            check.status,
            sealcheck::CheckStatus::Failed | sealcheck::CheckStatus::Indeterminate
        ) {
            println!(
                "    ✗ {}: {}",
                printable(check.id.as_str()),
                printable(&check.message)
            );
        }
    }
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

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
