//! `sealcheck verify`: verify documents and print one report.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::path_input::Unreadable;
use sealcheck::render::text::{self, Lang};
use sealcheck::report::{DocumentKind, DocumentReport, VerifyReport};
use sealcheck::{Indication, Policy, TrustPaths, Verifier};
use time::OffsetDateTime;

use crate::{EXIT_NOINPUT, EXIT_USAGE};

/// What a verification trusts and when it validates: shared by every command that verifies.
/// Where the trust inputs lie: shared by every command that verifies (verify, seal, review,
/// serve), read by [`sealcheck::TrustPaths`].
#[derive(clap::Args)]
pub struct TrustSourceArgs {
    /// Trust anchor: a PEM/DER certificate file or a directory of them (repeatable).
    #[arg(long = "trust", value_name = "PATH")]
    pub trust: Vec<PathBuf>,
    /// CRL in PEM or DER, or a directory of them (repeatable).
    #[arg(long = "crl", value_name = "PATH")]
    pub crl: Vec<PathBuf>,
    /// Extra intermediate certificates (PEM/DER file or directory, repeatable).
    #[arg(long = "cert", value_name = "PATH")]
    pub cert: Vec<PathBuf>,
}

impl TrustSourceArgs {
    /// The paths as the library reads them.
    pub fn paths(&self) -> TrustPaths {
        TrustPaths {
            anchors: self.trust.clone(),
            crls: self.crl.clone(),
            intermediates: self.cert.clone(),
        }
    }
}

#[derive(clap::Args)]
pub struct TrustArgs {
    #[command(flatten)]
    pub sources: TrustSourceArgs,
    /// Validation time (RFC 3339); default: now.
    #[arg(long = "at", value_name = "RFC3339")]
    pub at: Option<String>,
    /// Issuer registry (`sealcheck-issuers/1` TOML, repeatable): names each signature's
    /// issuing body and ties e-licences to their issuers.
    #[arg(long = "issuers", value_name = "FILE.toml")]
    pub issuers: Vec<PathBuf>,
}

impl TrustArgs {
    /// The verifier and the validation time, or (after saying why on stderr) the exit status.
    pub fn prepare(&self, policy: Policy) -> Result<(Verifier, OffsetDateTime), ExitCode> {
        let at = validation_time(self.at.as_deref()).map_err(|msg| {
            eprintln!("sealcheck: {msg}");
            ExitCode::from(EXIT_USAGE)
        })?;
        let verifier = self.sources.paths().load(policy).map_err(|e| {
            eprintln!("sealcheck: {e}");
            ExitCode::from(exit_for(&e))
        })?;
        let verifier = match crate::license_text::load_issuers(&self.issuers) {
            Ok(Some(registry)) => verifier.with_issuers(registry),
            Ok(None) => verifier,
            Err((code, msg)) => {
                eprintln!("sealcheck: {msg}");
                return Err(ExitCode::from(code));
            }
        };
        Ok((verifier, at))
    }
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Output format.
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Language of the text output: en, zh or both (English, then Chinese, for every message).
    #[arg(long = "lang", value_name = "LANG", default_value = "en")]
    pub lang: Lang,
    /// Treat missing revocation data as INDETERMINATE TRY_LATER.
    #[arg(long = "require-revocation")]
    pub require_revocation: bool,
    /// Accept SHA-1 and RSA keys below 2048 bits.
    #[arg(long = "allow-weak")]
    pub allow_weak: bool,
    /// Exit 2 when a document has no signature at all.
    #[arg(long = "require-signature")]
    pub require_signature: bool,
    /// QR payload read from an e-licence's picture, compared with its identifier (repeatable).
    #[arg(long = "qr", value_name = "PAYLOAD")]
    pub qr: Vec<String>,
    #[command(flatten)]
    pub image: crate::image_cli::ImageArgs,
    /// Files to verify; `-` reads standard input (once).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Parses `--at`, or takes the clock when absent (the only place the clock is read).
fn validation_time(at: Option<&str>) -> Result<OffsetDateTime, String> {
    match at {
        Some(s) => OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                format!("invalid --at {s:?}: expected RFC 3339, e.g. 2026-11-26T00:00:00Z")
            }),
        None => Ok(OffsetDateTime::now_utc()),
    }
}

fn exit_for(e: &sealcheck::Error) -> u8 {
    match e {
        sealcheck::Error::Io { .. } => EXIT_NOINPUT,
        _ => EXIT_USAGE,
    }
}

pub fn run(args: VerifyArgs) -> ExitCode {
    let mut policy = Policy {
        require_revocation: args.require_revocation,
        ..Policy::default()
    };
    args.image.apply(&mut policy);
    if args.allow_weak {
        policy.allow_sha1 = true;
        policy.min_rsa_bits = 1024;
    }
    let (verifier, at) = match args.trust.prepare(policy) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    let limits = verifier.policy().limits.clone();
    let mut stdin = StdinOnce::default();
    let opened: Vec<(String, Result<Input, Unreadable>)> = args
        .files
        .iter()
        .map(|path| (display_name(path), Input::open(path, &limits, &mut stdin)))
        .collect();
    let mut report = verify_opened(&verifier, opened, at);
    crate::license_text::apply_qr(&mut report, &args.qr);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("sealcheck: cannot serialise report: {e}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => print!("{}", text::verify_report(&report, args.lang)),
    }
    ExitCode::from(exit_status(&report, args.require_signature))
}

