//! The outer structure of a certificate: the exact bytes a signature covers and the fields a
//! path builder needs to call [`super::verify_signature`]. Names and extensions are read with
//! x509-parser elsewhere; this keeps the signed bytes exactly as they were received.

use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;

use crate::asn1::der::{self, tag, DerError};
use crate::report::CertSummary;

/// Raw pieces of `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }`.
#[derive(Debug, Clone, Copy)]
pub struct CertificateParts<'a> {
    /// The whole tbsCertificate TLV (what the issuer signed).
    pub tbs: &'a [u8],
    /// signatureAlgorithm AlgorithmIdentifier TLV.
    pub signature_algorithm: &'a [u8],
    /// Content of the signatureValue BIT STRING.
    pub signature: &'a [u8],
    /// subjectPublicKeyInfo TLV from the tbsCertificate.
    pub spki: &'a [u8],
    /// Serial number content bytes (two's complement, as encoded).
    pub serial: &'a [u8],
    /// issuer Name TLV.
    pub issuer: &'a [u8],
    /// subject Name TLV.
    pub subject: &'a [u8],
}

impl<'a> CertificateParts<'a> {
    /// Splits a DER certificate into the raw parts needed for signature and path checks.
    pub fn parse(der_bytes: &'a [u8]) -> Result<Self, DerError> {
        let cert = der::Tlv::parse_exact(der_bytes)?;
        if cert.tag != tag::SEQUENCE {
            return Err(DerError::Invalid("certificate is not a SEQUENCE"));
        }
        let mut outer = cert.reader();
        let tbs = outer.next_tag(tag::SEQUENCE)?;
        let signature_algorithm = outer.next_tag(tag::SEQUENCE)?;
        let signature = outer.next_any()?.bit_string_bytes()?;
        outer.finish()?;

        let mut fields = tbs.reader();
        fields.optional(der::tag::context(0))?; // version
        let serial = fields.next_tag(tag::INTEGER)?;
        fields.next_tag(tag::SEQUENCE)?; // inner signature algorithm
        let issuer = fields.next_tag(tag::SEQUENCE)?;
        fields.next_tag(tag::SEQUENCE)?; // validity
        let subject = fields.next_tag(tag::SEQUENCE)?;
        let spki = fields.next_tag(tag::SEQUENCE)?;
        Ok(CertificateParts {
            tbs: tbs.raw,
            signature_algorithm: signature_algorithm.raw,
            signature,
            spki: spki.raw,
            serial: serial.content,
            issuer: issuer.raw,
            subject: subject.raw,
        })
    }
}

/// What path building and validation need to know about one certificate, read once.
#[derive(Debug, Clone)]
pub struct CertInfo<'a> {
    /// The whole certificate, DER.
    pub der: &'a [u8],
    /// Raw TLV slices of the certificate (signature, SPKI, names, serial).
    pub parts: CertificateParts<'a>,
    /// RFC 4514-style subject, for people.
    pub subject: String,
    /// RFC 4514-style issuer name, for people.
    pub issuer: String,
    /// Serial number, lower-case hex without leading zeros.
    pub serial_hex: String,
    /// Start of the validity period (notBefore).
    pub not_before: OffsetDateTime,
    /// End of the validity period (notAfter).
    pub not_after: OffsetDateTime,
    /// subjectKeyIdentifier extension value, when present.
    pub subject_key_id: Option<Vec<u8>>,
    /// keyIdentifier of the authorityKeyIdentifier extension, when present.
    pub authority_key_id: Option<Vec<u8>>,
    /// `Some((cA, pathLenConstraint))` when basicConstraints is present.
    pub basic_constraints: Option<(bool, Option<u32>)>,
    /// keyUsage bits when the extension is present.
    pub key_usage: Option<KeyUsageBits>,
    /// extendedKeyUsage when present.
    pub extended_key_usage: Option<ExtendedKeyUsage>,
    /// Extensions that are present but could not be read (duplicates, bad encodings).
    pub extension_errors: Vec<String>,
    /// Critical extensions this crate does not interpret (dotted OIDs).
    pub unknown_critical: Vec<String>,
}

/// keyUsage bits this crate checks (RFC 5280 §4.2.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyUsageBits {
    /// digitalSignature bit: key may verify signatures on documents and data.
    pub digital_signature: bool,
    /// nonRepudiation (contentCommitment) bit.
    pub non_repudiation: bool,
    /// keyCertSign bit: key may sign certificates (CAs).
    pub key_cert_sign: bool,
    /// cRLSign bit: key may sign CRLs.
    pub crl_sign: bool,
}

