//! RFC 3161 timestamp tokens: as the signature timestamp of a CMS signer (unsigned attribute
//! id-aa-signatureTimeStampToken) and as a PDF document timestamp (SubFilter ETSI.RFC3161).

use time::OffsetDateTime;

use super::oid;
use super::signed_data::{parse_content_info, CmsParseError, ParsedCms, SignedData, SignerInfo};
use super::signer::{examine_signer, Content};
use super::tst_info::{parse_tst_info, TstInfo};
use super::{chain_outcome, parse_failure, CmsContext, CmsOutcome};
use crate::asn1::oid::to_dotted as oid_to_string;
use crate::evaluate::evaluate;
use crate::facts::cms::{CmsFacts, CmsFormatFact, ComparedDigest, SignedDataSummary};
use crate::facts::crypto::DigestFact;
use crate::facts::timestamp::{ImprintFact, TimestampFacts, TstInfoFact};
use crate::pki::digest::DigestAlgorithm;
use crate::pki::Purpose;
use crate::report::CertSummary;
use crate::verdict::{conclude, Check, Finding, Indication, Severity, Text};

/// A verified (or not) timestamp token.
#[derive(Debug, Clone, Default)]
pub struct TokenOutcome {
    /// The token's own checks: cms_format, signer_identification, message_digest,
    /// signature_value, signed_attributes, message_imprint, then the TSA chain checks.
    /// `outcome.facts.document_timestamp` holds the token's facts.
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
/// is the digest of `imprinted`: its facts, judged by the policy.
pub fn verify_token<'a>(
    token: &'a [u8],
    imprinted: Content<'_>,
    ctx: &CmsContext<'a>,
) -> TokenOutcome {
    let examined = examine_token(token, imprinted, ctx);
    let facts = examined.facts;
    let judged = evaluate(&facts, ctx.policy);
    TokenOutcome {
        gen_time: facts.gen_time(),
        imprint_mismatch: facts.imprint_mismatch(),
        outcome: CmsOutcome {
            checks: judged.checks,
            findings: examined.findings,
            signer: examined.tsa,
            signing_time: facts.gen_time(),
            timestamp_time: judged.proof_of_existence,
            digest_algorithm: facts.signer.as_ref().map(|s| s.digest_algorithm.clone()),
            signature_algorithm: judged.signature_algorithm,
            facts: CmsFacts {
                document_timestamp: Some(facts),
                ..CmsFacts::default()
            },
        },
    }
}

/// What examining a token established, with its findings and the TSA certificate.
pub(crate) struct ExaminedToken {
    /// The token's facts, policy-free (except the TSA chain, judged by `pki`).
    pub facts: TimestampFacts,
    /// Problems found, with severity and code.
    pub findings: Vec<Finding>,
    /// The TSA certificate, when it was found.
    pub tsa: Option<CertSummary>,
}

/// Examines `token` against `imprinted`: structure, then the TSA's signer, the imprint, the
/// time, and the TSA chain. A structural failure ends it, since nothing after it could be
/// read with confidence.
pub(crate) fn examine_token<'a>(
    token: &'a [u8],
    imprinted: Content<'_>,
    ctx: &CmsContext<'a>,
) -> ExaminedToken {
    let mut findings = Vec::new();
    let facts = match parse_token(token, ctx, &mut findings) {
        Ok(parsed) => {
            let sd = &parsed.signed_data;
            let summary = SignedDataSummary {
                version: sd.version,
                certificates: sd.certificates.len(),
                crls: sd.crls.len(),
                signer_infos: sd.signer_infos.len(),
                bytes: token.len() - parsed.trailing.len(),
            };
            return examine_parsed_token(sd, summary, imprinted, ctx, findings);
        }
        Err(format) => TimestampFacts::unreadable(format),
    };
    ExaminedToken {
        facts,
        findings,
        tsa: None,
    }
}

fn examine_parsed_token<'a>(
    sd: &SignedData<'a>,
    summary: SignedDataSummary,
    imprinted: Content<'_>,
    ctx: &CmsContext<'a>,
    mut findings: Vec<Finding>,
) -> ExaminedToken {
    let unreadable = |format, findings| ExaminedToken {
        facts: TimestampFacts::unreadable(format),
        findings,
        tsa: None,
    };
    let (econtent, si) = match tst_content_and_signer(sd) {
        Ok(found) => found,
        Err(format) => return unreadable(format, findings),
    };
    let tst = match read_tst_info(econtent, ctx, &mut findings) {
        Ok(tst) => tst,
        Err(format) => return unreadable(format, findings),
    };

    let core = examine_signer(sd, si, Content::Bytes(econtent), ctx, "timestamp token");
    findings.extend(core.findings);
    if lacks_signing_certificate_attribute(si) {
        findings.push(Finding::new(
            "TIMESTAMP_NO_ESS_CERT",
            Severity::Warning,
            Text::new(
                "The timestamp token does not bind the TSA certificate with a signingCertificate attribute (RFC 3161 requires one)",
                "时间戳令牌缺少签名证书属性（RFC 3161要求）",
            ),
        ));
    }
    let imprint = imprint_fact(&tst, imprinted, ctx);
    let gen_time_after_validation =
        (tst.gen_time > ctx.validation_time).then_some(ctx.validation_time);

    // TSA chain, at the validation time.
    let tsa_chain = core.cert.as_ref().map(|cert| {
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
        findings.extend(chain.findings.iter().cloned());
        chain
    });
    ExaminedToken {
        facts: TimestampFacts {
            format: CmsFormatFact::Read(summary),
            tst_info: Some(TstInfoFact {
                version: tst.version,
                policy: tst.policy,
                serial: tst.serial,
                gen_time: tst.gen_time,
                imprint_algorithm: oid::name(&tst.imprint_algorithm),
            }),
            signer: Some(core.facts),
            imprint: Some(imprint),
            gen_time_after_validation,
            tsa_chain,
        },
        findings,
        tsa: core.cert.map(|c| c.summary),
    }
}

