//! The byte layout of a zip archive, walked by hand so that an archive which means two things to
//! two readers is caught before anything is hashed.
//!
//! Zip readers disagree on hostile archives: `unzip` and most libraries read the central
//! directory found through the last end record, streaming readers (Java's `ZipInputStream`)
//! read the local headers front to back, some take the first of two same-named entries, some
//! the last. A verifier that reads one view while the reviewer's viewer shows another is
//! fooled, so an OFD package must have exactly one reading: one end record, a central directory
//! that lists every local entry once, local headers that agree with it, entries that sit back to
//! back from offset 0 up to the central directory without gaps or overlaps, unique names, and
//! nothing after the end record. Every departure is an [`Ambiguity`] naming the entries.
//!
//! Reads are bounded: the number of central directory records is checked against
//! [`Limits::max_zip_entries`] before they are walked, and every offset is checked against the
//! file length.

use std::collections::BTreeMap;

use crate::policy::Limits;

const LOCAL_SIG: &[u8; 4] = b"PK\x03\x04";
const CENTRAL_SIG: &[u8; 4] = b"PK\x01\x02";
const END_SIG: &[u8; 4] = b"PK\x05\x06";
const ZIP64_END_SIG: &[u8; 4] = b"PK\x06\x06";
const ZIP64_LOCATOR_SIG: &[u8; 4] = b"PK\x06\x07";
const DESCRIPTOR_SIG: &[u8; 4] = b"PK\x07\x08";
const END_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
/// General purpose flag bit 3: sizes and CRC follow the data in a data descriptor.
const FLAG_DESCRIPTOR: u16 = 1 << 3;

/// Stable finding codes of container ambiguity.
pub mod codes {
    /// Two entries with the same name (after path normalisation, ignoring ASCII case).
    pub const DUPLICATE_ENTRY: &str = "OFD_DUPLICATE_ENTRY";
    /// A local entry that the central directory does not list.
    pub const UNLISTED_ENTRY: &str = "OFD_ZIP_UNLISTED_ENTRY";
    /// A local header whose name, method, sizes or CRC differ from its central record.
    pub const HEADER_MISMATCH: &str = "OFD_ZIP_HEADER_MISMATCH";
    /// Two entries whose bytes overlap.
    pub const OVERLAP: &str = "OFD_ZIP_OVERLAP";
    /// Bytes before the first entry, between entries or before the central directory.
    pub const GAP: &str = "OFD_ZIP_GAP";
    /// More than one end-of-central-directory record.
    pub const SEVERAL_END_RECORDS: &str = "OFD_ZIP_SEVERAL_END_RECORDS";
    /// Bytes after the end record (another file appended).
    pub const TRAILING_DATA: &str = "OFD_ZIP_TRAILING_DATA";
    /// A central record that does not lead to a readable local entry.
    pub const BROKEN_ENTRY: &str = "OFD_ZIP_BROKEN_ENTRY";
}

/// One way the archive can be read differently by different readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// One of [`codes`].
    pub code: &'static str,
    /// The entries concerned (names as written, or byte ranges where no name exists).
    pub entries: Vec<String>,
    /// What exactly disagrees, in English (evidence).
    pub detail: String,
}

/// One entry of the central directory with what its local header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name as written in the central directory (lossy UTF-8).
    pub name: String,
    /// Compression method from the central directory (0 stored, 8 deflate).
    pub method: u16,
    /// General-purpose bit flags from the central directory (bit 3: sizes in a data descriptor).
    pub flags: u16,
    /// CRC-32 of the uncompressed data, from the central directory.
    pub crc32: u32,
    /// Compressed size in bytes, from the central directory.
    pub compressed_size: u64,
    /// Uncompressed size in bytes, from the central directory.
    pub uncompressed_size: u64,
    /// Offset of the local header.
    pub local_offset: u64,
    /// Offset of the compressed data (`None` when the local header cannot be read).
    pub data_offset: Option<u64>,
}

