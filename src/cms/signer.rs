//! Examination of one SignerInfo: which certificate signed, does the content digest match,
//! does the signature value verify, are the signed attributes sound — as facts
//! ([`crate::facts::cms::SignerFacts`]), which [`crate::evaluate::cms`] judges.
//!
//! Shared by PDF signatures, signature timestamp tokens and document timestamps: they differ in
//! what the content is and in what happens around this core.

use super::attributes::{
    self, parse_ess, parse_revocation_archival, single_value, ArchivedRevocation,
};
use super::oid;
use super::signed_data::{SignedData, SignerId, SignerInfo};
use super::signer_cert::{check_ess, find_signer_cert_cached, EssMismatch, FoundCert};
use super::CmsContext;
use crate::asn1::ber::TAG_OCTET_STRING;
use crate::facts::cms::{
    CertificateSource, ComparedDigest, EssFact, IdentificationFact, MessageDigestFact,
    SignatureValueCheckFact, SignedAttributeProblem, SignedAttributesFact, SignerFacts,
    SignerIdFact,
};
use crate::facts::crypto::DigestFact;
use crate::pki;
use crate::pki::digest::{digest_parts, DigestAlgorithm, FilePrefixDigest};
use crate::verdict::{Finding, Severity, Text};

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

/// What examining one SignerInfo established, with what its callers need beside the facts.
#[derive(Debug, Clone)]
pub struct SignerResult<'a> {
    /// Identification, message digest, signature value and signed attributes, policy-free.
    pub facts: SignerFacts,
    /// Problems found, with severity and code.
    pub findings: Vec<Finding>,
    /// The signer certificate, when one matched the signer identifier.
    pub cert: Option<FoundCert<'a>>,
    /// CRLs and OCSP responses from Adobe's revocationInfoArchival attribute.
    pub archived: ArchivedRevocation<'a>,
}

/// Examines `si` over `content`: the facts its checks are judged from. `label` names the
/// structure in evidence ("signer 1", "timestamp token").
pub fn examine_signer<'a>(
    sd: &SignedData<'a>,
    si: &SignerInfo<'a>,
    content: Content<'_>,
    ctx: &CmsContext<'a>,
    label: &str,
) -> SignerResult<'a> {
    let mut findings = Vec::new();
    let digest_kind = DigestAlgorithm::from_oid(si.digest_algorithm.oid);
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
    let identification = identification_fact(sd, &si.sid, cert.as_ref(), attrs);

    // message_digest
    let message_digest = message_digest_fact(si, digest_kind, content, ctx);

    // signature_value
    let signature_value = signature_value_fact(si, cert.as_ref(), content, ctx);

    // signed_attributes
    let mut archived = ArchivedRevocation::default();
    let mut signed_attributes = SignedAttributesFact {
        present: si.signed_attrs.is_some(),
        count: attrs.len(),
        content_type: oid::name(sd.econtent_type),
        signing_time: None,
        problem: None,
    };
    match &si.signed_attrs {
        None => {
            findings.push(Finding::new(
                "CMS_NO_SIGNED_ATTRIBUTES",
                Severity::Warning,
                Text::new(
                    format!("{label} has no signed attributes: the signature covers the content directly, without signing time or certificate binding"),
                    format!("{label}没有签名属性：签名直接覆盖内容，不含签名时间和证书绑定"),
                ),
            ));
        }
        Some(_) => examine_signed_attributes(
            sd,
            attrs,
            ctx,
            &mut signed_attributes,
            &mut archived,
            &mut findings,
        ),
    }

    SignerResult {
        facts: SignerFacts {
            label: label.to_string(),
            digest_algorithm: si.digest_algorithm.name(),
            signature_algorithm: si.signature_algorithm.name(),
            identification,
            message_digest,
            signature_value,
            signed_attributes,
        },
        findings,
        cert,
        archived,
    }
}

fn signer_id_fact(sid: &SignerId<'_>) -> SignerIdFact {
    match sid {
        SignerId::IssuerSerial { serial, .. } => SignerIdFact::IssuerSerial(serial.to_vec()),
        SignerId::SubjectKeyId(ski) => SignerIdFact::SubjectKeyId(ski.to_vec()),
    }
}

/// Whether `cert` is one of the SignedData's certificates (the lookup returns a slice of the
/// candidate it matched, so comparing addresses is enough) or one the caller supplied.
fn certificate_source(sd: &SignedData<'_>, cert: &FoundCert<'_>) -> CertificateSource {
    if sd
        .certificates
        .iter()
        .any(|c| std::ptr::eq(c.as_ptr(), cert.der.as_ptr()) && c.len() == cert.der.len())
    {
        CertificateSource::SignedData
    } else {
        CertificateSource::Supplied
    }
}

