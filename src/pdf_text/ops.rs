//! A streaming reader of content-stream operations, for text extraction.
//!
//! lopdf's `Content::decode` builds every operation of a stream as objects first: about 190
//! bytes of memory and several microseconds per content byte, so 16 MiB of `T*` took 3 GB and
//! 98 s (debug build). This reader yields one operation at a time and keeps only its operands
//! (at most [`MAX_OPERANDS`], arrays at most [`MAX_ARRAY_DEPTH`] deep), so memory is the decoded
//! stream plus one operation. It is lenient the way viewers are: a byte it cannot place is
//! skipped, an unterminated string or array ends at the end of the stream.

use crate::pdf_syntax::{hex_value, is_delimiter, is_whitespace, read_literal, read_name};

/// Operands kept for one operation; further ones are dropped (no text operator has more).
pub const MAX_OPERANDS: usize = 16;
/// Nesting of arrays (and dictionaries, skipped) inside one operand.
pub const MAX_ARRAY_DEPTH: usize = 8;
/// Elements kept in one array operand (a `TJ` array of a long line has a few hundred).
pub const MAX_ARRAY_ITEMS: usize = 4096;

/// An operand, as far as text extraction needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Number(f32),
    Name(Vec<u8>),
    /// A literal or hexadecimal string, unescaped.
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// Anything else (dictionary, boolean, null).
    Other,
}

impl Operand {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }
}

/// Reads operations from `data` one at a time.
pub struct Ops<'a> {
    data: &'a [u8],
    pos: usize,
    operands: Vec<Operand>,
}

