//! RFC 3161 timestamp facts: the token's form and TSTInfo, its message imprint, its own CMS
//! signer facts, its time against the validation time, and the TSA's certification path.
//!
//! [`crate::cms::timestamp`] establishes these for signature timestamps and document
//! timestamps alike; [`crate::evaluate::timestamp`] judges them (a token whose checks do not
//! all pass proves nothing).

use time::OffsetDateTime;

use super::signed_data::{CmsFormatFact, ComparedDigest, SignerFacts};
use crate::pki::ChainOutcome;

/// What verifying one timestamp token established.
#[derive(Debug, Clone)]
pub struct TimestampFacts {
    /// Whether the token is a readable SignedData over a TSTInfo with one signer; when it is
    /// not, nothing else was examined.
    pub format: CmsFormatFact,
    /// The TSTInfo, when it could be read.
    pub tst_info: Option<TstInfoFact>,
    /// The TSA's SignerInfo facts (over the TSTInfo).
    pub signer: Option<SignerFacts>,
    /// The message imprint against the timestamped data.
    pub imprint: Option<ImprintFact>,
    /// The validation time, when the genTime is after it (the token then proves nothing at
    /// the validation time).
    pub gen_time_after_validation: Option<OffsetDateTime>,
    /// The TSA certificate's path, validity and revocation, judged at genTime by
    /// [`crate::pki::validate_chain`] (when the TSA certificate was found).
    pub tsa_chain: Option<ChainOutcome>,
}

impl TimestampFacts {
    /// A token that could not be read (as far as the format says).
    pub fn unreadable(format: CmsFormatFact) -> Self {
        TimestampFacts {
            format,
            tst_info: None,
            signer: None,
            imprint: None,
            gen_time_after_validation: None,
            tsa_chain: None,
        }
    }

    /// The genTime, when the TSTInfo could be read.
    pub fn gen_time(&self) -> Option<OffsetDateTime> {
        self.tst_info.as_ref().map(|t| t.gen_time)
    }

    /// Whether the imprint was computed and differs from the timestamped data's digest.
    pub fn imprint_mismatch(&self) -> bool {
        matches!(&self.imprint, Some(ImprintFact::Compared { digest, .. }) if !digest.digest.matches)
    }
}

/// The TSTInfo fields a reader of the evidence wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TstInfoFact {
    /// TSTInfo version (1 per RFC 3161; other versions are format failures).
    pub version: u64,
    /// TSA policy, readable name or dotted OID.
    pub policy: String,
    /// serialNumber in lower-case hex.
    pub serial: String,
    /// genTime: when the TSA says the token was made.
    pub gen_time: OffsetDateTime,
    /// Readable name of the imprint's hash algorithm, or its dotted OID.
    pub imprint_algorithm: String,
}

/// The token's messageImprint against the digest of the timestamped data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImprintFact {
    /// The imprint's hash algorithm is not one this build computes (its readable name).
    UnsupportedAlgorithm(String),
    /// The digest was computed and compared.
    Compared {
        /// The comparison.
        digest: ComparedDigest,
        /// Readable name of the hash algorithm.
        algorithm: String,
    },
}
