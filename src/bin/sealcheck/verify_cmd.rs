//! `sealcheck verify`: verify documents and print one report.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::path_input::Unreadable;
use sealcheck::printable::printable;
use sealcheck::report::{DocumentKind, DocumentReport, SignatureReport, VerifyReport};
use sealcheck::Finding;
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
        let verifier =
            build_verifier(&self.trust, &self.crl, &self.cert, policy).map_err(|(code, msg)| {
                eprintln!("sealcheck: {msg}");
                ExitCode::from(code)
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
        Format::Text => print!("{}", render_text(&report)),
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

/// Findings printed per document and per signature; the rest are counted ("N more"). The
/// JSON report keeps every finding.
pub const MAX_PRINTED_FINDINGS: usize = 20;

fn render_document(doc: &DocumentReport, out: &mut String) {
    if doc.kind == DocumentKind::Unreadable {
        out.push_str(&format!("\n{} (unreadable)\n", printable(&doc.path)));
        render_findings(&doc.findings, "  ", out);
        return;
    }
    out.push_str(&format!(
        "\n{} ({}, {} bytes, sha256 {})\n",
        printable(&doc.path),
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
    crate::license_text::render(doc, out);
    render_findings(&doc.findings, "  ", out);
}

/// One line per finding, `[Severity] CODE: message (evidence)`, at most
/// [`MAX_PRINTED_FINDINGS`], then how many were left out.
pub fn render_findings(findings: &[Finding], indent: &str, out: &mut String) {
    for f in findings.iter().take(MAX_PRINTED_FINDINGS) {
        out.push_str(&format!(
            "{indent}[{:?}] {}: {}",
            f.severity,
            printable(&f.code),
            printable(&f.message)
        ));
        if let Some(e) = &f.evidence {
            out.push_str(&format!(" ({})", printable(e)));
        }
        out.push('\n');
    }
    if findings.len() > MAX_PRINTED_FINDINGS {
        out.push_str(&format!(
            "{indent}… {} more findings (all are in --format json)\n",
            findings.len() - MAX_PRINTED_FINDINGS
        ));
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
        printable(sig.field.as_deref().unwrap_or("(no field)")),
        format!("{:?}", sig.kind).to_lowercase(),
        printable(&who),
        verdict
    ));
    if let Some(issuer) = &sig.issuer {
        out.push_str(&format!(
            "    issuer: {} ({}, {}, matched by {})\n",
            printable(&issuer.name),
            printable(&issuer.uscc),
            printable(&issuer.category),
            format!("{:?}", issuer.matched_by).to_lowercase()
        ));
    }
    let when = sig
        .timestamp_time
        .map(|t| format!("timestamped {}", rfc3339(t)))
        .or(sig.signing_time.map(|t| format!("claims {}", rfc3339(t))))
        .unwrap_or_else(|| "no signing time".into());
    out.push_str(&format!(
        // The same number as the JSON `revision` and the messages (counted from 1).
        "    revision {}, {}, covers whole document: {}, changes after signing: {}\n",
        sig.revision,
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
            out.push_str(&format!(
                "    ✗ {}: {}\n",
                printable(check.id.as_str()),
                printable(&check.message)
            ));
        }
    }
    for change in sig.changes.iter().filter(|c| c.allowed_by.is_none()) {
        out.push_str(&format!(
            "    - not allowed: {}\n",
            printable(&change.description)
        ));
    }
    let shown = sig.findings.iter().take(MAX_PRINTED_FINDINGS);
    for f in shown {
        match &f.evidence {
            Some(e) => out.push_str(&format!(
                "    ! {}: {} ({})\n",
                printable(&f.code),
                printable(&f.message),
                printable(e)
            )),
            None => out.push_str(&format!(
                "    ! {}: {}\n",
                printable(&f.code),
                printable(&f.message)
            )),
        }
    }
    if sig.findings.len() > MAX_PRINTED_FINDINGS {
        out.push_str(&format!(
            "    … {} more findings (all are in --format json)\n",
            sig.findings.len() - MAX_PRINTED_FINDINGS
        ));
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealcheck::{Severity, Text};

    #[test]
    fn findings_past_the_cap_are_counted_not_printed() {
        let findings: Vec<Finding> = (0..MAX_PRINTED_FINDINGS + 5)
            .map(|i| {
                Finding::new(
                    "LIMIT_OBJECTS",
                    Severity::Warning,
                    Text::new(format!("finding {i}\u{1b}[2J"), "x"),
                )
                .evidence("obj\r1")
            })
            .collect();
        let mut out = String::new();
        render_findings(&findings, "  ", &mut out);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), MAX_PRINTED_FINDINGS + 1);
        assert_eq!(
            lines[0],
            "  [Warning] LIMIT_OBJECTS: finding 0\\u{1b}[2J (obj\\u{d}1)"
        );
        assert_eq!(
            lines[MAX_PRINTED_FINDINGS],
            "  … 5 more findings (all are in --format json)"
        );
        let mut exact = String::new();
        render_findings(&findings[..MAX_PRINTED_FINDINGS], "  ", &mut exact);
        assert!(!exact.contains("more findings"));
    }
}
