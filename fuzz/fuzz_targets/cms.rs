#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::cms::parse_for_fuzz(data));
