//! Tests of the registry, identities and e-licences on the test issuing authority.
