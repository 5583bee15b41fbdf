//! The policy's rules for modification facts; see [`crate::facts::modification`].
