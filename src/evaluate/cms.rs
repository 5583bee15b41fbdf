//! The policy's rules for CMS signer facts ([`crate::facts::cms`]): which digests and
//! signature values it accepts, and the checks `cms_format`, `signer_identification`,
//! `message_digest`, `content_digest`, `signature_value` and `signed_attributes` with their
//! text.
//!
//! A digest the policy refuses (SHA-1 unless `allow_sha1`) that matches is "intact but weak":
//! INDETERMINATE CRYPTO_CONSTRAINTS_FAILURE; a digest that does not match is TOTAL_FAILED
//! HASH_FAILURE whatever its algorithm.

use time::OffsetDateTime;

use super::crypto::digest_refused;
use super::{evaluate, Facts};
use crate::cms::tst_info::hex;
use crate::facts::cms::{
    CmsFacts, CmsFormatFact, ComparedDigest, EssFact, IdentificationFact, MessageDigestFact,
    SignatureValueCheckFact, SignedAttributeProblem, SignedAttributesFact, SignerFacts,
    SignerIdFact,
};
use crate::facts::crypto::SignatureError;
use crate::pki::digest::DigestAlgorithm;
use crate::policy::Policy;
use crate::verdict::{Check, CheckId, CheckStatus, SubIndication, Text};

/// What the policy makes of a CMS structure's facts (before its signer's certification path,
/// which [`crate::pki::validate_chain`] judges).
#[derive(Debug, Clone, Default)]
pub struct CmsJudgement {
    /// In pipeline order: format, signer identification, integrity, signature value, signed
    /// attributes, timestamp (document timestamps: the token's checks and its TSA chain).
    pub checks: Vec<Check>,
    /// Readable signature algorithm name: the verified scheme's when the policy accepts the
    /// value, the OID's name otherwise.
    pub signature_algorithm: Option<String>,
    /// The time a valid timestamp proves the signature (or document) existed at.
    pub proof_of_existence: Option<OffsetDateTime>,
}

/// A signature's facts: the format, then its signer, the `adbe.pkcs7.sha1` content digest
/// right after the message digest, then the signature timestamp. A document timestamp's facts
/// are its token's.
impl Facts for CmsFacts {
    type Judgement = CmsJudgement;

    fn judge(&self, policy: &Policy) -> CmsJudgement {
        if let Some(token) = &self.document_timestamp {
            let judged = evaluate(token, policy);
            return CmsJudgement {
                checks: judged.checks,
                signature_algorithm: judged.signature_algorithm,
                proof_of_existence: judged.proof_of_existence,
            };
        }
        let mut judgement = CmsJudgement::default();
        if let Some(format) = &self.format {
            judgement.checks.push(evaluate(format, policy));
        }
        let Some(signer) = &self.signer else {
            return judgement;
        };
        let core = evaluate(signer, policy);
        judgement.checks.extend(core.checks);
        judgement.signature_algorithm = Some(core.signature_algorithm);
        if let Some(content) = &self.content_digest {
            let at = judgement
                .checks
                .iter()
                .position(|c| c.id == CheckId::MessageDigest)
                .map_or(judgement.checks.len(), |p| p + 1);
            judgement
                .checks
                .insert(at, content_digest_check(content, policy));
        }
        let timestamps = evaluate(self.signature_timestamps.as_slice(), policy);
        judgement.checks.push(timestamps.check);
        judgement.proof_of_existence = timestamps.proof_of_existence;
        judgement
    }
}

/// The `cms_format` check of what was read.
impl Facts for CmsFormatFact {
    type Judgement = Check;

    fn judge(&self, _policy: &Policy) -> Check {
        match self {
            CmsFormatFact::Read(sd) => Check::passed(
                CheckId::CmsFormat,
                Text::new(
                    "The signature is a well-formed CMS SignedData",
                    "签名是格式正确的CMS SignedData",
                ),
            )
            .evidence(format!(
                "SignedData v{}, {} certificates, {} CRLs, {} signer(s), {} bytes",
                sd.version, sd.certificates, sd.crls, sd.signer_infos, sd.bytes
            )),
            CmsFormatFact::Malformed(why) => format_failure(why),
            CmsFormatFact::OverLimit(why) => Check::indeterminate(
                CheckId::CmsFormat,
                SubIndication::FormatFailure,
                Text::new(
                    format!("The signature exceeds a resource limit and was not verified: {why}"),
                    format!("签名超出资源限制，未予验证：{why}"),
                ),
            ),
        }
    }
}

