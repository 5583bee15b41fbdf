//! Revocation facts: what each CRL and OCSP response says of each path certificate, when it was issued and until when it is fresh.
