//! CMS ContentInfo → SignedData → SignerInfo (RFC 5652 §5), as borrowed slices of the input.
//!
//! The parse is structural: it checks tags and shapes and keeps exact raw bytes (certificates,
//! CRLs, signed attributes), so that the verifier hashes what the signer signed. Semantics
//! (which OIDs, which versions are acceptable) are judged by the verifier.

use std::borrow::Cow;

use super::oid;
use crate::asn1::ber::{
    read_tlv, BerError, Tlv, TAG_BIT_STRING, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_SET,
};
use crate::policy::Limits;

/// Where parsing stopped and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmsParseError {
    /// The BER/DER encoding itself is malformed or exceeds a limit.
    #[error("{0}")]
    Ber(#[from] BerError),
    /// The ContentInfo holds another content type (dotted OID) than SignedData.
    #[error("content type is {0}, not SignedData")]
    NotSignedData(String),
    /// Well-formed BER but not the shape RFC 5652 requires (message says where).
    #[error("{0}")]
    Structure(String),
}

/// An AlgorithmIdentifier: its raw TLV (what `pki::verify_signature` takes) and its OID.
#[derive(Debug, Clone, Copy)]
pub struct AlgorithmId<'a> {
    /// The exact AlgorithmIdentifier TLV from the input.
    pub raw: &'a [u8],
    /// The algorithm OID content octets.
    pub oid: &'a [u8],
    /// The parameters TLV, when present.
    pub params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmId<'a> {
    /// Parses an AlgorithmIdentifier SEQUENCE { OID, parameters OPTIONAL }.
    pub fn parse(tlv: Tlv<'a>) -> Result<Self, CmsParseError> {
        let tlv = tlv.expect(TAG_SEQUENCE, "AlgorithmIdentifier")?;
        let mut kids = tlv.children();
        let oid = kids.required("algorithm OID")?.oid()?;
        let params = kids.next().transpose()?;
        kids.finish("AlgorithmIdentifier")?;
        Ok(AlgorithmId {
            raw: tlv.raw,
            oid,
            params,
        })
    }

    /// Readable algorithm name (e.g. "SHA-256"), or the dotted OID if unknown.
    pub fn name(&self) -> String {
        oid::name(self.oid)
    }
}

/// How a SignerInfo names its certificate.
#[derive(Debug, Clone, Copy)]
pub enum SignerId<'a> {
    /// issuerAndSerialNumber: the issuer Name TLV and the serial INTEGER content octets.
    IssuerSerial {
        /// The issuer Name TLV.
        issuer: &'a [u8],
        /// The serial number INTEGER content octets.
        serial: &'a [u8],
    },
    /// `[0]` subjectKeyIdentifier.
    SubjectKeyId(&'a [u8]),
}

/// One Attribute { attrType, attrValues SET OF }.
#[derive(Debug, Clone)]
pub struct Attribute<'a> {
    /// attrType OID content octets.
    pub oid: &'a [u8],
    /// The attrValues, in encoding order.
    pub values: Vec<Tlv<'a>>,
    /// Byte offset of the attribute in the parsed buffer, for error messages.
    pub offset: usize,
}

/// SignedAttributes as they were encoded, and parsed.
#[derive(Debug, Clone)]
pub struct SignedAttrs<'a> {
    /// The exact `[0] IMPLICIT` TLV from the input.
    pub raw: &'a [u8],
    /// The attributes in encoding order.
    pub attributes: Vec<Attribute<'a>>,
}

impl SignedAttrs<'_> {
    /// The bytes the signature covers: the same encoding with the tag replaced by SET (0x31).
    pub fn as_signed_set(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.raw.len());
        out.push(0x31);
        out.extend_from_slice(self.raw.get(1..).unwrap_or_default());
        out
    }
}

/// One signer's SignerInfo (RFC 5652 §5.3).
#[derive(Debug, Clone)]
pub struct SignerInfo<'a> {
    /// CMSVersion as encoded (RFC 5652: 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier).
    pub version: u64,
    /// How the signer's certificate is identified.
    pub sid: SignerId<'a>,
    /// Algorithm used to digest the content and the signed attributes.
    pub digest_algorithm: AlgorithmId<'a>,
    /// Signed attributes, when present (they are what the signature covers then).
    pub signed_attrs: Option<SignedAttrs<'a>>,
    /// Signature algorithm (may repeat the digest, as in sha256WithRSAEncryption, or not).
    pub signature_algorithm: AlgorithmId<'a>,
    /// The signature value octets.
    pub signature: Cow<'a, [u8]>,
    /// Unsigned attributes (e.g. the signature timestamp token), in encoding order.
    pub unsigned_attrs: Vec<Attribute<'a>>,
    /// Byte offset of the SignerInfo in the parsed buffer, for error messages.
    pub offset: usize,
}

