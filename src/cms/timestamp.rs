//! RFC 3161 timestamp tokens: as the signature timestamp of a CMS signer (unsigned attribute
//! id-aa-signatureTimeStampToken) and as a PDF document timestamp (SubFilter ETSI.RFC3161).

use time::OffsetDateTime;

use super::oid;
use super::signed_data::{parse_content_info, CmsParseError, ParsedCms, SignedData, SignerInfo};
use super::signer::{verify_signer, Content};
use super::tst_info::{hex, parse_tst_info, TstInfo};
use super::{chain_outcome, format_failure, parse_failure, rfc3339, CmsContext, CmsOutcome};
use crate::asn1::oid::to_dotted as oid_to_string;
use crate::pki::digest::DigestAlgorithm;
use crate::pki::Purpose;
use crate::verdict::{
    conclude, Check, CheckId, CheckStatus, Finding, Indication, Severity, SubIndication, Text,
};

/// A verified (or not) timestamp token.
#[derive(Debug, Clone, Default)]
pub struct TokenOutcome {
    /// The token's own checks: cms_format, signer_identification, message_digest,
    /// signature_value, signed_attributes, message_imprint, then the TSA chain checks.
    pub outcome: CmsOutcome,
    /// genTime, when the TSTInfo could be read (valid or not).
    pub gen_time: Option<OffsetDateTime>,
    /// The messageImprint did not match the timestamped data.
    pub imprint_mismatch: bool,
}

impl TokenOutcome {
    /// Whether the token's checks conclude TOTAL-PASSED (a usable proof of existence).
    pub fn is_valid(&self) -> bool {
        conclude(&self.outcome.checks).0 == Indication::TotalPassed
    }
}

/// Verifies `token` (a ContentInfo with SignedData over a TSTInfo) and that its messageImprint
/// is the digest of `imprinted`.
pub fn verify_token<'a>(
    token: &'a [u8],
    imprinted: Content<'_>,
    ctx: &CmsContext<'a>,
) -> TokenOutcome {
    let mut result = TokenOutcome::default();
    if let Some(parsed) = parse_token(token, ctx, &mut result.outcome) {
        verify_parsed_token(&parsed.signed_data, imprinted, ctx, &mut result);
    }
    result
}

/// The token's checks once its SignedData parsed: structure, then the TSA's signature, the
/// imprint, the time, and the TSA chain. A structural failure ends it, since nothing after
/// it could be read with confidence.
fn verify_parsed_token<'a>(
    sd: &SignedData<'a>,
    imprinted: Content<'_>,
    ctx: &CmsContext<'a>,
    result: &mut TokenOutcome,
) {
    let Some((econtent, si)) = tst_content_and_signer(sd, &mut result.outcome) else {
        return;
    };
    let Some(tst) = read_tst_info(econtent, ctx, &mut result.outcome) else {
        return;
    };
    result.gen_time = Some(tst.gen_time);
    result.outcome.checks.push(well_formed_check(&tst));

    let core = verify_signer(sd, si, Content::Bytes(econtent), ctx, "timestamp token");
    result.outcome.checks.extend(core.checks);
    result.outcome.findings.extend(core.findings);
    if lacks_signing_certificate_attribute(si) {
        result.outcome.findings.push(Finding::new(
            "TIMESTAMP_NO_ESS_CERT",
            Severity::Warning,
            Text::new(
                "The timestamp token does not bind the TSA certificate with a signingCertificate attribute (RFC 3161 requires one)",
                "时间戳令牌缺少签名证书属性（RFC 3161要求）",
            ),
        ));
    }
    let (imprint_check, imprint_mismatch) = message_imprint_check(&tst, imprinted, ctx);
    result.imprint_mismatch = imprint_mismatch;
    result.outcome.checks.push(imprint_check);
    if let Some(check) = gen_time_after_validation(&tst, ctx) {
        result.outcome.checks.push(check);
    }

    // TSA chain, at the validation time.
    if let Some(cert) = &core.cert {
        let chain = chain_outcome(
            cert.der,
            &sd.certificates,
            &sd.crls,
            &[],
            Purpose::Timestamping,
            Some(tst.gen_time),
            None,
            ctx,
        );
        result.outcome.checks.extend(chain.checks);
        result.outcome.findings.extend(chain.findings);
        result.outcome.signer = Some(cert.summary.clone());
    }
    result.outcome.signing_time = Some(tst.gen_time);
    result.outcome.digest_algorithm = Some(core.digest_algorithm);
    result.outcome.signature_algorithm = Some(core.signature_algorithm);
}

