//! Test support: builds and signs small CMS SignedData structures with the test PKI, so that
//! attribute edge cases, embedded revocation data and several SignerInfos can be exercised on
//! signatures that really verify.

use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};

use super::oid;
use crate::asn1::oid::from_dotted;

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
    tlv(
        0x06,
        &from_dotted(dotted).expect("test OIDs are well formed"),
    )
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

/// A test private key.
pub enum TestKey {
    /// PKCS#1 RSAPrivateKey DER; signs RSA-PKCS1-SHA256.
    Rsa(Vec<u8>),
    /// The 32-byte SM2 private scalar; signs SM2-SM3 (default distinguishing identifier).
    Sm2(Vec<u8>),
}

/// One signer: its certificate and key, and the attributes it signs.
pub struct SignerSpec {
    pub cert: Vec<u8>,
    pub key: TestKey,
    /// Signed attributes in the order given (exact bytes are signed, no re-sorting).
    pub signed_attrs: Vec<Vec<u8>>,
    /// A TSA that timestamps the signature value (unsigned attribute).
    pub timestamp: Option<TsaSpec>,
}

/// A time-stamping authority for signature timestamps.
pub struct TsaSpec {
    pub cert: Vec<u8>,
    pub key_pkcs1: Vec<u8>,
    pub chain: Vec<Vec<u8>>,
    /// GeneralizedTime text, e.g. `20260115120000Z`.
    pub gen_time: String,
}

impl TsaSpec {
    /// An RFC 3161 token (ContentInfo) whose imprint is SHA-256(`data`).
    pub fn token_over(&self, data: &[u8]) -> Vec<u8> {
        let sha256_alg = seq(&[&oid_tlv("2.16.840.1.101.3.4.2.1"), &[0x05, 0x00]]);
        let tst_info = seq(&[
            &tlv(0x02, &[1]),
            &oid_tlv("1.2.3.4.1"),
            &seq(&[&sha256_alg, &tlv(0x04, &sha256(data))]),
            &tlv(0x02, &[0x42]),
            &tlv(0x18, self.gen_time.as_bytes()),
        ]);
        let mut signer = SignerSpec::with_key(
            self.cert.clone(),
            TestKey::Rsa(self.key_pkcs1.clone()),
            &tst_info,
            oid::TST_INFO,
        )
        .without(oid::SIGNING_TIME);
        signer.timestamp = None;
        let mut certs = vec![self.cert.as_slice()];
        certs.extend(self.chain.iter().map(|c| c.as_slice()));
        build_full(
            &[signer],
            &certs,
            &[],
            oid::SIGNED_DATA,
            oid::TST_INFO,
            Some(&tst_info),
        )
    }
}

impl SignerSpec {
    /// contentType id-data, messageDigest SHA-256(content), signingTime 2026-03-01T12:00Z,
    /// ESS signingCertificateV2 over `cert`.
    pub fn standard(cert: Vec<u8>, key_pkcs1: Vec<u8>, content: &[u8]) -> Self {
        Self::with_key(cert, TestKey::Rsa(key_pkcs1), content, oid::DATA)
    }

    /// Like [`SignerSpec::standard`] for SM2: SM3 message digest, contentType `content_type`.
    pub fn sm2(cert: Vec<u8>, scalar: Vec<u8>, content: &[u8], content_type: &str) -> Self {
        Self::with_key(cert, TestKey::Sm2(scalar), content, content_type)
    }

    fn with_key(cert: Vec<u8>, key: TestKey, content: &[u8], content_type: &str) -> Self {
        let digest = match key {
            TestKey::Rsa(_) => sha256(content),
            TestKey::Sm2(_) => {
                use sm3::Digest as _;
                sm3::Sm3::digest(content).to_vec()
            }
        };
        let attrs = vec![
            content_type_attr(content_type),
            message_digest_attr(&digest),
            attribute(oid::SIGNING_TIME, &[&tlv(0x17, b"260301120000Z")]),
            ess_v2_attr(&cert, None),
        ];
        SignerSpec {
            cert,
            key,
            signed_attrs: attrs,
            timestamp: None,
        }
    }

