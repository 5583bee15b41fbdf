//! What the image path found, judged for a material that must be a picture (a scan or photo,
//! or a PDF of scanned pages): a blank, blurred, dark, overexposed or broken picture is a
//! defect the applicant can fix; an edited one is a doubt for staff; one whose content could
//! not be read is never accepted for a material whose content matters.

use crate::catalog::Material;
use crate::image::{codes, ImageReport};
use crate::license::normalize;
use crate::verdict::Text;

use super::problem::Problem;
use super::{Applicant, UploadFacts};

/// The pictures of an upload: the image itself, or the page images of a scanned PDF.
pub fn pictures(facts: &UploadFacts) -> impl Iterator<Item = &ImageReport> {
    facts
        .report
        .image
        .iter()
        .chain(facts.report.page_images.iter())
}

/// Whether the upload went through the image path (its pictures were decoded, or tried).
fn is_picture(facts: &UploadFacts) -> bool {
    pictures(facts).next().is_some()
        || facts.report.findings.iter().any(|f| {
            f.code == codes::UNDECODABLE || f.code == crate::policy::limit_codes::IMAGE_PIXELS
        })
}

fn retake(en: &str, zh: &str) -> Text {
    Text::new(en, zh)
}

/// Defects and doubts from the image findings of an upload used as a scanned image.
/// `catalog_checks_resolution`: the catalog's `min_dpi` is judged elsewhere (with the size of
/// the document), so the verifier's generic low-resolution finding is not repeated.
pub fn problems(
    material: &Material,
    applicant: &Applicant,
    facts: &UploadFacts,
    catalog_checks_resolution: bool,
    unchecked: &mut Vec<String>,
) -> Vec<Problem> {
    if !is_picture(facts) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for f in &facts.report.findings {
        if seen.contains(&f.code.as_str()) {
            continue;
        }
        let problem = match f.code.as_str() {
            codes::BLANK => Problem::new(
                "IMAGE_BLANK",
                Text::new(
                    "is blank: it shows no document",
                    "为空白图片，未显示任何材料内容",
                ),
                retake(
                    "photograph or scan the whole document and upload that picture",
                    "请拍摄或扫描材料全貌后重新上传",
                ),
            ),
            codes::BLURRED => Problem::new(
                "IMAGE_BLURRED",
                Text::new("is blurred and cannot be read", "图片模糊，无法辨认"),
                retake(
                    "take the picture again, in focus and holding the camera still",
                    "请对焦清晰、保持稳定后重新拍摄上传",
                ),
            ),
            codes::TOO_DARK => Problem::new(
                "IMAGE_TOO_DARK",
                Text::new("is too dark to read", "图片过暗，无法辨认"),
                retake(
                    "take the picture again in good light",
                    "请在光线充足处重新拍摄上传",
                ),
            ),
            codes::OVEREXPOSED => Problem::new(
                "IMAGE_OVEREXPOSED",
                Text::new(
                    "is overexposed: the writing is washed out",
                    "图片曝光过度，字迹看不清",
                ),
                retake(
                    "take the picture again without flash or glare",
                    "请避免闪光灯和反光，重新拍摄上传",
                ),
            ),
            codes::UNDECODABLE => Problem::new(
                "IMAGE_UNDECODABLE",
                Text::new(
                    format!("cannot be opened as a picture ({})", f.message),
                    format!("无法作为图片打开（{}）", f.message_zh),
                ),
                retake(
                    "save the picture as JPG or PNG and upload it again",
                    "请将图片保存为JPG或PNG格式后重新上传",
                ),
            ),
            codes::TRUNCATED => Problem::new(
                "IMAGE_TRUNCATED",
                Text::new(
                    "is incomplete: the file was cut off",
                    "文件不完整（数据缺失）",
                ),
                retake("upload the file again", "请重新上传完整的文件"),
            ),
            codes::LOW_RESOLUTION if !catalog_checks_resolution => Problem::new(
                "LOW_RESOLUTION",
                Text::new(f.message.clone(), f.message_zh.clone()),
                retake(
                    "scan or photograph it again at a higher resolution",
                    "请提高分辨率重新扫描或拍摄后上传",
                ),
            ),
            codes::EDITED => Problem::new(
                "IMAGE_EDITED",
                Text::new(
                    format!(
                        "was edited or re-saved after it was taken ({})",
                        f.evidence.as_deref().unwrap_or_default()
                    ),
                    format!(
                        "在拍摄后经过编辑或重新保存（{}），须人工核实",
                        f.evidence.as_deref().unwrap_or_default()
                    ),
                ),
                Text::new("", ""),
            ),
            crate::policy::limit_codes::IMAGE_PIXELS => Problem::new(
                "IMAGE_NOT_CHECKED",
                Text::new(
                    "is too large a picture to be checked automatically",
                    "图片像素过大，未能自动检测",
                ),
                Text::new("", ""),
            ),
            _ => continue,
        };
        seen.push(problem.code);
        out.push(problem);
    }
    // What a picture says is read by OCR only. Without it, a material whose content decides
    // the matter (whose it is, whether it is still valid) cannot be accepted unread.
    let read: String = pictures(facts)
        .map(ImageReport::text_lines)
        .collect::<Vec<_>>()
        .join("\n");
    let content_matters = material.held_by_applicant || material.constraints.still_valid;
    if read.trim().is_empty() {
        if content_matters {
            unchecked.push("content".into());
            out.push(Problem::new(
                "CONTENT_UNREAD",
                Text::new(
                    "is a picture whose text could not be read automatically (no OCR); check whose it is and that it is valid",
                    "为图片，其文字未能自动识别（无OCR），须人工核对持有人及有效期",
                ),
                Text::new("", ""),
            ));
        }
    } else if material.held_by_applicant {
        if let Some(p) = identity_unconfirmed(applicant, &read) {
            out.push(p);
        }
    }
    out
}

/// The applicant's name or identifier should appear in what OCR read from their own document.
/// OCR misreads, so a miss is a doubt for staff, never a defect.
fn identity_unconfirmed(applicant: &Applicant, read: &str) -> Option<Problem> {
    let compact: String = read.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_uppercase();
    let name: String = applicant
        .name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let name_found = name.chars().count() >= 2 && compact.contains(&name);
    let id_found = applicant
        .identifier
        .as_deref()
        .map(normalize)
        .is_some_and(|id| id.len() >= 9 && upper.contains(&id));
    (!name_found && !id_found).then(|| {
        Problem::new(
            "IDENTITY_UNCONFIRMED",
            Text::new(
                "shows neither the applicant's name nor their identifier in the text read from it",
                "识别出的文字中既没有申请人姓名（名称），也没有其证件号码，须人工核对",
            ),
            Text::new("", ""),
        )
    })
}
