//! Message digests: SHA-1/SHA-2 (ring, SHA-224 via `sha2`, which ring lacks) and SM3.
//!
//! [`Hasher`] is incremental so callers can hash the ByteRange slices of a PDF, or the parts of
//! an OFD package, in place without concatenating them first.

use super::SignatureError;
use crate::asn1::der::{self, tag, DerError, Reader};
use crate::document::{Document, READ_CHUNK};

/// A digest algorithm this crate can compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-1 (weak; policy decides whether it is accepted).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SM3 (GB/T 32905), used with SM2 in Chinese e-seals and signatures.
    Sm3,
}

pub use crate::asn1::oid::{OID_SHA1, OID_SHA224, OID_SHA256, OID_SHA384, OID_SHA512, OID_SM3};

impl DigestAlgorithm {
    /// From OID content bytes (the value of an OBJECT IDENTIFIER, without tag and length).
    pub fn from_oid(oid_content: &[u8]) -> Option<Self> {
        crate::asn1::oid::to_dotted(oid_content).and_then(|dotted| Self::from_dotted(&dotted))
    }

    /// From the dotted OID string.
    pub fn from_dotted(oid: &str) -> Option<Self> {
        match oid {
            OID_SHA1 => Some(Self::Sha1),
            OID_SHA224 => Some(Self::Sha224),
            OID_SHA256 => Some(Self::Sha256),
            OID_SHA384 => Some(Self::Sha384),
            OID_SHA512 => Some(Self::Sha512),
            OID_SM3 => Some(Self::Sm3),
            _ => None,
        }
    }

    /// From a DER AlgorithmIdentifier TLV (`SEQUENCE { OID, params NULL or absent }`).
    pub fn from_algorithm_identifier(der: &[u8]) -> Result<Self, SignatureError> {
        let malformed = |e: der::DerError| {
            SignatureError::Malformed(format!("digest AlgorithmIdentifier: {e}"))
        };
        let seq = der::Tlv::parse_exact(der).map_err(malformed)?;
        if seq.tag != tag::SEQUENCE {
            return Err(SignatureError::Malformed(
                "digest AlgorithmIdentifier is not a SEQUENCE".into(),
            ));
        }
        let mut reader: Reader<'_> = seq.reader();
        let oid_tlv = reader.next_tag(tag::OID).map_err(malformed)?;
        let oid = crate::asn1::oid::to_dotted(oid_tlv.content)
            .ok_or_else(|| malformed(DerError::Malformed("OBJECT IDENTIFIER")))?;
        // Parameters are NULL or absent for every hash we know; anything else is tolerated
        // only for unknown algorithms (reported as unsupported below).
        let params = if reader.is_empty() {
            None
        } else {
            Some(reader.next_any().map_err(malformed)?)
        };
        reader.finish().map_err(malformed)?;
        let alg = Self::from_dotted(&oid).ok_or_else(|| {
            SignatureError::Unsupported(format!("digest algorithm {}", algorithm_name(&oid)))
        })?;
        if let Some(p) = params {
            if p.tag != tag::NULL || !p.content.is_empty() {
                return Err(SignatureError::Malformed(format!(
                    "{} AlgorithmIdentifier has unexpected parameters",
                    alg.name()
                )));
            }
        }
        Ok(alg)
    }

    /// Readable name: "SHA-256", "SM3".
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sm3 => "SM3",
        }
    }

    /// Name without the hyphen, as used in composite names ("SHA256", "SM3").
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha224 => "SHA224",
            Self::Sha256 => "SHA256",
            Self::Sha384 => "SHA384",
            Self::Sha512 => "SHA512",
            Self::Sm3 => "SM3",
        }
    }

    /// Dotted OID.
    pub fn oid(self) -> &'static str {
        match self {
            Self::Sha1 => OID_SHA1,
            Self::Sha224 => OID_SHA224,
            Self::Sha256 => OID_SHA256,
            Self::Sha384 => OID_SHA384,
            Self::Sha512 => OID_SHA512,
            Self::Sm3 => OID_SM3,
        }
    }

    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 | Self::Sm3 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// Incremental digest computation.
#[derive(Clone)]
pub struct Hasher {
    state: HasherState,
}

