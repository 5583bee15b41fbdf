//! Finding the certificate a SignerInfo names, and checking the ESS signingCertificate binding.

use std::ops::Range;

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;

use super::attributes::EssCertId;
use super::signed_data::SignerId;
use super::tst_info::hex;
use crate::pki::cache::{CertReading, VerificationCache};
use crate::pki::cert::SummaryParts;
use crate::pki::digest::{digest_parts, DigestAlgorithm};
use crate::report::CertSummary;

/// A candidate certificate that matched the signer identifier.
#[derive(Debug, Clone)]
pub struct FoundCert<'a> {
    /// The certificate, DER.
    pub der: &'a [u8],
    /// Its subjectPublicKeyInfo TLV.
    pub spki: &'a [u8],
    /// The certificate as the report shows it.
    pub summary: CertSummary,
    /// Its issuer Name TLV.
    pub issuer_raw: &'a [u8],
    /// Its serial number content octets.
    pub serial: &'a [u8],
}

/// Looks for the certificate `sid` names among `candidates` (CMS certificates first, then the
/// caller's). Certificates that do not parse are skipped.
pub fn find_signer_cert<'a>(sid: &SignerId<'_>, candidates: &[&'a [u8]]) -> Option<FoundCert<'a>> {
    find_signer_cert_cached(sid, candidates, None)
}

/// [`find_signer_cert`] reading each candidate through `cache` when there is one: a warm
/// verifier parses a signer certificate it has seen before no more (the parse and summary
/// were ~5 % of a warm 200 KB verification). Same result with or without the cache.
pub fn find_signer_cert_cached<'a>(
    sid: &SignerId<'_>,
    candidates: &[&'a [u8]],
    cache: Option<&VerificationCache>,
) -> Option<FoundCert<'a>> {
    candidates.iter().find_map(|der| {
        if let Some(reading) = cache.and_then(|c| c.cert_reading(der, || read_cert(der))) {
            return found_in_reading(sid, der, &reading);
        }
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

/// What [`find_signer_cert`] needs of `der`, as positions in it; `None` when x509-parser does
/// not read it (or a field does not lie within `der`, which x509-parser never does).
fn read_cert(der: &[u8]) -> Option<CertReading> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let at = |part: &[u8]| -> Option<Range<usize>> {
        let start = (part.as_ptr() as usize).checked_sub(der.as_ptr() as usize)?;
        let end = start.checked_add(part.len())?;
        (end <= der.len()).then_some(start..end)
    };
    let subject_key_id = match subject_key_id(&cert) {
        Some(ski) => Some(at(ski)?),
        None => None,
    };
    Some(CertReading {
        spki: at(cert.tbs_certificate.subject_pki.raw)?,
        issuer: at(cert.tbs_certificate.issuer.as_raw())?,
        serial: at(cert.tbs_certificate.raw_serial())?,
        subject_key_id,
        summary: found(der, &cert).summary,
    })
}

/// The uncached matching of [`find_signer_cert`], on a memoised reading of `der`.
fn found_in_reading<'a>(
    sid: &SignerId<'_>,
    der: &'a [u8],
    reading: &CertReading,
) -> Option<FoundCert<'a>> {
    let issuer_raw = der.get(reading.issuer.clone())?;
    let serial = der.get(reading.serial.clone())?;
    let matches = match sid {
        SignerId::IssuerSerial {
            issuer,
            serial: wanted,
        } => issuer_raw == *issuer && same_integer(serial, wanted),
        SignerId::SubjectKeyId(ski) => reading
            .subject_key_id
            .clone()
            .and_then(|r| der.get(r))
            .is_some_and(|k| k == *ski),
    };
    matches.then(|| FoundCert {
        der,
        spki: der.get(reading.spki.clone()).unwrap_or_default(),
        summary: reading.summary.clone(),
        issuer_raw,
        serial,
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
    crate::pki::cert::summary(
        SummaryParts {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: hex(cert.tbs_certificate.raw_serial()),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
        },
        cert.tbs_certificate.subject_pki.raw,
        cert.tbs_certificate.subject.as_raw(),
    )
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
    /// The attribute's hash algorithm (named here) is not one this crate computes.
    UnsupportedHash(String),
    /// The certificate hash does not match the signer certificate.
    Hash,
    /// The issuerSerial does not match the signer certificate's issuer and serial.
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
