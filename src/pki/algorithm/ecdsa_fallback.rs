//! ECDSA on P-256 / P-384 with a hash ring does not pair with the curve (SHA-1, SHA-224,
//! SHA-512 on P-256, SHA-512 on P-384), verified with RustCrypto over the prehashed digest.
//! The digest is left-padded with zeros to the field size, which leaves the integer ECDSA
//! takes from it unchanged (and meets the minimum prehash length of the implementation).

use p256::ecdsa::signature::hazmat::PrehashVerifier;

use super::super::digest::{digest_parts, DigestAlgorithm};
use super::super::SignatureError;
use super::Curve;

pub(super) fn verify(
    curve: Curve,
    hash: DigestAlgorithm,
    point: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let digest = digest_parts(hash, &[message]);
    let malformed_key = |_| {
        SignatureError::Malformed(format!(
            "{} public key is not a point on the curve",
            curve.short_name()
        ))
    };
    match curve {
        Curve::P256 => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(malformed_key)?;
            let sig =
                p256::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
            key.verify_prehash(&padded(&digest, 32), &sig)
        }
        Curve::P384 => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(malformed_key)?;
            let sig =
                p384::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
            key.verify_prehash(&padded(&digest, 48), &sig)
        }
        Curve::Sm2 => {
            return Err(SignatureError::Unsupported(
                "ECDSA with an SM2 key".to_string(),
            ))
        }
    }
    .map_err(|_| SignatureError::Invalid)
}

/// `digest` left-padded with zeros to at least `len` bytes.
fn padded(digest: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len.saturating_sub(digest.len())];
    out.extend_from_slice(digest);
    out
}
