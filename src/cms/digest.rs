//! Message digests named by CMS AlgorithmIdentifiers, computed over the signed parts in place.

use super::ber::oid_to_string;

/// Digest algorithms a CMS SignerInfo may name and this build computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestKind {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sm3,
}

impl DigestKind {
    /// From OID content octets; `None` for anything this build does not compute.
    pub fn from_oid(oid: &[u8]) -> Option<Self> {
        Some(match oid_to_string(oid)?.as_str() {
            "1.3.14.3.2.26" => DigestKind::Sha1,
            "2.16.840.1.101.3.4.2.4" => DigestKind::Sha224,
            "2.16.840.1.101.3.4.2.1" => DigestKind::Sha256,
            "2.16.840.1.101.3.4.2.2" => DigestKind::Sha384,
            "2.16.840.1.101.3.4.2.3" => DigestKind::Sha512,
            "1.2.156.10197.1.401" => DigestKind::Sm3,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            DigestKind::Sha1 => "SHA-1",
            DigestKind::Sha224 => "SHA-224",
            DigestKind::Sha256 => "SHA-256",
            DigestKind::Sha384 => "SHA-384",
            DigestKind::Sha512 => "SHA-512",
            DigestKind::Sm3 => "SM3",
        }
    }

    /// Digest of the concatenation of `parts`, hashed where they lie.
    pub fn digest_parts(self, parts: &[&[u8]]) -> Vec<u8> {
        fn with_ring(alg: &'static ring::digest::Algorithm, parts: &[&[u8]]) -> Vec<u8> {
            let mut ctx = ring::digest::Context::new(alg);
            for part in parts {
                ctx.update(part);
            }
            ctx.finish().as_ref().to_vec()
        }
        match self {
            DigestKind::Sha1 => with_ring(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, parts),
            DigestKind::Sha256 => with_ring(&ring::digest::SHA256, parts),
            DigestKind::Sha384 => with_ring(&ring::digest::SHA384, parts),
            DigestKind::Sha512 => with_ring(&ring::digest::SHA512, parts),
            DigestKind::Sha224 => {
                use sha2::Digest as _;
                let mut h = sha2::Sha224::new();
                for part in parts {
                    h.update(part);
                }
                h.finalize().to_vec()
            }
            DigestKind::Sm3 => {
                use sm3::Digest as _;
                let mut h = sm3::Sm3::new();
                for part in parts {
                    h.update(part);
                }
                h.finalize().to_vec()
            }
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        self.digest_parts(&[data])
    }
}
