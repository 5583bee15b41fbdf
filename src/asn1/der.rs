//! A strict DER reader for fixed-shape structures read field by field: the X.509, CRL and
//! OCSP shells, SubjectPublicKeyInfo, and the GB/T 38540 seal structures.
//!
//! Identifiers are one octet (no schema read here needs high tag numbers) and lengths are
//! definite. [`Reader`] walks a SEQUENCE field by field; [`children`] reads a SEQUENCE OF
//! under a count budget. Nothing recurses or allocates in proportion to a declared length.

use time::OffsetDateTime;

use super::time::{TimeForm, TimeProfile};
use super::{read_header, HeaderError};

/// Identifier octets of the universal types read here, and context-specific tags.
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const ENUMERATED: u8 = 0x0a;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const T61_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const VISIBLE_STRING: u8 = 0x1a;
    pub const BMP_STRING: u8 = 0x1e;
    pub const SEQUENCE: u8 = 0x30;
    /// `[0]` constructed, context-specific.
    pub const CONTEXT_0: u8 = 0xa0;

    /// Context-specific constructed tag `[n]` (n < 31).
    pub const fn context(n: u8) -> u8 {
        0xa0 | (n & 0x1f)
    }

    /// Context-specific primitive tag `[n]` (n < 31).
    pub const fn context_primitive(n: u8) -> u8 {
        0x80 | (n & 0x1f)
    }
}