/// A `cms_format` FAILED FORMAT_FAILURE check.
fn format_failure(why: &str) -> Check {
    Check::failed(
        CheckId::CmsFormat,
        SubIndication::FormatFailure,
        Text::new(
            format!("The signature is not a well-formed CMS SignedData: {why}"),
            format!("签名不是格式正确的CMS SignedData：{why}"),
        ),
    )
}

/// What the policy makes of one SignerInfo's facts.
#[derive(Debug, Clone)]
pub struct SignerJudgement {
    /// `signer_identification`, `message_digest`, `signature_value`, `signed_attributes`.
    pub checks: Vec<Check>,
    /// Readable signature algorithm name: the verified scheme's when the policy accepts the
    /// value, the OID's name otherwise.
    pub signature_algorithm: String,
}

impl Facts for SignerFacts {
    type Judgement = SignerJudgement;

    fn judge(&self, policy: &Policy) -> SignerJudgement {
        let (signature_check, signature_algorithm) = signature_value_check(self, policy);
        SignerJudgement {
            checks: vec![
                identification_check(&self.identification, &self.label),
                message_digest_check(self, policy),
                signature_check,
                signed_attributes_check(&self.signed_attributes).evidence(format!(
                    "{}, {} signed attributes",
                    self.label, self.signed_attributes.count
                )),
            ],
            signature_algorithm,
        }
    }
}

/// ESS signingCertificate(V2) mismatches are INDETERMINATE NO_SIGNING_CERTIFICATE_FOUND, as in
/// ETSI EN 319 102-1 §5.2.3 ("identification of the signing certificate"): the signature may be
/// mathematically sound, but the certificate it claims to bind is not the one found.
fn identification_check(fact: &IdentificationFact, label: &str) -> Check {
    let Some(cert) = &fact.certificate else {
        return Check::indeterminate(
            CheckId::SignerIdentification,
            SubIndication::NoSigningCertificateFound,
            Text::new(
                "The signer's certificate is not in the signature nor among the supplied certificates",
                "签名中和所提供的证书中均找不到签名者证书",
            ),
        )
        .evidence(format!("{label}, sid {}", describe_sid(&fact.signer_id)));
    };
    let evidence = format!("{label}, {}, serial {}", cert.subject, cert.serial);
    let (ess_note, ess_note_zh) = match &fact.ess {
        EssFact::Absent => ("no ESS signingCertificate attribute", "无ESS签名证书属性"),
        EssFact::Bound(2) => (
            "bound by ESS signingCertificateV2",
            "由ESS签名证书V2属性绑定",
        ),
        EssFact::Bound(_) => (
            "bound by ESS signingCertificate (v1)",
            "由ESS签名证书V1属性绑定",
        ),
        EssFact::Malformed(why) => {
            return Check::failed(
                CheckId::SignerIdentification,
                SubIndication::FormatFailure,
                Text::new(
                    format!("Malformed signing-certificate attribute: {why}"),
                    format!("签名证书属性格式错误：{why}"),
                ),
            )
            .evidence(evidence);
        }
        EssFact::UnsupportedHash(name) => {
            return Check::indeterminate(
                CheckId::SignerIdentification,
                SubIndication::CryptoConstraintsFailure,
                Text::new(
                    format!("The signing-certificate attribute uses hash {name}, which this build cannot compute"),
                    format!("签名证书属性使用的摘要算法{name}不受支持"),
                ),
            )
            .evidence(evidence);
        }
        EssFact::HashMismatch => {
            return Check::indeterminate(
                CheckId::SignerIdentification,
                SubIndication::NoSigningCertificateFound,
                Text::new(
                    "The certificate hash in the signing-certificate attribute does not match the signer's certificate",
                    "签名证书属性中的证书摘要与签名者证书不一致",
                ),
            )
            .evidence(evidence);
        }
        EssFact::IssuerSerialMismatch => {
            return Check::indeterminate(
                CheckId::SignerIdentification,
                SubIndication::NoSigningCertificateFound,
                Text::new(
                    "The issuer and serial number in the signing-certificate attribute do not match the signer's certificate",
                    "签名证书属性中的颁发者和序列号与签名者证书不一致",
                ),
            )
            .evidence(evidence);
        }
    };
    Check::passed(
        CheckId::SignerIdentification,
        Text::new(
            format!("Signer certificate found ({ess_note})"),
            format!("已找到签名者证书（{ess_note_zh}）"),
        ),
    )
    .evidence(evidence)
}

