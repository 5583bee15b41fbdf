//! Signature algorithms: RSA, ECDSA, Ed25519 through ring; SM2/SM3 through RustCrypto.

use super::SignatureError;
use crate::policy::Policy;

/// Verifies `signature` over `message` with the key in `spki_der` (a SubjectPublicKeyInfo TLV).
///
/// `signature_algorithm_der` is the AlgorithmIdentifier TLV from the signature's container.
/// When it names only the key type (rsaEncryption, id-ecPublicKey, SM2 key), the hash comes from
/// `digest_algorithm_der` (CMS SignerInfo.digestAlgorithm). Returns a readable algorithm name
/// such as `RSA-PKCS1-SHA256` or `ECDSA-P256-SHA256`.
pub fn verify_signature(
    spki_der: &[u8],
    signature_algorithm_der: &[u8],
    digest_algorithm_der: Option<&[u8]>,
    message: &[u8],
    signature: &[u8],
    policy: &Policy,
) -> Result<String, SignatureError> {
    let _ = (
        spki_der,
        signature_algorithm_der,
        digest_algorithm_der,
        message,
        signature,
        policy,
    );
    Err(SignatureError::Unsupported(
        "signature algorithms are not wired in yet".into(),
    ))
}