/// Why a DER element could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    #[error("input ends inside an element")]
    Truncated,
    #[error("indefinite or over-long length")]
    BadLength,
    #[error("multi-byte tag numbers are not expected here")]
    HighTag,
    #[error("expected {expected}, found tag 0x{found:02x} at {field}")]
    UnexpectedTag {
        expected: &'static str,
        found: u8,
        field: &'static str,
    },
    #[error("expected tag 0x{expected:02x}, found 0x{found:02x}")]
    WrongTag { expected: u8, found: u8 },
    #[error("missing field {0}")]
    Missing(&'static str),
    #[error("more than {limit} elements in {field}")]
    TooMany { field: &'static str, limit: usize },
    #[error("malformed {0}")]
    Malformed(&'static str),
    /// A structural rule of the schema is broken; the text says which.
    #[error("{0}")]
    Invalid(&'static str),
}

/// One element: its identifier octet, its content and the whole encoding (header included,
/// which is what signatures are computed over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Reads one element from the front of `input`; returns it and what follows.
    pub fn parse(input: &'a [u8]) -> Result<(Tlv<'a>, &'a [u8]), DerError> {
        let header = read_header(input).map_err(|e| match e {
            HeaderError::Truncated(_) => DerError::Truncated,
            HeaderError::BadLength => DerError::BadLength,
            HeaderError::TagTooLarge => DerError::HighTag,
        })?;
        if header.identifier & 0x1f == 0x1f {
            return Err(DerError::HighTag);
        }
        let length = header.content_len.ok_or(DerError::BadLength)?;
        let end = header.len.checked_add(length).ok_or(DerError::BadLength)?;
        let raw = input.get(..end).ok_or(DerError::Truncated)?;
        let content = raw.get(header.len..).ok_or(DerError::Truncated)?;
        let rest = input.get(end..).ok_or(DerError::Truncated)?;
        Ok((
            Tlv {
                tag: header.identifier,
                content,
                raw,
            },
            rest,
        ))
    }

    /// Reads exactly one element that must fill `input` (trailing bytes are an error).
    pub fn parse_exact(input: &'a [u8]) -> Result<Tlv<'a>, DerError> {
        let (tlv, rest) = Tlv::parse(input)?;
        if !rest.is_empty() {
            return Err(DerError::Invalid("trailing bytes after the structure"));
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

    /// A reader over the content of a constructed element.
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.content)
    }

    /// Content of a BIT STRING with no unused bits (keys and signatures).
    pub fn bit_string_bytes(&self) -> Result<&'a [u8], DerError> {
        if self.tag != tag::BIT_STRING {
            return Err(DerError::WrongTag {
                expected: tag::BIT_STRING,
                found: self.tag,
            });
        }
        match self.content.split_first() {
            Some((0, rest)) => Ok(rest),
            Some(_) => Err(DerError::Invalid("BIT STRING with unused bits")),
            None => Err(DerError::Invalid("empty BIT STRING")),
        }
    }
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
        let (tlv, rest) = Tlv::parse(self.rest)?;
        self.rest = rest;
        Ok(tlv)
    }

    /// The next element, which must carry `tag`.
    pub fn next_tag(&mut self, tag: u8) -> Result<Tlv<'a>, DerError> {
        let tlv = self.next_any()?;
        if tlv.tag != tag {
            return Err(DerError::WrongTag {
                expected: tag,
                found: tlv.tag,
            });
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

    /// The next element as a dotted OBJECT IDENTIFIER.
    pub fn next_oid(&mut self) -> Result<String, DerError> {
        let tlv = self.next_tag(tag::OID)?;
        super::oid::to_dotted(tlv.content).ok_or(DerError::Malformed("OBJECT IDENTIFIER"))
    }

    /// Errors unless every element was consumed.
    pub fn finish(&self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError::Invalid("unexpected trailing elements"))
        }
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

/// Unsigned big-endian magnitude of an INTEGER's content, leading zero octets removed.
pub fn unsigned_integer_bytes(content: &[u8]) -> Result<&[u8], DerError> {
    match content.first() {
        None => Err(DerError::Invalid("empty INTEGER")),
        Some(b) if b & 0x80 != 0 => Err(DerError::Invalid("negative INTEGER")),
        Some(_) => {
            let start = content
                .iter()
                .position(|&b| b != 0)
                .unwrap_or(content.len());
            Ok(content.get(start..).unwrap_or_default())
        }
    }
}

/// Small non-negative INTEGER content (lengths, versions, counts).
pub fn small_unsigned(content: &[u8]) -> Result<u64, DerError> {
    let magnitude = unsigned_integer_bytes(content)?;
    if magnitude.len() > 8 {
        return Err(DerError::Invalid("INTEGER too large"));
    }
    Ok(magnitude
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// A small signed INTEGER element (SES versions, types, sizes in mm).
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

/// The octets of a BIT STRING element, whatever its unused-bit count: some SES writers put a
/// non-zero count on whole-octet values, and the octets are still what was signed or hashed.
pub fn bit_string<'a>(tlv: Tlv<'a>, field: &'static str) -> Result<&'a [u8], DerError> {
    let tlv = tlv.expect(tag::BIT_STRING, "BIT STRING", field)?;
    match tlv.content.split_first() {
        Some((_, bits)) => Ok(bits),
        None => Err(DerError::Malformed(field)),
    }
}

/// The octets of an OCTET STRING element.
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
                _ => 0xfffd,
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

/// An OBJECT IDENTIFIER element in dotted form.
pub fn oid(tlv: Tlv<'_>, field: &'static str) -> Result<String, DerError> {
    let tlv = tlv.expect(tag::OID, "OBJECT IDENTIFIER", field)?;
    super::oid::to_dotted(tlv.content).ok_or(DerError::Malformed(field))
}

/// A UTCTime or GeneralizedTime element under `profile`.
pub fn any_time(
    tlv: Tlv<'_>,
    profile: TimeProfile,
    field: &'static str,
) -> Result<OffsetDateTime, DerError> {
    let form = match tlv.tag {
        tag::UTC_TIME => TimeForm::Utc,
        tag::GENERALIZED_TIME => TimeForm::Generalized,
        found => {
            return Err(DerError::UnexpectedTag {
                expected: "UTCTime or GeneralizedTime",
                found,
                field,
            })
        }
    };
    super::time::parse(tlv.content, form, profile).ok_or(DerError::Malformed(field))
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
        let (tlv, rest) = Tlv::parse(&[0x04, 0x02, 0xaa, 0xbb, 0x05]).unwrap();
        assert_eq!(tlv.content, &[0xaa, 0xbb]);
        assert_eq!(tlv.raw, &[0x04, 0x02, 0xaa, 0xbb]);
        assert_eq!(rest, &[0x05]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7u8, 0x80));
        let (tlv, _) = Tlv::parse(&long).unwrap();
        assert_eq!(tlv.content.len(), 0x80);
        assert_eq!(tlv.raw.len(), 0x83);
    }

    #[test]
    fn hostile_headers_are_errors() {
        assert_eq!(Tlv::parse(&[]), Err(DerError::Truncated));
        assert_eq!(Tlv::parse(&[0x30]), Err(DerError::Truncated));
        assert_eq!(Tlv::parse(&[0x30, 0x05, 0x00]), Err(DerError::Truncated));
        assert_eq!(
            Tlv::parse(&[0x30, 0x80, 0x00, 0x00]),
            Err(DerError::BadLength)
        );
        assert_eq!(Tlv::parse(&[0x30, 0x89, 1]), Err(DerError::BadLength));
        assert_eq!(
            Tlv::parse(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
            Err(DerError::Truncated)
        );
        assert_eq!(
            Tlv::parse(&[0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Err(DerError::BadLength)
        );
        assert_eq!(Tlv::parse(&[0x1f, 0x01, 0x00]), Err(DerError::HighTag));
        assert!(Tlv::parse_exact(&[0x05, 0x00, 0x05]).is_err());
    }

    #[test]
    fn reader_and_child_budget() {
        let content = [0x05, 0x00, 0x02, 0x01, 0x07, 0x05, 0x00];
        assert_eq!(children(&content, 3, "x").unwrap().len(), 3);
        assert!(matches!(
            children(&content, 2, "x"),
            Err(DerError::TooMany { .. })
        ));
        let mut reader = Reader::new(&content);
        assert_eq!(reader.optional(tag::INTEGER), Ok(None));
        reader.next_tag(tag::NULL).unwrap();
        let int = reader.next_tag(tag::INTEGER).unwrap();
        assert_eq!(small_unsigned(int.content), Ok(7));
        assert!(reader.finish().is_err());
        assert!(matches!(
            reader.next_tag(tag::INTEGER),
            Err(DerError::WrongTag { .. })
        ));
    }

    #[test]
    fn integers_and_bit_strings() {
        assert_eq!(
            unsigned_integer_bytes(&[0x00, 0x80, 0x01]),
            Ok(&[0x80, 0x01][..])
        );
        assert!(unsigned_integer_bytes(&[0x80]).is_err());
        assert!(small_unsigned(&[0x01; 9]).is_err());
        let (neg, _) = Tlv::parse(&[0x02, 0x01, 0xff]).unwrap();
        assert_eq!(small_integer(neg, "x"), Ok(-1));
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[]), 0);
        let (bits, _) = Tlv::parse(&[0x03, 0x02, 0x01, 0xaa]).unwrap();
        assert!(bits.bit_string_bytes().is_err());
        assert_eq!(bit_string(bits, "x"), Ok(&[0xaa][..]));
    }

    #[test]
    fn sequence_wrapper_encodes_long_lengths() {
        let part = vec![0u8; 300];
        let seq = sequence_of_raw(&[&part]);
        assert_eq!(seq.get(..4), Some(&[0x30, 0x82, 0x01, 0x2c][..]));
        assert_eq!(Tlv::parse_exact(&seq).unwrap().content.len(), 300);
    }
}
