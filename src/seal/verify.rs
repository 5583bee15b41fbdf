//! The seal verification flow of GM/T 0031 §6.2.3, one check per step:
//! the data digest, the signer's signature, the maker's signature over the seal, the seal's
//! validity period at the signing time, the signer's right to use the seal, the optional
//! timestamp, and the signer and maker certificates (chain, validity, revocation, by `pki`).
//!
//! Check ids are stable (see [`ids`]); they appear in pipeline order: format, integrity, crypto,
//! identity, chain, so that the first problem named is the most fundamental one.

use time::OffsetDateTime;

use super::crypto::{self, DigestKind, SignatureEncoding};
use super::report::SealBlock;
use super::ses::{CertList, Seal, SesSignature};
use crate::cms::CmsContext;
use crate::pki::{ChainRequest, Purpose, SignatureError};
use crate::report::CertSummary;
use crate::verdict::{CertRole, Check, CheckId, CheckStatus, Finding, SubIndication, Text};

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

/// How lenient to be with a signature whose container says it is a vendor variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    /// The container names a standard method: a failed dataHash or signature value is reported
    /// FAILED (the data or the signature was changed).
    #[default]
    Standard,
    /// The container uses a non-standard digest method: a failed dataHash or signature value
    /// cannot be told apart from a different (unknown) signing convention, so it is reported
    /// INDETERMINATE ("cannot verify"), never as tampering.
    Vendor,
}

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
    let mut checks = vec![format_check(sig.version.as_str(), "SES_Signature")];
    let mut findings = Vec::new();
    let signing_time = sig.time_info.time.or(fallback_time);
    if sig.time_info.time.is_none() {
        findings.push(
            Finding::new(
                "SES_TIME_UNREADABLE",
                crate::Severity::Warning,
                Text::new(
                    "the signing time inside the seal signature could not be read",
                    "电子签章内的签章时间无法识别",
                ),
            )
            .evidence(sig.time_info.text.clone()),
        );
    }
    let digest = crypto::data_hash_digest(&sig.algorithm);
    let data_hash_at = checks.len();

    let mut signature_check = match crypto::verify_with_certificate(
        sig.signer_cert,
        &sig.algorithm,
        sig.tbs_raw,
        sig.signature,
        ctx.policy,
    ) {
        Ok((name, encoding)) => Check::passed(
            ids::SIGNATURE_VALUE,
            Text::new(
                format!("the signer's {name} signature over TBS_Sign is valid"),
                format!("签章人的{name}签名值验证通过"),
            ),
        )
        .evidence(encoding_note(encoding)),
        Err(e) => signature_error_check(
            ids::SIGNATURE_VALUE,
            "the signer's signature over TBS_Sign",
            "签章人签名值",
            &e,
        ),
    };
    if variant == Variant::Vendor
        && signature_check.sub_indication == Some(SubIndication::SigCryptoFailure)
    {
        signature_check = vendor_downgrade(
            signature_check,
            "the signer's signature over TBS_Sign",
            "签章人签名值",
        );
    }
    // A vendor convention may explain a dataHash that does not match only when the signer's
    // signature does not verify by the standard convention either; a signer who demonstrably
    // followed the standard signed a standard dataHash, so a mismatch proves a change whatever
    // the container's CheckMethod claims.
    let signer_followed_standard = signature_check.status == CheckStatus::Passed;
    let hash_variant = if signer_followed_standard {
        Variant::Standard
    } else {
        variant
    };
    checks.insert(
        data_hash_at,
        data_hash_check(sig, protected, digest, hash_variant),
    );
    checks.push(signature_check);

    let seal_part = verify_seal_parts(&sig.seal, signing_time, ctx);
    checks.extend(seal_part.checks);
    findings.extend(seal_part.findings);
    checks.push(signer_in_seal_check(&sig.seal, sig.signer_cert));

    let mut timestamp_time = None;
    match sig.timestamp {
        Some(token) => {
            let (check, time) = timestamp_check(ids::TIMESTAMP, token, sig.signature, ctx);
            timestamp_time = time;
            checks.push(check);
        }
        None => checks.push(Check::skipped(
            ids::TIMESTAMP,
            Text::new(
                "the seal signature carries no timestamp; the signing time is the signer's claim",
                "电子签章未附时间戳，签章时间为签章方自行声明",
            ),
        )),
    }
    let mut extra_certs: Vec<&[u8]> = vec![sig.seal.maker.as_ref().map_or(&[][..], |m| m.cert)];
    if let CertList::Certificates(certs) = &sig.seal.info.property.cert_list {
        extra_certs.extend(certs.iter().copied());
    }
    checks.extend(chain_checks(
        CertRole::Signer,
        sig.signer_cert,
        Purpose::DocumentSigning,
        signing_time,
        timestamp_time,
        &extra_certs,
        ctx,
        &mut findings,
    ));
    checks.extend(seal_part.maker_chain);

    let (_, encoding) = crypto::normalise_signature(&sig.algorithm, sig.signature);
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
    }
}