/// Why the archive has no readable structure at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// No end-of-central-directory record in the file: it is not a zip archive.
    #[error("no end-of-central-directory record")]
    NoEndRecord,
    /// The end record describes a multi-disk archive (its disk numbers or entry counts disagree);
    /// holds what it says.
    #[error("the end record is inconsistent: {0}")]
    BadEndRecord(String),
    /// The end record lists more entries than [`crate::policy::Limits`] allows.
    #[error("{count} entries, more than the limit of {limit}")]
    TooManyEntries {
        /// Entries the end record lists.
        count: u64,
        /// The largest number of entries allowed.
        limit: usize,
    },
    /// A central directory record is missing, truncated or runs past the directory; holds which.
    #[error("the central directory is unreadable: {0}")]
    BadCentralDirectory(String),
    /// The archive needs zip64 (a size, offset or count at its 16/32-bit maximum), which this
    /// reader does not accept.
    #[error("zip64 archives are not supported")]
    Zip64,
}

/// The archive as its central directory describes it, and every ambiguity found.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Every central directory entry, in directory order.
    pub entries: Vec<Entry>,
    /// Every place where two zip readers could see different contents (fails the package).
    pub ambiguities: Vec<Ambiguity>,
    /// Offset of the end record that was used.
    pub end_offset: u64,
    /// Offset just past the end record and its comment.
    pub end_stop: u64,
    /// Offset of the central directory.
    pub central_offset: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(b);
    Some(u32::from_le_bytes(a))
}

/// The end record a central-directory reader would use: the last `PK\x05\x06` whose central
/// directory fits before it. Searched without allocating (a hostile file may hold millions of
/// end signatures). The search runs forwards and keeps the last plausible one: memchr's forward
/// search is vectorised and its reverse one is not, and every PDF is searched through (intake
/// looks for an OFD behind it), so this is ~8x less CPU than `rfind_iter` on a 200 KB PDF.
fn find_end_record(bytes: &[u8]) -> Result<usize, LayoutError> {
    let plausible = |at: usize| -> bool {
        let (Some(size), Some(offset)) = (u32_at(bytes, at + 12), u32_at(bytes, at + 16)) else {
            return false;
        };
        (offset as u64).saturating_add(size as u64) <= at as u64
    };
    memchr::memmem::find_iter(bytes, END_SIG)
        .filter(|&at| plausible(at))
        .last()
        .ok_or(LayoutError::NoEndRecord)
}

