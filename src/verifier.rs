//! [`Verifier`]: the entry point of verification, holding the inputs that make a verdict
//! reproducible, and the [`VerifyContext`] it lends to each format's verifier.

use std::path::PathBuf;

use rayon::prelude::*;
use time::OffsetDateTime;

use crate::document::Document;
use crate::pki::digest::FilePrefixDigest;
use crate::pki::TrustStore;
use crate::policy::Policy;
use crate::report::{DocumentKind, DocumentReport, VerifyReport};
use crate::verdict::{Finding, Severity, Text};
use crate::{hex, image, intake, issuers, license, pdf, pki, report, seal};

/// Verifies documents against fixed trust anchors, revocation data and policy.
#[derive(Debug, Clone, Default)]
pub struct Verifier {
    trust: TrustStore,
    intermediates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    policy: Policy,
    /// Issuing bodies by key and seal (`--issuers`); `None`: no registry given.
    issuers: Option<std::sync::Arc<issuers::IssuerRegistry>>,
}

impl Verifier {
    /// A verifier that trusts the anchors in `trust` and judges by `policy`; no CRLs, no
    /// extra intermediates, no issuer registry until the `with_*` methods add them.
    pub fn new(trust: TrustStore, policy: Policy) -> Self {
        Verifier {
            trust,
            policy,
            ..Verifier::default()
        }
    }

    /// Adds CRLs the caller fetched or was given (`--crl`), each as DER or as PEM (every
    /// `X509 CRL` block of a PEM file is added, as the CLI reads `--crl` files).
    pub fn with_crls(mut self, crls: Vec<Vec<u8>>) -> Self {
        self.crls
            .extend(crls.into_iter().flat_map(pki::trust::crls_in));
        self
    }

    /// Adds DER certificates that may serve as intermediates in path building.
    pub fn with_intermediates(mut self, certs: Vec<Vec<u8>>) -> Self {
        self.intermediates.extend(certs);
        self
    }

    /// Names the issuing body of each signature (`issuer` in the report) from `registry`, and
    /// ties e-licences to their issuers (see [`issuers`]).
    pub fn with_issuers(mut self, registry: issuers::IssuerRegistry) -> Self {
        self.issuers = Some(std::sync::Arc::new(registry));
        self
    }

    /// The issuer registry, if one was given.
    pub fn issuers(&self) -> Option<&issuers::IssuerRegistry> {
        self.issuers.as_deref()
    }

    /// Keeps a bounded memo of certificate paths and certificate / CRL signature checks (see
    /// [`pki::cache`]): a warm verifier that sees many documents from the same CAs does not
    /// redo their chains. Verdicts are identical with or without it.
    pub fn with_cache(mut self, capacity: usize) -> Self {
        self.trust = std::mem::take(&mut self.trust).with_cache(capacity);
        self
    }

    /// The policy verdicts are judged by.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The trust anchors (and the cache, when [`Verifier::with_cache`] made one).
    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// Verifies one document given as bytes, at validation time `at`.
    pub fn verify(&self, bytes: &[u8], at: OffsetDateTime) -> DocumentReport {
        self.verify_named("", bytes, at)
    }

    /// Like [`Verifier::verify`], with the name the document came under (kept in the report,
    /// never used to decide its type).
    pub fn verify_named(&self, path: &str, bytes: &[u8], at: OffsetDateTime) -> DocumentReport {
        self.verify_document(path, &bytes, at)
    }

    /// Like [`Verifier::verify_named`] for a document that wants to hear which of its bytes
    /// the verifier is done with (see [`Document`]: a memory-mapped upload drops those pages,
    /// so peak memory stays flat on large files).
    pub fn verify_document(
        &self,
        path: &str,
        document: &dyn Document,
        at: OffsetDateTime,
    ) -> DocumentReport {
        // The whole-file SHA-256 continues from the state the first SHA-256 ByteRange digest
        // left, so the signed prefix is read and hashed once.
        let prefix = FilePrefixDigest::new(document);
        let mut report = self.verify_unhashed(path, document.bytes(), at, &prefix);
        report.sha256 = hex::encode(&prefix.file_sha256());
        report
    }

