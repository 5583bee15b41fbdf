//! Reading an upload from a path or from standard input without trusting what the path is.
//!
//! A path given to the CLI (or to a service that reads from a spool directory) may name a FIFO
//! (opening it for reading blocks until a writer comes, possibly forever), a device
//! (`/dev/zero` never ends), a directory, or a file larger than the upload limit. Each of those
//! becomes an [`Unreadable`] with a stable finding code, and [`Unreadable::report`] turns it
//! into a document report of kind `unreadable`, so one bad path never hides the reports of the
//! other uploads (DESIGN.md, "Every upload keeps its report").
//!
//! Only regular files are read. The file is opened non-blocking (so a FIFO swapped in after the
//! check cannot block the open) and checked again through the open descriptor; reads stop at
//! `Limits::max_file_size` (one byte more tells an over-limit file that grew after the check).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::policy::Limits;
use crate::report::{DocumentKind, DocumentReport};
use crate::verdict::{Finding, Severity, Text};

/// The path (or standard input) could not be read as an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// `UNREADABLE_PATH`, `NOT_A_REGULAR_FILE` or `LIMIT_FILE_SIZE`.
    pub code: &'static str,
    /// What the system said or what the path is.
    pub reason: String,
    /// The size when it is known (a regular file over the limit).
    pub size: Option<u64>,
}

/// The path does not exist, or the system refused to open or read it.
pub const UNREADABLE_PATH: &str = "UNREADABLE_PATH";
/// The path is a directory, FIFO, socket or device: not read at all.
pub const NOT_A_REGULAR_FILE: &str = "NOT_A_REGULAR_FILE";
/// Larger than `Limits::max_file_size`: not read past the limit.
pub const LIMIT_FILE_SIZE: &str = "LIMIT_FILE_SIZE";

impl Unreadable {
    fn io(e: &std::io::Error) -> Self {
        Unreadable {
            code: UNREADABLE_PATH,
            reason: e.to_string(),
            size: None,
        }
    }

    fn over_limit(size: Option<u64>, limit: u64) -> Self {
        Unreadable {
            code: LIMIT_FILE_SIZE,
            reason: match size {
                Some(size) => format!("{size} bytes, limit {limit}"),
                None => format!("more than {limit} bytes"),
            },
            size,
        }
    }

    /// The error finding that explains this.
    pub fn finding(&self) -> Finding {
        let message = match self.code {
            NOT_A_REGULAR_FILE => Text::new(
                "not a regular file (a directory, FIFO, socket or device); it was not read",
                "不是普通文件（目录、管道、套接字或设备），未读取",
            ),
            LIMIT_FILE_SIZE => Text::new(
                "the file is larger than the upload limit; it was not read",
                "文件超过上传大小限制，未读取",
            ),
            _ => Text::new("the file could not be read", "无法读取该文件"),
        };
        Finding::new(self.code, Severity::Error, message).evidence(self.reason.clone())
    }

    /// A document report of kind `unreadable` named `name`: no hash, no signature, one error
    /// finding.
    pub fn report(&self, name: &str) -> DocumentReport {
        DocumentReport {
            findings: vec![self.finding()],
            ..DocumentReport::empty(name, DocumentKind::Unreadable, self.size.unwrap_or(0))
        }
    }
}

