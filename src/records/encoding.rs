//! Text encoding of a CSV export: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (the
//! superset of GBK and GB2312 that government systems export), detected from the first bytes and
//! transcoded to UTF-8 as the file streams through.

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// How many leading bytes decide the encoding.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The encoding a CSV was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Gb18030 => "gb18030",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }

    /// Length of the byte-order mark this encoding was recognised by.
    pub fn bom_len(self) -> usize {
        match self {
            TextEncoding::Utf8Bom => 3,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
            TextEncoding::Utf8 | TextEncoding::Gb18030 => 0,
        }
    }

    fn decoder_encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            TextEncoding::Gb18030 => Some(GB18030),
            TextEncoding::Utf16Le => Some(UTF_16LE),
            TextEncoding::Utf16Be => Some(UTF_16BE),
        }
    }
}

/// What the first bytes say about a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Text(TextEncoding),
    /// NUL bytes without a UTF-16 byte-order mark: not a text export.
    Binary,
}

/// Decides the encoding from the first bytes (up to [`SNIFF_BYTES`]) of a file.
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Sniffed::Text(TextEncoding::Utf8Bom);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Sniffed::Text(TextEncoding::Utf16Le);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Sniffed::Text(TextEncoding::Utf16Be);
    }
    if memchr::memchr(0, head).is_some() {
        return Sniffed::Binary;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Sniffed::Text(TextEncoding::Utf8),
        // A multi-byte character cut by the end of the sniffed window is still UTF-8.
        Err(e) if e.error_len().is_none() => Sniffed::Text(TextEncoding::Utf8),
        Err(_) => Sniffed::Text(TextEncoding::Gb18030),
    }
}

/// A reader that yields UTF-8: the source as is for UTF-8, transcoded chunk by chunk otherwise.
/// Memory is two fixed buffers whatever the file size.
pub struct Utf8Reader<R> {
    source: R,
    decoder: Option<Decoder>,
    input: Vec<u8>,
    input_start: usize,
    input_end: usize,
    output: Vec<u8>,
    output_start: usize,
    output_end: usize,
    source_done: bool,
    decoder_done: bool,
}

const CHUNK: usize = 64 * 1024;

impl<R: Read> Utf8Reader<R> {
    /// `source` must be positioned after the byte-order mark.
    pub fn new(source: R, encoding: TextEncoding) -> Self {
        let decoder = encoding
            .decoder_encoding()
            .map(|e| e.new_decoder_without_bom_handling());
        let buffers = if decoder.is_some() { CHUNK } else { 0 };
        Utf8Reader {
            source,
            decoder,
            input: vec![0; buffers],
            input_start: 0,
            input_end: 0,
            // Room for the worst-case expansion of one full input chunk (GB18030 → UTF-8 is at
            // most 3 bytes out per 2 in; UTF-16 at most 3 per 2 as well).
            output: vec![0; buffers * 2 + 16],
            output_start: 0,
            output_end: 0,
            source_done: false,
            decoder_done: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        while self.output_start == self.output_end && !self.decoder_done {
            if self.input_start == self.input_end && !self.source_done {
                let n = self.source.read(&mut self.input)?;
                self.input_start = 0;
                self.input_end = n;
                self.source_done = n == 0;
            }
            let input = self
                .input
                .get(self.input_start..self.input_end)
                .unwrap_or_default();
            let (result, read, written, _) =
                decoder.decode_to_utf8(input, &mut self.output, self.source_done);
            self.input_start += read;
            self.output_start = 0;
            self.output_end = written;
            if self.source_done && result == CoderResult::InputEmpty {
                self.decoder_done = true;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.decoder.is_none() {
            return self.source.read(buf);
        }
        self.refill()?;
        let available = self
            .output
            .get(self.output_start..self.output_end)
            .unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.output_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcode(bytes: &[u8], enc: TextEncoding) -> String {
        let mut out = String::new();
        Utf8Reader::new(&bytes[enc.bom_len()..], enc)
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn sniffs_each_encoding() {
        assert_eq!(
            sniff("姓名,性别".as_bytes()),
            Sniffed::Text(TextEncoding::Utf8)
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBF\xE5\xA7\x93"),
            Sniffed::Text(TextEncoding::Utf8Bom)
        );
        let (gbk, _, _) = GB18030.encode("姓名,性别\n张三,男\n");
        assert_eq!(sniff(&gbk), Sniffed::Text(TextEncoding::Gb18030));
        assert_eq!(sniff(b"\xFF\xFEa\0"), Sniffed::Text(TextEncoding::Utf16Le));
        assert_eq!(sniff(b"PK\x03\x04\0\0"), Sniffed::Binary);
        // A character cut at the end of the window is not evidence against UTF-8.
        assert_eq!(
            sniff(&"姓名".as_bytes()[..4]),
            Sniffed::Text(TextEncoding::Utf8)
        );
    }

    #[test]
    fn gb18030_streams_to_utf8_across_chunks() {
        // Long enough for several chunks, with a two-byte character straddling chunk borders.
        let text = "姓名,性别\n".to_string() + &"张三丰,男\n".repeat(40_000);
        let (gbk, _, _) = GB18030.encode(&text);
        assert!(gbk.len() > 3 * CHUNK);
        assert_eq!(transcode(&gbk, TextEncoding::Gb18030), text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名,性别\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(transcode(&bytes, TextEncoding::Utf16Le), "姓名,性别\n");
    }
}
