//! Verification of one SignerInfo: which certificate signed, does the content digest match,
//! does the signature value verify, are the signed attributes sound.
//!
//! Shared by PDF signatures, signature timestamp tokens and document timestamps: they differ in
//! what the content is and in what happens around this core.

use time::OffsetDateTime;

use super::attributes::{
    self, parse_ess, parse_revocation_archival, single_value, ArchivedRevocation,
};
use super::oid;
use super::signed_data::{SignedData, SignerId, SignerInfo};
use super::signer_cert::{check_ess, find_signer_cert_cached, EssMismatch, FoundCert};
use super::tst_info::hex;
use super::CmsContext;
use crate::asn1::ber::TAG_OCTET_STRING;
use crate::pki::digest::{digest_parts, DigestAlgorithm, FilePrefixDigest};
use crate::pki::{self, SignatureError};
use crate::verdict::{Check, CheckId, CheckStatus, Finding, Severity, SubIndication, Text};

/// What was signed: the PDF ByteRange parts (hashed in place) or an encapsulated content.
#[derive(Debug, Clone, Copy)]
pub enum Content<'p> {
    /// The parts of a PDF ByteRange, hashed in order as one stream.
    Parts(&'p [&'p [u8]]),
    /// Whole content in one slice (e.g. the encapsulated content).
    Bytes(&'p [u8]),
}

impl Content<'_> {
    /// The digest of the content; ByteRange parts go through the file's prefix memo when
    /// there is one, so the whole-file fingerprint need not hash them again.
    pub(crate) fn digest(
        &self,
        kind: DigestAlgorithm,
        memo: Option<&FilePrefixDigest<'_>>,
    ) -> Vec<u8> {
        match (self, memo) {
            (Content::Parts(parts), Some(memo)) => memo.digest_parts(kind, parts),
            (Content::Parts(parts), None) => digest_parts(kind, parts),
            (Content::Bytes(bytes), _) => digest_parts(kind, &[bytes]),
        }
    }

    fn len(&self) -> u64 {
        match self {
            Content::Parts(parts) => parts.iter().map(|p| p.len() as u64).sum(),
            Content::Bytes(bytes) => bytes.len() as u64,
        }
    }

    fn to_contiguous(self) -> Vec<u8> {
        match self {
            Content::Parts(parts) => parts.concat(),
            Content::Bytes(bytes) => bytes.to_vec(),
        }
    }
}

/// Result of the core checks for one SignerInfo.
#[derive(Debug, Clone)]
pub struct SignerResult<'a> {
    /// `signer_identification`, `message_digest`, `signature_value`, `signed_attributes`.
    pub checks: Vec<Check>,
    /// Problems found, with severity and code.
    pub findings: Vec<Finding>,
    /// The signer certificate, when one matched the signer identifier.
    pub cert: Option<FoundCert<'a>>,
    /// signingTime signed attribute, when present and readable.
    pub signing_time: Option<OffsetDateTime>,
    /// Readable digest algorithm name (e.g. "SHA-256"), or the dotted OID if unknown.
    pub digest_algorithm: String,
    /// Readable signature algorithm name (e.g. "SM2-SM3"), or the dotted OID if unknown.
    pub signature_algorithm: String,
    /// CRLs and OCSP responses from Adobe's revocationInfoArchival attribute.
    pub archived: ArchivedRevocation<'a>,
}

