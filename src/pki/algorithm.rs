//! Signature algorithms: RSA, ECDSA, Ed25519 through ring; SM2/SM3 through RustCrypto.
//!
//! The AlgorithmIdentifier and SubjectPublicKeyInfo structures are read with the small DER
//! reader in `crate::asn1::der`, so that every unknown or hostile encoding becomes a
//! [`SignatureError`] naming what was found.

use ring::signature as ring_sig;

use super::digest::{self, DigestAlgorithm};
use super::SignatureError;
use crate::asn1::der::{self, tag, DerError, Reader, Tlv};
use crate::facts::crypto::{SchemeFact, SignatureValueFact};
use crate::policy::Policy;

mod ecdsa_fallback;
mod rsa_fallback;

pub use crate::asn1::oid::{
    OID_CURVE_P256, OID_CURVE_P384, OID_CURVE_P521, OID_ECDSA_SHA1, OID_ECDSA_SHA224,
    OID_ECDSA_SHA256, OID_ECDSA_SHA384, OID_ECDSA_SHA512, OID_EC_PUBLIC_KEY, OID_ED25519,
    OID_ED448, OID_MGF1, OID_RSASSA_PSS, OID_RSA_ENCRYPTION, OID_SHA1_WITH_RSA,
    OID_SHA224_WITH_RSA, OID_SHA256_WITH_RSA, OID_SHA384_WITH_RSA, OID_SHA512_WITH_RSA,
    OID_SM2_CURVE, OID_SM2_SIGN_KEY, OID_SM2_WITH_SM3,
};

/// Default SM2 distinguishing identifier (GB/T 35276 §5.3, GM/T 0009).
pub const SM2_DEFAULT_ID: &str = "1234567812345678";

/// Verifies `signature` over `message` with the key in `spki_der` (a SubjectPublicKeyInfo TLV)
/// and applies the policy's algorithm rules: [`examine_signature`] judged by
/// [`crate::evaluate`].
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
    let fact = examine_signature(
        spki_der,
        signature_algorithm_der,
        digest_algorithm_der,
        message,
        signature,
    );
    crate::evaluate::evaluate(&fact, policy)
}

/// The fact of one signature value, whatever the policy says of its algorithm: the scheme (hash,
/// RSA key length) and whether the mathematics says the value verifies. Weak algorithms are
/// verified like any other, so that the policy can tell "intact but weak" from "broken".
pub fn examine_signature(
    spki_der: &[u8],
    signature_algorithm_der: &[u8],
    digest_algorithm_der: Option<&[u8]>,
    message: &[u8],
    signature: &[u8],
) -> SignatureValueFact {
    let read = || -> Result<(SubjectPublicKeyInfo<'_>, Scheme), SignatureError> {
        let key_info = SubjectPublicKeyInfo::parse(spki_der)?;
        let sig_alg = AlgorithmId::parse(signature_algorithm_der, "signature AlgorithmIdentifier")?;
        let scheme = Scheme::from_signature_algorithm(&sig_alg, &key_info, digest_algorithm_der)?;
        Ok((key_info, scheme))
    };
    let (key_info, scheme) = match read() {
        Ok(read) => read,
        Err(error) => return SignatureValueFact::unreadable(error),
    };
    let rsa_bits = match scheme {
        Scheme::RsaPkcs1(_) | Scheme::RsaPss(..) => key_info.rsa_key().ok().map(|key| key.bits),
        _ => None,
    };
    SignatureValueFact {
        scheme: Some(SchemeFact {
            family: scheme.family_name(),
            digest: scheme.digest(),
            rsa_bits,
        }),
        verification: verify_with_scheme(scheme, &key_info, message, signature),
    }
}

