//! Trust anchors: the roots the caller decided to trust.

use std::path::Path;
use std::sync::Arc;

use super::cache::VerificationCache;

use crate::error::{Error, Result};

/// A set of trust anchors (self-signed roots or any certificate the caller trusts directly).
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Vec<u8>>,
    /// Memo of path and signature work under these anchors (see [`TrustStore::with_cache`]).
    cache: Option<Arc<VerificationCache>>,
}

impl TrustStore {
    /// An empty trust store with no anchors and no cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one DER certificate.
    pub fn add_der(&mut self, der: Vec<u8>) -> std::result::Result<(), String> {
        x509_parser::parse_x509_certificate(&der).map_err(|e| e.to_string())?;
        if !self.anchors.contains(&der) {
            self.anchors.push(der);
            // Remembered paths were judged under the old anchors.
            if let Some(cache) = &self.cache {
                self.cache = Some(Arc::new(cache.emptied()));
            }
        }
        Ok(())
    }

    /// Adds every certificate in a PEM bundle, or one DER certificate. Returns how many.
    pub fn add_pem_or_der(&mut self, bytes: &[u8]) -> std::result::Result<usize, String> {
        let mut added = 0;
        if bytes.starts_with(b"-----BEGIN") || contains(bytes, b"-----BEGIN CERTIFICATE") {
            for pem in x509_parser::pem::Pem::iter_from_buffer(bytes) {
                let pem = pem.map_err(|e| e.to_string())?;
                if pem.label == "CERTIFICATE" {
                    self.add_der(pem.contents)?;
                    added += 1;
                }
            }
            if added == 0 {
                return Err("no CERTIFICATE block in PEM".into());
            }
        } else {
            self.add_der(bytes.to_vec())?;
            added = 1;
        }
        Ok(added)
    }

    /// Loads a PEM/DER file, or every such file in a directory (not recursive; files that are
    /// not certificates are skipped in a directory, but an error for a named file).
    pub fn load_path(&mut self, path: &Path) -> Result<usize> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            let mut n = 0;
            for entry in entries {
                let bytes = std::fs::read(&entry).map_err(|source| Error::Io {
                    path: entry.clone(),
                    source,
                })?;
                n += self.add_pem_or_der(&bytes).unwrap_or(0);
            }
            Ok(n)
        } else {
            let bytes = std::fs::read(path).map_err(io)?;
            self.add_pem_or_der(&bytes)
                .map_err(|reason| Error::BadCertificate {
                    path: path.to_path_buf(),
                    reason,
                })
        }
    }

    /// Number of trust anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the store holds no trust anchors.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Keeps a bounded memo of certificate and CRL signature checks and of whole path
    /// outcomes under these anchors (clones of the store share it). Results are identical with
    /// or without it; see [`VerificationCache`].
    pub fn with_cache(mut self, capacity: usize) -> Self {
        self.cache = Some(Arc::new(VerificationCache::new(capacity)));
        self
    }

    /// The memo, when [`TrustStore::with_cache`] set one.
    pub fn cache(&self) -> Option<&Arc<VerificationCache>> {
        self.cache.as_ref()
    }

    /// DER of each anchor.
    pub fn anchors(&self) -> impl Iterator<Item = &[u8]> {
        self.anchors.iter().map(|a| a.as_slice())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    crate::byte_search::find(haystack, needle).is_some()
}

/// Reads CRLs from a PEM (`X509 CRL` blocks) or DER file, or every such file in a directory.
pub fn read_crls(path: &Path) -> Result<Vec<Vec<u8>>> {
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file()),
        );
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut crls = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        if contains(&bytes, b"-----BEGIN") {
            for pem in x509_parser::pem::Pem::iter_from_buffer(&bytes) {
                let pem = pem.map_err(|e| Error::BadCrl {
                    path: file.clone(),
                    reason: e.to_string(),
                })?;
                if pem.label == "X509 CRL" {
                    crls.push(pem.contents);
                }
            }
        } else {
            x509_parser::parse_x509_crl(&bytes).map_err(|e| Error::BadCrl {
                path: file.clone(),
                reason: e.to_string(),
            })?;
            crls.push(bytes);
        }
    }
    Ok(crls)
}

/// The DER CRLs in the bytes of one CRL file: every `X509 CRL` block of a PEM file (as
/// [`read_crls`] reads `--crl` files), or the bytes themselves (DER). A PEM file that does not
/// parse is kept as it is, so that it is reported where the CRLs are used, like a bad DER one.
pub fn crls_in(bytes: Vec<u8>) -> Vec<Vec<u8>> {
    if !contains(&bytes, b"-----BEGIN") {
        return vec![bytes];
    }
    let mut crls = Vec::new();
    for pem in x509_parser::pem::Pem::iter_from_buffer(&bytes) {
        match pem {
            Ok(pem) if pem.label == "X509 CRL" => crls.push(pem.contents),
            Ok(_) => {}
            Err(_) => return vec![bytes],
        }
    }
    crls
}