/// Parses the token's ContentInfo, warning about bytes after it (harmless for the signature,
/// but not what a TSA sends); a parse failure is the token's format fact.
fn parse_token<'a>(
    token: &'a [u8],
    ctx: &CmsContext<'a>,
    findings: &mut Vec<Finding>,
) -> Result<ParsedCms<'a>, CmsFormatFact> {
    let parsed = match parse_content_info(token, &ctx.policy.limits) {
        Ok(p) => p,
        Err(e) => return Err(record_parse_failure(findings, &e)),
    };
    if parsed.nonzero_trailing_at.is_some() {
        findings.push(Finding::new(
            "TIMESTAMP_TRAILING_BYTES",
            Severity::Warning,
            Text::new(
                "Bytes follow the timestamp token",
                "时间戳令牌之后有多余字节",
            ),
        ));
    }
    Ok(parsed)
}

/// A token that does not parse: its format fact, with the parser's findings.
fn record_parse_failure(findings: &mut Vec<Finding>, error: &CmsParseError) -> CmsFormatFact {
    let (format, limit_findings) = parse_failure("timestamp token: ", error);
    findings.extend(limit_findings);
    format
}

/// What makes SignedData a timestamp token: a TSTInfo content that is present, and exactly
/// one signer (the TSA). Anything else is a format failure.
fn tst_content_and_signer<'s, 'a>(
    sd: &'s SignedData<'a>,
) -> Result<(&'s [u8], &'s SignerInfo<'a>), CmsFormatFact> {
    let problem = if !oid::is(sd.econtent_type, oid::TST_INFO) {
        format!(
            "the token content type is {}, not id-ct-TSTInfo",
            oid::name(sd.econtent_type)
        )
    } else if let (Some(econtent), [si]) = (&sd.econtent, sd.signer_infos.as_slice()) {
        return Ok((econtent, si));
    } else if sd.econtent.is_none() {
        "the token has no encapsulated TSTInfo".to_string()
    } else {
        format!(
            "the token has {} signers instead of one",
            sd.signer_infos.len()
        )
    };
    Err(CmsFormatFact::Malformed(format!(
        "timestamp token: {problem}"
    )))
}

/// Parses the TSTInfo and accepts only version 1 (RFC 3161); why not otherwise.
fn read_tst_info(
    econtent: &[u8],
    ctx: &CmsContext<'_>,
    findings: &mut Vec<Finding>,
) -> Result<TstInfo, CmsFormatFact> {
    let tst = match parse_tst_info(econtent, &ctx.policy.limits) {
        Ok(t) => t,
        Err(e) => return Err(record_parse_failure(findings, &e)),
    };
    if tst.version != 1 {
        return Err(CmsFormatFact::Malformed(format!(
            "timestamp token: TSTInfo version {} instead of 1",
            tst.version
        )));
    }
    Ok(tst)
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

/// The token's imprint against the digest of `imprinted`.
fn imprint_fact(tst: &TstInfo, imprinted: Content<'_>, ctx: &CmsContext<'_>) -> ImprintFact {
    let imprint_name = oid::name(&tst.imprint_algorithm);
    let Some(kind) = DigestAlgorithm::from_oid(&tst.imprint_algorithm) else {
        return ImprintFact::UnsupportedAlgorithm(imprint_name);
    };
    let computed = imprinted.digest(kind, ctx.file_prefix);
    ImprintFact::Compared {
        digest: ComparedDigest {
            digest: DigestFact {
                algorithm: kind,
                matches: computed == tst.imprint,
            },
            computed,
            recorded: tst.imprint.clone(),
        },
        algorithm: imprint_name,
    }
}

/// The facts of a signer's timestamp tokens over its signature value, with their findings.
pub(crate) fn examine_signature_timestamps<'a>(
    tokens: &[&'a [u8]],
    signature_value: &[u8],
    ctx: &CmsContext<'a>,
) -> (Vec<TimestampFacts>, Vec<Finding>) {
    let mut findings = Vec::new();
    let facts = tokens
        .iter()
        .map(|token| {
            let examined = examine_token(token, Content::Bytes(signature_value), ctx);
            findings.extend(examined.findings);
            examined.facts
        })
        .collect();
    (facts, findings)
}

/// The `signature_timestamp` check for a signer, from its unsigned attributes. Returns the
/// check, findings, and the proof-of-existence time of the earliest valid token.
pub fn signature_timestamp_check<'a>(
    tokens: &[&'a [u8]],
    signature_value: &[u8],
    ctx: &CmsContext<'a>,
) -> (Check, Vec<Finding>, Option<OffsetDateTime>) {
    let (facts, findings) = examine_signature_timestamps(tokens, signature_value, ctx);
    let judged = evaluate(facts.as_slice(), ctx.policy);
    (judged.check, findings, judged.proof_of_existence)
}

/// OID helper for the unsigned attribute holding timestamp tokens.
pub fn is_timestamp_attribute(oid_content: &[u8]) -> bool {
    oid_to_string(oid_content).is_some_and(|s| s == oid::SIGNATURE_TIMESTAMP_TOKEN)
}
