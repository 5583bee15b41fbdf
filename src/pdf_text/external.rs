//! The fallback text extractor, run as a separate process.
//!
//! pdf-extract reads some PDFs lopdf cannot, but it cannot be contained inside a process: a
//! Form XObject that draws itself overflows its stack (the process aborts; `catch_unwind`
//! never sees it), a small tree of forms makes it allocate gigabytes, and a thread that hangs
//! cannot be stopped. So the library never runs it. An embedder that wants the fallback names
//! a program ([`ExternalExtractor`]) that reads a PDF on standard input and prints its text;
//! the program is expected to bound its own memory and CPU time (the `sealcheck` binary's
//! hidden `extract-text` subcommand sets `RLIMIT_AS` and `RLIMIT_CPU` before reading), and the
//! library kills it when it runs past its time. The program exits 0 after printing the text,
//! [`EXIT_PANICKED`] when the extractor gave up on the input, and anything else on failure. Whatever the program does, the library's
//! process only sees an exit status and at most [`ExternalExtractor::max_output`] bytes.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A program that prints the text of the PDF it reads on standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalExtractor {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Wall-clock time after which the program is killed.
    pub timeout: Duration,
    /// Bytes of standard output kept; the rest is not read (the pipe is closed).
    pub max_output: usize,
}

/// Exit status by which an extractor says it panicked on the input (contained, not a crash).
pub const EXIT_PANICKED: i32 = 3;

/// Default wall-clock limit of the fallback extractor.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

impl ExternalExtractor {
    /// `program args…` with the default time and output limits.
    pub fn new(program: impl Into<PathBuf>, args: &[&str]) -> Self {
        ExternalExtractor {
            program: program.into(),
            args: args.iter().map(OsString::from).collect(),
            timeout: DEFAULT_TIMEOUT,
            max_output: super::MAX_TEXT_CHARS * 4,
        }
    }
}

/// What the extractor process did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It exited 0; its standard output (lossy UTF-8, at most `max_output` bytes).
    Text(String),
    /// It exited with [`EXIT_PANICKED`]: the extractor gave up on this input in a controlled way
    /// (pdf-extract panics by design on what it does not support); the first line of stderr.
    Panicked(String),
    /// It exited with another status; the first line of its standard error.
    Failed(String),
    /// It was ended by a signal: a crash, or one of its own resource limits.
    Crashed(String),
    /// It ran past the timeout and was killed.
    TimedOut,
    /// It could not be started.
    NotStarted(String),
}

/// Runs `extractor` on `pdf`.
pub fn run(extractor: &ExternalExtractor, pdf: &[u8]) -> Outcome {
    let mut child = match Command::new(&extractor.program)
        .args(&extractor.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return Outcome::NotStarted(format!("{}: {e}", extractor.program.display()));
        }
    };
    // Pipes are fed and drained on their own threads so that neither side can block the
    // other; the threads end when the child's ends close (at the latest when it is killed).
    let stdin = child.stdin.take();
    let input = pdf.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // A child that stops reading early closes the pipe: not an error here.
            let _ = stdin.write_all(&input);
        }
    });
    let max_output = extractor.max_output;
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = stdout {
            let _ = stdout
                .take(u64::try_from(max_output).unwrap_or(u64::MAX))
                .read_to_end(&mut out);
        }
        out
    });
    let stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut err = Vec::new();
        if let Some(stderr) = stderr {
            let _ = stderr.take(4096).read_to_end(&mut err);
        }
        err
    });

    let status = wait_or_kill(&mut child, extractor.timeout);
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    match status {
        Waited::Exited(status) => judge(status, &out, &err),
        Waited::TimedOut => Outcome::TimedOut,
        Waited::Lost(e) => Outcome::Failed(format!("cannot wait for the extractor: {e}")),
    }
}

enum Waited {
    Exited(ExitStatus),
    TimedOut,
    Lost(std::io::Error),
}

/// Waits for the child, polling; past `timeout` it is killed (and reaped).
fn wait_or_kill(child: &mut std::process::Child, timeout: Duration) -> Waited {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Waited::Exited(status),
            Ok(None) => {}
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Waited::Lost(e);
            }
        }
        let now = Instant::now();
        if now >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Waited::TimedOut;
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn judge(status: ExitStatus, out: &[u8], err: &[u8]) -> Outcome {
    let first_err_line = || {
        String::from_utf8_lossy(err)
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>()
    };
    if status.success() {
        return Outcome::Text(String::from_utf8_lossy(out).into_owned());
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Outcome::Crashed(format!(
                "ended by signal {signal} ({})",
                signal_name(signal)
            ));
        }
    }
    let detail = first_err_line();
    if status.code() == Some(EXIT_PANICKED) {
        return Outcome::Panicked(detail);
    }
    Outcome::Failed(match status.code() {
        Some(code) if detail.is_empty() => format!("exit status {code}"),
        Some(code) => format!("exit status {code}: {detail}"),
        None => detail,
    })
}

#[cfg(unix)]
fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => "abort: stack overflow or memory limit",
        9 => "killed",
        11 => "segmentation fault",
        24 => "CPU time limit",
        _ => "signal",
    }
}
