//! The same file, or the same picture, uploaded twice in one application (`DUPLICATE_UPLOAD`):
//! one photo of an ID card sent as both the front and the back, or as two materials.
//!
//! Same bytes are found by SHA-256. The same picture resized, recompressed or slightly cropped
//! is found by the perceptual hash and confirmed on thumbnails ([`crate::image::similar`]), so
//! two cards of the same template but of different people are not taken for one.

use crate::image::{similar, ImagePolicy};
use crate::verdict::Text;

use super::assess::{Judgement, Problem};
use super::image_checks::pictures;
use super::{UploadFacts, UploadOutcome};

/// An upload that repeats an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Index of the earlier upload.
    pub of: usize,
    /// `identical file` or `same picture`.
    pub how: &'static str,
}

/// For each upload, the earlier upload it repeats, if any.
pub fn find(uploads: &[UploadFacts]) -> Vec<Option<Duplicate>> {
    let max_distance = ImagePolicy::default().duplicate_max_distance;
    uploads
        .iter()
        .enumerate()
        .map(|(i, later)| {
            uploads.iter().take(i).enumerate().find_map(|(j, earlier)| {
                let sha = &later.report.sha256;
                // An empty or all-zero hash is a placeholder (reports built by callers).
                let known = sha.bytes().any(|b| b != b'0');
                if known && *sha == earlier.report.sha256 {
                    return Some(Duplicate {
                        of: j,
                        how: "identical file",
                    });
                }
                pictures(later)
                    .any(|a| {
                        pictures(earlier)
                            .any(|b| similar::same_picture(a, b, max_distance).is_some())
                    })
                    .then_some(Duplicate {
                        of: j,
                        how: "same picture",
                    })
            })
        })
        .collect()
}

/// Fails `judged` as a repeat of `earlier` (file name) when it is one.
pub fn apply(judged: &mut Judgement, duplicate: Option<&Duplicate>, uploads: &[UploadFacts]) {
    let Some(d) = duplicate else {
        return;
    };
    let earlier = uploads
        .get(d.of)
        .map(|f| f.file_name.as_str())
        .unwrap_or_default();
    let what = if d.how == "identical file" {
        Text::new(
            format!("is the same file as \"{earlier}\", uploaded before"),
            format!("与已上传的文件“{earlier}”完全相同"),
        )
    } else {
        Text::new(
            format!("is the same picture as \"{earlier}\", uploaded before"),
            format!("与已上传的文件“{earlier}”为同一张图片"),
        )
    };
    judged.outcome = UploadOutcome::Failed;
    judged.problems = vec![Problem::new(
        "DUPLICATE_UPLOAD",
        what,
        Text::new(
            "upload the right document here; each file must show a different material",
            "请在此处上传正确的材料，不同材料不能使用同一文件",
        ),
    )];
}