/// Walks `bytes` as a zip archive within `limits`.
pub fn walk(bytes: &[u8], limits: &Limits) -> Result<Layout, LayoutError> {
    let end = find_end_record(bytes)?;
    let field = |off: usize| u16_at(bytes, end + off).ok_or(LayoutError::NoEndRecord);
    let (disk, cd_disk, on_disk, total) = (field(4)?, field(6)?, field(8)?, field(10)?);
    let cd_size = u32_at(bytes, end + 12).ok_or(LayoutError::NoEndRecord)? as usize;
    let mut cd_offset = u32_at(bytes, end + 16).ok_or(LayoutError::NoEndRecord)? as usize;
    let comment_len = field(20)? as usize;
    if total == 0xFFFF || cd_offset == 0xFFFF_FFFF || cd_size == 0xFFFF_FFFF {
        return Err(LayoutError::Zip64);
    }
    if disk != 0 || cd_disk != 0 || on_disk != total {
        return Err(LayoutError::BadEndRecord(format!(
            "multi-disk archive (disk {disk}, directory disk {cd_disk}, {on_disk} of {total} entries here)"
        )));
    }
    if total as usize > limits.max_zip_entries {
        return Err(LayoutError::TooManyEntries {
            count: total as u64,
            limit: limits.max_zip_entries,
        });
    }
    // Bytes put in front of an archive without adjusting its offsets (as self-extracting
    // archives are made) shift everything; readers that look for the directory right before
    // the end record still find it, so this one does too, and the prefix is then a gap.
    let mut shift = 0usize;
    if u32_at(bytes, cd_offset) != u32_at(CENTRAL_SIG, 0) && total > 0 {
        if let Some(real) = end.checked_sub(cd_size) {
            if real > cd_offset && u32_at(bytes, real) == u32_at(CENTRAL_SIG, 0) {
                shift = real - cd_offset;
                cd_offset = real;
            }
        }
    }
    let mut layout = Layout {
        end_offset: end as u64,
        central_offset: cd_offset as u64,
        ..Layout::default()
    };
    let end_stop = end
        .saturating_add(END_LEN)
        .saturating_add(comment_len)
        .min(bytes.len());
    layout.end_stop = end_stop as u64;
    if end + END_LEN + comment_len > bytes.len() {
        layout.ambiguities.push(Ambiguity {
            code: codes::TRAILING_DATA,
            entries: vec!["end record".into()],
            detail: format!(
                "the end record's comment claims {comment_len} bytes but the file ends {} bytes after the record",
                bytes.len().saturating_sub(end + END_LEN)
            ),
        });
    } else if end_stop < bytes.len() {
        layout.ambiguities.push(Ambiguity {
            code: codes::TRAILING_DATA,
            entries: vec![format!("bytes {}..{}", end_stop, bytes.len())],
            detail: format!(
                "{} bytes follow the end record; a reader that searches from the end of the file sees something else",
                bytes.len() - end_stop
            ),
        });
    }

    // The central directory: exactly `total` records filling exactly `cd_size` bytes.
    let mut at = cd_offset;
    let cd_stop = cd_offset.saturating_add(cd_size);
    for index in 0..total {
        if u32_at(bytes, at) != u32_at(CENTRAL_SIG, 0) {
            return Err(LayoutError::BadCentralDirectory(format!(
                "record {index} at offset {at} has no central header signature"
            )));
        }
        let f16 = |off: usize| u16_at(bytes, at + off);
        let f32 = |off: usize| u32_at(bytes, at + off);
        let (
            Some(flags),
            Some(method),
            Some(crc32),
            Some(csize),
            Some(usize_),
            Some(name_len),
            Some(extra_len),
            Some(comment),
            Some(local),
        ) = (
            f16(8),
            f16(10),
            f32(16),
            f32(20),
            f32(24),
            f16(28),
            f16(30),
            f16(32),
            f32(42),
        )
        else {
            return Err(LayoutError::BadCentralDirectory(format!(
                "record {index} is truncated"
            )));
        };
        let name_start = at + CENTRAL_LEN;
        let Some(name_bytes) = bytes.get(name_start..name_start + name_len as usize) else {
            return Err(LayoutError::BadCentralDirectory(format!(
                "record {index}'s name runs past the end of the file"
            )));
        };
        if csize == 0xFFFF_FFFF || usize_ == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
            return Err(LayoutError::Zip64);
        }
        layout.entries.push(Entry {
            name: String::from_utf8_lossy(name_bytes).into_owned(),
            method,
            flags,
            crc32,
            compressed_size: csize as u64,
            uncompressed_size: usize_ as u64,
            local_offset: local as u64 + shift as u64,
            data_offset: None,
        });
        at = name_start + name_len as usize + extra_len as usize + comment as usize;
        if at > cd_stop {
            return Err(LayoutError::BadCentralDirectory(format!(
                "record {index} runs past the directory's declared size"
            )));
        }
    }
    let zip64_tail =
        at == cd_stop && zip64_records_agree(bytes, cd_stop, end, total, cd_size, cd_offset);
    if (at != cd_stop || cd_stop != end) && !zip64_tail {
        // Records the end record does not count, or bytes between the directory and the end
        // record (other than a consistent zip64 end record and locator).
        let zip64 = bytes
            .get(cd_stop..end)
            .is_some_and(|b| b.starts_with(ZIP64_END_SIG) || b.starts_with(ZIP64_LOCATOR_SIG));
        if zip64 {
            return Err(LayoutError::Zip64);
        }
        let tail = gap(
            bytes,
            at.min(end) as u64,
            end as u64,
            Some("central directory"),
            None,
        );
        layout.ambiguities.push(if tail.code == codes::UNLISTED_ENTRY {
            tail
        } else {
            Ambiguity {
                code: codes::GAP,
                entries: vec![format!("bytes {}..{}", at.min(end), end)],
                detail: format!(
                    "the central directory ends at {at}, its declared end is {cd_stop} and the end record is at {end}"
                ),
            }
        });
    }

    check_local_headers(bytes, &mut layout);
    check_names(&mut layout);
    check_ranges(bytes, &mut layout);
    Ok(layout)
}

