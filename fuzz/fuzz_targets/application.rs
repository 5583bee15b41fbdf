#![no_main]
//! The application JSON (`sealcheck-application/1`) the service and the portal send.

use sealcheck::catalog::ApplicantType;
use sealcheck::review::application::ApplicationJson;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(app) = ApplicationJson::parse(data) {
        let _ = app.into_application(ApplicantType::Individual, Vec::new());
    }
});
