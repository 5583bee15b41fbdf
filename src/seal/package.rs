//! The OFD package: a zip archive, read with limits.
//!
//! Every entry is inflated up front, because OFD verification hashes most of them anyway and a
//! package that cannot be read whole should be refused as a whole. Limits (from [`Limits`]):
//! number of entries, inflated bytes per entry and in total, and the inflated/compressed ratio
//! (zip bombs). Entry names that climb out of the package (`..`) or are absolute on disk (drive
//! letters) are refused. The archive is walked by hand first ([`zip_layout`]): anything another
//! zip reader could read differently (two entries with one name, unlisted local entries, headers
//! that disagree, gaps, overlaps, several end records, appended bytes) is kept as an
//! [`Ambiguity`] that fails every signature of the package.

use std::collections::BTreeMap;
use std::io::Read;

pub use super::package_path::{normalise_reference, resolve};
use super::zip_layout::{self, Ambiguity, LayoutError};
use crate::policy::Limits;

/// Why a package could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// The bytes are not a zip archive the reader accepts; holds the zip reader's message.
    #[error("not a readable zip archive: {0}")]
    NotZip(String),
    /// The archive lists more entries than [`Limits`] allows.
    #[error("{count} entries, more than the limit of {limit}")]
    TooManyEntries {
        /// Entries in the archive.
        count: usize,
        /// The largest number of entries allowed.
        limit: usize,
    },
    /// One entry inflates beyond the per-entry byte limit.
    #[error("entry {name:?} inflates beyond {limit} bytes")]
    EntryTooLarge {
        /// The entry's name in the archive.
        name: String,
        /// The per-entry limit, in inflated bytes.
        limit: u64,
    },
    /// All entries together inflate beyond the package byte limit.
    #[error("the package inflates beyond {limit} bytes in total")]
    TotalTooLarge {
        /// The limit for the whole package, in inflated bytes.
        limit: u64,
    },
    /// One entry inflates more than the allowed multiple of its compressed size (a zip bomb).
    #[error("entry {name:?} inflates more than {limit} times its compressed size")]
    RatioTooHigh {
        /// The entry's name in the archive.
        name: String,
        /// The largest inflated/compressed ratio allowed.
        limit: u64,
    },
    /// An entry name is absolute, climbs with `..` or is otherwise not a plain relative path.
    #[error("entry name {name:?} leaves the package or is not a plain relative path")]
    UnsafeName {
        /// The entry name as stored.
        name: String,
    },
    /// Two entries have the same name, so readers may pick different contents.
    #[error("entry name {name:?} appears more than once")]
    DuplicateName {
        /// The repeated entry name.
        name: String,
    },
    /// An entry cannot be inflated or read.
    #[error("entry {name:?} cannot be read: {reason}")]
    BadEntry {
        /// The entry's name in the archive.
        name: String,
        /// The zip reader's message.
        reason: String,
    },
}

impl PackageError {
    /// Stable finding code.
    pub fn code(&self) -> &'static str {
        match self {
            PackageError::NotZip(_) | PackageError::BadEntry { .. } => "OFD_PACKAGE_UNREADABLE",
            PackageError::TooManyEntries { .. } => "LIMIT_ZIP_ENTRIES",
            PackageError::EntryTooLarge { .. } | PackageError::TotalTooLarge { .. } => {
                "LIMIT_ZIP_INFLATED"
            }
            PackageError::RatioTooHigh { .. } => "LIMIT_ZIP_RATIO",
            PackageError::UnsafeName { .. } => "OFD_UNSAFE_ENTRY_NAME",
            PackageError::DuplicateName { .. } => "OFD_DUPLICATE_ENTRY",
        }
    }
}

/// Compressed sizes below this are not held to the ratio limit (tiny XML files compress well
/// and cannot hurt: their inflated size is bounded by the per-entry limit anyway).
const RATIO_EXEMPT_BELOW: u64 = 64 * 1024;

