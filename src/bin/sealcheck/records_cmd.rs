//! `sealcheck records check FILE.csv|FILE.xlsx [--mapping FILE.toml] [--format text|json|csv]`:
//! audits an insured-person / employer export before its people and units go online.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sealcheck::records::{self, output, RecordsOptions};
use time::{Date, OffsetDateTime};

use crate::{EXIT_NOINPUT, EXIT_USAGE};

#[derive(clap::Args)]
pub struct RecordsArgs {
    #[command(subcommand)]
    pub command: RecordsCommand,
}

#[derive(clap::Subcommand)]
pub enum RecordsCommand {
    /// Check an export for dirty data; exit 0 clean, 1 defects, 2 check incomplete.
    Check(CheckArgs),
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The export: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or XLSX (first sheet).
    #[arg(value_name = "FILE.csv|FILE.xlsx")]
    pub file: PathBuf,
    /// Column mapping (`sealcheck-records-mapping/1`) for exports without the usual headers.
    #[arg(long = "mapping", value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
    #[arg(long = "format", value_enum, default_value_t = RecordsFormat::Text)]
    pub format: RecordsFormat,
    /// "Today" as YYYY-MM-DD (birth dates after it are errors); default: the clock, UTC.
    #[arg(long = "today", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordsFormat {
    Text,
    Json,
    Csv,
}

/// Files smaller than this finish before a progress bar would help.
const PROGRESS_FROM_BYTES: u64 = 32 << 20;

/// Defects listed in the text output (the summary counts all).
const TEXT_LINES: usize = 1_000;

pub fn run(args: RecordsArgs) -> ExitCode {
    match args.command {
        RecordsCommand::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let today = match &args.today {
        Some(s) => match Date::parse(
            s,
            &time::macros::format_description!("[year]-[month]-[day]"),
        ) {
            Ok(d) => d,
            Err(_) => {
                eprintln!("sealcheck: invalid --today {s:?}: expected YYYY-MM-DD");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => OffsetDateTime::now_utc().date(),
    };
    let mut options = RecordsOptions::new(today);
    if let Some(path) = &args.mapping {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("sealcheck: cannot read {}: {e}", path.display());
                return ExitCode::from(EXIT_NOINPUT);
            }
        };
        match records::parse_mapping(&text) {
            Ok(m) => options.mapping = Some(m),
            Err(e) => {
                eprintln!("sealcheck: {}: {e}", path.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let mut bar = ProgressBar::new(size);
    let report = match records::check_path(&args.file, &options, &mut |done| bar.update(done)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sealcheck: cannot read {}: {e}", args.file.display());
            return ExitCode::from(EXIT_NOINPUT);
        }
    };
    bar.finish();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        RecordsFormat::Json => output::write_json(&report, &mut out),
        RecordsFormat::Csv => output::write_csv(&report, &mut out),
        RecordsFormat::Text => output::write_text(&report, &mut out, TEXT_LINES),
    };
    if written.and_then(|()| out.flush()).is_err() {
        // stdout closed (e.g. piped into `head`): the status still tells the result.
    }
    ExitCode::from(records::exit_status(&report))
}

/// A one-line progress bar on stderr, only for large files and only when stderr is a terminal.
struct ProgressBar {
    total: u64,
    enabled: bool,
    last: Option<Instant>,
}

impl ProgressBar {
    fn new(total: u64) -> Self {
        ProgressBar {
            total,
            enabled: total >= PROGRESS_FROM_BYTES && std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn update(&mut self, done: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let percent = (done.min(self.total) * 100)
            .checked_div(self.total)
            .unwrap_or(100);
        let filled = (percent / 5) as usize;
        eprint!(
            "\r  [{}{}] {percent:>3}%  {} / {} MiB",
            "#".repeat(filled),
            "-".repeat(20 - filled.min(20)),
            done >> 20,
            self.total >> 20
        );
    }

    fn finish(&mut self) {
        if self.enabled && self.last.is_some() {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}