/// Writers that always emit zip64 records put a zip64 end record and its locator between the
/// central directory and the end record; accepted when they describe the same directory.
fn zip64_records_agree(
    bytes: &[u8],
    cd_stop: usize,
    end: usize,
    total: u16,
    cd_size: usize,
    cd_offset: usize,
) -> bool {
    let u64_at = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at.checked_add(8)?)?;
        Some(u64::from_le_bytes(<[u8; 8]>::try_from(b).ok()?))
    };
    let Some(locator) = end.checked_sub(20) else {
        return false;
    };
    let record = cd_stop;
    let ok = bytes.get(locator..locator + 4) == Some(&ZIP64_LOCATOR_SIG[..])
        && bytes.get(record..record + 4) == Some(&ZIP64_END_SIG[..])
        && u64_at(locator + 8) == Some(record as u64)
        // The record's own size field counts the bytes after its first 12.
        && u64_at(record + 4).and_then(|n| n.checked_add(12)) == Some((locator - record) as u64)
        && u64_at(record + 32) == Some(total as u64)
        && u64_at(record + 40) == Some(cd_size as u64)
        && u64_at(record + 48) == Some(cd_offset as u64);
    ok
}

/// Each central record against its local header; fills `data_offset`.
fn check_local_headers(bytes: &[u8], layout: &mut Layout) {
    let mut found = Vec::new();
    for entry in &mut layout.entries {
        let at = entry.local_offset as usize;
        let f16 = |off: usize| u16_at(bytes, at.saturating_add(off));
        let f32 = |off: usize| u32_at(bytes, at.saturating_add(off));
        let header = (
            f32(0),
            f16(6),
            f16(8),
            f32(14),
            f32(18),
            f32(22),
            f16(26),
            f16(28),
        );
        let (
            Some(sig),
            Some(flags),
            Some(method),
            Some(crc),
            Some(csize),
            Some(usize_),
            Some(nlen),
            Some(xlen),
        ) = header
        else {
            found.push(Ambiguity {
                code: codes::BROKEN_ENTRY,
                entries: vec![entry.name.clone()],
                detail: format!("no local header at offset {at}"),
            });
            continue;
        };
        if Some(sig) != u32_at(LOCAL_SIG, 0) {
            found.push(Ambiguity {
                code: codes::BROKEN_ENTRY,
                entries: vec![entry.name.clone()],
                detail: format!("no local header signature at offset {at}"),
            });
            continue;
        }
        let name_start = at + LOCAL_LEN;
        let local_name = bytes
            .get(name_start..name_start + nlen as usize)
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let mut differences = Vec::new();
        match &local_name {
            Some(n) if *n == entry.name => {}
            Some(n) => differences.push(format!("name {n:?}")),
            None => differences.push("name past the end of the file".to_string()),
        }
        if method != entry.method {
            differences.push(format!("method {method} (central {})", entry.method));
        }
        if (flags & FLAG_DESCRIPTOR) != (entry.flags & FLAG_DESCRIPTOR) {
            differences.push("data-descriptor flag".to_string());
        }
        // With a data descriptor the local sizes and CRC may be zero; otherwise they must agree.
        // Some writers (Java with zip64 "always") put 0xFFFFFFFF in the local header and the
        // real sizes in a zip64 extra field.
        let zero_ok = flags & FLAG_DESCRIPTOR != 0;
        let agree = |local: u32, central: u64| local as u64 == central || (zero_ok && local == 0);
        if !agree(crc, entry.crc32 as u64) {
            differences.push(format!("CRC {crc:08x} (central {:08x})", entry.crc32));
        }
        let extra_start = name_start + nlen as usize;
        let extra = bytes
            .get(extra_start..extra_start + xlen as usize)
            .unwrap_or(&[]);
        let (usize_, csize) = match (usize_, csize, zip64_sizes(extra)) {
            (0xFFFF_FFFF, 0xFFFF_FFFF, Some((u, c))) => (
                u32::try_from(u).unwrap_or(u32::MAX - 1),
                u32::try_from(c).unwrap_or(u32::MAX - 1),
            ),
            other => (other.0, other.1),
        };
        if !agree(csize, entry.compressed_size) {
            differences.push(format!(
                "compressed size {csize} (central {})",
                entry.compressed_size
            ));
        }
        if !agree(usize_, entry.uncompressed_size) {
            differences.push(format!(
                "size {usize_} (central {})",
                entry.uncompressed_size
            ));
        }
        if !differences.is_empty() {
            found.push(Ambiguity {
                code: codes::HEADER_MISMATCH,
                entries: vec![entry.name.clone()],
                detail: format!(
                    "the local header at offset {at} says {}",
                    differences.join(", ")
                ),
            });
        }
        entry.data_offset = Some((name_start + nlen as usize + xlen as usize) as u64);
    }
    layout.ambiguities.extend(found);
}

