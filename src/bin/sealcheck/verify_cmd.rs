//! `sealcheck verify`: verify documents and print one report.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::report::{DocumentReport, SignatureReport, VerifyReport};
use sealcheck::{CheckStatus, Indication, Policy, TrustStore, Verifier};
use time::OffsetDateTime;

use crate::{EXIT_NOINPUT, EXIT_USAGE};

/// What a verification trusts and when it validates: shared by every command that verifies.
#[derive(clap::Args)]
pub struct TrustArgs {
    /// Trust anchor: a PEM/DER certificate file or a directory of them (repeatable).
    #[arg(long = "trust", value_name = "PATH")]
    pub trust: Vec<PathBuf>,
    /// CRL in PEM or DER (repeatable).
    #[arg(long = "crl", value_name = "PATH")]
    pub crl: Vec<PathBuf>,
    /// Extra intermediate certificates (PEM/DER file or directory, repeatable).
    #[arg(long = "cert", value_name = "PATH")]
    pub cert: Vec<PathBuf>,
    /// Validation time (RFC 3339); default: now.
    #[arg(long = "at", value_name = "RFC3339")]
    pub at: Option<String>,
}

impl TrustArgs {
    /// The verifier and the validation time, or (after saying why on stderr) the exit status.
    pub fn prepare(&self, policy: Policy) -> Result<(Verifier, OffsetDateTime), ExitCode> {
        let at = validation_time(self.at.as_deref()).map_err(|msg| {
            eprintln!("sealcheck: {msg}");
            ExitCode::from(EXIT_USAGE)
        })?;
        let verifier =
            build_verifier(&self.trust, &self.crl, &self.cert, policy).map_err(|(code, msg)| {
                eprintln!("sealcheck: {msg}");
                ExitCode::from(code)
            })?;
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
    /// Treat missing revocation data as INDETERMINATE TRY_LATER.
    #[arg(long = "require-revocation")]
    pub require_revocation: bool,
    /// Accept SHA-1 and RSA keys below 2048 bits.
    #[arg(long = "allow-weak")]
    pub allow_weak: bool,
    /// Exit 2 when a document has no signature at all.
    #[arg(long = "require-signature")]
    pub require_signature: bool,
    /// Files to verify.
    #[command(flatten)]
    pub image: crate::image_cli::ImageArgs,
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

/// Builds the verifier from the trust/CRL/cert options. Errors are usage errors (bad path or
/// unreadable anchor), reported with exit status 64 or 66.
fn build_verifier(
    trust: &[PathBuf],
    crl: &[PathBuf],
    cert: &[PathBuf],
    policy: Policy,
) -> Result<Verifier, (u8, String)> {
    let mut store = TrustStore::new();
    for path in trust {
        store
            .load_path(path)
            .map_err(|e| (exit_for(&e), e.to_string()))?;
    }
    let mut crls = Vec::new();
    for path in crl {
        crls.extend(
            sealcheck::pki::trust::read_crls(path).map_err(|e| (exit_for(&e), e.to_string()))?,
        );
    }
    let mut certs = Vec::new();
    for path in cert {
        let mut extra = TrustStore::new();
        extra
            .load_path(path)
            .map_err(|e| (exit_for(&e), e.to_string()))?;
        certs.extend(extra.anchors().map(|c| c.to_vec()));
    }
    Ok(Verifier::new(store, policy)
        .with_crls(crls)
        .with_intermediates(certs))
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
    let mut inputs = Vec::with_capacity(args.files.len());
    for path in &args.files {
        match Input::open(path) {
            Ok(input) => inputs.push((path.display().to_string(), input)),
            Err(e) => {
                eprintln!("sealcheck: cannot read {}: {e}", path.display());
                return ExitCode::from(EXIT_NOINPUT);
            }
        }
    }
    // In parallel, reports in argument order.
    let report = verifier.verify_many(&inputs, at);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("sealcheck: cannot serialise report: {e}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => print!("{}", render_text(&report)),
    }
    ExitCode::from(exit_status(&report, args.require_signature))
}

/// A document's bytes: memory-mapped when possible (no copy, and pages the verifier never
/// touches are never read), else read into memory (pipes, special files).
pub enum Input {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Input {
    pub fn open(path: &std::path::Path) -> std::io::Result<Input> {
        let file = std::fs::File::open(path)?;
        let is_regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if is_regular {
            // SAFETY: the map is read-only and private to this process; the CLI verifies files
            // that are not being written (an upload that changes while being verified could
            // give an inconsistent report, never memory unsafety in our code, which only reads
            // the bytes through a shared slice).
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                return Ok(Input::Mapped(map));
            }
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes)?;
        Ok(Input::Read(bytes))
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
/// 2: anything indeterminate (or no signature where one was asked for).
pub fn exit_status(report: &VerifyReport, require_signature: bool) -> u8 {
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
    }
    status
}

/// One block per document, one line per signature, reasons in plain words.
pub fn render_text(report: &VerifyReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "validation time: {}\n",
        report
            .validation_time
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    ));
    for doc in &report.documents {
        render_document(doc, &mut out);
    }
    out
}

fn render_document(doc: &DocumentReport, out: &mut String) {
    out.push_str(&format!(
        "\n{} ({}, {} bytes, sha256 {})\n",
        doc.path,
        doc.kind.as_str(),
        doc.size,
        doc.sha256.get(..16).unwrap_or(&doc.sha256)
    ));
    if doc.signatures.is_empty() {
        out.push_str("  no signature\n");
    }
    for image in doc.image.iter().chain(&doc.page_images) {
        out.push_str(&crate::image_cli::render(image));
    }
    for sig in &doc.signatures {
        render_signature(sig, out);
    }
    for f in &doc.findings {
        out.push_str(&format!("  [{:?}] {}: {}\n", f.severity, f.code, f.message));
    }
}

fn render_signature(sig: &SignatureReport, out: &mut String) {
    let verdict = match sig.sub_indication {
        Some(sub) => format!("{} / {}", sig.indication.as_str(), sub.as_str()),
        None => sig.indication.as_str().to_string(),
    };
    let who = sig
        .signer
        .as_ref()
        .map(|s| s.subject.clone())
        .unwrap_or_else(|| "unknown signer".into());
    out.push_str(&format!(
        "  {} [{}] {}: {}\n",
        sig.field.as_deref().unwrap_or("(no field)"),
        format!("{:?}", sig.kind).to_lowercase(),
        who,
        verdict
    ));
    let when = sig
        .timestamp_time
        .map(|t| format!("timestamped {}", rfc3339(t)))
        .or(sig.signing_time.map(|t| format!("claims {}", rfc3339(t))))
        .unwrap_or_else(|| "no signing time".into());
    out.push_str(&format!(
        // People count revisions from 1 (the original file), as the change messages do; the
        // JSON `revision` stays a 0-based index.
        "    revision {}, {}, covers whole document: {}, changes after signing: {}\n",
        sig.revision + 1,
        when,
        if sig.covers_whole_document {
            "yes"
        } else {
            "no"
        },
        format!("{:?}", sig.modifications).to_lowercase()
    ));
    for check in &sig.checks {
        if matches!(
            check.status,
            CheckStatus::Failed | CheckStatus::Indeterminate
        ) {
            out.push_str(&format!("    ✗ {}: {}\n", check.id, check.message));
        }
    }
    for change in sig.changes.iter().filter(|c| c.allowed_by.is_none()) {
        out.push_str(&format!("    - not allowed: {}\n", change.description));
    }
    for f in &sig.findings {
        match &f.evidence {
            Some(e) => out.push_str(&format!("    ! {}: {} ({e})\n", f.code, f.message)),
            None => out.push_str(&format!("    ! {}: {}\n", f.code, f.message)),
        }
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
