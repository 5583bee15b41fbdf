//! The correction notice (一次性告知): one entry per defect, each naming the material, what is
//! wrong and what to do, in Chinese and English.

use serde::{Deserialize, Serialize};

use crate::catalog::Material;
use crate::verdict::Text;

use super::assess::Problem;

/// One defect of the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEntry {
    /// Material code, or `null` for defects of the applicant or of an unmatched upload.
    pub material: Option<String>,
    /// Stable code of the defect: `MISSING`, `TAMPERED`, `ID_CHECK_DIGIT`, … (for several
    /// problems of one upload, the first).
    pub code: String,
    /// The file concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub upload: Option<String>,
    pub zh: String,
    pub en: String,
}

/// "A或B", "A、B或C"; "A or B", "A, B or C".
pub fn alternatives<S: AsRef<str>>(items: &[S], comma: &str, or: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_string(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(|s| s.as_ref()).collect();
            format!("{}{or}{}", rest.join(comma), last.as_ref())
        }
    }
}

/// A material's name inside a sentence: titles of forms carry 《》, other names get “”.
pub fn quoted(name: &str) -> String {
    if name.starts_with('《') {
        name.to_string()
    } else {
        format!("“{name}”")
    }
}

/// The material's name as a heading: titles of forms already carry 《》.
pub fn heading(name: &str) -> String {
    if name.starts_with('《') {
        name.to_string()
    } else {
        format!("【{name}】")
    }
}

/// The last component of an upload's name (the notice never shows local directories).
fn short_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// A required material that was not uploaded.
pub fn missing_entry(material: &Material) -> NoticeEntry {
    NoticeEntry {
        material: Some(material.code.clone()),
        code: "MISSING".into(),
        upload: None,
        zh: format!(
            "{}未提交，请补充。{}",
            heading(&material.name),
            material.guidance
        ),
        en: format!(
            "[{}] missing; please add it. {}",
            material.name_en, material.guidance_en
        ),
    }
}

/// An upload that failed for a material; all its problems in one entry.
pub fn upload_entry(material: &Material, file: &str, problems: &[Problem]) -> NoticeEntry {
    let file = short_name(file);
    let what_zh: Vec<&str> = problems.iter().map(|p| p.what.zh.as_str()).collect();
    let what_en: Vec<&str> = problems.iter().map(|p| p.what.en.as_str()).collect();
    let mut action_zh: Vec<&str> = Vec::new();
    let mut action_en: Vec<&str> = Vec::new();
    for p in problems {
        if !p.action.zh.is_empty() && !action_zh.contains(&p.action.zh.as_str()) {
            action_zh.push(&p.action.zh);
            action_en.push(&p.action.en);
        }
    }
    NoticeEntry {
        material: Some(material.code.clone()),
        code: problems
            .first()
            .map(|p| p.code)
            .unwrap_or("INVALID")
            .to_string(),
        upload: Some(file.to_string()),
        zh: format!(
            "{}文件“{file}”{}。{}。",
            heading(&material.name),
            what_zh.join("；"),
            action_zh.join("；")
        )
        .replace("。。", "。"),
        en: format!(
            "[{}] file \"{file}\" {}. {}.",
            material.name_en,
            what_en.join("; "),
            capitalize_first(&action_en.join("; "))
        )
        .replace("..", "."),
    }
}

/// An upload that matches no material of the item.
pub fn unmatched_entry(file: &str, declared: Option<&str>) -> NoticeEntry {
    let file = short_name(file);
    let (zh_code, en_code) = match declared {
        Some(code) => (
            format!("（所选材料编号“{code}”不属于本事项）"),
            format!(" (material code \"{code}\" is not part of this item)"),
        ),
        None => (String::new(), String::new()),
    };
    NoticeEntry {
        material: None,
        code: "UNMATCHED_UPLOAD".into(),
        upload: Some(file.to_string()),
        zh: format!("文件“{file}”无法对应本事项的任何材料{zh_code}。请确认是否上传有误；如属本事项材料，请在上传时选择对应的材料名称。"),
        en: format!("File \"{file}\" does not correspond to any material of this item{en_code}. Check whether it was uploaded by mistake; if it belongs to this application, choose its material when uploading."),
    }
}

/// A defect of the applicant's own data.
pub fn applicant_entry(code: &str, what: Text, action: Text) -> NoticeEntry {
    NoticeEntry {
        material: None,
        code: code.to_string(),
        upload: None,
        zh: format!("【申请人信息】{}。{}。", what.zh, action.zh),
        en: format!(
            "[Applicant] {}. {}.",
            capitalize_first(&what.en),
            capitalize_first(&action.en)
        ),
    }
}

fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
