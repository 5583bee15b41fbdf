#![no_main]
//! The catalog's item-level rules (form fields, persons, deadlines, retirement age) on an
//! untrusted application, for every item of the built-in catalog it names.

use std::sync::OnceLock;

use sealcheck::catalog::{builtin, Catalog};
use sealcheck::review::application::ApplicationJson;
use sealcheck::review::{decide, item_rules};

static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(catalog) = CATALOG.get_or_init(|| builtin::catalog().ok()) else {
        return;
    };
    let Ok(json) = ApplicationJson::parse(data) else {
        return;
    };
    let Some(item) = catalog.item(&json.item) else {
        return;
    };
    let Ok(app) = json.into_application(item.applicant_type, Vec::new()) else {
        return;
    };
    let at = time::macros::datetime!(2026-11-26 00:00 UTC);
    let checklist = item_rules::effective_item(item, &app.fields);
    let mut review = decide(&checklist, &app.applicant, Vec::new(), at);
    item_rules::apply(item, &app, &mut review, at);
});