/// A SignedData (RFC 5652 §5.1), borrowing from the input.
#[derive(Debug, Clone)]
pub struct SignedData<'a> {
    /// CMSVersion of the SignedData.
    pub version: u64,
    /// digestAlgorithms the signers declare.
    pub digest_algorithms: Vec<AlgorithmId<'a>>,
    /// eContentType OID content octets (id-data, id-ct-TSTInfo, ...).
    pub econtent_type: &'a [u8],
    /// The encapsulated content, when present (absent for detached signatures).
    pub econtent: Option<Cow<'a, [u8]>>,
    /// Raw DER of each `certificate` choice, in encoding order.
    pub certificates: Vec<&'a [u8]>,
    /// How many other CertificateChoices (attribute certificates, …) were skipped.
    pub other_certificates: usize,
    /// Raw DER of each CRL (`other` RevocationInfoChoices are skipped).
    pub crls: Vec<&'a [u8]>,
    /// One SignerInfo per signer, in encoding order.
    pub signer_infos: Vec<SignerInfo<'a>>,
}

/// A parsed ContentInfo and what followed it in the buffer.
#[derive(Debug, Clone)]
pub struct ParsedCms<'a> {
    /// The SignedData inside the ContentInfo.
    pub signed_data: SignedData<'a>,
    /// Bytes after the ContentInfo (PDF /Contents padding).
    pub trailing: &'a [u8],
    /// Offset of the first trailing byte that is not zero, if any.
    pub nonzero_trailing_at: Option<usize>,
}

/// Parses a ContentInfo holding SignedData (RFC 5652, or the same structure under the
/// GB/T 35275 SM2 signedData OID) from the start of `input`.
pub fn parse_content_info<'a>(
    input: &'a [u8],
    limits: &Limits,
) -> Result<ParsedCms<'a>, CmsParseError> {
    let depth = limits.max_depth.max(1);
    let (ci, trailing) = read_tlv(input, 0, depth)?;
    let ci = ci.expect(TAG_SEQUENCE, "ContentInfo SEQUENCE")?;
    let mut kids = ci.children();
    let content_type = kids.required("contentType")?.oid()?;
    if !oid::is(content_type, oid::SIGNED_DATA) && !oid::is(content_type, oid::GM_SIGNED_DATA) {
        return Err(CmsParseError::NotSignedData(oid::name(content_type)));
    }
    let explicit = kids.required("[0] content")?;
    if !explicit.is_context(0) || !explicit.constructed {
        return Err(structure(
            "ContentInfo content is not [0] EXPLICIT",
            explicit.offset,
        ));
    }
    kids.finish("ContentInfo")?;
    let mut inner = explicit.children();
    let sd = inner.required("SignedData")?;
    inner.finish("ContentInfo [0]")?;
    let signed_data = parse_signed_data(sd, limits)?;
    let base = input.len() - trailing.len();
    let nonzero_trailing_at = trailing.iter().position(|b| *b != 0).map(|p| base + p);
    Ok(ParsedCms {
        signed_data,
        trailing,
        nonzero_trailing_at,
    })
}

fn structure(what: &str, offset: usize) -> CmsParseError {
    CmsParseError::Structure(format!("{what} (offset {offset})"))
}

fn parse_signed_data<'a>(sd: Tlv<'a>, limits: &Limits) -> Result<SignedData<'a>, CmsParseError> {
    let sd = sd.expect(TAG_SEQUENCE, "SignedData SEQUENCE")?;
    let mut kids = sd.children();
    let version = kids.required("SignedData version")?.small_uint()?;
    let algs = kids
        .required("digestAlgorithms")?
        .expect(TAG_SET, "digestAlgorithms SET")?;
    let digest_algorithms = algs
        .children()
        .collect_limited(limits.max_cms_attributes, "digestAlgorithms")?
        .into_iter()
        .map(AlgorithmId::parse)
        .collect::<Result<Vec<_>, _>>()?;

    let encap = kids
        .required("encapContentInfo")?
        .expect(TAG_SEQUENCE, "EncapsulatedContentInfo SEQUENCE")?;
    let mut encap_kids = encap.children();
    let econtent_type = encap_kids.required("eContentType")?.oid()?;
    let econtent = match encap_kids.optional_context(0)? {
        Some(explicit) => {
            let mut inner = explicit.children();
            let octets = inner
                .required("eContent")?
                .expect(TAG_OCTET_STRING, "eContent OCTET STRING")?;
            inner.finish("eContent [0]")?;
            Some(octets.octets()?)
        }
        None => None,
    };
    encap_kids.finish("EncapsulatedContentInfo")?;

    let mut certificates = Vec::new();
    let mut other_certificates = 0;
    if let Some(certs) = kids.optional_context(0)? {
        for cert in certs.children() {
            let cert = cert?;
            if certificates.len() + other_certificates >= limits.max_cms_certificates {
                return Err(BerError::TooMany {
                    what: "certificates",
                    limit: limits.max_cms_certificates,
                }
                .into());
            }
            if cert.is_universal(TAG_SEQUENCE) {
                certificates.push(cert.raw);
            } else {
                other_certificates += 1;
            }
        }
    }
    let mut crls = Vec::new();
    if let Some(list) = kids.optional_context(1)? {
        for crl in list.children() {
            let crl = crl?;
            if crls.len() >= limits.max_cms_certificates {
                return Err(BerError::TooMany {
                    what: "CRLs",
                    limit: limits.max_cms_certificates,
                }
                .into());
            }
            if crl.is_universal(TAG_SEQUENCE) {
                crls.push(crl.raw);
            }
        }
    }
    let infos = kids
        .required("signerInfos")?
        .expect(TAG_SET, "signerInfos SET")?;
    kids.finish("SignedData")?;
    let signer_infos = infos
        .children()
        .collect_limited(limits.max_signatures.max(1), "signerInfos")?
        .into_iter()
        .map(|si| parse_signer_info(si, limits))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SignedData {
        version,
        digest_algorithms,
        econtent_type,
        econtent,
        certificates,
        other_certificates,
        crls,
        signer_infos,
    })
}

