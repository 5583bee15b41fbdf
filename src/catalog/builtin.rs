//! The built-in catalog: common social-insurance service items, written from how such items
//! are published in 办事指南 (材料名称, 是否必需/容缺, 材料形式, 来源, 填报须知).

use super::{load::merge, parse_catalog, Catalog, CatalogError};

/// The embedded catalog files, by name.
pub const FILES: &[(&str, &str)] = &[
    (
        "data/catalog/registration.toml",
        include_str!("../../data/catalog/registration.toml"),
    ),
    (
        "data/catalog/pension.toml",
        include_str!("../../data/catalog/pension.toml"),
    ),
    (
        "data/catalog/transfer.toml",
        include_str!("../../data/catalog/transfer.toml"),
    ),
    (
        "data/catalog/unemployment.toml",
        include_str!("../../data/catalog/unemployment.toml"),
    ),
    (
        "data/catalog/work_injury.toml",
        include_str!("../../data/catalog/work_injury.toml"),
    ),
    (
        "data/catalog/maternity.toml",
        include_str!("../../data/catalog/maternity.toml"),
    ),
    (
        "data/catalog/records.toml",
        include_str!("../../data/catalog/records.toml"),
    ),
];

/// Loads the built-in catalog. It is validated by the tests, so an error here means the
/// embedded files were edited without running them; it is still returned, not panicked on.
pub fn catalog() -> Result<Catalog, Vec<CatalogError>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in FILES {
        match parse_catalog(file, text) {
            Ok(c) => parsed.push((file.to_string(), c)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    merge(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ApplicantType, Requirement, Risk};

    #[test]
    fn builtin_catalog_is_valid_and_complete() {
        let catalog = catalog().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(catalog.items.len() >= 12, "{} items", catalog.items.len());
        for code in [
            "unit-registration",
            "individual-registration",
            "registration-change",
            "pension-claim",
            "unemployment-claim",
            "work-injury-determination",
            "work-injury-medical-reimbursement",
            "maternity-allowance",
            "insurance-transfer",
            "funeral-survivor-claim",
            "benefit-qualification-certification",
            "rights-record-printout",
        ] {
            let item = catalog
                .item(code)
                .unwrap_or_else(|| panic!("{code} missing"));
            assert!(
                item.no_materials
                    || item
                        .materials
                        .iter()
                        .any(|m| m.requirement == Requirement::Required),
                "{code}"
            );
        }
        assert_eq!(
            catalog.item("unit-registration").unwrap().applicant_type,
            ApplicantType::Unit
        );
        assert_eq!(
            catalog.item("work-injury-determination").unwrap().risk,
            Risk::High
        );
        assert_eq!(catalog.version, "2026.12");
    }
}
