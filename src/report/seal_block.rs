//! The `seal` block of a signature entry (`signatures[].seal`), typed.
//!
//! It describes an e-seal (GM/T 0031 / GB/T 38540) as the seal describes itself, including its
//! picture, so staff can see which seal they are looking at. The block was once built as a JSON
//! map, whose keys serialise in alphabetical order; the fields below are declared in that order
//! (and the maker's certificate summary is written with sorted keys) so that the JSON is exactly
//! what it always was.

use serde::{Deserialize, Serialize, Serializer};
use time::OffsetDateTime;

use super::CertSummary;

/// Which standard a seal structure follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SesVersion {
    /// GM/T 0031-2014.
    #[default]
    V1,
    /// GB/T 38540-2020.
    V4,
    /// GM/T 0031-2025.
    V5,
}

impl SesVersion {
    /// The standard and version, in words.
    pub fn as_str(self) -> &'static str {
        match self {
            SesVersion::V1 => "GM/T 0031-2014 (V1)",
            SesVersion::V4 => "GB/T 38540-2020 (V4)",
            SesVersion::V5 => "GM/T 0031-2025 (V5)",
        }
    }
}

/// How a signature value was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncoding {
    /// DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009).
    Der,
    /// 64 bytes r || s, as some seal writers store it.
    RawRs,
    /// Whatever the algorithm defines (RSA).
    Native,
}

/// `SignatureReport.seal`: what an e-seal says about itself. (`Default` is an empty block, for
/// tests and builders.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealBlock {
    /// "certificates" or "certificate_digests", and how many.
    pub cert_list: CertListSummary,
    /// SES_ESPropertyInfo esID.
    pub es_id: String,
    /// Whether the seal carries its own timestamp.
    pub has_seal_timestamp: bool,
    /// SES_Header.version.
    pub header_version: i64,
    /// The seal maker's certificate.
    #[serde(serialize_with = "sorted_keys")]
    pub maker: Option<CertSummary>,
    /// The maker's signature algorithm, in words.
    pub maker_algorithm: Option<String>,
    /// The seal's name.
    pub name: String,
    /// The seal's picture.
    pub picture: PictureBlock,
    /// TBS_Sign.propertyInfo (for SES_Signature entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_info: Option<String>,
    /// SES_ESPropertyInfo.type: 1 organisation seal, 2 personal seal (others vendor-defined).
    pub seal_type: i64,
    /// The seal type in words.
    pub seal_type_name: String,
    /// How the signer's signature value is encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_encoding: Option<SignatureEncoding>,
    /// The standard the structure follows, in words.
    pub standard: String,
    /// TBS_Sign.timeInfo as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_info: Option<String>,
    /// The seal's creation date and validity period.
    pub validity: SealValidity,
    /// SES_Header.vid: the vendor.
    pub vendor_id: String,
    /// "V1", "V4" or "V5".
    pub version: SesVersion,
}

/// The seal's creation date and validity period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealValidity {
    /// When the seal was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// End of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// Start of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
}

/// How the seal names its authorised signers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertListSummary {
    /// How many entries.
    pub count: usize,
    /// "certificates", "certificate_digests" or "identifiers".
    pub kind: String,
}

/// The seal's picture.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureBlock {
    /// The picture, base64.
    pub data_base64: String,
    /// Height in millimetres.
    pub height_mm: i64,
    /// Size in bytes.
    pub size: usize,
    /// As written in the seal ("PNG", "GIF", "OFD" …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Width in millimetres.
    pub width_mm: i64,
}

impl Default for SealValidity {
    fn default() -> Self {
        SealValidity {
            created: OffsetDateTime::UNIX_EPOCH,
            not_after: OffsetDateTime::UNIX_EPOCH,
            not_before: OffsetDateTime::UNIX_EPOCH,
        }
    }
}

/// Writes a certificate summary with its keys in alphabetical order (as a JSON map writes them).
fn sorted_keys<S: Serializer>(cert: &Option<CertSummary>, s: S) -> Result<S::Ok, S::Error> {
    let value = serde_json::to_value(cert).map_err(serde::ser::Error::custom)?;
    value.serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_keys_in_alphabetical_order_and_reads_them_back() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let block = SealBlock {
            cert_list: CertListSummary {
                count: 1,
                kind: "certificates".into(),
            },
            es_id: "1".into(),
            has_seal_timestamp: false,
            header_version: 4,
            maker: Some(CertSummary {
                subject: "CN=maker".into(),
                issuer: "CN=root".into(),
                serial: "01".into(),
                not_before: t,
                not_after: t,
                spki_sha256: None,
                uscc: None,
                resident_id: None,
            }),
            maker_algorithm: None,
            name: "seal".into(),
            picture: PictureBlock {
                data_base64: String::new(),
                height_mm: 40,
                size: 0,
                kind: "PNG".into(),
                width_mm: 40,
            },
            property_info: None,
            seal_type: 1,
            seal_type_name: "organisation seal".into(),
            signature_encoding: Some(SignatureEncoding::RawRs),
            standard: SesVersion::V4.as_str().into(),
            time_info: None,
            validity: SealValidity {
                created: t,
                not_after: t,
                not_before: t,
            },
            vendor_id: "v".into(),
            version: SesVersion::V4,
        };
        let typed = serde_json::to_string(&block).unwrap();
        let as_map = serde_json::to_value(&block).unwrap().to_string();
        assert_eq!(typed, as_map);
        let back: SealBlock = serde_json::from_str(&typed).unwrap();
        assert_eq!(back, block);
    }
}
