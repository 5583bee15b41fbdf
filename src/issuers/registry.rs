//! The issuer registry file (`sealcheck-issuers/1`) and how a signature is matched to an entry.
//!
//! ```toml
//! schema = "sealcheck-issuers/1"
//! version = "2026.12"                      # optional, chosen by the office
//! # Seal-making systems whose seal ids the office accepts (SPKI SHA-256 of the maker's
//! # certificate): an esID is only unique within its maker.
//! seal_makers = ["3f…"]
//!
//! [[issuers]]
//! name = "某某市公安局"                      # shown to people; never matched
//! uscc = "11100000000000000X"              # 统一社会信用代码, check character verified
//! category = "public_security"             # lower-case letters, digits, '_'
//! spki_sha256 = ["9a…"]                    # SHA-256 of each certificate's SubjectPublicKeyInfo
//! seal_ids = ["ESID-0001"]                 # esIDs of its e-seals (made by a listed seal maker)
//! match_certificate_uscc = false           # optional: also accept any certificate that
//!                                          # chains to a trusted CA and carries this USCC
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::{Table, Value};

use crate::license::uscc;
use crate::report::{SignatureKind, SignatureReport};

/// Format tag of registry files.
pub const SCHEMA: &str = "sealcheck-issuers/1";

/// Categories with a fixed meaning in the built-in catalog; a registry may use others.
pub const KNOWN_CATEGORIES: [&str; 12] = [
    "public_security",
    "hospital",
    "employer_any",
    "social_insurance",
    "civil_affairs",
    "tax",
    "market_regulation",
    "health",
    "disabled_persons_federation",
    "human_resources",
    "finance",
    "court",
];

/// Problems in a registry file, all of them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}", problems.join("; "))]
pub struct RegistryError {
    /// The registry file.
    pub file: String,
    /// Every problem found, in words.
    pub problems: Vec<String>,
}

/// One issuing body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// The body's name as it signs (e.g. a public security bureau's full name).
    pub name: String,
    /// Its unified social credit code.
    pub uscc: String,
    /// Its category, as catalogs name signers (`public_security`, `hospital`, …).
    pub category: String,
    /// Lower-case hex SHA-256 of certificate SubjectPublicKeyInfos.
    pub spki_sha256: Vec<String>,
    /// esIDs of its e-seals.
    pub seal_ids: Vec<String>,
    /// Also match certificates that carry this USCC (opt-in: a USCC in a certificate is weaker
    /// evidence than a listed key).
    pub match_certificate_uscc: bool,
}

/// The issuing bodies an office knows, by key and seal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerRegistry {
    /// The registry's own version label.
    pub version: Option<String>,
    /// Seal makers (vendors) whose esIDs are trusted to identify seals.
    pub seal_makers: Vec<String>,
    /// The issuing bodies.
    pub issuers: Vec<Issuer>,
}

/// How a signature was tied to a registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The signing certificate's public key is listed.
    Key,
    /// The seal's esID is listed and its maker is a listed seal maker.
    Seal,
    /// The certificate carries the entry's USCC (entry opted in).
    CertificateUscc,
}

/// The registry entry a signature belongs to (`issuer` of a signature in the verify report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerMatch {
    /// The body's name.
    pub name: String,
    /// Its unified social credit code.
    pub uscc: String,
    /// Its category.
    pub category: String,
    /// What tied the signature to it.
    pub matched_by: MatchedBy,
}

