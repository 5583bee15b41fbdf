//! SES structures: the seal (SESeal) and the signature made with it (SES_Signature), in the
//! three versions in use: GM/T 0031-2014 (V1), GB/T 38540-2020 (V4) and GM/T 0031-2025 (V5).
//!
//! Parsing keeps every signed part as the exact bytes found in the input (`raw` slices), so the
//! verifier checks signatures over what the signer produced, not over a re-encoding.
//!
//! Version detection: a SESeal with 2 top-level elements is V1, 5 is V5, 4 is V4 or V5 by its
//! header version. A SES_Signature with 2 elements is V1; 4 or 5 is V4/V5 by the version in the
//! seal header inside it.

use time::OffsetDateTime;

use crate::asn1::der::{self, tag, DerError, Tlv};
use crate::asn1::time::{self as asn1_time, TimeForm, TimeProfile};

/// Most certificates (or certificate digests) a seal's signer list may hold.
pub const MAX_CERT_LIST: usize = 64;
/// Most extension entries kept from a seal or TBS_Sign.
const MAX_EXTENSIONS: usize = 64;
/// Most elements in any fixed-shape SES SEQUENCE (the largest has 7).
const MAX_FIELDS: usize = 12;

pub use crate::report::seal_block::SesVersion;

/// SES_Header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Always "ES" in conforming seals.
    pub id: String,
    /// The format version number as written in SES_Header (`version`).
    pub version: i64,
    /// Vendor id.
    pub vid: String,
}

/// Who may sign with the seal: certificates, or digests of certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertList<'a> {
    /// DER certificates (V1 certList, V4/V5 certListType 1).
    Certificates(Vec<&'a [u8]>),
    /// (digest algorithm name as written, digest value) (V4/V5 certListType 2).
    Digests(Vec<(String, &'a [u8])>),
    /// V1 `certID ::= IA5String` entries: identifiers whose meaning GM/T 0031-2014 leaves to
    /// the vendor (the samples hold a certificate serial number).
    Identifiers(Vec<String>),
}

impl CertList<'_> {
    /// The kind of list, as the report names it (`certificates`, `certificate_digests`,
    /// `certificate_identifiers`).
    pub fn kind(&self) -> &'static str {
        match self {
            CertList::Certificates(_) => "certificates",
            CertList::Digests(_) => "certificate_digests",
            CertList::Identifiers(_) => "certificate_identifiers",
        }
    }
    /// Number of entries in the list.
    pub fn len(&self) -> usize {
        match self {
            CertList::Certificates(c) => c.len(),
            CertList::Digests(d) => d.len(),
            CertList::Identifiers(i) => i.len(),
        }
    }
    /// True when the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// SES_ESPropertyInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property<'a> {
    /// 1 organisation seal, 2 personal seal; vendors use more values (e.g. 3 = invoice seal).
    pub seal_type: i64,
    /// The seal's name (印章名称), e.g. the organisation's name.
    pub name: String,
    /// The certificates (or their digests or identifiers) of those who may sign with the seal.
    pub cert_list: CertList<'a>,
    /// When the seal was made (createDate).
    pub create_date: OffsetDateTime,
    /// Start of the seal's validity period (validStart).
    pub valid_start: OffsetDateTime,
    /// End of the seal's validity period (validEnd).
    pub valid_end: OffsetDateTime,
}

/// SES_ESPictureInfo: the image a viewer draws for the seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture<'a> {
    /// As written: "PNG", "GIF", "JPG", "BMP", "SVG", "OFD" …
    pub kind: String,
    /// The image bytes in the format `kind` names.
    pub data: &'a [u8],
    /// Width of the drawn seal, in millimetres.
    pub width_mm: i64,
    /// Height of the drawn seal, in millimetres.
    pub height_mm: i64,
}

/// SES_SealInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealInfo<'a> {
    /// The whole SES_SealInfo element as encoded (what V4/V5 makers sign).
    pub raw: &'a [u8],
    /// SES_Header: the format id, version and vendor id.
    pub header: Header,
    /// The seal's identifier (esID), unique per maker.
    pub es_id: String,
    /// Name, type, allowed signers and validity of the seal.
    pub property: Property<'a>,
    /// The seal image.
    pub picture: Picture<'a>,
}