/// Verifies a SESeal on its own (an `.esl` file): the maker's signature, the validity period
/// at the validation time, the optional timestamp and the maker's certificate.
pub fn verify_seal(seal: &Seal<'_>, ctx: &CmsContext<'_>) -> SealVerification {
    let mut checks = vec![format_check(seal.version.as_str(), "SESeal")];
    let parts = verify_seal_parts(seal, Some(ctx.validation_time), ctx);
    checks.extend(parts.checks);
    checks.extend(parts.maker_chain);
    SealVerification {
        checks,
        findings: parts.findings,
        signer: seal.maker.as_ref().and_then(|m| crypto::summarise(m.cert)),
        signing_time: None,
        timestamp_time: None,
        digest_algorithm: None,
        signature_algorithm: seal
            .maker
            .as_ref()
            .map(|m| crypto::algorithm_name(&m.algorithm)),
        seal: SealBlock::from_seal(seal),
    }
}

struct SealParts {
    checks: Vec<Check>,
    maker_chain: Vec<Check>,
    findings: Vec<Finding>,
}

/// Checks of the seal itself; `at` is the time its validity period must cover.
fn verify_seal_parts(
    seal: &Seal<'_>,
    at: Option<OffsetDateTime>,
    ctx: &CmsContext<'_>,
) -> SealParts {
    let mut checks = Vec::new();
    let mut findings = Vec::new();
    let mut maker_chain = Vec::new();
    match &seal.maker {
        Some(maker) => {
            let check = match crypto::verify_with_certificate(
                maker.cert,
                &maker.algorithm,
                &maker.signed_bytes,
                maker.value,
                ctx.policy,
            ) {
                Ok((name, encoding)) => Check::passed(
                    ids::SEAL_SIGNATURE,
                    Text::new(
                        format!("the seal maker's {name} signature over the seal is valid"),
                        format!("制章者对印章的{name}签名验证通过"),
                    ),
                )
                .evidence(encoding_note(encoding)),
                Err(e) => signature_error_check(
                    ids::SEAL_SIGNATURE,
                    "the seal maker's signature over the seal",
                    "制章者对印章的签名",
                    &e,
                ),
            };
            checks.push(check);
            if let Some(token) = seal.timestamp {
                checks.push(timestamp_check(ids::SEAL_TIMESTAMP, token, maker.value, ctx).0);
            }
            maker_chain = chain_checks(
                CertRole::Maker,
                maker.cert,
                Purpose::SealMaking,
                Some(seal.info.property.create_date),
                None,
                &[],
                ctx,
                &mut findings,
            );
        }
        None => checks.push(
            Check::indeterminate(
                ids::SEAL_SIGNATURE,
                SubIndication::FormatFailure,
                Text::new(
                    "the seal's maker signature block (SES_SignInfo) is not in a standard form; the seal cannot be proven genuine",
                    "印章的制章者签名信息不符合标准格式，无法证明印章真实",
                ),
            ),
        ),
    }
    checks.push(validity_check(seal, at));
    SealParts {
        checks,
        maker_chain,
        findings,
    }
}

fn format_check(version: &str, what: &str) -> Check {
    Check::passed(
        ids::FORMAT,
        Text::new(
            format!("{what} read as {version}"),
            format!("按{version}解析{what}成功"),
        ),
    )
}

fn encoding_note(encoding: SignatureEncoding) -> &'static str {
    match encoding {
        SignatureEncoding::Der => "signature value encoded as DER SEQUENCE{r,s}",
        SignatureEncoding::RawRs => "signature value stored as raw r||s (64 bytes)",
        SignatureEncoding::Native => "signature value in the algorithm's own encoding",
    }
}

