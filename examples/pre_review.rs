//! Builds an application in code, pre-reviews it and prints the correction notice.
//!
//! ```sh
//! cargo run --example pre_review
//! ```
//!
//! The application is for 基本养老保险关系转移接续 (insurance-transfer): the applicant mistyped
//! the last digit of the ID number, uploaded a contribution certificate that was changed after it
//! was signed, and forgot the application form and the ID card. The notice lists all four at once.

use std::path::Path;

use sealcheck::catalog::{builtin, ApplicantType};
use sealcheck::review::{Applicant, Application, Reviewer, Upload};
use sealcheck::{Policy, TrustStore, Verifier};
use time::macros::datetime;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut trust = TrustStore::new();
    trust.load_path(&root.join("pdf/pki/root.pem"))?;
    let catalog = builtin::catalog().map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let reviewer = Reviewer::new(Verifier::new(trust, Policy::default()), catalog);

    let application = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "insurance-transfer".into(),
        applicant: Applicant {
            kind: ApplicantType::Individual,
            name: "李四".into(),
            identifier: Some("321083197812162118".into()),
        },
        uploads: vec![Upload {
            material: Some("contribution_certificate".into()),
            file_name: "参保缴费凭证.pdf".into(),
            bytes: std::fs::read(root.join("pdf/tampered-byteflip-200k.pdf"))?,
        }],
    };
    // The validation time is an input; a portal would pass the time of submission.
    let review = reviewer.review(&application, datetime!(2026-11-26 00:00 UTC))?;

    println!("{}：{}", review.item_name, review.decision.as_str());
    println!("一次性告知（共{}项）：", review.notice.len());
    for (i, entry) in review.notice.iter().enumerate() {
        println!("{}. {}", i + 1, entry.zh);
    }
    println!("\nCorrection notice ({} items):", review.notice.len());
    for (i, entry) in review.notice.iter().enumerate() {
        println!("{}. {}", i + 1, entry.en);
    }
    Ok(())
}
