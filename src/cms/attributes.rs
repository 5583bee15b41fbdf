//! Meaning of the CMS attributes the verifier relies on: contentType, messageDigest,
//! signingTime, ESS signingCertificate (v1/v2), Adobe revocationInfoArchival, and the ASN.1
//! time types.

use time::OffsetDateTime;

use super::oid;
use super::signed_data::{AlgorithmId, Attribute, CmsParseError};
use crate::asn1::ber::{
    Tlv, TAG_GENERALIZED_TIME, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_UTC_TIME,
};
use crate::asn1::time::{TimeForm, TimeProfile};

/// The attributes with `oid` in `attrs`.
pub fn find<'x, 'a>(attrs: &'x [Attribute<'a>], dotted: &str) -> Vec<&'x Attribute<'a>> {
    attrs.iter().filter(|a| oid::is(a.oid, dotted)).collect()
}

/// The single value of a single-occurrence attribute: `Ok(None)` when absent, an error when it
/// occurs twice or has other than one value (RFC 5652 §11).
pub fn single_value<'a>(
    attrs: &[Attribute<'a>],
    dotted: &str,
    name: &str,
) -> Result<Option<Tlv<'a>>, String> {
    let found = find(attrs, dotted);
    match found.as_slice() {
        [] => Ok(None),
        [one] => match one.values.as_slice() {
            [value] => Ok(Some(*value)),
            _ => Err(format!(
                "the {name} attribute has {} values instead of one",
                one.values.len()
            )),
        },
        more => Err(format!("the {name} attribute occurs {} times", more.len())),
    }
}

/// Parses UTCTime or GeneralizedTime (the `Time` CHOICE), DER or the common BER variants
/// (fractional seconds, `Z` or `±hhmm`).
pub fn parse_time(tlv: &Tlv<'_>) -> Option<OffsetDateTime> {
    let form = if tlv.is_universal(TAG_UTC_TIME) {
        TimeForm::Utc
    } else if tlv.is_universal(TAG_GENERALIZED_TIME) {
        TimeForm::Generalized
    } else {
        return None;
    };
    if tlv.constructed {
        return None;
    }
    crate::asn1::time::parse(tlv.content, form, TimeProfile::Ber)
}

/// The certificate an ESS signingCertificate(V2) attribute names (its first ESSCertID).
#[derive(Debug, Clone)]
pub struct EssCertId<'a> {
    /// v1 (SHA-1) or v2 (named algorithm, default SHA-256).
    pub version: u8,
    /// Hash algorithm OID content octets (SHA-1 for v1).
    pub hash_oid: Vec<u8>,
    /// The certificate hash the attribute carries, computed with `hash_oid`.
    pub hash: &'a [u8],
    /// issuerSerial: the directoryName Name TLVs of the issuer and the serial content octets.
    pub issuer_names: Vec<&'a [u8]>,
    /// The serial number content octets from issuerSerial, when present.
    pub serial: Option<&'a [u8]>,
}

/// Parses SigningCertificate (v1, `version` 1) or SigningCertificateV2 (`version` 2).
pub fn parse_ess<'a>(value: &Tlv<'a>, version: u8) -> Result<EssCertId<'a>, CmsParseError> {
    let bad = |what: &str| CmsParseError::Structure(format!("ESS signingCertificate: {what}"));
    let seq = value.expect(TAG_SEQUENCE, "SigningCertificate SEQUENCE")?;
    let mut kids = seq.children();
    let certs = kids
        .required("certs")?
        .expect(TAG_SEQUENCE, "certs SEQUENCE OF")?;
    let first = certs
        .children()
        .next()
        .ok_or_else(|| bad("no ESSCertID"))??
        .expect(TAG_SEQUENCE, "ESSCertID SEQUENCE")?;
    let mut fields = first.children();
    let mut next = fields.required("certHash")?;
    let hash_oid = if version == 2 && next.is_universal(TAG_SEQUENCE) {
        let alg = AlgorithmId::parse(next)?;
        next = fields.required("certHash")?;
        alg.oid.to_vec()
    } else if version == 2 {
        // id-sha256, the ESSCertIDv2 default
        vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
    } else {
        // id-sha1, fixed by ESSCertID v1
        vec![0x2b, 0x0e, 0x03, 0x02, 0x1a]
    };
    if !next.is_universal(TAG_OCTET_STRING) || next.constructed {
        return Err(bad("certHash is not an OCTET STRING"));
    }
    let hash = next.content;
    let mut issuer_names = Vec::new();
    let mut serial = None;
    if let Some(issuer_serial) = fields.next() {
        let issuer_serial = issuer_serial?.expect(TAG_SEQUENCE, "IssuerSerial SEQUENCE")?;
        let mut parts = issuer_serial.children();
        let names = parts
            .required("issuer GeneralNames")?
            .expect(TAG_SEQUENCE, "GeneralNames")?;
        for name in names.children() {
            let name = name?;
            // directoryName [4] EXPLICIT Name; other GeneralName forms cannot match a cert issuer.
            if name.is_context(4) {
                if let Some(inner) = name.children().next() {
                    issuer_names.push(inner?.raw);
                }
            }
        }
        let serial_tlv = parts
            .required("serialNumber")?
            .expect(TAG_INTEGER, "serialNumber INTEGER")?;
        serial = Some(serial_tlv.content);
    }
    Ok(EssCertId {
        version,
        hash_oid,
        hash,
        issuer_names,
        serial,
    })
}

