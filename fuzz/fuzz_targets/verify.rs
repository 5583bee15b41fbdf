#![no_main]
const ROOT: &[u8] = include_bytes!("../../testdata/pki/generated/root.pem");
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::verify(data, ROOT));
