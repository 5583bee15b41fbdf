//! An upload judged as an electronic licence (电子证照): the licence the verifier read from
//! the parts its seal or signature protects, checked against what the material asks for
//! (licence type), whose it must be (the applicant, for materials they hold), and the QR
//! payload of its picture.

use crate::catalog::{ApplicantType, Material};
use crate::license::document::{expectation_checks, Expectation, LicenseCheck};
use crate::license::{id_number, normalize, uscc};
use crate::report::SignatureReport;
use crate::verdict::{CheckStatus, Text};

use super::problem::{is_doubt, Problem};
use super::{Applicant, UploadFacts, UploadOutcome};

/// Stable codes of licence problems (the check codes of `crate::license::document`).
const CODES: [&str; 20] = [
    "LICENSE_METADATA_NOT_COVERED",
    "LICENSE_METADATA_UNPROTECTED",
    "LICENSE_SIGNATURE_FAILED",
    "LICENSE_SIGNATURE_INDETERMINATE",
    "LICENSE_ID_MISSING",
    "LICENSE_ID_FORMAT",
    "LICENSE_ID_CHECK_CHARACTER",
    "LICENSE_TYPE_CODE_MISMATCH",
    "LICENSE_ISSUER_CODE_MISSING",
    "LICENSE_ISSUER_CODE_INVALID",
    "LICENSE_ISSUER_MISMATCH",
    "LICENSE_ISSUER_UNKNOWN",
    "LICENSE_NOT_YET_VALID",
    "LICENSE_EXPIRED",
    "LICENSE_VALIDITY_UNREADABLE",
    "LICENSE_HOLDER_MISMATCH",
    "LICENSE_HOLDER_MISSING",
    "LICENSE_TYPE_MISMATCH",
    "LICENSE_QR_MISMATCH",
    "LICENSE_QR_NO_IDENTIFIER",
];

fn static_code(code: &str) -> &'static str {
    CODES
        .iter()
        .find(|c| **c == code)
        .copied()
        .unwrap_or("LICENSE_INVALID")
}

/// What the applicant should do about a licence problem.
fn action(code: &str) -> Text {
    match code {
        "LICENSE_EXPIRED" | "LICENSE_NOT_YET_VALID" => Text::new(
            "upload a licence that is valid today",
            "请上传当前有效期内的电子证照",
        ),
        "LICENSE_HOLDER_MISMATCH" | "LICENSE_HOLDER_MISSING" => Text::new(
            "upload the licence of the person the application concerns",
            "请上传申请所涉人员本人的电子证照",
        ),
        "LICENSE_TYPE_MISMATCH" => Text::new(
            "upload the kind of licence this material asks for",
            "请上传本材料要求的证照类型",
        ),
        _ => Text::new(
            "download the licence again from the issuing platform and upload it unchanged",
            "请从电子证照平台重新下载证照后原样上传",
        ),
    }
}

fn problem(check: &LicenseCheck) -> Problem {
    let code = check.code.as_deref().unwrap_or("LICENSE_INVALID");
    Problem::new(
        static_code(code),
        Text::new(
            format!("(e-licence) {}", check.message.en),
            format!("（电子证照）{}", check.message.zh),
        ),
        action(code),
    )
}

/// The identifiers a licence of this material must be held under: the applicant's valid
/// identifier of its kind, for materials the applicant holds.
fn holders(material: &Material, applicant: &Applicant) -> Vec<String> {
    if !material.held_by_applicant {
        return Vec::new();
    }
    let Some(own) = applicant.identifier.as_deref().map(normalize) else {
        return Vec::new();
    };
    let valid = match applicant.kind {
        ApplicantType::Individual => id_number::check(&own).is_ok(),
        ApplicantType::Unit => uscc::check(&own).is_ok(),
    };
    if valid {
        vec![own]
    } else {
        Vec::new()
    }
}

/// Judges the upload as an e-licence, given the judgement of its signers.
pub fn judge<'a>(
    material: &Material,
    applicant: &Applicant,
    facts: &UploadFacts,
    signed: (UploadOutcome, Vec<Problem>, Option<&'a SignatureReport>),
) -> (UploadOutcome, Vec<Problem>, Option<&'a SignatureReport>) {
    let Some(license) = &facts.report.license else {
        return (
            UploadOutcome::Failed,
            vec![Problem::new(
                "NOT_A_LICENSE",
                Text::new(
                    "is not an electronic licence: it carries no licence metadata (证照标识, 持证主体 …)",
                    "不是电子证照：文件中没有证照元数据（证照标识、持证主体等）",
                ),
                Text::new(
                    "download the electronic licence from the issuing platform and upload it unchanged",
                    "请从电子证照平台下载电子证照后原样上传",
                ),
            )],
            None,
        );
    };
    let (_, mut problems, sig) = signed;
    let signer_unknown = problems.iter().any(|p| p.code == "ISSUER_UNKNOWN");
    let expected = expectation_checks(
        license,
        &Expectation {
            license_type: material.license_type.as_deref(),
            holders: holders(material, applicant),
            qr_payloads: facts.qr_payloads.clone(),
            date: None,
        },
    );
    for check in license.checks.iter().chain(expected.iter()) {
        if check.status == CheckStatus::Passed || check.status == CheckStatus::Skipped {
            continue;
        }
        // The registry gap is already said once, by the signer judgement.
        if signer_unknown && check.code.as_deref() == Some("LICENSE_ISSUER_UNKNOWN") {
            continue;
        }
        problems.push(problem(check));
    }
    // Metadata outside the seal's protection says nothing reliable: what follows from it
    // (holder, type) would only repeat the same defect in other words.
    if problems
        .iter()
        .any(|p| p.code == "LICENSE_METADATA_NOT_COVERED")
    {
        problems.retain(|p| p.code == "LICENSE_METADATA_NOT_COVERED");
    }
    let outcome = if problems.iter().any(|p| !is_doubt(p)) {
        problems.retain(|p| !is_doubt(p));
        UploadOutcome::Failed
    } else if problems.is_empty() {
        UploadOutcome::Verified
    } else {
        UploadOutcome::Indeterminate
    };
    (outcome, problems, sig)
}
