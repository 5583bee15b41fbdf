//! CMS signer facts: format, signer identification, message and content digests, the signature value, signed attributes and the claimed signing time.
