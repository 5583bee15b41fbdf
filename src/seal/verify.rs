//! The seal verification flow of GM/T 0031 §6.2.3, as facts then judgement: this module
//! establishes what the structure says ([`crate::facts::seal::SealFacts`]: the data digest,
//! the signer's signature, the maker's signature over the seal, the seal's validity period and
//! the time it must cover, the signer's right to use the seal, the optional timestamps, and
//! the signer and maker certificate paths, by `pki`), and [`crate::evaluate::seal`] applies the
//! policy and writes one check per step.
//!
//! Check ids are stable (see [`ids`]); they appear in pipeline order: format, integrity, crypto,
//! identity, chain, so that the first problem named is the most fundamental one.

use time::OffsetDateTime;

use super::crypto::{self, DigestKind};
use super::report::SealBlock;
use super::ses::{CertList, Seal, SesSignature};
use crate::cms::CmsContext;
use crate::evaluate::evaluate;
use crate::facts::crypto::DigestFact;
use crate::facts::seal::{
    DataHashFact, SealChainFact, SealFacts, SealTimestampFact, SealValidityFact, SesSignatureFact,
    SesStructure, SignerInSealFact, SignerListed, TokenProblem,
};
use crate::pki::{ChainRequest, Purpose};
use crate::report::CertSummary;
use crate::verdict::{CertRole, Check, CheckStatus, Finding, Text};

/// Stable check ids of seal verification.
pub mod ids {
    use crate::verdict::CheckId;

    /// The bytes parse as an SES_Signature or SESeal of a known version (V1, V4, V5).
    pub const FORMAT: CheckId = CheckId::SesFormat;
    /// dataHash equals the digest of the protected data.
    pub const DATA_HASH: CheckId = CheckId::DataHash;
    /// The signer's signature over TBS_Sign verifies with the signer certificate's key.
    pub const SIGNATURE_VALUE: CheckId = CheckId::SignatureValue;
    /// The maker's (制章者) signature over the seal verifies with the maker certificate's key.
    pub const SEAL_SIGNATURE: CheckId = CheckId::SealSignature;
    /// The seal's validity period (validStart..validEnd) covers the signing time.
    pub const SEAL_VALIDITY: CheckId = CheckId::SealValidity;
    /// The signer certificate is one the seal's certificate list allows.
    pub const SIGNER_IN_SEAL: CheckId = CheckId::SignerInSeal;
    /// The RFC 3161 time stamp on the signature is valid and covers the signature value.
    pub const TIMESTAMP: CheckId = CheckId::Timestamp;
    /// The V5 RFC 3161 time stamp on the maker's signature is valid and covers it.
    pub const SEAL_TIMESTAMP: CheckId = CheckId::SealTimestamp;
}

/// What the signature protects.
#[derive(Debug, Clone, Copy)]
pub enum Protected<'a> {
    /// The bytes whose digest dataHash must be (in OFD: Signature.xml; in PDF: ByteRange).
    Parts(&'a [&'a [u8]]),
    /// A bare SES_Signature file: the protected data is not at hand.
    Unavailable,
}

pub use crate::facts::seal::Variant;

/// Everything the verification of one SES_Signature or SESeal found.
#[derive(Debug, Clone)]
pub struct SealVerification {
    /// Every check run, in order, each with its status.
    pub checks: Vec<Check>,
    /// Findings that are not checks (e.g. `SES_TIME_UNREADABLE` when timeInfo cannot be read).
    pub findings: Vec<Finding>,
    /// The signer's certificate (for a SESeal on its own: the maker's), when it could be read.
    pub signer: Option<CertSummary>,
    /// The signing time the signer claims (timeInfo, or the container's time when timeInfo
    /// cannot be read); `None` for a SESeal on its own.
    pub signing_time: Option<OffsetDateTime>,
    /// The time from a valid RFC 3161 time stamp on the signature, if there is one.
    pub timestamp_time: Option<OffsetDateTime>,
    /// Name of the dataHash digest (`SM3`, `SHA-256`, `SHA-1`), when it is known.
    pub digest_algorithm: Option<String>,
    /// Name of the signature algorithm (`SM2-SM3`, `RSA-PKCS1-SHA256`…, or the OID when unknown).
    pub signature_algorithm: Option<String>,
    /// The seal's details for the report (name, type, maker, validity, picture…).
    pub seal: SealBlock,
    /// What the verification established, before the policy judged it into `checks`.
    pub facts: SealFacts,
}

