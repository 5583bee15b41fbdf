//! A small, bounded DER reader for the SES structures.
//!
//! SES has a fixed shape, so the parsers walk it field by field instead of going through a
//! generic ASN.1 tree: every element is read with [`Tlv::parse`], which checks that the length
//! fits in the input, and every SEQUENCE OF is read with [`children`], which stops at a count
//! budget. Nothing here recurses, allocates in proportion to a declared length, or panics.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Universal tags used by SES.
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0C;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const T61_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const VISIBLE_STRING: u8 = 0x1A;
    pub const BMP_STRING: u8 = 0x1E;
    pub const SEQUENCE: u8 = 0x30;
    /// `[0]` constructed, context-specific.
    pub const CONTEXT_0: u8 = 0xA0;
}

/// Why a DER element could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    #[error("input ends inside an element")]
    Truncated,
    #[error("indefinite or over-long length")]
    BadLength,
    #[error("multi-byte tag numbers are not used by SES")]
    HighTag,
    #[error("expected {expected}, found tag 0x{found:02x} at {field}")]
    UnexpectedTag {
        expected: &'static str,
        found: u8,
        field: &'static str,
    },
    #[error("missing field {0}")]
    Missing(&'static str),
    #[error("more than {limit} elements in {field}")]
    TooMany { field: &'static str, limit: usize },
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// One element: its tag byte, its content and the whole encoding (tag and length included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Reads one element from the front of `input`; returns it and what follows.
    pub fn parse(input: &'a [u8]) -> Result<(Tlv<'a>, &'a [u8]), DerError> {
        let (&tag, after_tag) = input.split_first().ok_or(DerError::Truncated)?;
        if tag & 0x1F == 0x1F {
            return Err(DerError::HighTag);
        }
        let (&first, after_len) = after_tag.split_first().ok_or(DerError::Truncated)?;
        let (length, after_len) = if first < 0x80 {
            (usize::from(first), after_len)
        } else {
            let count = usize::from(first & 0x7F);
            // 0x80 is BER's indefinite form; more than 4 length bytes is never a sane SES.
            if count == 0 || count > 4 {
                return Err(DerError::BadLength);
            }
            let bytes = after_len.get(..count).ok_or(DerError::Truncated)?;
            let mut length = 0usize;
            for &b in bytes {
                length = length
                    .checked_mul(256)
                    .and_then(|l| l.checked_add(usize::from(b)))
                    .ok_or(DerError::BadLength)?;
            }
            (length, after_len.get(count..).ok_or(DerError::Truncated)?)
        };
        let content = after_len.get(..length).ok_or(DerError::Truncated)?;
        let rest = after_len.get(length..).ok_or(DerError::Truncated)?;
        let header_len = input.len() - after_len.len();
        let raw = input
            .get(..header_len + length)
            .ok_or(DerError::Truncated)?;
        Ok((Tlv { tag, content, raw }, rest))
    }

    /// Reads exactly one element that must fill `input` (trailing bytes are an error).
    pub fn parse_exact(input: &'a [u8]) -> Result<Tlv<'a>, DerError> {
        let (tlv, rest) = Tlv::parse(input)?;
        if !rest.is_empty() {
            return Err(DerError::Malformed("trailing bytes after the structure"));
        }
        Ok(tlv)
    }

    /// Fails unless the tag is `tag`.
    pub fn expect(
        self,
        tag: u8,
        expected: &'static str,
        field: &'static str,
    ) -> Result<Self, DerError> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(DerError::UnexpectedTag {
                expected,
                found: self.tag,
                field,
            })
        }
    }

    pub fn is_constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }
}

/// The elements inside a constructed value, at most `limit` of them.
pub fn children<'a>(
    content: &'a [u8],
    limit: usize,
    field: &'static str,
) -> Result<Vec<Tlv<'a>>, DerError> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        if out.len() >= limit {
            return Err(DerError::TooMany { field, limit });
        }
        let (tlv, after) = Tlv::parse(rest)?;
        out.push(tlv);
        rest = after;
    }
    Ok(out)
}

