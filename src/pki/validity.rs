//! Validity facts of a path: each certificate's validity interval and the times known about
//! the signature. The time rules (expired, not yet valid, proof of existence) are applied by
//! [`crate::evaluate::validity`].

use super::ChainRequest;
use crate::facts::path::CertificateFact;
use crate::facts::validity::{IntervalFact, ValidityFacts};

/// `path` is leaf first, anchor last.
pub(crate) fn validity_facts(path: &[&CertificateFact], req: &ChainRequest<'_>) -> ValidityFacts {
    ValidityFacts {
        path: path
            .iter()
            .map(|c| IntervalFact {
                label: c.label.clone(),
                not_before: c.not_before,
                not_after: c.not_after,
            })
            .collect(),
        claimed_time: req.claimed_time,
        poe_time: req.poe_time,
        validation_time: req.validation_time,
    }
}