    /// Everything of [`Verifier::verify_named`] but the whole-file hash (left empty).
    fn verify_unhashed(
        &self,
        path: &str,
        bytes: &[u8],
        at: OffsetDateTime,
        file_prefix: &FilePrefixDigest<'_>,
    ) -> DocumentReport {
        let sniffed = intake::sniff(bytes);
        let mut report = DocumentReport::empty(path, sniffed.kind, bytes.len() as u64);
        if !sniffed.also.is_empty() {
            report.findings.push(Finding::new(
                "POLYGLOT_FILE",
                Severity::Warning,
                Text::new(
                    "the file is also readable as another format (polyglot); viewers may show different content",
                    "该文件同时可被解析为其他格式（多格式文件），不同软件可能显示不同内容",
                ),
            ));
        }
        if report.size > self.policy.limits.max_file_size {
            report.findings.push(Finding::new(
                "LIMIT_FILE_SIZE",
                Severity::Error,
                Text::new(
                    format!(
                        "file is {} bytes, larger than the limit of {} bytes; not verified",
                        report.size, self.policy.limits.max_file_size
                    ),
                    format!(
                        "文件大小 {} 字节，超过上限 {} 字节，未予验证",
                        report.size, self.policy.limits.max_file_size
                    ),
                ),
            ));
            return report;
        }
        let ctx = self.context(at, Some(file_prefix));
        match sniffed.kind {
            DocumentKind::Pdf => {
                pdf::verify_pdf(
                    bytes,
                    sniffed.pdf_header_offset.unwrap_or(0),
                    &ctx,
                    &mut report,
                );
                // Scans are never signed; a signed PDF is born digital and its bytes are not
                // read again (large signed files drop their pages as they are verified).
                if report.signatures.is_empty() {
                    image::verify_scanned_pdf(
                        bytes,
                        sniffed.pdf_header_offset.unwrap_or(0),
                        &self.policy,
                        &mut report,
                    );
                }
            }
            DocumentKind::Ofd => seal::verify_ofd(bytes, &ctx, &mut report),
            // A bare SES structure (.esl seal, SignedValue.dat) is verified as part of the OFD
            // family; the finding says what it was.
            DocumentKind::Unknown if seal::is_ses(bytes) => {
                report.kind = DocumentKind::Ofd;
                report.findings.push(Finding::new(
                    "SES_STANDALONE",
                    Severity::Info,
                    Text::new(
                        "a bare SES structure (seal or seal signature), not an OFD package",
                        "独立的电子印章或电子签章数据（非OFD文件包）",
                    ),
                ));
                seal::verify_ses_file(bytes, &ctx, &mut report);
            }
            DocumentKind::Unknown if intake::undecodable_image(bytes).is_some() => {
                let format = intake::undecodable_image(bytes).unwrap_or_default();
                let mut finding = Finding::new(
                    image::codes::UNDECODABLE,
                    Severity::Error,
                    Text::new(
                        format!("a {format} picture (a phone camera format) that cannot be decoded; it must be sent as JPEG or PNG"),
                        format!("{format}格式图片（手机相机格式），无法解码，请转换为JPG或PNG格式"),
                    ),
                );
                finding.evidence = Some(format.to_string());
                report.findings.push(finding);
            }
            DocumentKind::Unknown => report.findings.push(Finding::new(
                "UNKNOWN_TYPE",
                Severity::Error,
                Text::new(
                    "not a PDF, OFD, JPEG, PNG or TIFF file; nothing can be verified",
                    "不是PDF、OFD、JPEG、PNG或TIFF文件，无法验证",
                ),
            )),
            DocumentKind::Jpeg
            | DocumentKind::Png
            | DocumentKind::Tiff
            | DocumentKind::Webp
            | DocumentKind::Bmp => image::verify_image(bytes, &self.policy, &mut report),
            // Sniffing never says this; only a path that could not be read is unreadable.
            DocumentKind::Unreadable => {}
        }
        self.identify_issuers(bytes, at, &mut report);
        report
    }

    /// Registry matches of the signatures, then the e-licence the document may be.
    fn identify_issuers(&self, bytes: &[u8], at: OffsetDateTime, report: &mut DocumentReport) {
        if let Some(registry) = &self.issuers {
            for sig in &mut report.signatures {
                sig.issuer = registry.identify(sig);
            }
        }
        report.license = license::document::examine(
            bytes,
            report,
            &self.policy.limits,
            at.date(),
            self.issuers.is_some(),
        );
    }

