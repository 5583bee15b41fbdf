#![no_main]
//! Text layer reader of the pre-review (lopdf, bounded) and the identifier search over its text.

static QUIET_PANICS: std::sync::Once = std::sync::Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // sealcheck runs lopdf behind catch_unwind and turns a panic into a finding; libfuzzer's
    // hook would abort on that handled panic. A panic that escapes still aborts: the fuzz
    // harness checks for it around every input.
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    sealcheck::fuzzing::pdf_text(data)
});
