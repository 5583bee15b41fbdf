//! 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence and an
//! ISO 7064 MOD 11-2 check character.
//!
//! The same 18-character layout and check character serve three more documents, told apart by
//! the prefix ([`IdNumberKind`]): the residence permits of Hong Kong, Macao and Taiwan
//! residents (region `810000`, `820000`, `830000`) and the foreign permanent residence ID card
//! of 2023 (`9`, the two-digit province code of the issuing office, the three-digit ISO 3166
//! nationality code, then birth date, sequence and check character as for residents).

use time::{Date, Month};

use super::{normalize, IdentifierError};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The parts of a valid resident ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    /// The normalised 18 characters.
    pub number: String,
    /// 6-digit administrative-division code of the place of first registration.
    pub region: String,
    /// Date of birth (positions 7–14).
    pub birth_date: Date,
    /// Odd sequence numbers are assigned to men, even ones to women.
    pub sequence: u16,
    /// Which document the number belongs to.
    pub kind: IdNumberKind,
}

/// The document an 18-character ID number of the GB 11643 layout belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdNumberKind {
    /// 居民身份证 (mainland resident).
    Resident,
    /// 港澳居民居住证 of a Hong Kong resident (prefix 810000).
    HongKongResidencePermit,
    /// 港澳居民居住证 of a Macao resident (prefix 820000).
    MacaoResidencePermit,
    /// 台湾居民居住证 (prefix 830000).
    TaiwanResidencePermit,
    /// 外国人永久居留身份证, 2023 version (leading 9).
    ForeignPermanentResidence,
}

impl IdNumberKind {
    /// The document's name in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            IdNumberKind::Resident => ("公民身份号码", "resident ID number"),
            IdNumberKind::HongKongResidencePermit => {
                ("港澳居民居住证号码", "Hong Kong residence permit number")
            }
            IdNumberKind::MacaoResidencePermit => {
                ("港澳居民居住证号码", "Macao residence permit number")
            }
            IdNumberKind::TaiwanResidencePermit => {
                ("台湾居民居住证号码", "Taiwan residence permit number")
            }
            IdNumberKind::ForeignPermanentResidence => (
                "外国人永久居留身份证号码",
                "foreign permanent residence ID number",
            ),
        }
    }
}

impl ResidentId {
    /// The three-digit ISO 3166 nationality code of a foreign permanent resident.
    pub fn nationality(&self) -> Option<&str> {
        match self.kind {
            IdNumberKind::ForeignPermanentResidence => self.region.get(3..6),
            _ => None,
        }
    }

    /// Whether the sequence number is a man's (odd) rather than a woman's (even).
    pub fn is_male(&self) -> bool {
        self.sequence % 2 == 1
    }
}

/// The check character for the first 17 digits, or `None` when they are not 17 digits.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Checks an 18-character resident ID number and returns its parts.
pub fn check(value: &str) -> Result<ResidentId, IdentifierError> {
    let number = normalize(value);
    let count = number.chars().count();
    if count != 18 {
        return Err(IdentifierError::new(
            "ID_LENGTH",
            format!("a resident ID number has 18 characters; {value:?} has {count}"),
            format!("公民身份号码应为18位，“{value}”为{count}位"),
        ));
    }
    if let Some((pos, c)) = number
        .chars()
        .take(17)
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(IdentifierError::new(
            "ID_CHARACTER",
            format!(
                "character {} of the resident ID number is {c:?}; the first 17 must be digits",
                pos + 1
            ),
            format!("公民身份号码第{}位为“{c}”，前17位只能是数字", pos + 1),
        ));
    }
    // All 18 characters are ASCII from here on, so byte positions are character positions.
    let (body, last) = number.split_at(17);
    if !matches!(last.chars().next(), Some('0'..='9' | 'X')) {
        return Err(IdentifierError::new(
            "ID_CHARACTER",
            format!(
                "the last character of the resident ID number is {last:?}; it must be a digit or X"
            ),
            format!("公民身份号码最后一位为“{last}”，只能是数字或X"),
        ));
    }
    let region = body.get(..6).unwrap_or_default();
    let kind = check_region(region)?;
    let birth_date = parse_birth_date(body.get(6..14).unwrap_or_default())?;
    let expected = check_character(body).unwrap_or('?');
    if !last.starts_with(expected) {
        return Err(IdentifierError::new(
            "ID_CHECK_DIGIT",
            format!("the check digit of resident ID number {number} does not match the other 17 digits; one of the digits was probably mistyped"),
            format!("公民身份号码{number}校验位不符，可能有数字录入错误"),
        ));
    }
    let sequence = body
        .get(14..17)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    Ok(ResidentId {
        number: number.clone(),
        region: region.to_string(),
        birth_date,
        sequence,
        kind,
    })
}