/// A small INTEGER (versions, types, sizes in mm). Larger values are malformed here.
pub fn small_integer(tlv: Tlv<'_>, field: &'static str) -> Result<i64, DerError> {
    let tlv = tlv.expect(tag::INTEGER, "INTEGER", field)?;
    if tlv.content.is_empty() || tlv.content.len() > 8 {
        return Err(DerError::Malformed(field));
    }
    let negative = tlv.content.first().is_some_and(|b| b & 0x80 != 0);
    let mut value: i64 = if negative { -1 } else { 0 };
    for &b in tlv.content {
        value = (value << 8) | i64::from(b);
    }
    Ok(value)
}

/// The bytes of a BIT STRING (whole octets only, as SES always uses).
pub fn bit_string<'a>(tlv: Tlv<'a>, field: &'static str) -> Result<&'a [u8], DerError> {
    let tlv = tlv.expect(tag::BIT_STRING, "BIT STRING", field)?;
    match tlv.content.split_first() {
        Some((0, bits)) => Ok(bits),
        // Some writers put a non-zero unused-bit count on whole-octet values; the octets are
        // still what was signed/hashed, so take them.
        Some((_, bits)) => Ok(bits),
        None => Err(DerError::Malformed(field)),
    }
}

/// The bytes of an OCTET STRING.
pub fn octet_string<'a>(tlv: Tlv<'a>, field: &'static str) -> Result<&'a [u8], DerError> {
    Ok(tlv
        .expect(tag::OCTET_STRING, "OCTET STRING", field)?
        .content)
}

/// Any of the ASN.1 character string types, decoded leniently (vendors mix them up).
pub fn any_string(tlv: Tlv<'_>, field: &'static str) -> Result<String, DerError> {
    match tlv.tag {
        tag::UTF8_STRING
        | tag::PRINTABLE_STRING
        | tag::IA5_STRING
        | tag::VISIBLE_STRING
        | tag::T61_STRING
        | tag::OCTET_STRING => Ok(String::from_utf8_lossy(tlv.content).into_owned()),
        tag::BMP_STRING => {
            let units = tlv.content.chunks(2).map(|c| match c {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xFFFD,
            });
            Ok(char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect())
        }
        found => Err(DerError::UnexpectedTag {
            expected: "a character string",
            found,
            field,
        }),
    }
}

/// An OBJECT IDENTIFIER in dotted form.
pub fn oid(tlv: Tlv<'_>, field: &'static str) -> Result<String, DerError> {
    let tlv = tlv.expect(tag::OID, "OBJECT IDENTIFIER", field)?;
    oid_to_string(tlv.content).ok_or(DerError::Malformed(field))
}

/// Dotted form of an OID's content octets; `None` if malformed.
pub fn oid_to_string(content: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    let mut in_arc = false;
    for &b in content {
        if !in_arc && b == 0x80 {
            return None; // non-minimal encoding
        }
        value = value.checked_mul(128)?.checked_add(u64::from(b & 0x7F))?;
        in_arc = b & 0x80 != 0;
        if !in_arc {
            arcs.push(value);
            value = 0;
        }
    }
    if in_arc || arcs.is_empty() {
        return None;
    }
    let first = *arcs.first()?;
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut s = format!("{a}.{b}");
    for arc in arcs.iter().skip(1) {
        s.push('.');
        s.push_str(&arc.to_string());
    }
    Some(s)
}

/// A UTCTime or GeneralizedTime (SES writers use both wherever a time appears).
pub fn any_time(tlv: Tlv<'_>, field: &'static str) -> Result<OffsetDateTime, DerError> {
    let text = std::str::from_utf8(tlv.content).map_err(|_| DerError::Malformed(field))?;
    match tlv.tag {
        tag::UTC_TIME => parse_asn1_time(text, false).ok_or(DerError::Malformed(field)),
        tag::GENERALIZED_TIME => parse_asn1_time(text, true).ok_or(DerError::Malformed(field)),
        found => Err(DerError::UnexpectedTag {
            expected: "UTCTime or GeneralizedTime",
            found,
            field,
        }),
    }
}