/// The extendedKeyUsage extension, reduced to the purposes this crate checks (RFC 5280 §4.2.1.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtendedKeyUsage {
    /// Whether the extension is marked critical.
    pub critical: bool,
    /// Lists id-kp-timeStamping (required for a TSA certificate by RFC 3161).
    pub time_stamping: bool,
    /// Lists id-kp-OCSPSigning (required for a delegated OCSP responder).
    pub ocsp_signing: bool,
    /// Lists anyExtendedKeyUsage.
    pub any: bool,
    /// Number of purposes listed.
    pub count: usize,
}

impl<'a> CertInfo<'a> {
    /// Parses a DER certificate; `None` when it is not one.
    pub fn parse(der_bytes: &'a [u8]) -> Option<Self> {
        let (_, cert) = x509_parser::parse_x509_certificate(der_bytes).ok()?;
        Self::from_parsed(der_bytes, &cert)
    }

    /// Like [`CertInfo::parse`] for a certificate the caller already read with x509-parser
    /// from `der_bytes` (the CMS signer lookup does: one parse instead of two per signature).
    pub fn from_parsed(der_bytes: &'a [u8], cert: &X509Certificate<'_>) -> Option<Self> {
        let parts = CertificateParts::parse(der_bytes).ok()?;
        let mut info = CertInfo {
            der: der_bytes,
            parts,
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial_hex: serial_hex(cert.raw_serial()),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            subject_key_id: None,
            authority_key_id: None,
            basic_constraints: None,
            key_usage: None,
            extended_key_usage: None,
            extension_errors: Vec::new(),
            unknown_critical: Vec::new(),
        };
        match cert.basic_constraints() {
            Ok(Some(bc)) => {
                info.basic_constraints = Some((bc.value.ca, bc.value.path_len_constraint))
            }
            Ok(None) => {}
            Err(e) => info.extension_errors.push(format!("basicConstraints: {e}")),
        }
        match cert.key_usage() {
            Ok(Some(ku)) => {
                info.key_usage = Some(KeyUsageBits {
                    digital_signature: ku.value.digital_signature(),
                    non_repudiation: ku.value.non_repudiation(),
                    key_cert_sign: ku.value.key_cert_sign(),
                    crl_sign: ku.value.crl_sign(),
                })
            }
            Ok(None) => {}
            Err(e) => info.extension_errors.push(format!("keyUsage: {e}")),
        }
        match cert.extended_key_usage() {
            Ok(Some(eku)) => {
                let v = eku.value;
                let count = [
                    v.any,
                    v.server_auth,
                    v.client_auth,
                    v.code_signing,
                    v.email_protection,
                    v.time_stamping,
                    v.ocsp_signing,
                ]
                .iter()
                .filter(|b| **b)
                .count()
                    + v.other.len();
                info.extended_key_usage = Some(ExtendedKeyUsage {
                    critical: eku.critical,
                    time_stamping: v.time_stamping,
                    ocsp_signing: v.ocsp_signing,
                    any: v.any,
                    count,
                })
            }
            Ok(None) => {}
            Err(e) => info.extension_errors.push(format!("extendedKeyUsage: {e}")),
        }
        for ext in cert.iter_extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(id) => {
                    info.subject_key_id = Some(id.0.to_vec())
                }
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    info.authority_key_id = aki.key_identifier.as_ref().map(|id| id.0.to_vec())
                }
                ParsedExtension::ParseError { error } => info
                    .extension_errors
                    .push(format!("extension {}: {error}", ext.oid)),
                ParsedExtension::UnsupportedExtension { oid } if ext.critical => {
                    info.unknown_critical.push(oid.to_id_string())
                }
                _ => {}
            }
        }
        Some(info)
    }

    /// Issuer and subject names are the same (self-issued, RFC 5280 §6.1).
    pub fn is_self_issued(&self) -> bool {
        names_match(
            self.parts.issuer,
            &self.issuer,
            self.parts.subject,
            &self.subject,
        )
    }

    /// "subject (serial 1a2b)" for evidence strings.
    pub fn label(&self) -> String {
        format!("{} (serial {})", self.subject, self.serial_hex)
    }

    /// This certificate as the report shows it: names, serial, validity and identity.
    pub fn summary(&self) -> CertSummary {
        summary(
            SummaryParts {
                subject: self.subject.clone(),
                issuer: self.issuer.clone(),
                serial: self.serial_hex.clone(),
                not_before: self.not_before,
                not_after: self.not_after,
            },
            self.parts.spki,
            self.parts.subject,
        )
    }

    /// The subjectPublicKey BIT STRING content (what OCSP's issuerKeyHash covers).
    pub fn public_key_bits(&self) -> Option<&'a [u8]> {
        let spki = der::Tlv::parse_exact(self.parts.spki).ok()?;
        let mut reader = spki.reader();
        reader.next_tag(tag::SEQUENCE).ok()?;
        reader.next_any().ok()?.bit_string_bytes().ok()
    }
}

