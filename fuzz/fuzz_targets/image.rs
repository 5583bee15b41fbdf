#![no_main]
//! Image header reader (declared size and resolution of scans).

libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::image(data));
