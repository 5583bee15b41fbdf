//! The policy's rules for timestamp facts; see [`crate::facts::timestamp`].