/// Verifies the value with the scheme, whatever the policy says of it.
fn verify_with_scheme(
    scheme: Scheme,
    key_info: &SubjectPublicKeyInfo<'_>,
    message: &[u8],
    signature: &[u8],
) -> Result<String, SignatureError> {
    match scheme {
        Scheme::RsaPkcs1(hash) | Scheme::RsaPss(hash, _) => {
            let key = key_info.rsa_key()?;
            let name = match scheme {
                Scheme::RsaPss(_, salt) if salt != hash.output_len() => format!(
                    "{}-{} (salt {salt} bytes)",
                    scheme.family_name(),
                    hash.short_name()
                ),
                _ => format!("{}-{}", scheme.family_name(), hash.short_name()),
            };
            // ring where it has the parameter set (faster); RustCrypto `rsa` for the rest:
            // PSS salts other than the hash length, SHA-224, SHA-384 with short keys.
            match ring_rsa_parameters(&scheme, key.bits) {
                Some(params) => ring_sig::UnparsedPublicKey::new(params, key.der)
                    .verify(message, signature)
                    .map_err(|_| SignatureError::Invalid)?,
                None => {
                    rsa_fallback::verify(scheme, key.der, message, signature).map_err(
                        |e| match e {
                            SignatureError::Unsupported(why) => {
                                SignatureError::Unsupported(format!("{name}: {why}"))
                            }
                            other => other,
                        },
                    )?
                }
            }
            Ok(name)
        }
        Scheme::Ecdsa(hash) => {
            let (curve, point) = key_info.ec_key()?;
            let name = format!("ECDSA-{}-{}", curve.short_name(), hash.short_name());
            // ring for the pairs it has (faster); RustCrypto over the prehashed digest for the
            // other hashes on P-256 / P-384 (SHA-1, SHA-224, SHA-512, …).
            let algorithm: Option<&'static ring_sig::EcdsaVerificationAlgorithm> =
                match (curve, hash) {
                    (Curve::P256, DigestAlgorithm::Sha256) => {
                        Some(&ring_sig::ECDSA_P256_SHA256_ASN1)
                    }
                    (Curve::P256, DigestAlgorithm::Sha384) => {
                        Some(&ring_sig::ECDSA_P256_SHA384_ASN1)
                    }
                    (Curve::P384, DigestAlgorithm::Sha256) => {
                        Some(&ring_sig::ECDSA_P384_SHA256_ASN1)
                    }
                    (Curve::P384, DigestAlgorithm::Sha384) => {
                        Some(&ring_sig::ECDSA_P384_SHA384_ASN1)
                    }
                    (Curve::Sm2, _) => {
                        return Err(SignatureError::Unsupported(format!(
                            "ECDSA ({}) with an SM2 key",
                            hash.name()
                        )))
                    }
                    (_, DigestAlgorithm::Sm3) => return Err(SignatureError::Unsupported(name)),
                    _ => None,
                };
            let expected_len = match curve {
                Curve::P256 => 65,
                _ => 97,
            };
            match point.first() {
                Some(0x04) if point.len() == expected_len => {}
                Some(0x02 | 0x03) => {
                    return Err(SignatureError::Unsupported(format!(
                        "{name} with a compressed public key point"
                    )))
                }
                _ => {
                    return Err(SignatureError::Malformed(format!(
                        "{} public key point has a wrong encoding or length",
                        curve.short_name()
                    )))
                }
            }
            match algorithm {
                Some(algorithm) => ring_sig::UnparsedPublicKey::new(algorithm, point)
                    .verify(message, signature)
                    .map_err(|_| SignatureError::Invalid)?,
                None => ecdsa_fallback::verify(curve, hash, point, message, signature)?,
            }
            Ok(name)
        }
        Scheme::Ed25519 => {
            let point = key_info.ed25519_key()?;
            ring_sig::UnparsedPublicKey::new(&ring_sig::ED25519, point)
                .verify(message, signature)
                .map_err(|_| SignatureError::Invalid)?;
            Ok("Ed25519".into())
        }
        Scheme::Sm2Sm3 => {
            let point = key_info.sm2_key()?;
            verify_sm2_sm3(point, message, signature)?;
            Ok("SM2-SM3".into())
        }
    }
}

/// SM2 signature with SM3 and the default distinguishing identifier `1234567812345678`.
///
/// `public_key_sec1` is the SEC1 point (`04 || x || y`, or compressed); `signature` may be
/// DER (`SEQUENCE { r INTEGER, s INTEGER }`, GB/T 35275) or the raw 64-byte `r || s`.
pub fn verify_sm2_sm3(
    public_key_sec1: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    verify_sm2_sm3_with_id(public_key_sec1, SM2_DEFAULT_ID, message, signature)
}

/// Like [`verify_sm2_sm3`], with an explicit distinguishing identifier.
pub fn verify_sm2_sm3_with_id(
    public_key_sec1: &[u8],
    distinguishing_id: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    use sm2::dsa::signature::Verifier;

    let key = sm2::dsa::VerifyingKey::from_sec1_bytes(distinguishing_id, public_key_sec1).map_err(
        |_| SignatureError::Malformed("SM2 public key is not a point on the curve".into()),
    )?;
    // A 64-byte value could in principle be both a DER encoding and r||s; each reading that
    // parses is tried, and either verifying is a valid signature over this message.
    let mut candidates = Vec::with_capacity(2);
    if signature.first() == Some(&0x30) {
        if let Ok(sig) = sm2::dsa::Signature::from_der(signature) {
            candidates.push(sig);
        }
    }
    if signature.len() == 64 {
        if let Ok(sig) = sm2::dsa::Signature::from_slice(signature) {
            candidates.push(sig);
        }
    }
    if candidates
        .iter()
        .any(|sig| key.verify(message, sig).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

/// A parsed AlgorithmIdentifier: dotted OID and the raw parameters element, if any.
#[derive(Debug, Clone)]
pub struct AlgorithmId<'a> {
    /// Dotted-decimal algorithm OID, e.g. `1.2.156.10197.1.501` for SM2-with-SM3.
    pub oid: String,
    /// The raw parameters element (often NULL or absent; a curve OID for EC keys).
    pub params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmId<'a> {
    /// Parses one DER AlgorithmIdentifier; `what` names the field in the error message.
    pub fn parse(der: &'a [u8], what: &str) -> Result<Self, SignatureError> {
        let tlv = der::Tlv::parse_exact(der).map_err(|e| malformed(what, e))?;
        Self::from_tlv(&tlv, what)
    }

    fn from_tlv(tlv: &Tlv<'a>, what: &str) -> Result<Self, SignatureError> {
        if tlv.tag != tag::SEQUENCE {
            return Err(SignatureError::Malformed(format!(
                "{what} is not a SEQUENCE"
            )));
        }
        let mut reader = tlv.reader();
        let oid = reader.next_oid().map_err(|e| malformed(what, e))?;
        let params = if reader.is_empty() {
            None
        } else {
            Some(reader.next_any().map_err(|e| malformed(what, e))?)
        };
        reader.finish().map_err(|e| malformed(what, e))?;
        Ok(AlgorithmId { oid, params })
    }

    /// Parameters that are absent or NULL.
    fn has_no_params(&self) -> bool {
        match &self.params {
            None => true,
            Some(p) => p.tag == tag::NULL && p.content.is_empty(),
        }
    }
}

fn malformed(what: &str, e: der::DerError) -> SignatureError {
    SignatureError::Malformed(format!("{what}: {e}"))
}

/// A parsed SubjectPublicKeyInfo: algorithm and the key bits.
#[derive(Debug, Clone)]
pub struct SubjectPublicKeyInfo<'a> {
    /// Algorithm of the key (rsaEncryption, id-ecPublicKey with its curve, ...).
    pub algorithm: AlgorithmId<'a>,
    /// Content of the subjectPublicKey BIT STRING.
    pub key: &'a [u8],
}

