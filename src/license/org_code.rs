//! 组织机构代码 (GB 11714-1997): eight characters 0–9/A–Z and a MOD 11 check character (digit
//! or X), usually written `XXXXXXXX-X`.

use super::{normalize, IdentifierError};

const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value_of(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        _ => None,
    }
}

/// The check character for an 8-character body.
pub fn check_character(body: &str) -> Option<char> {
    if body.chars().count() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in body.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

/// Checks an organization code (with or without the hyphen) and returns it without hyphen.
pub fn check(value: &str) -> Result<String, IdentifierError> {
    let code = normalize(value);
    let count = code.chars().count();
    if count != 9 {
        return Err(IdentifierError::new(
            "ORG_CODE_LENGTH",
            format!("an organization code has 9 characters (8 + check); {value:?} has {count}"),
            format!("组织机构代码应为9位（8位本体加1位校验码），“{value}”为{count}位"),
        ));
    }
    let body: String = code.chars().take(8).collect();
    if let Some((pos, c)) = body
        .chars()
        .enumerate()
        .find(|(_, c)| value_of(*c).is_none())
    {
        return Err(IdentifierError::new(
            "ORG_CODE_CHARACTER",
            format!("character {} of the organization code is {c:?}; only digits and capital letters are allowed", pos + 1),
            format!("组织机构代码第{}位“{c}”无效，只能是数字或大写字母", pos + 1),
        ));
    }
    let last = code.chars().nth(8).unwrap_or('?');
    let expected = check_character(&body).unwrap_or('?');
    if last != expected {
        return Err(IdentifierError::new(
            "ORG_CODE_CHECK_CHARACTER",
            format!("the check character of organization code {body}-{last} does not match the first 8 characters"),
            format!("组织机构代码{body}-{last}校验码不符"),
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_valid_codes_pass() {
        // Positions 9–17 of the USCC examples in cn_standards.md §5.
        for c in [
            "666007217",
            "591693856",
            "600037341",
            "71092609-4",
            "40135908-1",
        ] {
            assert!(check(c).is_ok(), "{c}");
        }
        assert_eq!(check("66600721-7").unwrap(), "666007217");
        // Letters count 10–35: MA5AP9ET gives check character 2.
        assert_eq!(check_character("MA5AP9ET"), Some('2'));
        assert_eq!(check("ma5ap9et-2").unwrap(), "MA5AP9ET2");
    }

    #[test]
    fn check_character_x_and_zero() {
        // Find bodies whose check is X and 0 and prove both round-trip.
        let mut saw_x = false;
        let mut saw_zero = false;
        for n in 10_000_000u32..10_000_200 {
            let body = n.to_string();
            let c = check_character(&body).unwrap();
            saw_x |= c == 'X';
            saw_zero |= c == '0';
            assert!(check(&format!("{body}-{c}")).is_ok());
        }
        assert!(saw_x && saw_zero);
    }

    #[test]
    fn invalid_codes_say_why() {
        let e = check("66600721-8").unwrap_err();
        assert_eq!(e.code, "ORG_CODE_CHECK_CHARACTER");
        assert!(!e.text.zh.contains("应为"), "{}", e.text.zh);
        assert_eq!(check("6660072").unwrap_err().code, "ORG_CODE_LENGTH");
        assert_eq!(check("66600*21-7").unwrap_err().code, "ORG_CODE_CHARACTER");
    }
}