fn is_province(code: u32) -> bool {
    matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71
    )
}

/// The region prefix, and the document it makes the number. Only its shape is checked (the
/// full GB/T 2260 table changes every year): a province-level code first; exactly 810000,
/// 820000 or 830000 for the residence permits; or 9, a province code and a nationality code
/// (not 000) for the foreign permanent residence ID card.
fn check_region(region: &str) -> Result<IdNumberKind, IdentifierError> {
    let digit_pair = |range: std::ops::Range<usize>| -> u32 {
        region.get(range).and_then(|p| p.parse().ok()).unwrap_or(0)
    };
    let kind = match region {
        "810000" => Some(IdNumberKind::HongKongResidencePermit),
        "820000" => Some(IdNumberKind::MacaoResidencePermit),
        "830000" => Some(IdNumberKind::TaiwanResidencePermit),
        _ if region.starts_with('9') => (is_province(digit_pair(1..3))
            && region.get(3..6).is_some_and(|n| n != "000"))
        .then_some(IdNumberKind::ForeignPermanentResidence),
        _ => is_province(digit_pair(0..2)).then_some(IdNumberKind::Resident),
    };
    kind.ok_or_else(|| {
        IdentifierError::new(
            "ID_REGION",
            format!("the resident ID number starts with {region}, which is not a Chinese administrative-division code"),
            format!("公民身份号码前6位“{region}”不是有效的行政区划代码"),
        )
    })
}

fn parse_birth_date(digits: &str) -> Result<Date, IdentifierError> {
    let invalid = || {
        IdentifierError::new(
            "ID_BIRTH_DATE",
            format!("digits 7–14 of the resident ID number ({digits}) are not a valid birth date"),
            format!("公民身份号码第7至14位“{digits}”不是有效的出生日期"),
        )
    };
    let year: i32 = digits
        .get(..4)
        .and_then(|s| s.parse().ok())
        .ok_or_else(invalid)?;
    let month: u8 = digits
        .get(4..6)
        .and_then(|s| s.parse().ok())
        .ok_or_else(invalid)?;
    let day: u8 = digits
        .get(6..8)
        .and_then(|s| s.parse().ok())
        .ok_or_else(invalid)?;
    if year < 1850 {
        return Err(invalid());
    }
    let month = Month::try_from(month).map_err(|_| invalid())?;
    Date::from_calendar_date(year, month, day).map_err(|_| invalid())
}

