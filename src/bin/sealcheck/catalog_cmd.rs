//! `sealcheck catalog list | show CODE | check FILE.toml…`: the material checklists.

use std::path::PathBuf;
use std::process::ExitCode;

use sealcheck::catalog::{self, load::merge, Catalog, CatalogError, ServiceItem};
use serde::Serialize;

use crate::verify_cmd::Format;
use crate::{EXIT_NOINPUT, EXIT_USAGE};

#[derive(clap::Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(clap::Subcommand)]
pub enum CatalogCommand {
    /// List the service items of the catalog.
    List {
        #[command(flatten)]
        source: CatalogSource,
        #[arg(long = "format", value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show one service item with its materials.
    Show {
        /// Item code, e.g. unit-registration.
        code: String,
        #[command(flatten)]
        source: CatalogSource,
        #[arg(long = "format", value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate catalog files; prints every problem (exit 1 when any).
    Check {
        #[arg(required = true, value_name = "FILE.toml")]
        files: Vec<PathBuf>,
    },
}

/// Where the catalog comes from: the built-in one unless files are given.
#[derive(clap::Args, Clone)]
pub struct CatalogSource {
    /// Catalog file to use instead of the built-in catalog (repeatable).
    #[arg(long = "catalog", value_name = "FILE.toml")]
    pub catalog: Vec<PathBuf>,
}

impl CatalogSource {
    /// Loads the catalog; on failure prints why and returns the exit status.
    pub fn load(&self) -> Result<Catalog, u8> {
        if self.catalog.is_empty() {
            return catalog::builtin::catalog().map_err(|e| report_errors(&e, EXIT_USAGE));
        }
        let mut parsed = Vec::new();
        for path in &self.catalog {
            let text = std::fs::read_to_string(path).map_err(|e| {
                eprintln!("sealcheck: cannot read {}: {e}", path.display());
                EXIT_NOINPUT
            })?;
            let name = path.display().to_string();
            let c =
                catalog::parse_catalog(&name, &text).map_err(|e| report_errors(&e, EXIT_USAGE))?;
            parsed.push((name, c));
        }
        merge(parsed).map_err(|e| report_errors(&e, EXIT_USAGE))
    }
}

fn report_errors(errors: &[CatalogError], status: u8) -> u8 {
    for e in errors {
        eprintln!("sealcheck: {e}");
    }
    status
}

/// `catalog list` JSON (`sealcheck-catalog/1`).
#[derive(Serialize)]
struct ListJson<'a> {
    schema: &'static str,
    version: &'a str,
    items: Vec<ItemSummary<'a>>,
}

#[derive(Serialize)]
struct ItemSummary<'a> {
    code: &'a str,
    name: &'a str,
    applicant_type: &'static str,
    risk: &'static str,
    materials: Vec<MaterialSummary<'a>>,
}

#[derive(Serialize)]
struct MaterialSummary<'a> {
    code: &'a str,
    name: &'a str,
    requirement: &'static str,
}

fn summary(item: &ServiceItem) -> ItemSummary<'_> {
    ItemSummary {
        code: &item.code,
        name: &item.name,
        applicant_type: item.applicant_type.as_str(),
        risk: item.risk.as_str(),
        materials: item
            .materials
            .iter()
            .map(|m| MaterialSummary {
                code: &m.code,
                name: &m.name,
                requirement: m.requirement.as_str(),
            })
            .collect(),
    }
}

fn print_json<T: Serialize>(value: &T) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sealcheck: cannot serialise: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(args: CatalogArgs) -> ExitCode {
    match args.command {
        CatalogCommand::List { source, format } => {
            let catalog = match source.load() {
                Ok(c) => c,
                Err(code) => return ExitCode::from(code),
            };
            match format {
                Format::Json => print_json(&ListJson {
                    schema: catalog::SCHEMA,
                    version: &catalog.version,
                    items: catalog.items.iter().map(summary).collect(),
                }),
                Format::Text => {
                    println!(
                        "catalog {} ({} items)",
                        catalog.version,
                        catalog.items.len()
                    );
                    for item in &catalog.items {
                        println!(
                            "{:<38} {:<10} {:<6} {}",
                            item.code,
                            item.applicant_type.as_str(),
                            item.risk.as_str(),
                            item.name
                        );
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        CatalogCommand::Show {
            code,
            source,
            format,
        } => {
            let catalog = match source.load() {
                Ok(c) => c,
                Err(status) => return ExitCode::from(status),
            };
            let Some(item) = catalog.item(&code) else {
                eprintln!("sealcheck: unknown service item {code:?}; see `sealcheck catalog list`");
                return ExitCode::from(EXIT_USAGE);
            };
            match format {
                Format::Json => print_json(item),
                Format::Text => {
                    print!("{}", render_item(item));
                    ExitCode::SUCCESS
                }
            }
        }
        CatalogCommand::Check { files } => {
            let mut failed = false;
            for path in &files {
                let text = match std::fs::read_to_string(path) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("sealcheck: cannot read {}: {e}", path.display());
                        return ExitCode::from(EXIT_NOINPUT);
                    }
                };
                match catalog::parse_catalog(&path.display().to_string(), &text) {
                    Ok(c) => println!(
                        "{}: ok (version {}, {} items, {} materials)",
                        path.display(),
                        c.version,
                        c.items.len(),
                        c.items.iter().map(|i| i.materials.len()).sum::<usize>()
                    ),
                    Err(errors) => {
                        failed = true;
                        for e in errors {
                            println!("{e}");
                        }
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// One item for people: its materials, forms, constraints and guidance.
pub fn render_item(item: &ServiceItem) -> String {
    let mut out = format!(
        "{} {} ({})\n  applicant: {}, risk: {}\n",
        item.code,
        item.name,
        item.name_en,
        item.applicant_type.as_str(),
        item.risk.as_str()
    );
    if !item.description.is_empty() {
        out.push_str(&format!("  {}\n", item.description));
    }
    for m in &item.materials {
        let forms: Vec<&str> = m.forms.iter().map(|f| f.as_str()).collect();
        out.push_str(&format!(
            "\n  {} {} [{}]\n    forms: {}\n",
            m.code,
            m.name,
            m.requirement.as_str(),
            forms.join(", ")
        ));
        if let Some(days) = m.deferral_days {
            out.push_str(&format!("    supply within {days} days (容缺)\n"));
        }
        if !m.signed_by.is_empty() {
            let who: Vec<String> = m
                .signed_by
                .iter()
                .map(|r| match r {
                    catalog::SignerRule::Applicant => "applicant".to_string(),
                    catalog::SignerRule::Category(c) => format!("category {c}"),
                    catalog::SignerRule::Uscc(u) => format!("uscc {u}"),
                    catalog::SignerRule::UsccField(f) => format!("uscc of form field {f}"),
                })
                .collect();
            out.push_str(&format!("    signed by: {}\n", who.join(" | ")));
        }
        out.push_str(&format!("    须知: {}\n", m.guidance));
    }
    out
}