/// Runs the core checks of `si` over `content`. `label` names the structure in evidence
/// ("signer 1", "timestamp token").
pub fn verify_signer<'a>(
    sd: &SignedData<'a>,
    si: &SignerInfo<'a>,
    content: Content<'_>,
    ctx: &CmsContext<'a>,
    label: &str,
) -> SignerResult<'a> {
    let mut findings = Vec::new();
    let mut checks = Vec::with_capacity(4);
    let digest_kind = DigestAlgorithm::from_oid(si.digest_algorithm.oid);
    let digest_algorithm = si.digest_algorithm.name();
    let no_attrs = Vec::new();
    let attrs = si
        .signed_attrs
        .as_ref()
        .map(|a| &a.attributes)
        .unwrap_or(&no_attrs);

    // signer_identification
    let candidates: Vec<&'a [u8]> = sd
        .certificates
        .iter()
        .copied()
        .chain(ctx.intermediates.iter().copied())
        .collect();
    let cert = find_signer_cert_cached(&si.sid, &candidates, ctx.trust.cache().map(|c| &**c));
    checks.push(identification_check(&si.sid, cert.as_ref(), attrs, label));

    // message_digest
    checks.push(message_digest_check(si, digest_kind, content, ctx, label));

    // signature_value
    let (signature_check, signature_algorithm) = signature_check(si, cert.as_ref(), content, ctx);
    checks.push(signature_check);

    // signed_attributes
    let mut signing_time = None;
    let mut archived = ArchivedRevocation::default();
    let attr_check = match &si.signed_attrs {
        None => {
            findings.push(Finding::new(
                "CMS_NO_SIGNED_ATTRIBUTES",
                Severity::Warning,
                Text::new(
                    format!("{label} has no signed attributes: the signature covers the content directly, without signing time or certificate binding"),
                    format!("{label}没有签名属性：签名直接覆盖内容，不含签名时间和证书绑定"),
                ),
            ));
            Check::passed(
                CheckId::SignedAttributes,
                Text::new("No signed attributes to check", "没有需要检查的签名属性"),
            )
        }
        Some(_) => signed_attributes_check(
            sd,
            attrs,
            ctx,
            &mut signing_time,
            &mut archived,
            &mut findings,
        ),
    };
    checks.push(attr_check.evidence(format!("{label}, {} signed attributes", attrs.len())));

    SignerResult {
        checks,
        findings,
        cert,
        signing_time,
        digest_algorithm,
        signature_algorithm,
        archived,
    }
}

fn describe_sid(sid: &SignerId<'_>) -> String {
    match sid {
        SignerId::IssuerSerial { serial, .. } => {
            format!("issuerAndSerialNumber, serial {}", hex(serial))
        }
        SignerId::SubjectKeyId(ski) => format!("subjectKeyIdentifier {}", hex(ski)),
    }
}

