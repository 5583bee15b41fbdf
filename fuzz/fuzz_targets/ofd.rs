#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::seal::fuzz_read_ofd(data));
