//! Validity periods against the times we know (ETSI EN 319 102-1 §5.2.6 / §5.6.2.4 reasoning):
//! a certificate expired at validation time is still acceptable when a proof of existence
//! (a valid timestamp) shows the signature existed before it expired.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::cert::CertInfo;
use super::ChainRequest;
use crate::verdict::CheckId;
use crate::verdict::{Check, Finding, Severity, SubIndication, Text};

/// Checks every certificate of the path except the trust anchor (the leaf too when it is the
/// anchor itself). `path` is leaf first.
pub(crate) fn check_validity(
    path: &[&CertInfo<'_>],
    req: &ChainRequest<'_>,
) -> (Check, Vec<Finding>) {
    let checked: &[&CertInfo<'_>] = match path.len() {
        0 | 1 => path,
        n => path.get(..n - 1).unwrap_or_default(),
    };
    let mut findings = Vec::new();
    for (position, cert) in checked.iter().enumerate() {
        if let Err(check) = check_one(cert, position == 0, req, &mut findings) {
            return (check, findings);
        }
    }
    let at = fmt(req.validation_time);
    let check = Check::passed(
        CheckId::CertificateValidity,
        Text::new(
            format!(
                "The validity periods of the {} certificate(s) in the path fit the signing and validation times (validation at {at}).",
                checked.len()
            ),
            format!("证书路径中 {} 个证书的有效期符合签名时间和验证时间（验证时间 {at}）。", checked.len()),
        ),
    );
    (check, findings)
}

fn check_one(
    cert: &CertInfo<'_>,
    is_leaf: bool,
    req: &ChainRequest<'_>,
    findings: &mut Vec<Finding>,
) -> Result<(), Check> {
    let (role_en, role_zh) = certificate_role(is_leaf);
    let not_before = fmt(cert.not_before);
    let not_after = fmt(cert.not_after);

    // Used (claimed or proven) before it became valid.
    let early_use = [req.claimed_time, req.poe_time, Some(req.validation_time)]
        .into_iter()
        .flatten()
        .find(|t| *t < cert.not_before);
    if let Some(t) = early_use {
        let t = fmt(t);
        return Err(Check::failed(
            CheckId::CertificateValidity,
            SubIndication::NotYetValid,
            Text::new(
                format!("The {role_en} is not valid before {not_before}, but is used at {t}."),
                format!("{role_zh}在 {not_before} 之前无效，但使用时间为 {t}。"),
            ),
        )
        .evidence(cert.label()));
    }

    if req.validation_time <= cert.not_after {
        return Ok(());
    }
    // Expired at validation time.
    if let Some(poe) = req.poe_time.filter(|p| *p <= cert.not_after) {
        let poe = fmt(poe);
        findings.push(
            Finding::new(
                "CERTIFICATE_EXPIRED_AFTER_POE",
                Severity::Info,
                Text::new(
                    format!(
                        "The {role_en} expired on {not_after}; a timestamp proves the signature existed at {poe}, before that."
                    ),
                    format!("{role_zh}已于 {not_after} 过期；时间戳证明签名在此之前（{poe}）已存在。"),
                ),
            )
            .evidence(cert.label()),
        );
        return Ok(());
    }
    if let Some(claimed) = req.claimed_time.filter(|c| *c > cert.not_after) {
        let claimed = fmt(claimed);
        return Err(Check::failed(
            CheckId::CertificateValidity,
            SubIndication::Expired,
            Text::new(
                format!(
                    "The {role_en} expired on {not_after}, and the signature claims to have been made later, at {claimed}."
                ),
                format!("{role_zh}已于 {not_after} 过期，而签名声称的签署时间 {claimed} 在此之后。"),
            ),
        )
        .evidence(cert.label()));
    }
    Err(Check::indeterminate(
        CheckId::CertificateValidity,
        SubIndication::OutOfBoundsNoPoe,
        Text::new(
            format!(
                "The {role_en} expired on {not_after}, and no timestamp proves the signature existed before then."
            ),
            format!("{role_zh}已于 {not_after} 过期，且没有时间戳证明签名在此之前已存在。"),
        ),
    )
    .evidence(cert.label()))
}

pub(crate) fn fmt(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}
/// How messages name a certificate of the chain: English and Chinese.
pub(super) fn certificate_role(is_leaf: bool) -> (&'static str, &'static str) {
    if is_leaf {
        ("signer certificate", "签名者证书")
    } else {
        ("CA certificate", "CA 证书")
    }
}
