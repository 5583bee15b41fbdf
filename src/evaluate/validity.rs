//! The policy's rules for validity facts; see [`crate::facts::validity`].
