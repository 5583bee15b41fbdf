//! The issuer registry option and the e-licence part of `verify`'s output.

use std::path::PathBuf;

use sealcheck::issuers::IssuerRegistry;
use sealcheck::license::document::{qr_check, LicenseStatus};
use sealcheck::printable::printable;
use sealcheck::report::{DocumentReport, VerifyReport};
use sealcheck::CheckStatus;

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

/// The licence block of a document: holder, type, issuer, validity, then what failed.
pub fn render(doc: &DocumentReport, out: &mut String) {
    let Some(license) = &doc.license else {
        return;
    };
    let f = &license.fields;
    let or_dash = |v: &Option<String>| printable(v.as_deref().unwrap_or("-")).into_owned();
    out.push_str(&format!(
        "  e-licence: {} ({})\n",
        license.status.as_str(),
        license
            .covered_by
            .as_deref()
            .map(|c| format!("metadata protected by {c}"))
            .unwrap_or_else(|| "metadata not protected by any signature".into())
    ));
    out.push_str(&format!(
        "    type: {} [{}]  identifier: {}\n",
        license
            .license_type
            .as_deref()
            .or(f.name.as_deref())
            .map_or_else(|| "-".into(), |t| printable(t).into_owned()),
        or_dash(&f.type_code),
        or_dash(&f.identifier)
    ));
    out.push_str(&format!(
        "    holder: {} ({} {})\n",
        or_dash(&f.holder),
        or_dash(&f.holder_code_type),
        or_dash(&f.holder_code)
    ));
    let registry = license
        .issuer_registry
        .as_ref()
        .map(|m| {
            format!(
                "; registry: {} {} ({})",
                printable(&m.name),
                printable(&m.uscc),
                printable(&m.category)
            )
        })
        .unwrap_or_else(|| "; registry: no entry".into());
    out.push_str(&format!(
        "    issuer: {} ({}){registry}\n",
        or_dash(&f.issuer),
        or_dash(&f.issuer_code)
    ));
    out.push_str(&format!(
        "    issued {}, valid {} to {}\n",
        or_dash(&f.issue_date),
        or_dash(&f.valid_from),
        or_dash(&f.valid_until)
    ));
    for check in &license.checks {
        if matches!(
            check.status,
            CheckStatus::Failed | CheckStatus::Indeterminate
        ) {
            out.push_str(&format!(
                "    ✗ {} {}: {}\n",
                check.id,
                check.code.as_deref().unwrap_or(""),
                check.message.en
            ));
        }
    }
    for u in &license.uncovered {
        out.push_str(&format!(
            "    ! not protected, ignored: {} = {} ({})\n",
            printable(&u.field),
            printable(&u.value),
            printable(&u.part)
        ));
    }
}
