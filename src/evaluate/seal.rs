//! The policy's rules for ses e-seal facts; see [`crate::facts::seal`].
//!
//! One check per step of GM/T 0031 §6.2.3, in pipeline order (format, integrity, crypto,
//! identity, chain): the data digest, the signer's signature, the maker's signature over the
//! seal (and its V5 timestamp), the seal's validity period at the time checked, the signer's
//! right to use the seal, the timestamp, and the signer and maker certificates. The algorithm
//! rules are [`super::crypto`]'s; the vendor leniency and the time rules are here.

use super::crypto::digest_refused;
use super::{evaluate, Facts};
use crate::facts::crypto::SignatureError;
use crate::facts::seal::{
    DataHashFact, OfdReferencesFact, SealChainFact, SealFacts, SealTimestampFact, SealValidityFact,
    SesSignatureFact, SignerInSealFact, SignerListed, Variant,
};
use crate::policy::Policy;
use crate::report::seal_block::SignatureEncoding;
use crate::seal::ofd::ids as ofd_ids;
use crate::seal::verify::ids;
use crate::verdict::{CertRole, Check, CheckId, CheckStatus, Finding, SubIndication, Text};

/// The seal's checks, in report order, and the findings of its certificate paths (the maker's
/// first, as they were found).
impl Facts for SealFacts {
    type Judgement = (Vec<Check>, Vec<Finding>);

