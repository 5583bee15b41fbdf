//! Work-injury insurance rates against the industry risk class, from the table in
//! `data/records/injury_rates.toml` (人社部发〔2015〕71号). Rates are compared exactly, as
//! integers in millionths of the payroll, so "0.2%", "0.20", "0.002" and "2‰" are one rate and
//! 0.21% is none of the permitted levels.

use std::sync::OnceLock;

use serde::Deserialize;

const TABLE_TOML: &str = include_str!("../../data/records/injury_rates.toml");

#[derive(Debug, Deserialize)]
struct TableFile {
    source: String,
    class: Vec<ClassEntry>,
}

#[derive(Debug, Deserialize)]
struct ClassEntry {
    class: u8,
    base_percent: String,
    float_percent_of_base: Vec<u32>,
}

/// The permitted rates of each risk class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTable {
    /// Where the table comes from.
    pub source: String,
    /// `levels[class - 1]`: permitted rates in millionths of payroll, ascending.
    levels: Vec<Vec<u64>>,
}

/// Why the bundled or given table cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("injury-rate table: {0}")]
pub struct TableError(String);

impl RateTable {
    /// Parses a table in the format of `data/records/injury_rates.toml`.
    pub fn parse(text: &str) -> Result<RateTable, TableError> {
        let file: TableFile = toml::from_str(text).map_err(|e| TableError(e.to_string()))?;
        let mut levels = vec![Vec::new(); file.class.len()];
        for entry in &file.class {
            // A percentage with four decimals is a count of millionths of payroll.
            let base = parse_decimal_scaled(&entry.base_percent, 4)
                .ok_or_else(|| TableError(format!("bad base rate {:?}", entry.base_percent)))?;
            let slot = (entry.class as usize)
                .checked_sub(1)
                .and_then(|i| levels.get_mut(i))
                .ok_or_else(|| TableError(format!("class {} out of order", entry.class)))?;
            *slot = entry
                .float_percent_of_base
                .iter()
                .map(|p| base * u64::from(*p) / 100)
                .collect();
            slot.sort_unstable();
        }
        if levels.iter().any(Vec::is_empty) {
            return Err(TableError("a class has no levels".into()));
        }
        Ok(RateTable {
            source: file.source,
            levels,
        })
    }