#[derive(Clone)]
enum HasherState {
    Ring(ring::digest::Context),
    Sha224(sha2::Sha224),
    Sm3(sm3::Sm3),
}

impl Hasher {
    /// Starts an empty hash state for `alg`.
    pub fn new(alg: DigestAlgorithm) -> Self {
        let state = match alg {
            DigestAlgorithm::Sha1 => HasherState::Ring(ring::digest::Context::new(
                &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            )),
            DigestAlgorithm::Sha256 => {
                HasherState::Ring(ring::digest::Context::new(&ring::digest::SHA256))
            }
            DigestAlgorithm::Sha384 => {
                HasherState::Ring(ring::digest::Context::new(&ring::digest::SHA384))
            }
            DigestAlgorithm::Sha512 => {
                HasherState::Ring(ring::digest::Context::new(&ring::digest::SHA512))
            }
            DigestAlgorithm::Sha224 => HasherState::Sha224(<sha2::Sha224 as sha2::Digest>::new()),
            DigestAlgorithm::Sm3 => HasherState::Sm3(<sm3::Sm3 as sm3::Digest>::new()),
        };
        Hasher { state }
    }

    /// Feeds more bytes into the hash.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            HasherState::Ring(ctx) => ctx.update(data),
            HasherState::Sha224(h) => sha2::Digest::update(h, data),
            HasherState::Sm3(h) => sm3::Digest::update(h, data),
        }
    }

    /// Ends hashing and returns the digest bytes.
    pub fn finish(self) -> Vec<u8> {
        match self.state {
            HasherState::Ring(ctx) => ctx.finish().as_ref().to_vec(),
            HasherState::Sha224(h) => sha2::Digest::finalize(h).to_vec(),
            HasherState::Sm3(h) => sm3::Digest::finalize(h).to_vec(),
        }
    }
}

/// Digest of the concatenation of `parts`, without concatenating them.
pub fn digest_parts(alg: DigestAlgorithm, parts: &[&[u8]]) -> Vec<u8> {
    let mut hasher = Hasher::new(alg);
    for part in parts {
        hasher.update(part);
    }
    hasher.finish()
}

/// Hashes the parts of one document: remembers how far SHA-256 has been run over its start, so
/// that the whole-file fingerprint continues where a ByteRange digest stopped instead of hashing
/// those bytes again, and tells the document each range it has finished hashing (see
/// [`Document::done_with`]). A ByteRange's first part starts at offset 0 and usually runs to the
/// signature near the end of the file, so this removes most of one of the two passes.
pub struct FilePrefixDigest<'f> {
    document: &'f dyn Document,
    /// The longest hashed SHA-256 prefix so far: its length and the state after it.
    longest: std::sync::Mutex<Option<(usize, Hasher)>>,
}

impl std::fmt::Debug for FilePrefixDigest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self
            .longest
            .lock()
            .ok()
            .and_then(|longest| longest.as_ref().map(|(len, _)| *len));
        f.debug_struct("FilePrefixDigest")
            .field("file_len", &self.document.bytes().len())
            .field("hashed_prefix", &kept)
            .finish()
    }
}

impl<'f> FilePrefixDigest<'f> {
    /// Starts with nothing hashed over `document`.
    pub fn new(document: &'f dyn Document) -> Self {
        FilePrefixDigest {
            document,
            longest: std::sync::Mutex::new(None),
        }
    }

    /// Where `part` starts in the document, when it is a slice of the document's bytes.
    fn offset_of(&self, part: &[u8]) -> Option<usize> {
        let file = self.document.bytes();
        let offset = (part.as_ptr() as usize).checked_sub(file.as_ptr() as usize)?;
        (offset.checked_add(part.len())? <= file.len()).then_some(offset)
    }

    /// Feeds `part` to `hasher`; parts of the document go chunk by chunk, each chunk reported
    /// done with once hashed.
    fn update(&self, hasher: &mut Hasher, part: &[u8]) {
        let Some(mut offset) = self.offset_of(part) else {
            hasher.update(part);
            return;
        };
        for chunk in part.chunks(READ_CHUNK) {
            hasher.update(chunk);
            let end = offset.saturating_add(chunk.len());
            self.document.done_with(offset..end);
            offset = end;
        }
    }

