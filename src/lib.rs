//! # sealcheck
//!
//! Decides whether a document uploaded to a social-insurance online service hall can be
//! trusted: PDF signatures (CMS / PAdES, RFC 3161 timestamps, incremental updates), Chinese
//! e-seals (SES, OFD), and the material checklist of the service item.
//!
//! Verification is deterministic: the trust anchors, the CRLs, the policy and the validation
//! time are inputs. A malformed document never yields an `Err`; it yields a
//! [`DocumentReport`] whose signatures are FAILED or INDETERMINATE with reasons.
//!
//! ```
//! use sealcheck::{Indication, Policy, SubIndication, TrustStore, Verifier};
//!
//! let mut trust = TrustStore::new();
//! trust.load_path("testdata/pdf/pki/root.pem".as_ref())?;
//! let verifier = Verifier::new(trust, Policy::default());
//! let at = time::macros::datetime!(2026-11-26 00:00 UTC);
//!
//! let signed = std::fs::read("testdata/pdf/rsa2048-pades-20k.pdf")?;
//! let report = verifier.verify(&signed, at);
//! assert_eq!(report.signatures[0].indication, Indication::TotalPassed);
//!
//! let tampered = std::fs::read("testdata/pdf/tampered-byteflip-200k.pdf")?;
//! let report = verifier.verify(&tampered, at);
//! assert_eq!(report.signatures[0].sub_indication, Some(SubIndication::HashFailure));
//!
//! // Not a document at all: still a report, never an error.
//! let report = verifier.verify(b"hello", at);
//! assert!(report.signatures.is_empty());
//! assert_eq!(report.findings[0].code, "UNKNOWN_TYPE");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// No unsafe code in the library: the CLI's memory map is the only unsafe block, and it lives in
// the binary.
#![forbid(unsafe_code)]
// Every public item says what it is for (the embedder's documentation is `cargo doc`).
#![warn(missing_docs)]
// Library code must not panic on input-derived data (uploads come from the internet); tests and
// the CLI binary may.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

// Parser internals: reachable for the fuzz targets, benches and examples, not part of the
// documented API (the verifier is).
#[doc(hidden)]
pub mod asn1;
pub mod catalog;
pub mod check_id;
pub mod cms;
pub mod document;
pub mod error;
pub mod evaluate;
pub mod evidence;
pub mod facts;
#[doc(hidden)]
pub mod fuzzing;
pub mod image;
pub mod intake;
pub mod issuers;
pub mod license;
pub mod path_input;
// Parser internals: reachable for the fuzz targets, benches and examples, not part of the
// documented API (the verifier is).
#[doc(hidden)]
pub mod pdf;
mod pdf_syntax;
pub mod pdf_text;
pub mod pki;
pub mod policy;
pub mod printable;
pub mod records;
pub mod report;
pub mod review;
pub mod seal;
#[cfg(feature = "serve")]
pub mod service;
pub mod verdict;

mod byte_search;
mod hex;
pub mod render;
pub mod rfc3339;

mod verifier;

pub use check_id::{CertRole, CheckId};
pub use document::Document;
pub use error::{Error, Result};
pub use pki::TrustStore;
pub use policy::{Limits, Policy};
pub use report::{DocumentKind, DocumentReport, SignatureReport, VerifyReport};
/// The `time` crate this API speaks (validation times are [`time::OffsetDateTime`]), so that
/// embedders use the same version.
pub use time;
pub use verdict::{Check, CheckStatus, Finding, Indication, Severity, SubIndication, Text};
pub use verifier::{TrustPaths, Verifier, VerifyContext};
