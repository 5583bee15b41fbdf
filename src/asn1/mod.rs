//! Bounded ASN.1 reading, shared by every structure sealcheck parses by hand: CMS (which real
//! signers emit as BER), X.509 shells, CRLs and OCSP responses, and GB/T 38540 seals (DER).
//!
//! One function, [`read_header`], decodes identifier and length octets; the two readers on top
//! of it differ only in what they accept:
//! - [`ber`]: indefinite lengths, constructed strings, high tag numbers, a depth budget and
//!   offsets for evidence (CMS keeps the exact signed-attribute bytes this way);
//! - [`der`]: one-byte identifiers and definite lengths only, for fixed-shape structures read
//!   field by field.
//!
//! Values borrow from the input; nothing allocates in proportion to a declared length, and
//! hostile bytes yield an error, never a panic.

pub mod ber;
pub mod der;
pub mod oid;
pub mod time;

/// ASN.1 tag classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Universal,
    Application,
    Context,
    Private,
}

/// The identifier and length octets of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The first identifier octet (class, constructed bit and, below 31, the tag number).
    pub identifier: u8,
    pub class: Class,
    pub constructed: bool,
    pub number: u32,
    /// Identifier plus length octets.
    pub len: usize,
    /// Content length; `None` for BER's indefinite form.
    pub content_len: Option<usize>,
}

/// Why identifier or length octets are unreadable. Offsets are relative to the input given
/// to [`read_header`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// The input ends inside the header, at this offset.
    #[error("header truncated at offset {0}")]
    Truncated(usize),
    /// More length octets than a `u64` holds, or a length that overflows `usize`.
    #[error("unreadable length octets")]
    BadLength,
    /// A tag number wider than 28 bits.
    #[error("tag number too large")]
    TagTooLarge,
}

/// High tag numbers are base-128; four digits (28 bits) cover every real schema.
const MAX_TAG_DIGITS: usize = 4;
/// Long-form lengths above eight octets cannot describe anything addressable.
const MAX_LENGTH_OCTETS: usize = std::mem::size_of::<u64>();

/// Decodes the header at the start of `input`. Only the header is checked here: whether the
/// content fits in the input is the caller's question.
pub fn read_header(input: &[u8]) -> Result<Header, HeaderError> {
    let identifier = *input.first().ok_or(HeaderError::Truncated(0))?;
    let class = match identifier >> 6 {
        0 => Class::Universal,
        1 => Class::Application,
        2 => Class::Context,
        _ => Class::Private,
    };
    let constructed = identifier & 0x20 != 0;
    let mut pos = 1usize;
    let mut number = u32::from(identifier & 0x1f);
    if number == 0x1f {
        number = 0;
        let mut digits = 0;
        loop {
            let b = *input.get(pos).ok_or(HeaderError::Truncated(pos))?;
            pos += 1;
            digits += 1;
            if digits > MAX_TAG_DIGITS {
                return Err(HeaderError::TagTooLarge);
            }
            number = (number << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let first = *input.get(pos).ok_or(HeaderError::Truncated(pos))?;
    pos += 1;
    let content_len = if first < 0x80 {
        Some(usize::from(first))
    } else if first == 0x80 {
        None
    } else {
        let count = usize::from(first & 0x7f);
        if count > MAX_LENGTH_OCTETS {
            return Err(HeaderError::BadLength);
        }
        let mut len = 0usize;
        for _ in 0..count {
            let b = *input.get(pos).ok_or(HeaderError::Truncated(pos))?;
            pos += 1;
            len = len
                .checked_mul(256)
                .and_then(|l| l.checked_add(usize::from(b)))
                .ok_or(HeaderError::BadLength)?;
        }
        Some(len)
    };
    Ok(Header {
        identifier,
        class,
        constructed,
        number,
        len: pos,
        content_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_short_long_indefinite_and_high_tag() {
        let h = read_header(&[0x30, 0x03]).unwrap();
        assert_eq!(
            (h.class, h.constructed, h.number),
            (Class::Universal, true, 16)
        );
        assert_eq!((h.len, h.content_len), (2, Some(3)));
        let h = read_header(&[0x04, 0x82, 0x01, 0x00]).unwrap();
        assert_eq!((h.len, h.content_len), (4, Some(256)));
        assert_eq!(read_header(&[0x30, 0x80]).unwrap().content_len, None);
        let h = read_header(&[0xbf, 0x81, 0x00, 0x00]).unwrap();
        assert_eq!((h.class, h.number, h.len), (Class::Context, 128, 4));
        assert_eq!(read_header(&[]), Err(HeaderError::Truncated(0)));
        assert_eq!(read_header(&[0x30]), Err(HeaderError::Truncated(1)));
        assert_eq!(
            read_header(&[0x30, 0x82, 0x01]),
            Err(HeaderError::Truncated(3))
        );
        assert_eq!(read_header(&[0x30, 0x89]), Err(HeaderError::BadLength));
        assert_eq!(
            read_header(&[0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f]),
            Err(HeaderError::TagTooLarge)
        );
    }
}