struct RsaKey<'a> {
    /// RSAPublicKey DER (what ring takes).
    der: &'a [u8],
    bits: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    Sm2,
}

impl Curve {
    fn short_name(self) -> &'static str {
        match self {
            Curve::P256 => "P256",
            Curve::P384 => "P384",
            Curve::Sm2 => "SM2",
        }
    }
}

impl<'a> SubjectPublicKeyInfo<'a> {
    /// Parses one DER SubjectPublicKeyInfo.
    pub fn parse(der: &'a [u8]) -> Result<Self, SignatureError> {
        let what = "SubjectPublicKeyInfo";
        let tlv = der::Tlv::parse_exact(der).map_err(|e| malformed(what, e))?;
        if tlv.tag != tag::SEQUENCE {
            return Err(SignatureError::Malformed(format!(
                "{what} is not a SEQUENCE"
            )));
        }
        let mut reader = tlv.reader();
        let alg_tlv = reader
            .next_tag(tag::SEQUENCE)
            .map_err(|e| malformed(what, e))?;
        let algorithm = AlgorithmId::from_tlv(&alg_tlv, "public key AlgorithmIdentifier")?;
        let key = reader
            .next_any()
            .and_then(|bits| bits.bit_string_bytes())
            .map_err(|e| malformed(what, e))?;
        reader.finish().map_err(|e| malformed(what, e))?;
        Ok(SubjectPublicKeyInfo { algorithm, key })
    }

    /// The named curve of an id-ecPublicKey key, as a dotted OID.
    fn named_curve(&self) -> Result<String, SignatureError> {
        match &self.algorithm.params {
            Some(p) if p.tag == tag::OID => crate::asn1::oid::to_dotted(p.content)
                .ok_or_else(|| malformed("EC curve", DerError::Malformed("OBJECT IDENTIFIER"))),
            Some(p) if p.tag == tag::SEQUENCE => Err(SignatureError::Unsupported(
                "EC key with explicit curve parameters".into(),
            )),
            _ => Err(SignatureError::Malformed(
                "EC key without a named curve".into(),
            )),
        }
    }

    /// True for SM2 keys, whichever way they are labelled.
    fn is_sm2(&self) -> bool {
        match self.algorithm.oid.as_str() {
            OID_SM2_CURVE | OID_SM2_SIGN_KEY => true,
            OID_EC_PUBLIC_KEY => self.named_curve().ok().as_deref() == Some(OID_SM2_CURVE),
            _ => false,
        }
    }

    fn rsa_key(&self) -> Result<RsaKey<'a>, SignatureError> {
        match self.algorithm.oid.as_str() {
            OID_RSA_ENCRYPTION | OID_RSASSA_PSS => {}
            other => return Err(key_mismatch("RSA", other)),
        }
        let what = "RSAPublicKey";
        let seq = der::Tlv::parse_exact(self.key).map_err(|e| malformed(what, e))?;
        if seq.tag != tag::SEQUENCE {
            return Err(SignatureError::Malformed(format!(
                "{what} is not a SEQUENCE"
            )));
        }
        let mut reader = seq.reader();
        let modulus = reader
            .next_tag(tag::INTEGER)
            .and_then(|n| der::unsigned_integer_bytes(n.content))
            .map_err(|e| malformed(what, e))?;
        reader
            .next_tag(tag::INTEGER)
            .map_err(|e| malformed(what, e))?;
        reader.finish().map_err(|e| malformed(what, e))?;
        Ok(RsaKey {
            der: self.key,
            bits: der::bit_length(modulus),
        })
    }

    fn ec_key(&self) -> Result<(Curve, &'a [u8]), SignatureError> {
        if self.algorithm.oid != OID_EC_PUBLIC_KEY {
            if self.is_sm2() {
                return Ok((Curve::Sm2, self.key));
            }
            return Err(key_mismatch("ECDSA", &self.algorithm.oid));
        }
        let curve = match self.named_curve()?.as_str() {
            OID_CURVE_P256 => Curve::P256,
            OID_CURVE_P384 => Curve::P384,
            OID_SM2_CURVE => Curve::Sm2,
            other => {
                return Err(SignatureError::Unsupported(format!(
                    "ECDSA on curve {}",
                    curve_name(other)
                )))
            }
        };
        Ok((curve, self.key))
    }

    fn ed25519_key(&self) -> Result<&'a [u8], SignatureError> {
        if self.algorithm.oid != OID_ED25519 {
            return Err(key_mismatch("Ed25519", &self.algorithm.oid));
        }
        if self.key.len() != 32 || self.algorithm.params.is_some() {
            return Err(SignatureError::Malformed(
                "Ed25519 public key must be 32 bytes without parameters".into(),
            ));
        }
        Ok(self.key)
    }

    fn sm2_key(&self) -> Result<&'a [u8], SignatureError> {
        if !self.is_sm2() {
            let oid = &self.algorithm.oid;
            if oid == OID_EC_PUBLIC_KEY {
                let curve = self.named_curve().unwrap_or_else(|_| "unknown".into());
                return Err(SignatureError::Malformed(format!(
                    "SM2-SM3 signature with an EC key on curve {}",
                    curve_name(&curve)
                )));
            }
            return Err(key_mismatch("SM2-SM3", oid));
        }
        Ok(self.key)
    }
}

