//! The policy's rules for cms signer facts; see [`crate::facts::cms`].