    /// Tells the document that the verifier is done with `part`, when `part` is a slice of it
    /// (for passes other than hashing that read the whole file).
    pub fn done_with(&self, part: &[u8]) {
        if let Some(offset) = self.offset_of(part) {
            self.document
                .done_with(offset..offset.saturating_add(part.len()));
        }
    }

    /// Digest of the concatenation of `parts`, like [`digest_parts`]; when the algorithm is
    /// SHA-256 and the first part is the start of the document, its state is kept for
    /// [`FilePrefixDigest::file_sha256`].
    pub fn digest_parts(&self, alg: DigestAlgorithm, parts: &[&[u8]]) -> Vec<u8> {
        let mut hasher = Hasher::new(alg);
        let Some((first, rest)) = parts.split_first() else {
            return hasher.finish();
        };
        self.update(&mut hasher, first);
        if alg == DigestAlgorithm::Sha256 && self.offset_of(first) == Some(0) {
            if let Ok(mut longest) = self.longest.lock() {
                if longest.as_ref().is_none_or(|(len, _)| *len < first.len()) {
                    *longest = Some((first.len(), hasher.clone()));
                }
            }
        }
        for part in rest {
            self.update(&mut hasher, part);
        }
        hasher.finish()
    }

    /// SHA-256 of the whole document, hashing only what no kept prefix covers.
    pub fn file_sha256(self) -> Vec<u8> {
        let kept = self
            .longest
            .lock()
            .ok()
            .and_then(|mut longest| longest.take());
        let (start, mut hasher) = kept.unwrap_or_else(|| (0, Hasher::new(DigestAlgorithm::Sha256)));
        if let Some(rest) = self.document.bytes().get(start..) {
            self.update(&mut hasher, rest);
        }
        hasher.finish()
    }
}