impl<'a> Ops<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Ops {
            data,
            pos: 0,
            operands: Vec::new(),
        }
    }

    /// The next operator and its operands; `None` at the end of the stream.
    pub fn next_op(&mut self) -> Option<(&'a [u8], &[Operand])> {
        self.operands.clear();
        loop {
            self.skip_space();
            let byte = *self.data.get(self.pos)?;
            match byte {
                b'/' | b'(' | b'[' | b'<' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let operand = self.operand(0);
                    if self.operands.len() < MAX_OPERANDS {
                        self.operands.push(operand);
                    }
                }
                // Stray closers and braces: skipped.
                b')' | b']' | b'>' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let word = self.word();
                    match word {
                        b"true" | b"false" | b"null" => {
                            if self.operands.len() < MAX_OPERANDS {
                                self.operands.push(Operand::Other);
                            }
                        }
                        b"BI" => {
                            self.skip_inline_image();
                            self.operands.clear();
                        }
                        _ => return Some((word, &self.operands)),
                    }
                }
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
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

    /// A run of regular characters (an operator or keyword); at least one byte.
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_whitespace(b) || is_delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            // A delimiter no operand starts with: take it alone so the reader moves on.
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    fn operand(&mut self, depth: usize) -> Operand {
        let Some(b) = self.peek() else {
            return Operand::Other;
        };
        match b {
            b'/' => {
                self.pos += 1;
                Operand::Name(self.name())
            }
            b'(' => {
                self.pos += 1;
                Operand::Str(self.literal())
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.skip_dictionary();
                Operand::Other
            }
            b'<' => {
                self.pos += 1;
                Operand::Str(self.hex())
            }
            b'[' => {
                self.pos += 1;
                self.array(depth + 1)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                let _ = self.word();
                Operand::Other
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let (name, consumed) = read_name(self.data.get(self.pos..).unwrap_or_default());
        self.pos += consumed;
        name
    }

    fn number(&mut self) -> Operand {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.data.get(start..self.pos).unwrap_or_default();
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse::<f32>().ok())
            .filter(|n| n.is_finite())
            .map_or(Operand::Other, Operand::Number)
    }

    /// After `(`: up to the matching `)`, escapes resolved (or to the end of the data).
    fn literal(&mut self) -> Vec<u8> {
        let literal = read_literal(self.data.get(self.pos..).unwrap_or_default());
        self.pos += literal.consumed;
        literal.bytes
    }

    /// After `<`: hex digits up to `>`, whitespace ignored, an odd last digit padded with 0.
    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else {
                continue;
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// After `[`: operands up to `]`.
    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            let Some(b) = self.peek() else {
                break;
            };
            if b == b']' {
                self.pos += 1;
                break;
            }
            if depth > MAX_ARRAY_DEPTH && b == b'[' {
                // Too deep: the nested array is skipped whole.
                self.pos += 1;
                self.skip_nested(b'[', b']');
                continue;
            }
            let before = self.pos;
            let item = match b {
                b')' | b'>' | b'{' | b'}' => {
                    self.pos += 1;
                    continue;
                }
                _ => self.operand(depth),
            };
            if self.pos == before {
                self.pos += 1;
            }
            if items.len() < MAX_ARRAY_ITEMS {
                items.push(item);
            }
        }
        Operand::Array(items)
    }

    /// After `<<`: skipped up to the matching `>>` (strings inside may hold `>>`).
    fn skip_dictionary(&mut self) {
        let mut open = 1usize;
        while let Some(b) = self.peek() {
            match b {
                b'(' => {
                    self.pos += 1;
                    let _ = self.literal();
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    open += 1;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    open -= 1;
                    if open == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After an opener: skipped up to its matching closer.
    fn skip_nested(&mut self, opener: u8, closer: u8) {
        let mut open = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'(' {
                let _ = self.literal();
            } else if b == opener {
                open += 1;
            } else if b == closer {
                open -= 1;
                if open == 0 {
                    return;
                }
            }
        }
    }

    /// After `BI`: the image dictionary, `ID`, the image data and `EI` are skipped. The data
    /// ends at the first `EI` between whitespace (or at the end of the stream).
    fn skip_inline_image(&mut self) {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let Some(id) = find_keyword(rest, b"ID") else {
            self.pos = self.data.len();
            return;
        };
        let data_start = self.pos + id + 2;
        let rest = self.data.get(data_start..).unwrap_or_default();
        self.pos = match find_keyword(rest, b"EI") {
            Some(ei) => data_start + ei + 2,
            None => self.data.len(),
        };
    }
}

/// Offset of `keyword` standing alone (whitespace or the end on both sides) in `data`.
fn find_keyword(data: &[u8], keyword: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(data.get(from..)?, keyword) {
        let at = from + found;
        let before_ok = at == 0 || data.get(at - 1).is_some_and(|b| is_whitespace(*b));
        let after_ok = data
            .get(at + keyword.len())
            .is_none_or(|b| is_whitespace(*b));
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut ops = Ops::new(data);
        let mut out = Vec::new();
        while let Some((op, operands)) = ops.next_op() {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.to_vec()));
        }
        out
    }

    #[test]
    fn text_operators_and_their_operands() {
        let ops = all(
            b"BT /F#31 12 Tf 1 0 0 1 -5.5 .5 Tm (a\\(b\\)\\101\\\nc) Tj\n\
                       [<48 65 6C6C 6f> -300 (x)] TJ 0 0 <4> \" ET % comment ) [\n",
        );
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "\"", "ET"]);
        assert_eq!(
            ops[1].1,
            [Operand::Name(b"F1".to_vec()), Operand::Number(12.0)]
        );
        assert_eq!(ops[2].1[4], Operand::Number(-5.5));
        assert_eq!(ops[2].1[5], Operand::Number(0.5));
        assert_eq!(ops[3].1, [Operand::Str(b"a(b)Ac".to_vec())]);
        assert_eq!(
            ops[4].1,
            [Operand::Array(vec![
                Operand::Str(b"Hello".to_vec()),
                Operand::Number(-300.0),
                Operand::Str(b"x".to_vec()),
            ])]
        );
        assert_eq!(ops[5].1[2], Operand::Str(vec![0x40]));
    }

    #[test]
    fn dictionaries_and_inline_images_are_skipped() {
        let ops =
            all(b"/P <</MCID 0 /Alt (>> tricky)>> BDC BI /W 2 /H 1 ID \x00EI\xff EI Q (t) Tj");
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "Q", "Tj"]);
        assert_eq!(ops[0].1, [Operand::Name(b"P".to_vec()), Operand::Other]);
    }

    #[test]
    fn hostile_input_ends() {
        // Unterminated string, array and dictionary; deep arrays; many operands.
        for data in [
            &b"(never closed"[..],
            b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ 1 Tj",
            b"<< /A << /B ",
            b"BI /W 1 ID binary without end",
            b")))]]]>>>}}} Tj",
        ] {
            let _ = all(data);
        }
        let many = b"1 ".repeat(10_000);
        let ops = all(&[&many[..], b"Tj"].concat());
        assert_eq!(ops[0].1.len(), MAX_OPERANDS);
    }
}
