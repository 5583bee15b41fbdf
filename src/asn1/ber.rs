//! A zero-copy BER reader (DER is a subset).
//!
//! CMS signatures from real signers are not always DER: `openssl cms -stream` and some PDF
//! signers emit indefinite lengths and constructed strings, and SET OF elements may be unsorted.
//! Re-encoding would change the bytes that were signed, so this reader only slices the input:
//! every [`Tlv`] borrows its exact raw bytes, header included. Depth is bounded by a budget
//! taken from `Limits::max_depth`; nothing here allocates except [`Tlv::octets`] for constructed
//! (BER) strings.

use std::borrow::Cow;

use super::{read_header, Class, HeaderError};

pub const TAG_BOOLEAN: u32 = 1;
pub const TAG_INTEGER: u32 = 2;
pub const TAG_BIT_STRING: u32 = 3;
pub const TAG_OCTET_STRING: u32 = 4;
pub const TAG_NULL: u32 = 5;
pub const TAG_OID: u32 = 6;
pub const TAG_SEQUENCE: u32 = 16;
pub const TAG_SET: u32 = 17;
pub const TAG_UTC_TIME: u32 = 23;
pub const TAG_GENERALIZED_TIME: u32 = 24;

/// Why a byte string is not a well-formed BER value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BerError {
    #[error("truncated ASN.1 value at offset {0}")]
    Truncated(usize),
    #[error("invalid ASN.1 length at offset {0}")]
    BadLength(usize),
    #[error("ASN.1 tag number too large at offset {0}")]
    TagTooLarge(usize),
    #[error("indefinite length on a primitive value at offset {0}")]
    IndefinitePrimitive(usize),
    #[error("ASN.1 nesting deeper than the depth limit at offset {0}")]
    TooDeep(usize),
    #[error("expected {expected} at offset {offset}")]
    Unexpected {
        expected: &'static str,
        offset: usize,
    },
    #[error("too many elements in {what} (limit {limit})")]
    TooMany { what: &'static str, limit: usize },
    #[error("invalid {what} at offset {offset}")]
    Invalid { what: &'static str, offset: usize },
}

/// One TLV, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub class: Class,
    pub constructed: bool,
    pub number: u32,
    /// The whole encoding: identifier, length, content and (for indefinite lengths) the
    /// end-of-contents octets.
    pub raw: &'a [u8],
    /// The content octets only (without end-of-contents).
    pub content: &'a [u8],
    pub indefinite: bool,
    /// Offset of `raw` in the outermost input (for evidence).
    pub offset: usize,
    /// Remaining nesting budget for this value's children.
    depth_left: usize,
}

/// Reads one TLV from the start of `input`. `base_offset` is where `input` starts in the
/// outermost buffer; `depth` is the nesting budget for this value and everything below it.
/// Returns the value and the bytes after it.
pub fn read_tlv(
    input: &[u8],
    base_offset: usize,
    depth: usize,
) -> Result<(Tlv<'_>, &[u8]), BerError> {
    if depth == 0 {
        return Err(BerError::TooDeep(base_offset));
    }
    let header = read_header(input).map_err(|e| match e {
        HeaderError::Truncated(at) => BerError::Truncated(base_offset + at),
        HeaderError::BadLength => BerError::BadLength(base_offset),
        HeaderError::TagTooLarge => BerError::TagTooLarge(base_offset),
    })?;
    let content_start = header.len;
    let (content_end, end) = match header.content_len {
        Some(len) => {
            let end = content_start
                .checked_add(len)
                .ok_or(BerError::BadLength(base_offset))?;
            (end, end)
        }
        None => {
            if !header.constructed {
                return Err(BerError::IndefinitePrimitive(base_offset));
            }
            // Indefinite length: the content runs until the end-of-contents octets that
            // close this value, i.e. after its last child. Walk the children to find them.
            let mut rest = input
                .get(content_start..)
                .ok_or(BerError::Truncated(base_offset + content_start))?;
            loop {
                if rest.len() < 2 {
                    return Err(BerError::Truncated(base_offset + input.len()));
                }
                if rest.starts_with(&[0, 0]) {
                    let content_end = input.len() - rest.len();
                    break (content_end, content_end + 2);
                }
                let child_offset = base_offset + (input.len() - rest.len());
                let (_, after) = read_tlv(rest, child_offset, depth - 1)?;
                rest = after;
            }
        }
    };
    let content = input
        .get(content_start..content_end)
        .ok_or(BerError::Truncated(base_offset + input.len()))?;
    let raw = input.get(..end).ok_or(BerError::Truncated(base_offset))?;
    let tail = input.get(end..).ok_or(BerError::Truncated(base_offset))?;
    Ok((
        Tlv {
            class: header.class,
            constructed: header.constructed,
            number: header.number,
            raw,
            content,
            indefinite: header.content_len.is_none(),
            offset: base_offset,
            depth_left: depth - 1,
        },
        tail,
    ))
}