/// Parses `YYMMDDhhmm[ss]Z` (UTCTime) or `YYYYMMDDhhmm[ss][.fff](Z|±hhmm|)` (GeneralizedTime).
/// A GeneralizedTime without zone is taken as UTC (what the real-world seals mean by it).
pub fn parse_asn1_time(text: &str, generalized: bool) -> Option<OffsetDateTime> {
    let digits_for_year = if generalized { 4 } else { 2 };
    let bytes = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = bytes.get(from..from.checked_add(len)?)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let mut pos = 0;
    let mut year = i32::try_from(num(pos, digits_for_year)?).ok()?;
    pos += digits_for_year;
    if !generalized {
        year += if year < 50 { 2000 } else { 1900 };
    }
    let month = num(pos, 2)?;
    let day = num(pos + 2, 2)?;
    let hour = num(pos + 4, 2)?;
    let minute = num(pos + 6, 2)?;
    pos += 8;
    let mut second = 0;
    if let Some(s) = num(pos, 2) {
        second = s;
        pos += 2;
    }
    let mut nanos = 0u32;
    if bytes.get(pos) == Some(&b'.') || bytes.get(pos) == Some(&b',') {
        pos += 1;
        let start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        let frac = text.get(start..pos.min(start + 9))?;
        if frac.is_empty() {
            return None;
        }
        let scale = 10u32.pow(9 - u32::try_from(frac.len()).ok()?);
        nanos = frac.parse::<u32>().ok()?.checked_mul(scale)?;
    }
    let offset_seconds: i64 = match bytes.get(pos) {
        Some(b'Z') if pos + 1 == bytes.len() => 0,
        None => 0,
        Some(sign @ (b'+' | b'-')) if pos + 5 == bytes.len() => {
            let h = i64::from(num(pos + 1, 2)?);
            let m = i64::from(num(pos + 3, 2)?);
            let total = h * 3600 + m * 60;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    let local = PrimitiveDateTime::new(date, time).assume_utc();
    local.checked_sub(time::Duration::seconds(offset_seconds))
}

/// Wraps already-encoded elements in a SEQUENCE header (for signed data made of parts).
pub fn sequence_of_raw(parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag::SEQUENCE);
    push_length(&mut out, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// Appends a DER length.
pub fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or(&[]);
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (tlv, rest) = Tlv::parse(&[0x04, 0x02, 0xAA, 0xBB, 0x00]).unwrap();
        assert_eq!(tlv.content, &[0xAA, 0xBB]);
        assert_eq!(rest, &[0x00]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7u8, 0x80));
        let (tlv, _) = Tlv::parse(&long).unwrap();
        assert_eq!(tlv.content.len(), 0x80);
        assert_eq!(tlv.raw.len(), 0x83);
    }

    #[test]
    fn rejects_lengths_beyond_input_and_indefinite() {
        assert_eq!(Tlv::parse(&[0x30, 0x05, 0x00]), Err(DerError::Truncated));
        assert_eq!(
            Tlv::parse(&[0x30, 0x80, 0x00, 0x00]),
            Err(DerError::BadLength)
        );
        assert_eq!(
            Tlv::parse(&[0x30, 0x85, 1, 1, 1, 1, 1]),
            Err(DerError::BadLength)
        );
        assert_eq!(
            Tlv::parse(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(DerError::Truncated)
        );
        assert_eq!(Tlv::parse(&[]), Err(DerError::Truncated));
    }

    #[test]
    fn child_budget_is_enforced() {
        let content = [0x05, 0x00, 0x05, 0x00, 0x05, 0x00];
        assert_eq!(children(&content, 3, "x").unwrap().len(), 3);
        assert!(matches!(
            children(&content, 2, "x"),
            Err(DerError::TooMany { .. })
        ));
    }

    #[test]
    fn oids_and_times() {
        // 1.2.156.10197.1.501
        let oid_bytes = [0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x83, 0x75];
        assert_eq!(oid_to_string(&oid_bytes).unwrap(), "1.2.156.10197.1.501");
        let t = parse_asn1_time("20200125073156Z", true).unwrap();
        assert_eq!(t.unix_timestamp(), 1_579_937_516);
        let u = parse_asn1_time("200125073156Z", false).unwrap();
        assert_eq!(t, u);
        let z = parse_asn1_time("20200125153156+0800", true).unwrap();
        assert_eq!(t, z);
        assert!(parse_asn1_time("2020012507", true).is_none());
        assert!(parse_asn1_time("20201325073156Z", true).is_none());
    }

    #[test]
    fn sequence_wrapper_encodes_long_lengths() {
        let part = vec![0u8; 300];
        let seq = sequence_of_raw(&[&part]);
        assert_eq!(&seq[..4], &[0x30, 0x82, 0x01, 0x2C]);
        assert_eq!(Tlv::parse_exact(&seq).unwrap().content.len(), 300);
    }
}
