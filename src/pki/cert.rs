//! The outer structure of a certificate: the exact bytes a signature covers and the fields a
//! path builder needs to call [`super::verify_signature`]. Names and extensions are read with
//! x509-parser elsewhere; this keeps the signed bytes exactly as they were received.

use super::der::{self, DerError, TAG_INTEGER, TAG_SEQUENCE};

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
    pub fn parse(der_bytes: &'a [u8]) -> Result<Self, DerError> {
        let cert = der::parse_single(der_bytes)?;
        if cert.tag != TAG_SEQUENCE {
            return Err(DerError("certificate is not a SEQUENCE"));
        }
        let mut outer = cert.reader();
        let tbs = outer.next_tag(TAG_SEQUENCE)?;
        let signature_algorithm = outer.next_tag(TAG_SEQUENCE)?;
        let signature = outer.next_any()?.bit_string_bytes()?;
        outer.finish()?;

        let mut fields = tbs.reader();
        fields.optional(der::context(0))?; // version
        let serial = fields.next_tag(TAG_INTEGER)?;
        fields.next_tag(TAG_SEQUENCE)?; // inner signature algorithm
        let issuer = fields.next_tag(TAG_SEQUENCE)?;
        fields.next_tag(TAG_SEQUENCE)?; // validity
        let subject = fields.next_tag(TAG_SEQUENCE)?;
        let spki = fields.next_tag(TAG_SEQUENCE)?;
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