/// A document's bytes: memory-mapped when possible (no copy, and pages the verifier never
/// touches are never read), else read into memory (standard input).
pub enum Input {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

/// The argument that names standard input.
pub const STDIN_ARG: &str = "-";

/// Standard input can be read once; a second `-` is an unreadable path.
#[derive(Default)]
pub struct StdinOnce {
    taken: bool,
}

/// How a path argument is shown in reports (standard input as `-`).
pub fn display_name(path: &std::path::Path) -> String {
    path.display().to_string()
}

impl Input {
    /// Opens `path` (or standard input for `-`) within `limits`: only regular files are
    /// read, never past the size limit (see [`sealcheck::path_input`]).
    pub fn open(
        path: &std::path::Path,
        limits: &sealcheck::Limits,
        stdin: &mut StdinOnce,
    ) -> Result<Input, Unreadable> {
        if path.as_os_str() == STDIN_ARG {
            if std::mem::replace(&mut stdin.taken, true) {
                return Err(Unreadable {
                    code: sealcheck::path_input::UNREADABLE_PATH,
                    reason: "standard input was already read for an earlier `-`".into(),
                    size: None,
                });
            }
            return sealcheck::path_input::read_stdin(limits).map(Input::Read);
        }
        let (file, size) = sealcheck::path_input::open_regular(path, limits)?;
        if size > 0 {
            // SAFETY: the map is read-only and private to this process; the CLI verifies files
            // that are not being written (an upload that changes while being verified could
            // give an inconsistent report, never memory unsafety in our code, which only reads
            // the bytes through a shared slice).
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                return Ok(Input::Mapped(map));
            }
        }
        sealcheck::path_input::read_bounded(file, limits.max_file_size, 0).map(Input::Read)
    }
}

/// Verifies the inputs that opened; the others get their `unreadable` report. Reports stay in
/// argument order.
pub fn verify_opened(
    verifier: &Verifier,
    opened: Vec<(String, Result<Input, Unreadable>)>,
    at: OffsetDateTime,
) -> VerifyReport {
    let mut slots: Vec<Option<DocumentReport>> = Vec::with_capacity(opened.len());
    let mut readable = Vec::new();
    for (name, input) in opened {
        match input {
            Ok(input) => {
                slots.push(None);
                readable.push((name, input));
            }
            Err(e) => slots.push(Some(e.report(&name))),
        }
    }
    // In parallel, reports in argument order.
    let mut verified = verifier.verify_many(&readable, at).documents.into_iter();
    let documents = slots
        .into_iter()
        .filter_map(|slot| slot.or_else(|| verified.next()))
        .collect();
    VerifyReport {
        schema: sealcheck::report::SCHEMA.to_string(),
        validation_time: at,
        documents,
    }
}

/// Mapped files from this size on drop the pages the verifier is done with; below it, peak
/// memory is bounded by this size anyway.
const DROP_PAGES_FROM: usize = 8 << 20;

impl sealcheck::Document for Input {
    fn bytes(&self) -> &[u8] {
        match self {
            Input::Mapped(map) => map,
            Input::Read(bytes) => bytes,
        }
    }

    /// Drops pages of a mapped file the verifier is done with, so that peak memory does not
    /// grow with the file's size. Unix only: elsewhere memmap2 offers no madvise, and the
    /// trait's default keeps the pages.
    #[cfg(unix)]
    fn done_with(&self, range: std::ops::Range<usize>) {
        if let Input::Mapped(map) = self {
            // A small file may stay resident: dropping its pages would only cost a system call
            // and fault them back in for the next pass.
            if map.len() < DROP_PAGES_FROM {
                return;
            }
            // SAFETY: the map is private and read-only, so no page holds anything but the
            // file's contents; after MADV_DONTNEED the next read of a dropped page faults the
            // same contents back in from the page cache, so every slice of the map keeps its
            // bytes. A failed call only leaves the pages resident.
            let _ = unsafe {
                map.unchecked_advise_range(
                    memmap2::UncheckedAdvice::DontNeed,
                    range.start,
                    range.len(),
                )
            };
        }
    }
}

/// 0: every signature TOTAL_PASSED and nothing failed; 1: anything TOTAL_FAILED;
/// 2: anything indeterminate (or no signature where one was asked for); 66 (before all of
/// these) when any path could not be read.
pub fn exit_status(report: &VerifyReport, require_signature: bool) -> u8 {
    if report
        .documents
        .iter()
        .any(|d| d.kind == DocumentKind::Unreadable)
    {
        return EXIT_NOINPUT;
    }
    let mut status = 0;
    for doc in &report.documents {
        match doc.worst_indication() {
            Some(Indication::TotalFailed) => return 1,
            Some(Indication::Indeterminate) => status = 2,
            Some(Indication::TotalPassed) => {}
            None if require_signature => status = 2,
            None => {}
        }
        if doc
            .findings
            .iter()
            .any(|f| f.severity == sealcheck::Severity::Error)
            && doc.signatures.is_empty()
            && status == 0
        {
            status = 2;
        }
        match crate::license_text::license_exit(doc) {
            1 => return 1,
            2 => status = 2,
            _ => {}
        }
    }
    status
}
