//! RFC 3161 TSTInfo, the content a time-stamping authority signs.

use time::OffsetDateTime;

use super::attributes::parse_time;
use super::oid;
use super::signed_data::{AlgorithmId, CmsParseError};
use crate::asn1::ber::{
    read_tlv, TAG_GENERALIZED_TIME, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE,
};
use crate::policy::Limits;

/// The parts of a TSTInfo the verifier uses (owned: the eContent may be a joined BER string).
#[derive(Debug, Clone)]
pub struct TstInfo {
    /// TSTInfo version (1 per RFC 3161).
    pub version: u64,
    /// TSA policy OID, dotted.
    pub policy: String,
    /// messageImprint.hashAlgorithm OID content octets.
    pub imprint_algorithm: Vec<u8>,
    /// messageImprint.hashedMessage: the digest of the timestamped data.
    pub imprint: Vec<u8>,
    /// serialNumber in lower-case hex.
    pub serial: String,
    /// genTime: when the TSA says the token was made.
    pub gen_time: OffsetDateTime,
}

/// Parses a DER TSTInfo; trailing bytes after it are an error.
pub fn parse_tst_info(bytes: &[u8], limits: &Limits) -> Result<TstInfo, CmsParseError> {
    let bad = |what: &str| CmsParseError::Structure(format!("TSTInfo: {what}"));
    let (seq, rest) = read_tlv(bytes, 0, limits.max_depth.max(1))?;
    if !rest.is_empty() {
        return Err(bad("bytes after the TSTInfo"));
    }
    let seq = seq.expect(TAG_SEQUENCE, "TSTInfo SEQUENCE")?;
    let mut kids = seq.children();
    let version = kids.required("version")?.small_uint()?;
    let policy = oid::name(kids.required("policy")?.oid()?);
    let imprint_seq = kids
        .required("messageImprint")?
        .expect(TAG_SEQUENCE, "MessageImprint SEQUENCE")?;
    let mut imprint_kids = imprint_seq.children();
    let algorithm = AlgorithmId::parse(imprint_kids.required("hashAlgorithm")?)?;
    let imprint = imprint_kids
        .required("hashedMessage")?
        .expect(TAG_OCTET_STRING, "hashedMessage OCTET STRING")?
        .octets()?
        .into_owned();
    imprint_kids.finish("MessageImprint")?;
    let serial = kids
        .required("serialNumber")?
        .expect(TAG_INTEGER, "serialNumber INTEGER")?;
    let gen_time_tlv = kids
        .required("genTime")?
        .expect(TAG_GENERALIZED_TIME, "genTime GeneralizedTime")?;
    let gen_time = parse_time(&gen_time_tlv).ok_or_else(|| bad("unreadable genTime"))?;
    // accuracy, ordering, nonce, tsa, extensions are not needed; they are still walked so that
    // a malformed tail is reported.
    for rest in kids {
        rest?;
    }
    Ok(TstInfo {
        version,
        policy,
        imprint_algorithm: algorithm.oid.to_vec(),
        imprint,
        serial: hex(serial.content),
        gen_time,
    })
}

/// Lower-case hex, leading zero octets dropped (serial numbers).
pub fn hex(bytes: &[u8]) -> String {
    let mut trimmed = bytes;
    while trimmed.len() > 1 && trimmed.first() == Some(&0) {
        trimmed = trimmed.get(1..).unwrap_or_default();
    }
    trimmed.iter().map(|b| format!("{b:02x}")).collect()
}