    fn judge(&self, policy: &Policy) -> Self::Judgement {
        let mut checks = vec![format_check(self.version.as_str(), self.structure.name())];
        let mut findings = Vec::new();
        if let Some(signer) = &self.signer_signature {
            let mut signature_check = signature_check(
                signer,
                ids::SIGNATURE_VALUE,
                ("the signer's signature over TBS_Sign", "签章人签名值"),
                |name| {
                    Text::new(
                        format!("the signer's {name} signature over TBS_Sign is valid"),
                        format!("签章人的{name}签名值验证通过"),
                    )
                },
                policy,
            );
            if self.variant == Variant::Vendor
                && signature_check.sub_indication == Some(SubIndication::SigCryptoFailure)
            {
                signature_check = vendor_downgrade(
                    signature_check,
                    "the signer's signature over TBS_Sign",
                    "签章人签名值",
                );
            }
            // A vendor convention may explain a dataHash that does not match only when the
            // signer's signature does not verify by the standard convention either; a signer
            // who demonstrably followed the standard signed a standard dataHash, so a mismatch
            // proves a change whatever the container's CheckMethod claims.
            let hash_variant = if signature_check.status == CheckStatus::Passed {
                Variant::Standard
            } else {
                self.variant
            };
            if let Some(data_hash) = &self.data_hash {
                checks.push(data_hash_check(data_hash, hash_variant));
            }
            checks.push(signature_check);
        }
        match &self.maker_signature {
            Some(maker) => {
                checks.push(signature_check(
                    maker,
                    ids::SEAL_SIGNATURE,
                    ("the seal maker's signature over the seal", "制章者对印章的签名"),
                    |name| {
                        Text::new(
                            format!("the seal maker's {name} signature over the seal is valid"),
                            format!("制章者对印章的{name}签名验证通过"),
                        )
                    },
                    policy,
                ));
                if let Some(token) = &self.seal_timestamp {
                    checks.push(timestamp_check(ids::SEAL_TIMESTAMP, token));
                }
            }
            None => checks.push(Check::indeterminate(
                ids::SEAL_SIGNATURE,
                SubIndication::FormatFailure,
                Text::new(
                    "the seal's maker signature block (SES_SignInfo) is not in a standard form; the seal cannot be proven genuine",
                    "印章的制章者签名信息不符合标准格式，无法证明印章真实",
                ),
            )),
        }
        checks.push(validity_check(&self.validity));
        if let Some(listed) = &self.signer_in_seal {
            checks.push(signer_in_seal_check(listed));
        }
        if self.signer_signature.is_some() {
            checks.push(match &self.timestamp {
                Some(token) => timestamp_check(ids::TIMESTAMP, token),
                None => Check::skipped(
                    ids::TIMESTAMP,
                    Text::new(
                        "the seal signature carries no timestamp; the signing time is the signer's claim",
                        "电子签章未附时间戳，签章时间为签章方自行声明",
                    ),
                ),
            });
        }
        if let Some(maker) = &self.maker_chain {
            findings.extend(maker.outcome.findings.iter().cloned());
        }
        if let Some(signer) = &self.signer_chain {
            findings.extend(signer.outcome.findings.iter().cloned());
            checks.extend(chain_checks(signer));
        }
        if let Some(maker) = &self.maker_chain {
            checks.extend(chain_checks(maker));
        }
        (checks, findings)
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

/// A signature value under the policy's algorithm rules: passed (with `valid(name)`) or the
/// check for why not.
fn signature_check(
    fact: &SesSignatureFact,
    id: CheckId,
    what: (&str, &str),
    valid: impl FnOnce(&str) -> Text,
    policy: &Policy,
) -> Check {
    match evaluate(&fact.value, policy) {
        Ok(name) => Check::passed(id, valid(&name)).evidence(encoding_note(fact.encoding)),
        Err(e) => signature_error_check(id, what.0, what.1, &e),
    }
}

fn data_hash_check(fact: &DataHashFact, variant: Variant) -> Check {
    let DataHashFact::Compared {
        recorded,
        property_info,
        ..
    } = fact
    else {
        return Check::indeterminate(
            ids::DATA_HASH,
            SubIndication::SignedDataNotFound,
            Text::new(
                "the data the seal was applied to is not part of this file, so dataHash cannot be compared",
                "本文件不含签章所保护的原文，无法核对原文摘要",
            ),
        );
    };
    if let Some(digest) = fact.matched() {
        return Check::passed(
            ids::DATA_HASH,
            Text::new(
                format!(
                    "dataHash equals the {} digest of the protected data",
                    digest.name()
                ),
                format!("原文{}摘要与签章中的摘要一致", digest.name()),
            ),
        );
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
        crate::hex::encode(recorded),
        if property_info.is_empty() {
            "the protected data"
        } else {
            property_info
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

/// The seal must be within its validity period at the time checked (the signing time, or for
/// a seal on its own the validation time); an unknown signing time cannot be checked.
fn validity_check(fact: &SealValidityFact) -> Check {
    let period = format!(
        "{} .. {}",
        crate::rfc3339::format(fact.valid_start),
        crate::rfc3339::format(fact.valid_end)
    );
    let Some(at) = fact.checked_at else {
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
    let evidence = format!("{period}; time checked {}", crate::rfc3339::format(at));
    if at < fact.valid_start {
        Check::failed(
            ids::SEAL_VALIDITY,
            SubIndication::NotYetValid,
            Text::new(
                "the seal was used before its validity period began",
                "印章在有效期开始之前被使用",
            ),
        )
        .evidence(evidence)
    } else if at > fact.valid_end {
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

fn signer_in_seal_check(fact: &SignerInSealFact) -> Check {
    let evidence = format!("seal lists {} {}", fact.list_len, fact.list_kind);
    match &fact.listed {
        SignerListed::Yes => Check::passed(
            ids::SIGNER_IN_SEAL,
            Text::new(
                "the signer's certificate is in the seal's list of authorised signers",
                "签章人证书在印章的授权签章人列表中",
            ),
        )
        .evidence(evidence),
        SignerListed::No => Check::failed(
            ids::SIGNER_IN_SEAL,
            SubIndication::SigConstraintsFailure,
            Text::new(
                "the signer's certificate is not among those the seal authorises: the seal was used by someone it was not issued to",
                "签章人证书不在印章授权的证书列表中：印章被未授权的人使用",
            ),
        )
        .evidence(evidence),
        SignerListed::UnmatchedIdentifiers(identifiers) => Check::indeterminate(
            ids::SIGNER_IN_SEAL,
            SubIndication::SigConstraintsFailure,
            Text::new(
                "the seal names its signers by vendor-defined identifiers that do not match the signer's certificate serial number; whether the signer may use the seal cannot be decided",
                "印章以厂商自定义标识列出签章人，与签章人证书序列号不符，无法判断签章人是否有权使用该印章",
            ),
        )
        .evidence(format!("{evidence}: {}", identifiers.join(", "))),
    }
}

/// A timestamp that cannot be confirmed never fails the seal; it just proves nothing.
fn timestamp_check(id: CheckId, fact: &SealTimestampFact) -> Check {
    match &fact.outcome {
        Ok(_) => Check::passed(id, Text::new("the timestamp is valid", "时间戳验证通过")),
        Err(problem) => Check::indeterminate(
            id,
            problem
                .sub_indication
                .unwrap_or(SubIndication::FormatFailure),
            Text::new(
                "the timestamp could not be confirmed, so it proves no time",
                "时间戳无法确认，不能作为时间证明",
            ),
        )
        .evidence(problem.reason.clone()),
    }
}

/// pki's chain checks, named for the certificate's role.
fn chain_checks(fact: &SealChainFact) -> Vec<Check> {
    let who = match fact.role {
        CertRole::Maker => ("seal maker", "制章者"),
        CertRole::Signer => ("signer", "签章人"),
    };
    if fact.outcome.checks.is_empty() {
        return vec![Check::indeterminate(
            CheckId::CertificateChain.for_role(fact.role),
            SubIndication::NoCertificateChainFound,
            Text::new(
                format!("the {} certificate's chain was not validated", who.0),
                format!("未验证{}证书链", who.1),
            ),
        )];
    }
    fact.outcome
        .checks
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.id = c.id.for_role(fact.role);
            c.message = format!("{} certificate: {}", who.0, c.message);
            c.message_zh = format!("{}证书：{}", who.1, c.message_zh);
            c
        })
        .collect()
}

/// The references check, in order of gravity: a digest method nothing tells, malformed
/// references, disallowed changes, a digest the policy refuses, else passed (with allowed
/// changes and the method note as evidence).
impl Facts for OfdReferencesFact {
    type Judgement = Check;

    fn judge(&self, policy: &Policy) -> Check {
        let Some(digest) = self.digest else {
            return unknown_digest_method_check(&self.check_method);
        };
        let method_note = (!self.method_named).then(|| {
            format!(
                "CheckMethod {} is not a standard name; the digests are {}",
                self.check_method,
                digest.name()
            )
        });
        let disallowed: Vec<_> = self
            .changes
            .iter()
            .filter(|c| c.allowed_by.is_none())
            .collect();
        if !self.malformed.is_empty() {
            return Check::failed(
                ofd_ids::REFERENCES,
                SubIndication::FormatFailure,
                Text::new(
                    "some references in Signature.xml are malformed (bad path or digest value)",
                    "Signature.xml中部分引用格式错误（路径或摘要值无效）",
                ),
            )
            .evidence(self.malformed.join(", "));
        }
        if !disallowed.is_empty() {
            return Check::failed(
                ofd_ids::REFERENCES,
                SubIndication::DisallowedModification,
                Text::new(
                    format!(
                        "{} protected file(s) were changed or removed after sealing: the document shown is not the one that was sealed",
                        disallowed.len()
                    ),
                    format!("{}个受保护文件在签章后被修改或删除：所见文档并非签章时的文档", disallowed.len()),
                ),
            )
            .evidence(
                disallowed
                    .iter()
                    .map(|c| c.description.as_str())
                    .chain(method_note.as_deref())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        if digest_refused(digest, policy) {
            return Check::indeterminate(
                ofd_ids::REFERENCES,
                SubIndication::CryptoConstraintsFailure,
                Text::new(
                    "the files are protected with SHA-1, which the policy does not accept (the digests match, but SHA-1 no longer proves it)",
                    "文件使用SHA-1摘要保护，策略不接受（摘要一致，但SHA-1已不足以证明未被修改）",
                ),
            );
        }
        let passed = Check::passed(
            ofd_ids::REFERENCES,
            Text::new(
                format!(
                    "all {} protected files match their {} digests",
                    self.references.len(),
                    digest.name()
                ),
                format!(
                    "全部{}个受保护文件的{}摘要一致",
                    self.references.len(),
                    digest.name()
                ),
            ),
        );
        let notes: Vec<&str> = self
            .changes
            .iter()
            .map(|c| c.description.as_str())
            .chain(method_note.as_deref())
            .collect();
        if notes.is_empty() {
            passed
        } else {
            passed.evidence(notes.join("; "))
        }
    }
}

/// Neither the CheckMethod name nor the digests themselves tell a standard method: the
/// references cannot be verified, which is indeterminate and not evidence of tampering.
fn unknown_digest_method_check(method_text: &str) -> Check {
    Check::indeterminate(
        ofd_ids::REFERENCES,
        SubIndication::CryptoConstraintsFailure,
        Text::new(
            format!(
                "the files are protected with a non-standard digest method ({method_text}) and no reference matches under SM3, SHA-256 or SHA-1; they cannot be verified (this is not evidence of tampering)"
            ),
            format!("文件使用非标准摘要算法（{method_text}）保护，且按SM3、SHA-256、SHA-1均无一致的引用，无法验证（不能据此认定篡改）"),
        ),
    )
    .evidence(format!("CheckMethod={method_text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::crypto::{DigestFact, SchemeFact, SignatureValueFact};
    use crate::facts::seal::{ReferenceFact, SesStructure, SignerListed};
    use crate::pki::{ChainOutcome, DigestAlgorithm};
    use crate::report::seal_block::SesVersion;
    use crate::report::Change;
    use time::macros::datetime;

    fn strict() -> Policy {
        Policy::default()
    }

    fn lenient() -> Policy {
        Policy {
            allow_sha1: true,
            ..Policy::default()
        }
    }

    /// An RSA signature value with `digest`, which verifies or not.
    fn value(digest: DigestAlgorithm, verifies: bool) -> SesSignatureFact {
        SesSignatureFact {
            value: SignatureValueFact {
                scheme: Some(SchemeFact {
                    family: "RSA-PKCS1",
                    digest: Some(digest),
                    rsa_bits: Some(2048),
                }),
                verification: if verifies {
                    Ok(format!("RSA-PKCS1-{}", digest.name()))
                } else {
                    Err(SignatureError::Invalid)
                },
            },
            encoding: SignatureEncoding::Native,
        }
    }

    /// A seal signature whose dataHash is SHA-1 and matches or not, signed with SHA-1.
    fn seal_facts(hash_matches: bool, signature_verifies: bool, variant: Variant) -> SealFacts {
        SealFacts {
            structure: SesStructure::Signature,
            version: SesVersion::V4,
            variant,
            data_hash: Some(DataHashFact::Compared {
                tried: vec![DigestFact {
                    algorithm: DigestAlgorithm::Sha1,
                    matches: hash_matches,
                }],
                recorded: vec![0xab; 20],
                property_info: "Doc_0/Signs/Sign_0/Signature.xml".into(),
            }),
            signer_signature: Some(value(DigestAlgorithm::Sha1, signature_verifies)),
            maker_signature: Some(value(DigestAlgorithm::Sha256, true)),
            seal_timestamp: None,
            validity: SealValidityFact {
                valid_start: datetime!(2024-01-01 0:00 UTC),
                valid_end: datetime!(2026-01-01 0:00 UTC),
                checked_at: Some(datetime!(2025-06-01 0:00 UTC)),
            },
            signer_in_seal: Some(SignerInSealFact {
                list_kind: "certificates",
                list_len: 1,
                listed: SignerListed::Yes,
            }),
            timestamp: None,
            signer_chain: Some(SealChainFact {
                role: CertRole::Signer,
                outcome: ChainOutcome::default(),
            }),
            maker_chain: None,
            ofd_references: None,
        }
    }

    fn check(checks: &[Check], id: CheckId) -> &Check {
        checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no {id:?} check in {checks:#?}"))
    }

    #[test]
    fn a_sha1_signer_signature_is_weak_under_strict_and_valid_under_lenient_policy() {
        let facts = seal_facts(true, true, Variant::Standard);
        let (checks, _) = evaluate(&facts, &strict());
        let signature = check(&checks, ids::SIGNATURE_VALUE);
        assert_eq!(signature.status, CheckStatus::Indeterminate);
        assert_eq!(
            signature.sub_indication,
            Some(SubIndication::CryptoConstraintsFailure)
        );
        assert!(signature
            .message
            .contains("uses an algorithm or key size the policy does not accept"));

        let (checks, _) = evaluate(&facts, &lenient());
        let signature = check(&checks, ids::SIGNATURE_VALUE);
        assert_eq!(signature.status, CheckStatus::Passed);
        assert_eq!(
            signature.message,
            "the signer's RSA-PKCS1-SHA-1 signature over TBS_Sign is valid"
        );
    }

    #[test]
    fn checks_come_in_pipeline_order() {
        let (checks, findings) = evaluate(&seal_facts(true, true, Variant::Standard), &lenient());
        let order: Vec<CheckId> = checks.iter().map(|c| c.id).collect();
        assert_eq!(
            order,
            [
                ids::FORMAT,
                ids::DATA_HASH,
                ids::SIGNATURE_VALUE,
                ids::SEAL_SIGNATURE,
                ids::SEAL_VALIDITY,
                ids::SIGNER_IN_SEAL,
                ids::TIMESTAMP,
                CheckId::SignerCertificateChain,
            ]
        );
        assert_eq!(
            checks[0].message,
            "SES_Signature read as GB/T 38540-2020 (V4)"
        );
        assert_eq!(check(&checks, ids::TIMESTAMP).status, CheckStatus::Skipped);
        // No path was validated: indeterminate, named for the signer.
        let chain = check(&checks, CheckId::SignerCertificateChain);
        assert_eq!(
            chain.sub_indication,
            Some(SubIndication::NoCertificateChainFound)
        );
        assert!(findings.is_empty());
    }

    #[test]
    fn a_vendor_mismatch_is_tampering_only_once_the_signer_is_shown_to_follow_the_standard() {
        // The SHA-1 signature verifies: under the lenient policy it passes, so the signer
        // followed the standard and a dataHash mismatch is a change, whatever the vendor claims.
        let facts = seal_facts(false, true, Variant::Vendor);
        let (checks, _) = evaluate(&facts, &lenient());
        let hash = check(&checks, ids::DATA_HASH);
        assert_eq!(hash.status, CheckStatus::Failed);
        assert_eq!(hash.sub_indication, Some(SubIndication::HashFailure));
        assert_eq!(
            hash.evidence.as_deref(),
            Some("dataHash abababababababababababababababababababab (over Doc_0/Signs/Sign_0/Signature.xml)")
        );
        // Under the strict policy the signature is not accepted, so the mismatch may be the
        // vendor convention: cannot verify, not tampering (with the same evidence).
        let (checks, _) = evaluate(&facts, &strict());
        let hash = check(&checks, ids::DATA_HASH);
        assert_eq!(hash.status, CheckStatus::Indeterminate);
        assert_eq!(hash.sub_indication, Some(SubIndication::FormatFailure));
        assert!(hash.message.contains("non-standard vendor convention"));
        assert!(hash.evidence.as_deref().is_some_and(|e| e.contains("abab")));
    }

    #[test]
    fn a_broken_vendor_signature_is_downgraded_a_broken_standard_one_fails() {
        let (checks, _) = evaluate(&seal_facts(true, false, Variant::Vendor), &lenient());
        let signature = check(&checks, ids::SIGNATURE_VALUE);
        assert_eq!(signature.status, CheckStatus::Indeterminate);
        assert_eq!(signature.sub_indication, Some(SubIndication::FormatFailure));
        let (checks, _) = evaluate(&seal_facts(true, false, Variant::Standard), &lenient());
        let signature = check(&checks, ids::SIGNATURE_VALUE);
        assert_eq!(signature.status, CheckStatus::Failed);
        assert_eq!(
            signature.sub_indication,
            Some(SubIndication::SigCryptoFailure)
        );
        assert_eq!(signature.message_zh, "签章人签名值验证失败");
    }

    #[test]
    fn the_seal_validity_period_must_cover_the_time_checked() {
        let mut facts = seal_facts(true, true, Variant::Standard);
        let cases = [
            (
                Some(datetime!(2023-12-31 0:00 UTC)),
                CheckStatus::Failed,
                Some(SubIndication::NotYetValid),
            ),
            (
                Some(datetime!(2026-01-02 0:00 UTC)),
                CheckStatus::Failed,
                Some(SubIndication::Expired),
            ),
            (
                Some(datetime!(2026-01-01 0:00 UTC)),
                CheckStatus::Passed,
                None,
            ),
            (
                None,
                CheckStatus::Indeterminate,
                Some(SubIndication::SigConstraintsFailure),
            ),
        ];
        for (at, status, sub) in cases {
            facts.validity.checked_at = at;
            let (checks, _) = evaluate(&facts, &strict());
            let validity = check(&checks, ids::SEAL_VALIDITY);
            assert_eq!(
                (validity.status, validity.sub_indication),
                (status, sub),
                "{at:?}"
            );
        }
    }

    #[test]
    fn a_seal_on_its_own_has_only_the_seal_checks() {
        let mut facts = seal_facts(true, true, Variant::Standard);
        facts.structure = SesStructure::Seal;
        facts.data_hash = None;
        facts.signer_signature = None;
        facts.signer_in_seal = None;
        facts.signer_chain = None;
        facts.maker_signature = None;
        let (checks, _) = evaluate(&facts, &strict());
        let order: Vec<CheckId> = checks.iter().map(|c| c.id).collect();
        assert_eq!(
            order,
            [ids::FORMAT, ids::SEAL_SIGNATURE, ids::SEAL_VALIDITY]
        );
        assert_eq!(checks[1].sub_indication, Some(SubIndication::FormatFailure));
    }

    fn references(digest: Option<DigestAlgorithm>, changes: Vec<Change>) -> OfdReferencesFact {
        OfdReferencesFact {
            check_method: "SHA1".into(),
            digest,
            method_named: true,
            references: ["Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml"]
                .into_iter()
                .map(|path| ReferenceFact {
                    path: path.into(),
                    digest: digest.map(|algorithm| DigestFact {
                        algorithm,
                        matches: true,
                    }),
                })
                .collect(),
            malformed: Vec::new(),
            changes,
        }
    }

    #[test]
    fn sha1_references_are_refused_by_strict_and_accepted_by_lenient_policy() {
        let facts = references(Some(DigestAlgorithm::Sha1), Vec::new());
        let refused = evaluate(&facts, &strict());
        assert_eq!(refused.id, ofd_ids::REFERENCES);
        assert_eq!(refused.status, CheckStatus::Indeterminate);
        assert_eq!(
            refused.sub_indication,
            Some(SubIndication::CryptoConstraintsFailure)
        );
        let accepted = evaluate(&facts, &lenient());
        assert_eq!(accepted.status, CheckStatus::Passed);
        assert_eq!(
            accepted.message,
            "all 2 protected files match their SHA-1 digests"
        );
        assert_eq!(accepted.evidence, None);
    }

    #[test]
    fn a_disallowed_change_fails_whatever_the_policy() {
        let removed = Change {
            revision: 0,
            object: None,
            action: "removed".into(),
            allowed_by: None,
            description: "Doc_0/Document.xml was removed after signing".into(),
        };
        let facts = references(Some(DigestAlgorithm::Sha1), vec![removed]);
        for policy in [strict(), lenient()] {
            let check = evaluate(&facts, &policy);
            assert_eq!(check.status, CheckStatus::Failed);
            assert_eq!(
                check.sub_indication,
                Some(SubIndication::DisallowedModification)
            );
            assert_eq!(
                check.evidence.as_deref(),
                Some("Doc_0/Document.xml was removed after signing")
            );
        }
    }

    #[test]
    fn an_unknown_digest_method_cannot_be_verified() {
        let mut facts = references(None, Vec::new());
        facts.check_method = "1.2.156.10197.1.401.2".into();
        facts.method_named = false;
        let check = evaluate(&facts, &lenient());
        assert_eq!(check.status, CheckStatus::Indeterminate);
        assert_eq!(
            check.evidence.as_deref(),
            Some("CheckMethod=1.2.156.10197.1.401.2")
        );
    }
}