/// What kind of non-regular file `file_type` is, in words.
fn describe(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

fn not_regular(file_type: std::fs::FileType) -> Unreadable {
    Unreadable {
        code: NOT_A_REGULAR_FILE,
        reason: describe(file_type).to_string(),
        size: None,
    }
}

/// Opens `path` if it is a regular file no larger than `limits.max_file_size`, never blocking
/// and never reading. Returns the open file and its size.
pub fn open_regular(path: &Path, limits: &Limits) -> Result<(File, u64), Unreadable> {
    // The first check follows symbolic links, as opening does; it keeps a FIFO from being
    // opened at all.
    let meta = std::fs::metadata(path).map_err(|e| Unreadable::io(&e))?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let file = open_nonblocking(path)?;
    // The path may have been replaced between the check and the open: check what was opened.
    let meta = file.metadata().map_err(|e| Unreadable::io(&e))?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > limits.max_file_size {
        return Err(Unreadable::over_limit(
            Some(meta.len()),
            limits.max_file_size,
        ));
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> Result<File, Unreadable> {
    use rustix::fs::{Mode, OFlags};
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer;
    // on a regular file it changes nothing.
    rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    )
    .map(File::from)
    .map_err(|e| Unreadable::io(&std::io::Error::from(e)))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> Result<File, Unreadable> {
    File::open(path).map_err(|e| Unreadable::io(&e))
}

/// Reads `path` into memory when it is a regular file within the size limit.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Vec<u8>, Unreadable> {
    let (file, size) = open_regular(path, limits)?;
    let capacity = usize::try_from(size).unwrap_or(0);
    read_bounded(file, limits.max_file_size, capacity)
}

/// Reads standard input to its end, stopping one byte past `limits.max_file_size`.
pub fn read_stdin(limits: &Limits) -> Result<Vec<u8>, Unreadable> {
    read_bounded(std::io::stdin().lock(), limits.max_file_size, 0)
}

/// Reads `reader` to its end unless it holds more than `max` bytes (then at most `max + 1`
/// bytes are read and the answer is `LIMIT_FILE_SIZE`).
pub fn read_bounded<R: Read>(reader: R, max: u64, capacity: usize) -> Result<Vec<u8>, Unreadable> {
    let mut bytes = Vec::with_capacity(capacity.min(usize::try_from(max).unwrap_or(usize::MAX)));
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Unreadable::io(&e))?;
    if bytes.len() as u64 > max {
        return Err(Unreadable::over_limit(None, max));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            max_file_size: 16,
            ..Limits::default()
        }
    }

    #[test]
    fn regular_file_within_the_limit_is_read() {
        let dir = std::env::temp_dir().join(format!("sealcheck-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ok = dir.join("ok.bin");
        std::fs::write(&ok, b"0123456789").unwrap();
        assert_eq!(read_path(&ok, &small()).unwrap(), b"0123456789");
        let big = dir.join("big.bin");
        std::fs::write(&big, [0u8; 17]).unwrap();
        let e = read_path(&big, &small()).unwrap_err();
        assert_eq!((e.code, e.size), (LIMIT_FILE_SIZE, Some(17)));
        let e = read_path(&dir, &small()).unwrap_err();
        assert_eq!(e.code, NOT_A_REGULAR_FILE);
        assert_eq!(e.reason, "a directory");
        let e = read_path(&dir.join("missing"), &small()).unwrap_err();
        assert_eq!(e.code, UNREADABLE_PATH);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_not_read() {
        let e = read_path(Path::new("/dev/zero"), &Limits::default()).unwrap_err();
        assert_eq!(e.code, NOT_A_REGULAR_FILE);
        assert_eq!(e.reason, "a character device");
    }

    #[test]
    fn bounded_reads_stop_one_byte_past_the_limit() {
        let endless = std::io::repeat(0);
        let e = read_bounded(endless, 1000, 0).unwrap_err();
        assert_eq!(e.code, LIMIT_FILE_SIZE);
        assert_eq!(read_bounded(&b"abc"[..], 3, 0).unwrap(), b"abc");
    }

    #[test]
    fn the_report_is_an_unreadable_document_with_one_error() {
        let e = read_bounded(std::io::repeat(1), 4, 0).unwrap_err();
        let report = e.report("upload.pdf");
        assert_eq!(report.kind, DocumentKind::Unreadable);
        assert_eq!(report.kind.as_str(), "unreadable");
        assert!(report.signatures.is_empty());
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].code, LIMIT_FILE_SIZE);
        assert_eq!(report.findings[0].severity, Severity::Error);
    }
}
