//! The `seal` block of a signature entry: what the seal says about itself, including its
//! picture, so staff can see which seal they are looking at.

use base64::Engine as _;

use super::crypto;
use super::ses::Seal;

pub use crate::report::seal_block::{CertListSummary, PictureBlock, SealBlock, SealValidity};

impl SealBlock {
    /// The block for a seal, without the fields only a SES_Signature has.
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
