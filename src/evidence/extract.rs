//! Lines of text to typed facts.
//!
//! Each line is read on its own, in a form where full-width letters and digits are half-width
//! and whitespace is gone except one space between two ASCII letters or digits (extractors
//! split CJK runs arbitrarily; a gap between two numbers still separates them). A label at the
//! end of a line carries over to the next line of the same page, so a value printed under its
//! label is read with it.
//!
//! All positions are byte offsets into that normalised line, always taken from `find`/`rfind`
//! or from character iteration and read with `str::get`, so no slicing can panic.

use crate::license::{elicense, id_number, org_code, uscc};

use super::{DateRole, Fact, FactKind, FactSource, SourcedLine};

/// Characters of one line that are read; the rest of a longer line is ignored.
pub const MAX_LINE_CHARS: usize = 4096;

/// Labels printed before a person's name.
const NAME_LABELS: &[&str] = &[
    "死者姓名",
    "逝者姓名",
    "死亡人姓名",
    "职工姓名",
    "员工姓名",
    "患者姓名",
    "参保人姓名",
    "申请人姓名",
    "被保险人姓名",
    "当事人姓名",
    "子女姓名",
    "婴儿姓名",
    "新生儿姓名",
    "持证人",
    "姓名",
    // Only with a colon right after them (死者家属 is not a name).
    "申请人",
    "被保险人",
    "参保人",
    "当事人",
    "死者",
    "逝者",
    "患者",
    "职工",
    "员工",
];

/// A label that names the person only when a colon follows it.
fn needs_colon(label: &str) -> bool {
    !label.ends_with("姓名") && label != "持证人"
}

/// Labels printed before a resident ID number.
const ID_LABELS: &[&str] = &[
    "公民身份号码",
    "持证主体代码",
    "身份证号码",
    "身份证号",
    "身份证件号码",
    "证件号码",
    "社会保障号码",
    "居住证号码",
    "永久居留身份证号码",
];

const CREDIT_LABELS: &[&str] = &[
    "统一社会信用代码",
    "信用代码",
    "持证主体代码",
    "颁证单位代码",
    "纳税人识别号",
];
const ORG_LABELS: &[&str] = &["组织机构代码"];

/// Role keywords printed before a date, longest first within each role.
const DATE_LABELS: &[(&str, DateRole)] = &[
    ("解除劳动关系日期", DateRole::Termination),
    ("终止劳动关系日期", DateRole::Termination),
    ("解除劳动合同日期", DateRole::Termination),
    ("终止劳动合同日期", DateRole::Termination),
    ("解除日期", DateRole::Termination),
    ("终止日期", DateRole::Termination),
    ("离职日期", DateRole::Termination),
    ("签发日期", DateRole::Issue),
    ("开票日期", DateRole::Issue),
    ("颁证日期", DateRole::Issue),
    ("有效期起始日期", DateRole::ValidFrom),
    ("有效期截止日期", DateRole::ValidUntil),
    ("发证日期", DateRole::Issue),
    ("出具日期", DateRole::Issue),
    ("开具日期", DateRole::Issue),
    ("填发日期", DateRole::Issue),
    ("签发", DateRole::Issue),
    ("发证", DateRole::Issue),
    ("死亡日期", DateRole::Death),
    ("死亡时间", DateRole::Death),
    ("出生日期", DateRole::Birth),
    ("出生时间", DateRole::Birth),
    ("出生年月", DateRole::Birth),
    ("出生", DateRole::Birth),
    // A validity period: the role (from or until) depends on what follows.
    ("有效期限", DateRole::ValidUntil),
    ("有效期", DateRole::ValidUntil),
];

/// Words after a date that say what happened on it ("于2026年3月5日死亡").
const DATE_EVENTS: &[(&str, DateRole)] = &[
    ("解除", DateRole::Termination),
    ("终止", DateRole::Termination),
    ("离职", DateRole::Termination),
    ("死亡", DateRole::Death),
    ("去世", DateRole::Death),
    ("病故", DateRole::Death),
    ("出生", DateRole::Birth),
];

/// Words that end a name printed without a gap before the next label.
const NAME_STOPS: &[&str] = &[
    "性别",
    "民族",
    "出生",
    "身份",
    "公民",
    "证件",
    "住址",
    "地址",
    "年龄",
    "工号",
    "单位",
    "部门",
    "职务",
    "岗位",
    "联系",
    "电话",
    "手机",
    "籍贯",
    "国籍",
    "婚姻",
    "学历",
    "户籍",
    "同志",
    "先生",
    "女士",
    "社会保障",
    "死亡",
    "于",
    "与",
    "的",
    "因",
    "在",
    "自",
    "系",
    "为",
    "是",
];