/// Verifies a SES_Signature. `fallback_time` is a signing time claimed outside the structure
/// (OFD SignatureDateTime, PDF /M), used only when timeInfo cannot be read.
pub fn verify_signature(
    sig: &SesSignature<'_>,
    protected: Protected<'_>,
    variant: Variant,
    fallback_time: Option<OffsetDateTime>,
    ctx: &CmsContext<'_>,
) -> SealVerification {
    let mut findings = Vec::new();
    let signing_time = sig.time_info.time.or(fallback_time);
    if sig.time_info.time.is_none() {
        findings.push(
            Finding::new(
                "SES_TIME_UNREADABLE",
                crate::verdict::Severity::Warning,
                Text::new(
                    "the signing time inside the seal signature could not be read",
                    "电子签章内的签章时间无法识别",
                ),
            )
            .evidence(sig.time_info.text.clone()),
        );
    }
    let digest = crypto::data_hash_digest(&sig.algorithm);
    let signer_signature = crypto::examine_with_certificate(
        sig.signer_cert,
        &sig.algorithm,
        sig.tbs_raw,
        sig.signature,
    );
    let data_hash = data_hash_fact(sig, protected, digest);
    let seal_part = examine_seal(&sig.seal, signing_time, ctx);
    let signer_in_seal = signer_in_seal_fact(&sig.seal, sig.signer_cert);
    let timestamp = sig
        .timestamp
        .map(|token| timestamp_fact(token, sig.signature, ctx));
    let timestamp_time = timestamp
        .as_ref()
        .and_then(|t| t.outcome.as_ref().ok().copied().flatten());
    let mut extra_certs: Vec<&[u8]> = vec![sig.seal.maker.as_ref().map_or(&[][..], |m| m.cert)];
    if let CertList::Certificates(certs) = &sig.seal.info.property.cert_list {
        extra_certs.extend(certs.iter().copied());
    }
    let signer_chain = chain_fact(
        CertRole::Signer,
        sig.signer_cert,
        Purpose::DocumentSigning,
        signing_time,
        timestamp_time,
        &extra_certs,
        ctx,
    );
    let encoding = signer_signature.encoding;
    let facts = SealFacts {
        structure: SesStructure::Signature,
        version: sig.version,
        variant,
        data_hash: Some(data_hash),
        signer_signature: Some(signer_signature),
        maker_signature: seal_part.maker_signature,
        seal_timestamp: seal_part.seal_timestamp,
        validity: seal_part.validity,
        signer_in_seal: Some(signer_in_seal),
        timestamp,
        signer_chain: Some(signer_chain),
        maker_chain: seal_part.maker_chain,
        ofd_references: None,
    };
    let (checks, judged_findings) = evaluate(&facts, ctx.policy);
    findings.extend(judged_findings);

    let mut seal = SealBlock::from_seal(&sig.seal);
    seal.property_info = Some(sig.property_info.clone());
    seal.time_info = Some(sig.time_info.text.clone());
    seal.signature_encoding = Some(encoding);
    SealVerification {
        checks,
        findings,
        signer: crypto::summarise(sig.signer_cert),
        signing_time,
        timestamp_time,
        digest_algorithm: digest.map(|d| d.name().to_string()),
        signature_algorithm: Some(crypto::algorithm_name(&sig.algorithm)),
        seal,
        facts,
    }
}

