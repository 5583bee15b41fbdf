//! The sex and birth-date columns as exports write them.

use time::{Date, Month};

/// Sex as recorded (GB/T 2261.1: 1 male, 2 female).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The sex a resident ID's sequence number gives: odd for men, even for women.
    pub fn from_sequence(sequence: u16) -> Sex {
        if sequence % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// What a sex cell says: a sex, nothing, or something that is not a sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexValue {
    Known(Sex),
    Blank,
    /// "未知", "0", "9" and anything else: not a sex the ID can agree with.
    Unreadable,
}

pub fn parse_sex(text: &str) -> SexValue {
    match text.trim() {
        "" => SexValue::Blank,
        "男" | "男性" | "1" | "M" | "m" | "Male" | "male" | "MALE" => SexValue::Known(Sex::Male),
        "女" | "女性" | "2" | "F" | "f" | "Female" | "female" | "FEMALE" => {
            SexValue::Known(Sex::Female)
        }
        _ => SexValue::Unreadable,
    }
}

/// A birth date cell: a full date, a year and month ("出生年月"), or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Day(Date),
    Month(i32, u8),
    Blank,
    Unreadable,
}

impl DateValue {
    /// Whether this value is consistent with `date`.
    pub fn agrees_with(self, date: Date) -> bool {
        match self {
            DateValue::Day(d) => d == date,
            DateValue::Month(y, m) => y == date.year() && m == u8::from(date.month()),
            DateValue::Blank => true,
            DateValue::Unreadable => false,
        }
    }
}

/// Reads 1978-12-16, 1978/12/16, 1978.12.16, 19781216, 1978年12月16日, with an optional time
/// after a space or `T`; 1978-12, 197812 and 1978年12月 as a month.
pub fn parse_date(text: &str) -> DateValue {
    let t = text.trim();
    if t.is_empty() {
        return DateValue::Blank;
    }
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let mut parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 {
        let digits = parts.first().copied().unwrap_or("");
        // Only all-digit runs are split by position (a multi-byte character would not split).
        if (digits.len() == 8 || digits.len() == 6) && digits.bytes().all(|b| b.is_ascii_digit()) {
            let (y, rest) = digits.split_at(4);
            let (m, d) = rest.split_at(2);
            parts = if d.is_empty() {
                vec![y, m]
            } else {
                vec![y, m, d]
            };
        }
    }
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            if p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect();
    let Some(numbers) = numbers else {
        return DateValue::Unreadable;
    };
    match numbers.as_slice() {
        [y, m] if (1..=12).contains(m) && *y >= 1000 => DateValue::Month(*y as i32, *m as u8),
        [y, m, d] if *y >= 1000 => Month::try_from(*m as u8)
            .ok()
            .and_then(|m| Date::from_calendar_date(*y as i32, m, (*d).min(255) as u8).ok())
            .map_or(DateValue::Unreadable, DateValue::Day),
        _ => DateValue::Unreadable,
    }
}

/// An Excel date serial number (days since 1899-12-30 in the 1900 date system) as a date.
pub fn from_excel_serial(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = Date::from_calendar_date(1899, Month::December, 30).ok()?;
    epoch.checked_add(time::Duration::days(serial.floor() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn sexes() {
        assert_eq!(parse_sex("男"), SexValue::Known(Sex::Male));
        assert_eq!(parse_sex(" 2 "), SexValue::Known(Sex::Female));
        assert_eq!(parse_sex(""), SexValue::Blank);
        assert_eq!(parse_sex("未知"), SexValue::Unreadable);
        assert_eq!(Sex::from_sequence(211), Sex::Male);
        assert_eq!(Sex::from_sequence(64), Sex::Female);
    }

    #[test]
    fn dates() {
        let d = date!(1978 - 12 - 16);
        for s in [
            "1978-12-16",
            "1978/12/16",
            "1978.12.16",
            "19781216",
            "1978年12月16日",
            "1978-12-16 00:00:00",
            "1978-12-16T00:00:00",
        ] {
            assert_eq!(parse_date(s), DateValue::Day(d), "{s}");
        }
        assert_eq!(parse_date("1978-12"), DateValue::Month(1978, 12));
        assert_eq!(parse_date("197812"), DateValue::Month(1978, 12));
        assert!(parse_date("1978年12月").agrees_with(d));
        assert!(!parse_date("1978-12-17").agrees_with(d));
        assert_eq!(parse_date("1978-02-30"), DateValue::Unreadable);
        assert_eq!(parse_date("someday"), DateValue::Unreadable);
        assert_eq!(from_excel_serial(28840.0), Some(d));
    }
}
