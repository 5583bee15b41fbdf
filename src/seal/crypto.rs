//! What the seal verifier needs from cryptography, expressed in SES terms: digests named the
//! way OFD writers name them, signature values in either SM2 encoding, and certificates given
//! as bare DER. The mathematics is done by [`crate::pki`].

use time::OffsetDateTime;

use crate::asn1::der;
use crate::facts::crypto::SignatureValueFact;
use crate::facts::seal::SesSignatureFact;
use crate::pki::{DigestAlgorithm, SignatureError};
use crate::report::CertSummary;

use crate::asn1::oid::{
    OID_SHA1, OID_SHA1_WITH_RSA as OID_SHA1_RSA, OID_SHA256, OID_SHA256_WITH_RSA as OID_SHA256_RSA,
};
pub use crate::asn1::oid::{
    OID_SM2_CURVE as OID_SM2_KEY, OID_SM2_WITH_SM3 as OID_SM2_SM3, OID_SM3,
};

/// Digests used for OFD references, SES dataHash and certificate digest lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DigestKind {
    /// SM3 (GB/T 32905), 32-byte digest; the usual one in OFD and SES.
    Sm3,
    /// SHA-256 (FIPS 180-4), 32-byte digest.
    Sha256,
    /// SHA-1 (FIPS 180-4), 20-byte digest; weak, still found in old seals.
    Sha1,
}

impl DigestKind {
    /// From a CheckMethod / CertDigestObj.type as writers spell it (name or OID); `None` for
    /// anything else (vendor methods such as `1.2.156.10197.1.401.2`).
    pub fn from_name(name: &str) -> Option<DigestKind> {
        let normalised: String = name
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match normalised.as_str() {
            "SM3" => Some(DigestKind::Sm3),
            "SHA256" => Some(DigestKind::Sha256),
            "SHA1" => Some(DigestKind::Sha1),
            _ => match name.trim() {
                OID_SM3 => Some(DigestKind::Sm3),
                OID_SHA256 => Some(DigestKind::Sha256),
                OID_SHA1 => Some(DigestKind::Sha1),
                _ => None,
            },
        }
    }

    /// The display name (`SM3`, `SHA-256`, `SHA-1`).
    pub fn name(self) -> &'static str {
        match self {
            DigestKind::Sm3 => "SM3",
            DigestKind::Sha256 => "SHA-256",
            DigestKind::Sha1 => "SHA-1",
        }
    }

    /// The general digest algorithm this is.
    pub fn algorithm(self) -> DigestAlgorithm {
        match self {
            DigestKind::Sm3 => DigestAlgorithm::Sm3,
            DigestKind::Sha256 => DigestAlgorithm::Sha256,
            DigestKind::Sha1 => DigestAlgorithm::Sha1,
        }
    }

    /// Digest of the concatenation of `parts` (hashed in place, never joined).
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        crate::pki::digest_parts(self.algorithm(), parts)
    }
}

/// The digest a signature algorithm implies for SES dataHash.
pub fn data_hash_digest(signature_algorithm: &str) -> Option<DigestKind> {
    match signature_algorithm {
        OID_SM2_SM3 | OID_SM2_KEY => Some(DigestKind::Sm3),
        OID_SHA256_RSA => Some(DigestKind::Sha256),
        OID_SHA1_RSA => Some(DigestKind::Sha1),
        _ => None,
    }
}

/// Readable name of a signature algorithm OID.
pub fn algorithm_name(oid: &str) -> String {
    match oid {
        OID_SM2_SM3 => "SM2-SM3".into(),
        OID_SHA256_RSA => "RSA-PKCS1-SHA256".into(),
        OID_SHA1_RSA => "RSA-PKCS1-SHA1".into(),
        other => other.to_string(),
    }
}

pub use crate::report::seal_block::SignatureEncoding;

/// For SM2, a DER signature from either encoding; other algorithms pass through.
pub fn normalise_signature(algorithm: &str, value: &[u8]) -> (Vec<u8>, SignatureEncoding) {
    if algorithm != OID_SM2_SM3 {
        return (value.to_vec(), SignatureEncoding::Native);
    }
    if is_der_rs(value) {
        return (value.to_vec(), SignatureEncoding::Der);
    }
    match (value.get(..32), value.get(32..)) {
        (Some(r), Some(s)) if value.len() == 64 => (der_rs(r, s), SignatureEncoding::RawRs),
        _ => (value.to_vec(), SignatureEncoding::Der),
    }
}

fn is_der_rs(value: &[u8]) -> bool {
    let Ok(seq) = der::Tlv::parse_exact(value) else {
        return false;
    };
    if seq.tag != der::tag::SEQUENCE {
        return false;
    }
    matches!(der::children(seq.content, 3, "sig"), Ok(v) if v.len() == 2 && v.iter().all(|t| t.tag == der::tag::INTEGER))
}

