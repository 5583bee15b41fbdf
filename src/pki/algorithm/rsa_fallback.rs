//! RSA signatures ring has no parameter set for, verified with RustCrypto `rsa`: RSA-PSS with
//! a salt length other than the hash length (OpenSSL's default for CMS is the largest salt the
//! key allows), PKCS#1 v1.5 with SHA-224, and keys of 1024 to 2047 bits with SHA-384/224.
//! Keys outside 1024..=8192 bits are not accepted by either library.

use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::{Pkcs1v15Sign, Pss, PublicKey as RsaPublicKey};

use super::super::digest::{digest_parts, DigestAlgorithm};
use super::super::SignatureError;
use super::Scheme;

/// Verifies `signature` over `message` with the PKCS#1 RSAPublicKey `key_der`.
pub(super) fn verify(
    scheme: Scheme,
    key_der: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let key = RsaPublicKey::from_pkcs1_der(key_der).map_err(|e| match e {
        rsa::pkcs1::Error::KeyMalformed | rsa::pkcs1::Error::Asn1(_) => {
            SignatureError::Malformed(format!("RSA public key: {e}"))
        }
        // Sizes and exponents outside what is considered sane.
        other => SignatureError::Unsupported(format!("RSA public key: {other}")),
    })?;
    let (hash, pss_salt) = match scheme {
        Scheme::RsaPkcs1(hash) => (hash, None),
        Scheme::RsaPss(hash, salt) => (hash, Some(salt)),
        _ => return Err(SignatureError::Unsupported("not an RSA scheme".into())),
    };
    let hashed = digest_parts(hash, &[message]);
    let result = match (hash, pss_salt) {
        (DigestAlgorithm::Sha1, None) => {
            key.verify(Pkcs1v15Sign::new::<sha1::Sha1>(), &hashed, signature)
        }
        (DigestAlgorithm::Sha224, None) => {
            key.verify(Pkcs1v15Sign::new::<sha2_011::Sha224>(), &hashed, signature)
        }
        (DigestAlgorithm::Sha256, None) => {
            key.verify(Pkcs1v15Sign::new::<sha2_011::Sha256>(), &hashed, signature)
        }
        (DigestAlgorithm::Sha384, None) => {
            key.verify(Pkcs1v15Sign::new::<sha2_011::Sha384>(), &hashed, signature)
        }
        (DigestAlgorithm::Sha512, None) => {
            key.verify(Pkcs1v15Sign::new::<sha2_011::Sha512>(), &hashed, signature)
        }
        (DigestAlgorithm::Sha1, Some(salt)) => {
            key.verify(Pss::<sha1::Sha1>::new_with_salt(salt), &hashed, signature)
        }
        (DigestAlgorithm::Sha224, Some(salt)) => key.verify(
            Pss::<sha2_011::Sha224>::new_with_salt(salt),
            &hashed,
            signature,
        ),
        (DigestAlgorithm::Sha256, Some(salt)) => key.verify(
            Pss::<sha2_011::Sha256>::new_with_salt(salt),
            &hashed,
            signature,
        ),
        (DigestAlgorithm::Sha384, Some(salt)) => key.verify(
            Pss::<sha2_011::Sha384>::new_with_salt(salt),
            &hashed,
            signature,
        ),
        (DigestAlgorithm::Sha512, Some(salt)) => key.verify(
            Pss::<sha2_011::Sha512>::new_with_salt(salt),
            &hashed,
            signature,
        ),
        (other, _) => {
            return Err(SignatureError::Unsupported(format!(
                "RSA with {}",
                other.name()
            )))
        }
    };
    result.map_err(|_| SignatureError::Invalid)
}
