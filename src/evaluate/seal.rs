//! The policy's rules for ses e-seal facts; see [`crate::facts::seal`].
