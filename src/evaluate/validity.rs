//! The time rules of the certification path (ETSI EN 319 102-1 §5.2.6 / §5.6.2.4 reasoning):
//! a certificate expired at validation time is still acceptable when a proof of existence
//! (a valid timestamp) shows the signature existed before it expired.

use super::Facts;
use crate::facts::validity::{ClaimedTimeFact, IntervalFact, ValidityFacts};
use crate::policy::Policy;
use crate::rfc3339::format as fmt;
use crate::verdict::{Check, CheckId, Finding, Severity, SubIndication, Text};

/// Checks every certificate of the path except the trust anchor (the leaf too when it is the
/// anchor itself).
impl Facts for ValidityFacts {
    /// The `certificate_validity` check and its findings.
    type Judgement = (Check, Vec<Finding>);

    fn judge(&self, _policy: &Policy) -> Self::Judgement {
        let path = &self.path;
        let checked: &[IntervalFact] = match path.len() {
            0 | 1 => path,
            n => path.get(..n - 1).unwrap_or_default(),
        };
        let mut findings = Vec::new();
        for (position, cert) in checked.iter().enumerate() {
            if let Err(check) = check_one(cert, position == 0, self, &mut findings) {
                return (check, findings);
            }
        }
        let at = fmt(self.validation_time);
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
}

fn check_one(
    cert: &IntervalFact,
    is_leaf: bool,
    times: &ValidityFacts,
    findings: &mut Vec<Finding>,
) -> Result<(), Check> {
    let (role_en, role_zh) = certificate_role(is_leaf);
    let not_before = fmt(cert.not_before);
    let not_after = fmt(cert.not_after);

    // Used (claimed or proven) before it became valid.
    let early_use = [
        times.claimed_time,
        times.poe_time,
        Some(times.validation_time),
    ]
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
        .evidence(cert.label.clone()));
    }

    if times.validation_time <= cert.not_after {
        return Ok(());
    }
    // Expired at validation time.
    if let Some(poe) = times.poe_time.filter(|p| *p <= cert.not_after) {
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
            .evidence(cert.label.clone()),
        );
        return Ok(());
    }
    if let Some(claimed) = times.claimed_time.filter(|c| *c > cert.not_after) {
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
        .evidence(cert.label.clone()));
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
    .evidence(cert.label.clone()))
}

/// How messages name a certificate of the chain: English and Chinese.
pub(crate) fn certificate_role(is_leaf: bool) -> (&'static str, &'static str) {
    if is_leaf {
        ("signer certificate", "签名者证书")
    } else {
        ("CA certificate", "CA 证书")
    }
}

/// The time rule for a signature only its signer dates: claiming a signing time before the
/// signer certificate became valid, with no timestamp proving otherwise, is TOTAL_FAILED
/// NOT_YET_VALID (ETSI EN 319 102-1 §5.2.8 rejects a signature made before its certificate).
impl Facts for ClaimedTimeFact {
    /// The `signing_time` check when the rule fails; `None` when it holds or does not apply.
    type Judgement = Option<Check>;

    fn judge(&self, _policy: &Policy) -> Self::Judgement {
        if self.timestamp_proven
            || self.claimed >= self.signer_not_before
            || self.already_not_yet_valid
        {
            return None;
        }
        let (claimed, not_before) = (fmt(self.claimed), fmt(self.signer_not_before));
        Some(
            Check::failed(
                CheckId::SigningTime,
                SubIndication::NotYetValid,
                Text::new(
                    format!("the signature claims to have been made at {claimed}, before its signer certificate became valid ({not_before}), and no timestamp proves otherwise"),
                    format!("签名声称的签署时间{claimed}早于签名者证书生效时间{not_before}，且无时间戳证明"),
                ),
            )
            .evidence(format!("claimed {claimed}, notBefore {not_before}")),
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use time::OffsetDateTime;

    use super::*;
    use crate::evaluate::evaluate;
    use crate::verdict::CheckStatus;

    fn interval(name: &str, not_after: OffsetDateTime) -> IntervalFact {
        IntervalFact {
            label: format!("CN={name}"),
            not_before: datetime!(2020-01-01 00:00 UTC),
            not_after,
        }
    }

    /// A signer certificate that expired in 2024, under a CA and an anchor valid until 2040.
    fn expired_signer(poe: Option<OffsetDateTime>) -> ValidityFacts {
        ValidityFacts {
            path: vec![
                interval("Signer", datetime!(2024-01-01 00:00 UTC)),
                interval("CA", datetime!(2040-01-01 00:00 UTC)),
                // The anchor is not checked: expired anchors are the trust store's business.
                interval("Root", datetime!(2021-01-01 00:00 UTC)),
            ],
            claimed_time: Some(datetime!(2023-06-01 00:00 UTC)),
            poe_time: poe,
            validation_time: datetime!(2026-11-26 00:00 UTC),
        }
    }

    #[test]
    fn expiry_is_judged_against_the_proof_of_existence() {
        let lenient = Policy {
            allow_sha1: true,
            require_revocation: false,
            ..Policy::default()
        };
        for policy in [Policy::default(), lenient] {
            let (check, findings) = evaluate(&expired_signer(None), &policy);
            assert_eq!(check.sub_indication, Some(SubIndication::OutOfBoundsNoPoe));
            assert!(findings.is_empty());
            let proven = expired_signer(Some(datetime!(2023-06-01 00:05 UTC)));
            let (check, findings) = evaluate(&proven, &policy);
            assert_eq!(check.status, CheckStatus::Passed);
            assert!(check.message.contains("2 certificate(s)"));
            assert_eq!(findings.len(), 1);
            assert_eq!(findings[0].code, "CERTIFICATE_EXPIRED_AFTER_POE");
        }
    }

    #[test]
    fn claimed_after_expiry_fails_and_early_use_is_not_yet_valid() {
        let mut facts = expired_signer(None);
        facts.claimed_time = Some(datetime!(2025-01-01 00:00 UTC));
        let (check, _) = evaluate(&facts, &Policy::default());
        assert_eq!(check.sub_indication, Some(SubIndication::Expired));
        facts.claimed_time = Some(datetime!(2019-01-01 00:00 UTC));
        let (check, _) = evaluate(&facts, &Policy::default());
        assert_eq!(check.sub_indication, Some(SubIndication::NotYetValid));
        assert!(check.message.contains("signer certificate"));
    }

    #[test]
    fn a_claim_before_the_certificate_fails_only_without_a_timestamp() {
        let fact = ClaimedTimeFact {
            claimed: datetime!(2019-06-01 00:00 UTC),
            signer_not_before: datetime!(2020-01-01 00:00 UTC),
            timestamp_proven: false,
            already_not_yet_valid: false,
        };
        let check = evaluate(&fact, &Policy::default()).unwrap();
        assert_eq!(check.sub_indication, Some(SubIndication::NotYetValid));
        assert_eq!(check.status, CheckStatus::Failed);
        let proven = ClaimedTimeFact {
            timestamp_proven: true,
            ..fact
        };
        assert_eq!(evaluate(&proven, &Policy::default()), None);
        let said = ClaimedTimeFact {
            already_not_yet_valid: true,
            ..fact
        };
        assert_eq!(evaluate(&said, &Policy::default()), None);
        let later = ClaimedTimeFact {
            claimed: datetime!(2021-01-01 00:00 UTC),
            ..fact
        };
        assert_eq!(evaluate(&later, &Policy::default()), None);
    }
}
