//! Certificate revocation lists (RFC 5280 §5): which certificates an issuer has revoked, as of
//! the list's thisUpdate, once its signature is verified with the issuer's key.

use time::OffsetDateTime;
use x509_parser::extensions::ParsedExtension;

use super::cert::{names_match, CertInfo};
use crate::asn1::der::{self, tag, DerError};
use crate::facts::crypto::SignatureValueFact;
use crate::facts::revocation::SourceStatus;
use crate::policy::Policy;

/// CRLReason removeFromCRL: the entry (in a delta CRL) lifts a hold.
const REASON_REMOVE_FROM_CRL: u8 = 8;

/// One parsed CRL.
#[derive(Debug, Clone)]
pub struct Crl<'a> {
    tbs: &'a [u8],
    signature_algorithm: &'a [u8],
    signature: &'a [u8],
    issuer_der: &'a [u8],
    /// RFC 4514-style issuer name of the CRL.
    pub issuer: String,
    /// thisUpdate: when the CRL was issued.
    pub this_update: OffsetDateTime,
    /// nextUpdate: when the next CRL is due, if stated.
    pub next_update: Option<OffsetDateTime>,
    /// Which certificates and reasons the CRL covers.
    pub scope: CrlScope,
    revoked: Vec<RevokedEntry>,
}

/// What a CRL covers (issuingDistributionPoint, deltaCRLIndicator; RFC 5280 §5.2.4-5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrlScope {
    /// Covers only end-entity certificates (onlyContainsUserCerts).
    pub only_user_certs: bool,
    /// Covers only CA certificates (onlyContainsCACerts).
    pub only_ca_certs: bool,
    /// Covers only attribute certificates (onlyContainsAttributeCerts).
    pub only_attribute_certs: bool,
    /// Covers only some revocation reasons.
    pub partial_reasons: bool,
    /// An indirect CRL: may list certificates of issuers other than the CRL signer.
    pub indirect: bool,
    /// A delta CRL: lists changes since a base CRL, so absence proves nothing.
    pub delta: bool,
}

impl CrlScope {
    /// Entries may belong to other issuers, or the list is not about certificates at all.
    pub fn unusable(&self) -> bool {
        self.indirect || self.only_attribute_certs
    }

    /// Absence from the list does not mean "not revoked".
    pub fn incomplete(&self) -> bool {
        self.delta || self.partial_reasons
    }

    /// The list is about this kind of certificate.
    pub fn covers(&self, is_ca: bool) -> bool {
        if is_ca {
            !self.only_user_certs
        } else {
            !self.only_ca_certs
        }
    }
}

const OID_DELTA_CRL_INDICATOR: &str = "2.5.29.27";

#[derive(Debug, Clone)]
struct RevokedEntry {
    /// Serial magnitude (leading zero octets removed).
    serial: Vec<u8>,
    at: OffsetDateTime,
    reason: Option<u8>,
}

/// A certificate's entry in a CRL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revocation {
    /// revocationDate of the entry.
    pub at: OffsetDateTime,
    /// CRLReason code (RFC 5280 §5.3.1), when the entry carries one.
    pub reason: Option<u8>,
}

