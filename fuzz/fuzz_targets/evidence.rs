#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::evidence(data));