/// What comes before a name after 兹证明.
const CERTIFY_PREFIXES: &[&str] = &[
    "我单位职工",
    "我单位员工",
    "我公司职工",
    "我公司员工",
    "本单位职工",
    "本单位员工",
    "我单位",
    "我公司",
    "本单位",
    "我院",
    "职工",
    "员工",
    "患者",
    "死者",
];

const HONORIFICS: &[&str] = &["同志", "先生", "女士"];

/// Facts from `lines`, at most `max_facts`; `true` when more were there.
pub fn facts_from_lines(lines: &[SourcedLine], max_facts: usize) -> (Vec<Fact>, bool) {
    let mut out = Collector {
        facts: Vec::new(),
        max: max_facts,
        truncated: false,
    };
    let mut carried: Option<(String, &SourcedLine)> = None;
    for line in lines {
        if out.truncated {
            break;
        }
        let text = normalize_line(&line.text);
        let carry = match carried.take() {
            Some((label, prev)) if prev.origin == line.origin && prev.page == line.page => label,
            _ => String::new(),
        };
        let source = FactSource {
            origin: line.origin,
            page: line.page,
            line: line.line,
            signed: line.signed,
        };
        let joined = if carry.is_empty() {
            text.clone()
        } else {
            format!("{carry}:{text}")
        };
        read_line(&joined, source, &mut out);
        if let Some(label) = trailing_label(&text) {
            carried = Some((label, line));
        }
    }
    (out.facts, out.truncated)
}

struct Collector {
    facts: Vec<Fact>,
    max: usize,
    truncated: bool,
}

impl Collector {
    fn push(&mut self, kind: FactKind, value: String, label: Option<&str>, source: FactSource) {
        let duplicate = self.facts.iter().any(|f| {
            f.kind == kind
                && f.value == value
                && f.source.origin == source.origin
                && f.source.signed == source.signed
        });
        if duplicate {
            return;
        }
        if self.facts.len() >= self.max {
            self.truncated = true;
            return;
        }
        self.facts.push(Fact {
            kind,
            value,
            label: label.map(str::to_string),
            source,
        });
    }
}

/// Half-width, whitespace removed except one space between ASCII letters or digits, and at
/// most [`MAX_LINE_CHARS`] characters.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len().min(MAX_LINE_CHARS * 4));
    let mut gap = false;
    for c in line.chars().take(MAX_LINE_CHARS).map(half_width) {
        push_compacted(&mut out, c, &mut gap);
    }
    out
}

/// Appends `c` to a line being compacted: whitespace only marks a gap, and a gap survives as
/// one space only between ASCII letters or digits (extractors split CJK runs arbitrarily, but
/// `JOHN SMITH` and `No. 12` keep their space).
pub(crate) fn push_compacted(out: &mut String, c: char, gap: &mut bool) {
    if c.is_whitespace() {
        *gap = true;
        return;
    }
    let after_alnum = out
        .chars()
        .next_back()
        .is_some_and(|p| p.is_ascii_alphanumeric());
    if *gap && after_alnum && c.is_ascii_alphanumeric() {
        out.push(' ');
    }
    out.push(c);
    *gap = false;
}

fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The label a line ends with (its value is on the next line).
fn trailing_label(text: &str) -> Option<String> {
    let bare = text.trim_end_matches([':', ' ']);
    let only_label = text.ends_with(':') || bare.chars().count() <= 10;
    if !only_label {
        return None;
    }
    let labels = NAME_LABELS
        .iter()
        .chain(ID_LABELS)
        .chain(CREDIT_LABELS)
        .chain(ORG_LABELS)
        .copied()
        .chain(DATE_LABELS.iter().map(|(l, _)| *l));
    labels
        .filter(|l| bare.ends_with(l))
        .max_by_key(|l| l.len())
        .map(str::to_string)
}

fn read_line(text: &str, source: FactSource, out: &mut Collector) {
    identifiers(text, source, out);
    names(text, source, out);
    dates(text, source, out);
    amounts(text, source, out);
}