/// The inflated files of a package, by normalised path (no leading slash), and the ways its
/// zip structure could be read differently by another reader.
#[derive(Debug, Clone, Default)]
pub struct Package {
    files: BTreeMap<String, Vec<u8>>,
    ambiguities: Vec<Ambiguity>,
    /// Lower-cased path → path (the first of paths that differ only in case).
    lower: BTreeMap<String, String>,
}

impl Package {
    /// Reads all entries of `bytes` within `limits`. The archive is walked by hand
    /// ([`zip_layout`]); entries are taken from its central directory in order, the first of
    /// two same-named entries wins, and every ambiguity is kept for the caller to report.
    pub fn read(bytes: &[u8], limits: &Limits) -> Result<Package, PackageError> {
        let layout = zip_layout::walk(bytes, limits).map_err(|e| match e {
            LayoutError::TooManyEntries { count, limit } => PackageError::TooManyEntries {
                count: usize::try_from(count).unwrap_or(usize::MAX),
                limit,
            },
            other => PackageError::NotZip(other.to_string()),
        })?;
        let mut ambiguities = layout.ambiguities;
        let per_entry = limits.max_stream_bytes.min(limits.max_zip_inflated);
        let mut total: u64 = 0;
        let mut files = BTreeMap::new();
        for entry in &layout.entries {
            let name = entry.name.clone();
            if name.ends_with('/') {
                continue;
            }
            let path = normalise_entry_name(&name)
                .ok_or(PackageError::UnsafeName { name: name.clone() })?;
            if files.contains_key(&path) {
                continue;
            }
            let Some(raw) = entry.data_offset.and_then(|start| {
                let start = usize::try_from(start).ok()?;
                let stop = start.checked_add(usize::try_from(entry.compressed_size).ok()?)?;
                bytes.get(start..stop)
            }) else {
                ambiguities.push(broken(&name, "its data runs past the end of the file"));
                continue;
            };
            // Never inflate more than the ratio allows: a bomb is stopped while reading, not
            // after it has filled memory. Read one byte past each limit so that a lying size
            // field is caught too.
            let ratio_cap = entry
                .compressed_size
                .saturating_mul(limits.max_zip_ratio)
                .max(RATIO_EXEMPT_BELOW);
            let budget = per_entry.min(limits.max_zip_inflated.saturating_sub(total));
            let cap = budget.min(ratio_cap).saturating_add(1);
            let mut data = Vec::new();
            let read = match entry.method {
                0 => {
                    data.extend_from_slice(raw.get(..raw.len().min(cap as usize)).unwrap_or(raw));
                    Ok(())
                }
                8 => flate2::read::DeflateDecoder::new(raw)
                    .take(cap)
                    .read_to_end(&mut data)
                    .map(|_| ()),
                other => {
                    return Err(PackageError::BadEntry {
                        name,
                        reason: format!("compression method {other} is not supported"),
                    })
                }
            };
            if let Err(e) = read {
                ambiguities.push(broken(&name, &format!("its data does not inflate: {e}")));
                continue;
            }
            let inflated = data.len() as u64;
            if inflated > ratio_cap {
                return Err(PackageError::RatioTooHigh {
                    name,
                    limit: limits.max_zip_ratio,
                });
            }
            if inflated > budget {
                return Err(if budget < per_entry {
                    PackageError::TotalTooLarge {
                        limit: limits.max_zip_inflated,
                    }
                } else {
                    PackageError::EntryTooLarge {
                        name,
                        limit: per_entry,
                    }
                });
            }
            let mut crc = flate2::Crc::new();
            crc.update(&data);
            if crc.sum() != entry.crc32 || inflated != entry.uncompressed_size {
                ambiguities.push(broken(
                    &name,
                    &format!(
                        "its data ({inflated} bytes, CRC {:08x}) differs from what the directory records ({} bytes, CRC {:08x})",
                        crc.sum(),
                        entry.uncompressed_size,
                        entry.crc32
                    ),
                ));
            }
            total = total.saturating_add(inflated);
            files.insert(path, data);
        }
        let mut lower = BTreeMap::new();
        for path in files.keys() {
            lower
                .entry(path.to_ascii_lowercase())
                .or_insert_with(|| path.clone());
        }
        Ok(Package {
            files,
            ambiguities,
            lower,
        })
    }

