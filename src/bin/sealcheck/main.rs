//! `sealcheck`: the staff command line. Subcommands live in their own files; this one only
//! parses arguments and dispatches. Exit statuses follow the contract in DESIGN.md.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod catalog_cmd;
mod extract_text_cmd;
mod image_cli;
mod license_text;
mod records_cmd;
mod review_cmd;
mod seal_cmd;
#[cfg(feature = "serve")]
mod serve_cmd;
mod verify_cmd;

/// Exit status for a usage error (EX_USAGE).
pub const EXIT_USAGE: u8 = 64;
/// Exit status for an unreadable input path (EX_NOINPUT).
pub const EXIT_NOINPUT: u8 = 66;

#[derive(Parser)]
#[command(
    name = "sealcheck",
    version,
    about = "Verify signed PDF / OFD uploads and pre-review applications"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify the signatures and seals of documents.
    Verify(verify_cmd::VerifyArgs),
    /// Show or check the material checklists of service items.
    Catalog(catalog_cmd::CatalogArgs),
    /// Pre-review an application: one decision and one correction notice.
    Review(review_cmd::ReviewArgs),
    /// Show the e-seals of an OFD / SES file and save their pictures.
    Seal(seal_cmd::SealArgs),
    /// Fallback text extractor process used by `review` (PDF on stdin, text on stdout).
    #[command(hide = true)]
    ExtractText(extract_text_cmd::ExtractTextArgs),
    /// Serve verification and pre-review over HTTP (and the staff report page).
    #[cfg(feature = "serve")]
    Serve(serve_cmd::ServeArgs),
    /// Check insured-person / employer exports for dirty data before they go online.
    Records(records_cmd::RecordsArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(EXIT_USAGE),
            };
        }
    };
    match cli.command {
        Command::Verify(args) => verify_cmd::run(args),
        Command::Catalog(args) => catalog_cmd::run(args),
        Command::Review(args) => review_cmd::run(args),
        Command::Seal(args) => seal_cmd::run(args),
        Command::ExtractText(args) => extract_text_cmd::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve_cmd::run(args),
        Command::Records(args) => records_cmd::run(args),
    }
}