/// The (uncompressed, compressed) sizes of a zip64 extended-information extra field.
fn zip64_sizes(extra: &[u8]) -> Option<(u64, u64)> {
    let mut at = 0usize;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at)?;
        let len = u16_at(extra, at + 2)? as usize;
        if id == 1 && len >= 16 {
            let field = extra.get(at + 4..at + 20)?;
            let mut u = [0u8; 8];
            let mut c = [0u8; 8];
            u.copy_from_slice(field.get(..8)?);
            c.copy_from_slice(field.get(8..16)?);
            return Some((u64::from_le_bytes(u), u64::from_le_bytes(c)));
        }
        at = at.checked_add(4 + len)?;
    }
    None
}

/// Names that two readers could map to the same file.
fn check_names(layout: &mut Layout) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut found = Vec::new();
    for entry in &layout.entries {
        if entry.name.ends_with('/') {
            continue;
        }
        let key = super::package_path::normalise_reference(&entry.name)
            .unwrap_or_else(|| entry.name.clone())
            .to_ascii_lowercase();
        match seen.get(&key) {
            Some(first) => found.push(Ambiguity {
                code: codes::DUPLICATE_ENTRY,
                entries: vec![(*first).to_string(), entry.name.clone()],
                detail: "two entries name the same file: readers disagree on which one is shown"
                    .into(),
            }),
            None => {
                seen.insert(key, &entry.name);
            }
        }
    }
    layout.ambiguities.extend(found);
}

/// The length of an entry's bytes (header, data and data descriptor) from its local offset.
fn entry_span(bytes: &[u8], entry: &Entry) -> Option<(u64, u64)> {
    let data = entry.data_offset?;
    let mut stop = data.checked_add(entry.compressed_size)?;
    if entry.flags & FLAG_DESCRIPTOR != 0 {
        // Optional signature, CRC, compressed and uncompressed size (32-bit).
        let at = usize::try_from(stop).ok()?;
        let with_sig = bytes.get(at..at + 4) == Some(&DESCRIPTOR_SIG[..]);
        stop += if with_sig { 16 } else { 12 };
    }
    Some((entry.local_offset, stop))
}

