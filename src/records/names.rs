//! Whether a person's name is written as the registry expects: Han characters (with the middle
//! dot `·` between the parts of a transliterated name), or Latin letters separated by single
//! spaces for foreigners. What the offices' data gets wrong: digits, stray or full-width spaces,
//! full-width letters mixed into half-width text, wrong dots, symbols and notes ("张三(退休)"),
//! and the `?`/`�` left behind by a lost encoding.

/// Why a name was rejected, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    pub en: String,
    pub zh: String,
}

fn problem(en: impl Into<String>, zh: impl Into<String>) -> NameProblem {
    NameProblem {
        en: en.into(),
        zh: zh.into(),
    }
}

/// Han ideographs: the unified block, its extensions and the compatibility block.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

/// The canonical form used to compare names across rows: whitespace removed, full-width
/// letters folded to half width, the dot variants folded to `·`, Latin letters upper-cased.
pub fn comparable(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '.' | '．' | '•' | '・' | '‧' | '∙' | '⋅' | '･' => '·',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
                .unwrap_or(c)
                .to_ascii_uppercase(),
            _ => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Checks a name; `Ok` when it is well formed.
pub fn check(name: &str) -> Result<(), NameProblem> {
    if name.trim().is_empty() {
        return Err(problem("the name is empty", "姓名为空"));
    }
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Err(problem(
            format!("the name {name:?} has spaces before or after it"),
            format!("姓名“{name}”首尾有空格"),
        ));
    }
    let mut han = 0usize;
    let mut latin = 0usize;
    let mut previous: Option<char> = None;
    for c in name.chars() {
        match c {
            '0'..='9' | '\u{FF10}'..='\u{FF19}' => {
                return Err(problem(
                    format!("the name {name:?} contains the digit {c:?}"),
                    format!("姓名“{name}”中含有数字“{c}”"),
                ));
            }
            '\u{3000}' => {
                return Err(problem(
                    format!("the name {name:?} contains a full-width space"),
                    format!("姓名“{name}”中含有全角空格"),
                ));
            }
            '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                return Err(problem(
                    format!("the name {name:?} contains the full-width letter {c:?}; letters are written half width"),
                    format!("姓名“{name}”中含有全角字母“{c}”，字母应为半角"),
                ));
            }
            '.' | '．' | '•' | '・' | '‧' | '∙' | '⋅' | '･' => {
                return Err(problem(
                    format!("the name {name:?} separates its parts with {c:?}; the separator is the middle dot ·"),
                    format!("姓名“{name}”中用“{c}”分隔，应使用间隔号“·”"),
                ));
            }
            '·' => {
                if previous.is_none() || previous == Some('·') {
                    return Err(problem(
                        format!("the name {name:?} has a misplaced middle dot"),
                        format!("姓名“{name}”中间隔号位置不正确"),
                    ));
                }
            }
            ' ' => {
                if previous == Some(' ') {
                    return Err(problem(
                        format!("the name {name:?} has two spaces in a row"),
                        format!("姓名“{name}”中有连续空格"),
                    ));
                }
            }
            c if c.is_whitespace() => {
                return Err(problem(
                    format!("the name {name:?} contains a tab or line break"),
                    format!("姓名“{name}”中含有制表符或换行符"),
                ));
            }
            'A'..='Z' | 'a'..='z' => latin += 1,
            c if is_han(c) => han += 1,
            _ => {
                return Err(problem(
                    format!("the name {name:?} contains {c:?}, which a name cannot contain"),
                    format!("姓名“{name}”中含有不能用于姓名的字符“{c}”"),
                ));
            }
        }
        previous = Some(c);
    }
    if previous == Some('·') {
        return Err(problem(
            format!("the name {name:?} has a misplaced middle dot"),
            format!("姓名“{name}”中间隔号位置不正确"),
        ));
    }
    if han > 0 && latin > 0 {
        return Err(problem(
            format!("the name {name:?} mixes Chinese characters and Latin letters"),
            format!("姓名“{name}”中汉字与字母混用"),
        ));
    }
    if han > 0 && name.contains(' ') {
        return Err(problem(
            format!("the name {name:?} has a space between Chinese characters"),
            format!("姓名“{name}”汉字之间有空格"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_pass() {
        for n in [
            "张三",
            "欧阳娜娜",
            "阿卜杜热合曼·买买提",
            "JOHN SMITH",
            "Anna",
            "𠀀明",
        ] {
            assert_eq!(check(n), Ok(()), "{n}");
        }
    }

    #[test]
    fn dirty_names_fail() {
        for n in [
            "",
            " 张三",
            "张三 ",
            "张 三",
            "张　三",
            "张三1",
            "张三１",
            "ＪＯＨＮ",
            "张三(退休)",
            "阿卜杜.热合曼",
            "阿卜杜•热合曼",
            "·张三",
            "张三·",
            "张?",
            "张\u{FFFD}",
            "张A",
            "JOHN  SMITH",
            "张\t三",
        ] {
            assert!(check(n).is_err(), "{n:?} should fail");
        }
        assert!(check("张三1").unwrap_err().zh.contains("数字"));
    }

    #[test]
    fn comparable_folds_spacing_width_and_dots() {
        assert_eq!(comparable(" 张 三 "), comparable("张三"));
        assert_eq!(comparable("阿卜杜.热合曼"), comparable("阿卜杜·热合曼"));
        assert_eq!(comparable("ｊｏｈｎ smith"), comparable("JOHNSMITH"));
        assert_ne!(comparable("张三"), comparable("张山"));
    }
}
