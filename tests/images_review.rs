//! The review uses what the image path found: real pictures from testdata/images uploaded as
//! the applicant's ID card of the pension transfer item (min 200 dpi, still valid, the
//! applicant's own).

use sealcheck::catalog::{builtin, ApplicantType};
use sealcheck::review::{Applicant, Application, MaterialStatus, Review, Reviewer, Upload};
use sealcheck::{Policy, Verifier};
use time::macros::datetime;

const ZHANGSAN_ID: &str = "110101198503120017";
const LISI_ID: &str = "321083197812162119";

fn review_with(policy: Policy, name: &str, id: &str, uploads: &[(&str, &str)]) -> Review {
    let reviewer = Reviewer::new(
        Verifier::new(Default::default(), policy),
        builtin::catalog().unwrap(),
    );
    let application = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "insurance-transfer".into(),
        applicant: Applicant {
            kind: ApplicantType::Individual,
            name: name.into(),
            identifier: Some(id.into()),
        },
        uploads: uploads
            .iter()
            .map(|(material, file)| Upload {
                material: Some(material.to_string()),
                file_name: file.to_string(),
                bytes: std::fs::read(format!("testdata/images/{file}")).unwrap(),
            })
            .collect(),
    };
    reviewer
        .review(&application, datetime!(2026-11-26 00:00 UTC))
        .unwrap()
}

fn review(uploads: &[(&str, &str)]) -> Review {
    review_with(Policy::default(), "张三", ZHANGSAN_ID, uploads)
}

fn id_card(r: &Review) -> &sealcheck::review::MaterialResult {
    r.materials.iter().find(|m| m.code == "id_card").unwrap()
}

fn notice_codes<'a>(r: &'a Review, material: &str) -> Vec<&'a str> {
    r.notice
        .iter()
        .filter(|n| n.material.as_deref() == Some(material))
        .map(|n| n.code.as_str())
        .collect()
}

#[test]
fn unusable_pictures_are_returned_with_the_reason() {
    for (file, code, words) in [
        ("page-blank.jpg", "IMAGE_BLANK", "空白"),
        ("id-zhangsan-blurred.jpg", "IMAGE_BLURRED", "模糊"),
        ("id-zhangsan-dark.jpg", "IMAGE_TOO_DARK", "过暗"),
        (
            "id-zhangsan-overexposed.jpg",
            "IMAGE_OVEREXPOSED",
            "曝光过度",
        ),
        ("id-zhangsan-lowres.jpg", "LOW_RESOLUTION", "200dpi"),
        ("one-pixel.png", "IMAGE_BLANK", "空白"),
        ("truncated.jpg", "IMAGE_TRUNCATED", "不完整"),
        ("photo.heic", "UNREADABLE_FILE", "HEIC格式照片"),
    ] {
        let r = review(&[("id_card", file)]);
        assert_eq!(id_card(&r).status, MaterialStatus::Invalid, "{file}");
        let codes = notice_codes(&r, "id_card");
        assert!(codes.contains(&code), "{file}: {codes:?}");
        let text: String = r.notice.iter().map(|n| n.zh.clone()).collect();
        assert!(text.contains(words), "{file}: {text}");
    }
}

#[test]
fn good_picture_without_ocr_is_never_accepted_unread() {
    let r = review(&[("id_card", "id-zhangsan.jpg")]);
    let m = id_card(&r);
    assert_eq!(m.status, MaterialStatus::Indeterminate);
    assert!(m.uploads[0].unchecked.contains(&"content".to_string()));
    assert!(
        r.review_reasons
            .iter()
            .any(|x| x.zh.contains("未能自动识别")),
        "{:?}",
        r.review_reasons
    );
}

#[test]
fn edited_picture_is_a_doubt_not_a_rejection() {
    let r = review(&[("id_card", "id-zhangsan-photoshop.jpg")]);
    assert_eq!(id_card(&r).status, MaterialStatus::Indeterminate);
    assert!(notice_codes(&r, "id_card").is_empty());
    assert!(
        r.review_reasons.iter().any(|x| x.en.contains("Photoshop")),
        "{:?}",
        r.review_reasons
    );
}

#[test]
fn the_same_picture_twice_is_a_duplicate_upload() {
    // The ID card photo again (resized) as the contribution certificate, and a cropped copy as
    // a second ID card upload.
    let r = review(&[
        ("id_card", "id-zhangsan.jpg"),
        ("contribution_certificate", "dup-zhangsan-resized.jpg"),
        ("id_card", "dup-zhangsan-cropped.jpg"),
    ]);
    assert!(
        notice_codes(&r, "contribution_certificate").contains(&"DUPLICATE_UPLOAD"),
        "{:?}",
        r.notice
    );
    let card = id_card(&r);
    assert_eq!(card.uploads.len(), 2);
    assert!(card.uploads[1]
        .problems
        .iter()
        .any(|p| p.zh.contains("同一张图片")));
    // Two different people's cards are not duplicates of each other.
    let r = review(&[("id_card", "id-zhangsan.jpg"), ("id_card", "id-lisi.jpg")]);
    assert!(
        r.notice.iter().all(|n| n.code != "DUPLICATE_UPLOAD"),
        "{:?}",
        r.notice
    );
}

#[test]
fn identical_files_are_duplicates_whatever_they_are() {
    let r = review(&[
        ("transfer_application", "page-certificate.jpg"),
        ("id_card", "page-certificate.jpg"),
    ]);
    let text: String = r.notice.iter().map(|n| n.zh.clone()).collect();
    assert!(text.contains("完全相同"), "{text}");
}

fn tesseract() -> Option<Policy> {
    if sealcheck::image::ocr::locate("tesseract").is_none() {
        println!("skipped: tesseract is not installed");
        return None;
    }
    let mut policy = Policy::default();
    policy.image.ocr.enabled = true;
    Some(policy)
}

#[test]
fn ocr_confirms_the_holder_and_validity() {
    let Some(policy) = tesseract() else { return };
    let r = review_with(
        policy,
        "张三",
        ZHANGSAN_ID,
        &[("id_card", "id-zhangsan.jpg")],
    );
    let m = id_card(&r);
    assert_eq!(
        m.status,
        MaterialStatus::Satisfied,
        "{:?} {:?}",
        m.uploads,
        r.review_reasons
    );
    assert!(
        m.uploads[0].unchecked.is_empty(),
        "{:?}",
        m.uploads[0].unchecked
    );
}

#[test]
fn ocr_finds_someone_elses_card() {
    let Some(policy) = tesseract() else { return };
    let r = review_with(policy, "李四", LISI_ID, &[("id_card", "id-zhangsan.jpg")]);
    assert_eq!(id_card(&r).status, MaterialStatus::Invalid);
    assert!(
        notice_codes(&r, "id_card").contains(&"HOLDER_MISMATCH"),
        "{:?}",
        r.notice
    );
}
