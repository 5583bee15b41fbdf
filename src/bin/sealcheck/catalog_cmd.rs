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
    /// All applicant types that may apply, primary first (additive to the DESIGN.md shape).
    applicant_types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    online: Option<&'static str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    basis: &'a [String],
    auto_accept: bool,
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
        applicant_types: applicant_types(item),
        online: item.online.as_ref().map(|o| o.mode.as_str()),
        basis: &item.basis,
        auto_accept: item.auto_accept,
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

fn applicant_types(item: &ServiceItem) -> Vec<&'static str> {
    std::iter::once(item.applicant_type)
        .chain(item.other_applicant_types.iter().copied())
        .map(|t| t.as_str())
        .collect()
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
                            "{:<36} {:<16} {:<6} {:<7} {}",
                            item.code,
                            applicant_types(item).join("+"),
                            item.risk.as_str(),
                            item.online.as_ref().map_or("-", |o| o.mode.as_str()),
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

/// One item for people: basis, online depth, persons, fields, deadlines, then its materials
/// with forms, constraints and guidance.
pub fn render_item(item: &ServiceItem) -> String {
    let mut out = format!(
        "{} {} ({})\n  applicant: {}, risk: {}\n",
        item.code,
        item.name,
        item.name_en,
        applicant_types(item).join(" or "),
        item.risk.as_str()
    );
    if !item.description.is_empty() {
        out.push_str(&format!("  {}\n", item.description));
    }
    for basis in &item.basis {
        out.push_str(&format!("  basis: {basis}\n"));
    }
    if let Some(online) = &item.online {
        out.push_str(&format!("  online: {}", online.mode.as_str()));
        if let Some(visit) = &online.visit {
            out.push_str(&format!(" (visit: {visit})"));
        }
        out.push('\n');
    }
    if !item.auto_accept {
        out.push_str("  auto_accept: false (never accepted on uploads alone)\n");
    }
    if !item.eligibility.is_empty() {
        out.push_str(&format!("  eligibility: {}\n", item.eligibility.join(", ")));
    }
    for p in &item.persons {
        out.push_str(&format!(
            "  person {}: {} ({}){}\n",
            p.role,
            p.name,
            p.name_en,
            if p.required { ", required" } else { "" }
        ));
    }
    for f in &item.fields {
        out.push_str(&format!(
            "  field {} [{}{}]: {}\n",
            f.name,
            f.kind.as_str(),
            if f.required { ", required" } else { "" },
            f.label
        ));
    }
    for d in &item.deadlines {
        out.push_str(&format!(
            "  deadline: within {} days of {}{}\n",
            d.within_days,
            d.field,
            d.applicant_type
                .map(|t| format!(" (applicant {})", t.as_str()))
                .unwrap_or_default()
        ));
    }
    if item.no_materials {
        out.push_str("\n  no materials: the applicant's identity is all it takes\n");
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
        if let Some(license) = &m.license_type {
            out.push_str(&format!("    licence type: {license}\n"));
        }
        if let Some(issuer) = &m.issued_by {
            out.push_str(&format!("    issued by: {issuer}\n"));
        }
        if let Some(group) = &m.group {
            out.push_str(&format!("    alternatives: group {group}\n"));
        }
        if let Some(field) = &m.required_when {
            out.push_str(&format!("    required when: {field}\n"));
        }
        if let Some(role) = &m.concerns {
            out.push_str(&format!("    concerns: {role}\n"));
        }
        if m.held_by_applicant {
            out.push_str("    held by the applicant\n");
        }
        if let Some(field) = &m.date_field {
            out.push_str(&format!("    states the date of: {field}\n"));
        }
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
        let c = &m.constraints;
        let mut limits = Vec::new();
        if let Some(d) = c.issued_within_days {
            limits.push(format!("issued within {d} days"));
        }
        if c.still_valid {
            limits.push("still valid".to_string());
        }
        if let Some(p) = c.max_pages {
            limits.push(format!("at most {p} pages"));
        }
        if let Some(dpi) = c.min_dpi {
            limits.push(format!("scans at least {dpi} dpi"));
        }
        if !limits.is_empty() {
            out.push_str(&format!("    constraints: {}\n", limits.join(", ")));
        }
        out.push_str(&format!("    须知: {}\n", m.guidance));
    }
    out
}
