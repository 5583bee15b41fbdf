//! `--lang` of the text output: the default is the text the CLI always printed (English for
//! `verify` and `seal`, both languages for `review`); `zh` and `both` add the Chinese messages
//! the reports carry.

use std::process::Command;

fn sealcheck(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(args)
        .output()
        .expect("run sealcheck");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

const TAMPERED: &str = "testdata/pdf/tampered-byteflip-200k.pdf";

#[test]
fn verify_text_in_each_language() {
    let at = ["verify", "--at", "2026-11-26T00:00:00Z"];
    let default = sealcheck(&[&at[..], &[TAMPERED]].concat());
    let en = sealcheck(&[&at[..], &["--lang", "en", TAMPERED]].concat());
    assert_eq!(default, en);
    assert!(
        en.starts_with("validation time: 2026-11-26T00:00:00Z\n"),
        "{en}"
    );
    assert!(en.contains("HASH_FAILURE"), "{en}");

    let zh = sealcheck(&[&at[..], &["--lang", "zh", TAMPERED]].concat());
    assert!(zh.starts_with("验证时间：2026-11-26T00:00:00Z\n"), "{zh}");
    assert!(zh.contains("HASH_FAILURE"), "{zh}");
    // Every failed check line carries a Chinese message, none of the English ones.
    let failed: Vec<&str> = zh.lines().filter(|l| l.contains('✗')).collect();
    assert!(!failed.is_empty(), "{zh}");
    for line in &failed {
        assert!(
            line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{line}"
        );
    }

    let both = sealcheck(&[&at[..], &["--lang", "both", TAMPERED]].concat());
    let failed_en: Vec<&str> = en.lines().filter(|l| l.contains('✗')).collect();
    let failed_both: Vec<&str> = both.lines().filter(|l| l.contains('✗')).collect();
    assert_eq!(failed_en.len(), failed_both.len());
    for (e, b) in failed_en.iter().zip(&failed_both) {
        assert!(b.starts_with(e) && b.contains(" / "), "{e} | {b}");
    }
}

#[test]
fn unknown_language_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_sealcheck"))
        .args(["verify", "--lang", "fr", TAMPERED])
        .output()
        .expect("run sealcheck");
    assert_eq!(out.status.code(), Some(64));
}
