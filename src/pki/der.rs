//! A small, strict-enough DER reader for the handful of structures this module parses by hand
//! (AlgorithmIdentifier, SubjectPublicKeyInfo, RSAPublicKey, the outer Certificate/CRL shell,
//! OCSP responses). Every read is bounds-checked; hostile bytes yield `DerError`, never a panic.

use std::fmt;

pub const TAG_BOOLEAN: u8 = 0x01;
pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_BIT_STRING: u8 = 0x03;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_NULL: u8 = 0x05;
pub const TAG_OID: u8 = 0x06;
pub const TAG_ENUMERATED: u8 = 0x0a;
pub const TAG_UTC_TIME: u8 = 0x17;
pub const TAG_GENERALIZED_TIME: u8 = 0x18;
pub const TAG_SEQUENCE: u8 = 0x30;

/// Context-specific constructed tag `[n]` (n < 31).
pub const fn context(n: u8) -> u8 {
    0xa0 | (n & 0x1f)
}

/// Context-specific primitive tag `[n]` (n < 31).
pub const fn context_primitive(n: u8) -> u8 {
    0x80 | (n & 0x1f)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerError(pub &'static str);

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// One tag-length-value element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// The value bytes.
    pub content: &'a [u8],
    /// The whole element, header included (what signatures are computed over).
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over the content of a constructed element.
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.content)
    }

    /// Content of a BIT STRING with no unused bits (keys and signatures).
    pub fn bit_string_bytes(&self) -> Result<&'a [u8], DerError> {
        if self.tag != TAG_BIT_STRING {
            return Err(DerError("expected BIT STRING"));
        }
        match self.content.split_first() {
            Some((0, rest)) => Ok(rest),
            Some(_) => Err(DerError("BIT STRING with unused bits")),
            None => Err(DerError("empty BIT STRING")),
        }
    }
}

/// Reads one element from the front of `input`; returns it and the remaining bytes.
pub fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), DerError> {
    let (&tag, after_tag) = input.split_first().ok_or(DerError("truncated: no tag"))?;
    if tag & 0x1f == 0x1f {
        return Err(DerError("multi-byte tags are not used by these structures"));
    }
    let (&first, after_len) = after_tag
        .split_first()
        .ok_or(DerError("truncated: no length"))?;
    let (length, header_rest) = if first < 0x80 {
        (usize::from(first), after_len)
    } else if first == 0x80 {
        return Err(DerError("indefinite length is not DER"));
    } else {
        let count = usize::from(first & 0x7f);
        if count > 4 {
            return Err(DerError("length field too long"));
        }
        let bytes = after_len
            .get(..count)
            .ok_or(DerError("truncated length field"))?;
        let mut length: usize = 0;
        for &b in bytes {
            length = length
                .checked_mul(256)
                .and_then(|l| l.checked_add(usize::from(b)))
                .ok_or(DerError("length overflow"))?;
        }
        (length, after_len.get(count..).unwrap_or_default())
    };
    let content = header_rest
        .get(..length)
        .ok_or(DerError("truncated: content shorter than its length"))?;
    let rest = header_rest.get(length..).unwrap_or_default();
    let header_len = input.len() - header_rest.len();
    let raw = input
        .get(..header_len + length)
        .ok_or(DerError("truncated element"))?;
    Ok((Tlv { tag, content, raw }, rest))
}

/// Parses `input` as exactly one element (no trailing bytes).
pub fn parse_single(input: &[u8]) -> Result<Tlv<'_>, DerError> {
    let (tlv, rest) = read_tlv(input)?;
    if !rest.is_empty() {
        return Err(DerError("trailing bytes after element"));
    }
    Ok(tlv)
}

/// Sequential reader over the elements of a constructed value.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Reader { rest: input }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element, whatever its tag.
    pub fn next_any(&mut self) -> Result<Tlv<'a>, DerError> {
        let (tlv, rest) = read_tlv(self.rest)?;
        self.rest = rest;
        Ok(tlv)
    }

    /// The next element, which must carry `tag`.
    pub fn next_tag(&mut self, tag: u8) -> Result<Tlv<'a>, DerError> {
        let tlv = self.next_any()?;
        if tlv.tag != tag {
            return Err(DerError("unexpected tag"));
        }
        Ok(tlv)
    }

    /// The next element if it carries `tag`; otherwise nothing is consumed.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, DerError> {
        match self.rest.first() {
            Some(&t) if t == tag => self.next_any().map(Some),
            _ => Ok(None),
        }
    }

    /// Errors unless every element was consumed.
    pub fn finish(&self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError("unexpected trailing elements"))
        }
    }
}