/// Verifies a SESeal on its own (an `.esl` file): the maker's signature, the validity period
/// at the validation time, the optional timestamp and the maker's certificate.
pub fn verify_seal(seal: &Seal<'_>, ctx: &CmsContext<'_>) -> SealVerification {
    let parts = examine_seal(seal, Some(ctx.validation_time), ctx);
    let facts = SealFacts {
        structure: SesStructure::Seal,
        version: seal.version,
        variant: Variant::Standard,
        data_hash: None,
        signer_signature: None,
        maker_signature: parts.maker_signature,
        seal_timestamp: parts.seal_timestamp,
        validity: parts.validity,
        signer_in_seal: None,
        timestamp: None,
        signer_chain: None,
        maker_chain: parts.maker_chain,
        ofd_references: None,
    };
    let (checks, findings) = evaluate(&facts, ctx.policy);
    SealVerification {
        checks,
        findings,
        signer: seal.maker.as_ref().and_then(|m| crypto::summarise(m.cert)),
        signing_time: None,
        timestamp_time: None,
        digest_algorithm: None,
        signature_algorithm: seal
            .maker
            .as_ref()
            .map(|m| crypto::algorithm_name(&m.algorithm)),
        seal: SealBlock::from_seal(seal),
        facts,
    }
}

/// The facts of the seal itself.
struct SealPart {
    maker_signature: Option<SesSignatureFact>,
    seal_timestamp: Option<SealTimestampFact>,
    maker_chain: Option<SealChainFact>,
    validity: SealValidityFact,
}

/// What the seal itself establishes; `at` is the time its validity period must cover.
fn examine_seal(seal: &Seal<'_>, at: Option<OffsetDateTime>, ctx: &CmsContext<'_>) -> SealPart {
    let mut part = SealPart {
        maker_signature: None,
        seal_timestamp: None,
        maker_chain: None,
        validity: SealValidityFact {
            valid_start: seal.info.property.valid_start,
            valid_end: seal.info.property.valid_end,
            checked_at: at,
        },
    };
    if let Some(maker) = &seal.maker {
        part.maker_signature = Some(crypto::examine_with_certificate(
            maker.cert,
            &maker.algorithm,
            &maker.signed_bytes,
            maker.value,
        ));
        part.seal_timestamp = seal
            .timestamp
            .map(|token| timestamp_fact(token, maker.value, ctx));
        part.maker_chain = Some(chain_fact(
            CertRole::Maker,
            maker.cert,
            Purpose::SealMaking,
            Some(seal.info.property.create_date),
            None,
            &[],
            ctx,
        ));
    }
    part
}

fn data_hash_fact(
    sig: &SesSignature<'_>,
    protected: Protected<'_>,
    digest: Option<DigestKind>,
) -> DataHashFact {
    let parts = match protected {
        Protected::Parts(parts) => parts,
        Protected::Unavailable => return DataHashFact::Unavailable,
    };
    // SM2 implies SM3; otherwise the digest length decides between the candidates.
    let candidates: &[DigestKind] = match &digest {
        Some(d) => std::slice::from_ref(d),
        None => &[DigestKind::Sm3, DigestKind::Sha256, DigestKind::Sha1],
    };
    let mut tried = Vec::with_capacity(candidates.len());
    for kind in candidates {
        let matches = kind.digest(parts) == sig.data_hash;
        tried.push(DigestFact {
            algorithm: kind.algorithm(),
            matches,
        });
        if matches {
            break;
        }
    }
    DataHashFact::Compared {
        tried,
        recorded: sig.data_hash.to_vec(),
        property_info: sig.property_info.clone(),
    }
}

fn signer_in_seal_fact(seal: &Seal<'_>, signer_cert: &[u8]) -> SignerInSealFact {
    let list = &seal.info.property.cert_list;
    let listed = match list {
        CertList::Certificates(certs) => certs.contains(&signer_cert),
        CertList::Digests(digests) => digests.iter().any(|(name, value)| {
            DigestKind::from_name(name).is_some_and(|kind| kind.digest(&[signer_cert]) == *value)
        }),
        CertList::Identifiers(identifiers) => {
            if !identifiers.iter().any(|id| serial_matches(id, signer_cert)) {
                return SignerInSealFact {
                    list_kind: list.kind(),
                    list_len: list.len(),
                    listed: SignerListed::UnmatchedIdentifiers(identifiers.clone()),
                };
            }
            true
        }
    };
    SignerInSealFact {
        list_kind: list.kind(),
        list_len: list.len(),
        listed: if listed {
            SignerListed::Yes
        } else {
            SignerListed::No
        },
    }
}

