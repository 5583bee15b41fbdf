//! Policy: the one place where the [`Policy`] is applied to [`crate::facts`] and checks are
//! written.
//!
//! Verifiers establish facts; every rule that decides whether those facts are acceptable — the
//! algorithm and key-size rules, the certification path, validity at the proven time,
//! revocation freshness, DocMDP/FieldMDP permissions, timestamps — lives in a submodule here,
//! once, and is reached through [`evaluate`]. The checks it writes carry their English and
//! Chinese text; [`crate::verdict::conclude`] derives the indication from them.

use crate::policy::Policy;

pub mod byte_range;
pub mod cms;
pub mod crypto;
pub mod modification;
pub mod path;
pub mod revocation;
pub mod seal;
pub mod timestamp;
pub mod validity;

/// Facts the policy can judge.
pub trait Facts {
    /// What judging them yields (a check, checks, checks and findings, …).
    type Judgement;

    /// Applies `policy` to these facts.
    fn judge(&self, policy: &Policy) -> Self::Judgement;
}

/// Applies `policy` to `facts`: the single entry from facts to checks.
pub fn evaluate<F: Facts + ?Sized>(facts: &F, policy: &Policy) -> F::Judgement {
    facts.judge(policy)
}