/// Which certificate was found, and what the first ESS signingCertificate(V2) attribute (V2
/// first) says of it.
fn identification_fact(
    sd: &SignedData<'_>,
    sid: &SignerId<'_>,
    cert: Option<&FoundCert<'_>>,
    attrs: &[super::signed_data::Attribute<'_>],
) -> IdentificationFact {
    let Some(cert) = cert else {
        return IdentificationFact {
            signer_id: signer_id_fact(sid),
            certificate: None,
            found_in: None,
            ess: EssFact::Absent,
        };
    };
    let mut ess = EssFact::Absent;
    for (dotted, version) in [
        (oid::SIGNING_CERTIFICATE_V2, 2u8),
        (oid::SIGNING_CERTIFICATE, 1u8),
    ] {
        let value = match single_value(attrs, dotted, "signingCertificate") {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(why) => {
                ess = EssFact::Malformed(why);
                break;
            }
        };
        ess = match parse_ess(&value, version) {
            Err(e) => EssFact::Malformed(e.to_string()),
            Ok(parsed) => match check_ess(&parsed, cert) {
                Ok(()) => EssFact::Bound(version),
                Err(EssMismatch::UnsupportedHash(name)) => EssFact::UnsupportedHash(name),
                Err(EssMismatch::Hash) => EssFact::HashMismatch,
                Err(EssMismatch::IssuerSerial) => EssFact::IssuerSerialMismatch,
            },
        };
        break;
    }
    IdentificationFact {
        signer_id: signer_id_fact(sid),
        certificate: Some(cert.summary.clone()),
        found_in: Some(certificate_source(sd, cert)),
        ess,
    }
}

/// The messageDigest signed attribute against the digest of `content`.
fn message_digest_fact(
    si: &SignerInfo<'_>,
    kind: Option<DigestAlgorithm>,
    content: Content<'_>,
    ctx: &CmsContext<'_>,
) -> MessageDigestFact {
    let Some(attrs) = &si.signed_attrs else {
        return MessageDigestFact::NoSignedAttributes(kind);
    };
    let value = match single_value(&attrs.attributes, oid::MESSAGE_DIGEST, "messageDigest") {
        Ok(Some(v)) if v.is_universal(TAG_OCTET_STRING) && !v.constructed => v.content,
        Ok(None) => return MessageDigestFact::Missing,
        Ok(Some(_)) => return MessageDigestFact::NotOctetString,
        Err(why) => return MessageDigestFact::Malformed(why),
    };
    let Some(kind) = kind else {
        return MessageDigestFact::UnsupportedAlgorithm;
    };
    let computed = content.digest(kind, ctx.file_prefix);
    MessageDigestFact::Compared {
        digest: ComparedDigest {
            digest: DigestFact {
                algorithm: kind,
                matches: computed == value,
            },
            computed,
            recorded: value.to_vec(),
        },
        attribute: oid::MESSAGE_DIGEST,
        content_bytes: content.len(),
    }
}

/// The signature value under the signer's key, whatever the policy says of its algorithm.
fn signature_value_fact(
    si: &SignerInfo<'_>,
    cert: Option<&FoundCert<'_>>,
    content: Content<'_>,
    ctx: &CmsContext<'_>,
) -> SignatureValueCheckFact {
    let Some(cert) = cert else {
        return SignatureValueCheckFact::NoCertificate;
    };
    let message = match &si.signed_attrs {
        Some(attrs) => attrs.as_signed_set(),
        None => {
            if content.len() > ctx.policy.limits.max_file_size {
                return SignatureValueCheckFact::ContentTooLarge(content.len());
            }
            content.to_contiguous()
        }
    };
    SignatureValueCheckFact::Examined {
        value: pki::examine_signature(
            cert.spki,
            si.signature_algorithm.raw,
            Some(si.digest_algorithm.raw),
            &message,
            &si.signature,
        ),
        signature_bytes: si.signature.len(),
    }
}

/// Reads the required signed attributes into `fact` (the first problem stops the reading, as
/// nothing after it can be trusted), and Adobe's revocationInfoArchival into `archived`.
fn examine_signed_attributes<'a>(
    sd: &SignedData<'a>,
    attrs: &[super::signed_data::Attribute<'a>],
    ctx: &CmsContext<'_>,
    fact: &mut SignedAttributesFact,
    archived: &mut ArchivedRevocation<'a>,
    findings: &mut Vec<Finding>,
) {
    let problem = match single_value(attrs, oid::CONTENT_TYPE, "contentType") {
        Ok(Some(value)) => match value.oid() {
            Ok(ct) if ct == sd.econtent_type => None,
            // GB/T 35275 signers label plain data with the GM data OID in one place and id-data
            // in the other; both mean "the detached bytes", so they are the same type here.
            Ok(ct) if is_plain_data(ct) && is_plain_data(sd.econtent_type) => None,
            Ok(ct) => Some(SignedAttributeProblem::ContentTypeDiffers {
                signed: oid::name(ct),
                encapsulated: oid::name(sd.econtent_type),
            }),
            Err(e) => Some(SignedAttributeProblem::ContentTypeUnreadable(e.to_string())),
        },
        Ok(None) => Some(SignedAttributeProblem::ContentTypeMissing),
        Err(why) => Some(SignedAttributeProblem::ContentTypeMalformed(why)),
    };
    if problem.is_some() {
        fact.problem = problem;
        return;
    }
    match single_value(attrs, oid::SIGNING_TIME, "signingTime") {
        Ok(Some(value)) => match attributes::parse_time(&value) {
            Some(t) => fact.signing_time = Some(t),
            None => {
                fact.problem = Some(SignedAttributeProblem::SigningTimeInvalid);
                return;
            }
        },
        Ok(None) => {}
        Err(why) => {
            fact.problem = Some(SignedAttributeProblem::SigningTimeMalformed(why));
            return;
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
}

/// id-data or its GB/T 35275 twin.
fn is_plain_data(content_type: &[u8]) -> bool {
    oid::is(content_type, oid::DATA) || oid::is(content_type, oid::GM_DATA)
}
