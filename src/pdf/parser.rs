//! A bounded, zero-panic PDF tokenizer and object parser over a byte buffer.
//!
//! It parses one object at a time at a given offset (lazy: nothing else of the file is read),
//! keeps the spans of strings, and never recurses deeper than `max_depth`.

use super::object::{Dict, ObjRef, Object, PdfString, Stream};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("unexpected end of data at offset {0}")]
    Eof(usize),
    #[error("unexpected byte {byte:#04x} at offset {at}")]
    Unexpected { at: usize, byte: u8 },
    #[error("nesting deeper than {0} levels")]
    TooDeep(usize),
    #[error("malformed {what} at offset {at}")]
    Malformed { what: &'static str, at: usize },
}

pub type PResult<T> = Result<T, ParseError>;

pub use crate::pdf_syntax::{is_delimiter, is_whitespace};
use crate::pdf_syntax::{is_regular, read_literal, read_name};

/// A cursor over a buffer. `base` is added to every span so that objects parsed from a slice of
/// the file still report file offsets.
pub struct Parser<'a> {
    buf: &'a [u8],
    pos: usize,
    max_depth: usize,
    /// Furthest offset any scan looked at (searches for `>` or `endstream` look ahead of
    /// `pos`); what parsing cost, for the work budget.
    reach: usize,
}

impl<'a> Parser<'a> {
    pub fn new(buf: &'a [u8], pos: usize, max_depth: usize) -> Self {
        Parser {
            buf,
            pos,
            max_depth,
            reach: pos,
        }
    }

    /// Furthest offset looked at so far (at least the current position).
    pub fn reach(&self) -> usize {
        self.reach.max(self.pos)
    }

    fn reached(&mut self, offset: usize) {
        self.reach = self.reach.max(offset.min(self.buf.len()));
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn peek_at(&self, off: usize) -> Option<u8> {
        self.buf.get(self.pos.checked_add(off)?).copied()
    }

    /// Skips white space and comments.
    pub fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Reads a bare keyword / regular token (e.g. `obj`, `xref`, `123`).
    pub fn token(&mut self) -> &'a [u8] {
        self.skip_ws();
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.buf.get(start..self.pos).unwrap_or(&[])
    }

    /// Expects `keyword` as the next token.
    pub fn expect_keyword(&mut self, keyword: &'static str) -> PResult<()> {
        let at = self.pos;
        let tok = self.token();
        if tok == keyword.as_bytes() {
            Ok(())
        } else {
            Err(ParseError::Malformed { what: keyword, at })
        }
    }

    /// Reads an unsigned integer token.
    pub fn uint(&mut self) -> PResult<u64> {
        self.skip_ws();
        let at = self.pos;
        let tok = self.token();
        parse_uint(tok).ok_or(ParseError::Malformed {
            what: "integer",
            at,
        })
    }

    /// Parses `num gen obj <object> endobj` at the current position; returns the header's
    /// numbers and the object. A stream's `/Length` may be indirect: `resolve_length` is asked
    /// for it (it must not call back into this parser's buffer recursively without bound).
    pub fn indirect_object(
        &mut self,
        resolve_length: &mut dyn FnMut(ObjRef) -> Option<i64>,
    ) -> PResult<(ObjRef, Object)> {
        let num = self.uint()?;
        let gen = self.uint()?;
        self.expect_keyword("obj")?;
        let r = ObjRef {
            num: u32::try_from(num).map_err(|_| ParseError::Malformed {
                what: "object number",
                at: self.pos,
            })?,
            gen: u16::try_from(gen).map_err(|_| ParseError::Malformed {
                what: "generation number",
                at: self.pos,
            })?,
        };
        let obj = self.object(0)?;
        let obj = match obj {
            Object::Dict(dict) => {
                let save = self.pos;
                self.skip_ws();
                if self
                    .buf
                    .get(self.pos..)
                    .is_some_and(|b| b.starts_with(b"stream"))
                {
                    self.pos += 6;
                    self.stream_body(dict, resolve_length)?
                } else {
                    self.pos = save;
                    Object::Dict(dict)
                }
            }
            other => other,
        };
        Ok((r, obj))
    }