    /// Verifies many documents; each gets its own report, whatever happens to the others.
    /// Documents are verified in parallel (rayon's global pool); the reports keep the order of
    /// `docs`.
    pub fn verify_batch(&self, docs: &[(String, Vec<u8>)], at: OffsetDateTime) -> VerifyReport {
        self.verify_many(docs, at)
    }

    /// Like [`Verifier::verify_batch`] for documents the caller holds in any form (memory maps
    /// that drop the pages the verifier is done with, buffers owned elsewhere: see
    /// [`Document`]); order is kept.
    pub fn verify_many<D>(&self, docs: &[(String, D)], at: OffsetDateTime) -> VerifyReport
    where
        D: Document,
    {
        VerifyReport {
            schema: report::SCHEMA.to_string(),
            validation_time: at,
            documents: docs
                .par_iter()
                .map(|(name, document)| self.verify_document(name, document, at))
                .collect(),
        }
    }

    fn context<'s>(
        &'s self,
        at: OffsetDateTime,
        file_prefix: Option<&'s FilePrefixDigest<'s>>,
    ) -> VerifyContext<'s> {
        VerifyContext {
            trust: &self.trust,
            intermediates: &self.intermediates,
            crls: &self.crls,
            policy: &self.policy,
            validation_time: at,
            file_prefix,
        }
    }
}

/// The inputs every format verifier needs, borrowed from the [`Verifier`].
#[derive(Debug, Clone, Copy)]
pub struct VerifyContext<'a> {
    /// Trust anchors.
    pub trust: &'a TrustStore,
    /// DER certificates path building may use as intermediates.
    pub intermediates: &'a [Vec<u8>],
    /// DER CRLs given as inputs.
    pub crls: &'a [Vec<u8>],
    /// What is acceptable, and the resource limits.
    pub policy: &'a Policy,
    /// The time at which certificates, revocation and timestamps are judged.
    pub validation_time: OffsetDateTime,
    /// Where ByteRange digests leave their SHA-256 state for the whole-file fingerprint.
    pub file_prefix: Option<&'a FilePrefixDigest<'a>>,
}

/// Where a verifier's trust inputs lie on disk: the one reading of `--trust`, `--crl` and
/// `--cert` for the CLI and the service alike.
#[derive(Debug, Clone, Default)]
pub struct TrustPaths {
    /// Trust anchors: PEM/DER certificate files or directories of them.
    pub anchors: Vec<PathBuf>,
    /// CRLs in PEM or DER: files or directories of them.
    pub crls: Vec<PathBuf>,
    /// Extra intermediate certificates: PEM/DER files or directories of them.
    pub intermediates: Vec<PathBuf>,
}

impl TrustPaths {
    /// Reads every file and makes a verifier judging by `policy`. `Err` names the file and why
    /// ([`crate::error::Error::Io`] when it cannot be read).
    pub fn load(&self, policy: Policy) -> crate::error::Result<Verifier> {
        let mut anchors = TrustStore::new();
        for path in &self.anchors {
            anchors.load_path(path)?;
        }
        let mut crls = Vec::new();
        for path in &self.crls {
            crls.extend(pki::trust::read_crls(path)?);
        }
        let mut intermediates = Vec::new();
        for path in &self.intermediates {
            let mut extra = TrustStore::new();
            extra.load_path(path)?;
            intermediates.extend(extra.anchors().map(<[u8]>::to_vec));
        }
        Ok(Verifier::new(anchors, policy)
            .with_crls(crls)
            .with_intermediates(intermediates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_paths_read_anchors_crls_and_intermediates_or_name_the_missing_file() {
        let paths = TrustPaths {
            anchors: vec!["testdata/pki/generated/root.pem".into()],
            crls: vec!["testdata/pki/generated/crl".into()],
            intermediates: vec!["testdata/pki/generated/intermediate.pem".into()],
        };
        let verifier = paths.load(Policy::default()).unwrap();
        assert_eq!(verifier.trust().anchors().count(), 1);
        assert_eq!(verifier.crls.len(), 2, "both CRLs of the directory");
        assert_eq!(verifier.intermediates.len(), 1);

        let missing = TrustPaths {
            anchors: vec!["testdata/no-such-root.pem".into()],
            ..TrustPaths::default()
        };
        let error = missing.load(Policy::default()).unwrap_err();
        assert!(matches!(error, crate::error::Error::Io { .. }), "{error}");
        assert!(error.to_string().contains("no-such-root.pem"), "{error}");
    }
}