/// The longest label of `labels` that ends last before `end` in `text`.
fn label_before<'a>(text: &str, end: usize, labels: &[&'a str]) -> Option<&'a str> {
    let before = text.get(..end)?;
    labels
        .iter()
        .filter_map(|l| before.rfind(l).map(|pos| (pos + l.len(), l.len(), *l)))
        .max_by_key(|(stop, len, _)| (*stop, *len))
        .map(|(_, _, l)| l)
}

/// Maximal runs of ASCII letters and digits: (start, run upper-cased).
fn alnum_runs(text: &str) -> Vec<(usize, String)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (pos, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            current
                .get_or_insert_with(|| (pos, String::new()))
                .1
                .push(c.to_ascii_uppercase());
        } else if let Some(run) = current.take() {
            runs.push(run);
        }
    }
    runs.extend(current);
    runs
}

fn identifiers(text: &str, source: FactSource, out: &mut Collector) {
    for (start, run) in alnum_runs(text) {
        match run.len() {
            18 => {
                if let Ok(id) = id_number::check(&run) {
                    out.push(
                        FactKind::ResidentId,
                        id.number,
                        label_before(text, start, ID_LABELS),
                        source,
                    );
                } else if let Ok(code) = uscc::check(&run) {
                    out.push(
                        FactKind::CreditCode,
                        code.code,
                        label_before(text, start, CREDIT_LABELS),
                        source,
                    );
                }
            }
            // A 15-digit number is an ID only where a label says so (bank and phone numbers
            // are digits too).
            15 => {
                let label = label_before(text, start, ID_LABELS);
                let upgraded = id_number::upgrade_15(&run).filter(|_| label.is_some());
                if let Some(id) = upgraded.and_then(|n| id_number::check(&n).ok()) {
                    out.push(FactKind::ResidentId, id.number, label, source);
                }
            }
            9 => {
                let label = label_before(text, start, ORG_LABELS);
                if label.is_some() && org_code::check(&run).is_ok() {
                    out.push(FactKind::OrganizationCode, run, label, source);
                }
            }
            8 => {
                // 12345678-9: the hyphenated form of an organization code.
                let tail = text.get(start + 8..).unwrap_or_default();
                let mut rest = tail.chars();
                let check = match (rest.next(), rest.next(), rest.next()) {
                    (Some('-'), Some(c), next)
                        if c.is_ascii_alphanumeric()
                            && !next.is_some_and(|n| n.is_ascii_alphanumeric()) =>
                    {
                        c.to_ascii_uppercase()
                    }
                    _ => continue,
                };
                let code = format!("{run}{check}");
                if org_code::check(&code).is_ok() {
                    out.push(
                        FactKind::OrganizationCode,
                        code,
                        label_before(text, start, ORG_LABELS),
                        source,
                    );
                }
            }
            _ => {}
        }
    }
    spaced_identifiers(text, source, out);
    for candidate in elicense::find_in(text, 16) {
        if let Ok(id) = elicense::check(&candidate) {
            out.push(FactKind::LicenseId, id.identifier, None, source);
        }
    }
}

/// An ID number or credit code printed in groups after its label ("3210 8319 7812 1621 19").
fn spaced_identifiers(text: &str, source: FactSource, out: &mut Collector) {
    for label in ID_LABELS.iter().chain(CREDIT_LABELS) {
        let Some(pos) = text.find(label) else {
            continue;
        };
        let value: String = text
            .get(pos + label.len()..)
            .unwrap_or_default()
            .chars()
            .skip_while(|c| *c == ':')
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ' ')
            .filter(|c| *c != ' ')
            .take(19)
            .collect();
        if let Ok(id) = id_number::check(&value) {
            out.push(FactKind::ResidentId, id.number, Some(label), source);
        } else if let Ok(code) = uscc::check(&value) {
            out.push(FactKind::CreditCode, code.code, Some(label), source);
        }
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The label an amount stands behind: the run of at most 12 Han characters (that `also` accepts)
/// ending `head`, e.g. 丧葬补助金 in "丧葬补助金：¥…"; `None` when `head` does not end in one.
fn han_label_ending(head: &str, also: impl Fn(char) -> bool) -> Option<String> {
    let label: String = head
        .chars()
        .rev()
        .take_while(|&c| is_han(c) && also(c))
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!label.is_empty()).then_some(label)
}

fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '・' | '.' | '\u{2027}')
}