/// Two names are the same: identical DER, or the same attributes when printed (a lenient
/// stand-in for RFC 5280 §7.1 comparison: case and repeated spaces are ignored).
pub fn names_match(a_der: &[u8], a_text: &str, b_der: &[u8], b_text: &str) -> bool {
    // x509-parser prints every name it cannot decode the same way; such names only match
    // byte for byte.
    let printable = |t: &str| !t.is_empty() && !t.starts_with("<X509Error");
    a_der == b_der
        || (printable(a_text)
            && printable(b_text)
            && normalize_name(a_text) == normalize_name(b_text))
}

fn normalize_name(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Lower-case hex of a serial number's magnitude (leading zero octets dropped; "0" for zero).
pub fn serial_hex(raw: &[u8]) -> String {
    let start = raw.iter().position(|&b| b != 0).unwrap_or(raw.len());
    let trimmed = raw.get(start..).unwrap_or_default();
    if trimmed.is_empty() {
        return "0".into();
    }
    let hex: String = trimmed.iter().map(|b| format!("{b:02x}")).collect();
    match hex.strip_prefix('0') {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => hex,
    }
}

/// What a report says of a certificate in words, as its reader printed it.
pub struct SummaryParts {
    /// RFC 4514-style subject name.
    pub subject: String,
    /// RFC 4514-style issuer name.
    pub issuer: String,
    /// Serial number in lower-case hex.
    pub serial: String,
    /// Start of the validity period (notBefore).
    pub not_before: OffsetDateTime,
    /// End of the validity period (notAfter).
    pub not_after: OffsetDateTime,
}

/// The one place a [`CertSummary`] is built, whichever reader parsed the certificate: the
/// printed parts, plus the identity (SPKI hash, USCC, resident ID) taken from the
/// SubjectPublicKeyInfo and subject DER.
pub fn summary(parts: SummaryParts, spki_der: &[u8], subject_der: &[u8]) -> CertSummary {
    let mut summary = CertSummary {
        subject: parts.subject,
        issuer: parts.issuer,
        serial: parts.serial,
        not_before: parts.not_before,
        not_after: parts.not_after,
        spki_sha256: None,
        uscc: None,
        resident_id: None,
    };
    crate::issuers::identity::identify(&mut summary, spki_der, subject_der);
    summary
}

/// Subject, issuer, serial and validity of a DER certificate, for reports.
pub fn cert_summary(der_bytes: &[u8]) -> Option<CertSummary> {
    CertInfo::parse(der_bytes).map(|c| c.summary())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pem_to_der(path: &str) -> Vec<u8> {
        let full = format!("{}/testdata/pki/{path}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
        let (_, pem) = x509_parser::pem::parse_x509_pem(&bytes).unwrap();
        pem.contents
    }

    #[test]
    fn summary_of_generated_signer() {
        let der = pem_to_der("generated/signer-revoked.pem");
        let s = cert_summary(&der).unwrap();
        assert_eq!(s.serial, "1005");
        assert!(s.subject.contains("CN=Signer Revoked"), "{}", s.subject);
        assert!(s.issuer.contains("CN=Test Intermediate CA"), "{}", s.issuer);
        assert_eq!(s.not_before.year(), 2025);
        assert_eq!(s.not_after.year(), 2036);
        let info = CertInfo::parse(&der).unwrap();
        assert_eq!(info.basic_constraints, Some((false, None)));
        assert!(info.key_usage.unwrap().non_repudiation);
        assert!(info.authority_key_id.is_some());
        assert!(!info.is_self_issued());
        assert!(cert_summary(&der[..der.len() - 1]).is_none());
    }

    #[test]
    fn serial_hex_forms() {
        assert_eq!(serial_hex(&[0x00, 0x10, 0x05]), "1005");
        assert_eq!(serial_hex(&[0x01]), "1");
        assert_eq!(serial_hex(&[0x00]), "0");
        assert_eq!(serial_hex(&[0xab, 0x01]), "ab01");
    }
}
