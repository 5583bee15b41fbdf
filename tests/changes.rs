//! Modification analysis on real signed files (testdata/changes) and on one fixture per attack
//! class built from a signed base file.

mod support;

use sealcheck::report::{DocumentReport, ModificationLevel};
use sealcheck::{Indication, Policy, SubIndication, TrustStore, Verifier};
use support::fixtures::{Attack, Base, Benign, ATTACKS};

fn verify(bytes: &[u8]) -> DocumentReport {
    let verifier = Verifier::new(TrustStore::default(), Policy::default());
    verifier.verify(bytes, time::macros::datetime!(2026-11-26 00:00 UTC))
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("testdata/changes/{name}")).expect(name)
}

fn levels(r: &DocumentReport) -> Vec<ModificationLevel> {
    r.signatures.iter().map(|s| s.modifications).collect()
}

fn disallowed_descriptions(r: &DocumentReport) -> Vec<String> {
    r.signatures
        .iter()
        .flat_map(|s| s.changes.iter())
        .filter(|c| c.allowed_by.is_none())
        .map(|c| c.description.clone())
        .collect()
}

fn assert_disallowed(r: &DocumentReport, words: &str) {
    let sig = &r.signatures[0];
    assert_eq!(
        sig.modifications,
        ModificationLevel::Disallowed,
        "{:?}",
        sig.changes
    );
    assert_eq!(sig.indication, Indication::TotalFailed);
    assert_eq!(
        sig.sub_indication,
        Some(SubIndication::DisallowedModification)
    );
    let all = disallowed_descriptions(r).join(" | ");
    assert!(all.contains(words), "expected '{words}' in: {all}");
}

#[test]
fn unmodified_file_has_no_modifications() {
    let r = verify(&read("rsa2048-pades-20k.pdf"));
    assert_eq!(levels(&r), vec![ModificationLevel::None]);
    assert!(r.signatures[0].changes.is_empty());
}

#[test]
fn annotation_after_signing_is_allowed_and_reported() {
    let r = verify(&read("annotation-after-signing-200k.pdf"));
    let sig = &r.signatures[0];
    assert_eq!(sig.modifications, ModificationLevel::Allowed);
    assert!(sig
        .changes
        .iter()
        .any(|c| c.allowed_by.as_deref() == Some("annotation")
            && c.description.contains("Text annotation added on page 1")));
    assert!(sig
        .findings
        .iter()
        .any(|f| f.code == "ANNOTATION_AFTER_SIGNING"));
}

#[test]
fn replaced_page_content_is_disallowed_in_plain_words() {
    let r = verify(&read("modified-content-after-signing-200k.pdf"));
    assert_disallowed(&r, "page 1 content replaced in revision 3");
    let check = r.signatures[0]
        .checks
        .iter()
        .find(|c| c.id == "modifications")
        .unwrap();
    assert!(check
        .message
        .contains("page 1 content replaced in revision 3"));
    assert!(!check.message_zh.is_empty());
}

#[test]
fn docmdp_p1_forbids_annotations() {
    let r = verify(&read("certified-p1-then-annotation-200k.pdf"));
    assert_eq!(r.signatures[0].docmdp, Some(1));
    assert_disallowed(&r, "DocMDP P=1");
}

#[test]
fn trailing_garbage_is_caught() {
    let r = verify(&read("byterange-trailing-garbage-200k.pdf"));
    assert_ne!(r.signatures[0].indication, Indication::TotalPassed);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "UNEXPLAINED_TRAILING_BYTES"));
}

#[test]
fn second_signature_is_allowed_for_the_first() {
    let r = verify(&read("two-signatures-200k.pdf"));
    assert_eq!(
        levels(&r),
        vec![ModificationLevel::Allowed, ModificationLevel::None]
    );
}

#[test]
fn form_updates_that_touch_only_the_field_are_allowed() {
    for name in [
        "form-update-override-appearance-stream.pdf",
        "form-update-override-appearance-stream-ap-indirect.pdf",
        "form-update-no-override-appearance-stream-ap-indirect.pdf",
        "form-update-original-ap-type-wrong.pdf",
    ] {
        let r = verify(&read(name));
        assert!(
            r.signatures
                .iter()
                .all(|s| s.modifications != ModificationLevel::Disallowed),
            "{name}: {:?}",
            disallowed_descriptions(&r)
        );
        assert_eq!(
            r.signatures[0].modifications,
            ModificationLevel::Allowed,
            "{name}"
        );
    }
}