    /// After the `stream` keyword: EOL, data of /Length bytes (or up to `endstream` when the
    /// length is missing or wrong), `endstream`.
    fn stream_body(
        &mut self,
        dict: Dict,
        resolve_length: &mut dyn FnMut(ObjRef) -> Option<i64>,
    ) -> PResult<Object> {
        // The keyword is followed by CRLF or LF (a lone CR is tolerated).
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if self.peek() == Some(b'\n') {
            self.pos += 1;
        }
        let start = self.pos;
        let declared = match dict.get(b"Length") {
            Some(Object::Int(n)) => Some(*n),
            Some(Object::Ref(r)) => resolve_length(*r),
            _ => None,
        };
        let declared_end = declared
            .and_then(|n| usize::try_from(n).ok())
            .and_then(|n| start.checked_add(n))
            .filter(|&end| end <= self.buf.len());
        let end = match declared_end {
            Some(end) if self.endstream_follows(end) => end,
            _ => self.scan_endstream(start)?,
        };
        self.pos = end;
        self.skip_ws();
        if self
            .buf
            .get(self.pos..)
            .is_some_and(|b| b.starts_with(b"endstream"))
        {
            self.pos += 9;
        }
        Ok(Object::Stream(Stream {
            dict,
            data: start..end,
        }))
    }

    fn endstream_follows(&self, end: usize) -> bool {
        let mut p = end;
        while self.buf.get(p).copied().is_some_and(is_whitespace) {
            p += 1;
        }
        self.buf
            .get(p..)
            .is_some_and(|b| b.starts_with(b"endstream"))
    }

    fn scan_endstream(&mut self, start: usize) -> PResult<usize> {
        let rest = self.buf.get(start..).ok_or(ParseError::Eof(start))?;
        let Some(found) = crate::byte_search::find(rest, b"endstream") else {
            self.reached(self.buf.len());
            return Err(ParseError::Eof(start));
        };
        self.reached(start + found);
        let mut end = start + found;
        // Drop the EOL that precedes the keyword.
        if end > start && self.buf.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && self.buf.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Ok(end)
    }

    /// Parses one direct object (with `n g R` references recognised).
    pub fn object(&mut self, depth: usize) -> PResult<Object> {
        if depth > self.max_depth {
            return Err(ParseError::TooDeep(self.max_depth));
        }
        self.skip_ws();
        let at = self.pos;
        let b = self.peek().ok_or(ParseError::Eof(at))?;
        match b {
            b'/' => self.name().map(Object::Name),
            b'(' => self.literal_string(),
            b'<' if self.peek_at(1) == Some(b'<') => self.dict(depth).map(Object::Dict),
            b'<' => self.hex_string(),
            b'[' => self.array(depth),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_or_ref(),
            _ => {
                let tok = self.token();
                match tok {
                    b"true" => Ok(Object::Bool(true)),
                    b"false" => Ok(Object::Bool(false)),
                    b"null" => Ok(Object::Null),
                    [] => Err(ParseError::Unexpected { at, byte: b }),
                    _ => Err(ParseError::Malformed { what: "object", at }),
                }
            }
        }
    }

    fn name(&mut self) -> PResult<Vec<u8>> {
        self.pos += 1; // '/'
        let (name, consumed) = read_name(self.buf.get(self.pos..).unwrap_or_default());
        self.pos += consumed;
        Ok(name)
    }

    fn literal_string(&mut self) -> PResult<Object> {
        let start = self.pos;
        self.pos += 1;
        let literal = read_literal(self.buf.get(self.pos..).unwrap_or_default());
        self.pos += literal.consumed;
        if !literal.terminated {
            return Err(ParseError::Eof(start));
        }
        Ok(Object::String(PdfString {
            bytes: literal.bytes,
            hex: false,
            span: start..self.pos,
        }))
    }