/// Parses the token's ContentInfo, recording a parse failure as the token's format check and
/// warning about bytes after it (harmless for the signature, but not what a TSA sends).
fn parse_token<'a>(
    token: &'a [u8],
    ctx: &CmsContext<'a>,
    outcome: &mut CmsOutcome,
) -> Option<ParsedCms<'a>> {
    let parsed = match parse_content_info(token, &ctx.policy.limits) {
        Ok(p) => p,
        Err(e) => {
            record_parse_failure(outcome, &e);
            return None;
        }
    };
    if parsed.nonzero_trailing_at.is_some() {
        outcome.findings.push(Finding::new(
            "TIMESTAMP_TRAILING_BYTES",
            Severity::Warning,
            Text::new(
                "Bytes follow the timestamp token",
                "时间戳令牌之后有多余字节",
            ),
        ));
    }
    Some(parsed)
}

/// A token that does not parse fails its format check, with the parser's findings.
fn record_parse_failure(outcome: &mut CmsOutcome, error: &CmsParseError) {
    let (check, findings) = parse_failure("timestamp token: ", error);
    outcome.checks.push(check);
    outcome.findings.extend(findings);
}

/// What makes SignedData a timestamp token: a TSTInfo content that is present, and exactly
/// one signer (the TSA). Anything else fails the format check.
fn tst_content_and_signer<'s, 'a>(
    sd: &'s SignedData<'a>,
    outcome: &mut CmsOutcome,
) -> Option<(&'s [u8], &'s SignerInfo<'a>)> {
    let problem = if !oid::is(sd.econtent_type, oid::TST_INFO) {
        format!(
            "the token content type is {}, not id-ct-TSTInfo",
            oid::name(sd.econtent_type)
        )
    } else if let (Some(econtent), [si]) = (&sd.econtent, sd.signer_infos.as_slice()) {
        return Some((econtent, si));
    } else if sd.econtent.is_none() {
        "the token has no encapsulated TSTInfo".to_string()
    } else {
        format!(
            "the token has {} signers instead of one",
            sd.signer_infos.len()
        )
    };
    outcome
        .checks
        .push(format_failure(format!("timestamp token: {problem}")));
    None
}

/// Parses the TSTInfo and accepts only version 1 (RFC 3161), recording why not otherwise.
fn read_tst_info(
    econtent: &[u8],
    ctx: &CmsContext<'_>,
    outcome: &mut CmsOutcome,
) -> Option<TstInfo> {
    let tst = match parse_tst_info(econtent, &ctx.policy.limits) {
        Ok(t) => t,
        Err(e) => {
            record_parse_failure(outcome, &e);
            return None;
        }
    };
    if tst.version != 1 {
        outcome.checks.push(format_failure(format!(
            "timestamp token: TSTInfo version {} instead of 1",
            tst.version
        )));
        return None;
    }
    Some(tst)
}

/// The passed format check, with the TSTInfo fields a reader wants as evidence.
fn well_formed_check(tst: &TstInfo) -> Check {
    Check::passed(
        CheckId::CmsFormat,
        Text::new("The timestamp token is well formed", "时间戳令牌格式正确"),
    )
    .evidence(format!(
        "TSTInfo v{}, policy {}, serial {}, genTime {}",
        tst.version,
        tst.policy,
        tst.serial,
        rfc3339(tst.gen_time)
    ))
}

/// RFC 3161 requires the TSA to bind its certificate with an ESS signingCertificate (v1 or
/// v2) signed attribute; its absence is a warning, not a failure.
fn lacks_signing_certificate_attribute(si: &SignerInfo<'_>) -> bool {
    si.signed_attrs.as_ref().is_some_and(|a| {
        !a.attributes.iter().any(|x| {
            oid::is(x.oid, oid::SIGNING_CERTIFICATE) || oid::is(x.oid, oid::SIGNING_CERTIFICATE_V2)
        })
    })
}

/// The message_imprint check: the token's imprint against the digest of `imprinted`. Also
/// returns whether the imprint differs, since the caller words that failure on its own.
fn message_imprint_check(
    tst: &TstInfo,
    imprinted: Content<'_>,
    ctx: &CmsContext<'_>,
) -> (Check, bool) {
    let imprint_name = oid::name(&tst.imprint_algorithm);
    let Some(kind) = DigestAlgorithm::from_oid(&tst.imprint_algorithm) else {
        let check = Check::indeterminate(
            CheckId::MessageImprint,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                format!("The timestamp imprint uses {imprint_name}, which is not supported"),
                format!("时间戳消息印记使用的摘要算法{imprint_name}不受支持"),
            ),
        );
        return (check, false);
    };
    let computed = imprinted.digest(kind, ctx.file_prefix);
    if computed != tst.imprint {
        let check = Check::failed(
            CheckId::MessageImprint,
            SubIndication::HashFailure,
            Text::new(
                "The timestamp does not cover this data: its message imprint differs",
                "时间戳未覆盖该数据：消息印记不一致",
            ),
        )
        .evidence(format!(
            "{imprint_name}: computed {}, in token {}",
            hex(&computed),
            hex(&tst.imprint)
        ));
        return (check, true);
    }
    let check = if crate::evaluate::crypto::digest_refused(kind, ctx.policy) {
        Check::indeterminate(
            CheckId::MessageImprint,
            SubIndication::CryptoConstraintsFailure,
            Text::new(
                "The timestamp imprint uses SHA-1, which the policy does not allow; the imprint matches the data (intact but weak)",
                "时间戳消息印记使用SHA-1，验证策略不允许；消息印记与数据一致（完整但算法强度不足）",
            ),
        )
    } else {
        Check::passed(
            CheckId::MessageImprint,
            Text::new(
                "The timestamp message imprint matches the data",
                "时间戳消息印记与数据一致",
            ),
        )
        .evidence(imprint_name)
    };
    (check, false)
}