/// SESeal: the seal, as the maker (制章者) issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal<'a> {
    /// The SES version the seal's layout matches (V1, V4 or V5).
    pub version: SesVersion,
    /// The whole SESeal element as encoded (compared with Seal.esl in OFD packages).
    pub raw: &'a [u8],
    /// The seal data: header, identifier, properties and picture.
    pub info: SealInfo<'a>,
    /// The maker's signature block, `None` when a V1 SES_SignInfo could not be read (some
    /// vendors write a non-standard one); the seal is then reported, but not proven.
    pub maker: Option<MakerSignature<'a>>,
    /// V5 `timeStamp` (content of the BIT STRING).
    pub timestamp: Option<&'a [u8]>,
}

/// The maker's signature over the seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MakerSignature<'a> {
    /// DER X.509 certificate of the maker.
    pub cert: &'a [u8],
    /// Signature algorithm OID (1.2.156.10197.1.501 for SM2 with SM3).
    pub algorithm: String,
    /// Signature value (DER SEQUENCE{r,s} or raw r||s for SM2).
    pub value: &'a [u8],
    /// Exactly the bytes the maker signed: DER(SES_SealInfo) in V4/V5; in V1 a SEQUENCE of
    /// SES_SealInfo, the certificate and the algorithm.
    pub signed_bytes: Vec<u8>,
}

/// TBS_Sign.timeInfo, which V1 writes as a BIT STRING.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeInfo {
    /// The time, when it could be read.
    pub time: Option<OffsetDateTime>,
    /// The value as text, for the report (the V1 BIT STRING often holds ISO text).
    pub text: String,
}

/// SES_Signature: a seal applied to data by a signer (签章人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SesSignature<'a> {
    /// The SES version the signature's layout matches (V1, V4 or V5).
    pub version: SesVersion,
    /// The whole SES_Signature element as encoded.
    pub raw: &'a [u8],
    /// The whole TBS_Sign element as encoded: what the signer signed.
    pub tbs_raw: &'a [u8],
    /// TBS_Sign.version as written.
    pub tbs_version: i64,
    /// The seal that was applied, as embedded in the signature.
    pub seal: Seal<'a>,
    /// When the signer says it signed (timeInfo), as written; not a trusted time.
    pub time_info: TimeInfo,
    /// Digest of the protected data (in OFD: the Signature.xml file).
    pub data_hash: &'a [u8],
    /// Where the protected data is (in OFD: the path of Signature.xml).
    pub property_info: String,
    /// DER X.509 certificate of the signer.
    pub signer_cert: &'a [u8],
    /// Signature algorithm OID (1.2.156.10197.1.501 for SM2 with SM3).
    pub algorithm: String,
    /// The signer's signature value over `tbs_raw` (DER SEQUENCE{r,s} or raw r||s for SM2).
    pub signature: &'a [u8],
    /// V4/V5 `timeStamp` (content of the BIT STRING: an RFC 3161 token).
    pub timestamp: Option<&'a [u8]>,
}

/// The fields of one SEQUENCE, read by position; every read names its field for the error.
struct Fields<'a>(Vec<Tlv<'a>>);

fn sequence<'a>(tlv: Tlv<'a>, name: &'static str) -> Result<Fields<'a>, DerError> {
    let tlv = tlv.expect(tag::SEQUENCE, "SEQUENCE", name)?;
    Ok(Fields(der::children(tlv.content, MAX_FIELDS, name)?))
}

impl<'a> Fields<'a> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn optional(&self, index: usize) -> Option<Tlv<'a>> {
        self.0.get(index).copied()
    }

    fn get(&self, index: usize, name: &'static str) -> Result<Tlv<'a>, DerError> {
        self.optional(index).ok_or(DerError::Missing(name))
    }

    fn string(&self, index: usize, name: &'static str) -> Result<String, DerError> {
        der::any_string(self.get(index, name)?, name)
    }

    fn octets(&self, index: usize, name: &'static str) -> Result<&'a [u8], DerError> {
        der::octet_string(self.get(index, name)?, name)
    }

    fn integer(&self, index: usize, name: &'static str) -> Result<i64, DerError> {
        der::small_integer(self.get(index, name)?, name)
    }

    fn oid(&self, index: usize, name: &'static str) -> Result<String, DerError> {
        der::oid(self.get(index, name)?, name)
    }

    fn bits(&self, index: usize, name: &'static str) -> Result<&'a [u8], DerError> {
        der::bit_string(self.get(index, name)?, name)
    }
}

/// Reads the first DER element of `input` and ignores what follows (a PDF /Contents is
/// zero-padded; an OFD file is not, and callers that care compare lengths).
fn outer(input: &[u8]) -> Result<Tlv<'_>, DerError> {
    Ok(Tlv::parse(input)?.0)
}

/// Parses a SESeal (a `.esl` file, or the seal inside a SES_Signature).
pub fn parse_seal(input: &[u8]) -> Result<Seal<'_>, DerError> {
    seal_from_tlv(outer(input)?)
}