    fn hex_string(&mut self) -> PResult<Object> {
        let start = self.pos;
        self.pos += 1;
        let rest = self.buf.get(self.pos..).ok_or(ParseError::Eof(start))?;
        let Some(close) = memchr::memchr(b'>', rest) else {
            self.reached(self.buf.len());
            return Err(ParseError::Eof(start));
        };
        self.reached(self.pos + close);
        let body = rest.get(..close).unwrap_or(&[]);
        let out = decode_hex(body).map_err(|i| ParseError::Unexpected {
            at: self.pos + i,
            byte: body.get(i).copied().unwrap_or(0),
        })?;
        self.pos += close + 1;
        Ok(Object::String(PdfString {
            bytes: out,
            hex: true,
            span: start..self.pos,
        }))
    }

    fn array(&mut self, depth: usize) -> PResult<Object> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(ParseError::Eof(self.pos)),
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Object::Array(items));
                }
                Some(_) => items.push(self.object(depth + 1)?),
            }
        }
    }

    fn dict(&mut self, depth: usize) -> PResult<Dict> {
        self.pos += 2;
        let mut dict = Dict::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(ParseError::Eof(self.pos)),
                Some(b'>') if self.peek_at(1) == Some(b'>') => {
                    self.pos += 2;
                    return Ok(dict);
                }
                Some(b'/') => {
                    let key = self.name()?;
                    let value = self.object(depth + 1)?;
                    dict.insert(key, value);
                }
                Some(byte) => {
                    return Err(ParseError::Unexpected { at: self.pos, byte });
                }
            }
        }
    }

    /// A number, or `num gen R` when two non-negative integers are followed by `R`.
    fn number_or_ref(&mut self) -> PResult<Object> {
        let at = self.pos;
        let first = self.token();
        let Some(n1) = parse_number(first) else {
            return Err(ParseError::Malformed { what: "number", at });
        };
        if let Object::Int(num) = n1 {
            let save = self.pos;
            self.skip_ws();
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                let gen_tok = self.token();
                if let Some(gen) = parse_uint(gen_tok) {
                    self.skip_ws();
                    if self.peek() == Some(b'R') && !self.peek_at(1).is_some_and(is_regular) {
                        self.pos += 1;
                        if let (Ok(num), Ok(gen)) = (u32::try_from(num), u16::try_from(gen)) {
                            return Ok(Object::Ref(ObjRef { num, gen }));
                        }
                        return Err(ParseError::Malformed {
                            what: "reference",
                            at,
                        });
                    }
                }
            }
            self.pos = save;
        }
        Ok(n1)
    }
}

/// Hex digit values; `WS` for white space (skipped), `BAD` for anything else.
const WS: u8 = 0xFE;
const BAD: u8 = 0xFF;
// Evaluated at compile time: an index out of range would be a build error, not a panic.
#[allow(clippy::indexing_slicing)]
const HEX_TABLE: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ' => WS,
            _ => BAD,
        };
        i += 1;
    }
    t
};

