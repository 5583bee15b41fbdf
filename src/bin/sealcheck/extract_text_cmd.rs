//! `sealcheck extract-text` (hidden): the fallback text extractor's own process.
//!
//! The library never runs pdf-extract itself (it can overflow its stack or allocate without
//! bound on a few hundred hostile bytes); `review` configures this subcommand as its external
//! extractor. It limits its own address space and CPU time first, so whatever pdf-extract does
//! ends in this process being stopped by the kernel, then reads one PDF from standard input and
//! prints its text. Exit 0 with the text; 1 when pdf-extract reports an error; 3 when it
//! panics; 66 when the input is unreadable or over the size limit.

use std::io::Write;
use std::process::ExitCode;

use sealcheck::pdf_text::FALLBACK_MAX_BYTES;

/// Address space the extractor may use. pdf-extract needs tens of MB on real forms.
pub const MEMORY_LIMIT: u64 = 1 << 30;
/// CPU seconds it may use (the parent's wall-clock timeout is the other bound).
pub const CPU_SECONDS: u64 = 10;

#[derive(clap::Args)]
pub struct ExtractTextArgs {}

pub fn run(_args: ExtractTextArgs) -> ExitCode {
    if let Err(e) = limit_self() {
        // Running pdf-extract unbounded is what this process exists to prevent.
        eprintln!("sealcheck extract-text: cannot set resource limits: {e}");
        return ExitCode::from(crate::EXIT_NOINPUT);
    }
    let max = u64::try_from(FALLBACK_MAX_BYTES).unwrap_or(u64::MAX);
    let bytes = match sealcheck::path_input::read_bounded(std::io::stdin().lock(), max, 0) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("sealcheck extract-text: {}: {}", e.code, e.reason);
            return ExitCode::from(crate::EXIT_NOINPUT);
        }
    };
    // A panic is an answer here, not a bug report: keep stderr to one line.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes)) {
        Ok(Ok(text)) => {
            let mut stdout = std::io::stdout().lock();
            // The parent stops reading past its output limit; a closed pipe is not an error.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("pdf-extract: {e}");
            ExitCode::from(1)
        }
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            eprintln!("pdf-extract panicked: {msg}");
            ExitCode::from(sealcheck::pdf_text::external::EXIT_PANICKED as u8)
        }
    }
}

#[cfg(unix)]
fn limit_self() -> std::io::Result<()> {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let set = |resource, soft: u64, hard: u64| {
        setrlimit(
            resource,
            Rlimit {
                current: Some(soft),
                maximum: Some(hard),
            },
        )
        .map_err(std::io::Error::from)
    };
    set(Resource::As, MEMORY_LIMIT, MEMORY_LIMIT)?;
    // SIGXCPU at the soft limit, SIGKILL at the hard one.
    set(Resource::Cpu, CPU_SECONDS, CPU_SECONDS + 1)?;
    // A crash leaves no core dump of hostile input behind.
    set(Resource::Core, 0, 0)?;
    Ok(())
}

#[cfg(not(unix))]
fn limit_self() -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "resource limits need a Unix system",
    ))
}

/// The extractor `review` configures: this very binary's `extract-text`.
pub fn this_binary() -> Option<sealcheck::pdf_text::ExternalExtractor> {
    let exe = std::env::current_exe().ok()?;
    Some(sealcheck::pdf_text::ExternalExtractor::new(
        exe,
        &["extract-text"],
    ))
}