    /// The ways this archive could be read differently by another zip reader (empty for a
    /// clean package).
    pub fn ambiguities(&self) -> &[Ambiguity] {
        &self.ambiguities
    }

    /// The bytes of the file at `path` (absolute or relative to the root; case-sensitive).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        let key = normalise_reference(path)?;
        self.files.get(&key).map(Vec::as_slice)
    }

    /// The package path equal to `path` ignoring ASCII case (readers on Windows, and some
    /// writers' own references, do not match case). Exact matches first.
    pub fn resolve_ignoring_case(&self, path: &str) -> Option<&str> {
        let key = normalise_reference(path)?;
        if let Some((k, _)) = self.files.get_key_value(&key) {
            return Some(k.as_str());
        }
        self.lower
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// All file paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Number of files in the package.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when the package holds no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn broken(name: &str, why: &str) -> Ambiguity {
    Ambiguity {
        code: zip_layout::codes::BROKEN_ENTRY,
        entries: vec![name.to_string()],
        detail: format!("entry {name:?}: {why}"),
    }
}

/// A zip entry name as a package path, or `None` when it is unsafe.
fn normalise_entry_name(name: &str) -> Option<String> {
    if name.contains('\\') && name.contains("..") {
        return None;
    }
    let name = name.replace('\\', "/");
    if name.contains(':') || name.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// Builds a zip with the given (name, bytes) entries, deflated.
    pub(crate) fn build_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in entries {
                writer.start_file(*name, options).unwrap();
                writer.write_all(bytes).unwrap();
            }
            writer.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn reads_entries_and_resolves_paths() {
        let zip = build_zip(&[("OFD.xml", b"<a/>"), ("Doc_0/Signs/Signatures.xml", b"x")]);
        let pkg = Package::read(&zip, &Limits::default()).unwrap();
        assert_eq!(pkg.len(), 2);
        assert_eq!(pkg.get("/OFD.xml"), Some(&b"<a/>"[..]));
        assert_eq!(
            resolve("Doc_0/Signs/Signatures.xml", "Sign_0/Signature.xml").as_deref(),
            Some("Doc_0/Signs/Sign_0/Signature.xml")
        );
        assert_eq!(
            resolve("Doc_0/Signs/Signatures.xml", "/Doc_0/x.xml").as_deref(),
            Some("Doc_0/x.xml")
        );
        assert_eq!(resolve("OFD.xml", "../../etc/passwd"), None);
    }

    #[test]
    fn refuses_traversal_names() {
        let zip = build_zip(&[("../evil.xml", b"x")]);
        assert!(matches!(
            Package::read(&zip, &Limits::default()),
            Err(PackageError::UnsafeName { .. })
        ));
    }

    #[test]
    fn refuses_too_many_entries() {
        let zip = build_zip(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let limits = Limits {
            max_zip_entries: 2,
            ..Limits::default()
        };
        assert!(matches!(
            Package::read(&zip, &limits),
            Err(PackageError::TooManyEntries { count: 3, limit: 2 })
        ));
    }

    #[test]
    fn refuses_bombs_by_ratio_and_size() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let zip = build_zip(&[("big.bin", &zeros)]);
        assert!(matches!(
            Package::read(&zip, &Limits::default()),
            Err(PackageError::RatioTooHigh { .. })
        ));
        // Incompressible data under a small size limit.
        let mut state: u32 = 1;
        let noise: Vec<u8> = (0..2 * 1024 * 1024)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        let zip = build_zip(&[("noise.bin", &noise)]);
        let limits = Limits {
            max_zip_inflated: 1024 * 1024,
            ..Limits::default()
        };
        assert!(matches!(
            Package::read(&zip, &limits),
            Err(PackageError::EntryTooLarge { .. })
        ));
    }

    #[test]
    fn garbage_is_not_a_zip() {
        assert!(matches!(
            Package::read(b"PK\x03\x04garbage", &Limits::default()),
            Err(PackageError::NotZip(_))
        ));
    }
}