/// Entries must sit back to back from offset 0 to the central directory; end signatures may
/// appear only inside entry data.
fn check_ranges(bytes: &[u8], layout: &mut Layout) {
    let mut spans: Vec<(u64, u64, &str)> = layout
        .entries
        .iter()
        .filter_map(|e| entry_span(bytes, e).map(|(a, b)| (a, b, e.name.as_str())))
        .collect();
    spans.sort();
    let mut found = Vec::new();
    let mut cursor = 0u64;
    let mut previous: Option<&str> = None;
    for &(start, stop, name) in &spans {
        if start > cursor {
            found.push(gap(bytes, cursor, start, previous, Some(name)));
        } else if start < cursor {
            found.push(Ambiguity {
                code: codes::OVERLAP,
                entries: vec![previous.unwrap_or("").to_string(), name.to_string()],
                detail: format!("{name:?} starts at {start}, inside the previous entry (which ends at {cursor})"),
            });
        }
        cursor = cursor.max(stop);
        previous = Some(name);
    }
    if cursor > layout.central_offset {
        found.push(Ambiguity {
            code: codes::OVERLAP,
            entries: vec![
                previous.unwrap_or("").to_string(),
                "central directory".into(),
            ],
            detail: format!(
                "entry data runs to {cursor}, past the start of the central directory at {}",
                layout.central_offset
            ),
        });
    } else if cursor < layout.central_offset {
        found.push(gap(bytes, cursor, layout.central_offset, previous, None));
    }
    // Entries sorted by start; `reach[i]` is the furthest stop among the first i + 1.
    let reach: Vec<u64> = spans
        .iter()
        .scan(0u64, |acc, &(_, stop, _)| {
            *acc = (*acc).max(stop);
            Some(*acc)
        })
        .collect();
    let inside_entry = |at: u64| {
        let before = spans.partition_point(|&(start, _, _)| start <= at);
        before > 0 && reach.get(before - 1).is_some_and(|&stop| at < stop)
    };
    let mut extra_ends: Vec<String> = Vec::new();
    let mut extra_count = 0usize;
    for at in memchr::memmem::find_iter(bytes, END_SIG) {
        if at as u64 == layout.end_offset || inside_entry(at as u64) {
            continue;
        }
        extra_count += 1;
        if extra_ends.len() < 16 {
            extra_ends.push(format!("end record at {at}"));
        }
    }
    if extra_count > extra_ends.len() {
        extra_ends.push(format!("{} more", extra_count - extra_ends.len()));
    }
    if !extra_ends.is_empty() {
        found.push(Ambiguity {
            code: codes::SEVERAL_END_RECORDS,
            entries: extra_ends,
            detail: format!(
                "besides the end record at {}, the file holds other end records: readers that search from a different place see a different archive",
                layout.end_offset
            ),
        });
    }
    layout.ambiguities.extend(found);
}

/// Bytes between `from` and `to` that no listed entry accounts for; a local header there is an
/// entry the central directory does not list.
fn gap(bytes: &[u8], from: u64, to: u64, before: Option<&str>, after: Option<&str>) -> Ambiguity {
    let region = usize::try_from(from)
        .ok()
        .zip(usize::try_from(to).ok())
        .and_then(|(a, b)| bytes.get(a..b))
        .unwrap_or(&[]);
    let mut unlisted = Vec::new();
    for at in memchr::memmem::find_iter(region, LOCAL_SIG).take(16) {
        let nlen = u16_at(region, at + 26).unwrap_or(0) as usize;
        let name = region
            .get(at + LOCAL_LEN..at + LOCAL_LEN + nlen)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| format!("local header at {}", from as usize + at));
        unlisted.push(name);
    }
    let place = match (before, after) {
        (Some("central directory"), None) => "after the central directory".to_string(),
        (None, Some(a)) => format!("before the first entry {a:?}"),
        (Some(b), Some(a)) => format!("between {b:?} and {a:?}"),
        (Some(b), None) => format!("between the last entry {b:?} and the central directory"),
        (None, None) => "before the central directory".to_string(),
    };
    if unlisted.is_empty() {
        Ambiguity {
            code: codes::GAP,
            entries: vec![format!("bytes {from}..{to}")],
            detail: format!("{} bytes {place} belong to no entry", to - from),
        }
    } else {
        Ambiguity {
            code: codes::UNLISTED_ENTRY,
            entries: unlisted,
            detail: format!(
                "local entries {place} are not listed in the central directory: a streaming reader shows them, a directory reader does not"
            ),
        }
    }
}

/// The offset just past the end record, when `bytes` has one (for polyglot detection).
pub fn end_of_archive(bytes: &[u8]) -> Option<usize> {
    let end = find_end_record(bytes).ok()?;
    let comment = u16_at(bytes, end + 20)? as usize;
    Some(end.saturating_add(END_LEN).saturating_add(comment))
}

