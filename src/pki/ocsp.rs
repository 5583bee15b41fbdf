//! OCSP responses (RFC 6960): the BasicOCSPResponse is read with the DER reader, its signature
//! checked against the certificate's issuer or a responder the issuer delegated with
//! id-kp-OCSPSigning, and its SingleResponses matched by CertID.

use time::OffsetDateTime;

use super::cert::{names_match, CertInfo};
use super::crl::magnitude;
use super::digest::{digest_parts, DigestAlgorithm};
use super::examine_signature;
use crate::asn1::der::{self, tag, DerError, Tlv};
use crate::asn1::time::TimeProfile;
use crate::facts::revocation::{OcspFact, ResponderFact, SourceStatus};
use crate::policy::Policy;

const OID_BASIC_RESPONSE: &str = "1.3.6.1.5.5.7.48.1.1";

/// A certificate's status as an OCSP response gives it (RFC 6960 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertStatus {
    /// Not revoked at the time of the response.
    Good,
    /// The certificate is revoked.
    Revoked {
        /// When the certificate was revoked (revocationTime).
        at: OffsetDateTime,
        /// CRLReason code, when given.
        reason: Option<u8>,
    },
    /// The responder does not know the certificate.
    Unknown,
}

#[derive(Debug, Clone)]
struct SingleResponse<'a> {
    hash_algorithm: &'a [u8],
    issuer_name_hash: &'a [u8],
    issuer_key_hash: &'a [u8],
    serial: &'a [u8],
    status: CertStatus,
    this_update: OffsetDateTime,
    next_update: Option<OffsetDateTime>,
}

/// A parsed BasicOCSPResponse.
#[derive(Debug, Clone)]
pub struct OcspResponse<'a> {
    tbs: &'a [u8],
    signature_algorithm: &'a [u8],
    signature: &'a [u8],
    certs: Vec<&'a [u8]>,
    /// producedAt: when the responder signed the response.
    pub produced_at: OffsetDateTime,
    responses: Vec<SingleResponse<'a>>,
}

/// What one response says about one certificate, once its signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    /// Status of the certificate asked about.
    pub status: CertStatus,
    /// thisUpdate: when the status was known to be correct.
    pub this_update: OffsetDateTime,
    /// nextUpdate: when newer status will be available, if stated.
    pub next_update: Option<OffsetDateTime>,
    /// "issuer" or the delegated responder's subject.
    pub signed_by: String,
}

/// Why a matching response could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcspProblem {
    /// No SingleResponse is about this certificate.
    NotAbout,
    /// About this certificate, but the signature is not from the issuer or a delegated responder.
    Unverified(String),
}

impl<'a> OcspResponse<'a> {
    /// Parses an OCSPResponse (or a bare BasicOCSPResponse). `Err` explains what was wrong,
    /// including a non-successful responseStatus.
    pub fn parse(der_bytes: &'a [u8], max_entries: usize) -> Result<Self, String> {
        parse_any(der_bytes, max_entries).map_err(|e| e.to_string())
    }

    /// The status of `cert` according to this response, if it is about `cert` and is signed by
    /// `issuer` or by a responder `issuer` certified for OCSP signing, as `policy` judges the
    /// signatures.
    pub fn answer_for(
        &self,
        cert: &CertInfo<'_>,
        issuer: &CertInfo<'_>,
        policy: &Policy,
    ) -> Result<OcspAnswer, OcspProblem> {
        let fact = self.fact_about(cert, issuer).ok_or(OcspProblem::NotAbout)?;
        let signed_by = crate::evaluate::revocation::ocsp_signer(&fact, policy)
            .map_err(OcspProblem::Unverified)?;
        let status = match fact.status {
            SourceStatus::Good => CertStatus::Good,
            SourceStatus::Revoked { at, reason } => CertStatus::Revoked { at, reason },
            SourceStatus::Unknown => CertStatus::Unknown,
        };
        Ok(OcspAnswer {
            status,
            this_update: fact.this_update,
            next_update: fact.next_update,
            signed_by,
        })
    }

