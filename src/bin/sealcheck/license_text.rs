//! The issuer registry option, `--qr`, and the e-licence share of `verify`'s exit status.

use std::path::PathBuf;

use sealcheck::issuers::IssuerRegistry;
use sealcheck::license::document::{qr_check, LicenseStatus};
use sealcheck::report::{DocumentReport, VerifyReport};

use crate::{EXIT_NOINPUT, EXIT_USAGE};

/// Loads and merges `--issuers` files; `None` when none was given.
pub fn load_issuers(paths: &[PathBuf]) -> Result<Option<IssuerRegistry>, (u8, String)> {
    let mut merged: Option<IssuerRegistry> = None;
    for path in paths {
        if !path.is_file() {
            return Err((EXIT_NOINPUT, format!("cannot read {}", path.display())));
        }
        let registry = IssuerRegistry::load(path).map_err(|e| (EXIT_USAGE, e.to_string()))?;
        match &mut merged {
            None => merged = Some(registry),
            Some(all) => all
                .merge(registry)
                .map_err(|e| (EXIT_USAGE, e.to_string()))?,
        }
    }
    Ok(merged)
}

/// Compares `--qr` payloads with the identifier of every licence in the report.
pub fn apply_qr(report: &mut VerifyReport, payloads: &[String]) {
    for doc in &mut report.documents {
        if let Some(license) = &mut doc.license {
            for payload in payloads {
                let check = qr_check(license.fields.identifier.as_deref(), payload);
                license.checks.push(check);
            }
            license.conclude();
        }
    }
}

/// A licence's share of the exit status: 1 invalid, 2 indeterminate, 0 otherwise.
pub fn license_exit(doc: &DocumentReport) -> u8 {
    match doc.license.as_ref().map(|l| l.status) {
        Some(LicenseStatus::Invalid) => 1,
        Some(LicenseStatus::Indeterminate) => 2,
        _ => 0,
    }
}
