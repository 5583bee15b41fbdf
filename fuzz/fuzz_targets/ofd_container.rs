#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::seal::fuzz_ofd_container(data));