/// Like [`check`], and the holder must have been born by `today` (a birth date in the future is
/// a data-entry error the check digit does not catch).
pub fn check_at(value: &str, today: Date) -> Result<ResidentId, IdentifierError> {
    let id = check(value)?;
    if id.birth_date > today {
        let d = id.birth_date;
        return Err(IdentifierError::new(
            "ID_BIRTH_DATE",
            format!(
                "the birth date {d} in resident ID number {} is after today",
                id.number
            ),
            format!(
                "公民身份号码{}中的出生日期{}年{}月{}日晚于当前日期",
                id.number,
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
        ));
    }
    Ok(id)
}

/// Upgrades a 15-digit resident ID number (issued before 1999: 6-digit region, 6-digit birth date
/// `YYMMDD` in the 1900s, 3-digit sequence, no check character) to its 18-character form, as
/// GB 11643-1999 prescribes: insert `19` before the year and append the check character.
/// `None` when `value` is not 15 digits after normalisation.
pub fn upgrade_15(value: &str) -> Option<String> {
    let number = normalize(value);
    if number.len() != 15 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut first17 = String::with_capacity(18);
    first17.push_str(number.get(..6)?);
    first17.push_str("19");
    first17.push_str(number.get(6..)?);
    let check = check_character(&first17)?;
    first17.push(check);
    Some(first17)
}

/// The 18-character form of a resident ID number as compared between documents: spaces and
/// hyphens removed, `x` made `X`, a 15-digit number upgraded ([`upgrade_15`]). `None` when the
/// value has neither shape (18 characters: 17 digits and a digit or `X`; or 15 digits). The
/// check digit is not checked here: a comparison of two numbers needs the same form, not
/// validity ([`check`] says whether a number is valid).
pub fn normalize_resident_id(value: &str) -> Option<String> {
    if let Some(upgraded) = upgrade_15(value) {
        return Some(upgraded);
    }
    let number = normalize(value);
    let bytes = number.as_bytes();
    let shaped = bytes.len() == 18
        && bytes.iter().take(17).all(u8::is_ascii_digit)
        && matches!(bytes.last(), Some(b'0'..=b'9' | b'X'));
    shaped.then_some(number)
}

/// Checks a resident ID number of either form: 18 characters, or 15 digits that are upgraded
/// first (the parts returned are those of the 18-character form). The 15-digit form carries
/// no check character, so its region and birth date are all that can be checked.
pub fn check_any_at(value: &str, today: Date) -> Result<ResidentId, IdentifierError> {
    match upgrade_15(value) {
        Some(upgraded) => check_at(&upgraded, today),
        None => check_at(value, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Valid examples from cn_standards.md §5 (hutool IdcardUtilTest, re-verified).
    const VALID: [&str; 5] = [
        "321083197812162119",
        "33010219200403064X",
        "932682198501010017",
        "150102198807303035",
        "81000019980902013X",
    ];

    #[test]
    fn documented_valid_numbers_pass() {
        for n in VALID {
            let id = check(n).unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(id.number, n);
        }
        let id = check("33010219200403064X").unwrap();
        assert_eq!(id.birth_date, time::macros::date!(1920 - 04 - 03));
        assert_eq!(id.region, "330102");
        assert_eq!(id.sequence, 64);
    }

    #[test]
    fn lower_case_x_and_spaces_are_normalised() {
        assert!(check("33010219200403064x").is_ok());
        assert!(check(" 3210 8319 7812 1621 19 ").is_ok());
    }

    #[test]
    fn wrong_check_digit_never_tells_the_digit_that_would_pass() {
        // Telling the "correct" check digit invites a valid but wrong number.
        let e = check("321083197812162118").unwrap_err();
        assert_eq!(e.code, "ID_CHECK_DIGIT");
        assert!(!e.text.zh.contains("应为9"), "{}", e.text.zh);
        assert!(!e.text.en.contains("give"), "{}", e.text.en);
        // X where a digit is due, and a digit where X is due.
        assert_eq!(
            check("32108319781216211X").unwrap_err().code,
            "ID_CHECK_DIGIT"
        );
        assert_eq!(
            check("330102192004030640").unwrap_err().code,
            "ID_CHECK_DIGIT"
        );
    }

    #[test]
    fn every_single_digit_change_is_caught() {
        // MOD 11-2 catches all single substitutions: change each of the first 17 digits.
        let base: Vec<char> = "321083197812162119".chars().collect();
        for pos in 0..17 {
            for d in '0'..='9' {
                if base[pos] == d {
                    continue;
                }
                let mut v = base.clone();
                v[pos] = d;
                let s: String = v.into_iter().collect();
                assert!(check(&s).is_err(), "{s} should fail");
            }
        }
    }

    #[test]
    fn length_and_characters() {
        assert_eq!(check("32108319781216211").unwrap_err().code, "ID_LENGTH");
        assert_eq!(check("3210831978121621190").unwrap_err().code, "ID_LENGTH");
        // Old 15-digit numbers are not accepted: the hall asks for the 18-digit form.
        assert_eq!(check("321083781216211").unwrap_err().code, "ID_LENGTH");
        assert_eq!(
            check("3210831978121A2119").unwrap_err().code,
            "ID_CHARACTER"
        );
        assert_eq!(
            check("32108319781216211Y").unwrap_err().code,
            "ID_CHARACTER"
        );
        assert_eq!(check("").unwrap_err().code, "ID_LENGTH");
        assert_eq!(
            check("３２１０８３１９７８１２１６２１１９")
                .unwrap_err()
                .code,
            "ID_CHARACTER"
        );
    }

    #[test]
    fn birth_date_must_exist() {
        // 1978-02-30 does not exist; 1978-13-01 neither; check digits made valid for each.
        for first17 in [
            "32108319780230211",
            "32108319781301211",
            "32108318000101211",
        ] {
            let s = format!("{first17}{}", check_character(first17).unwrap());
            assert_eq!(check(&s).unwrap_err().code, "ID_BIRTH_DATE", "{s}");
        }
        let leap = format!(
            "32108320000229211{}",
            check_character("32108320000229211").unwrap()
        );
        assert!(check(&leap).is_ok());
    }

    #[test]
    fn region_prefix_shape() {
        for first17 in [
            "00108319781216211",
            "991083197812162119"[..17].to_string().as_str(),
        ] {
            let s = format!("{first17}{}", check_character(first17).unwrap());
            assert_eq!(check(&s).unwrap_err().code, "ID_REGION", "{s}");
        }
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    #[test]
    fn the_prefix_tells_the_document() {
        let kind = |n: &str| check(n).map(|id| id.kind);
        assert_eq!(kind("321083197812162119"), Ok(IdNumberKind::Resident));
        assert_eq!(
            kind("81000019980902013X"),
            Ok(IdNumberKind::HongKongResidencePermit)
        );
        assert_eq!(
            kind(&with_check("82000019900101002")),
            Ok(IdNumberKind::MacaoResidencePermit)
        );
        assert_eq!(
            kind(&with_check("83000019900101002")),
            Ok(IdNumberKind::TaiwanResidencePermit)
        );
        // 2023 foreign permanent residence card: 9, Jiangsu (32), Saudi Arabia (682).
        let foreign = check("932682198501010017").unwrap();
        assert_eq!(foreign.kind, IdNumberKind::ForeignPermanentResidence);
        assert_eq!(foreign.nationality(), Some("682"));
        assert_eq!(foreign.birth_date, time::macros::date!(1985 - 01 - 01));
        assert!(foreign.is_male());
        // Beijing (11), USA (840).
        assert_eq!(
            kind(&with_check("91184019900101002")),
            Ok(IdNumberKind::ForeignPermanentResidence)
        );
        assert_eq!(check("321083197812162119").unwrap().nationality(), None);
    }

    #[test]
    fn malformed_prefixes_are_rejected() {
        for first17 in [
            // A permit prefix is exactly 810000/820000/830000.
            "81010119900101002",
            "84000019900101002",
            // Foreign card: 9 then a province code (99 is none) and a nationality (not 000).
            "99984019900101002",
            "91100019900101002",
        ] {
            let n = with_check(first17);
            assert_eq!(check(&n).unwrap_err().code, "ID_REGION", "{n}");
        }
        // A permit number with a wrong check digit fails on it like a resident ID.
        assert_eq!(
            check("810000199809020130").unwrap_err().code,
            "ID_CHECK_DIGIT"
        );
    }

    #[test]
    fn normalized_for_comparison() {
        assert_eq!(
            normalize_resident_id(" 33010219200403064x ").as_deref(),
            Some("33010219200403064X")
        );
        assert_eq!(
            normalize_resident_id("321083781216211").as_deref(),
            Some("321083197812162119")
        );
        // Shape only: a wrong check digit still compares as itself.
        assert_eq!(
            normalize_resident_id("321083197812162118").as_deref(),
            Some("321083197812162118")
        );
        for bad in [
            "",
            "32108319781216211",
            "3210831978121621Y9",
            "32108378121621X",
        ] {
            assert_eq!(normalize_resident_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn born_in_future_is_detected() {
        let first17 = "32108320300101211";
        let s = format!("{first17}{}", check_character(first17).unwrap());
        assert!(check(&s).is_ok());
        let e = check_at(&s, time::macros::date!(2026 - 11 - 26)).unwrap_err();
        assert_eq!(e.code, "ID_BIRTH_DATE");
        assert!(
            e.text.zh.contains("出生日期2030年1月1日晚于当前日期"),
            "{}",
            e.text.zh
        );
    }

    #[test]
    fn fifteen_digit_numbers_upgrade() {
        // 321083781216211 is the 15-digit form of 321083197812162119.
        assert_eq!(
            upgrade_15("321083781216211").as_deref(),
            Some("321083197812162119")
        );
        let today = time::macros::date!(2026 - 11 - 26);
        let id = check_any_at("321083781216211", today).unwrap();
        assert_eq!(id.number, "321083197812162119");
        assert_eq!(id.birth_date, time::macros::date!(1978 - 12 - 16));
        assert_eq!(upgrade_15("32108378121621X"), None);
        assert_eq!(upgrade_15("3210837812162119"), None);
        // 1978-13-16 does not exist.
        assert_eq!(
            check_any_at("321083781316211", today).unwrap_err().code,
            "ID_BIRTH_DATE"
        );
        assert!(check_any_at("321083197812162119", today).is_ok());
    }
}
