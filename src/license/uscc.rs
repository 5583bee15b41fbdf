//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S,
//! V), the last a MOD 31 check character. Positions 9–17 are the organization code (GB 11714).

use super::{normalize, org_code, IdentifierError};

/// The alphabet in value order: 0–9 then 21 upper-case letters.
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The parts of a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode {
    /// The normalised 18 characters.
    pub code: String,
    /// Position 1: the registering authority (1 机构编制, 5 民政, 9 工商, Y 其他 …).
    pub registering_authority: char,
    /// Position 2: the kind of organisation within that authority.
    pub organisation_category: char,
    /// Positions 3–8: administrative-division code.
    pub region: String,
    /// Positions 9–17: the organization code body with its own check character.
    pub org_code: String,
}

fn value_of(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters, or `None` if they are not 17 characters
/// of the alphabet.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// Checks an 18-character unified social credit code and returns its parts.
pub fn check(value: &str) -> Result<CreditCode, IdentifierError> {
    let code = normalize(value);
    let count = code.chars().count();
    if count != 18 {
        return Err(IdentifierError::new(
            "USCC_LENGTH",
            format!("a unified social credit code has 18 characters; {value:?} has {count}"),
            format!("统一社会信用代码应为18位，“{value}”为{count}位"),
        ));
    }
    if let Some((pos, c)) = code
        .chars()
        .enumerate()
        .find(|(_, c)| value_of(*c).is_none())
    {
        let hint_en = if matches!(c, 'I' | 'O' | 'Z' | 'S' | 'V') {
            " (the letters I, O, Z, S and V are never used; I/O are often typed for 1/0)"
        } else {
            ""
        };
        let hint_zh = if matches!(c, 'I' | 'O' | 'Z' | 'S' | 'V') {
            "（代码中不使用字母I、O、Z、S、V，常见为数字1、0误录）"
        } else {
            ""
        };
        return Err(IdentifierError::new(
            "USCC_ALPHABET",
            format!("character {} of the unified social credit code is {c:?}, which is not allowed{hint_en}", pos + 1),
            format!("统一社会信用代码第{}位“{c}”为不允许使用的字符{hint_zh}", pos + 1),
        ));
    }
    let body: String = code.chars().take(17).collect();
    let last = code.chars().nth(17).unwrap_or('?');
    let expected = check_character(&body).unwrap_or('?');
    if last != expected {
        return Err(IdentifierError::new(
            "USCC_CHECK_CHARACTER",
            format!("the check character of unified social credit code {code} does not match the other 17 characters; a character was probably mistyped"),
            format!("统一社会信用代码{code}校验码不符，可能有字符录入错误"),
        ));
    }
    let org: String = code.chars().skip(8).take(9).collect();
    // A correct USCC check character does not prove the embedded organization code: the
    // registry computes both, so a mismatch means a forged or hand-made code.
    if let Err(e) = org_code::check(&org) {
        return Err(IdentifierError::new(
            "USCC_ORG_CODE",
            format!("characters 9–17 of the unified social credit code are not a valid organization code: {}", e.text.en),
            format!("统一社会信用代码第9至17位不是有效的组织机构代码：{}", e.text.zh),
        ));
    }
    let mut chars = code.chars();
    let registering_authority = chars.next().unwrap_or('?');
    let organisation_category = chars.next().unwrap_or('?');
    Ok(CreditCode {
        region: code.chars().skip(2).take(6).collect(),
        org_code: org,
        registering_authority,
        organisation_category,
        code,
    })
}

/// Registering-authority codes of GB 32100 (first character): 机构编制 1, 外交 2, 司法行政 3,
/// 文化 4, 民政 5, 旅游 6, 宗教 7, 工会 8, 工商 9, 中央军委改革和编制办公室 A, 农业 N, other Y.
const REGISTERING_AUTHORITIES: &str = "123456789ANY";

/// What a credit code is, beyond valid or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeClass {
    /// Passes every check.
    Valid(CreditCode),
    /// Fails only the MOD 31 check character, yet has the shape of a code from the first years
    /// of the scheme (before 2016): a known registering authority, a six-digit region and a
    /// valid embedded organization code. Some such codes were issued and are still printed, so
    /// the number goes to a clerk (manual review), not back to the citizen. Holds the code.
    LegacyShape(String),
    /// Not a credit code, with the reason.
    Invalid(IdentifierError),
}