impl IssuerRegistry {
    /// Reads a registry file.
    pub fn load(path: impl AsRef<Path>) -> Result<IssuerRegistry, RegistryError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RegistryError {
            file: file.clone(),
            problems: vec![format!("cannot read: {e}")],
        })?;
        Self::parse(&file, &text)
    }

    /// Parses registry text (`file` names it in errors).
    pub fn from_toml_str(text: &str) -> Result<IssuerRegistry, RegistryError> {
        Self::parse("<issuers>", text)
    }

    /// Adds the entries of `other` (several files may be given); a key or seal listed twice
    /// for different bodies is an error.
    pub fn merge(&mut self, other: IssuerRegistry) -> Result<(), RegistryError> {
        self.issuers.extend(other.issuers);
        for m in other.seal_makers {
            if !self.seal_makers.contains(&m) {
                self.seal_makers.push(m);
            }
        }
        if self.version.is_none() {
            self.version = other.version;
        }
        let problems = duplicates(&self.issuers);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RegistryError {
                file: "<merged issuers>".into(),
                problems,
            })
        }
    }

    /// Whether the registry lists no issuing body.
    pub fn is_empty(&self) -> bool {
        self.issuers.is_empty()
    }

    /// The entry with this USCC, if any.
    pub fn by_uscc(&self, code: &str) -> Option<&Issuer> {
        let code = crate::license::normalize(code);
        self.issuers.iter().find(|i| i.uscc == code)
    }

    /// The registry entry `sig` was made by, if any. Only identities are compared (public
    /// key, seal id with its maker, and, where the entry allows it, the certificate's USCC);
    /// a certificate whose USCC contradicts the entry matches nothing. Whether the signature
    /// itself is valid is for the caller to judge.
    pub fn identify(&self, sig: &SignatureReport) -> Option<IssuerMatch> {
        if sig.kind == SignatureKind::Timestamp {
            return None;
        }
        let cert = sig.signer.as_ref();
        let cert_uscc = cert.and_then(|c| c.uscc.as_deref());
        let agrees = |entry: &Issuer| cert_uscc.is_none_or(|u| u == entry.uscc);
        let found = |entry: &Issuer, by| IssuerMatch {
            name: entry.name.clone(),
            uscc: entry.uscc.clone(),
            category: entry.category.clone(),
            matched_by: by,
        };
        if let Some(key) = cert.and_then(|c| c.spki_sha256.as_deref()) {
            if let Some(entry) = self
                .issuers
                .iter()
                .find(|i| i.spki_sha256.iter().any(|k| k == key))
            {
                return agrees(entry).then(|| found(entry, MatchedBy::Key));
            }
        }
        if let Some((es_id, maker)) = seal_identity(sig) {
            if self.seal_makers.contains(&maker) {
                if let Some(entry) = self.issuers.iter().find(|i| i.seal_ids.contains(&es_id)) {
                    return agrees(entry).then(|| found(entry, MatchedBy::Seal));
                }
            }
        }
        let code = cert_uscc?;
        self.issuers
            .iter()
            .find(|i| i.match_certificate_uscc && i.uscc == code)
            .map(|entry| found(entry, MatchedBy::CertificateUscc))
    }

    fn parse(file: &str, text: &str) -> Result<IssuerRegistry, RegistryError> {
        let mut problems = Vec::new();
        let table: Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                return Err(RegistryError {
                    file: file.into(),
                    problems: vec![format!("not valid TOML: {e}")],
                })
            }
        };
        for key in table.keys() {
            if !["schema", "version", "seal_makers", "issuers"].contains(&key.as_str()) {
                problems.push(format!(
                    "unknown field {key}; expected schema, version, seal_makers, issuers"
                ));
            }
        }
        match table.get("schema") {
            Some(Value::String(s)) if s == SCHEMA => {}
            Some(other) => problems.push(format!("schema is {other}, expected \"{SCHEMA}\"")),
            None => problems.push(format!("schema missing; expected \"{SCHEMA}\"")),
        }
        let version = match table.get("version") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                problems.push("version: expected a string".into());
                None
            }
        };
        let seal_makers = fingerprints(&table, "seal_makers", "seal_makers", &mut problems);
        let mut issuers = Vec::new();
        match table.get("issuers") {
            None => {}
            Some(Value::Array(entries)) => {
                for (i, entry) in entries.iter().enumerate() {
                    match entry {
                        Value::Table(t) => {
                            if let Some(issuer) = parse_issuer(i, t, &mut problems) {
                                issuers.push(issuer);
                            }
                        }
                        _ => problems.push(format!("issuers[{i}]: expected a table")),
                    }
                }
            }
            Some(_) => problems.push("issuers: expected [[issuers]] tables".into()),
        }
        problems.extend(duplicates(&issuers));
        if problems.is_empty() {
            Ok(IssuerRegistry {
                version,
                seal_makers,
                issuers,
            })
        } else {
            Err(RegistryError {
                file: file.into(),
                problems,
            })
        }
    }
}

/// The (esID, maker SPKI SHA-256) of an e-seal entry, from its `seal` block.
pub fn seal_identity(sig: &SignatureReport) -> Option<(String, String)> {
    let seal = sig.seal.as_ref()?;
    let es_id = seal.es_id.trim();
    let maker = seal.maker.as_ref()?.spki_sha256.as_deref()?;
    (!es_id.is_empty()).then(|| (es_id.to_string(), maker.to_string()))
}

