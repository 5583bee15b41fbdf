//! Object identifiers CMS verification looks at, and readable names for messages.

use crate::asn1::oid as algorithm_oid;
use crate::asn1::oid::to_dotted as oid_to_string;

/// id-signedData (RFC 5652): the CMS content type for signatures.
pub const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
/// id-data (RFC 5652): plain encapsulated content.
pub const DATA: &str = "1.2.840.113549.1.7.1";
/// GB/T 35275 (GM/T 0010) SM2 signedData and data content types, used by Chinese signers.
pub const GM_SIGNED_DATA: &str = "1.2.156.10197.6.1.4.2.2";
/// GB/T 35275 (GM/T 0010) data content type.
pub const GM_DATA: &str = "1.2.156.10197.6.1.4.2.1";
/// id-ct-TSTInfo (RFC 3161): the content type of a timestamp token.
pub const TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
/// contentType signed attribute (RFC 5652 §11.1).
pub const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
/// messageDigest signed attribute (RFC 5652 §11.2).
pub const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
/// signingTime signed attribute (RFC 5652 §11.3).
pub const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
/// ESS signingCertificate attribute, SHA-1 certificate hash (RFC 2634).
pub const SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
/// ESS signingCertificateV2 attribute, any hash algorithm (RFC 5035).
pub const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
/// signatureTimeStampToken unsigned attribute: an RFC 3161 timestamp over the signature value.
pub const SIGNATURE_TIMESTAMP_TOKEN: &str = "1.2.840.113549.1.9.16.2.14";
/// Adobe's revocationInfoArchival signed attribute (CRLs and OCSP responses at signing).
pub const ADOBE_REVOCATION_INFO: &str = "1.2.840.113583.1.1.8";

/// Does the OID content `content` spell `dotted`?
pub fn is(content: &[u8], dotted: &str) -> bool {
    oid_to_string(content).is_some_and(|s| s == dotted)
}

/// A readable name for an OID (algorithms and content types), else the dotted form.
pub fn name(content: &[u8]) -> String {
    let Some(dotted) = oid_to_string(content) else {
        return "malformed OID".into();
    };
    let known = match dotted.as_str() {
        DATA => "id-data",
        SIGNED_DATA => "id-signedData",
        GM_SIGNED_DATA => "GM signedData",
        GM_DATA => "GM data",
        TST_INFO => "id-ct-TSTInfo",
        algorithm_oid::OID_SHA1 => "SHA-1",
        algorithm_oid::OID_SHA256 => "SHA-256",
        algorithm_oid::OID_SHA384 => "SHA-384",
        algorithm_oid::OID_SHA512 => "SHA-512",
        algorithm_oid::OID_SHA224 => "SHA-224",
        algorithm_oid::OID_SHAKE256 => "SHAKE256",
        algorithm_oid::OID_SM3 => "SM3",
        algorithm_oid::OID_RSA_ENCRYPTION => "RSA",
        algorithm_oid::OID_SHA1_WITH_RSA => "RSA-PKCS1-SHA1",
        algorithm_oid::OID_RSASSA_PSS => "RSA-PSS",
        algorithm_oid::OID_SHA256_WITH_RSA => "RSA-PKCS1-SHA256",
        algorithm_oid::OID_SHA384_WITH_RSA => "RSA-PKCS1-SHA384",
        algorithm_oid::OID_SHA512_WITH_RSA => "RSA-PKCS1-SHA512",
        algorithm_oid::OID_EC_PUBLIC_KEY => "ECDSA",
        algorithm_oid::OID_ECDSA_SHA256 => "ECDSA-SHA256",
        algorithm_oid::OID_ECDSA_SHA384 => "ECDSA-SHA384",
        algorithm_oid::OID_ECDSA_SHA512 => "ECDSA-SHA512",
        algorithm_oid::OID_ED25519 => "Ed25519",
        algorithm_oid::OID_ED448 => "Ed448",
        algorithm_oid::OID_SM2_SIGN_KEY => "SM2",
        algorithm_oid::OID_SM2_WITH_SM3 => "SM2-SM3",
        _ => return dotted,
    };
    known.to_string()
}
