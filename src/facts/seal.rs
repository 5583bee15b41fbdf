//! SES e-seal facts: the seal's format and maker signature, its validity, the signer certificate, the digests of what it protects and the signature value.