/// Decodes the body of a hex string (white space allowed, odd final digit padded with 0).
/// `Err(i)`: the byte at `i` is not a hex digit. Signature /Contents are tens of kilobytes of
/// hex (parsed more than once per verification), so runs of digits go through
/// [`decode_hex_run`] and the rest a pair of digits at a time through a table.
fn decode_hex(body: &[u8]) -> Result<Vec<u8>, usize> {
    let value = |b: u8| HEX_TABLE.get(usize::from(b)).copied().unwrap_or(BAD);
    let mut out = Vec::with_capacity(body.len() / 2 + 1);
    let mut pending: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        // Fast paths: digits in a row, nothing pending.
        if pending.is_none() {
            let run = body.get(i..i + HEX_RUN);
            let run = run.and_then(|r| <&[u8; HEX_RUN]>::try_from(r).ok());
            if let Some(decoded) = run.and_then(decode_hex_run) {
                out.extend_from_slice(&decoded);
                i += HEX_RUN;
                continue;
            }
            if let Some(&b2) = body.get(i + 1) {
                let (hi, lo) = (value(b), value(b2));
                if hi < 16 && lo < 16 {
                    out.push(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
        }
        match value(b) {
            WS => {}
            BAD => return Err(i),
            v => match pending.take() {
                Some(hi) => out.push(hi << 4 | v),
                None => pending = Some(v),
            },
        }
        i += 1;
    }
    if let Some(hi) = pending {
        out.push(hi << 4);
    }
    Ok(out)
}

/// Hex digits handled per step of the fast path of [`decode_hex`].
const HEX_RUN: usize = 32;

/// Decodes `HEX_RUN` bytes when every one is a hex digit (no white space). Written without
/// table lookups or early exits so that the compiler vectorises it: about 4x faster than the
/// table on a signature's /Contents.
fn decode_hex_run(run: &[u8; HEX_RUN]) -> Option<[u8; HEX_RUN / 2]> {
    let mut values = [0u8; HEX_RUN];
    let mut bad = 0u8;
    for (value, &b) in values.iter_mut().zip(run) {
        let digit = b.wrapping_sub(b'0');
        let letter = (b | 0x20).wrapping_sub(b'a');
        bad |= u8::from(digit >= 10) & u8::from(letter >= 6);
        *value = if digit < 10 {
            digit
        } else {
            letter.wrapping_add(10)
        };
    }
    if bad != 0 {
        return None;
    }
    let mut out = [0u8; HEX_RUN / 2];
    for (byte, pair) in out.iter_mut().zip(values.chunks_exact(2)) {
        if let [hi, lo] = pair {
            *byte = hi << 4 | lo;
        }
    }
    Some(out)
}

pub fn parse_uint(tok: &[u8]) -> Option<u64> {
    if tok.is_empty() || tok.len() > 19 || !tok.iter().all(u8::is_ascii_digit) {
        return None;
    }
    tok.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

fn parse_number(tok: &[u8]) -> Option<Object> {
    let (neg, digits) = match tok.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, tok),
    };
    if digits.is_empty() {
        return None;
    }
    if digits.iter().all(u8::is_ascii_digit) {
        if let Some(v) = parse_uint(digits).and_then(|v| i64::try_from(v).ok()) {
            return Some(Object::Int(if neg { -v } else { v }));
        }
    }
    // Reals (and integers too large for i64, which only ever mean "some big number").
    if !digits.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    let text = if text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_string()
    };
    let v: f64 = text.trim_end_matches('.').parse().ok()?;
    Some(Object::Real(if neg { -v } else { v }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf_syntax::hex_value;

    fn parse(s: &[u8]) -> PResult<Object> {
        Parser::new(s, 0, 32).object(0)
    }

    #[test]
    fn scalars() {
        assert_eq!(parse(b"42").unwrap(), Object::Int(42));
        assert_eq!(parse(b"-3.5").unwrap(), Object::Real(-3.5));
        assert_eq!(parse(b".5").unwrap(), Object::Real(0.5));
        assert_eq!(parse(b"true").unwrap(), Object::Bool(true));
        assert_eq!(parse(b"null").unwrap(), Object::Null);
        assert_eq!(parse(b"/A#42c").unwrap(), Object::Name(b"ABc".to_vec()));
    }

    #[test]
    fn references_and_arrays() {
        let o = parse(b"[1 0 R 2 3 /X]").unwrap();
        let a = o.as_array().unwrap();
        assert_eq!(a[0], Object::Ref(ObjRef { num: 1, gen: 0 }));
        assert_eq!(a[1], Object::Int(2));
        assert_eq!(a[2], Object::Int(3));
    }

    #[test]
    fn strings_keep_spans() {
        let o = parse(b"<< /Contents <30 82 01> /T (a\\(b\\)c) >>").unwrap();
        let d = o.as_dict().unwrap();
        let c = d.get(b"Contents").unwrap().as_string().unwrap();
        assert_eq!(c.bytes, vec![0x30, 0x82, 0x01]);
        assert_eq!(c.span, 13..23);
        assert_eq!(d.get(b"T").unwrap().as_string().unwrap().bytes, b"a(b)c");
    }

    #[test]
    fn indirect_stream_with_length() {
        let src = b"7 0 obj << /Length 5 >> stream\nhello\nendstream endobj";
        let (r, o) = Parser::new(src, 0, 32)
            .indirect_object(&mut |_| None)
            .unwrap();
        assert_eq!(r, ObjRef { num: 7, gen: 0 });
        match o {
            Object::Stream(s) => assert_eq!(&src[s.data], b"hello"),
            _ => panic!("not a stream"),
        }
    }

    #[test]
    fn stream_with_wrong_length_falls_back_to_endstream() {
        let src = b"1 0 obj << /Length 999 >> stream\r\nabc\r\nendstream endobj";
        let (_, o) = Parser::new(src, 0, 32)
            .indirect_object(&mut |_| None)
            .unwrap();
        match o {
            Object::Stream(s) => assert_eq!(&src[s.data], b"abc"),
            _ => panic!("not a stream"),
        }
    }

    #[test]
    fn hex_strings_with_white_space_and_odd_digits() {
        assert_eq!(decode_hex(b"30 82\n0a F"), Ok(vec![0x30, 0x82, 0x0a, 0xf0]));
        assert_eq!(decode_hex(b"3 0 8"), Ok(vec![0x30, 0x80]));
        assert_eq!(decode_hex(b""), Ok(vec![]));
        assert_eq!(decode_hex(b"30zz"), Err(2));
        let o = parse(b"<4 1 4>").unwrap();
        assert_eq!(o.as_string().unwrap().bytes, vec![0x41, 0x40]);
    }

    /// The vectorised runs agree with a digit-at-a-time reading wherever a space, an odd
    /// digit, a bad byte or the end falls (all 256 byte values at two positions).
    #[test]
    fn hex_runs_agree_with_digit_by_digit_decoding() {
        let reference = |body: &[u8]| -> Result<Vec<u8>, usize> {
            let mut digits = Vec::new();
            for (i, &b) in body.iter().enumerate() {
                match b {
                    0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ' => {}
                    _ => digits.push(hex_value(b).ok_or(i)?),
                }
            }
            Ok(digits
                .chunks(2)
                .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
                .collect())
        };
        let digits: Vec<u8> = (0..150u32)
            .map(|i| b"0123456789abcdefABCDEF"[(i * 7 % 22) as usize])
            .collect();
        for len in 0..digits.len() {
            assert_eq!(decode_hex(&digits[..len]), reference(&digits[..len]));
        }
        for b in 0..=255u8 {
            for at in [0, 31, 32, 33, 70, 149] {
                let mut body = digits.clone();
                body[at] = b;
                assert_eq!(decode_hex(&body), reference(&body), "{b:#x} at {at}");
                body[at / 2] = b' ';
                assert_eq!(decode_hex(&body), reference(&body), "{b:#x} at {at}, space");
            }
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = vec![b'['; 10_000];
        assert_eq!(parse(&deep), Err(ParseError::TooDeep(32)));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for input in [
            &b""[..],
            b"<<",
            b"(unterminated",
            b"<zz>",
            b"[1 2",
            b"<< 1 2 >>",
            b"-",
            b"1.2.3",
        ] {
            assert!(parse(input).is_err(), "{input:?}");
        }
    }
}
