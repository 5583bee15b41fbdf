#![no_main]
//! Certificate, CRL and OCSP readers, used against the test CAs as issuers.

const ISSUERS: &[&[u8]] = &[
    include_bytes!("../../testdata/pki/generated/root.pem"),
    include_bytes!("../../testdata/pki/generated/intermediate.pem"),
    include_bytes!("../../testdata/pki/chain/ocsp-responder.pem"),
    include_bytes!("../../testdata/pki/chain/sub-ca.pem"),
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::pki(data, ISSUERS));