/// Classifies `value` as a credit code: valid, legacy shape or invalid.
pub fn classify(value: &str) -> CreditCodeClass {
    match check(value) {
        Ok(code) => CreditCodeClass::Valid(code),
        Err(e) if e.code == "USCC_CHECK_CHARACTER" && has_legacy_shape(&normalize(value)) => {
            CreditCodeClass::LegacyShape(normalize(value))
        }
        Err(e) => CreditCodeClass::Invalid(e),
    }
}

/// Authority, six-digit region and a valid organization code in positions 9–17 (the caller
/// has checked length and alphabet).
fn has_legacy_shape(code: &str) -> bool {
    let authority_known = code
        .chars()
        .next()
        .is_some_and(|c| REGISTERING_AUTHORITIES.contains(c));
    let region_digits = code
        .get(2..8)
        .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit()));
    let org_valid = code.get(8..17).is_some_and(|o| org_code::check(o).is_ok());
    authority_known && region_digits && org_valid
}

#[cfg(test)]
mod tests {
    use super::*;

    // Valid examples from cn_standards.md §5 (hutool CreditCodeUtilTest, python-stdnum).
    const VALID: [&str; 5] = [
        "91310110666007217T",
        "91310115591693856A",
        "91110000600037341L",
        "91110000710926094P",
        "121200004013590816",
    ];

    #[test]
    fn documented_valid_codes_pass() {
        for c in VALID {
            let parsed = check(c).unwrap_or_else(|e| panic!("{c}: {e}"));
            assert_eq!(parsed.code, c);
        }
        let c = check("91310110666007217T").unwrap();
        assert_eq!(c.registering_authority, '9');
        assert_eq!(c.organisation_category, '1');
        assert_eq!(c.region, "310110");
        assert_eq!(c.org_code, "666007217");
        assert!(check("91310110-666007217t").is_ok());
    }

    #[test]
    fn wrong_check_character_is_not_revealed() {
        let e = check("91310110666007217A").unwrap_err();
        assert_eq!(e.code, "USCC_CHECK_CHARACTER");
        // Never the character that would pass: it invites a valid but wrong code.
        assert!(!e.text.zh.contains("应为T"), "{}", e.text.zh);
        assert!(!e.text.en.contains(" T"), "{}", e.text.en);
    }

    #[test]
    fn forbidden_letters_are_named() {
        // 'O' typed for '0'.
        let e = check("91310110666OO7217T").unwrap_err();
        assert_eq!(e.code, "USCC_ALPHABET");
        assert!(e.text.zh.contains("第12位"), "{}", e.text.zh);
        assert!(e.text.en.contains("I/O"), "{}", e.text.en);
        assert_eq!(
            check("9131011066600721-7%").unwrap_err().code,
            "USCC_ALPHABET"
        );
    }

    #[test]
    fn legacy_shape_is_told_apart_from_invalid() {
        assert!(matches!(
            classify("91310110666007217T"),
            CreditCodeClass::Valid(_)
        ));
        // Only the check character fails; authority 9, region 310110, org code 66600721-7.
        assert_eq!(
            classify("91310110666007217A"),
            CreditCodeClass::LegacyShape("91310110666007217A".into())
        );
        // The embedded organization code fails too: invalid.
        let bad_org = "91310110666007218A";
        assert!(
            matches!(classify(bad_org), CreditCodeClass::Invalid(e) if e.code == "USCC_CHECK_CHARACTER")
        );
        // Unknown registering authority (B), or letters in the region: invalid.
        assert!(matches!(
            classify("B1310110666007217A"),
            CreditCodeClass::Invalid(_)
        ));
        assert!(matches!(
            classify("913A0110666007217A"),
            CreditCodeClass::Invalid(_)
        ));
        // Other defects stay what they are.
        assert!(
            matches!(classify("9131011066600721"), CreditCodeClass::Invalid(e) if e.code == "USCC_LENGTH")
        );
    }

    #[test]
    fn length() {
        assert_eq!(check("91310110666007217").unwrap_err().code, "USCC_LENGTH");
        assert_eq!(check("").unwrap_err().code, "USCC_LENGTH");
    }

    #[test]
    fn embedded_org_code_must_be_valid() {
        // Change the org-code check character (position 17) and recompute the USCC check
        // character so only the embedded code is wrong.
        let first17 = "91310110666007218";
        let code = format!("{first17}{}", check_character(first17).unwrap());
        assert_eq!(check(&code).unwrap_err().code, "USCC_ORG_CODE");
    }
}