/// The name at the start of `rest`: Han characters (and middle dots) up to a stop word, or
/// Latin letters and spaces. `None` when that does not look like a name.
fn name_at(rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches([':', ' ']);
    let first = rest.chars().next()?;
    if first.is_ascii_alphabetic() {
        let latin: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == ' ' || *c == '-')
            .take(60)
            .collect();
        let latin = latin.trim();
        let letters = latin.chars().filter(char::is_ascii_alphabetic).count();
        return (2..=40).contains(&letters).then(|| latin.to_string());
    }
    // A header row ("姓名 身份证号 联系电话") has another label where the name would be.
    let starts_with_label = NAME_STOPS
        .iter()
        .filter(|s| s.chars().count() > 1)
        .chain(ID_LABELS)
        .chain(CREDIT_LABELS)
        .chain(DATE_LABELS.iter().map(|(l, _)| l))
        .any(|l| rest.starts_with(l));
    if starts_with_label {
        return None;
    }
    let mut name = String::new();
    for (pos, c) in rest.char_indices() {
        let tail = rest.get(pos..).unwrap_or_default();
        if !name.is_empty() && NAME_STOPS.iter().any(|s| tail.starts_with(s)) {
            break;
        }
        if is_han(c) || (is_name_dot(c) && !name.is_empty()) {
            name.push(c);
        } else {
            break;
        }
        if name.chars().count() > 20 {
            return None;
        }
    }
    let name = name.trim_end_matches(is_name_dot).to_string();
    let chars = name.chars().count();
    let has_dot = name.chars().any(is_name_dot);
    let plausible = if has_dot {
        (3..=20).contains(&chars)
    } else {
        (2..=5).contains(&chars)
    };
    let not_a_word = !["签", "盖章", "填写", "本人", "性别"]
        .iter()
        .any(|w| name.starts_with(w));
    (plausible && not_a_word).then_some(name)
}

fn names(text: &str, source: FactSource, out: &mut Collector) {
    // Labelled: 姓名：张三. Every occurrence, the longest label at each place.
    let mut taken_until = 0;
    for (pos, _) in text.char_indices() {
        if pos < taken_until {
            continue;
        }
        let tail = text.get(pos..).unwrap_or_default();
        let Some(label) = NAME_LABELS.iter().find(|l| tail.starts_with(*l)) else {
            continue;
        };
        taken_until = pos + label.len();
        let value = tail.get(label.len()..).unwrap_or_default();
        if needs_colon(label) && !value.starts_with(':') {
            continue;
        }
        if let Some(name) = name_at(value) {
            out.push(
                FactKind::PersonName,
                super::normalize_name(&name),
                Some(label),
                source,
            );
        }
    }
    // 兹证明[我单位职工]张三同志…
    for (pos, _) in text.match_indices("兹证明") {
        let mut rest = text.get(pos + "兹证明".len()..).unwrap_or_default();
        rest = rest.trim_start_matches([':', ' ']);
        if let Some(prefix) = CERTIFY_PREFIXES.iter().find(|p| rest.starts_with(*p)) {
            rest = rest.get(prefix.len()..).unwrap_or_default();
        }
        if let Some(name) = name_at(rest) {
            let after = rest.get(name.len()..).unwrap_or_default();
            let closed = HONORIFICS.iter().any(|h| after.starts_with(h))
                || ["(", "（", ",", "，", "身份证", "性别", "于"]
                    .iter()
                    .any(|s| after.starts_with(s));
            if closed {
                out.push(
                    FactKind::PersonName,
                    super::normalize_name(&name),
                    Some("兹证明"),
                    source,
                );
            }
        }
    }
    // 职工张三于…, 与职工李四的…: a name right after 职工 and closed by a particle.
    for (pos, _) in text.match_indices("职工") {
        let rest = text.get(pos + "职工".len()..).unwrap_or_default();
        // 职工姓名 and 职工： are labels, read above.
        if rest.starts_with("姓名") || rest.starts_with(':') {
            continue;
        }
        let Some(name) = name_at(rest) else {
            continue;
        };
        let after = rest.get(name.len()..).unwrap_or_default();
        let closed = HONORIFICS.iter().any(|h| after.starts_with(h))
            || ["(", "（", ",", "，", "于", "的", "与", "身份证", "因"]
                .iter()
                .any(|s| after.starts_with(s));
        if closed && name.chars().count() <= 4 {
            out.push(
                FactKind::PersonName,
                super::normalize_name(&name),
                Some("职工"),
                source,
            );
        }
    }
}