/// Dotted form of OID content bytes (`1.2.840.113549.1.1.11`). Arcs wider than 64 bits or
/// truncated encodings are errors.
pub fn oid_to_string(content: &[u8]) -> Result<String, DerError> {
    if content.is_empty() {
        return Err(DerError("empty OBJECT IDENTIFIER"));
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    let mut in_arc = false;
    for &b in content {
        if !in_arc && b == 0x80 {
            return Err(DerError("non-minimal OID arc"));
        }
        value = value
            .checked_mul(128)
            .map(|v| v | u64::from(b & 0x7f))
            .ok_or(DerError("OID arc too large"))?;
        if b & 0x80 == 0 {
            arcs.push(value);
            value = 0;
            in_arc = false;
        } else {
            in_arc = true;
        }
    }
    if in_arc {
        return Err(DerError("truncated OID arc"));
    }
    let mut out = String::new();
    for (i, arc) in arcs.iter().enumerate() {
        if i == 0 {
            let (first, second) = match *arc {
                a if a < 40 => (0, a),
                a if a < 80 => (1, a - 40),
                a => (2, a - 80),
            };
            out.push_str(&format!("{first}.{second}"));
        } else {
            out.push_str(&format!(".{arc}"));
        }
    }
    Ok(out)
}

/// Reads an OBJECT IDENTIFIER element and returns its dotted form.
pub fn read_oid(reader: &mut Reader<'_>) -> Result<String, DerError> {
    let tlv = reader.next_tag(TAG_OID)?;
    oid_to_string(tlv.content)
}

/// Unsigned big-endian magnitude of an INTEGER's content, leading zero bytes removed.
pub fn unsigned_integer_bytes(content: &[u8]) -> Result<&[u8], DerError> {
    match content.first() {
        None => Err(DerError("empty INTEGER")),
        Some(b) if b & 0x80 != 0 => Err(DerError("negative INTEGER")),
        Some(_) => {
            let start = content
                .iter()
                .position(|&b| b != 0)
                .unwrap_or(content.len());
            Ok(content.get(start..).unwrap_or_default())
        }
    }
}

/// Small non-negative INTEGER (lengths, versions, counts).
pub fn small_unsigned(content: &[u8]) -> Result<u64, DerError> {
    let magnitude = unsigned_integer_bytes(content)?;
    if magnitude.len() > 8 {
        return Err(DerError("INTEGER too large"));
    }
    Ok(magnitude
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// Bit length of an unsigned big-endian magnitude.
pub fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.iter().position(|&b| b != 0) {
        None => 0,
        Some(i) => {
            let top = magnitude.get(i).copied().unwrap_or(0);
            (magnitude.len() - i - 1) * 8 + (8 - top.leading_zeros() as usize)
        }
    }
}

/// GeneralizedTime content (`YYYYMMDDHHMMSS[.fff]Z`, as RFC 5280/6960 require) as UTC.
pub fn generalized_time(content: &[u8]) -> Result<time::OffsetDateTime, DerError> {
    let text = std::str::from_utf8(content).map_err(|_| DerError("GeneralizedTime not ASCII"))?;
    let text = text
        .strip_suffix('Z')
        .ok_or(DerError("GeneralizedTime not in UTC"))?;
    let (main, _fraction) = text.split_once('.').unwrap_or((text, ""));
    if main.len() != 14 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DerError("GeneralizedTime has a wrong format"));
    }
    let field = |range: std::ops::Range<usize>| -> Result<u32, DerError> {
        main.get(range)
            .and_then(|s| s.parse().ok())
            .ok_or(DerError("GeneralizedTime field"))
    };
    let year = i32::try_from(field(0..4)?).map_err(|_| DerError("GeneralizedTime year"))?;
    let month = u8::try_from(field(4..6)?)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or(DerError("GeneralizedTime month"))?;
    let small = |v: u32| u8::try_from(v).map_err(|_| DerError("GeneralizedTime field"));
    let date = time::Date::from_calendar_date(year, month, small(field(6..8)?)?)
        .map_err(|_| DerError("GeneralizedTime date"))?;
    let clock = time::Time::from_hms(
        small(field(8..10)?)?,
        small(field(10..12)?)?,
        small(field(12..14)?)?,
    )
    .map_err(|_| DerError("GeneralizedTime time of day"))?;
    Ok(time::PrimitiveDateTime::new(date, clock).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_round_trip_known_values() {
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(
            oid_to_string(&[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75]).unwrap(),
            "1.2.156.10197.1.501"
        );
        assert_eq!(oid_to_string(&[0x2b, 0x65, 0x70]).unwrap(), "1.3.101.112");
        assert!(oid_to_string(&[0x2a, 0x86]).is_err());
        assert!(oid_to_string(&[0x2a, 0x80, 0x01]).is_err());
        assert!(oid_to_string(&[0xff; 20]).is_err());
    }

    #[test]
    fn hostile_lengths_are_errors() {
        assert!(read_tlv(&[]).is_err());
        assert!(read_tlv(&[0x30]).is_err());
        assert!(read_tlv(&[0x30, 0x80, 0x00, 0x00]).is_err());
        assert!(read_tlv(&[0x30, 0x85, 1, 2, 3, 4, 5]).is_err());
        assert!(read_tlv(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(read_tlv(&[0x30, 0x03, 0x01]).is_err());
        let (tlv, rest) = read_tlv(&[0x04, 0x02, 0xaa, 0xbb, 0x05]).unwrap();
        assert_eq!(tlv.content, &[0xaa, 0xbb]);
        assert_eq!(tlv.raw, &[0x04, 0x02, 0xaa, 0xbb]);
        assert_eq!(rest, &[0x05]);
    }

    #[test]
    fn generalized_times() {
        let t = generalized_time(b"20260201000000Z").unwrap();
        assert_eq!(t, time::macros::datetime!(2026-02-01 00:00 UTC));
        assert!(generalized_time(b"20260201000000.123Z").is_ok());
        assert!(generalized_time(b"20261301000000Z").is_err());
        assert!(generalized_time(b"20260201000000").is_err());
        assert!(generalized_time(b"2026020100000Z").is_err());
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[]), 0);
    }
}
