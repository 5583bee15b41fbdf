//! Drives the revision/change analysis with arbitrary bytes (cargo fuzz run changes).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = sealcheck::pdf::file::PdfFile::parse(data, 0, &sealcheck::Limits::default());
    let _ = sealcheck::pdf::changes::History::build(&file, 1);
    let _ = sealcheck::pdf::changes::tail_problem(&file);
});