#[test]
fn form_updates_that_clobber_shared_objects_are_disallowed() {
    for (name, words) in [
        (
            "form-update-override-appearance-stream-sneaky.pdf",
            "also used by",
        ),
        (
            "form-update-override-appearance-stream-ap-indirect-sneaky.pdf",
            "also used by",
        ),
        (
            "form-update-no-override-appearance-stream-ap-indirect-sneaky.pdf",
            "also used by",
        ),
        (
            "form-update-ap-indirect-sneaky-trailer.pdf",
            "also used by the trailer",
        ),
    ] {
        let r = verify(&read(name));
        assert_disallowed(&r, words);
    }
}

#[test]
fn extension_updates() {
    for name in [
        "extensions-direct.pdf",
        "extensions-indirect.pdf",
        "extensions-update-direct.pdf",
        "extensions-update-indirect.pdf",
    ] {
        let r = verify(&read(name));
        assert!(
            r.signatures
                .iter()
                .all(|s| s.modifications != ModificationLevel::Disallowed),
            "{name}: {:?}",
            disallowed_descriptions(&r)
        );
    }
    let r = verify(&read("extensions-indirect-not-all-paths.pdf"));
    assert_disallowed(&r, "also used elsewhere");
}

#[test]
fn multi_signature_and_dss_updates_are_allowed() {
    for name in [
        "minimal-two-fields-signed-twice.pdf",
        "pades-lta-dss-indirect-arrs-test-2.pdf",
        "certified-with-indirect-refs-in-dir.pdf",
    ] {
        let r = verify(&read(name));
        assert!(
            r.signatures
                .iter()
                .all(|s| s.modifications != ModificationLevel::Disallowed),
            "{name}: {:?}",
            disallowed_descriptions(&r)
        );
    }
    let r = verify(&read("pades-lta-dss-indirect-arrs-test-2.pdf"));
    assert!(r.signatures[0]
        .changes
        .iter()
        .any(|c| c.allowed_by.as_deref() == Some("dss")));
}

#[test]
fn every_attack_class_is_disallowed() {
    let base_bytes = read("rsa2048-pades-20k.pdf");
    let base = Base::read(&base_bytes);
    for attack in ATTACKS {
        let r = verify(&base.attack(*attack));
        let sig = &r.signatures[0];
        assert_eq!(
            sig.modifications,
            ModificationLevel::Disallowed,
            "{attack:?}: {:?}",
            sig.changes
        );
        assert_eq!(sig.indication, Indication::TotalFailed, "{attack:?}");
        let words = match attack {
            Attack::PageContentReplaced => "page 1 content replaced",
            Attack::PageRemoved => "page tree changed",
            Attack::ObjectFreed => "deleted",
            Attack::CatalogOpenAction => "/OpenAction",
            Attack::RootReplaced => "catalog was replaced",
            Attack::SignatureDictModified => "signature dictionary",
            Attack::EvilAnnotation | Attack::AnnotationOverText => {
                "drawn over existing page content"
            }
            Attack::SneakySignature => "drawn over existing content",
            Attack::TrailingGarbage => "not a valid incremental update",
            Attack::ObjectsWithoutXref => "no cross-reference table lists",
            Attack::MisdirectedXrefEntry => "points at object",
            Attack::ReusedObjectNumber => "page 1 content replaced",
        };
        let all: Vec<String> = sig.changes.iter().map(|c| c.description.clone()).collect();
        assert!(
            all.iter().any(|d| d.contains(words)),
            "{attack:?}: expected '{words}' in {all:?}"
        );
    }
}

#[test]
fn benign_updates_stay_allowed() {
    let base_bytes = read("rsa2048-pades-20k.pdf");
    let base = Base::read(&base_bytes);
    for benign in [
        Benign::SmallTextAnnotation,
        Benign::InfoUpdate,
        Benign::NewInvisibleSignatureField,
    ] {
        let r = verify(&base.benign(benign));
        assert_eq!(
            r.signatures[0].modifications,
            ModificationLevel::Allowed,
            "{benign:?}: {:?}",
            r.signatures[0].changes
        );
    }
}

#[test]
fn damaged_updates_never_panic() {
    // What the fuzz target does, on a fixed set of truncations and byte flips.
    let base_bytes = read("rsa2048-pades-20k.pdf");
    let base = Base::read(&base_bytes);
    for attack in [
        Attack::EvilAnnotation,
        Attack::SneakySignature,
        Attack::PageRemoved,
    ] {
        let bytes = base.attack(attack);
        let tail_start = base_bytes.len();
        for cut in (tail_start..bytes.len()).step_by(37) {
            let _ = verify(&bytes[..cut]);
        }
        for at in (tail_start..bytes.len()).step_by(23) {
            let mut m = bytes.clone();
            m[at] ^= 0x5a;
            let _ = verify(&m);
        }
    }
}