/// The central directory's bytes, when the end record points at one inside the file (also
/// when bytes put in front of the archive shifted it, as [`walk`] allows).
pub fn central_directory(bytes: &[u8]) -> Option<&[u8]> {
    let end = find_end_record(bytes).ok()?;
    let size = u32_at(bytes, end + 12)? as usize;
    let mut offset = u32_at(bytes, end + 16)? as usize;
    if u32_at(bytes, offset) != u32_at(CENTRAL_SIG, 0) {
        offset = end.checked_sub(size)?;
    }
    bytes.get(offset..offset.checked_add(size)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_packages_have_one_reading() {
        let dir = format!("{}/testdata/cn", env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("ofd") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let layout = walk(&bytes, &Limits::default()).unwrap();
            assert!(
                layout.ambiguities.is_empty(),
                "{}: {:#?}",
                path.display(),
                layout.ambiguities
            );
            assert!(!layout.entries.is_empty());
            seen += 1;
        }
        assert!(seen >= 5);
    }

    /// `zip` with a zip64 end record and locator inserted before its end record.
    fn with_zip64_records(zip: &[u8], total: u64) -> Vec<u8> {
        let end = zip.len() - 22;
        let cd_size = u32_at(zip, end + 12).unwrap() as u64;
        let cd_offset = u32_at(zip, end + 16).unwrap() as u64;
        let mut out = zip[..end].to_vec();
        let record = out.len() as u64;
        out.extend_from_slice(ZIP64_END_SIG);
        out.extend_from_slice(&44u64.to_le_bytes());
        out.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&total.to_le_bytes());
        out.extend_from_slice(&total.to_le_bytes());
        out.extend_from_slice(&cd_size.to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(ZIP64_LOCATOR_SIG);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&record.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&zip[end..]);
        out
    }

    #[test]
    fn consistent_zip64_end_records_are_accepted() {
        let zip = crate::seal::package::tests::build_zip(&[("OFD.xml", b"<a/>"), ("b", b"c")]);
        let layout = walk(&with_zip64_records(&zip, 2), &Limits::default()).unwrap();
        assert!(layout.ambiguities.is_empty(), "{:?}", layout.ambiguities);
        // A zip64 record that describes another directory is not.
        assert!(walk(&with_zip64_records(&zip, 3), &Limits::default()).is_err());
    }

    #[test]
    #[ignore = "needs the shared corpus"]
    fn shared_corpus_has_one_reading() {
        for entry in std::fs::read_dir("/work/shared/corpus/cn").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("ofd") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let layout = walk(&bytes, &Limits::default()).unwrap();
            assert!(
                layout.ambiguities.is_empty(),
                "{}: {:#?}",
                path.display(),
                layout.ambiguities
            );
        }
    }

    /// The forward search picks the same end record as a backward one would: the last one
    /// whose directory fits before it, skipping implausible ones after it.
    #[test]
    fn end_record_is_the_last_plausible_one() {
        let zip = crate::seal::package::tests::build_zip(&[("OFD.xml", b"<a/>")]);
        let backward = |bytes: &[u8]| {
            memchr::memmem::rfind_iter(bytes, END_SIG).find(|&at| {
                let (Some(size), Some(offset)) = (u32_at(bytes, at + 12), u32_at(bytes, at + 16))
                else {
                    return false;
                };
                u64::from(offset) + u64::from(size) <= at as u64
            })
        };
        // An implausible record (directory past itself) after the archive, one before it,
        // a second archive's record after the first, and a truncated one at the very end.
        let implausible = [&END_SIG[..], &[0; 8], &u32::MAX.to_le_bytes(), &[0; 6]].concat();
        let mut twice = zip.clone();
        twice.extend_from_slice(&zip);
        for (bytes, expected) in [
            ([zip.as_slice(), &implausible].concat(), zip.len() - 22),
            (
                [&implausible, zip.as_slice()].concat(),
                implausible.len() + zip.len() - 22,
            ),
            (twice.clone(), twice.len() - 22),
            ([twice.as_slice(), END_SIG].concat(), twice.len() - 22),
        ] {
            assert_eq!(find_end_record(&bytes).ok(), Some(expected));
            assert_eq!(find_end_record(&bytes).ok(), backward(&bytes));
        }
        assert!(find_end_record(&implausible).is_err());
        assert!(find_end_record(b"%PDF-1.7 no archive").is_err());
    }
}