fn key_mismatch(scheme: &str, key_oid: &str) -> SignatureError {
    SignatureError::Malformed(format!(
        "{scheme} signature with a {} key",
        public_key_name(key_oid)
    ))
}

/// How the signature value is to be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    RsaPkcs1(DigestAlgorithm),
    /// Hash (also MGF1's) and salt length in bytes.
    RsaPss(DigestAlgorithm, usize),
    Ecdsa(DigestAlgorithm),
    Ed25519,
    Sm2Sm3,
}

impl Scheme {
    fn from_signature_algorithm(
        sig_alg: &AlgorithmId<'_>,
        key_info: &SubjectPublicKeyInfo<'_>,
        digest_algorithm_der: Option<&[u8]>,
    ) -> Result<Self, SignatureError> {
        let caller_digest = || -> Result<DigestAlgorithm, SignatureError> {
            let der = digest_algorithm_der.ok_or_else(|| {
                SignatureError::Malformed(format!(
                    "signature algorithm {} needs a separate digest algorithm",
                    signature_algorithm_name(&sig_alg.oid)
                ))
            })?;
            DigestAlgorithm::from_algorithm_identifier(der)
        };
        let scheme = match sig_alg.oid.as_str() {
            OID_SHA1_WITH_RSA => Scheme::RsaPkcs1(DigestAlgorithm::Sha1),
            OID_SHA224_WITH_RSA => Scheme::RsaPkcs1(DigestAlgorithm::Sha224),
            OID_SHA256_WITH_RSA => Scheme::RsaPkcs1(DigestAlgorithm::Sha256),
            OID_SHA384_WITH_RSA => Scheme::RsaPkcs1(DigestAlgorithm::Sha384),
            OID_SHA512_WITH_RSA => Scheme::RsaPkcs1(DigestAlgorithm::Sha512),
            OID_RSA_ENCRYPTION => Scheme::RsaPkcs1(caller_digest()?),
            OID_RSASSA_PSS => {
                let (hash, salt) = parse_pss_params(sig_alg.params.as_ref())?;
                Scheme::RsaPss(hash, salt)
            }
            OID_ECDSA_SHA1 => Scheme::Ecdsa(DigestAlgorithm::Sha1),
            OID_ECDSA_SHA224 => Scheme::Ecdsa(DigestAlgorithm::Sha224),
            OID_ECDSA_SHA256 => Scheme::Ecdsa(DigestAlgorithm::Sha256),
            OID_ECDSA_SHA384 => Scheme::Ecdsa(DigestAlgorithm::Sha384),
            OID_ECDSA_SHA512 => Scheme::Ecdsa(DigestAlgorithm::Sha512),
            OID_EC_PUBLIC_KEY if key_info.is_sm2() => sm2_with(digest_algorithm_der)?,
            OID_EC_PUBLIC_KEY => Scheme::Ecdsa(caller_digest()?),
            OID_ED25519 => Scheme::Ed25519,
            OID_SM2_WITH_SM3 => Scheme::Sm2Sm3,
            OID_SM2_CURVE | OID_SM2_SIGN_KEY => sm2_with(digest_algorithm_der)?,
            other => {
                return Err(SignatureError::Unsupported(signature_algorithm_name(other)));
            }
        };
        if matches!(scheme, Scheme::RsaPkcs1(_) | Scheme::Ecdsa(_))
            && sig_alg.oid != OID_EC_PUBLIC_KEY
            && !sig_alg.has_no_params()
        {
            return Err(SignatureError::Malformed(format!(
                "{} AlgorithmIdentifier has unexpected parameters",
                signature_algorithm_name(&sig_alg.oid)
            )));
        }
        Ok(scheme)
    }

    fn digest(self) -> Option<DigestAlgorithm> {
        match self {
            Scheme::RsaPkcs1(h) | Scheme::RsaPss(h, _) | Scheme::Ecdsa(h) => Some(h),
            Scheme::Ed25519 => None,
            Scheme::Sm2Sm3 => Some(DigestAlgorithm::Sm3),
        }
    }

    fn family_name(self) -> &'static str {
        match self {
            Scheme::RsaPkcs1(_) => "RSA-PKCS1",
            Scheme::RsaPss(..) => "RSA-PSS",
            Scheme::Ecdsa(_) => "ECDSA",
            Scheme::Ed25519 => "Ed25519",
            Scheme::Sm2Sm3 => "SM2-SM3",
        }
    }
}

/// SM2 named only by its key OID: the hash must be SM3 (or unspecified).
fn sm2_with(digest_algorithm_der: Option<&[u8]>) -> Result<Scheme, SignatureError> {
    match digest_algorithm_der {
        None => Ok(Scheme::Sm2Sm3),
        Some(der) => match DigestAlgorithm::from_algorithm_identifier(der)? {
            DigestAlgorithm::Sm3 => Ok(Scheme::Sm2Sm3),
            other => Err(SignatureError::Unsupported(format!(
                "SM2-{}",
                other.short_name()
            ))),
        },
    }
}