fn seal_from_tlv(tlv: Tlv<'_>) -> Result<Seal<'_>, DerError> {
    let fields = sequence(tlv, "SESeal")?;
    let info = parse_seal_info(fields.get(0, "SESeal.esealInfo")?)?;
    match fields.len() {
        2 => {
            // V1: SESeal { esealInfo, signInfo SES_SignInfo { cert, algorithm, signData } }
            let maker = fields
                .get(1, "SESeal.signInfo")
                .and_then(|sign_info| v1_maker_signature(&info, sign_info))
                .ok();
            Ok(Seal {
                version: SesVersion::V1,
                raw: tlv.raw,
                info,
                maker,
                timestamp: None,
            })
        }
        4 | 5 => {
            let cert_tlv = fields.get(1, "SESeal.cert")?;
            let alg_tlv = fields.get(2, "SESeal.signAlgID")?;
            let maker = MakerSignature {
                cert: der::octet_string(cert_tlv, "SESeal.cert")?,
                algorithm: der::oid(alg_tlv, "SESeal.signAlgID")?,
                value: fields.bits(3, "SESeal.signedValue")?,
                signed_bytes: info.raw.to_vec(),
            };
            let timestamp = match fields.optional(4) {
                Some(ts) => Some(explicit_bit_string(ts, "SESeal.timeStamp")?),
                None => None,
            };
            let version = if fields.len() == 5 || info.header.version >= 5 {
                SesVersion::V5
            } else {
                SesVersion::V4
            };
            Ok(Seal {
                version,
                raw: tlv.raw,
                info,
                maker: Some(maker),
                timestamp,
            })
        }
        n => Err(DerError::UnexpectedTag {
            expected: "a SESeal of 2, 4 or 5 elements",
            found: u8::try_from(n).unwrap_or(u8::MAX),
            field: "SESeal",
        }),
    }
}

fn v1_maker_signature<'a>(
    info: &SealInfo<'a>,
    sign_info: Tlv<'a>,
) -> Result<MakerSignature<'a>, DerError> {
    let parts = sequence(sign_info, "SES_SignInfo")?;
    let cert_tlv = parts.get(0, "SES_SignInfo.cert")?;
    let alg_tlv = parts.get(1, "SES_SignInfo.signatureAlgorithm")?;
    let value_tlv = parts.get(2, "SES_SignInfo.signData")?;
    Ok(MakerSignature {
        cert: der::octet_string(cert_tlv, "SES_SignInfo.cert")?,
        algorithm: der::oid(alg_tlv, "SES_SignInfo.signatureAlgorithm")?,
        value: der::bit_string(value_tlv, "SES_SignInfo.signData")?,
        // GM/T 0031-2014: SES_SealInfo, the maker certificate and the algorithm, as a SEQUENCE.
        signed_bytes: der::sequence_of_raw(&[info.raw, cert_tlv.raw, alg_tlv.raw]),
    })
}

/// `[0] EXPLICIT BIT STRING` (also accepted: the BIT STRING untagged, or `[0]` implicit).
fn explicit_bit_string<'a>(tlv: Tlv<'a>, name: &'static str) -> Result<&'a [u8], DerError> {
    match tlv.tag {
        tag::CONTEXT_0 => der::bit_string(Tlv::parse_exact(tlv.content)?, name),
        tag::BIT_STRING => der::bit_string(tlv, name),
        0x80 => Ok(tlv.content.get(1..).unwrap_or(&[])),
        found => Err(DerError::UnexpectedTag {
            expected: "[0] BIT STRING",
            found,
            field: name,
        }),
    }
}

