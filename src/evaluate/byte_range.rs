//! The policy's rules for pdf byterange facts; see [`crate::facts::byte_range`].
