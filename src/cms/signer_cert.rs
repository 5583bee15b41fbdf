//! Finding the certificate a SignerInfo names, and checking the ESS signingCertificate binding.

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;

use super::attributes::EssCertId;
use super::signed_data::SignerId;
use super::tst_info::hex;
use crate::pki::digest::{digest_parts, DigestAlgorithm};
use crate::report::CertSummary;

/// A candidate certificate that matched the signer identifier.
#[derive(Debug, Clone)]
pub struct FoundCert<'a> {
    pub der: &'a [u8],
    pub spki: &'a [u8],
    pub summary: CertSummary,
    pub issuer_raw: &'a [u8],
    pub serial: &'a [u8],
}

/// Looks for the certificate `sid` names among `candidates` (CMS certificates first, then the
/// caller's). Certificates that do not parse are skipped.
pub fn find_signer_cert<'a>(sid: &SignerId<'_>, candidates: &[&'a [u8]]) -> Option<FoundCert<'a>> {
    candidates.iter().find_map(|der| {
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        let matches = match sid {
            SignerId::IssuerSerial { issuer, serial } => {
                cert.tbs_certificate.issuer.as_raw() == *issuer
                    && same_integer(cert.tbs_certificate.raw_serial(), serial)
            }
            SignerId::SubjectKeyId(ski) => subject_key_id(&cert).is_some_and(|k| k == *ski),
        };
        matches.then(|| found(der, &cert))
    })
}

fn found<'a>(der: &'a [u8], cert: &X509Certificate<'a>) -> FoundCert<'a> {
    FoundCert {
        der,
        spki: cert.tbs_certificate.subject_pki.raw,
        summary: crate::pki::cert::CertInfo::from_parsed(der, cert)
            .map(|c| c.summary())
            .unwrap_or_else(|| summarize(cert)),
        issuer_raw: cert.tbs_certificate.issuer.as_raw(),
        serial: cert.tbs_certificate.raw_serial(),
    }
}

/// A short description from x509-parser, used only if `pki::cert_summary` cannot read a
/// certificate that x509-parser did read.
fn summarize(cert: &X509Certificate<'_>) -> CertSummary {
    let mut summary = CertSummary {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: hex(cert.tbs_certificate.raw_serial()),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        spki_sha256: None,
        uscc: None,
        resident_id: None,
    };
    crate::issuers::identity::identify(
        &mut summary,
        cert.tbs_certificate.subject_pki.raw,
        cert.tbs_certificate.subject.as_raw(),
    );
    summary
}

fn subject_key_id<'a>(cert: &X509Certificate<'a>) -> Option<&'a [u8]> {
    cert.extensions()
        .iter()
        .find_map(|ext| match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0),
            _ => None,
        })
}

/// INTEGER contents compared as numbers (tolerating a redundant leading zero octet).
fn same_integer(a: &[u8], b: &[u8]) -> bool {
    strip_zeros(a) == strip_zeros(b)
}

fn strip_zeros(mut v: &[u8]) -> &[u8] {
    while v.len() > 1 && v.first() == Some(&0) {
        v = v.get(1..).unwrap_or_default();
    }
    v
}

/// Why an ESS signingCertificate attribute does not name the signer certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EssMismatch {
    UnsupportedHash(String),
    Hash,
    IssuerSerial,
}

/// Does `ess` name `cert`? SHA-1 in ESS v1 is accepted whatever the policy: it identifies a
/// certificate the signature already binds, it does not protect content.
pub fn check_ess(ess: &EssCertId<'_>, cert: &FoundCert<'_>) -> Result<(), EssMismatch> {
    let kind = DigestAlgorithm::from_oid(&ess.hash_oid)
        .ok_or_else(|| EssMismatch::UnsupportedHash(super::oid::name(&ess.hash_oid)))?;
    if digest_parts(kind, &[cert.der]) != ess.hash {
        return Err(EssMismatch::Hash);
    }
    if let Some(serial) = ess.serial {
        let issuer_ok = ess.issuer_names.contains(&cert.issuer_raw);
        if !issuer_ok || !same_integer(serial, cert.serial) {
            return Err(EssMismatch::IssuerSerial);
        }
    }
    Ok(())
}