fn parse_seal_info(tlv: Tlv<'_>) -> Result<SealInfo<'_>, DerError> {
    let fields = sequence(tlv, "SES_SealInfo")?;
    let header_fields = sequence(fields.get(0, "SES_Header")?, "SES_Header")?;
    let header = Header {
        id: header_fields.string(0, "SES_Header.ID")?,
        version: header_fields.integer(1, "SES_Header.version")?,
        vid: header_fields.string(2, "SES_Header.Vid")?,
    };
    let es_id = fields.string(1, "SES_SealInfo.esID")?;
    let property = parse_property(fields.get(2, "SES_ESPropertyInfo")?)?;
    let picture_fields = sequence(fields.get(3, "SES_ESPictureInfo")?, "SES_ESPictureInfo")?;
    let picture = Picture {
        kind: picture_fields.string(0, "SES_ESPictureInfo.type")?,
        data: picture_fields.octets(1, "SES_ESPictureInfo.data")?,
        width_mm: picture_fields.integer(2, "SES_ESPictureInfo.width")?,
        height_mm: picture_fields.integer(3, "SES_ESPictureInfo.height")?,
    };
    // extDatas (fields[4]) is kept inside `raw` only: no extension changes verification.
    if let Some(ext) = fields.optional(4) {
        if ext.is_constructed() {
            der::children(ext.content, MAX_EXTENSIONS, "SES_SealInfo.extDatas")?;
        }
    }
    Ok(SealInfo {
        raw: tlv.raw,
        header,
        es_id,
        property,
        picture,
    })
}

fn parse_property(tlv: Tlv<'_>) -> Result<Property<'_>, DerError> {
    let fields = sequence(tlv, "SES_ESPropertyInfo")?;
    let seal_type = fields.integer(0, "property.type")?;
    let name = fields.string(1, "property.name")?;
    // V1: type, name, certList, createDate, validStart, validEnd (6 elements).
    // V4/V5: type, name, certListType, certList, createDate, validStart, validEnd (7).
    let (list_type, list_index) = match fields.get(2, "property.certList")?.tag {
        tag::INTEGER => (Some(fields.integer(2, "property.certListType")?), 3),
        _ => (None, 2),
    };
    let list_tlv = fields.get(list_index, "property.certList")?;
    let cert_list = parse_cert_list(list_type, list_tlv)?;
    let time = |i: usize, name: &'static str| -> Result<OffsetDateTime, DerError> {
        der::any_time(
            fields.get(list_index + i, name)?,
            TimeProfile::Lenient,
            name,
        )
    };
    Ok(Property {
        seal_type,
        name,
        cert_list,
        create_date: time(1, "property.createDate")?,
        valid_start: time(2, "property.validStart")?,
        valid_end: time(3, "property.validEnd")?,
    })
}

fn parse_cert_list(list_type: Option<i64>, tlv: Tlv<'_>) -> Result<CertList<'_>, DerError> {
    let tlv = tlv.expect(tag::SEQUENCE, "SEQUENCE", "property.certList")?;
    let items = der::children(tlv.content, MAX_CERT_LIST, "property.certList")?;
    match list_type {
        Some(2) => {
            let mut digests = Vec::with_capacity(items.len());
            for item in items {
                let parts = sequence(item, "CertDigestObj")?;
                let kind = parts
                    .string(0, "CertDigestObj.type")
                    .or_else(|_| parts.oid(0, "CertDigestObj.type"))?;
                let value = parts.octets(1, "CertDigestObj.value")?;
                digests.push((kind, value));
            }
            Ok(CertList::Digests(digests))
        }
        None if items.first().is_some_and(|i| i.tag != tag::OCTET_STRING) => {
            let mut ids = Vec::with_capacity(items.len());
            for item in items {
                ids.push(der::any_string(item, "certList.certID")?);
            }
            Ok(CertList::Identifiers(ids))
        }
        None | Some(1) => {
            let mut certs = Vec::with_capacity(items.len());
            for item in items {
                certs.push(der::octet_string(item, "certList.cert")?);
            }
            Ok(CertList::Certificates(certs))
        }
        Some(_) => Err(DerError::Malformed(
            "property.certListType (expected 1 or 2)",
        )),
    }
}

/// Parses a SES_Signature (an OFD `SignedValue.dat`, or a PDF /Contents holding one).
pub fn parse_signature(input: &[u8]) -> Result<SesSignature<'_>, DerError> {
    let tlv = outer(input)?;
    let fields = sequence(tlv, "SES_Signature")?;
    let tbs_tlv = fields.get(0, "TBS_Sign")?;
    let tbs = sequence(tbs_tlv, "TBS_Sign")?;
    let tbs_version = tbs.integer(0, "TBS_Sign.version")?;
    let seal = seal_from_tlv(tbs.get(1, "TBS_Sign.eseal")?)?;
    let data_hash = tbs.bits(3, "TBS_Sign.dataHash")?;
    let property_info = tbs.string(4, "TBS_Sign.propertyInfo")?;
    let time_info = parse_time_info(tbs.get(2, "TBS_Sign.timeInfo")?)?;
    match fields.len() {
        2 => {
            // V1: the signer's certificate and algorithm are inside TBS_Sign.
            let cert_tlv = tbs.get(5, "TBS_Sign.cert")?;
            let alg_tlv = tbs.get(6, "TBS_Sign.signatureAlgorithm")?;
            Ok(SesSignature {
                version: SesVersion::V1,
                raw: tlv.raw,
                tbs_raw: tbs_tlv.raw,
                tbs_version,
                seal,
                time_info,
                data_hash,
                property_info,
                signer_cert: der::octet_string(cert_tlv, "TBS_Sign.cert")?,
                algorithm: der::oid(alg_tlv, "TBS_Sign.signatureAlgorithm")?,
                signature: fields.bits(1, "SES_Signature.signature")?,
                timestamp: None,
            })
        }
        4 | 5 => {
            let timestamp = match fields.optional(4) {
                Some(ts) => Some(explicit_bit_string(ts, "SES_Signature.timeStamp")?),
                None => None,
            };
            let version = if seal.info.header.version >= 5 || tbs_version >= 5 {
                SesVersion::V5
            } else {
                SesVersion::V4
            };
            Ok(SesSignature {
                version,
                raw: tlv.raw,
                tbs_raw: tbs_tlv.raw,
                tbs_version,
                seal,
                time_info,
                data_hash,
                property_info,
                signer_cert: fields.octets(1, "SES_Signature.cert")?,
                algorithm: fields.oid(2, "SES_Signature.signatureAlgID")?,
                signature: fields.bits(3, "SES_Signature.signature")?,
                timestamp,
            })
        }
        n => Err(DerError::UnexpectedTag {
            expected: "a SES_Signature of 2, 4 or 5 elements",
            found: u8::try_from(n).unwrap_or(u8::MAX),
            field: "SES_Signature",
        }),
    }
}

/// V4/V5 write a GeneralizedTime; V1 a BIT STRING with a time as text (or a timestamp token);
/// some writers use UTCTime.
fn parse_time_info(tlv: Tlv<'_>) -> Result<TimeInfo, DerError> {
    match tlv.tag {
        tag::GENERALIZED_TIME | tag::UTC_TIME => {
            let time = der::any_time(tlv, TimeProfile::Lenient, "TBS_Sign.timeInfo")?;
            Ok(TimeInfo {
                time: Some(time),
                text: String::from_utf8_lossy(tlv.content).into_owned(),
            })
        }
        tag::BIT_STRING => {
            let bytes = der::bit_string(tlv, "TBS_Sign.timeInfo")?;
            let text = String::from_utf8_lossy(bytes).into_owned();
            Ok(TimeInfo {
                time: parse_text_time(&text),
                text,
            })
        }
        found => Err(DerError::UnexpectedTag {
            expected: "GeneralizedTime or BIT STRING",
            found,
            field: "TBS_Sign.timeInfo",
        }),
    }
}

/// Times written as text by V1 writers: ISO 8601 ("2020-01-25T07:31:56.377Z"), ASN.1 forms
/// ("20200125073156Z"), or "2020-01-25 15:31:56" (local time of the writer, taken as UTC+8
/// since these writers are Chinese and state no zone).
pub fn parse_text_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if let Ok(t) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Some(t);
    }
    if let Some(t) = asn1_time::parse(text.as_bytes(), TimeForm::Generalized, TimeProfile::Lenient)
    {
        return Some(t);
    }
    if text.len() == 13 {
        if let Some(t) = asn1_time::parse(text.as_bytes(), TimeForm::Utc, TimeProfile::Lenient) {
            return Some(t);
        }
    }
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let local = time::PrimitiveDateTime::parse(text, &format).ok()?;
    Some(local.assume_offset(time::macros::offset!(+8)))
}

/// True when `bytes` start like a SES_Signature (used to tell one from CMS in a PDF /Contents).
pub fn looks_like_ses_signature(bytes: &[u8]) -> bool {
    parse_signature(bytes).is_ok()
}

/// True when `bytes` parse as a SESeal.
pub fn looks_like_seal(bytes: &[u8]) -> bool {
    parse_seal(bytes).is_ok()
}
