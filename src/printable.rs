//! Text taken from an upload, made safe to print on a terminal or in a log.
//!
//! Field names, distinguished names, file names and seal names come from the uploader. Printed
//! raw, an ESC starts a terminal escape sequence (recolour, move the cursor, retitle the
//! window), a CR lets a later part of a line overwrite a verdict, a newline forges a line of
//! the report, and bidirectional overrides reorder what is shown. Every such character is
//! shown escaped instead (`\u{1b}`), the rest of the text unchanged.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        // Bidirectional embeddings, overrides and isolates (Trojan Source).
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        // Line and paragraph separators.
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with every control, bidirectional-override and line-separator character written as
/// `\u{…}`; borrowed unchanged when there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_rest_kept() {
        assert_eq!(printable("签名1"), "签名1");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}[2Jb\rc\u{7}d\ne\t"),
            "a\\u{1b}[2Jb\\u{d}c\\u{7}d\\u{a}e\\u{9}"
        );
        assert_eq!(printable("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(printable("\u{7f}"), "\\u{7f}");
    }
}
