//! Who issued a document, by identity: an office's registry of issuing bodies (public security
//! bureaus, hospitals, social-insurance agencies, …) with the public keys of their certificates
//! and the ids of their e-seals, and the identity of a signer read from its certificate.
//!
//! A catalog rule names a category or a USCC; [`IssuerRegistry::identify`] says which body, if
//! any, made a signature. Parts of names are never compared: a certificate for
//! `O=深圳市公安科技有限公司` is not a public security bureau, and `CN=Mallory, O=<the right O>`
//! from any CA is not the body named in O. See `docs/issuers.md`.

pub mod identity;
pub mod registry;

pub use identity::CertIdentity;
pub use registry::{Issuer, IssuerMatch, IssuerRegistry, MatchedBy, RegistryError, SCHEMA};

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;