/// The signer identifier as evidence shows it.
fn describe_sid(sid: &SignerIdFact) -> String {
    match sid {
        SignerIdFact::IssuerSerial(serial) => {
            format!("issuerAndSerialNumber, serial {}", hex(serial))
        }
        SignerIdFact::SubjectKeyId(ski) => format!("subjectKeyIdentifier {}", hex(ski)),
    }
}

/// The `message_digest` check: a digest that does not match is a hash failure whatever its
/// algorithm; one the policy refuses is INDETERMINATE CRYPTO_CONSTRAINTS_FAILURE.
fn message_digest_check(signer: &SignerFacts, policy: &Policy) -> Check {
    let label = signer.label.as_str();
    let name = &signer.digest_algorithm;
    let format_failure = |en: String, zh: String| {
        Check::failed(
            CheckId::MessageDigest,
            SubIndication::FormatFailure,
            Text::new(en, zh),
        )
        .evidence(label.to_string())
    };
    match &signer.message_digest {
        MessageDigestFact::NoSignedAttributes(kind) => {
            if let Some(kind) = kind.filter(|k| digest_refused(*k, policy)) {
                return constraints_failure(kind, label, false);
            }
            Check::skipped(
                CheckId::MessageDigest,
                Text::new(
                    "No messageDigest attribute: the signature value itself covers the content",
                    "无消息摘要属性：内容由签名值直接保护",
                ),
            )
            .evidence(format!("{label}, digest algorithm {name}"))
        }
        MessageDigestFact::Missing => format_failure(
            "The signed attributes have no messageDigest".into(),
            "签名属性中缺少消息摘要".into(),
        ),
        MessageDigestFact::NotOctetString => format_failure(
            "The messageDigest attribute is not an OCTET STRING".into(),
            "消息摘要属性不是OCTET STRING".into(),
        ),
        MessageDigestFact::Malformed(why) => format_failure(
            format!("Malformed messageDigest: {why}"),
            format!("消息摘要属性格式错误：{why}"),
        ),
        MessageDigestFact::UnsupportedAlgorithm => Check::indeterminate(
            CheckId::MessageDigest,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                format!("Digest algorithm {name} is not supported"),
                format!("不支持摘要算法{name}"),
            ),
        )
        .evidence(label.to_string()),
        MessageDigestFact::Compared {
            digest,
            content_bytes,
            ..
        } => {
            if !digest.digest.matches {
                return Check::failed(
                    CheckId::MessageDigest,
                    SubIndication::HashFailure,
                    Text::new(
                        "The signed content was changed: its digest does not match the signed messageDigest",
                        "签名内容已被修改：摘要与签名中的消息摘要不一致",
                    ),
                )
                .evidence(format!(
                    "{label}, {name} over {content_bytes} bytes: computed {}, signed {}",
                    hex(&digest.computed),
                    hex(&digest.recorded)
                ));
            }
            if digest_refused(digest.digest.algorithm, policy) {
                return constraints_failure(digest.digest.algorithm, label, true);
            }
            Check::passed(
                CheckId::MessageDigest,
                Text::new(
                    "The content digest matches the signed messageDigest",
                    "内容摘要与签名中的消息摘要一致",
                ),
            )
            .evidence(format!("{label}, {name} over {content_bytes} bytes"))
        }
    }
}

/// A digest the policy does not accept. `matched`: the content digest was computed and equals
/// the signed one (intact but weak); otherwise the signature value alone covers the content
/// (no signed attributes) and its own check says whether it verifies.
fn constraints_failure(kind: DigestAlgorithm, label: &str, matched: bool) -> Check {
    let (en, zh) = if matched {
        (
            format!(
                "Digest algorithm {} is not allowed by the policy; the content digest matches the signed messageDigest (intact but weak)",
                kind.name()
            ),
            format!(
                "验证策略不允许摘要算法{}；内容摘要与签名中的消息摘要一致（内容完整但算法强度不足）",
                kind.name()
            ),
        )
    } else {
        (
            format!(
                "Digest algorithm {} is not allowed by the policy; the signature value covers the content directly (see its check)",
                kind.name()
            ),
            format!(
                "验证策略不允许摘要算法{}；内容由签名值直接保护（见签名值检查）",
                kind.name()
            ),
        )
    };
    Check::indeterminate(
        CheckId::MessageDigest,
        SubIndication::CryptoConstraintsFailure,
        Text::new(en, zh),
    )
    .evidence(label.to_string())
}

