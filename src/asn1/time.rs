//! UTCTime and GeneralizedTime, under the three profiles the sources of sealcheck's times
//! need. One parser, so a time means the same wherever it is read.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Which ASN.1 time type the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeForm {
    /// `YYMMDDhhmm[ss]…`; years 50–99 are 19xx, 00–49 are 20xx (RFC 5280 §4.1.2.5.1).
    Utc,
    /// `YYYYMMDDhhmm[ss][.fff]…`.
    Generalized,
}

/// How much of the BER latitude is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProfile {
    /// What RFC 5280/6960 require: seconds present, zone `Z`.
    Der,
    /// BER as signers really write it: seconds optional, fraction with `.` or `,`, zone `Z`
    /// or `±hhmm`.
    Ber,
    /// BER, and a missing zone taken as UTC (what the SES writers that omit it mean).
    Lenient,
}

/// Parses the content octets of a UTCTime or GeneralizedTime. `None` when the text does not
/// fit the form and profile or names no real date and time.
pub fn parse(content: &[u8], form: TimeForm, profile: TimeProfile) -> Option<OffsetDateTime> {
    let mut cursor = Cursor {
        bytes: content,
        pos: 0,
    };
    let year = match form {
        TimeForm::Utc => {
            let yy = i32::try_from(cursor.number(2)?).ok()?;
            if yy >= 50 {
                1900 + yy
            } else {
                2000 + yy
            }
        }
        TimeForm::Generalized => i32::try_from(cursor.number(4)?).ok()?,
    };
    let month = cursor.number(2)?;
    let day = cursor.number(2)?;
    let hour = cursor.number(2)?;
    let minute = cursor.number(2)?;
    let second = if cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
        cursor.number(2)?
    } else if profile == TimeProfile::Der {
        return None;
    } else {
        0
    };
    let mut nanos = 0u32;
    let fraction_allowed = form == TimeForm::Generalized || profile != TimeProfile::Der;
    if let Some(mark @ (b'.' | b',')) = cursor.peek() {
        if !fraction_allowed || (mark == b',' && profile == TimeProfile::Der) {
            return None;
        }
        cursor.pos += 1;
        let digits = cursor.digit_run();
        if digits.is_empty() {
            return None;
        }
        // Nanosecond precision; further digits are dropped.
        let kept = digits.get(..digits.len().min(9))?;
        let value: u32 = std::str::from_utf8(kept).ok()?.parse().ok()?;
        let scale = 10u32.checked_pow(9 - u32::try_from(kept.len()).ok()?)?;
        nanos = value.checked_mul(scale)?;
    }
    let offset_minutes: i64 = match cursor.rest() {
        b"Z" => 0,
        [] if profile == TimeProfile::Lenient => 0,
        [sign @ (b'+' | b'-'), ..] if profile != TimeProfile::Der => {
            cursor.pos += 1;
            let h = i64::from(cursor.number(2)?);
            let m = i64::from(cursor.number(2)?);
            if !cursor.rest().is_empty() || h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let clock = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    PrimitiveDateTime::new(date, clock)
        .assume_utc()
        .checked_sub(time::Duration::minutes(offset_minutes))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// Exactly `width` ASCII digits.
    fn number(&mut self, width: usize) -> Option<u32> {
        let part = self.bytes.get(self.pos..self.pos.checked_add(width)?)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += width;
        Some(
            part.iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    }

    fn digit_run(&mut self) -> &'a [u8] {
        let rest = self.rest();
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        self.pos += n;
        rest.get(..n).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::TimeForm::{Generalized, Utc};
    use super::TimeProfile::{Ber, Der, Lenient};
    use super::*;
    use time::macros::datetime;

    #[test]
    fn der_profile_is_rfc_5280() {
        let t = parse(b"20260201000000Z", Generalized, Der).unwrap();
        assert_eq!(t, datetime!(2026-02-01 00:00 UTC));
        assert!(parse(b"20260201000000.123Z", Generalized, Der).is_some());
        assert_eq!(
            parse(b"260301120000Z", Utc, Der),
            Some(datetime!(2026-03-01 12:00 UTC))
        );
        assert_eq!(
            parse(b"500101000000Z", Utc, Der),
            Some(datetime!(1950-01-01 00:00 UTC))
        );
        for bad in [
            &b"20261301000000Z"[..],
            b"20260201000000",
            b"2026020100000Z",
            b"202602010000Z",
            b"20260201000000+0100",
            b"20260201000000,5Z",
        ] {
            assert!(parse(bad, Generalized, Der).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn ber_profile_accepts_what_signers_write() {
        assert_eq!(
            parse(b"20260301120000.25Z", Generalized, Ber),
            Some(datetime!(2026-03-01 12:00:00.25 UTC))
        );
        assert_eq!(
            parse(b"20260301130000+0100", Generalized, Ber),
            Some(datetime!(2026-03-01 12:00 UTC))
        );
        assert_eq!(
            parse(b"2603011200Z", Utc, Ber),
            Some(datetime!(2026-03-01 12:00 UTC))
        );
        assert!(parse(b"261301120000Z", Utc, Ber).is_none());
        assert!(parse(b"26030", Utc, Ber).is_none());
        assert!(parse(b"2026030112000.Z", Generalized, Ber).is_none());
        assert!(parse(b"20260301120000", Generalized, Ber).is_none());
        assert!(parse(b"20260301120000+01", Generalized, Ber).is_none());
    }

    #[test]
    fn lenient_profile_takes_a_missing_zone_as_utc() {
        let t = parse(b"20200125073156Z", Generalized, Lenient).unwrap();
        assert_eq!(t.unix_timestamp(), 1_579_937_516);
        assert_eq!(parse(b"200125073156Z", Utc, Lenient), Some(t));
        assert_eq!(parse(b"20200125153156+0800", Generalized, Lenient), Some(t));
        assert_eq!(parse(b"20200125073156", Generalized, Lenient), Some(t));
        assert!(parse(b"2020012507", Generalized, Lenient).is_none());
        assert!(parse(b"20201325073156Z", Generalized, Lenient).is_none());
    }
}