impl<'a> Tlv<'a> {
    /// Is this a universal-class value with tag `number`?
    pub fn is_universal(&self, number: u32) -> bool {
        self.class == Class::Universal && self.number == number
    }

    /// Is this a context-specific `[number]` value?
    pub fn is_context(&self, number: u32) -> bool {
        self.class == Class::Context && self.number == number
    }

    /// Offset of the content octets in the outermost buffer.
    pub fn content_offset(&self) -> usize {
        self.offset + (self.raw.len() - self.content.len()) - if self.indefinite { 2 } else { 0 }
    }

    /// The children of a constructed value, in encoding order (SET OF order is kept).
    pub fn children(&self) -> Children<'a> {
        Children {
            rest: if self.constructed { self.content } else { &[] },
            offset: self.content_offset(),
            depth: self.depth_left,
            failed: false,
        }
    }

    /// Fails unless this is a universal value with tag `number`.
    pub fn expect(self, number: u32, expected: &'static str) -> Result<Self, BerError> {
        if self.is_universal(number) {
            Ok(self)
        } else {
            Err(BerError::Unexpected {
                expected,
                offset: self.offset,
            })
        }
    }

    /// Octets of an OCTET STRING (or any string type), joining the segments of a constructed
    /// BER string. Borrowed when primitive.
    pub fn octets(&self) -> Result<Cow<'a, [u8]>, BerError> {
        if !self.constructed {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut joined = Vec::new();
        self.join_segments(&mut joined)?;
        Ok(Cow::Owned(joined))
    }

    fn join_segments(&self, out: &mut Vec<u8>) -> Result<(), BerError> {
        for child in self.children() {
            let child = child?;
            if child.class != self.class || child.number != self.number {
                return Err(BerError::Invalid {
                    what: "constructed string segment",
                    offset: child.offset,
                });
            }
            if child.constructed {
                child.join_segments(out)?;
            } else {
                out.extend_from_slice(child.content);
            }
        }
        Ok(())
    }

    /// The value of a small non-negative INTEGER (versions).
    pub fn small_uint(&self) -> Result<u64, BerError> {
        let bad = BerError::Invalid {
            what: "small integer",
            offset: self.offset,
        };
        if !self.is_universal(TAG_INTEGER) || self.constructed || self.content.is_empty() {
            return Err(bad);
        }
        if self.content.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(bad);
        }
        let digits: &[u8] = {
            let mut c = self.content;
            while c.len() > 1 && c.first() == Some(&0) {
                c = c.get(1..).unwrap_or_default();
            }
            c
        };
        if digits.len() > 8 {
            return Err(bad);
        }
        Ok(digits
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// Content octets of a primitive OBJECT IDENTIFIER.
    pub fn oid(&self) -> Result<&'a [u8], BerError> {
        if self.is_universal(TAG_OID) && !self.constructed && !self.content.is_empty() {
            Ok(self.content)
        } else {
            Err(BerError::Unexpected {
                expected: "OBJECT IDENTIFIER",
                offset: self.offset,
            })
        }
    }
}

