//! The policy's cryptographic rules, each in one place.
//!
//! Verifiers establish facts (which digest protects the data, whether it matches, how long the
//! RSA key is, whether the signature value verifies); whether the policy accepts the algorithm
//! behind such a fact is decided here, for every kind of signature alike: CMS signer digests,
//! `adbe.pkcs7.sha1` content digests, timestamp imprints, signature values, and OFD reference
//! digests.

use crate::pki::digest::DigestAlgorithm;
use crate::policy::Policy;

/// Whether the policy refuses `digest` as the hash that protects signed data or a signature
/// (SHA-1 unless `allow_sha1`). A refused digest that matches is "intact but weak":
/// CRYPTO_CONSTRAINTS_FAILURE, never a hash failure.
pub fn digest_refused(digest: DigestAlgorithm, policy: &Policy) -> bool {
    digest == DigestAlgorithm::Sha1 && !policy.allow_sha1
}

/// Whether an RSA key of `bits` is shorter than the policy accepts.
pub fn rsa_key_too_short(bits: usize, policy: &Policy) -> bool {
    bits < policy.min_rsa_bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_is_refused_unless_allowed() {
        let strict = Policy::default();
        assert!(digest_refused(DigestAlgorithm::Sha1, &strict));
        assert!(!digest_refused(DigestAlgorithm::Sha256, &strict));
        assert!(!digest_refused(DigestAlgorithm::Sm3, &strict));
        let lenient = Policy {
            allow_sha1: true,
            ..Policy::default()
        };
        assert!(!digest_refused(DigestAlgorithm::Sha1, &lenient));
    }

    #[test]
    fn rsa_minimum_is_inclusive() {
        let policy = Policy::default();
        assert!(rsa_key_too_short(1024, &policy));
        assert!(!rsa_key_too_short(policy.min_rsa_bits, &policy));
    }
}
