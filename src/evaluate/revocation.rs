//! The policy's rules for revocation facts; see [`crate::facts::revocation`].