/// A V1 certID against the certificate's serial number, in hex or decimal.
fn serial_matches(id: &str, cert_der: &[u8]) -> bool {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(cert_der) else {
        return false;
    };
    let id = id.trim().trim_start_matches('0').to_ascii_lowercase();
    let hex = crate::hex::encode(cert.raw_serial());
    let hex = hex.trim_start_matches('0');
    !id.is_empty() && (id == hex || id == cert.serial.to_string())
}

/// Verifies an RFC 3161 token over `signed_value` (what GB/T 38540 timestamps: the signature).
fn timestamp_fact(token: &[u8], signed_value: &[u8], ctx: &CmsContext<'_>) -> SealTimestampFact {
    let outcome = crate::cms::verify_document_timestamp(token, &[signed_value], ctx);
    let problem = outcome
        .checks
        .iter()
        .find(|c| matches!(c.status, CheckStatus::Failed | CheckStatus::Indeterminate));
    SealTimestampFact {
        outcome: match problem {
            None if !outcome.checks.is_empty() => Ok(outcome.signing_time),
            _ => Err(TokenProblem {
                reason: problem
                    .map(|c| format!("{}: {}", c.id, c.message))
                    .unwrap_or_else(|| "no result".into()),
                sub_indication: problem.and_then(|c| c.sub_indication),
            }),
        },
    }
}

/// The certificate's path, as pki validates it (the seal's other certificates may help build
/// it).
fn chain_fact(
    role: CertRole,
    leaf: &[u8],
    purpose: Purpose,
    claimed_time: Option<OffsetDateTime>,
    poe_time: Option<OffsetDateTime>,
    extra: &[&[u8]],
    ctx: &CmsContext<'_>,
) -> SealChainFact {
    let mut intermediates: Vec<&[u8]> = ctx.intermediates.to_vec();
    intermediates.extend(
        extra
            .iter()
            .copied()
            .filter(|c| !c.is_empty() && *c != leaf),
    );
    let request = ChainRequest {
        leaf,
        intermediates: &intermediates,
        crls: ctx.crls,
        ocsp_responses: ctx.ocsp_responses,
        purpose,
        claimed_time,
        poe_time,
        validation_time: ctx.validation_time,
    };
    SealChainFact {
        role,
        outcome: crate::pki::validate_chain(&request, ctx.trust, ctx.policy),
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::seal::{DataHashFact, SesStructure, SignerListed};
    use crate::pki::DigestAlgorithm;
    use crate::{Policy, TrustStore, Verifier};

    fn real(name: &str) -> Vec<u8> {
        let path = format!("{}/testdata/cn/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn an_ofd_seal_entry_carries_its_facts_outside_the_json() {
        let doc = Verifier::new(TrustStore::new(), Policy::default()).verify(
            &real("ofd_SESV4SignDoc.ofd"),
            super::super::testkit::at(2026),
        );
        let sig = &doc.signatures[0];
        let facts = sig.seal_facts.as_ref().expect("seal facts on the entry");
        assert_eq!(facts.structure, SesStructure::Signature);
        assert!(facts
            .signer_signature
            .as_ref()
            .is_some_and(|s| s.value.verifies()));
        assert!(facts
            .maker_signature
            .as_ref()
            .is_some_and(|s| s.value.verifies()));
        assert_eq!(
            facts.data_hash.as_ref().and_then(DataHashFact::matched),
            Some(DigestAlgorithm::Sm3)
        );
        assert_eq!(
            facts.signer_in_seal.as_ref().map(|s| &s.listed),
            Some(&SignerListed::Yes)
        );
        // The seal expired before it was used: a fact about times, judged into seal_validity.
        assert!(facts
            .validity
            .checked_at
            .is_some_and(|at| at > facts.validity.valid_end));
        let references = facts.ofd_references.as_ref().expect("OFD references");
        assert!(!references.references.is_empty());
        assert!(references
            .references
            .iter()
            .all(|r| r.digest.is_some_and(|d| d.matches)));
        let json = serde_json::to_string(&doc).unwrap();
        assert!(!json.contains("seal_facts") && !json.contains("ofd_references\":"));
    }
}
