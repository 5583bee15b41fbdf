//! Revocation facts of a path: what each CRL and OCSP response offered says about every
//! certificate below the trust anchor, and whose signature it carries. What that means for the
//! signature (which sources count, freshness, revocation before or after the proven time) is
//! judged by [`crate::evaluate::revocation`].

use super::cert::CertInfo;
use super::crl::Crl;
use super::ocsp::OcspResponse;
use super::ChainRequest;
use crate::facts::revocation::{CertificateRevocation, CrlFact, RevocationFacts, SourceFact};
use crate::policy::Limits;
use crate::rfc3339::format as fmt;

/// `path` is leaf first, anchor last.
pub(crate) fn revocation_facts(
    path: &[&CertInfo<'_>],
    req: &ChainRequest<'_>,
    limits: &Limits,
) -> RevocationFacts {
    let max_items = limits.max_path_work.max(1);
    let mut unreadable_crls = 0;
    let crls: Vec<Crl<'_>> = req
        .crls
        .iter()
        .take(max_items)
        .filter_map(|der| {
            let parsed = Crl::parse(der);
            if parsed.is_none() {
                unreadable_crls += 1;
            }
            parsed
        })
        .collect();
    let mut unreadable_ocsp = Vec::new();
    let responses: Vec<OcspResponse<'_>> = req
        .ocsp_responses
        .iter()
        .take(max_items)
        .filter_map(|der| match OcspResponse::parse(der, max_items) {
            Ok(r) => Some(r),
            Err(why) => {
                unreadable_ocsp.push(why);
                None
            }
        })
        .collect();

    let certificates = path
        .iter()
        .zip(path.iter().skip(1))
        .enumerate()
        .map(|(position, (cert, issuer))| CertificateRevocation {
            label: cert.label(),
            is_leaf: position == 0,
            sources: sources_about(cert, issuer, &crls, &responses),
        })
        .collect();
    RevocationFacts {
        unreadable_crls,
        unreadable_ocsp,
        certificates,
        claimed_time: req.claimed_time,
        poe_time: req.poe_time,
        validation_time: req.validation_time,
    }
}

/// The CRLs named after `issuer`, then the OCSP responses about `cert`, in the order offered.
fn sources_about(
    cert: &CertInfo<'_>,
    issuer: &CertInfo<'_>,
    crls: &[Crl<'_>],
    responses: &[OcspResponse<'_>],
) -> Vec<SourceFact> {
    let mut sources: Vec<SourceFact> = crls
        .iter()
        .filter(|c| c.is_issued_by_name(issuer))
        .map(|crl| SourceFact::Crl(crl_fact(cert, issuer, crl)))
        .collect();
    sources.extend(
        responses
            .iter()
            .filter_map(|r| r.fact_about(cert, issuer))
            .map(SourceFact::Ocsp),
    );
    sources
}

/// What one CRL named after the issuer says about `cert`. Its signature is checked only when
/// the issuer may sign CRLs, and the CRL is searched for the certificate only when the
/// signature verifies.
fn crl_fact(cert: &CertInfo<'_>, issuer: &CertInfo<'_>, crl: &Crl<'_>) -> CrlFact {
    let issuer_may_sign_crls = issuer.key_usage.is_none_or(|usage| usage.crl_sign);
    let signature = issuer_may_sign_crls.then(|| crl.signature_fact(issuer));
    let is_ca = cert.basic_constraints.is_some_and(|(ca, _)| ca);
    let status = signature
        .as_ref()
        .filter(|s| s.verifies())
        .map(|_| crl.status_of(cert));
    CrlFact {
        source: format!("CRL of {} issued {}", crl.issuer, fmt(crl.this_update)),
        issuer_may_sign_crls,
        signature,
        this_update: crl.this_update,
        next_update: crl.next_update,
        covers_certificate: !crl.scope.unusable() && crl.scope.covers(is_ca),
        incomplete: crl.scope.incomplete(),
        status,
    }
}