fn data_hash_check(
    sig: &SesSignature<'_>,
    protected: Protected<'_>,
    digest: Option<DigestKind>,
    variant: Variant,
) -> Check {
    let parts = match protected {
        Protected::Parts(parts) => parts,
        Protected::Unavailable => {
            return Check::indeterminate(
                ids::DATA_HASH,
                SubIndication::SignedDataNotFound,
                Text::new(
                    "the data the seal was applied to is not part of this file, so dataHash cannot be compared",
                    "本文件不含签章所保护的原文，无法核对原文摘要",
                ),
            )
        }
    };
    // SM2 implies SM3; otherwise the digest length decides between the candidates.
    let candidates: Vec<DigestKind> = match digest {
        Some(d) => vec![d],
        None => vec![DigestKind::Sm3, DigestKind::Sha256, DigestKind::Sha1],
    };
    for kind in &candidates {
        if kind.digest(parts) == sig.data_hash {
            return Check::passed(
                ids::DATA_HASH,
                Text::new(
                    format!(
                        "dataHash equals the {} digest of the protected data",
                        kind.name()
                    ),
                    format!("原文{}摘要与签章中的摘要一致", kind.name()),
                ),
            );
        }
    }
    let check = Check::failed(
        ids::DATA_HASH,
        SubIndication::HashFailure,
        Text::new(
            "dataHash does not match the protected data: the data was changed after sealing",
            "签章中的原文摘要与原文不符：原文在签章后被修改",
        ),
    )
    .evidence(format!(
        "dataHash {} (over {})",
        crate::hex::encode(sig.data_hash),
        if sig.property_info.is_empty() {
            "the protected data"
        } else {
            &sig.property_info
        }
    ));
    if variant == Variant::Vendor {
        vendor_downgrade(check, "dataHash", "原文摘要")
    } else {
        check
    }
}

fn vendor_downgrade(check: Check, what_en: &str, what_zh: &str) -> Check {
    let mut c = Check::indeterminate(
        check.id,
        SubIndication::FormatFailure,
        Text::new(
            format!(
                "{what_en} could not be confirmed: the file follows a non-standard vendor convention (its digest method is not a standard one), so this cannot be verified; it is not evidence of tampering"
            ),
            format!("{what_zh}无法确认：文件采用非标准的厂商约定（摘要算法非标准），无法验证，不能据此认定篡改"),
        ),
    );
    c.evidence = check.evidence;
    c
}

fn signature_error_check(id: CheckId, what_en: &str, what_zh: &str, e: &SignatureError) -> Check {
    match e {
        SignatureError::Invalid => Check::failed(
            id,
            SubIndication::SigCryptoFailure,
            Text::new(
                format!("{what_en} does not verify"),
                format!("{what_zh}验证失败"),
            ),
        ),
        SignatureError::Unsupported(why) => Check::indeterminate(
            id,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                format!("{what_en} uses an algorithm this build cannot verify"),
                format!("{what_zh}使用的算法本版本不支持"),
            ),
        )
        .evidence(why.clone()),
        SignatureError::ConstraintsFailure(why) => Check::indeterminate(
            id,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                format!("{what_en} uses an algorithm or key size the policy does not accept"),
                format!("{what_zh}使用的算法或密钥长度不符合策略要求"),
            ),
        )
        .evidence(why.clone()),
        SignatureError::Malformed(why) => Check::failed(
            id,
            SubIndication::FormatFailure,
            Text::new(
                format!("{what_en} cannot be checked: the certificate or key is malformed"),
                format!("{what_zh}无法验证：证书或密钥格式错误"),
            ),
        )
        .evidence(why.clone()),
    }
}

fn validity_check(seal: &Seal<'_>, at: Option<OffsetDateTime>) -> Check {
    let p = &seal.info.property;
    let period = format!(
        "{} .. {}",
        super::report::rfc3339(p.valid_start),
        super::report::rfc3339(p.valid_end)
    );
    let Some(at) = at else {
        return Check::indeterminate(
            ids::SEAL_VALIDITY,
            SubIndication::SigConstraintsFailure,
            Text::new(
                "the signing time is unknown, so the seal's validity period cannot be checked",
                "签章时间不明，无法核对印章有效期",
            ),
        )
        .evidence(period);
    };
    let evidence = format!("{period}; time checked {}", super::report::rfc3339(at));
    if at < p.valid_start {
        Check::failed(
            ids::SEAL_VALIDITY,
            SubIndication::NotYetValid,
            Text::new(
                "the seal was used before its validity period began",
                "印章在有效期开始之前被使用",
            ),
        )
        .evidence(evidence)
    } else if at > p.valid_end {
        Check::failed(
            ids::SEAL_VALIDITY,
            SubIndication::Expired,
            Text::new(
                "the seal had expired at the time checked",
                "印章在所核对的时间已过有效期",
            ),
        )
        .evidence(evidence)
    } else {
        Check::passed(
            ids::SEAL_VALIDITY,
            Text::new(
                "the seal's validity period covers the time checked",
                "所核对的时间在印章有效期内",
            ),
        )
        .evidence(evidence)
    }
}