    /// The table bundled with sealcheck.
    pub fn bundled() -> Result<&'static RateTable, TableError> {
        static TABLE: OnceLock<Result<RateTable, TableError>> = OnceLock::new();
        TABLE
            .get_or_init(|| RateTable::parse(TABLE_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Permitted rates of `class` (1-based), in millionths of payroll.
    pub fn levels(&self, class: u8) -> Option<&[u64]> {
        (class as usize)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
            .map(Vec::as_slice)
    }

    pub fn classes(&self) -> u8 {
        self.levels.len() as u8
    }

    /// Checks a rate against a class; both as the export writes them.
    pub fn check(&self, class_text: &str, rate_text: &str) -> Result<(), RateProblem> {
        let class = parse_class(class_text)
            .filter(|c| self.levels(*c).is_some())
            .ok_or(RateProblem::UnknownClass)?;
        let levels = self.levels(class).unwrap_or_default();
        let candidates = parse_rate(rate_text);
        if candidates.is_empty() {
            return Err(RateProblem::UnreadableRate);
        }
        if candidates.iter().any(|r| levels.contains(r)) {
            return Ok(());
        }
        Err(RateProblem::NotALevel {
            class,
            levels: levels.iter().map(|l| format_percent(*l)).collect(),
        })
    }
}

/// What is wrong with a class/rate pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateProblem {
    UnknownClass,
    UnreadableRate,
    NotALevel { class: u8, levels: Vec<String> },
}

/// A rate in millionths of payroll as a percentage, e.g. 2400 → "0.24%".
pub fn format_percent(millionths: u64) -> String {
    // One millionth of payroll is 0.0001 %.
    let whole = millionths / 10_000;
    let frac = millionths % 10_000;
    let mut s = format!("{whole}.{frac:04}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s + "%"
}

/// The class number written as 1–8, 一–八, Ⅰ–Ⅷ or I–VIII, with or without 第…类 / 类 / 行业.
pub fn parse_class(text: &str) -> Option<u8> {
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_start_matches('第')
        .trim_end_matches("行业")
        .trim_end_matches("风险")
        .trim_end_matches('类')
        .to_ascii_uppercase();
    let n = match core.as_str() {
        "1" | "一" | "Ⅰ" | "I" | "01" => 1,
        "2" | "二" | "Ⅱ" | "II" | "02" => 2,
        "3" | "三" | "Ⅲ" | "III" | "03" => 3,
        "4" | "四" | "Ⅳ" | "IV" | "04" => 4,
        "5" | "五" | "Ⅴ" | "V" | "05" => 5,
        "6" | "六" | "Ⅵ" | "VI" | "06" => 6,
        "7" | "七" | "Ⅶ" | "VII" | "07" => 7,
        "8" | "八" | "Ⅷ" | "VIII" | "08" => 8,
        _ => return None,
    };
    Some(n)
}

/// Parses a non-negative decimal into an integer scaled by 10^`scale`; `None` when it has more
/// significant decimals than that (then it cannot equal any level exactly) or is not a number.
fn parse_decimal_scaled(text: &str, scale: u32) -> Option<u64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if whole.len() > 6 {
        return None;
    }
    let frac_trimmed = frac.trim_end_matches('0');
    if frac_trimmed.len() > scale as usize {
        return None;
    }
    let whole_value: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac_value: u64 = if frac_trimmed.is_empty() {
        0
    } else {
        frac_trimmed.parse().ok()?
    };
    frac_value *= 10u64.pow(scale - frac_trimmed.len() as u32);
    whole_value
        .checked_mul(10u64.pow(scale))?
        .checked_add(frac_value)
}

/// The readings of a rate as written, in millionths of payroll. "0.2%" and "2‰" have one
/// reading; a bare number is a fraction when below 0.05 ("0.002") and a percentage otherwise
/// ("0.20"): the permitted levels (0.1%–2.85%) never collide between the two readings.
pub fn parse_rate(text: &str) -> Vec<u64> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.replace('％', "%");
    if let Some(p) = t.strip_suffix('%') {
        return parse_decimal_scaled(p, 4).into_iter().collect();
    }
    if let Some(p) = t.strip_suffix('‰') {
        return parse_decimal_scaled(p, 3).into_iter().collect();
    }
    let mut readings = Vec::new();
    // As a fraction of payroll: 0.0024 → 2400 millionths.
    if let Some(fraction) = parse_decimal_scaled(&t, 6) {
        if fraction < 50_000 {
            readings.push(fraction);
        }
    }
    // As a percentage: 0.24 → 2400 millionths.
    if let Some(percent) = parse_decimal_scaled(&t, 4) {
        if percent >= 500 {
            readings.push(percent);
        }
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_has_the_71_levels() {
        let t = RateTable::bundled().unwrap();
        assert_eq!(t.classes(), 8);
        assert_eq!(t.levels(1).unwrap(), &[2000, 2400, 3000]);
        assert_eq!(t.levels(2).unwrap(), &[2000, 3200, 4000, 4800, 6000]);
        assert_eq!(t.levels(8).unwrap(), &[9500, 15200, 19000, 22800, 28500]);
        assert!(t.source.contains("71号"));
    }

    #[test]
    fn rate_formats() {
        assert_eq!(parse_rate("0.2%"), vec![2000]);
        assert_eq!(parse_rate("0.20"), vec![2000]);
        assert_eq!(parse_rate("0.002"), vec![2000]);
        assert_eq!(parse_rate("2‰"), vec![2000]);
        assert_eq!(parse_rate("1.05％"), vec![10500]);
        assert_eq!(parse_rate("0.0105"), vec![10500]);
        assert!(parse_rate("abc").is_empty());
        assert!(parse_rate("").is_empty());
        assert_eq!(format_percent(2400), "0.24%");
        assert_eq!(format_percent(10000), "1%");
    }

    #[test]
    fn class_and_rate() {
        let t = RateTable::bundled().unwrap();
        assert_eq!(t.check("一类", "0.24%"), Ok(()));
        assert_eq!(t.check("1", "0.003"), Ok(()));
        // Class one may not float down.
        assert!(matches!(
            t.check("一类", "0.16%"),
            Err(RateProblem::NotALevel { class: 1, .. })
        ));
        assert_eq!(t.check("第三类", "0.35%"), Ok(()));
        assert_eq!(t.check("Ⅷ", "2.85%"), Ok(()));
        assert!(t.check("三类", "0.36%").is_err());
        assert!(t.check("三类", "0.3501%").is_err());
        assert_eq!(t.check("九类", "0.2%"), Err(RateProblem::UnknownClass));
        assert_eq!(t.check("2", "n/a"), Err(RateProblem::UnreadableRate));
    }
}
