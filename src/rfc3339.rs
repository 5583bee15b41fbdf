//! RFC 3339 text of times, as reports, messages and evidence write them.

use time::OffsetDateTime;

/// `2026-11-26T00:00:00Z`. A time RFC 3339 cannot express (a year outside 0000–9999, which no
/// certificate, timestamp or seal time this crate parses can hold) falls back to the `time`
/// crate's own display, so that evidence never goes blank.
pub fn format(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_and_offsets() {
        assert_eq!(
            format(time::macros::datetime!(2026-11-26 00:00 UTC)),
            "2026-11-26T00:00:00Z"
        );
        assert_eq!(
            format(time::macros::datetime!(2026-11-26 08:30:05 +08:00)),
            "2026-11-26T08:30:05+08:00"
        );
    }
}