fn parse_issuer(i: usize, t: &Table, problems: &mut Vec<String>) -> Option<Issuer> {
    const FIELDS: [&str; 6] = [
        "name",
        "uscc",
        "category",
        "spki_sha256",
        "seal_ids",
        "match_certificate_uscc",
    ];
    let at = |field: &str| format!("issuers[{i}].{field}");
    for key in t.keys() {
        if !FIELDS.contains(&key.as_str()) {
            problems.push(format!(
                "{}: unknown field; expected one of {}",
                at(key),
                FIELDS.join(", ")
            ));
        }
    }
    let text = |field: &str, problems: &mut Vec<String>| match t.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(_) => {
            problems.push(format!("{}: expected a non-empty string", at(field)));
            None
        }
        None => {
            problems.push(format!("{}: missing", at(field)));
            None
        }
    };
    let name = text("name", problems);
    let code = text("uscc", problems).and_then(|u| match uscc::check(&u) {
        Ok(c) => Some(c.code),
        Err(e) => {
            problems.push(format!("{}: {}", at("uscc"), e.text.en));
            None
        }
    });
    let category = text("category", problems).and_then(|c| {
        let ok = c
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if ok {
            Some(c)
        } else {
            problems.push(format!(
                "{}: {c:?} must be lower-case letters, digits and '_'",
                at("category")
            ));
            None
        }
    });
    let keys = fingerprints(t, "spki_sha256", &at("spki_sha256"), problems);
    let seal_ids: Vec<String> = match t.get("seal_ids") {
        None => Vec::new(),
        Some(Value::Array(v)) => v
            .iter()
            .filter_map(|s| match s {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => {
                    problems.push(format!("{}: expected non-empty strings", at("seal_ids")));
                    None
                }
            })
            .collect(),
        Some(_) => {
            problems.push(format!("{}: expected an array of strings", at("seal_ids")));
            Vec::new()
        }
    };
    let match_certificate_uscc = match t.get("match_certificate_uscc") {
        None => false,
        Some(Value::Boolean(b)) => *b,
        Some(_) => {
            problems.push(format!(
                "{}: expected true or false",
                at("match_certificate_uscc")
            ));
            false
        }
    };
    if keys.is_empty() && seal_ids.is_empty() && !match_certificate_uscc {
        problems.push(format!(
            "issuers[{i}]: lists no spki_sha256, no seal_ids and does not match_certificate_uscc: nothing could ever match it"
        ));
    }
    Some(Issuer {
        name: name?,
        uscc: code?,
        category: category?,
        spki_sha256: keys,
        seal_ids,
        match_certificate_uscc,
    })
}

/// An array of SHA-256 hex fingerprints (colons and case as openssl prints them are accepted).
fn fingerprints(t: &Table, key: &str, label: &str, problems: &mut Vec<String>) -> Vec<String> {
    let values = match t.get(key) {
        None => return Vec::new(),
        Some(Value::Array(v)) => v,
        Some(_) => {
            problems.push(format!("{label}: expected an array of hex strings"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for v in values {
        let Value::String(s) = v else {
            problems.push(format!("{label}: expected hex strings"));
            continue;
        };
        let hex: String = s
            .chars()
            .filter(|c| *c != ':' && !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push(hex);
        } else {
            problems.push(format!(
                "{label}: {s:?} is not a SHA-256 fingerprint (64 hex digits)"
            ));
        }
    }
    out
}

/// A key or seal id listed for two bodies would make identities ambiguous.
fn duplicates(issuers: &[Issuer]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut keys: HashMap<&str, &str> = HashMap::new();
    let mut seals: HashMap<&str, &str> = HashMap::new();
    for issuer in issuers {
        for k in &issuer.spki_sha256 {
            if let Some(other) = keys.insert(k, &issuer.uscc) {
                if other != issuer.uscc {
                    problems.push(format!("key {k} is listed for {other} and {}", issuer.uscc));
                }
            }
        }
        for s in &issuer.seal_ids {
            if let Some(other) = seals.insert(s, &issuer.uscc) {
                if other != issuer.uscc {
                    problems.push(format!(
                        "seal id {s} is listed for {other} and {}",
                        issuer.uscc
                    ));
                }
            }
        }
    }
    problems
}
