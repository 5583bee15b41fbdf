//! Cryptographic facts: a signature value and the scheme behind it, and digest comparisons.

use crate::pki::digest::DigestAlgorithm;

/// Why a signature value could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Algorithm or key type this build cannot verify (INDETERMINATE).
    #[error("unsupported algorithm: {0}")]
    Unsupported(String),
    /// Supported, but forbidden by policy: SHA-1, short RSA key (INDETERMINATE
    /// CRYPTO_CONSTRAINTS_FAILURE).
    #[error("algorithm not allowed by policy: {0}")]
    ConstraintsFailure(String),
    /// The key or algorithm parameters are malformed (FORMAT_FAILURE).
    #[error("malformed key or algorithm: {0}")]
    Malformed(String),
    /// The mathematics says no (TOTAL_FAILED SIG_CRYPTO_FAILURE).
    #[error("signature value does not verify")]
    Invalid,
}

/// The signature scheme a value was made with, as far as the policy cares about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeFact {
    /// Scheme family: `RSA-PKCS1`, `RSA-PSS`, `ECDSA`, `Ed25519`, `SM2-SM3`.
    pub family: &'static str,
    /// The hash the scheme signs with (none for Ed25519, which hashes internally).
    pub digest: Option<DigestAlgorithm>,
    /// Modulus length of an RSA key, when the key is RSA and could be read.
    pub rsa_bits: Option<usize>,
}

/// What checking one signature value established, whatever the policy says of its algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureValueFact {
    /// The scheme, when the algorithm identifiers and key were understood.
    pub scheme: Option<SchemeFact>,
    /// `Ok(name)` (e.g. `RSA-PKCS1-SHA256`) when the mathematics says the value verifies;
    /// otherwise why not: [`SignatureError::Invalid`], `Malformed` or `Unsupported` (never
    /// `ConstraintsFailure`, which only the policy can say).
    pub verification: Result<String, SignatureError>,
}

impl SignatureValueFact {
    /// A value whose algorithm or key could not even be read.
    pub fn unreadable(error: SignatureError) -> Self {
        SignatureValueFact {
            scheme: None,
            verification: Err(error),
        }
    }

    /// Whether the mathematics says the value verifies.
    pub fn verifies(&self) -> bool {
        self.verification.is_ok()
    }
}

/// A digest computed over signed data and compared with the one the signer recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestFact {
    /// The hash algorithm of both digests.
    pub algorithm: DigestAlgorithm,
    /// Whether the computed digest equals the recorded one.
    pub matches: bool,
}