    /// What this response says about `cert` and whose signatures it carries, if it is about
    /// `cert` (CertID under `issuer`). Every signature that could make `issuer` or a delegated
    /// responder its signer is examined, whatever its algorithm.
    pub fn fact_about(&self, cert: &CertInfo<'_>, issuer: &CertInfo<'_>) -> Option<OcspFact> {
        let single = self.responses.iter().find(|r| is_about(r, cert, issuer))?;
        let status = match single.status {
            CertStatus::Good => SourceStatus::Good,
            CertStatus::Revoked { at, reason } => SourceStatus::Revoked { at, reason },
            CertStatus::Unknown => SourceStatus::Unknown,
        };
        Some(OcspFact {
            produced_at: self.produced_at,
            by_issuer: examine_signature(
                issuer.parts.spki,
                self.signature_algorithm,
                None,
                self.tbs,
                self.signature,
            ),
            responders: self.responder_facts(issuer),
            status,
            this_update: single.this_update,
            next_update: single.next_update,
        })
    }

    /// The delegated-responder facts of every readable certificate the response carries.
    fn responder_facts(&self, issuer: &CertInfo<'_>) -> Vec<ResponderFact> {
        let mut facts = Vec::new();
        for der_cert in &self.certs {
            let Some(responder) = CertInfo::parse(der_cert) else {
                continue;
            };
            let delegated = responder
                .extended_key_usage
                .as_ref()
                .is_some_and(|eku| eku.ocsp_signing);
            let valid_when_produced = !(responder.not_before > self.produced_at
                || responder.not_after < self.produced_at);
            let named_by_issuer = names_match(
                responder.parts.issuer,
                &responder.issuer,
                issuer.parts.subject,
                &issuer.subject,
            );
            let certified = (delegated && valid_when_produced && named_by_issuer).then(|| {
                examine_signature(
                    issuer.parts.spki,
                    responder.parts.signature_algorithm,
                    None,
                    responder.parts.tbs,
                    responder.parts.signature,
                )
            });
            let signed = certified.as_ref().filter(|c| c.verifies()).map(|_| {
                examine_signature(
                    responder.parts.spki,
                    self.signature_algorithm,
                    None,
                    self.tbs,
                    self.signature,
                )
            });
            facts.push(ResponderFact {
                subject: responder.subject.clone(),
                delegated,
                valid_when_produced,
                named_by_issuer,
                certified,
                signed,
            });
        }
        facts
    }
}

/// CertID matches: issuer name hash, issuer key hash and serial number.
fn is_about(single: &SingleResponse<'_>, cert: &CertInfo<'_>, issuer: &CertInfo<'_>) -> bool {
    if magnitude(single.serial) != magnitude(cert.parts.serial) {
        return false;
    }
    // The CertID hash is a lookup key, not a security property: SHA-1 is fine here.
    let Ok(alg) = DigestAlgorithm::from_algorithm_identifier(single.hash_algorithm) else {
        return false;
    };
    let Some(key_bits) = issuer.public_key_bits() else {
        return false;
    };
    digest_parts(alg, &[cert.parts.issuer]) == single.issuer_name_hash
        && digest_parts(alg, &[key_bits]) == single.issuer_key_hash
}

/// RFC 6960 times are DER GeneralizedTime (`YYYYMMDDHHMMSS[.f]Z`).
const DER_TIME: TimeProfile = TimeProfile::Der;

fn parse_any(der_bytes: &[u8], max_entries: usize) -> Result<OcspResponse<'_>, DerError> {
    let outer = der::Tlv::parse_exact(der_bytes)?;
    if outer.tag != tag::SEQUENCE {
        return Err(DerError::Invalid("OCSP response is not a SEQUENCE"));
    }
    let mut reader = outer.reader();
    let first = reader.clone().next_any()?;
    if first.tag != tag::ENUMERATED {
        // Already a BasicOCSPResponse (as some archives store it).
        return parse_basic(outer, max_entries);
    }
    let status = reader.next_tag(tag::ENUMERATED)?;
    if status.content != [0] {
        return Err(DerError::Invalid("OCSP responseStatus is not successful"));
    }
    let bytes = reader.next_tag(der::tag::context(0))?;
    let response_bytes = der::Tlv::parse_exact(bytes.content)?;
    let mut rb = response_bytes.reader();
    let kind = rb.next_oid()?;
    if kind != OID_BASIC_RESPONSE {
        return Err(DerError::Invalid(
            "OCSP responseType is not id-pkix-ocsp-basic",
        ));
    }
    let octets = rb.next_tag(tag::OCTET_STRING)?;
    let basic = der::Tlv::parse_exact(octets.content)?;
    parse_basic(basic, max_entries)
}

