//! The built-in catalog: common social-insurance service items, written from how such items
//! are published in 办事指南 (材料名称, 是否必需/容缺, 材料形式, 来源, 填报须知).

use super::{load::merge, parse_catalog, Catalog, CatalogErrors};

/// The embedded catalog files, by name.
pub const FILES: &[(&str, &str)] = &[
    (
        "data/catalog/registration.toml",
        include_str!("../../data/catalog/registration.toml"),
    ),
    (
        "data/catalog/contributions.toml",
        include_str!("../../data/catalog/contributions.toml"),
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
pub fn catalog() -> Result<Catalog, CatalogErrors> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in FILES {
        match parse_catalog(file, text) {
            Ok(c) => parsed.push((file.to_string(), c)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(CatalogErrors(errors));
    }
    merge(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{
        ApplicantType, FieldType, MaterialForm, OnlineMode, Requirement, Risk, ServiceItem,
        SignerRule, ELIGIBILITY_CHECKS,
    };
    use crate::issuers::registry::KNOWN_CATEGORIES;

    fn builtin() -> Catalog {
        catalog().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    fn item<'c>(catalog: &'c Catalog, code: &str) -> &'c ServiceItem {
        catalog
            .item(code)
            .unwrap_or_else(|| panic!("{code} missing"))
    }

    #[test]
    fn builtin_catalog_is_valid_and_complete() {
        let catalog = builtin();
        assert!(catalog.items.len() >= 30, "{} items", catalog.items.len());
        for code in [
            // registration, changes, cancellation
            "unit-registration",
            "individual-registration",
            "employee-enrolment",
            "resident-pension-enrolment",
            "registration-change",
            "individual-info-change",
            "unit-registration-cancellation",
            "employee-termination",
            // contributions
            "contribution-base-declaration",
            "arrears-payment",
            "flexible-contribution-change",
            // transfers
            "insurance-transfer",
            "transfer-employee-to-resident",
            "transfer-resident-to-employee",
            "unemployment-transfer",
            // benefits
            "pension-claim",
            "illness-disability-allowance",
            "funeral-survivor-claim",
            "unemployment-claim",
            "unemployment-death-grant",
            "maternity-allowance",
            "maternity-medical-expenses",
            "work-injury-determination",
            "work-injury-medical-reimbursement",
            "work-capacity-appraisal",
            "work-injury-disability-benefit",
            "work-death-benefit",
            "dependant-survivor-pension",
            "personal-account-lump-sum",
            "personal-account-inheritance",
            "resident-pension-claim",
            // records
            "benefit-qualification-certification",
            "rights-record-printout",
            "unit-insurance-certificate",
        ] {
            let item = item(&catalog, code);
            assert!(
                item.no_materials
                    || item
                        .materials
                        .iter()
                        .any(|m| m.requirement == Requirement::Required),
                "{code}"
            );
        }
        for item in &catalog.items {
            assert!(!item.basis.is_empty(), "{}: basis", item.code);
            assert!(
                item.basis.iter().all(|b| b.starts_with('《')),
                "{}: a basis names its regulation first",
                item.code
            );
            let online = item
                .online
                .as_ref()
                .unwrap_or_else(|| panic!("{}: online", item.code));
            assert_eq!(
                online.visit.is_some(),
                online.mode != OnlineMode::Full,
                "{}",
                item.code
            );
            for m in &item.materials {
                assert!(m.issued_by.is_some(), "{}/{}: issued_by", item.code, m.code);
                // The English texts are English.
                for text in [&m.name_en, &m.guidance_en] {
                    assert!(
                        !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{}/{}: {text}",
                        item.code,
                        m.code
                    );
                }
            }
            assert!(item.name_en.is_ascii(), "{}", item.code);
        }
        assert_eq!(
            item(&catalog, "unit-registration").applicant_type,
            ApplicantType::Unit
        );
        assert_eq!(catalog.version, "2026.12");
    }

    #[test]
    fn corrections_of_issue_17() {
        let catalog = builtin();
        // 工伤认定: the unit within 30 days, the employee or close relatives within a year; an
        // administrative confirmation (行政确认) under art. 17.
        let injury = item(&catalog, "work-injury-determination");
        assert!(injury.accepts(ApplicantType::Unit) && injury.accepts(ApplicantType::Individual));
        assert!(injury.basis.iter().any(|b| b == "《工伤保险条例》第十七条"));
        assert!(injury.description.contains("行政确认"));
        let limits: Vec<(u32, Option<ApplicantType>)> = injury
            .deadlines
            .iter()
            .map(|d| (d.within_days, d.applicant_type))
            .collect();
        assert_eq!(
            limits,
            [
                (30, Some(ApplicantType::Unit)),
                (365, Some(ApplicantType::Individual))
            ]
        );
        assert_eq!(
            injury.person("injured_worker").map(|p| p.required),
            Some(true)
        );

        // 丧葬补助金和抚恤金: police certificates accepted, 户籍注销 an alternative, the deceased
        // a person, the claimant's account, the other survivors' authorisation when they exist.
        let funeral = item(&catalog, "funeral-survivor-claim");
        assert_eq!(funeral.risk, Risk::High);
        assert_eq!(funeral.person("deceased").map(|p| p.required), Some(true));
        let death = funeral.material("death_certificate").unwrap();
        assert!(death
            .signed_by
            .contains(&SignerRule::Category("public_security".into())));
        assert_eq!(death.group.as_deref(), Some("death_proof"));
        assert_eq!(death.concerns.as_deref(), Some("deceased"));
        assert_eq!(death.date_field.as_deref(), Some("date_of_death"));
        let cancellation = funeral.material("household_cancellation").unwrap();
        assert_eq!(cancellation.group.as_deref(), Some("death_proof"));
        let bank = funeral.material("bank_account").unwrap();
        assert!(bank.held_by_applicant && bank.requirement == Requirement::Required);
        let auth = funeral.material("survivors_authorisation").unwrap();
        assert_eq!(auth.required_when.as_deref(), Some("has_other_survivors"));
        assert_eq!(
            funeral.field("has_other_survivors").map(|f| f.kind),
            Some(FieldType::Boolean)
        );

        // 失业保险金: 60 days from the termination date field; the former employer signs.
        let unemployment = item(&catalog, "unemployment-claim");
        assert!(unemployment.risk >= Risk::Medium);
        assert_eq!(unemployment.deadlines.len(), 1);
        assert_eq!(unemployment.deadlines[0].field, "termination_date");
        assert_eq!(unemployment.deadlines[0].within_days, 60);
        let certificate = unemployment.material("termination_certificate").unwrap();
        assert_eq!(certificate.constraints.issued_within_days, None);
        assert_eq!(
            certificate.signed_by,
            [SignerRule::UsccField("former_employer_uscc".into())]
        );
        assert_eq!(certificate.issued_by.as_deref(), Some("employer"));
        assert_eq!(certificate.date_field.as_deref(), Some("termination_date"));

        // 养老待遇: retirement age, early-retirement materials, the applicant's signature, no
        // 容缺 for the personnel records.
        let pension = item(&catalog, "pension-claim");
        assert_eq!(pension.risk, Risk::High);
        assert_eq!(pension.eligibility, ["retirement_age"]);
        let early: Vec<&str> = pension
            .materials
            .iter()
            .filter(|m| m.group.as_deref() == Some("early_retirement"))
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(early.len(), 2, "{early:?}");
        let form = pension.material("application_form").unwrap();
        assert_eq!(form.signed_by, [SignerRule::Applicant]);
        assert!(!form.forms.contains(&MaterialForm::FilledForm));
        assert!(pension
            .materials
            .iter()
            .all(|m| m.requirement != Requirement::Deferrable));

        // 资格认证: never accepted on uploads alone.
        let certification = item(&catalog, "benefit-qualification-certification");
        assert!(!certification.auto_accept);
        assert!(certification.risk >= Risk::Medium);
        assert!(certification.description.contains("人脸识别"));

        // 个人权益记录打印: no materials.
        let printout = item(&catalog, "rights-record-printout");
        assert!(printout.no_materials && printout.materials.is_empty());

        // 转移接续: no age limit on the contribution certificate.
        let transfer = item(&catalog, "insurance-transfer");
        assert!(transfer
            .materials
            .iter()
            .all(|m| m.constraints.issued_within_days.is_none()));

        assert!(item(&catalog, "maternity-allowance").risk >= Risk::Medium);
    }

    /// The categories of the example issuer registry, beyond the known ones.
    fn registry_categories() -> Vec<String> {
        let text = include_str!("../../data/issuers.example.toml");
        let table: toml::Table = text.parse().unwrap();
        table
            .get("issuers")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|i| i.get("category").and_then(|c| c.as_str()))
            .map(str::to_string)
            .collect()
    }

    fn category_exists(category: &str, registry: &[String]) -> bool {
        KNOWN_CATEGORIES.contains(&category) || registry.iter().any(|c| c == category)
    }

    /// Whether an upload of `form` can satisfy `m`: a licence of a known type, a signature some
    /// signer rule can match, a scan with a resolution rule, a filled form.
    fn form_is_satisfiable(
        item: &ServiceItem,
        m: &crate::catalog::Material,
        form: MaterialForm,
        registry: &[String],
    ) -> bool {
        let some_rule_matchable = m.signed_by.is_empty()
            || m.signed_by.iter().any(|rule| match rule {
                SignerRule::Applicant | SignerRule::Uscc(_) => true,
                SignerRule::Category(c) => category_exists(c, registry),
                SignerRule::UsccField(f) => item.field(f).map(|f| f.kind) == Some(FieldType::Uscc),
            });
        match form {
            MaterialForm::ELicense => {
                m.license_type
                    .as_deref()
                    .and_then(crate::license::types::by_name)
                    .is_some()
                    && some_rule_matchable
            }
            MaterialForm::SignedPdf | MaterialForm::SealedOfd => some_rule_matchable,
            MaterialForm::ScannedImage => m.constraints.min_dpi.is_some(),
            MaterialForm::FilledForm => true,
        }
    }

    #[test]
    fn every_material_can_be_supplied_and_every_rule_can_be_checked() {
        let catalog = builtin();
        let registry = registry_categories();
        for item in &catalog.items {
            for m in &item.materials {
                let at = format!("{}/{}", item.code, m.code);
                assert!(
                    m.forms
                        .iter()
                        .any(|f| form_is_satisfiable(item, m, *f, &registry)),
                    "{at}: no form an upload can satisfy"
                );
                // Each form the catalog lists is one the review can judge.
                for f in &m.forms {
                    assert!(form_is_satisfiable(item, m, *f, &registry), "{at}: {f:?}");
                }
                for rule in &m.signed_by {
                    if let SignerRule::Category(c) = rule {
                        assert!(category_exists(c, &registry), "{at}: category {c}");
                    }
                }
                if let Some(issuer) = &m.issued_by {
                    assert!(
                        issuer == "applicant"
                            || issuer == "employer"
                            || category_exists(issuer, &registry),
                        "{at}: issued_by {issuer}"
                    );
                }
                if let Some(license) = &m.license_type {
                    assert!(
                        crate::license::types::by_name(license).is_some(),
                        "{at}: licence type {license}"
                    );
                }
                if let Some(role) = &m.concerns {
                    assert!(item.person(role).is_some(), "{at}: role {role}");
                }
                if let Some(field) = &m.date_field {
                    assert_eq!(
                        item.field(field).map(|f| f.kind),
                        Some(FieldType::Date),
                        "{at}"
                    );
                }
                if let Some(field) = &m.required_when {
                    assert_eq!(
                        item.field(field).map(|f| f.kind),
                        Some(FieldType::Boolean),
                        "{at}"
                    );
                }
                assert!(!m.keywords.is_empty(), "{at}: keywords");
            }
            for check in &item.eligibility {
                assert!(
                    ELIGIBILITY_CHECKS.contains(&check.as_str()),
                    "{}",
                    item.code
                );
                // The retirement age is read from a person's ID number.
                assert_eq!(
                    item.applicant_type,
                    ApplicantType::Individual,
                    "{}",
                    item.code
                );
            }
            if let Some(f) = item.field(crate::review::item_rules::RETIREMENT_TYPE_FIELD) {
                assert_eq!(f.kind, FieldType::Text, "{}", item.code);
            }
            // Early-retirement evidence only means something to the retirement-age check.
            if item.materials.iter().any(|m| {
                m.group.as_deref() == Some(crate::review::item_rules::EARLY_RETIREMENT_GROUP)
            }) {
                assert!(item.eligibility.iter().any(|e| e == "retirement_age"));
            }
            for d in &item.deadlines {
                if let Some(kind) = d.applicant_type {
                    assert!(item.accepts(kind), "{}: deadline for {kind:?}", item.code);
                }
            }
        }
    }
}
