//! The stable ids of verification checks, as one enum.
//!
//! Every check a verifier writes is keyed by a [`CheckId`]; it serialises to the snake_case id
//! string of the JSON contract (`checks[].id`), so the wire format is the one it always was. Code
//! that asks "is this a certificate check?" or "is this an integrity check?" asks the enum, never
//! a string prefix.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whose certificate a chain check of a seal is about (GM/T 0031 seals carry two: the signer's
/// and the seal maker's). PDF and CMS signatures have one certificate and no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertRole {
    /// The person or body that applied the seal.
    Signer,
    /// The body that made (issued) the seal.
    Maker,
}

macro_rules! check_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, )*) => {
        /// Stable machine id of one check (`checks[].id` in the JSON report).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum CheckId {
            $( $(#[$doc])* #[serde(rename = $id)] $variant, )*
        }

        impl CheckId {
            /// The id string of the JSON contract.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( CheckId::$variant => $id, )*
                }
            }
        }
    };
}

check_ids! {
    // PDF signature dictionary and ByteRange.
    /// The signature field and its dictionary.
    SignatureField = "signature_field",
    /// The /Contents hex string.
    Contents = "contents",
    /// The /ByteRange array and what it covers.
    ByteRange = "byte_range",
    /// Two signatures' byte ranges overlap.
    ByteRangeOverlap = "byte_range_overlap",
    /// The /SubFilter is one this build verifies.
    SubFilter = "sub_filter",
    /// The claimed /M signing time.
    SigningTime = "signing_time",
    /// A resource limit stopped the analysis.
    AnalysisLimit = "analysis_limit",
    /// The incremental updates after the signed revision.
    Modifications = "modifications",
    // CMS SignedData.
    /// The CMS structure.
    CmsFormat = "cms_format",
    /// The message-digest signed attribute against the signed bytes.
    MessageDigest = "message_digest",
    /// Digest of an encapsulated content against the signed bytes.
    ContentDigest = "content_digest",
    /// The signature value under the signer's key.
    SignatureValue = "signature_value",
    /// The signed attributes' required members.
    SignedAttributes = "signed_attributes",
    /// The signer's certificate is found and identified.
    SignerIdentification = "signer_identification",
    /// The RFC 3161 token's message imprint.
    MessageImprint = "message_imprint",
    /// The signature timestamp token.
    SignatureTimestamp = "signature_timestamp",
    /// The time a timestamp attests against the signer certificate.
    TimestampTime = "timestamp_time",
    // Certificate path (pki).
    /// A certification path to a trust anchor.
    CertificateChain = "certificate_chain",
    /// Validity periods along the path.
    CertificateValidity = "certificate_validity",
    /// Revocation status along the path.
    Revocation = "revocation",
    // GM/T 0031 seals (in OFD or PDF).
    /// The SES_Signature / SESeal structure.
    SesFormat = "ses_format",
    /// The seal's dataHash against the protected data.
    DataHash = "data_hash",
    /// The maker's signature over the seal.
    SealSignature = "seal_signature",
    /// The seal's own validity period.
    SealValidity = "seal_validity",
    /// The signer is among the seal's authorised signers.
    SignerInSeal = "signer_in_seal",
    /// The signature's timestamp.
    Timestamp = "timestamp",
    /// The seal's timestamp.
    SealTimestamp = "seal_timestamp",
    /// Chain of the signer's certificate.
    SignerCertificateChain = "signer_certificate_chain",
    /// Validity of the signer's certificate path.
    SignerCertificateValidity = "signer_certificate_validity",
    /// Revocation of the signer's certificate path.
    SignerRevocation = "signer_revocation",
    /// Chain of the seal maker's certificate.
    MakerCertificateChain = "maker_certificate_chain",
    /// Validity of the seal maker's certificate path.
    MakerCertificateValidity = "maker_certificate_validity",
    /// Revocation of the seal maker's certificate path.
    MakerRevocation = "maker_revocation",
    // OFD package.
    /// The signature file of an OFD signature.
    OfdSignatureFile = "ofd_signature_file",
    /// The OFD signature's references.
    OfdReferences = "ofd_references",
    /// The seal file of an OFD signature.
    OfdSealFile = "ofd_seal_file",
    /// The OFD package (ZIP) layout.
    OfdPackage = "ofd_package",
    /// What the OFD reader displays is what was signed.
    OfdDisplayedDocument = "ofd_displayed_document",
}

impl CheckId {
    /// The id of a path check (`certificate_chain`, `certificate_validity`, `revocation`) for the
    /// certificate of `role`; other ids are returned unchanged.
    pub fn for_role(self, role: CertRole) -> CheckId {
        match (role, self) {
            (CertRole::Signer, CheckId::CertificateChain) => CheckId::SignerCertificateChain,
            (CertRole::Signer, CheckId::CertificateValidity) => CheckId::SignerCertificateValidity,
            (CertRole::Signer, CheckId::Revocation) => CheckId::SignerRevocation,
            (CertRole::Maker, CheckId::CertificateChain) => CheckId::MakerCertificateChain,
            (CertRole::Maker, CheckId::CertificateValidity) => CheckId::MakerCertificateValidity,
            (CertRole::Maker, CheckId::Revocation) => CheckId::MakerRevocation,
            (_, other) => other,
        }
    }

    /// Whether this check is about a certificate path (chain, validity, revocation), of a
    /// signature or of either certificate of a seal.
    pub fn is_certificate_path(self) -> bool {
        matches!(
            self,
            CheckId::CertificateChain
                | CheckId::CertificateValidity
                | CheckId::Revocation
                | CheckId::SignerCertificateChain
                | CheckId::SignerCertificateValidity
                | CheckId::SignerRevocation
                | CheckId::MakerCertificateChain
                | CheckId::MakerCertificateValidity
                | CheckId::MakerRevocation
        )
    }

    /// Whether this check is about the integrity of a PDF signature (its dictionary, ByteRange
    /// and CMS container); the modification analysis places its check after the last of these.
    pub fn is_pdf_integrity(self) -> bool {
        matches!(
            self,
            CheckId::Contents
                | CheckId::ByteRange
                | CheckId::ByteRangeOverlap
                | CheckId::SubFilter
                | CheckId::CmsFormat
                | CheckId::MessageDigest
                | CheckId::ContentDigest
                | CheckId::MessageImprint
                | CheckId::SignatureValue
        )
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for CheckId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CheckId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_contract_string() {
        let json = serde_json::to_string(&CheckId::SignerCertificateChain).unwrap();
        assert_eq!(json, "\"signer_certificate_chain\"");
        let back: CheckId = serde_json::from_str("\"byte_range_overlap\"").unwrap();
        assert_eq!(back, CheckId::ByteRangeOverlap);
        assert_eq!(back.as_str(), "byte_range_overlap");
    }

    #[test]
    fn roles_rename_only_path_checks() {
        assert_eq!(
            CheckId::Revocation.for_role(CertRole::Maker),
            CheckId::MakerRevocation
        );
        assert_eq!(
            CheckId::DataHash.for_role(CertRole::Signer),
            CheckId::DataHash
        );
        assert!(CheckId::MakerCertificateValidity.is_certificate_path());
        assert!(!CheckId::SignerInSeal.is_certificate_path());
    }
}
