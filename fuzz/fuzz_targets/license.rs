#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealcheck::fuzzing::license(
    data,
    include_str!("../../data/issuers.example.toml")
));