/// The `signature_value` check, and the algorithm name the outcome shows.
fn signature_value_check(signer: &SignerFacts, policy: &Policy) -> (Check, String) {
    let fallback_name = &signer.signature_algorithm;
    match &signer.signature_value {
        SignatureValueCheckFact::NoCertificate => (
            Check::skipped(
                CheckId::SignatureValue,
                Text::new(
                    "The signature value cannot be checked without the signer's certificate",
                    "缺少签名者证书，无法验证签名值",
                ),
            ),
            fallback_name.clone(),
        ),
        SignatureValueCheckFact::ContentTooLarge(bytes) => (
            Check::indeterminate(
                CheckId::SignatureValue,
                SubIndication::FormatFailure,
                Text::new(
                    "The signed content is larger than the file size limit (LIMIT_FILE_SIZE)",
                    "签名内容超过文件大小限制",
                ),
            )
            .evidence(format!("{bytes} bytes")),
            fallback_name.clone(),
        ),
        SignatureValueCheckFact::Examined {
            value,
            signature_bytes,
        } => {
            let result = evaluate(value, policy);
            let evidence = format!("{fallback_name}, signature {signature_bytes} bytes");
            let check = match &result {
                Ok(name) => Check::passed(
                    CheckId::SignatureValue,
                    Text::new(
                        format!("The signature value verifies ({name})"),
                        format!("签名值验证通过（{name}）"),
                    ),
                ),
                Err(SignatureError::Invalid) => Check::failed(
                    CheckId::SignatureValue,
                    SubIndication::SigCryptoFailure,
                    Text::new(
                        "The signature value does not verify with the signer's public key",
                        "签名值无法用签名者公钥验证通过",
                    ),
                ),
                Err(SignatureError::Unsupported(why)) => Check::indeterminate(
                    CheckId::SignatureValue,
                    SubIndication::CryptoConstraintsFailure,
                    Text::new(
                        format!("The signature algorithm is not supported: {why}"),
                        format!("不支持该签名算法：{why}"),
                    ),
                ),
                Err(SignatureError::ConstraintsFailure(why)) => Check::indeterminate(
                    CheckId::SignatureValue,
                    SubIndication::CryptoConstraintsFailure,
                    Text::new(
                        format!(
                            "The signature algorithm or key is not allowed by the policy: {why}"
                        ),
                        format!("验证策略不允许该签名算法或密钥：{why}"),
                    ),
                ),
                Err(SignatureError::Malformed(why)) => Check::failed(
                    CheckId::SignatureValue,
                    SubIndication::FormatFailure,
                    Text::new(
                        format!("The signer's key or the signature algorithm is malformed: {why}"),
                        format!("签名者公钥或签名算法格式错误：{why}"),
                    ),
                ),
            };
            let name = result.unwrap_or_else(|_| fallback_name.clone());
            (check.evidence(evidence), name)
        }
    }
}