#[test]
#[ignore]
fn dump_fixtures() {
    let base_bytes = read("rsa2048-pades-20k.pdf");
    let base = Base::read(&base_bytes);
    for attack in ATTACKS {
        std::fs::write(format!("/tmp/fixture-{attack:?}.pdf"), base.attack(*attack)).unwrap();
    }
}

/// The certified file with its DocMDP permission rewritten in place (the analysis does not depend
/// on the CMS signature, which no longer matches).
fn certified_with_p(p: u8) -> Vec<u8> {
    let mut bytes = read("certified-p1-then-annotation-200k.pdf");
    let needle = b"/P 1\n>>";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("DocMDP parameters");
    bytes[at + 3] = b'0' + p;
    bytes
}

#[test]
fn docmdp_p2_forbids_annotations_and_p3_allows_them() {
    let r = verify(&certified_with_p(2));
    assert_eq!(r.signatures[0].docmdp, Some(2));
    assert_eq!(r.signatures[0].modifications, ModificationLevel::Disallowed);
    assert!(disallowed_descriptions(&r)
        .iter()
        .any(|d| d.contains("DocMDP P=2")));

    let r = verify(&certified_with_p(3));
    assert_eq!(r.signatures[0].docmdp, Some(3));
    assert_eq!(
        r.signatures[0].modifications,
        ModificationLevel::Allowed,
        "{:?}",
        r.signatures[0].changes
    );
}

/// The base file with one byte sequence of its signature dictionary replaced (padded with
/// spaces to the same length, so no offset moves).
fn patched(from: &[u8], to: &[u8]) -> Vec<u8> {
    assert!(to.len() <= from.len());
    let mut to = to.to_vec();
    to.resize(from.len(), b' ');
    let mut bytes = read("rsa2048-pades-20k.pdf");
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern");
    bytes[at..at + from.len()].copy_from_slice(&to);
    bytes
}

#[test]
fn universal_signature_forgery_variants_each_have_a_finding() {
    for (from, to, code) in [
        (&b"/Contents <"[..], &b"/Contentz <"[..], "CONTENTS_MISSING"),
        (b"/ByteRange [", b"/ByteRangz [", "BYTERANGE_MALFORMED"),
        (
            b"/ByteRange [0 ",
            b"/ByteRange [1 ",
            "BYTERANGE_NOT_FROM_START",
        ),
        (
            b"/ByteRange [0 20683 ",
            b"/ByteRange [0 20682 ",
            "SIGNATURE_WRAPPING",
        ),
        (
            b"/ByteRange [0 20683 29963 551]",
            b"/ByteRange [0 20683 29963 999]",
            "BYTERANGE_OUT_OF_BOUNDS",
        ),
        (
            b"/ByteRange [0 20683 29963 551]",
            b"/ByteRange null",
            "BYTERANGE_MALFORMED",
        ),
        (
            b"/ByteRange [0 20683 29963 551]",
            b"/ByteRange [0 20683 29963]",
            "BYTERANGE_WRONG_LENGTH",
        ),
    ] {
        let r = verify(&patched(from, to));
        let sig = &r.signatures[0];
        assert_ne!(sig.indication, Indication::TotalPassed, "{code}");
        assert!(
            sig.findings.iter().any(|f| f.code == code),
            "{code}: {:?}",
            sig.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
        );
    }
}

#[test]
fn shadow_preparations_are_warned_about() {
    use sealcheck::pdf::file::PdfFile;
    use sealcheck::pdf::shadow::preparations;
    let base_bytes = read("rsa2048-pades-20k.pdf");
    let clean = PdfFile::parse(&base_bytes, 0, &sealcheck::Limits::default());
    let last = clean.revisions.len() - 1;
    assert!(
        preparations(&clean, last).is_empty(),
        "{:?}",
        preparations(&clean, last)
    );
    // An overlay (visible annotation on top of another one) and a page nothing uses: what a
    // shadow attacker leaves in the document before it is signed.
    let base = Base::read(&base_bytes);
    let prepared = base.attack(Attack::EvilAnnotation);
    let base2 = Base::read(&prepared);
    let prepared = base2.update(
        &[
            (
                90,
                "<< /Type /Annot /Subtype /Square /Rect [100 100 300 300] /F 4 /AP << /N 91 0 R >> >>"
                    .into(),
            ),
            (91, "<< /Length 0 /Subtype /Form /BBox [0 0 1 1] >>\nstream\n\nendstream".into()),
            (92, "<< /Type /Page /MediaBox [0 0 595 842] >>".into()),
        ],
        &[],
        "",
        None,
    );
    let file = PdfFile::parse(&prepared, 0, &sealcheck::Limits::default());
    let codes: Vec<String> = preparations(&file, file.revisions.len() - 1)
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert!(
        codes.contains(&"SHADOW_UNUSED_CONTENT".to_string()),
        "{codes:?}"
    );
}