/// A date found in a line: byte range and value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FoundDate {
    start: usize,
    end: usize,
    date: time::Date,
}

/// Every date in `text`, in order: 2026年3月5日, 2026-03-05, 2026.03.05, 2026/03/05,
/// 二〇二六年三月五日.
fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let mut next_free = 0;
    for (pos, c) in text.char_indices() {
        if pos < next_free {
            continue;
        }
        let previous = text.get(..pos).and_then(|b| b.chars().next_back());
        let parsed = if c.is_ascii_digit() && !previous.is_some_and(|p| p.is_ascii_digit()) {
            arabic_date(text, pos)
        } else if chinese_digit(c).is_some() && previous.and_then(chinese_digit).is_none() {
            chinese_date(text, pos)
        } else {
            None
        };
        if let Some((date, end)) = parsed {
            found.push(FoundDate {
                start: pos,
                end,
                date,
            });
            next_free = end;
        }
        if found.len() >= 64 {
            break;
        }
    }
    found
}

fn make_date(year: i64, month: i64, day: i64) -> Option<time::Date> {
    if !(1850..=2200).contains(&year) {
        return None;
    }
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// Digits at the start of `s`: (value, bytes read), at most `max` digits.
fn digits(s: &str, max: usize) -> Option<(i64, usize)> {
    let run: String = s
        .chars()
        .take_while(char::is_ascii_digit)
        .take(max + 1)
        .collect();
    if run.is_empty() || run.len() > max {
        return None;
    }
    Some((run.parse().ok()?, run.len()))
}

fn arabic_date(text: &str, start: usize) -> Option<(time::Date, usize)> {
    let s = text.get(start..)?;
    let (year, n) = digits(s, 4)?;
    if n != 4 {
        return None;
    }
    let after_year = s.get(n..)?;
    let sep = after_year.chars().next()?;
    let (month_sep_end, day_end_char) = match sep {
        '年' => ('月', Some('日')),
        '-' | '.' | '/' => (sep, None),
        _ => return None,
    };
    let mut offset = n + sep.len_utf8();
    let (month, m) = digits(s.get(offset..)?, 2)?;
    offset += m;
    if s.get(offset..)?.chars().next()? != month_sep_end {
        return None;
    }
    offset += month_sep_end.len_utf8();
    let (day, d) = digits(s.get(offset..)?, 2)?;
    offset += d;
    let next = s.get(offset..)?.chars().next();
    match (day_end_char, next) {
        (Some(_), Some(c @ ('日' | '号'))) => offset += c.len_utf8(),
        (Some(_), _) => return None,
        (None, Some(c)) if c.is_ascii_digit() => return None,
        (None, _) => {}
    }
    Some((make_date(year, month, day)?, start + offset))
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '〇' | '零' | '○' | 'O' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A number of one to three Chinese numerals up to 31 (三, 十, 十二, 二十, 三十一).
fn chinese_small_number(s: &str) -> Option<(i64, usize)> {
    let chars: Vec<char> = s.chars().take(3).collect();
    let value = |c: Option<&char>| c.copied().and_then(chinese_digit);
    let (number, used) = match chars.as_slice() {
        ['十', rest @ ..] => match value(rest.first()) {
            Some(unit) if unit > 0 => (10 + unit, 2),
            _ => (10, 1),
        },
        [tens, '十', rest @ ..] => {
            let tens = chinese_digit(*tens)?;
            match value(rest.first()) {
                Some(unit) if unit > 0 => (tens * 10 + unit, 3),
                _ => (tens * 10, 2),
            }
        }
        [unit, ..] => (chinese_digit(*unit)?, 1),
        [] => return None,
    };
    let bytes = chars.iter().take(used).map(|c| c.len_utf8()).sum();
    (1..=31).contains(&number).then_some((number, bytes))
}

fn chinese_date(text: &str, start: usize) -> Option<(time::Date, usize)> {
    let s = text.get(start..)?;
    let mut year = 0;
    let mut offset = 0;
    for c in s.chars().take(4) {
        year = year * 10 + chinese_digit(c)?;
        offset += c.len_utf8();
    }
    let mut rest = s.get(offset..)?.chars();
    if rest.next()? != '年' {
        return None;
    }
    offset += '年'.len_utf8();
    let (month, m) = chinese_small_number(s.get(offset..)?)?;
    offset += m;
    if !s.get(offset..)?.starts_with('月') {
        return None;
    }
    offset += '月'.len_utf8();
    let (day, d) = chinese_small_number(s.get(offset..)?)?;
    offset += d;
    let end = s.get(offset..)?.chars().next()?;
    if !matches!(end, '日' | '号') {
        return None;
    }
    offset += end.len_utf8();
    Some((make_date(year, month, day)?, start + offset))
}

/// Whether `between` (the text between two dates) only joins them as a range.
fn is_range_connector(between: &str) -> bool {
    let joined = between.trim_matches(|c: char| matches!(c, ' ' | ':' | '起' | '止'));
    matches!(
        joined,
        "至" | "到" | "-" | "—" | "–" | "~" | "～" | "--" | "——"
    )
}

fn dates(text: &str, source: FactSource, out: &mut Collector) {
    let found = find_dates(text);
    let mut previous: Option<(usize, DateRole)> = None;
    for (i, date) in found.iter().enumerate() {
        let window_start = previous.map_or(0, |(end, _)| end);
        let before = text.get(window_start..date.start).unwrap_or_default();
        let next = found.get(i + 1);
        let to_next = next.map_or(text.len(), |n| n.start);
        let after = text.get(date.end..to_next).unwrap_or_default();
        let mut label = None;
        let role = if let (Some((_, DateRole::ValidFrom)), true) =
            (previous, is_range_connector(before))
        {
            DateRole::ValidUntil
        } else if let Some((keyword, role)) = DATE_LABELS
            .iter()
            .filter_map(|(l, r)| before.rfind(l).map(|p| (p + l.len(), l.len(), *l, *r)))
            .max_by_key(|(stop, len, _, _)| (*stop, *len))
            .map(|(_, _, l, r)| (l, r))
        {
            label = Some(keyword);
            if matches!(keyword, "有效期" | "有效期限") {
                let opens_range = next.is_some() && is_range_connector(after);
                if opens_range && !before.ends_with('至') {
                    DateRole::ValidFrom
                } else {
                    DateRole::ValidUntil
                }
            } else {
                role
            }
        } else {
            // "于2026年3月5日与我单位解除劳动关系": the event follows the date.
            let sentence: String = after
                .split(['。', ';', '；'])
                .next()
                .unwrap_or_default()
                .chars()
                .take(24)
                .collect();
            match DATE_EVENTS.iter().find(|(w, _)| sentence.contains(w)) {
                Some((word, role)) => {
                    label = Some(*word);
                    *role
                }
                None => DateRole::Other,
            }
        };
        previous = Some((date.end, role));
        out.push(FactKind::Date(role), iso_date(date.date), label, source);
    }
}

fn iso_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn amounts(text: &str, source: FactSource, out: &mut Collector) {
    for (pos, _) in text.match_indices('元') {
        let before = text.get(..pos).unwrap_or_default().trim_end();
        // The number right before 元, read backwards: digits, commas, one decimal point.
        let number: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let number = number.trim_start_matches([',', '.']);
        let value: String = number.chars().filter(|c| *c != ',').collect();
        let well_formed = !value.is_empty()
            && value.len() <= 20
            && value.matches('.').count() <= 1
            && value.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !value.ends_with('.');
        if !well_formed {
            continue;
        }
        // The label: the Han characters just before the number (金额, 丧葬补助金…).
        let head = before
            .get(..before.len().saturating_sub(number.len()))
            .unwrap_or_default()
            .trim_end_matches([':', ' ', '¥', '￥'])
            .trim_end_matches("人民币")
            .trim_end_matches([':', ' ']);
        let label = han_label_ending(head, |c| c != '元');
        out.push(FactKind::Amount, value, label.as_deref(), source);
    }
    // ¥10600.00 (invoices print the sign instead of 元).
    for (pos, sign) in text.match_indices(['¥', '￥']) {
        let after = text.get(pos + sign.len()..).unwrap_or_default();
        let number: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .take(24)
            .collect();
        let value: String = number
            .trim_end_matches('.')
            .chars()
            .filter(|c| *c != ',')
            .collect();
        let well_formed = value.len() <= 20
            && value.matches('.').count() <= 1
            && value.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !well_formed {
            continue;
        }
        let head = text
            .get(..pos)
            .unwrap_or_default()
            .trim_end_matches([':', ' ', ')', '）', '(', '（']);
        let label = han_label_ending(head, |_| true);
        out.push(FactKind::Amount, value, label.as_deref(), source);
    }
}

#[cfg(test)]
mod tests;
