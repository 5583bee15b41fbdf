//! Errors of the API itself. A bad document is never an `Err`: it is a report with
//! FAILED/INDETERMINATE verdicts. Only misuse of the API and I/O end up here.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a certificate in PEM or DER form ({reason})")]
    BadCertificate { path: PathBuf, reason: String },
    #[error("{path}: not a CRL in PEM or DER form ({reason})")]
    BadCrl { path: PathBuf, reason: String },
    #[error("invalid time {0:?}: expected RFC 3339, e.g. 2026-11-26T00:00:00Z")]
    BadTime(String),
    #[error("{0}")]
    Usage(String),
}

pub type Result<T> = std::result::Result<T, Error>;