/// ESS signingCertificate(V2) mismatches are INDETERMINATE NO_SIGNING_CERTIFICATE_FOUND, as in
/// ETSI EN 319 102-1 §5.2.3 ("identification of the signing certificate"): the signature may be
/// mathematically sound, but the certificate it claims to bind is not the one found.
fn identification_check(
    sid: &SignerId<'_>,
    cert: Option<&FoundCert<'_>>,
    attrs: &[super::signed_data::Attribute<'_>],
    label: &str,
) -> Check {
    let Some(cert) = cert else {
        return Check::indeterminate(
            CheckId::SignerIdentification,
            SubIndication::NoSigningCertificateFound,
            Text::new(
                "The signer's certificate is not in the signature nor among the supplied certificates",
                "签名中和所提供的证书中均找不到签名者证书",
            ),
        )
        .evidence(format!("{label}, sid {}", describe_sid(sid)));
    };
    let evidence = format!(
        "{label}, {}, serial {}",
        cert.summary.subject, cert.summary.serial
    );
    let mut ess_note = "no ESS signingCertificate attribute";
    for (dotted, version) in [
        (oid::SIGNING_CERTIFICATE_V2, 2u8),
        (oid::SIGNING_CERTIFICATE, 1u8),
    ] {
        let value = match single_value(attrs, dotted, "signingCertificate") {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(why) => {
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
        };
        let ess = match parse_ess(&value, version) {
            Ok(ess) => ess,
            Err(e) => {
                return Check::failed(
                    CheckId::SignerIdentification,
                    SubIndication::FormatFailure,
                    Text::new(
                        format!("Malformed signing-certificate attribute: {e}"),
                        format!("签名证书属性格式错误：{e}"),
                    ),
                )
                .evidence(evidence);
            }
        };
        match check_ess(&ess, cert) {
            Ok(()) => {
                ess_note = if version == 2 {
                    "bound by ESS signingCertificateV2"
                } else {
                    "bound by ESS signingCertificate (v1)"
                };
            }
            Err(EssMismatch::UnsupportedHash(name)) => {
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
            Err(EssMismatch::Hash) => {
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
            Err(EssMismatch::IssuerSerial) => {
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
        }
        break;
    }
    Check::passed(
        CheckId::SignerIdentification,
        Text::new(
            format!("Signer certificate found ({ess_note})"),
            format!(
                "已找到签名者证书（{}）",
                match ess_note {
                    "bound by ESS signingCertificateV2" => "由ESS签名证书V2属性绑定",
                    "bound by ESS signingCertificate (v1)" => "由ESS签名证书V1属性绑定",
                    _ => "无ESS签名证书属性",
                }
            ),
        ),
    )
    .evidence(evidence)
}

fn message_digest_check(
    si: &SignerInfo<'_>,
    kind: Option<DigestAlgorithm>,
    content: Content<'_>,
    ctx: &CmsContext<'_>,
    label: &str,
) -> Check {
    let name = si.digest_algorithm.name();
    let sha1_forbidden =
        |kind: DigestAlgorithm| crate::evaluate::crypto::digest_refused(kind, ctx.policy);
    let Some(attrs) = &si.signed_attrs else {
        if let Some(kind) = kind.filter(|k| sha1_forbidden(*k)) {
            return constraints_failure(kind, label, false);
        }
        return Check::skipped(
            CheckId::MessageDigest,
            Text::new(
                "No messageDigest attribute: the signature value itself covers the content",
                "无消息摘要属性：内容由签名值直接保护",
            ),
        )
        .evidence(format!("{label}, digest algorithm {name}"));
    };
    let value = match single_value(&attrs.attributes, oid::MESSAGE_DIGEST, "messageDigest") {
        Ok(Some(v)) if v.is_universal(TAG_OCTET_STRING) && !v.constructed => v.content,
        Ok(None) => {
            return Check::failed(
                CheckId::MessageDigest,
                SubIndication::FormatFailure,
                Text::new(
                    "The signed attributes have no messageDigest",
                    "签名属性中缺少消息摘要",
                ),
            )
            .evidence(label.to_string());
        }
        Ok(Some(_)) => {
            return Check::failed(
                CheckId::MessageDigest,
                SubIndication::FormatFailure,
                Text::new(
                    "The messageDigest attribute is not an OCTET STRING",
                    "消息摘要属性不是OCTET STRING",
                ),
            )
            .evidence(label.to_string());
        }
        Err(why) => {
            return Check::failed(
                CheckId::MessageDigest,
                SubIndication::FormatFailure,
                Text::new(
                    format!("Malformed messageDigest: {why}"),
                    format!("消息摘要属性格式错误：{why}"),
                ),
            )
            .evidence(label.to_string());
        }
    };
    let Some(kind) = kind else {
        return Check::indeterminate(
            CheckId::MessageDigest,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                format!("Digest algorithm {name} is not supported"),
                format!("不支持摘要算法{name}"),
            ),
        )
        .evidence(label.to_string());
    };
    let computed = content.digest(kind, ctx.file_prefix);
    if computed != value {
        return Check::failed(
            CheckId::MessageDigest,
            SubIndication::HashFailure,
            Text::new(
                "The signed content was changed: its digest does not match the signed messageDigest",
                "签名内容已被修改：摘要与签名中的消息摘要不一致",
            ),
        )
        .evidence(format!(
            "{label}, {name} over {} bytes: computed {}, signed {}",
            content.len(),
            hex(&computed),
            hex(value)
        ));
    }
    if sha1_forbidden(kind) {
        return constraints_failure(kind, label, true);
    }
    Check::passed(
        CheckId::MessageDigest,
        Text::new(
            "The content digest matches the signed messageDigest",
            "内容摘要与签名中的消息摘要一致",
        ),
    )
    .evidence(format!("{label}, {name} over {} bytes", content.len()))
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

fn signature_check(
    si: &SignerInfo<'_>,
    cert: Option<&FoundCert<'_>>,
    content: Content<'_>,
    ctx: &CmsContext<'_>,
) -> (Check, String) {
    let fallback_name = si.signature_algorithm.name();
    let Some(cert) = cert else {
        return (
            Check::skipped(
                CheckId::SignatureValue,
                Text::new(
                    "The signature value cannot be checked without the signer's certificate",
                    "缺少签名者证书，无法验证签名值",
                ),
            ),
            fallback_name,
        );
    };
    let message = match &si.signed_attrs {
        Some(attrs) => attrs.as_signed_set(),
        None => {
            if content.len() > ctx.policy.limits.max_file_size {
                return (
                    Check::indeterminate(
                        CheckId::SignatureValue,
                        SubIndication::FormatFailure,
                        Text::new(
                            "The signed content is larger than the file size limit (LIMIT_FILE_SIZE)",
                            "签名内容超过文件大小限制",
                        ),
                    )
                    .evidence(format!("{} bytes", content.len())),
                    fallback_name,
                );
            }
            content.to_contiguous()
        }
    };
    let result = pki::verify_signature(
        cert.spki,
        si.signature_algorithm.raw,
        Some(si.digest_algorithm.raw),
        &message,
        &si.signature,
        ctx.policy,
    );
    let evidence = format!("{fallback_name}, signature {} bytes", si.signature.len());
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
                format!("The signature algorithm or key is not allowed by the policy: {why}"),
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
    let name = result.unwrap_or(fallback_name);
    (check.evidence(evidence), name)
}

fn signed_attributes_check<'a>(
    sd: &SignedData<'a>,
    attrs: &[super::signed_data::Attribute<'a>],
    ctx: &CmsContext<'_>,
    signing_time: &mut Option<OffsetDateTime>,
    archived: &mut ArchivedRevocation<'a>,
    findings: &mut Vec<Finding>,
) -> Check {
    let format_failure = |en: String, zh: String| {
        Check::failed(
            CheckId::SignedAttributes,
            SubIndication::FormatFailure,
            Text::new(en, zh),
        )
    };
    match single_value(attrs, oid::CONTENT_TYPE, "contentType") {
        Ok(Some(value)) => match value.oid() {
            Ok(ct) if ct == sd.econtent_type => {}
            // GB/T 35275 signers label plain data with the GM data OID in one place and id-data
            // in the other; both mean "the detached bytes", so they are the same type here.
            Ok(ct) if is_plain_data(ct) && is_plain_data(sd.econtent_type) => {}
            Ok(ct) => {
                return format_failure(
                    format!(
                        "The signed contentType {} differs from the encapsulated content type {}",
                        oid::name(ct),
                        oid::name(sd.econtent_type)
                    ),
                    "签名属性中的内容类型与封装内容类型不一致".into(),
                )
            }
            Err(e) => {
                return format_failure(
                    format!("Malformed contentType attribute: {e}"),
                    format!("内容类型属性格式错误：{e}"),
                )
            }
        },
        Ok(None) => {
            return format_failure(
                "The signed attributes have no contentType".into(),
                "签名属性中缺少内容类型".into(),
            )
        }
        Err(why) => {
            return format_failure(
                format!("Malformed contentType: {why}"),
                format!("内容类型属性格式错误：{why}"),
            )
        }
    }
    match single_value(attrs, oid::SIGNING_TIME, "signingTime") {
        Ok(Some(value)) => match attributes::parse_time(&value) {
            Some(t) => *signing_time = Some(t),
            None => {
                return format_failure(
                    "The signingTime attribute is not a valid time".into(),
                    "签名时间属性不是有效时间".into(),
                )
            }
        },
        Ok(None) => {}
        Err(why) => {
            return format_failure(
                format!("Malformed signingTime: {why}"),
                format!("签名时间属性格式错误：{why}"),
            )
        }
    }
    match single_value(attrs, oid::ADOBE_REVOCATION_INFO, "revocationInfoArchival") {
        Ok(Some(value)) => {
            match parse_revocation_archival(&value, ctx.policy.limits.max_cms_certificates) {
                Ok(found) => *archived = found,
                Err(e) => findings.push(Finding::new(
                    "CMS_BAD_REVOCATION_ARCHIVAL",
                    Severity::Warning,
                    Text::new(
                        format!("The embedded revocation information (Adobe revocationInfoArchival) is malformed and was ignored: {e}"),
                        format!("内嵌的吊销信息（Adobe revocationInfoArchival）格式错误，已忽略：{e}"),
                    ),
                )),
            }
        }
        Ok(None) => {}
        Err(why) => findings.push(Finding::new(
            "CMS_BAD_REVOCATION_ARCHIVAL",
            Severity::Warning,
            Text::new(
                format!("The embedded revocation information was ignored: {why}"),
                format!("内嵌的吊销信息已忽略：{why}"),
            ),
        )),
    }
    let when = signing_time
        .map(|t| format!(", signingTime {}", super::rfc3339(t)))
        .unwrap_or_default();
    Check::with(
        CheckId::SignedAttributes,
        CheckStatus::Passed,
        None,
        Text::new(
            format!(
                "The signed attributes are well formed (contentType {}{when})",
                oid::name(sd.econtent_type)
            ),
            "签名属性格式正确",
        ),
    )
}

/// id-data or its GB/T 35275 twin.
fn is_plain_data(content_type: &[u8]) -> bool {
    oid::is(content_type, oid::DATA) || oid::is(content_type, oid::GM_DATA)
}
