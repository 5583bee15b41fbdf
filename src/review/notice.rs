//! The correction notice (一次性告知): one entry per defect, each naming the material, what is
//! wrong and what to do, in Chinese and English.

use serde::{Deserialize, Serialize};

use crate::catalog::Material;
use crate::verdict::Text;

use super::problem::Problem;

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
    /// The entry in Chinese: what is wrong and what to do.
    pub zh: String,
    /// The entry in English.
    pub en: String,
    /// For deferred (容缺) materials: the date by which to supply them (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub supply_by: Option<String>,
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
        supply_by: None,
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

/// How the English text refers to an upload: by its name when that is plain ASCII, else by its
/// position (the English text stays entirely English).
pub fn file_en(file: &str, index: usize) -> String {
    let file = short_name(file);
    if !file.is_empty() && file.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        format!("file \"{file}\"")
    } else {
        format!("upload no. {}", index + 1)
    }
}

/// An upload that failed for a material: one entry per problem (one defect, one action).
pub fn upload_entries(
    material: &Material,
    file: &str,
    index: usize,
    problems: &[Problem],
) -> Vec<NoticeEntry> {
    let short = short_name(file);
    let file_en = file_en(file, index);
    problems
        .iter()
        .map(|p| {
            let mut zh = format!("{}文件“{short}”{}。", heading(&material.name), p.what.zh);
            let mut en = format!("[{}] {file_en} {}.", material.name_en, p.what.en);
            if !p.action.zh.is_empty() {
                zh.push_str(&format!("{}。", p.action.zh));
                en.push_str(&format!(" {}.", capitalize_first(&p.action.en)));
            }
            NoticeEntry {
                material: Some(material.code.clone()),
                code: p.code.to_string(),
                upload: Some(short.to_string()),
                zh: zh.replace("。。", "。"),
                en: en.replace("..", "."),
                supply_by: None,
            }
        })
        .collect()
}

/// A deferrable (容缺) material not uploaded: accepted for now, to be supplied by `by`.
pub fn deferred_entry(material: &Material, by: Option<time::Date>) -> NoticeEntry {
    let (zh, en) = match by {
        Some(d) => (
            format!(
                "{}可容缺受理，请于{}年{}月{}日前补交。{}",
                heading(&material.name),
                d.year(),
                u8::from(d.month()),
                d.day(),
                material.guidance
            ),
            format!(
                "[{}] may be supplied later: please supply it by {d}. {}",
                material.name_en, material.guidance_en
            ),
        ),
        None => (
            format!(
                "{}可容缺受理，请在办结前补交。{}",
                heading(&material.name),
                material.guidance
            ),
            format!(
                "[{}] may be supplied later: please supply it before the case is closed. {}",
                material.name_en, material.guidance_en
            ),
        ),
    };
    NoticeEntry {
        material: Some(material.code.clone()),
        code: "DEFERRED".into(),
        upload: None,
        zh,
        en,
        supply_by: by.map(|d| d.to_string()),
    }
}

/// A resident ID number with all but the first six and the last four characters hidden.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 6 || i + 4 >= chars.len() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Hides resident ID numbers in a notice text: every run of digits (and `X`) of 15 or at least
/// 18 characters, not inside a code with letters, keeps its first six and last four characters.
pub fn mask_ids(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x'))
            .count();
        if run == 0 {
            if let Some(c) = chars.get(i) {
                out.push(*c);
            }
            i += 1;
            continue;
        }
        let value: String = chars.get(i..i + run).unwrap_or_default().iter().collect();
        // 18 and 15 characters are ID numbers, a longer run may be one with extra digits; a run
        // inside a code with letters (a credit code) is not.
        let in_code = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(|c| c.is_ascii_alphabetic())
            || chars.get(i + run).is_some_and(|c| c.is_ascii_alphabetic());
        let is_id = !in_code
            && (run == 15 || run >= 18)
            && value.chars().filter(|c| c.is_ascii_digit()).count() >= 14;
        if is_id {
            out.push_str(&mask_id(&value));
        } else {
            out.push_str(&value);
        }
        i += run;
    }
    out
}

/// Keeps English text English: Chinese quotation marks become plain ones, and any run of
/// Chinese characters that slipped in (a signer's name, a printed value) is left out.
pub fn english_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dropped = false;
    for c in text.chars() {
        match c {
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '（' => out.push('('),
            '）' => out.push(')'),
            '：' => out.push(':'),
            '，' | '、' => out.push(','),
            c if c.is_ascii() || matches!(c, '×' | '…' | '–' | '—') => {
                if dropped && c != ' ' && !out.ends_with(' ') && c.is_alphanumeric() {
                    out.push(' ');
                }
                dropped = false;
                out.push(c);
            }
            _ => dropped = true,
        }
    }
    out.replace("\"\"", "")
        .replace("()", "")
        .replace("  ", " ")
        .replace(" ,", ",")
        .replace(" .", ".")
}

/// The notice as sent: ID numbers masked, the English text English only.
pub fn finish(entries: &mut [NoticeEntry]) {
    for e in entries {
        e.zh = mask_ids(&e.zh);
        e.en = english_only(&mask_ids(&e.en));
    }
}

/// An upload that matches no material of the item.
pub fn unmatched_entry(file: &str, index: usize, declared: Option<&str>) -> NoticeEntry {
    let file_en = file_en(file, index);
    let file = short_name(file);
    let (zh_code, en_code) = match declared {
        Some(_) => (
            "（所选的材料不属于本事项）".to_string(),
            " (the material chosen for it is not part of this item)".to_string(),
        ),
        None => (String::new(), String::new()),
    };
    NoticeEntry {
        material: None,
        code: "UNMATCHED_UPLOAD".into(),
        upload: Some(file.to_string()),
        zh: format!("文件“{file}”无法对应本事项的任何材料{zh_code}。请确认是否上传有误；如属本事项材料，请在上传时选择对应的材料名称。"),
        supply_by: None,
        en: format!("{} does not correspond to any material of this item{en_code}. Check whether it was uploaded by mistake; if it belongs to this application, choose its material when uploading.", capitalize_first(&file_en)),
    }
}

/// A defect of the applicant's own data.
pub fn applicant_entry(code: &str, what: Text, action: Text) -> NoticeEntry {
    NoticeEntry {
        material: None,
        code: code.to_string(),
        upload: None,
        supply_by: None,
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