/// RSASSA-PSS-params (RFC 4055): the hash and the declared salt length (any; OpenSSL signs
/// CMS with the largest salt the key allows by default). MGF1 with the same hash and trailer 1
/// only: that is what every signer uses.
fn parse_pss_params(params: Option<&Tlv<'_>>) -> Result<(DigestAlgorithm, usize), SignatureError> {
    let what = "RSASSA-PSS parameters";
    let seq = match params {
        Some(p) if p.tag == tag::SEQUENCE => p,
        _ => {
            return Err(SignatureError::Malformed(format!(
                "{what} missing or not a SEQUENCE"
            )))
        }
    };
    let mut reader: Reader<'_> = seq.reader();
    let mut hash = DigestAlgorithm::Sha1;
    let mut mgf_hash = DigestAlgorithm::Sha1;
    let mut salt_len: u64 = 20;
    let mut trailer: u64 = 1;
    if let Some(t) = reader
        .optional(der::tag::context(0))
        .map_err(|e| malformed(what, e))?
    {
        hash = DigestAlgorithm::from_algorithm_identifier(explicit_inner(t, what)?.raw)?;
    }
    if let Some(t) = reader
        .optional(der::tag::context(1))
        .map_err(|e| malformed(what, e))?
    {
        let inner = explicit_inner(t, what)?;
        let mgf = AlgorithmId::from_tlv(&inner, "PSS mask generation function")?;
        if mgf.oid != OID_MGF1 {
            return Err(SignatureError::Unsupported(format!(
                "RSA-PSS with mask generation function {}",
                mgf.oid
            )));
        }
        let mgf_params = mgf
            .params
            .ok_or_else(|| SignatureError::Malformed("MGF1 without a hash algorithm".into()))?;
        mgf_hash = DigestAlgorithm::from_algorithm_identifier(mgf_params.raw)?;
    }
    if let Some(t) = reader
        .optional(der::tag::context(2))
        .map_err(|e| malformed(what, e))?
    {
        let inner = explicit_inner(t, what)?;
        if inner.tag != tag::INTEGER {
            return Err(SignatureError::Malformed(format!("{what}: saltLength")));
        }
        salt_len = der::small_unsigned(inner.content).map_err(|e| malformed(what, e))?;
    }
    if let Some(t) = reader
        .optional(der::tag::context(3))
        .map_err(|e| malformed(what, e))?
    {
        let inner = explicit_inner(t, what)?;
        if inner.tag != tag::INTEGER {
            return Err(SignatureError::Malformed(format!("{what}: trailerField")));
        }
        trailer = der::small_unsigned(inner.content).map_err(|e| malformed(what, e))?;
    }
    reader.finish().map_err(|e| malformed(what, e))?;
    if mgf_hash != hash {
        return Err(SignatureError::Unsupported(format!(
            "RSA-PSS with {} and MGF1 with {}",
            hash.name(),
            mgf_hash.name()
        )));
    }
    // No RSA key this verifier accepts (at most 8192 bits) leaves room for a longer salt.
    let salt_len = usize::try_from(salt_len)
        .ok()
        .filter(|&s| s <= 1024)
        .ok_or_else(|| {
            SignatureError::Malformed(format!("{what}: salt length {salt_len} is impossible"))
        })?;
    if trailer != 1 {
        return Err(SignatureError::Unsupported(format!(
            "RSA-PSS with trailer field {trailer}"
        )));
    }
    Ok((hash, salt_len))
}

/// The single element inside an EXPLICIT context tag.
fn explicit_inner<'a>(tlv: Tlv<'a>, what: &str) -> Result<Tlv<'a>, SignatureError> {
    der::Tlv::parse_exact(tlv.content).map_err(|e| malformed(what, e))
}

/// ring's parameter set for an RSA scheme and modulus size, if ring has one.
fn ring_rsa_parameters(scheme: &Scheme, bits: usize) -> Option<&'static ring_sig::RsaParameters> {
    if !(1024..=8192).contains(&bits) {
        return None;
    }
    let full = bits >= 2048;
    match (scheme, full) {
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha1), true) => {
            Some(&ring_sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha256), true) => {
            Some(&ring_sig::RSA_PKCS1_2048_8192_SHA256)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha384), true) => {
            Some(&ring_sig::RSA_PKCS1_2048_8192_SHA384)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha512), true) => {
            Some(&ring_sig::RSA_PKCS1_2048_8192_SHA512)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha1), false) => {
            Some(&ring_sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha256), false) => {
            Some(&ring_sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY)
        }
        (Scheme::RsaPkcs1(DigestAlgorithm::Sha512), false) => {
            Some(&ring_sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY)
        }
        (Scheme::RsaPss(DigestAlgorithm::Sha256, 32), true) => {
            Some(&ring_sig::RSA_PSS_2048_8192_SHA256)
        }
        (Scheme::RsaPss(DigestAlgorithm::Sha384, 48), true) => {
            Some(&ring_sig::RSA_PSS_2048_8192_SHA384)
        }
        (Scheme::RsaPss(DigestAlgorithm::Sha512, 64), true) => {
            Some(&ring_sig::RSA_PSS_2048_8192_SHA512)
        }
        _ => None,
    }
}