/// CRLs and OCSP responses from Adobe's revocationInfoArchival attribute value.
#[derive(Debug, Clone, Default)]
pub struct ArchivedRevocation<'a> {
    /// DER CRLs archived at signing time.
    pub crls: Vec<&'a [u8]>,
    /// DER OCSPResponses archived at signing time.
    pub ocsp_responses: Vec<&'a [u8]>,
}

/// `RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL,
/// ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] … OPTIONAL }`
pub fn parse_revocation_archival<'a>(
    value: &Tlv<'a>,
    limit: usize,
) -> Result<ArchivedRevocation<'a>, CmsParseError> {
    let seq = value.expect(TAG_SEQUENCE, "RevocationInfoArchival SEQUENCE")?;
    let mut out = ArchivedRevocation::default();
    for field in seq.children() {
        let field = field?;
        let target = if field.is_context(0) {
            &mut out.crls
        } else if field.is_context(1) {
            &mut out.ocsp_responses
        } else {
            continue;
        };
        for list in field.children() {
            let list = list?.expect(TAG_SEQUENCE, "SEQUENCE OF revocation values")?;
            for item in list.children() {
                let item = item?;
                if target.len() >= limit {
                    return Err(crate::asn1::ber::BerError::TooMany {
                        what: "archived revocation values",
                        limit,
                    }
                    .into());
                }
                target.push(item.raw);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asn1::ber::read_tlv;

    fn time_of(bytes: &[u8]) -> Option<OffsetDateTime> {
        let (tlv, _) = read_tlv(bytes, 0, 4).ok()?;
        parse_time(&tlv)
    }

    #[test]
    fn parses_asn1_times() {
        let utc = time_of(b"\x17\x0d260301120000Z").unwrap();
        assert_eq!(utc, time::macros::datetime!(2026-03-01 12:00 UTC));
        let gen = time_of(b"\x18\x1220260301120000.25Z").unwrap();
        assert_eq!(gen, time::macros::datetime!(2026-03-01 12:00:00.25 UTC));
        let offset = time_of(b"\x18\x1320260301130000+0100").unwrap();
        assert_eq!(offset, time::macros::datetime!(2026-03-01 12:00 UTC));
        assert!(time_of(b"\x17\x0d261301120000Z").is_none());
        assert!(time_of(b"\x17\x0426030").is_none());
        assert!(time_of(b"\x18\x0f2026030112000.Z").is_none());
    }

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    #[test]
    fn reads_adobe_revocation_archival() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cms");
        let crl1 = std::fs::read(dir.join("intermediate.crl")).unwrap();
        let crl2 = std::fs::read(dir.join("root.crl")).unwrap();
        let ocsp = tlv(0x30, &tlv(0x0a, &[0])); // OCSPResponse { responseStatus successful }
        let crls = tlv(0xa0, &tlv(0x30, &[crl1.clone(), crl2.clone()].concat()));
        let ocsps = tlv(0xa1, &tlv(0x30, &ocsp));
        let other = tlv(0xa2, &tlv(0x30, &[]));
        let value = tlv(0x30, &[crls, ocsps, other].concat());
        let (tlv_value, _) = read_tlv(&value, 0, 16).unwrap();
        let archived = parse_revocation_archival(&tlv_value, 8).unwrap();
        assert_eq!(archived.crls, vec![crl1.as_slice(), crl2.as_slice()]);
        assert_eq!(archived.ocsp_responses, vec![ocsp.as_slice()]);
        // The count limit holds.
        assert!(parse_revocation_archival(&tlv_value, 1).is_err());
        // Not a SEQUENCE: an error, not a panic.
        let (not_seq, _) = read_tlv(&[0x04, 0x00], 0, 4).unwrap();
        assert!(parse_revocation_archival(&not_seq, 8).is_err());
    }
}