/// Iterator over the children of a constructed value. Stops after the first error.
#[derive(Debug, Clone)]
pub struct Children<'a> {
    rest: &'a [u8],
    offset: usize,
    depth: usize,
    failed: bool,
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Tlv<'a>, BerError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        match read_tlv(self.rest, self.offset, self.depth) {
            Ok((tlv, rest)) => {
                self.offset += tlv.raw.len();
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl<'a> Children<'a> {
    /// The next child, which must exist.
    pub fn required(&mut self, expected: &'static str) -> Result<Tlv<'a>, BerError> {
        let offset = self.offset;
        self.next()
            .unwrap_or(Err(BerError::Unexpected { expected, offset }))
    }

    /// The next child if it is context tag `[number]`, without consuming anything otherwise.
    pub fn optional_context(&mut self, number: u32) -> Result<Option<Tlv<'a>>, BerError> {
        let saved = self.clone();
        match self.next() {
            Some(Ok(tlv)) if tlv.is_context(number) => Ok(Some(tlv)),
            Some(Err(e)) => Err(e),
            _ => {
                *self = saved;
                Ok(None)
            }
        }
    }

    /// Fails if anything is left.
    pub fn finish(mut self, what: &'static str) -> Result<(), BerError> {
        match self.next() {
            None => Ok(()),
            Some(Err(e)) => Err(e),
            Some(Ok(tlv)) => Err(BerError::Invalid {
                what,
                offset: tlv.offset,
            }),
        }
    }

    /// Collects the remaining children, at most `limit` of them.
    pub fn collect_limited(
        self,
        limit: usize,
        what: &'static str,
    ) -> Result<Vec<Tlv<'a>>, BerError> {
        let mut out = Vec::new();
        for child in self {
            if out.len() >= limit {
                return Err(BerError::TooMany { what, limit });
            }
            out.push(child?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_definite_and_indefinite() {
        // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING (constructed, indefinite) {"ab","c"} }
        let data = [
            0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
            0x00, 0x00, 0x00, 0x00, 0xff,
        ];
        let (seq, rest) = read_tlv(&data, 0, 8).unwrap();
        assert_eq!(rest, &[0xff]);
        assert!(seq.indefinite);
        assert_eq!(seq.raw.len(), 18);
        let mut kids = seq.children();
        assert_eq!(kids.required("int").unwrap().small_uint().unwrap(), 5);
        let s = kids.required("os").unwrap();
        assert_eq!(s.octets().unwrap().as_ref(), b"abc");
        assert_eq!(s.offset, 5);
        kids.finish("seq").unwrap();
    }

    #[test]
    fn rejects_hostile_encodings() {
        assert!(matches!(read_tlv(&[], 0, 8), Err(BerError::Truncated(_))));
        assert!(read_tlv(&[0x30, 0x85, 1, 2, 3, 4, 5], 0, 8).is_err());
        assert!(read_tlv(
            &[0x30, 0x89, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            0,
            8
        )
        .is_err());
        assert!(matches!(
            read_tlv(&[0x04, 0x80, 0, 0], 0, 8),
            Err(BerError::IndefinitePrimitive(0))
        ));
        // 100 nested indefinite SEQUENCEs exceed a depth of 64 without recursing further.
        let mut deep = vec![];
        for _ in 0..100 {
            deep.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..100 {
            deep.extend_from_slice(&[0, 0]);
        }
        assert!(matches!(read_tlv(&deep, 0, 64), Err(BerError::TooDeep(_))));
        assert!(read_tlv(&deep, 0, 200).is_ok());
        // Tag number overflow.
        assert!(read_tlv(&[0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00], 0, 8).is_err());
    }
}