/// Readable name of a signature algorithm OID (with the OID), or the dotted OID.
pub fn signature_algorithm_name(oid: &str) -> String {
    let name = match oid {
        OID_SHA1_WITH_RSA => "RSA-PKCS1-SHA1",
        OID_SHA224_WITH_RSA => "RSA-PKCS1-SHA224",
        OID_SHA256_WITH_RSA => "RSA-PKCS1-SHA256",
        OID_SHA384_WITH_RSA => "RSA-PKCS1-SHA384",
        OID_SHA512_WITH_RSA => "RSA-PKCS1-SHA512",
        OID_RSA_ENCRYPTION => "rsaEncryption",
        OID_RSASSA_PSS => "RSASSA-PSS",
        OID_ECDSA_SHA1 => "ECDSA-SHA1",
        OID_ECDSA_SHA224 => "ECDSA-SHA224",
        OID_ECDSA_SHA256 => "ECDSA-SHA256",
        OID_ECDSA_SHA384 => "ECDSA-SHA384",
        OID_ECDSA_SHA512 => "ECDSA-SHA512",
        OID_EC_PUBLIC_KEY => "id-ecPublicKey",
        OID_ED25519 => "Ed25519",
        OID_ED448 => "Ed448",
        OID_SM2_WITH_SM3 => "SM2-SM3",
        "1.2.156.10197.1.502" => "SM2-SHA1",
        "1.2.156.10197.1.503" => "SM2-SHA256",
        "1.2.840.113549.1.1.4" => "RSA-PKCS1-MD5",
        "1.2.840.113549.1.1.2" => "RSA-PKCS1-MD2",
        "1.2.840.113549.1.1.15" => "RSA-PKCS1-SHA512/224",
        "1.2.840.113549.1.1.16" => "RSA-PKCS1-SHA512/256",
        "2.16.840.1.101.3.4.3.10" => "ECDSA-SHA3-256",
        "2.16.840.1.101.3.4.3.11" => "ECDSA-SHA3-384",
        "2.16.840.1.101.3.4.3.12" => "ECDSA-SHA3-512",
        "2.16.840.1.101.3.4.3.14" => "RSA-PKCS1-SHA3-256",
        "2.16.840.1.101.3.4.3.15" => "RSA-PKCS1-SHA3-384",
        "2.16.840.1.101.3.4.3.16" => "RSA-PKCS1-SHA3-512",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.10040.4.3" => "DSA-SHA1",
        "2.16.840.1.101.3.4.3.1" => "DSA-SHA224",
        "2.16.840.1.101.3.4.3.2" => "DSA-SHA256",
        _ => return digest::algorithm_name(oid),
    };
    format!("{name} ({oid})")
}

/// Readable name of a public key algorithm OID.
pub fn public_key_name(oid: &str) -> String {
    let name = match oid {
        OID_RSA_ENCRYPTION => "RSA",
        OID_RSASSA_PSS => "RSASSA-PSS",
        OID_EC_PUBLIC_KEY => "EC",
        OID_ED25519 => "Ed25519",
        OID_ED448 => "Ed448",
        OID_SM2_CURVE | OID_SM2_SIGN_KEY => "SM2",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        _ => return oid.to_string(),
    };
    format!("{name} ({oid})")
}