/// DER SEQUENCE of two unsigned big-endian integers.
pub fn der_rs(r: &[u8], s: &[u8]) -> Vec<u8> {
    fn integer(v: &[u8]) -> Vec<u8> {
        let trimmed: &[u8] = {
            let skip = v.iter().take_while(|&&b| b == 0).count();
            v.get(skip..).unwrap_or(&[])
        };
        let mut content = Vec::with_capacity(trimmed.len() + 1);
        if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
            content.push(0);
        }
        content.extend_from_slice(trimmed);
        let mut out = vec![der::tag::INTEGER];
        der::push_length(&mut out, content.len());
        out.extend(content);
        out
    }
    let r = integer(r);
    let s = integer(s);
    der::sequence_of_raw(&[&r, &s])
}

/// DER AlgorithmIdentifier for a signature algorithm OID (NULL parameters for RSA).
fn algorithm_identifier(oid_der: &[u8], oid: &str) -> Vec<u8> {
    if oid.starts_with("1.2.840.113549.") {
        der::sequence_of_raw(&[oid_der, &[0x05, 0x00]])
    } else {
        der::sequence_of_raw(&[oid_der])
    }
}

/// DER of an OID given in dotted form (for algorithm identifiers built from SES fields).
pub fn oid_der(oid: &str) -> Option<Vec<u8>> {
    let content = crate::asn1::oid::from_dotted(oid)?;
    let mut out = vec![der::tag::OID];
    der::push_length(&mut out, content.len());
    out.extend(content);
    Some(out)
}

/// Checks `value` over `message` with the key of certificate `cert_der`, whatever the policy
/// says of the algorithm: what the mathematics says, the scheme, and how the value was encoded.
/// The policy judges the fact ([`crate::evaluate`]).
pub fn examine_with_certificate(
    cert_der: &[u8],
    algorithm: &str,
    message: &[u8],
    value: &[u8],
) -> SesSignatureFact {
    let (signature, encoding) = normalise_signature(algorithm, value);
    let value = match key_and_algorithm(cert_der, algorithm) {
        Ok((spki, alg_id)) => {
            crate::pki::examine_signature(spki, &alg_id, None, message, &signature)
        }
        Err(e) => SignatureValueFact::unreadable(e),
    };
    SesSignatureFact { value, encoding }
}

/// The certificate's SubjectPublicKeyInfo and the DER AlgorithmIdentifier of `algorithm`.
fn key_and_algorithm<'c>(
    cert_der: &'c [u8],
    algorithm: &str,
) -> Result<(&'c [u8], Vec<u8>), SignatureError> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
        .map_err(|e| SignatureError::Malformed(format!("certificate: {e}")))?;
    let oid = oid_der(algorithm)
        .ok_or_else(|| SignatureError::Malformed(format!("algorithm {algorithm}")))?;
    Ok((
        cert.tbs_certificate.subject_pki.raw,
        algorithm_identifier(&oid, algorithm),
    ))
}

/// Subject, issuer, serial and validity of a certificate; `None` if it does not parse.
pub fn summarise(cert_der: &[u8]) -> Option<CertSummary> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).ok()?;
    let validity = cert.validity();
    Some(crate::pki::cert::summary(
        crate::pki::cert::SummaryParts {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: crate::hex::encode(cert.raw_serial()),
            not_before: OffsetDateTime::from_unix_timestamp(validity.not_before.timestamp())
                .ok()?,
            not_after: OffsetDateTime::from_unix_timestamp(validity.not_after.timestamp()).ok()?,
        },
        cert.tbs_certificate.subject_pki.raw,
        cert.tbs_certificate.subject.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_names() {
        assert_eq!(DigestKind::from_name("SM3"), Some(DigestKind::Sm3));
        assert_eq!(
            DigestKind::from_name("1.2.156.10197.1.401"),
            Some(DigestKind::Sm3)
        );
        assert_eq!(DigestKind::from_name("sha-256"), Some(DigestKind::Sha256));
        assert_eq!(DigestKind::from_name("1.2.156.10197.1.401.2"), None);
        assert_eq!(DigestKind::from_name("MD5"), None);
    }

    #[test]
    fn known_digests() {
        assert_eq!(
            crate::hex::encode(&DigestKind::Sm3.digest(&[b"a", b"bc"])),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            crate::hex::encode(&DigestKind::Sha1.digest(&[b"abc"])),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            crate::hex::encode(&DigestKind::Sha1.digest(&[&long[..500], &long[500..]])),
            "291e9a6c66994949b57ba5e650361e98fc36b1ba"
        );
    }

    #[test]
    fn raw_signature_becomes_der() {
        let mut raw = vec![0x80u8; 32];
        raw.extend(vec![0x01u8; 32]);
        let (der_sig, enc) = normalise_signature(OID_SM2_SM3, &raw);
        assert_eq!(enc, SignatureEncoding::RawRs);
        assert!(is_der_rs(&der_sig));
        let (again, enc) = normalise_signature(OID_SM2_SM3, &der_sig);
        assert_eq!(enc, SignatureEncoding::Der);
        assert_eq!(again, der_sig);
    }

    #[test]
    fn oid_round_trip() {
        let d = oid_der(OID_SM2_SM3).unwrap();
        let tlv = der::Tlv::parse_exact(&d).unwrap();
        assert_eq!(der::oid(tlv, "x").unwrap(), OID_SM2_SM3);
    }
}