fn parse_basic(basic: Tlv<'_>, max_entries: usize) -> Result<OcspResponse<'_>, DerError> {
    if basic.tag != tag::SEQUENCE {
        return Err(DerError::Invalid("BasicOCSPResponse is not a SEQUENCE"));
    }
    let mut reader = basic.reader();
    let tbs = reader.next_tag(tag::SEQUENCE)?;
    let signature_algorithm = reader.next_tag(tag::SEQUENCE)?;
    let signature = reader.next_any()?.bit_string_bytes()?;
    let mut certs = Vec::new();
    if let Some(wrapper) = reader.optional(der::tag::context(0))? {
        let seq = der::Tlv::parse_exact(wrapper.content)?;
        let mut list = seq.reader();
        while !list.is_empty() && certs.len() < max_entries {
            certs.push(list.next_tag(tag::SEQUENCE)?.raw);
        }
    }

    let mut data = tbs.reader();
    data.optional(der::tag::context(0))?; // version
    let responder = data.next_any()?;
    if responder.tag != der::tag::context(1) && responder.tag != der::tag::context(2) {
        return Err(DerError::Invalid("OCSP responderID"));
    }
    let produced_at = der::any_time(
        data.next_tag(tag::GENERALIZED_TIME)?,
        DER_TIME,
        "producedAt",
    )?;
    let list = data.next_tag(tag::SEQUENCE)?;
    let mut responses = Vec::new();
    let mut items = list.reader();
    while !items.is_empty() && responses.len() < max_entries {
        responses.push(parse_single_response(items.next_tag(tag::SEQUENCE)?)?);
    }
    Ok(OcspResponse {
        tbs: tbs.raw,
        signature_algorithm: signature_algorithm.raw,
        signature,
        certs,
        produced_at,
        responses,
    })
}

fn parse_single_response(tlv: Tlv<'_>) -> Result<SingleResponse<'_>, DerError> {
    let mut reader = tlv.reader();
    let cert_id = reader.next_tag(tag::SEQUENCE)?;
    let mut id = cert_id.reader();
    let hash_algorithm = id.next_tag(tag::SEQUENCE)?.raw;
    let issuer_name_hash = id.next_tag(tag::OCTET_STRING)?.content;
    let issuer_key_hash = id.next_tag(tag::OCTET_STRING)?.content;
    let serial = id.next_tag(tag::INTEGER)?.content;

    let status_tlv = reader.next_any()?;
    let status = match status_tlv.tag {
        t if t == der::tag::context_primitive(0) => CertStatus::Good,
        t if t == der::tag::context(1) => {
            let mut info = status_tlv.reader();
            let at = der::any_time(
                info.next_tag(tag::GENERALIZED_TIME)?,
                DER_TIME,
                "revocationTime",
            )?;
            let reason = match info.optional(der::tag::context(0))? {
                Some(wrapped) => {
                    let code = der::Tlv::parse_exact(wrapped.content)?;
                    if code.tag != tag::ENUMERATED {
                        return Err(DerError::Invalid("revocationReason"));
                    }
                    code.content.first().copied()
                }
                None => None,
            };
            CertStatus::Revoked { at, reason }
        }
        t if t == der::tag::context_primitive(2) => CertStatus::Unknown,
        _ => return Err(DerError::Invalid("OCSP certStatus")),
    };
    let this_update = der::any_time(
        reader.next_tag(tag::GENERALIZED_TIME)?,
        DER_TIME,
        "thisUpdate",
    )?;
    let next_update = match reader.optional(der::tag::context(0))? {
        Some(wrapped) => {
            let inner = der::Tlv::parse_exact(wrapped.content)?;
            if inner.tag != tag::GENERALIZED_TIME {
                return Err(DerError::Invalid("OCSP nextUpdate"));
            }
            Some(der::any_time(inner, DER_TIME, "nextUpdate")?)
        }
        None => None,
    };
    Ok(SingleResponse {
        hash_algorithm,
        issuer_name_hash,
        issuer_key_hash,
        serial,
        status,
        this_update,
        next_update,
    })
}
