//! The lexical rules of PDF (ISO 32000-1 §7.2–7.3), once: character classes, names with `#xx`
//! escapes, literal strings with their escapes and balanced parentheses, hex digits.
//!
//! Two readers use them: the object parser of the signature verifier (`pdf::parser`), which
//! must be exact about where each object ends, and the bounded content-stream reader of the
//! text layer (`pdf_text::ops`), which must never stop on hostile input. Both read the same
//! bytes the same way because both call these functions.

/// PDF white space: NUL, tab, line feed, form feed, carriage return, space.
pub fn is_whitespace(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// The ten delimiter characters.
pub fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Neither white space nor a delimiter: a character of a name, number or keyword.
pub fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

/// The value of one hex digit, either case.
pub fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A name's characters after its `/`: the decoded bytes (`#xx` resolved; a `#` without two hex
/// digits kept as it is) and how many input bytes they took.
pub fn read_name(input: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(&b) = input.get(pos) {
        if !is_regular(b) {
            break;
        }
        if b == b'#' {
            let hi = input.get(pos + 1).copied().and_then(hex_value);
            let lo = input.get(pos + 2).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi << 4 | lo);
                pos += 3;
                continue;
            }
        }
        out.push(b);
        pos += 1;
    }
    (out, pos)
}

/// A literal string after its `(`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralString {
    /// The string's bytes, escapes resolved.
    pub bytes: Vec<u8>,
    /// Input bytes taken, the closing `)` included when there was one.
    pub consumed: usize,
    /// Whether the matching `)` was found before the input ended.
    pub terminated: bool,
}

/// Reads a literal string after its `(` up to the matching `)`: nested parentheses kept,
/// `\n \r \t \b \f \( \) \\` and octal `\ddd` resolved, a backslash before an end of line
/// joining the lines, any other escaped character standing for itself.
pub fn read_literal(input: &[u8]) -> LiteralString {
    let mut bytes = Vec::new();
    let mut open = 1usize;
    let mut pos = 0;
    while let Some(&b) = input.get(pos) {
        pos += 1;
        match b {
            b'(' => {
                open += 1;
                bytes.push(b);
            }
            b')' => {
                open -= 1;
                if open == 0 {
                    return LiteralString {
                        bytes,
                        consumed: pos,
                        terminated: true,
                    };
                }
                bytes.push(b);
            }
            b'\\' => {
                let Some(&escaped) = input.get(pos) else {
                    break;
                };
                pos += 1;
                match escaped {
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(8),
                    b'f' => bytes.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(escaped - b'0');
                        for _ in 0..2 {
                            match input.get(pos) {
                                Some(&d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    pos += 1;
                                }
                                _ => break,
                            }
                        }
                        bytes.push((value & 0xff) as u8);
                    }
                    b'\r' => {
                        if input.get(pos) == Some(&b'\n') {
                            pos += 1;
                        }
                    }
                    b'\n' => {}
                    other => bytes.push(other),
                }
            }
            other => bytes.push(other),
        }
    }
    LiteralString {
        bytes,
        consumed: pos,
        terminated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_hex_escapes_and_stop_at_delimiters() {
        assert_eq!(read_name(b"A#20B/C"), (b"A B".to_vec(), 5));
        assert_eq!(read_name(b"Bad#2 x"), (b"Bad#2".to_vec(), 5));
        assert_eq!(read_name(b""), (Vec::new(), 0));
    }

    #[test]
    fn literal_strings_nest_and_resolve_escapes() {
        let s = read_literal(b"a(b)c\\)\\101\\\r\nd) tail");
        assert_eq!(s.bytes, b"a(b)c)Ad".to_vec());
        assert!(s.terminated);
        assert_eq!(s.consumed, 16);
        let open = read_literal(b"never closed\\");
        assert!(!open.terminated);
        assert_eq!(open.consumed, 13);
    }
}