/// The `signed_attributes` check (without its evidence, which names the count).
fn signed_attributes_check(fact: &SignedAttributesFact) -> Check {
    if !fact.present {
        return Check::passed(
            CheckId::SignedAttributes,
            Text::new("No signed attributes to check", "没有需要检查的签名属性"),
        );
    }
    let format_failure = |en: String, zh: String| {
        Check::failed(
            CheckId::SignedAttributes,
            SubIndication::FormatFailure,
            Text::new(en, zh),
        )
    };
    match &fact.problem {
        Some(SignedAttributeProblem::ContentTypeDiffers {
            signed,
            encapsulated,
        }) => format_failure(
            format!(
                "The signed contentType {signed} differs from the encapsulated content type {encapsulated}"
            ),
            "签名属性中的内容类型与封装内容类型不一致".into(),
        ),
        Some(SignedAttributeProblem::ContentTypeUnreadable(e)) => format_failure(
            format!("Malformed contentType attribute: {e}"),
            format!("内容类型属性格式错误：{e}"),
        ),
        Some(SignedAttributeProblem::ContentTypeMissing) => format_failure(
            "The signed attributes have no contentType".into(),
            "签名属性中缺少内容类型".into(),
        ),
        Some(SignedAttributeProblem::ContentTypeMalformed(why)) => format_failure(
            format!("Malformed contentType: {why}"),
            format!("内容类型属性格式错误：{why}"),
        ),
        Some(SignedAttributeProblem::SigningTimeInvalid) => format_failure(
            "The signingTime attribute is not a valid time".into(),
            "签名时间属性不是有效时间".into(),
        ),
        Some(SignedAttributeProblem::SigningTimeMalformed(why)) => format_failure(
            format!("Malformed signingTime: {why}"),
            format!("签名时间属性格式错误：{why}"),
        ),
        None => {
            let when = fact
                .signing_time
                .map(|t| format!(", signingTime {}", crate::rfc3339::format(t)))
                .unwrap_or_default();
            Check::with(
                CheckId::SignedAttributes,
                CheckStatus::Passed,
                None,
                Text::new(
                    format!(
                        "The signed attributes are well formed (contentType {}{when})",
                        fact.content_type
                    ),
                    "签名属性格式正确",
                ),
            )
        }
    }
}