/// A token dated after the validation time cannot prove existence at the validation time:
/// an indeterminate timestamp_time check, or nothing when the time is in order.
fn gen_time_after_validation(tst: &TstInfo, ctx: &CmsContext<'_>) -> Option<Check> {
    (tst.gen_time > ctx.validation_time).then(|| {
        Check::indeterminate(
            CheckId::TimestampTime,
            SubIndication::TimestampOrderFailure,
            Text::new(
                "The timestamp claims a time after the validation time",
                "时间戳时间晚于验证时间",
            ),
        )
        .evidence(format!(
            "genTime {}, validation time {}",
            rfc3339(tst.gen_time),
            rfc3339(ctx.validation_time)
        ))
    })
}

/// The `signature_timestamp` check for a signer, from its unsigned attributes. Returns the
/// check, findings, and the proof-of-existence time of the earliest valid token.
pub fn signature_timestamp_check<'a>(
    tokens: &[&'a [u8]],
    signature_value: &[u8],
    ctx: &CmsContext<'a>,
) -> (Check, Vec<Finding>, Option<OffsetDateTime>) {
    let mut findings = Vec::new();
    if tokens.is_empty() {
        return (
            Check::skipped(
                CheckId::SignatureTimestamp,
                Text::new("The signature has no timestamp", "签名没有时间戳"),
            ),
            findings,
            None,
        );
    }
    let mut poe: Option<OffsetDateTime> = None;
    let mut failure: Option<Check> = None;
    let mut tsa_names = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let verified = verify_token(token, Content::Bytes(signature_value), ctx);
        findings.extend(verified.outcome.findings.iter().cloned());
        if verified.is_valid() {
            if let Some(t) = verified.gen_time {
                poe = Some(poe.map_or(t, |p| p.min(t)));
            }
            if let Some(s) = &verified.outcome.signer {
                tsa_names.push(s.subject.clone());
            }
            continue;
        }
        if failure.is_some() {
            continue;
        }
        let (_, sub) = conclude(&verified.outcome.checks);
        let reason = verified
            .outcome
            .checks
            .iter()
            .find(|c| matches!(c.status, CheckStatus::Failed | CheckStatus::Indeterminate))
            .map(|c| {
                let detail = match &c.evidence {
                    Some(e) => format!("{}: {e}", c.id),
                    None => c.id.to_string(),
                };
                (c.message.clone(), c.message_zh.clone(), detail)
            })
            .unwrap_or_default();
        let evidence = format!("token {} of {}, {}", i + 1, tokens.len(), reason.2);
        failure = Some(if verified.imprint_mismatch {
            Check::failed(
                CheckId::SignatureTimestamp,
                SubIndication::HashFailure,
                Text::new(
                    "The signature timestamp does not cover this signature value",
                    "签名时间戳未覆盖该签名值",
                ),
            )
            .evidence(evidence)
        } else {
            Check::with(
                CheckId::SignatureTimestamp,
                CheckStatus::Indeterminate,
                sub,
                Text::new(
                    format!(
                        "The signature timestamp is not valid and proves nothing: {}",
                        reason.0
                    ),
                    format!("签名时间戳无效，不能证明签名时间：{}", reason.1),
                ),
            )
            .evidence(evidence)
        });
    }
    if let Some(failed) = failure {
        return (failed, findings, poe);
    }
    let check = Check::passed(
        CheckId::SignatureTimestamp,
        Text::new(
            "The signature timestamp is valid and proves the signature existed at its time",
            "签名时间戳有效，证明签名在该时间已存在",
        ),
    )
    .evidence(format!(
        "genTime {}, TSA {}",
        poe.map(rfc3339).unwrap_or_default(),
        tsa_names.join("; ")
    ));
    (check, findings, poe)
}

/// OID helper for the unsigned attribute holding timestamp tokens.
pub fn is_timestamp_attribute(oid_content: &[u8]) -> bool {
    oid_to_string(oid_content).is_some_and(|s| s == oid::SIGNATURE_TIMESTAMP_TOKEN)
}