/// Readable name of a named-curve OID.
pub fn curve_name(oid: &str) -> String {
    let name = match oid {
        OID_CURVE_P256 => "P-256",
        OID_CURVE_P384 => "P-384",
        OID_CURVE_P521 => "P-521",
        OID_SM2_CURVE => "SM2",
        "1.3.132.0.10" => "secp256k1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        _ => return oid.to_string(),
    };
    format!("{name} ({oid})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cert::CertificateParts;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/testdata/pki/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// DER AlgorithmIdentifier for a dotted OID, with or without NULL parameters.
    fn alg_id(dotted: &str, null_params: bool) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = Vec::new();
        let push_arc = |mut v: u64, out: &mut Vec<u8>| {
            let mut tmp = vec![(v & 0x7f) as u8];
            v >>= 7;
            while v > 0 {
                tmp.push(0x80 | (v & 0x7f) as u8);
                v >>= 7;
            }
            tmp.reverse();
            out.extend(tmp);
        };
        push_arc(arcs[0] * 40 + arcs[1], &mut body);
        for &arc in &arcs[2..] {
            push_arc(arc, &mut body);
        }
        let mut oid = vec![0x06, body.len() as u8];
        oid.extend(body);
        if null_params {
            oid.extend([0x05, 0x00]);
        }
        let mut seq = vec![0x30, oid.len() as u8];
        seq.extend(oid);
        seq
    }

    /// Verifies a self-signed fixture certificate's own signature.
    fn verify_self_signed(name: &str, policy: &Policy) -> Result<String, SignatureError> {
        let der = fixture(name);
        let cert = CertificateParts::parse(&der).unwrap();
        verify_signature(
            cert.spki,
            cert.signature_algorithm,
            None,
            cert.tbs,
            cert.signature,
            policy,
        )
    }

    fn tampered_self_signed(name: &str) -> Result<String, SignatureError> {
        let der = fixture(name);
        let cert = CertificateParts::parse(&der).unwrap();
        let mut tbs = cert.tbs.to_vec();
        let last = tbs.len() - 1;
        tbs[last] ^= 0x01;
        verify_signature(
            cert.spki,
            cert.signature_algorithm,
            None,
            &tbs,
            cert.signature,
            &Policy::default(),
        )
    }

    #[test]
    fn supported_self_signed_certificates_verify_and_tampering_is_detected() {
        let cases = [
            ("rsa2048-sha256.der", "RSA-PKCS1-SHA256"),
            ("rsa2048-pss-sha256.der", "RSA-PSS-SHA256"),
            // Any declared salt length (ring takes only the hash length; these go to `rsa`).
            ("rsa2048-pss-salt20.der", "RSA-PSS-SHA256 (salt 20 bytes)"),
            ("rsa2048-pss-saltmax.der", "RSA-PSS-SHA256 (salt 222 bytes)"),
            (
                "rsa2048-pss-sha512-saltmax.der",
                "RSA-PSS-SHA512 (salt 190 bytes)",
            ),
            ("p256-sha256.der", "ECDSA-P256-SHA256"),
            ("p256-sha384.der", "ECDSA-P256-SHA384"),
            ("p384-sha384.der", "ECDSA-P384-SHA384"),
            // Pairs ring does not have: RustCrypto over the prehashed digest.
            ("p256-sha512.der", "ECDSA-P256-SHA512"),
            ("p384-sha512.der", "ECDSA-P384-SHA512"),
            ("ed25519.der", "Ed25519"),
        ];
        for (file, expected) in cases {
            assert_eq!(
                verify_self_signed(file, &Policy::default()).as_deref(),
                Ok(expected),
                "{file}"
            );
            assert_eq!(
                tampered_self_signed(file),
                Err(SignatureError::Invalid),
                "{file}"
            );
        }
    }

    #[test]
    fn unsupported_algorithms_are_named() {
        let cases = [
            ("ed448.der", "Ed448"),
            ("p521-sha512.der", "P-521"),
            ("brainpool-sha256.der", "brainpoolP256r1"),
        ];
        for (file, needle) in cases {
            match verify_self_signed(file, &Policy::default()) {
                Err(SignatureError::Unsupported(what)) => {
                    assert!(what.contains(needle), "{file}: {what}")
                }
                other => panic!("{file}: {other:?}"),
            }
        }
        // DSA and an unknown OID, with an otherwise valid RSA key.
        let spki = fixture("rsa2048-sha256.spki.der");
        for (oid, needle) in [
            ("2.16.840.1.101.3.4.3.2", "DSA-SHA256"),
            ("1.2.3.4.5", "1.2.3.4.5"),
        ] {
            match verify_signature(
                &spki,
                &alg_id(oid, false),
                None,
                b"m",
                b"s",
                &Policy::default(),
            ) {
                Err(SignatureError::Unsupported(what)) => assert!(what.contains(needle), "{what}"),
                other => panic!("{oid}: {other:?}"),
            }
        }
    }

    #[test]
    fn sha1_needs_policy_permission() {
        match verify_self_signed("rsa2048-sha1.der", &Policy::default()) {
            Err(SignatureError::ConstraintsFailure(what)) => {
                assert!(what.contains("SHA-1"), "{what}");
                assert!(what.contains("intact but weak"), "{what}");
            }
            other => panic!("{other:?}"),
        }
        let lenient = Policy {
            allow_sha1: true,
            ..Policy::default()
        };
        assert_eq!(
            verify_self_signed("rsa2048-sha1.der", &lenient).as_deref(),
            Ok("RSA-PKCS1-SHA1")
        );
    }

    #[test]
    fn weak_algorithms_are_still_verified_mathematically() {
        // Intact but weak: the policy rejects it, with the evidence that the value verifies.
        for file in [
            "rsa2048-sha1.der",
            "rsa1024-sha256.der",
            "rsa1024-sha384.der",
            "p256-sha1.der",
            "p384-sha1.der",
        ] {
            match verify_self_signed(file, &Policy::default()) {
                Err(SignatureError::ConstraintsFailure(what)) => {
                    assert!(what.contains("itself verifies"), "{file}: {what}")
                }
                other => panic!("{file}: {other:?}"),
            }
            // Broken and weak: the mathematics decides first.
            assert_eq!(
                tampered_self_signed(file),
                Err(SignatureError::Invalid),
                "{file}"
            );
        }
        let legacy = Policy {
            min_rsa_bits: 1024,
            ..Policy::default()
        };
        assert_eq!(
            verify_self_signed("rsa1024-sha384.der", &legacy).as_deref(),
            Ok("RSA-PKCS1-SHA384")
        );
    }

    #[test]
    fn short_rsa_keys_need_policy_permission() {
        match verify_self_signed("rsa1024-sha256.der", &Policy::default()) {
            Err(SignatureError::ConstraintsFailure(what)) => {
                assert!(what.contains("1024"), "{what}")
            }
            other => panic!("{other:?}"),
        }
        let legacy = Policy {
            min_rsa_bits: 1024,
            ..Policy::default()
        };
        assert_eq!(
            verify_self_signed("rsa1024-sha256.der", &legacy).as_deref(),
            Ok("RSA-PKCS1-SHA256")
        );
    }

    #[test]
    fn key_only_signature_algorithms_take_the_digest_from_the_caller() {
        let message = fixture("message.txt");
        let sha256 = alg_id(crate::pki::digest::OID_SHA256, true);
        let sha384 = alg_id(crate::pki::digest::OID_SHA384, true);
        let rsa_spki = fixture("rsa2048-sha256.spki.der");
        let rsa_sig = fixture("rsa2048-sha256.message.sig");
        let rsa_alg = alg_id(OID_RSA_ENCRYPTION, true);
        let policy = Policy::default();
        assert_eq!(
            verify_signature(
                &rsa_spki,
                &rsa_alg,
                Some(&sha256),
                &message,
                &rsa_sig,
                &policy
            )
            .as_deref(),
            Ok("RSA-PKCS1-SHA256")
        );
        assert!(matches!(
            verify_signature(&rsa_spki, &rsa_alg, None, &message, &rsa_sig, &policy),
            Err(SignatureError::Malformed(_))
        ));
        assert_eq!(
            verify_signature(
                &rsa_spki,
                &rsa_alg,
                Some(&sha384),
                &message,
                &rsa_sig,
                &policy
            ),
            Err(SignatureError::Invalid)
        );

        let ec_alg = alg_id(OID_EC_PUBLIC_KEY, false);
        assert_eq!(
            verify_signature(
                &fixture("p256-sha256.spki.der"),
                &ec_alg,
                Some(&sha256),
                &message,
                &fixture("p256-sha256.message.sig"),
                &policy
            )
            .as_deref(),
            Ok("ECDSA-P256-SHA256")
        );
        assert_eq!(
            verify_signature(
                &fixture("p384-sha384.spki.der"),
                &alg_id(OID_ECDSA_SHA384, false),
                None,
                &message,
                &fixture("p384-sha384.message.sig"),
                &policy
            )
            .as_deref(),
            Ok("ECDSA-P384-SHA384")
        );
        // An RSA signature algorithm with an EC key is a malformed combination.
        assert!(matches!(
            verify_signature(
                &fixture("p256-sha256.spki.der"),
                &alg_id(OID_SHA256_WITH_RSA, true),
                None,
                &message,
                &rsa_sig,
                &policy
            ),
            Err(SignatureError::Malformed(_))
        ));
    }

    #[test]
    fn sm2_with_sm3_verifies_der_and_raw_signatures() {
        let message = fixture("message.txt");
        let spki = fixture("gm_sign.spki.der");
        let der_sig = fixture("gm_sign.message.sig");
        let policy = Policy::default();
        let sm2_sm3 = alg_id(OID_SM2_WITH_SM3, false);
        assert_eq!(
            verify_signature(&spki, &sm2_sm3, None, &message, &der_sig, &policy).as_deref(),
            Ok("SM2-SM3")
        );
        // Labelled by the key OID with SM3 as the CMS digest algorithm.
        let sm3 = alg_id(crate::pki::digest::OID_SM3, false);
        assert_eq!(
            verify_signature(
                &spki,
                &alg_id(OID_SM2_CURVE, false),
                Some(&sm3),
                &message,
                &der_sig,
                &policy
            )
            .as_deref(),
            Ok("SM2-SM3")
        );
        // The same signature as raw r||s.
        let parsed = sm2::dsa::Signature::from_der(&der_sig).unwrap();
        let raw = parsed.to_bytes();
        assert_eq!(raw.len(), 64);
        assert_eq!(
            verify_signature(&spki, &sm2_sm3, None, &message, &raw, &policy).as_deref(),
            Ok("SM2-SM3")
        );
        let info = SubjectPublicKeyInfo::parse(&spki).unwrap();
        assert_eq!(verify_sm2_sm3(info.key, &message, &raw), Ok(()));
        assert_eq!(verify_sm2_sm3(info.key, &message, &der_sig), Ok(()));
        assert_eq!(
            verify_sm2_sm3(info.key, b"another message", &raw),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify_sm2_sm3(info.key, &message, &raw[..63]),
            Err(SignatureError::Invalid)
        );
        // A different distinguishing id gives a different Z and must not verify.
        assert_eq!(
            verify_sm2_sm3_with_id(info.key, "ALICE123@YAHOO.COM", &message, &der_sig),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn sm2_signatures_made_with_the_sm2_crate_verify() {
        use sm2::dsa::signature::Signer;
        let secret = sm2::SecretKey::from_slice(&[0x42; 32]).unwrap();
        let signing = sm2::dsa::SigningKey::new(SM2_DEFAULT_ID, &secret).unwrap();
        let signature: sm2::dsa::Signature = signing.sign(b"seal data");
        let point = secret.public_key().to_sec1_bytes();
        assert_eq!(
            verify_sm2_sm3(&point, b"seal data", &signature.to_bytes()),
            Ok(())
        );
        assert_eq!(
            verify_sm2_sm3(&point, b"seal data", signature.to_der().as_bytes()),
            Ok(())
        );
        assert_eq!(
            verify_sm2_sm3(&point, b"seal datA", &signature.to_bytes()),
            Err(SignatureError::Invalid)
        );
        assert!(matches!(
            verify_sm2_sm3(&[0x04; 65], b"seal data", &signature.to_bytes()),
            Err(SignatureError::Malformed(_))
        ));
    }

    #[test]
    fn hostile_inputs_are_errors_not_panics() {
        let spki = fixture("rsa2048-sha256.spki.der");
        let alg = alg_id(OID_SHA256_WITH_RSA, true);
        let policy = Policy::default();
        for cut in 0..spki.len() {
            assert!(matches!(
                verify_signature(&spki[..cut], &alg, None, b"m", b"s", &policy),
                Err(SignatureError::Malformed(_))
            ));
        }
        for cut in 0..alg.len() {
            assert!(verify_signature(&spki, &alg[..cut], None, b"m", b"s", &policy).is_err());
        }
        // PSS with a missing parameter block.
        assert!(matches!(
            verify_signature(
                &spki,
                &alg_id(OID_RSASSA_PSS, false),
                None,
                b"m",
                b"s",
                &policy
            ),
            Err(SignatureError::Malformed(_))
        ));
    }
}