/// adbe.pkcs7.sha1: the encapsulated content must be the SHA-1 digest of the signed parts.
fn content_digest_check(fact: &ComparedDigest, policy: &Policy) -> Check {
    if !fact.digest.matches {
        return Check::failed(
            CheckId::ContentDigest,
            SubIndication::HashFailure,
            Text::new(
                "The signed content was changed: its SHA-1 digest differs from the one in the signature",
                "签名内容已被修改：SHA-1摘要与签名中的不一致",
            ),
        )
        .evidence(format!(
            "computed {}, signed {}",
            hex(&fact.computed),
            hex(&fact.recorded)
        ));
    }
    if digest_refused(fact.digest.algorithm, policy) {
        return Check::indeterminate(
            CheckId::ContentDigest,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                "adbe.pkcs7.sha1 signs a SHA-1 digest, which the policy does not allow; the encapsulated digest matches the signed content (intact but weak)",
                "adbe.pkcs7.sha1 对SHA-1摘要签名，验证策略不允许；封装的摘要与签名内容一致（完整但算法强度不足）",
            ),
        );
    }
    Check::passed(
        CheckId::ContentDigest,
        Text::new(
            "The encapsulated SHA-1 digest matches the signed content",
            "封装的SHA-1摘要与签名内容一致",
        ),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::facts::cms::{CertificateSource, SignedDataSummary};
    use crate::facts::crypto::{DigestFact, SchemeFact, SignatureValueFact};
    use crate::report::CertSummary;
    use crate::verdict::{conclude, Indication};

    pub(crate) fn strict() -> Policy {
        Policy::default()
    }

    pub(crate) fn lenient() -> Policy {
        Policy {
            allow_sha1: true,
            ..Policy::default()
        }
    }

    pub(crate) fn compared(algorithm: DigestAlgorithm, matches: bool) -> ComparedDigest {
        ComparedDigest {
            digest: DigestFact { algorithm, matches },
            computed: vec![0xab; 4],
            recorded: if matches {
                vec![0xab; 4]
            } else {
                vec![0xcd; 4]
            },
        }
    }

    fn certificate() -> CertSummary {
        CertSummary {
            subject: "CN=Signer".into(),
            issuer: "CN=CA".into(),
            serial: "01".into(),
            not_before: datetime!(2025-01-01 00:00 UTC),
            not_after: datetime!(2027-01-01 00:00 UTC),
            spki_sha256: None,
            uscc: None,
            resident_id: None,
        }
    }

    /// A signer whose every fact is sound, with `digest` as its digest and signature hash.
    pub(crate) fn signer(label: &str, digest: DigestAlgorithm) -> SignerFacts {
        SignerFacts {
            label: label.into(),
            digest_algorithm: digest.name().into(),
            signature_algorithm: "rsaEncryption".into(),
            identification: IdentificationFact {
                signer_id: SignerIdFact::IssuerSerial(vec![0, 1]),
                certificate: Some(certificate()),
                found_in: Some(CertificateSource::SignedData),
                ess: EssFact::Bound(2),
            },
            message_digest: MessageDigestFact::Compared {
                digest: compared(digest, true),
                attribute: "1.2.840.113549.1.9.4",
                content_bytes: 1000,
            },
            signature_value: SignatureValueCheckFact::Examined {
                value: SignatureValueFact {
                    scheme: Some(SchemeFact {
                        family: "RSA-PKCS1",
                        digest: Some(digest),
                        rsa_bits: Some(2048),
                    }),
                    verification: Ok(format!("RSA-PKCS1-{}", digest.name())),
                },
                signature_bytes: 256,
            },
            signed_attributes: SignedAttributesFact {
                present: true,
                count: 4,
                content_type: "id-data".into(),
                signing_time: Some(datetime!(2026-01-01 00:00 UTC)),
                problem: None,
            },
        }
    }

    fn check(checks: &[Check], id: CheckId) -> &Check {
        checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no {id} check in {checks:#?}"))
    }

    fn status(checks: &[Check], id: CheckId) -> (CheckStatus, Option<SubIndication>) {
        let c = check(checks, id);
        (c.status, c.sub_indication)
    }

    const WEAK: (CheckStatus, Option<SubIndication>) = (
        CheckStatus::Indeterminate,
        Some(SubIndication::CryptoConstraintsFailure),
    );
    const CHANGED: (CheckStatus, Option<SubIndication>) =
        (CheckStatus::Failed, Some(SubIndication::HashFailure));

    #[test]
    fn a_matching_sha1_message_digest_is_weak_under_the_strict_policy_only() {
        let mut facts = signer("signer", DigestAlgorithm::Sha256);
        facts.message_digest = MessageDigestFact::Compared {
            digest: compared(DigestAlgorithm::Sha1, true),
            attribute: "1.2.840.113549.1.9.4",
            content_bytes: 1000,
        };
        let under_strict = evaluate(&facts, &strict()).checks;
        assert_eq!(status(&under_strict, CheckId::MessageDigest), WEAK);
        assert!(check(&under_strict, CheckId::MessageDigest)
            .message
            .contains("intact but weak"));
        let under_lenient = evaluate(&facts, &lenient()).checks;
        assert_eq!(
            status(&under_lenient, CheckId::MessageDigest),
            (CheckStatus::Passed, None)
        );
    }

    #[test]
    fn a_changed_content_is_a_hash_failure_under_either_policy() {
        for digest in [DigestAlgorithm::Sha1, DigestAlgorithm::Sha256] {
            let mut facts = signer("signer", DigestAlgorithm::Sha256);
            facts.message_digest = MessageDigestFact::Compared {
                digest: compared(digest, false),
                attribute: "1.2.840.113549.1.9.4",
                content_bytes: 1000,
            };
            for policy in [strict(), lenient()] {
                let checks = evaluate(&facts, &policy).checks;
                assert_eq!(status(&checks, CheckId::MessageDigest), CHANGED);
                assert_eq!(
                    check(&checks, CheckId::MessageDigest).evidence.as_deref(),
                    Some("signer, SHA-256 over 1000 bytes: computed abababab, signed cdcdcdcd")
                );
            }
        }
    }

    #[test]
    fn without_signed_attributes_a_sha1_signer_is_weak_or_skipped() {
        let mut facts = signer("signer", DigestAlgorithm::Sha1);
        facts.message_digest = MessageDigestFact::NoSignedAttributes(Some(DigestAlgorithm::Sha1));
        assert_eq!(
            status(&evaluate(&facts, &strict()).checks, CheckId::MessageDigest),
            WEAK
        );
        assert_eq!(
            status(&evaluate(&facts, &lenient()).checks, CheckId::MessageDigest),
            (CheckStatus::Skipped, None)
        );
    }

    #[test]
    fn a_sha1_signature_value_that_verifies_is_intact_but_weak_unless_allowed() {
        let facts = signer("signer", DigestAlgorithm::Sha1);
        let under_strict = evaluate(&facts, &strict());
        assert_eq!(status(&under_strict.checks, CheckId::SignatureValue), WEAK);
        // The readable name is the verified scheme's only when the policy accepts it.
        assert_eq!(under_strict.signature_algorithm, "rsaEncryption");
        let under_lenient = evaluate(&facts, &lenient());
        assert_eq!(
            status(&under_lenient.checks, CheckId::SignatureValue),
            (CheckStatus::Passed, None)
        );
        assert_eq!(under_lenient.signature_algorithm, "RSA-PKCS1-SHA-1");
    }

    #[test]
    fn adbe_pkcs7_sha1_content_digest_follows_the_message_digest() {
        let mut facts = CmsFacts {
            format: Some(CmsFormatFact::Read(SignedDataSummary {
                version: 1,
                certificates: 1,
                crls: 0,
                signer_infos: 1,
                bytes: 2000,
            })),
            signer: Some(signer("signer", DigestAlgorithm::Sha256)),
            content_digest: Some(compared(DigestAlgorithm::Sha1, true)),
            ..CmsFacts::default()
        };
        let under_strict = evaluate(&facts, &strict()).checks;
        let order: Vec<CheckId> = under_strict.iter().map(|c| c.id).collect();
        assert_eq!(
            order,
            [
                CheckId::CmsFormat,
                CheckId::SignerIdentification,
                CheckId::MessageDigest,
                CheckId::ContentDigest,
                CheckId::SignatureValue,
                CheckId::SignedAttributes,
                CheckId::SignatureTimestamp,
            ]
        );
        assert_eq!(status(&under_strict, CheckId::ContentDigest), WEAK);
        assert_eq!(
            conclude(&under_strict),
            (
                Indication::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure)
            )
        );
        let under_lenient = evaluate(&facts, &lenient()).checks;
        assert_eq!(conclude(&under_lenient), (Indication::TotalPassed, None));

        facts.content_digest = Some(compared(DigestAlgorithm::Sha1, false));
        for policy in [strict(), lenient()] {
            let checks = evaluate(&facts, &policy).checks;
            assert_eq!(status(&checks, CheckId::ContentDigest), CHANGED);
            assert_eq!(conclude(&checks).0, Indication::TotalFailed);
        }
    }

    #[test]
    fn identification_facts_give_their_checks() {
        let mut facts = signer("signer 2 of 2", DigestAlgorithm::Sha256);
        let checks = evaluate(&facts, &strict()).checks;
        let found = check(&checks, CheckId::SignerIdentification);
        assert_eq!(found.status, CheckStatus::Passed);
        assert_eq!(
            found.message,
            "Signer certificate found (bound by ESS signingCertificateV2)"
        );
        assert_eq!(
            found.evidence.as_deref(),
            Some("signer 2 of 2, CN=Signer, serial 01")
        );
        facts.identification.ess = EssFact::HashMismatch;
        assert_eq!(
            status(
                &evaluate(&facts, &lenient()).checks,
                CheckId::SignerIdentification
            ),
            (
                CheckStatus::Indeterminate,
                Some(SubIndication::NoSigningCertificateFound)
            )
        );
        facts.identification.certificate = None;
        facts.signature_value = SignatureValueCheckFact::NoCertificate;
        let checks = evaluate(&facts, &strict()).checks;
        assert_eq!(
            check(&checks, CheckId::SignerIdentification)
                .evidence
                .as_deref(),
            Some("signer 2 of 2, sid issuerAndSerialNumber, serial 01")
        );
        assert_eq!(
            status(&checks, CheckId::SignatureValue),
            (CheckStatus::Skipped, None)
        );
    }

    #[test]
    fn format_facts_give_the_format_check_alone() {
        let malformed = CmsFacts {
            format: Some(CmsFormatFact::Malformed("no SignerInfo".into())),
            ..CmsFacts::default()
        };
        let checks = evaluate(&malformed, &lenient()).checks;
        assert_eq!(checks.len(), 1);
        assert_eq!(
            status(&checks, CheckId::CmsFormat),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
        let over = CmsFormatFact::OverLimit("too deep".into());
        assert_eq!(
            evaluate(&over, &strict()).status,
            CheckStatus::Indeterminate
        );
    }

    #[test]
    fn a_signed_attribute_problem_is_a_format_failure_with_the_count_as_evidence() {
        let mut facts = signer("signer", DigestAlgorithm::Sha256);
        facts.signed_attributes.problem = Some(SignedAttributeProblem::SigningTimeInvalid);
        let checks = evaluate(&facts, &lenient()).checks;
        let attrs = check(&checks, CheckId::SignedAttributes);
        assert_eq!(
            (attrs.status, attrs.sub_indication),
            (CheckStatus::Failed, Some(SubIndication::FormatFailure))
        );
        assert_eq!(
            attrs.evidence.as_deref(),
            Some("signer, 4 signed attributes")
        );
    }
}
