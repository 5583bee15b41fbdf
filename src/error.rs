//! Errors of the API itself. A bad document is never an `Err`: it is a report with
//! FAILED/INDETERMINATE verdicts. Only misuse of the API and I/O end up here.

use std::path::PathBuf;

/// What went wrong when loading the inputs of a verification or calling the API wrongly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path that was read.
        path: PathBuf,
        /// Why the operating system refused.
        #[source]
        source: std::io::Error,
    },
    /// A trust anchor or intermediate file holds no certificate that parses.
    #[error("{path}: not a certificate in PEM or DER form ({reason})")]
    BadCertificate {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// A CRL file holds no CRL that parses.
    #[error("{path}: not a CRL in PEM or DER form ({reason})")]
    BadCrl {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// A validation time that is not RFC 3339.
    #[error("invalid time {0:?}: expected RFC 3339, e.g. 2026-11-26T00:00:00Z")]
    BadTime(String),
    /// Any other misuse of the API, in words.
    #[error("{0}")]
    Usage(String),
}

/// `Result` with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
