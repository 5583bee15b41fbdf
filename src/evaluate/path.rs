//! The policy's rules for certification path facts; see [`crate::facts::path`].