fn parse_signer_info<'a>(si: Tlv<'a>, limits: &Limits) -> Result<SignerInfo<'a>, CmsParseError> {
    let si = si.expect(TAG_SEQUENCE, "SignerInfo SEQUENCE")?;
    let mut kids = si.children();
    let version = kids.required("SignerInfo version")?.small_uint()?;
    let sid_tlv = kids.required("sid")?;
    let sid = if sid_tlv.is_universal(TAG_SEQUENCE) {
        let mut parts = sid_tlv.children();
        let issuer = parts
            .required("issuer")?
            .expect(TAG_SEQUENCE, "issuer Name")?;
        let serial = parts
            .required("serialNumber")?
            .expect(TAG_INTEGER, "serialNumber INTEGER")?;
        parts.finish("IssuerAndSerialNumber")?;
        SignerId::IssuerSerial {
            issuer: issuer.raw,
            serial: serial.content,
        }
    } else if sid_tlv.is_context(0) {
        // [0] IMPLICIT SubjectKeyIdentifier (OCTET STRING), possibly constructed in BER.
        let ski = if sid_tlv.constructed {
            return Err(structure(
                "constructed subjectKeyIdentifier",
                sid_tlv.offset,
            ));
        } else {
            sid_tlv.content
        };
        SignerId::SubjectKeyId(ski)
    } else {
        return Err(structure("unknown SignerIdentifier choice", sid_tlv.offset));
    };
    let digest_algorithm = AlgorithmId::parse(kids.required("digestAlgorithm")?)?;
    let signed_attrs = match kids.optional_context(0)? {
        Some(tlv) => Some(SignedAttrs {
            raw: tlv.raw,
            attributes: parse_attributes(tlv, limits)?,
        }),
        None => None,
    };
    let signature_algorithm = AlgorithmId::parse(kids.required("signatureAlgorithm")?)?;
    let signature = kids
        .required("signature")?
        .expect(TAG_OCTET_STRING, "signature OCTET STRING")?
        .octets()?;
    let unsigned_attrs = match kids.optional_context(1)? {
        Some(tlv) => parse_attributes(tlv, limits)?,
        None => Vec::new(),
    };
    kids.finish("SignerInfo")?;
    Ok(SignerInfo {
        version,
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
        unsigned_attrs,
        offset: si.offset,
    })
}

fn parse_attributes<'a>(
    set: Tlv<'a>,
    limits: &Limits,
) -> Result<Vec<Attribute<'a>>, CmsParseError> {
    if !set.constructed {
        return Err(structure("attribute set is not constructed", set.offset));
    }
    set.children()
        .collect_limited(limits.max_cms_attributes, "attributes")?
        .into_iter()
        .map(|attr| {
            let attr = attr.expect(TAG_SEQUENCE, "Attribute SEQUENCE")?;
            let mut kids = attr.children();
            let oid = kids.required("attrType")?.oid()?;
            let values = kids
                .required("attrValues")?
                .expect(TAG_SET, "attrValues SET")?
                .children()
                .collect_limited(limits.max_cms_attributes, "attribute values")?;
            kids.finish("Attribute")?;
            Ok(Attribute {
                oid,
                values,
                offset: attr.offset,
            })
        })
        .collect()
}

/// Reads a BIT STRING's bytes (no unused bits allowed), used by ESS and TSTInfo helpers.
pub fn bit_string_bytes<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8], CmsParseError> {
    if !tlv.is_universal(TAG_BIT_STRING) || tlv.constructed {
        return Err(structure("expected BIT STRING", tlv.offset));
    }
    match tlv.content.split_first() {
        Some((0, rest)) => Ok(rest),
        _ => Err(structure("BIT STRING with unused bits", tlv.offset)),
    }
}
