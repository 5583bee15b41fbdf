//! Object identifiers CMS verification looks at, and readable names for messages.

use crate::asn1::oid::to_dotted as oid_to_string;

pub const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
pub const DATA: &str = "1.2.840.113549.1.7.1";
/// GB/T 35275 (GM/T 0010) SM2 signedData and data content types, used by Chinese signers.
pub const GM_SIGNED_DATA: &str = "1.2.156.10197.6.1.4.2.2";
pub const GM_DATA: &str = "1.2.156.10197.6.1.4.2.1";
pub const TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
pub const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
pub const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
pub const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
pub const SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
pub const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
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
        "1.3.14.3.2.26" => "SHA-1",
        "2.16.840.1.101.3.4.2.1" => "SHA-256",
        "2.16.840.1.101.3.4.2.2" => "SHA-384",
        "2.16.840.1.101.3.4.2.3" => "SHA-512",
        "2.16.840.1.101.3.4.2.4" => "SHA-224",
        "2.16.840.1.101.3.4.2.12" => "SHAKE256",
        "1.2.156.10197.1.401" => "SM3",
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.113549.1.1.5" => "RSA-PKCS1-SHA1",
        "1.2.840.113549.1.1.10" => "RSA-PSS",
        "1.2.840.113549.1.1.11" => "RSA-PKCS1-SHA256",
        "1.2.840.113549.1.1.12" => "RSA-PKCS1-SHA384",
        "1.2.840.113549.1.1.13" => "RSA-PKCS1-SHA512",
        "1.2.840.10045.2.1" => "ECDSA",
        "1.2.840.10045.4.3.2" => "ECDSA-SHA256",
        "1.2.840.10045.4.3.3" => "ECDSA-SHA384",
        "1.2.840.10045.4.3.4" => "ECDSA-SHA512",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.156.10197.1.301.1" => "SM2",
        "1.2.156.10197.1.501" => "SM2-SM3",
        _ => return dotted,
    };
    known.to_string()
}