fn signer_in_seal_check(seal: &Seal<'_>, signer_cert: &[u8]) -> Check {
    let list = &seal.info.property.cert_list;
    let evidence = format!("seal lists {} {}", list.len(), list.kind());
    let allowed = match list {
        CertList::Certificates(certs) => certs.contains(&signer_cert),
        CertList::Digests(digests) => digests.iter().any(|(name, value)| {
            DigestKind::from_name(name).is_some_and(|kind| kind.digest(&[signer_cert]) == *value)
        }),
        CertList::Identifiers(identifiers) => {
            if identifiers.iter().any(|id| serial_matches(id, signer_cert)) {
                true
            } else {
                return Check::indeterminate(
                    ids::SIGNER_IN_SEAL,
                    SubIndication::SigConstraintsFailure,
                    Text::new(
                        "the seal names its signers by vendor-defined identifiers that do not match the signer's certificate serial number; whether the signer may use the seal cannot be decided",
                        "印章以厂商自定义标识列出签章人，与签章人证书序列号不符，无法判断签章人是否有权使用该印章",
                    ),
                )
                .evidence(format!("{evidence}: {}", identifiers.join(", ")));
            }
        }
    };
    if allowed {
        Check::passed(
            ids::SIGNER_IN_SEAL,
            Text::new(
                "the signer's certificate is in the seal's list of authorised signers",
                "签章人证书在印章的授权签章人列表中",
            ),
        )
        .evidence(evidence)
    } else {
        Check::failed(
            ids::SIGNER_IN_SEAL,
            SubIndication::SigConstraintsFailure,
            Text::new(
                "the signer's certificate is not among those the seal authorises: the seal was used by someone it was not issued to",
                "签章人证书不在印章授权的证书列表中：印章被未授权的人使用",
            ),
        )
        .evidence(evidence)
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
/// A timestamp that cannot be confirmed never fails the seal; it just proves nothing.
fn timestamp_check(
    id: CheckId,
    token: &[u8],
    signed_value: &[u8],
    ctx: &CmsContext<'_>,
) -> (Check, Option<OffsetDateTime>) {
    let outcome = crate::cms::verify_document_timestamp(token, &[signed_value], ctx);
    let problem = outcome
        .checks
        .iter()
        .find(|c| matches!(c.status, CheckStatus::Failed | CheckStatus::Indeterminate));
    match problem {
        None if !outcome.checks.is_empty() => (
            Check::passed(id, Text::new("the timestamp is valid", "时间戳验证通过")),
            outcome.signing_time,
        ),
        _ => {
            let reason = problem
                .map(|c| format!("{}: {}", c.id, c.message))
                .unwrap_or_else(|| "no result".into());
            (
                Check::indeterminate(
                    id,
                    problem
                        .and_then(|c| c.sub_indication)
                        .unwrap_or(SubIndication::FormatFailure),
                    Text::new(
                        "the timestamp could not be confirmed, so it proves no time",
                        "时间戳无法确认，不能作为时间证明",
                    ),
                )
                .evidence(reason),
                None,
            )
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn chain_checks(
    role: CertRole,
    leaf: &[u8],
    purpose: Purpose,
    claimed_time: Option<OffsetDateTime>,
    poe_time: Option<OffsetDateTime>,
    extra: &[&[u8]],
    ctx: &CmsContext<'_>,
    findings: &mut Vec<Finding>,
) -> Vec<Check> {
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
    let outcome = crate::pki::validate_chain(&request, ctx.trust, ctx.policy);
    findings.extend(outcome.findings);
    let who = match role {
        CertRole::Maker => ("seal maker", "制章者"),
        CertRole::Signer => ("signer", "签章人"),
    };
    if outcome.checks.is_empty() {
        return vec![Check::indeterminate(
            CheckId::CertificateChain.for_role(role),
            SubIndication::NoCertificateChainFound,
            Text::new(
                format!("the {} certificate's chain was not validated", who.0),
                format!("未验证{}证书链", who.1),
            ),
        )];
    }
    outcome
        .checks
        .into_iter()
        .map(|mut c| {
            c.id = c.id.for_role(role);
            c.message = format!("{} certificate: {}", who.0, c.message);
            c.message_zh = format!("{}证书：{}", who.1, c.message_zh);
            c
        })
        .collect()
}
