//! The policy's cryptographic rules, each in one place.
//!
//! Verifiers establish facts (which digest protects the data, whether it matches, how long the
//! RSA key is, whether the signature value verifies); whether the policy accepts the algorithm
//! behind such a fact is decided here, for every kind of signature alike: CMS signer digests,
//! `adbe.pkcs7.sha1` content digests, timestamp imprints, signature values, certificate and CRL
//! signatures, and OFD reference digests.

use super::Facts;
use crate::facts::crypto::{SchemeFact, SignatureError, SignatureValueFact};
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

/// Why the policy rejects a signature scheme (SHA-1, a short RSA key), if it does.
pub fn scheme_weakness(scheme: &SchemeFact, policy: &Policy) -> Option<String> {
    if scheme.digest.is_some_and(|d| digest_refused(d, policy)) {
        return Some(format!(
            "{} uses SHA-1, which the policy does not accept",
            scheme.family
        ));
    }
    match scheme.rsa_bits {
        Some(bits) if rsa_key_too_short(bits, policy) => Some(format!(
            "RSA key of {bits} bits is shorter than the policy minimum of {} bits",
            policy.min_rsa_bits
        )),
        _ => None,
    }
}

/// A signature value is accepted when it verifies and the policy accepts its scheme. The
/// mathematics comes first: a value that does not verify is SIG_CRYPTO_FAILURE whatever its
/// algorithm, and a weak algorithm whose value verifies is "intact but weak" (the policy's
/// CRYPTO_CONSTRAINTS_FAILURE, with that evidence), never unchecked.
impl Facts for SignatureValueFact {
    /// `Ok(readable algorithm name)` or why the value is not accepted.
    type Judgement = Result<String, SignatureError>;

    fn judge(&self, policy: &Policy) -> Self::Judgement {
        let weakness = self.scheme.and_then(|s| scheme_weakness(&s, policy));
        match (&self.verification, weakness) {
            (Err(SignatureError::Invalid), _) => Err(SignatureError::Invalid),
            (Err(SignatureError::Malformed(why)), _) => Err(SignatureError::Malformed(why.clone())),
            (Ok(name), Some(why)) => Err(SignatureError::ConstraintsFailure(format!(
                "{why}; the signature value itself verifies ({name}): intact but weak"
            ))),
            (Err(SignatureError::Unsupported(what)), Some(why)) => {
                Err(SignatureError::ConstraintsFailure(format!(
                    "{why}; the signature value could not be checked ({what} is not supported)"
                )))
            }
            (Err(e), _) => Err(e.clone()),
            (Ok(name), None) => Ok(name.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate;

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

    fn fact(digest: DigestAlgorithm, bits: usize, verifies: bool) -> SignatureValueFact {
        SignatureValueFact {
            scheme: Some(SchemeFact {
                family: "RSA-PKCS1",
                digest: Some(digest),
                rsa_bits: Some(bits),
            }),
            verification: if verifies {
                Ok("RSA-PKCS1-X".into())
            } else {
                Err(SignatureError::Invalid)
            },
        }
    }

    #[test]
    fn the_same_fact_is_judged_by_the_policy_given() {
        let weak = fact(DigestAlgorithm::Sha1, 2048, true);
        let strict = Policy::default();
        assert!(matches!(
            evaluate(&weak, &strict),
            Err(SignatureError::ConstraintsFailure(why)) if why.contains("intact but weak")
        ));
        let lenient = Policy {
            allow_sha1: true,
            ..Policy::default()
        };
        assert_eq!(evaluate(&weak, &lenient), Ok("RSA-PKCS1-X".into()));
        let short = fact(DigestAlgorithm::Sha256, 1024, true);
        assert!(matches!(
            evaluate(&short, &strict),
            Err(SignatureError::ConstraintsFailure(why)) if why.contains("1024 bits")
        ));
    }

    #[test]
    fn a_broken_value_is_a_crypto_failure_whatever_its_algorithm() {
        let broken = fact(DigestAlgorithm::Sha1, 1024, false);
        assert_eq!(
            evaluate(&broken, &Policy::default()),
            Err(SignatureError::Invalid)
        );
    }
}