    pub fn without(mut self, dotted: &str) -> Self {
        let encoded = oid_tlv(dotted);
        self.signed_attrs
            .retain(|a| a.windows(encoded.len()).position(|w| w == encoded) != Some(2));
        self
    }

    /// Replaces signingTime by a UTCTime (`YYMMDDhhmmssZ`).
    pub fn signed_at(self, utc_time: &str) -> Self {
        self.without(oid::SIGNING_TIME).with(attribute(
            oid::SIGNING_TIME,
            &[&tlv(0x17, utc_time.as_bytes())],
        ))
    }

    pub fn timestamped_by(mut self, tsa: TsaSpec) -> Self {
        self.timestamp = Some(tsa);
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
        let attrs_content = self.signed_attrs.concat();
        let signed_set = tlv(0x31, &attrs_content);
        let (digest_alg, signature_alg, signature) = match &self.key {
            TestKey::Rsa(pkcs1) => {
                let key = RsaKeyPair::from_der(pkcs1).unwrap();
                let mut signature = vec![0u8; key.public().modulus_len()];
                key.sign(
                    &RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    &signed_set,
                    &mut signature,
                )
                .unwrap();
                (
                    seq(&[&oid_tlv("2.16.840.1.101.3.4.2.1"), &[0x05, 0x00]]),
                    seq(&[&oid_tlv("1.2.840.113549.1.1.11"), &[0x05, 0x00]]),
                    signature,
                )
            }
            TestKey::Sm2(scalar) => {
                use sm2::dsa::signature::Signer as _;
                let key = sm2::dsa::SigningKey::from_slice("1234567812345678", scalar).unwrap();
                let signature: sm2::dsa::Signature = key.sign(&signed_set);
                (
                    seq(&[&oid_tlv("1.2.156.10197.1.401")]),
                    seq(&[&oid_tlv("1.2.156.10197.1.501")]),
                    signature.to_der().as_bytes().to_vec(),
                )
            }
        };
        let mut fields = vec![
            tlv(0x02, &[1]),
            sid,
            digest_alg,
            tlv(0xa0, &attrs_content),
            signature_alg,
            tlv(0x04, &signature),
        ];
        if let Some(tsa) = &self.timestamp {
            let token = tsa.token_over(&signature);
            fields.push(tlv(
                0xa1,
                &attribute(oid::SIGNATURE_TIMESTAMP_TOKEN, &[&token]),
            ));
        }
        tlv(0x30, &fields.concat())
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
    build_typed(signers, certs, crls, oid::SIGNED_DATA, oid::DATA)
}

/// Like [`build`] with explicit ContentInfo and eContent types (GB/T 35275 uses its own).
pub fn build_typed(
    signers: &[SignerSpec],
    certs: &[&[u8]],
    crls: &[&[u8]],
    signed_data_type: &str,
    econtent_type: &str,
) -> Vec<u8> {
    build_full(signers, certs, crls, signed_data_type, econtent_type, None)
}

/// The general form: optional encapsulated content.
pub fn build_full(
    signers: &[SignerSpec],
    certs: &[&[u8]],
    crls: &[&[u8]],
    signed_data_type: &str,
    econtent_type: &str,
    econtent: Option<&[u8]>,
) -> Vec<u8> {
    let sha256_alg = seq(&[&oid_tlv("2.16.840.1.101.3.4.2.1"), &[0x05, 0x00]]);
    let encap = match econtent {
        None => seq(&[&oid_tlv(econtent_type)]),
        Some(content) => seq(&[&oid_tlv(econtent_type), &tlv(0xa0, &tlv(0x04, content))]),
    };
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
    seq(&[&oid_tlv(signed_data_type), &tlv(0xa0, &signed_data)])
}