/// Readable name for an algorithm OID we recognise (supported or not), else the dotted OID.
pub fn algorithm_name(oid: &str) -> String {
    let name = match oid {
        OID_SHA1 => "SHA-1",
        OID_SHA224 => "SHA-224",
        OID_SHA256 => "SHA-256",
        OID_SHA384 => "SHA-384",
        OID_SHA512 => "SHA-512",
        OID_SM3 => "SM3",
        "2.16.840.1.101.3.4.2.5" => "SHA-512/224",
        "2.16.840.1.101.3.4.2.6" => "SHA-512/256",
        "2.16.840.1.101.3.4.2.8" => "SHA3-256",
        "2.16.840.1.101.3.4.2.9" => "SHA3-384",
        "2.16.840.1.101.3.4.2.10" => "SHA3-512",
        "1.2.840.113549.2.5" => "MD5",
        "1.2.840.113549.2.2" => "MD2",
        "1.3.36.3.2.1" => "RIPEMD-160",
        _ => return oid.to_string(),
    };
    format!("{name} ({oid})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_prefix_digest_reuses_the_longest_prefix() {
        let file: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = digest_parts(DigestAlgorithm::Sha256, &[&file]);
        let memo = FilePrefixDigest::new(&file);
        // Two ByteRanges as two signatures would have them.
        for (gap_start, gap_end) in [(3_000, 3_500), (8_000, 8_100)] {
            let parts = [&file[..gap_start], &file[gap_end..]];
            assert_eq!(
                memo.digest_parts(DigestAlgorithm::Sha256, &parts),
                digest_parts(DigestAlgorithm::Sha256, &parts)
            );
        }
        // Other algorithms, equal bytes elsewhere in memory, parts not at the file start.
        assert_eq!(
            memo.digest_parts(DigestAlgorithm::Sha384, &[&file[..9_000]]),
            digest_parts(DigestAlgorithm::Sha384, &[&file[..9_000]])
        );
        let copy = file[..9_000].to_vec();
        memo.digest_parts(DigestAlgorithm::Sha256, &[&copy]);
        memo.digest_parts(DigestAlgorithm::Sha256, &[&file[1..9_500]]);
        assert_eq!(memo.longest.lock().unwrap().as_ref().unwrap().0, 8_000);
        assert_eq!(memo.file_sha256(), whole);
        assert_eq!(FilePrefixDigest::new(&file).file_sha256(), whole);
    }

    /// A document that records what the verifier reports as hashed.
    struct Recording {
        bytes: Vec<u8>,
        hashed: std::sync::Mutex<Vec<std::ops::Range<usize>>>,
    }

    impl Document for Recording {
        fn bytes(&self) -> &[u8] {
            &self.bytes
        }
        fn done_with(&self, range: std::ops::Range<usize>) {
            self.hashed.lock().unwrap().push(range);
        }
    }

    #[test]
    fn hashed_ranges_are_reported_chunk_by_chunk() {
        let len = 3 * READ_CHUNK + 12_345;
        let doc = Recording {
            bytes: (0..len).map(|i| (i % 253) as u8).collect(),
            hashed: Default::default(),
        };
        let whole = digest_parts(DigestAlgorithm::Sha256, &[&doc.bytes]);
        let memo = FilePrefixDigest::new(&doc);
        let gap = 2 * READ_CHUNK + 100..2 * READ_CHUNK + 900;
        let parts = [&doc.bytes[..gap.start], &doc.bytes[gap.end..]];
        memo.digest_parts(DigestAlgorithm::Sha256, &parts);
        // A copy is not part of the document: hashed, never reported.
        let copy = doc.bytes[..5_000].to_vec();
        memo.digest_parts(DigestAlgorithm::Sha256, &[&copy]);
        let signed_ranges = doc.hashed.lock().unwrap().clone();
        assert!(signed_ranges
            .iter()
            .all(|r| r.len() <= READ_CHUNK && r.end <= len));
        let reported: usize = signed_ranges.iter().map(|r| r.len()).sum();
        assert_eq!(reported, len - gap.len());
        assert_eq!(signed_ranges.first(), Some(&(0..READ_CHUNK)));
        assert_eq!(signed_ranges[3], gap.end..gap.end + READ_CHUNK);

        // The fingerprint continues after the kept prefix and reports only what it reads.
        assert_eq!(memo.file_sha256(), whole);
        let fingerprint_ranges = doc.hashed.lock().unwrap()[signed_ranges.len()..].to_vec();
        assert_eq!(fingerprint_ranges.first().map(|r| r.start), Some(gap.start));
        assert_eq!(fingerprint_ranges.last().map(|r| r.end), Some(len));
        let fingerprint_len: usize = fingerprint_ranges.iter().map(|r| r.len()).sum();
        assert_eq!(fingerprint_len, len - gap.start);
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn known_answers_for_abc() {
        let cases = [
            (
                DigestAlgorithm::Sha1,
                "a9993e364706816aba3e25717850c26c9cd0d89d",
            ),
            (
                DigestAlgorithm::Sha224,
                "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            ),
            (
                DigestAlgorithm::Sha256,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                DigestAlgorithm::Sm3,
                "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            ),
        ];
        for (alg, expected) in cases {
            let d = digest_parts(alg, &[b"a", b"", b"bc"]);
            assert_eq!(hex(&d), expected, "{}", alg.name());
            assert_eq!(d.len(), alg.output_len());
        }
        assert_eq!(digest_parts(DigestAlgorithm::Sha384, &[b"abc"]).len(), 48);
        assert_eq!(digest_parts(DigestAlgorithm::Sha512, &[b"abc"]).len(), 64);
    }

    #[test]
    fn algorithm_identifier_parsing() {
        // SEQUENCE { OID sha256, NULL }
        let with_null = [
            0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
            0x00,
        ];
        assert_eq!(
            DigestAlgorithm::from_algorithm_identifier(&with_null),
            Ok(DigestAlgorithm::Sha256)
        );
        // SEQUENCE { OID sm3 } without parameters
        let sm3 = [
            0x30, 0x0a, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11,
        ];
        assert_eq!(
            DigestAlgorithm::from_algorithm_identifier(&sm3),
            Ok(DigestAlgorithm::Sm3)
        );
        assert_eq!(
            DigestAlgorithm::from_oid(&[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11]),
            Some(DigestAlgorithm::Sm3)
        );
        // MD5 is recognised by name but unsupported.
        let md5 = [
            0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00,
        ];
        match DigestAlgorithm::from_algorithm_identifier(&md5) {
            Err(SignatureError::Unsupported(s)) => assert!(s.contains("MD5"), "{s}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            DigestAlgorithm::from_algorithm_identifier(&with_null[..10]),
            Err(SignatureError::Malformed(_))
        ));
    }
}
