//! Facts: what the verifiers establish about a signature, before any policy is applied.
//!
//! In the manner of EU DSS's diagnostic data, each verifier (CMS signer, timestamp token,
//! certification path, revocation, SES seal, modification analysis) records what it found —
//! which algorithms and key sizes, whether a digest matches, whether a signature value verifies
//! (also when its algorithm is weak), which certification paths exist and their validity
//! intervals, what the CRLs and OCSP responses say, which timestamps prove what, what changed
//! after signing — and nothing about whether that is acceptable. The policy is applied to these
//! facts in one place, [`crate::evaluate`], which writes the checks with their zh/en text;
//! [`crate::verdict::conclude`] then derives the indication.
//!
//! Facts never depend on the [`crate::policy::Policy`]: the same bytes give the same facts under
//! any policy.

pub mod byte_range;
pub mod cms;
pub mod crypto;
pub mod modification;
pub mod path;
pub mod revocation;
pub mod seal;
pub mod signed_data;
pub mod timestamp;
pub mod validity;
