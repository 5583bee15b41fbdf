//! Who a certificate belongs to, exactly: the SHA-256 of its public key (SPKI), and the unified
//! social credit code or resident ID number its subject carries, read the ways Chinese CAs
//! write them. Names (O, CN) are never an identity: anyone's CA can print any name.

use sha2::{Digest as _, Sha256};
use x509_parser::prelude::FromDer as _;
use x509_parser::x509::X509Name;

use crate::license::{id_number, uscc};
use crate::report::CertSummary;

/// organizationIdentifier (X.520, used by ETSI and some Chinese CAs for the USCC).
const OID_ORGANIZATION_IDENTIFIER: &str = "2.5.4.97";
const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_ORGANIZATIONAL_UNIT: &str = "2.5.4.11";
const OID_COMMON_NAME: &str = "2.5.4.3";
/// Attributes that may carry an identifier, most explicit first.
const IDENTIFIER_ATTRIBUTES: [&str; 4] = [
    OID_ORGANIZATION_IDENTIFIER,
    OID_SERIAL_NUMBER,
    OID_ORGANIZATIONAL_UNIT,
    OID_COMMON_NAME,
];
/// Most subject attributes examined (a hostile name may hold thousands).
const MAX_ATTRIBUTES: usize = 64;
/// Longest token looked at: an 18-character code behind a short prefix (`NTRCN-`, CFCA's `N`).
const MAX_TOKEN: usize = 26;

/// The identity of one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertIdentity {
    /// Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo.
    pub spki_sha256: String,
    /// The unified social credit code in the subject, when exactly one valid one is there.
    pub uscc: Option<String>,
    /// The resident ID number in the subject (personal certificates), when exactly one.
    pub resident_id: Option<String>,
}

/// Lower-case hex SHA-256 of a DER SubjectPublicKeyInfo: what `openssl x509 -pubkey | openssl
/// pkey -pubin -outform DER | sha256sum` prints.
pub fn spki_sha256(spki_der: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(spki_der))
}

/// Identity from the SubjectPublicKeyInfo TLV and the subject Name TLV of a certificate.
pub fn of_parts(spki_der: &[u8], subject_der: &[u8]) -> CertIdentity {
    let values = subject_values(subject_der);
    CertIdentity {
        spki_sha256: spki_sha256(spki_der),
        uscc: single(&values, &IDENTIFIER_ATTRIBUTES, |t| uscc::check(t).is_ok()),
        resident_id: single(&values, &[OID_SERIAL_NUMBER, OID_COMMON_NAME], |t| {
            t.len() == 18 && id_number::check(t).is_ok()
        }),
    }
}

/// Identity of a DER certificate; `None` when it does not parse.
pub fn of_certificate(der: &[u8]) -> Option<CertIdentity> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    Some(of_parts(
        cert.tbs_certificate.subject_pki.raw,
        cert.tbs_certificate.subject.as_raw(),
    ))
}

/// Adds the identity fields to a certificate summary.
pub fn identify(summary: &mut CertSummary, spki_der: &[u8], subject_der: &[u8]) {
    let id = of_parts(spki_der, subject_der);
    summary.spki_sha256 = Some(id.spki_sha256);
    summary.uscc = id.uscc;
    summary.resident_id = id.resident_id;
}

/// (attribute OID, value) of a subject, bounded.
fn subject_values(subject_der: &[u8]) -> Vec<(String, String)> {
    let Ok((_, name)) = X509Name::from_der(subject_der) else {
        return Vec::new();
    };
    name.iter_attributes()
        .take(MAX_ATTRIBUTES)
        .filter_map(|a| {
            let value = a.as_str().ok()?;
            Some((a.attr_type().to_id_string(), value.to_string()))
        })
        .collect()
}

/// The one identifier accepted by `valid` in the given attributes; `None` when there is none
/// or when two different ones are (an ambiguous certificate identifies nobody).
fn single(
    values: &[(String, String)],
    attributes: &[&str],
    valid: impl Fn(&str) -> bool,
) -> Option<String> {
    let mut found: Option<String> = None;
    for (oid, value) in values {
        if !attributes.contains(&oid.as_str()) {
            continue;
        }
        for candidate in candidates(value) {
            if valid(&candidate) {
                match &found {
                    Some(f) if *f != candidate => return None,
                    _ => found = Some(candidate),
                }
            }
        }
    }
    found
}

/// 18-character tokens of an attribute value: runs of ASCII letters and digits (anything else,
/// Chinese text included, separates them), upper-cased; a longer run with a letter prefix
/// (`NTRCN91…`, CFCA's `N91…`) gives its last 18 characters.
pub fn candidates(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| (18..=MAX_TOKEN).contains(&t.len()))
    {
        let token = token.to_ascii_uppercase();
        if token.len() == 18 {
            out.push(token);
        } else if let Some(tail) = token.get(token.len() - 18..) {
            let prefix = token.get(..token.len() - 18).unwrap_or_default();
            if prefix.chars().all(|c| c.is_ascii_alphabetic()) {
                out.push(tail.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_as_chinese_cas_write_them() {
        assert_eq!(candidates("91310110666007217T"), vec!["91310110666007217T"]);
        assert_eq!(
            candidates("NTRCN-91310110666007217T"),
            vec!["91310110666007217T"]
        );
        assert_eq!(
            candidates("041@N91310110666007217T@上海示例科技有限公司@1"),
            vec!["91310110666007217T"]
        );
        assert_eq!(
            candidates("统一社会信用代码:91310110666007217t"),
            vec!["91310110666007217T"]
        );
        // Digits before the code are not a prefix: no guess.
        assert!(candidates("1291310110666007217T").is_empty());
    }

    #[test]
    fn ambiguous_subject_identifies_nobody() {
        let values = vec![
            (
                OID_SERIAL_NUMBER.to_string(),
                "91310110666007217T".to_string(),
            ),
            (
                OID_COMMON_NAME.to_string(),
                "91310115591693856A".to_string(),
            ),
        ];
        assert_eq!(
            single(&values, &IDENTIFIER_ATTRIBUTES, |t| uscc::check(t).is_ok()),
            None
        );
        let same = vec![
            (
                OID_SERIAL_NUMBER.to_string(),
                "91310110666007217T".to_string(),
            ),
            (
                OID_COMMON_NAME.to_string(),
                "x 91310110666007217T".to_string(),
            ),
        ];
        assert_eq!(
            single(&same, &IDENTIFIER_ATTRIBUTES, |t| uscc::check(t).is_ok()).as_deref(),
            Some("91310110666007217T")
        );
        // A wrong check character is no identifier.
        let bad = vec![(
            OID_SERIAL_NUMBER.to_string(),
            "91310110666007217A".to_string(),
        )];
        assert_eq!(
            single(&bad, &IDENTIFIER_ATTRIBUTES, |t| uscc::check(t).is_ok()),
            None
        );
    }
}
