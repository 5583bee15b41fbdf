//! Test support: a small PDF writer for building hostile files in code, and a timeout guard.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Writes PDF files object by object; `xref_section` closes a revision.
pub struct PdfWriter {
    pub buf: Vec<u8>,
    /// Objects written since the last cross-reference section.
    pending: BTreeMap<u32, usize>,
    last_xref: Option<usize>,
}

impl Default for PdfWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfWriter {
    pub fn new() -> Self {
        PdfWriter {
            buf: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            pending: BTreeMap::new(),
            last_xref: None,
        }
    }

    /// Continues an existing file (an incremental update of `base`).
    pub fn append_to(base: &[u8], base_xref: usize) -> Self {
        PdfWriter {
            buf: base.to_vec(),
            pending: BTreeMap::new(),
            last_xref: Some(base_xref),
        }
    }

    pub fn offset(&self) -> usize {
        self.buf.len()
    }

    /// `num 0 obj <body> endobj`.
    pub fn object(&mut self, num: u32, body: &str) -> &mut Self {
        self.object_bytes(num, body.as_bytes())
    }

    pub fn object_bytes(&mut self, num: u32, body: &[u8]) -> &mut Self {
        self.pending.insert(num, self.buf.len());
        writeln!(self.buf, "{num} 0 obj").unwrap();
        self.buf.extend_from_slice(body);
        self.buf.extend_from_slice(b"\nendobj\n");
        self
    }

    /// A stream object with `dict_entries` (without /Length, which is added).
    pub fn stream(&mut self, num: u32, dict_entries: &str, data: &[u8]) -> &mut Self {
        let mut body =
            format!("<< {dict_entries} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.object_bytes(num, &body)
    }

    /// Raw bytes, outside any object.
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// A classic cross-reference table for the objects written since the last one, the trailer
    /// (`/Size`, `/Prev` when there is an earlier section, plus `trailer_entries`), startxref and
    /// %%EOF. Returns the table's offset.
    pub fn xref_section(&mut self, trailer_entries: &str) -> usize {
        let prev = self.last_xref.map(|p| format!("{p}"));
        self.xref_section_with_prev(prev.as_deref(), trailer_entries)
    }

    /// Like `xref_section`, with `/Prev` written as given (any text, or none).
    pub fn xref_section_with_prev(&mut self, prev: Option<&str>, trailer_entries: &str) -> usize {
        let at = self.buf.len();
        self.buf
            .extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
        for (num, off) in std::mem::take(&mut self.pending) {
            write!(self.buf, "{num} 1\n{off:010} 00000 n \n").unwrap();
        }
        let prev = prev.map(|p| format!(" /Prev {p}")).unwrap_or_default();
        write!(
            self.buf,
            "trailer\n<< /Size 1000{prev} {trailer_entries} >>\nstartxref\n{at}\n%%EOF\n"
        )
        .unwrap();
        self.last_xref = Some(at);
        at
    }

    pub fn finish(&self) -> Vec<u8> {
        self.buf.clone()
    }
}

/// zlib-compresses `data`.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Raw-deflates `data` (zip entries).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A zip archive with the given (name, uncompressed data) entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let compressed = deflate(data);
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool, out: &mut Vec<u8>| {
            out.extend_from_slice(&sig.to_le_bytes());
            if central {
                out.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            out.extend_from_slice(&20u16.to_le_bytes()); // needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&8u16.to_le_bytes()); // deflate
            out.extend_from_slice(&0u32.to_le_bytes()); // time/date
            out.extend_from_slice(&crc.sum().to_le_bytes());
            out.extend_from_slice(&(compressed.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                out.extend_from_slice(&0u16.to_le_bytes()); // comment
                out.extend_from_slice(&0u16.to_le_bytes()); // disk
                out.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
                out.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                out.extend_from_slice(&offset.to_le_bytes());
            }
            out.extend_from_slice(name.as_bytes());
        };
        header(0x0403_4b50, false, &mut out);
        out.extend_from_slice(&compressed);
        header(0x0201_4b50, true, &mut central);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Runs `f` on another thread and fails the test if it takes longer than `limit` (a hang
/// becomes a failure instead of a stuck test run). Returns the result and the time taken.
pub fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> (T, Duration) {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .name(what.to_string())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(limit) {
        Ok(v) => (v, start.elapsed()),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: did not finish within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Deterministic pseudo-random bytes (xorshift64*), for reproducible "random" inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}
