//! Test support: builds and signs small CMS SignedData structures with the test PKI, so that
//! attribute edge cases, embedded revocation data and several SignerInfos can be exercised on
//! signatures that really verify.

use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};

use super::ber::oid_from_str;
use super::oid;

/// DER TLV with a definite length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else if len < 0x1_0000 {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    } else {
        out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

pub fn oid_tlv(dotted: &str) -> Vec<u8> {
    tlv(0x06, &oid_from_str(dotted))
}

/// Attribute { type, SET { values } }.
pub fn attribute(dotted: &str, values: &[&[u8]]) -> Vec<u8> {
    seq(&[&oid_tlv(dotted), &tlv(0x31, &values.concat())])
}

fn sha256(data: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

/// One signer: its certificate and PKCS#1 RSA key, and the attributes it signs.
pub struct SignerSpec {
    pub cert: Vec<u8>,
    pub key_pkcs1: Vec<u8>,
    /// Signed attributes in the order given (exact bytes are signed, no re-sorting).
    pub signed_attrs: Vec<Vec<u8>>,
}

impl SignerSpec {
    /// contentType id-data, messageDigest SHA-256(content), signingTime 2026-03-01T12:00Z,
    /// ESS signingCertificateV2 over `cert`.
    pub fn standard(cert: Vec<u8>, key_pkcs1: Vec<u8>, content: &[u8]) -> Self {
        let attrs = vec![
            content_type_attr(oid::DATA),
            message_digest_attr(&sha256(content)),
            attribute(oid::SIGNING_TIME, &[&tlv(0x17, b"260301120000Z")]),
            ess_v2_attr(&cert, None),
        ];
        SignerSpec {
            cert,
            key_pkcs1,
            signed_attrs: attrs,
        }
    }

    pub fn without(mut self, dotted: &str) -> Self {
        let encoded = oid_tlv(dotted);
        self.signed_attrs
            .retain(|a| a.windows(encoded.len()).position(|w| w == encoded) != Some(2));
        self
    }

    pub fn with(mut self, attr: Vec<u8>) -> Self {
        self.signed_attrs.push(attr);
        self
    }

    fn signer_info(&self) -> Vec<u8> {
        let (_, cert) = x509_parser::parse_x509_certificate(&self.cert).unwrap();
        let issuer = cert.tbs_certificate.issuer.as_raw();
        let serial = tlv(0x02, cert.tbs_certificate.raw_serial());
        let sid = seq(&[issuer, &serial]);
        let sha256_alg = seq(&[&oid_tlv("2.16.840.1.101.3.4.2.1"), &[0x05, 0x00]]);
        let rsa_alg = seq(&[&oid_tlv("1.2.840.113549.1.1.11"), &[0x05, 0x00]]);
        let attrs_content = self.signed_attrs.concat();
        let signed_set = tlv(0x31, &attrs_content);
        let key = RsaKeyPair::from_der(&self.key_pkcs1).unwrap();
        let mut signature = vec![0u8; key.public().modulus_len()];
        key.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            &signed_set,
            &mut signature,
        )
        .unwrap();
        seq(&[
            &tlv(0x02, &[1]),
            &sid,
            &sha256_alg,
            &tlv(0xa0, &attrs_content),
            &rsa_alg,
            &tlv(0x04, &signature),
        ])
    }
}

pub fn content_type_attr(dotted: &str) -> Vec<u8> {
    attribute(oid::CONTENT_TYPE, &[&oid_tlv(dotted)])
}

pub fn message_digest_attr(digest: &[u8]) -> Vec<u8> {
    attribute(oid::MESSAGE_DIGEST, &[&tlv(0x04, digest)])
}

/// ESS signingCertificateV2 with SHA-256 (default algorithm, omitted) over `cert`, and an
/// optional issuerSerial (issuer Name DER, serial content octets).
pub fn ess_v2_attr(cert: &[u8], issuer_serial: Option<(&[u8], &[u8])>) -> Vec<u8> {
    let hash = tlv(0x04, &sha256(cert));
    let cert_id = match issuer_serial {
        None => seq(&[&hash]),
        Some((issuer, serial)) => {
            let names = seq(&[&tlv(0xa4, issuer)]);
            seq(&[&hash, &seq(&[&names, &tlv(0x02, serial)])])
        }
    };
    attribute(oid::SIGNING_CERTIFICATE_V2, &[&seq(&[&seq(&[&cert_id])])])
}

/// Adobe revocationInfoArchival with the given CRLs.
pub fn adobe_revocation_attr(crls: &[&[u8]]) -> Vec<u8> {
    let value = seq(&[&tlv(0xa0, &seq(crls))]);
    attribute(oid::ADOBE_REVOCATION_INFO, &[&value])
}

/// A detached SignedData (ContentInfo) with the given signers, certificates and CRLs.
pub fn build(signers: &[SignerSpec], certs: &[&[u8]], crls: &[&[u8]]) -> Vec<u8> {
    let sha256_alg = seq(&[&oid_tlv("2.16.840.1.101.3.4.2.1"), &[0x05, 0x00]]);
    let encap = seq(&[&oid_tlv(oid::DATA)]);
    let infos: Vec<Vec<u8>> = signers.iter().map(SignerSpec::signer_info).collect();
    let mut fields = vec![
        tlv(0x02, &[1]),
        tlv(0x31, &sha256_alg),
        encap,
        tlv(0xa0, &certs.concat()),
    ];
    if !crls.is_empty() {
        fields.push(tlv(0xa1, &crls.concat()));
    }
    fields.push(tlv(0x31, &infos.concat()));
    let signed_data = tlv(0x30, &fields.concat());
    seq(&[&oid_tlv(oid::SIGNED_DATA), &tlv(0xa0, &signed_data)])
}
