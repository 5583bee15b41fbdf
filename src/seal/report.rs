//! The `seal` block of a signature entry: what the seal says about itself, including its
//! picture, so staff can see which seal they are looking at.

use base64::Engine as _;
use serde::Serialize;
use time::OffsetDateTime;

use super::crypto::{self, SignatureEncoding};
use super::ses::Seal;
use crate::report::CertSummary;

/// Serialised into `SignatureReport.seal`.
#[derive(Debug, Clone, Serialize)]
pub struct SealBlock {
    /// "V1", "V4" or "V5".
    pub version: super::ses::SesVersion,
    /// The standard the structure follows, in words.
    pub standard: String,
    pub header_version: i64,
    pub vendor_id: String,
    pub es_id: String,
    pub name: String,
    /// SES_ESPropertyInfo.type: 1 organisation seal, 2 personal seal (others vendor-defined).
    pub seal_type: i64,
    pub seal_type_name: String,
    pub validity: SealValidity,
    pub maker: Option<CertSummary>,
    pub maker_algorithm: Option<String>,
    /// "certificates" or "certificate_digests", and how many.
    pub cert_list: CertListSummary,
    pub picture: PictureBlock,
    pub has_seal_timestamp: bool,
    /// TBS_Sign.propertyInfo (for SES_Signature entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_info: Option<String>,
    /// TBS_Sign.timeInfo as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_info: Option<String>,
    /// How the signer's signature value is encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_encoding: Option<SignatureEncoding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SealValidity {
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertListSummary {
    pub kind: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PictureBlock {
    /// As written in the seal ("PNG", "GIF", "OFD" …).
    #[serde(rename = "type")]
    pub kind: String,
    pub width_mm: i64,
    pub height_mm: i64,
    pub size: usize,
    pub data_base64: String,
}

impl SealBlock {
    pub fn from_seal(seal: &Seal<'_>) -> SealBlock {
        let info = &seal.info;
        let p = &info.property;
        SealBlock {
            version: seal.version,
            standard: seal.version.as_str().to_string(),
            header_version: info.header.version,
            vendor_id: info.header.vid.clone(),
            es_id: info.es_id.clone(),
            name: p.name.clone(),
            seal_type: p.seal_type,
            seal_type_name: match p.seal_type {
                1 => "organisation seal (单位印章)".into(),
                2 => "personal seal (个人印章)".into(),
                other => format!("vendor-defined type {other}"),
            },
            validity: SealValidity {
                created: p.create_date,
                not_before: p.valid_start,
                not_after: p.valid_end,
            },
            maker: seal.maker.as_ref().and_then(|m| crypto::summarise(m.cert)),
            maker_algorithm: seal
                .maker
                .as_ref()
                .map(|m| crypto::algorithm_name(&m.algorithm)),
            cert_list: CertListSummary {
                kind: p.cert_list.kind().to_string(),
                count: p.cert_list.len(),
            },
            picture: PictureBlock {
                kind: info.picture.kind.clone(),
                width_mm: info.picture.width_mm,
                height_mm: info.picture.height_mm,
                size: info.picture.data.len(),
                data_base64: base64::engine::general_purpose::STANDARD.encode(info.picture.data),
            },
            has_seal_timestamp: seal.timestamp.is_some(),
            property_info: None,
            time_info: None,
            signature_encoding: None,
        }
    }

    /// The block as the JSON value stored in `SignatureReport.seal`.
    pub fn to_value(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }
}

/// The file name extension that fits a picture type.
pub fn picture_extension(kind: &str) -> &'static str {
    match kind.trim().to_ascii_uppercase().as_str() {
        "PNG" => "png",
        "GIF" => "gif",
        "JPG" | "JPEG" => "jpg",
        "BMP" => "bmp",
        "SVG" => "svg",
        "OFD" => "ofd",
        "TIF" | "TIFF" => "tif",
        _ => "bin",
    }
}

/// RFC 3339 text of a time, for evidence.
pub use crate::rfc3339::format as rfc3339;
