//! Timestamp facts: an RFC 3161 token's imprint, genTime, signature value and its TSA's path.
