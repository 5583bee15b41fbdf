#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::pdf_object(data));