impl<'a> Crl<'a> {
    /// Parses a DER CertificateList; `None` when it is malformed.
    pub fn parse(der_bytes: &'a [u8]) -> Option<Self> {
        let (tbs, signature_algorithm, signature, issuer_der) = shell(der_bytes).ok()?;
        let (_, crl) = x509_parser::parse_x509_crl(der_bytes).ok()?;
        let revoked = crl
            .iter_revoked_certificates()
            .map(|entry| RevokedEntry {
                serial: magnitude(entry.raw_serial()).to_vec(),
                at: entry.revocation_date.to_datetime(),
                reason: entry.reason_code().map(|(_, code)| code.0),
            })
            .collect();
        let mut scope = CrlScope::default();
        for ext in crl.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::IssuingDistributionPoint(idp) => {
                    scope.only_user_certs = idp.only_contains_user_certs;
                    scope.only_ca_certs = idp.only_contains_ca_certs;
                    scope.only_attribute_certs = idp.only_contains_attribute_certs;
                    scope.partial_reasons = idp.only_some_reasons.is_some();
                    scope.indirect = idp.indirect_crl;
                }
                _ if ext.oid.to_id_string() == OID_DELTA_CRL_INDICATOR => scope.delta = true,
                // A critical extension we cannot read could restrict the scope in ways we
                // do not know: treat the list as incomplete.
                ParsedExtension::ParseError { .. }
                | ParsedExtension::UnsupportedExtension { .. }
                    if ext.critical =>
                {
                    scope.partial_reasons = true
                }
                _ => {}
            }
        }
        Some(Crl {
            scope,
            tbs,
            signature_algorithm,
            signature,
            issuer_der,
            issuer: crl.issuer().to_string(),
            this_update: crl.last_update().to_datetime(),
            next_update: crl.next_update().map(|t| t.to_datetime()),
            revoked,
        })
    }

    /// The CRL names `issuer` as its issuer.
    pub fn is_issued_by_name(&self, issuer: &CertInfo<'_>) -> bool {
        names_match(
            self.issuer_der,
            &self.issuer,
            issuer.parts.subject,
            &issuer.subject,
        )
    }

    /// Verifies the CRL's signature with `issuer`'s public key and judges it by `policy`; the
    /// error explains why not.
    pub fn verify_issued_by(&self, issuer: &CertInfo<'_>, policy: &Policy) -> Result<(), String> {
        crate::evaluate::evaluate(&self.signature_fact(issuer), policy)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// What checking the CRL's signature with `issuer`'s public key establishes (memoised in
    /// the active verification cache).
    pub fn signature_fact(&self, issuer: &CertInfo<'_>) -> SignatureValueFact {
        super::cache::examine_signature(super::cache::SignatureParts {
            spki: issuer.parts.spki,
            algorithm: self.signature_algorithm,
            message: self.tbs,
            signature: self.signature,
        })
    }

    /// `cert`'s status per this CRL alone: revoked when listed, otherwise good (whether an
    /// absence proves anything depends on the scope).
    pub fn status_of(&self, cert: &CertInfo<'_>) -> SourceStatus {
        match self.lookup(cert) {
            Some(r) => SourceStatus::Revoked {
                at: r.at,
                reason: r.reason,
            },
            None => SourceStatus::Good,
        }
    }

    /// The entry for `cert`, if the CRL lists it (removeFromCRL entries are not revocations).
    pub fn lookup(&self, cert: &CertInfo<'_>) -> Option<Revocation> {
        let serial = magnitude(cert.parts.serial);
        self.revoked
            .iter()
            .filter(|e| e.serial == serial && e.reason != Some(REASON_REMOVE_FROM_CRL))
            .map(|e| Revocation {
                at: e.at,
                reason: e.reason,
            })
            .min_by_key(|r| r.at)
    }
}

/// tbsCertList, signatureAlgorithm, signature and issuer Name, as received.
type CrlShell<'a> = (&'a [u8], &'a [u8], &'a [u8], &'a [u8]);

fn shell(der_bytes: &[u8]) -> Result<CrlShell<'_>, DerError> {
    let outer = der::Tlv::parse_exact(der_bytes)?;
    if outer.tag != tag::SEQUENCE {
        return Err(DerError::Invalid("CRL is not a SEQUENCE"));
    }
    let mut reader = outer.reader();
    let tbs = reader.next_tag(tag::SEQUENCE)?;
    let alg = reader.next_tag(tag::SEQUENCE)?;
    let signature = reader.next_any()?.bit_string_bytes()?;
    reader.finish()?;
    let mut fields = tbs.reader();
    fields.optional(tag::INTEGER)?; // version
    fields.next_tag(tag::SEQUENCE)?; // signature algorithm
    let issuer = fields.next_tag(tag::SEQUENCE)?;
    Ok((tbs.raw, alg.raw, signature, issuer.raw))
}

/// Serial number bytes without leading zero octets.
pub fn magnitude(serial: &[u8]) -> &[u8] {
    let start = serial.iter().position(|&b| b != 0).unwrap_or(serial.len());
    serial.get(start..).unwrap_or_default()
}

/// Readable CRLReason.
pub fn reason_name(reason: Option<u8>) -> &'static str {
    match reason {
        None => "unspecified",
        Some(0) => "unspecified",
        Some(1) => "keyCompromise",
        Some(2) => "cACompromise",
        Some(3) => "affiliationChanged",
        Some(4) => "superseded",
        Some(5) => "cessationOfOperation",
        Some(6) => "certificateHold",
        Some(8) => "removeFromCRL",
        Some(9) => "privilegeWithdrawn",
        Some(10) => "aACompromise",
        Some(_) => "unknown reason",
    }
}
