//! Synthetic insured-person exports with planted defects of every records code, in known
//! numbers. Used by the fixture generator (`cargo run --example make_records`), the tests and
//! the records bench (which makes a million-row file at bench time).
//!
//! Every planted defect yields exactly one defect of its code: mutations go to distinct clean
//! rows, and the rows added for cross-row codes copy clean rows that nothing else touches.

#![allow(dead_code)]

use std::collections::BTreeMap;

use sealcheck::license::{id_number, org_code, uscc};

/// Header of the generated table.
pub const HEADER: [&str; 12] = [
    "序号",
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "个人编号",
    "单位编号",
    "单位名称",
    "统一社会信用代码",
    "单位类型",
    "行业风险类别",
    "工伤保险费率",
];

/// How many defects of each code to plant (contract code → count).
pub fn planted_counts() -> BTreeMap<&'static str, usize> {
    BTreeMap::from([
        ("ID_INVALID", 7),
        ("GENDER_MISMATCH", 5),
        ("BIRTH_DATE_MISMATCH", 4),
        ("NAME_INVALID", 8),
        ("ID_NAME_CONFLICT", 3),
        ("ID_MULTIPLE_PERSON_NUMBERS", 4),
        ("PERSON_NUMBER_MULTIPLE_IDS", 2),
        ("USCC_INVALID", 6),
        ("UNIT_TYPE_MISMATCH", 5),
        ("INJURY_RATE_MISMATCH", 6),
        ("DUPLICATE_ROW", 3),
    ])
}

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "海燕",
];
const REGIONS: &[&str] = &["110101", "310115", "320106", "440305", "510104", "610113"];

/// A unit of the table: code, type wording, risk class and a permitted rate.
#[derive(Clone)]
pub struct Unit {
    pub number: String,
    pub name: String,
    pub code: String,
    pub unit_type: &'static str,
    pub class: &'static str,
    pub rate: &'static str,
}

/// A credit code with the given two-character prefix and a body derived from `n`.
pub fn credit_code(prefix: &str, n: u64) -> String {
    let body = format!("{:08}", 10_000_000 + n % 89_999_999);
    let org = format!("{body}{}", org_code::check_character(&body).unwrap());
    let first17 = format!("{prefix}320106{org}");
    format!("{first17}{}", uscc::check_character(&first17).unwrap())
}

pub fn units() -> Vec<Unit> {
    let kinds: [(&str, &str, &str, &str); 8] = [
        ("91", "有限责任公司", "一类", "0.2%"),
        ("91", "企业", "二类", "0.48%"),
        ("92", "个体工商户", "三类", "0.0056"),
        ("12", "事业单位", "一类", "0.24%"),
        ("11", "机关", "一类", "0.20"),
        ("52", "民办非企业单位", "四类", "0.45%"),
        ("91", "股份有限公司", "八类", "2.85%"),
        ("51", "社会团体", "二类", "0.4%"),
    ];
    kinds
        .iter()
        .enumerate()
        .map(|(i, (prefix, unit_type, class, rate))| Unit {
            number: format!("D{:08}", 1000 + i),
            name: format!("示例单位{}", i + 1),
            code: credit_code(prefix, 1_234_567 + i as u64 * 7_919),
            unit_type,
            class,
            rate,
        })
        .collect()
}

/// A valid ID number for person `n`, with its birth date and sex. Distinct for every
/// `n` below 13,608,000 (day, month, year and sequence are digits of `n` in a mixed radix).
pub fn person_id(n: u64) -> (String, (i32, u8, u8), &'static str) {
    let region = REGIONS[(n % REGIONS.len() as u64) as usize];
    let day = 1 + (n % 28) as u8;
    let month = 1 + (n / 28 % 12) as u8;
    let year = 1960 + (n / 336 % 45) as i32;
    let seq = 100 + (n / 15_120 % 900);
    let first17 = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    let id = format!("{first17}{}", id_number::check_character(&first17).unwrap());
    let sex = if seq % 2 == 1 { "男" } else { "女" };
    (id, (year, month, day), sex)
}

fn person_name(n: u64) -> String {
    let s = SURNAMES[(n % SURNAMES.len() as u64) as usize];
    let g1 = GIVEN[(n / 5 % GIVEN.len() as u64) as usize];
    let g2 = GIVEN[(n / 131 % GIVEN.len() as u64) as usize];
    if n.is_multiple_of(3) {
        format!("{s}{g1}")
    } else {
        format!("{s}{g1}{g2}")
    }
}

/// A clean row for person `n` in unit `unit`.
pub fn clean_row(n: u64, unit: &Unit) -> Vec<String> {
    let (id, (y, m, d), sex) = person_id(n);
    vec![
        String::new(),
        person_name(n),
        id,
        sex.to_string(),
        format!("{y:04}-{m:02}-{d:02}"),
        format!("P{:010}", 3_000_000_000u64 + n),
        unit.number.clone(),
        unit.name.clone(),
        unit.code.clone(),
        unit.unit_type.to_string(),
        unit.class.to_string(),
        unit.rate.to_string(),
    ]
}

fn flip_sex(s: &str) -> String {
    if s == "男" { "女" } else { "男" }.to_string()
}

fn wrong_check_digit(id: &str) -> String {
    let (body, last) = id.split_at(17);
    let replacement = if last == "0" { "1" } else { "0" };
    format!("{body}{replacement}")
}

/// The table (header first) with `clean` clean persons and the planted defects, shuffled.
pub fn generate(clean: usize, seed: u64) -> (Vec<Vec<String>>, BTreeMap<&'static str, usize>) {
    let (table, planted, _) = generate_with_rows(clean, seed);
    (table, planted)
}

/// Like [`generate`], also returning each planted defect as (data row from 1, code), sorted.
/// For a pair of rows (cross-row codes) the later row is the one reported.
#[allow(clippy::type_complexity)]
pub fn generate_with_rows(
    clean: usize,
    seed: u64,
) -> (
    Vec<Vec<String>>,
    BTreeMap<&'static str, usize>,
    Vec<(u64, &'static str)>,
) {
    let planted = planted_counts();
    let units = units();
    let mut rng = Rng::new(seed);
    let mut rows: Vec<Vec<String>> = (0..clean as u64)
        .map(|n| clean_row(n, &units[(n % units.len() as u64) as usize]))
        .collect();
    // Rows are taken for mutation or copying without replacement.
    let mut free: Vec<usize> = (0..rows.len()).collect();
    let mut take = |rng: &mut Rng| -> usize {
        let i = rng.below(free.len());
        free.swap_remove(i)
    };
    let mut added: Vec<Vec<String>> = Vec::new();
    // Planted defects by row identity: (row index before shuffling, code) for mutated rows;
    // (source index, added index, code) for pairs (added indexes count on from `clean`).
    let mut mutated: Vec<(usize, &'static str)> = Vec::new();
    let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut next_person = clean as u64 + 1_000;
    let name_mutations: [fn(&str) -> String; 8] = [
        |n| format!("{n}1"),
        |n| format!("{n} "),
        |n| {
            let mut c = n.chars();
            let first = c.next().unwrap();
            format!("{first} {}", c.as_str())
        },
        |n| format!("{n}(退休)"),
        |n| format!("{n}Ａ"),
        |n| n.replacen(|c: char| c != '欧', "?", 1),
        |n| format!("{n}　"),
        |n| format!("{n}#"),
    ];
    for (code, count) in &planted {
        for k in 0..*count {
            match *code {
                "ID_INVALID" => {
                    let r = take(&mut rng);
                    mutated.push((r, "ID_INVALID"));
                    rows[r][2] = wrong_check_digit(&rows[r][2]);
                }
                "GENDER_MISMATCH" => {
                    let r = take(&mut rng);
                    mutated.push((r, "GENDER_MISMATCH"));
                    rows[r][3] = flip_sex(&rows[r][3]);
                }
                "BIRTH_DATE_MISMATCH" => {
                    let r = take(&mut rng);
                    mutated.push((r, "BIRTH_DATE_MISMATCH"));
                    // Day 29 never occurs in generated IDs (days are 1–28).
                    rows[r][4] = format!("{}29", &rows[r][4][..8]);
                }
                "NAME_INVALID" => {
                    let r = take(&mut rng);
                    mutated.push((r, "NAME_INVALID"));
                    rows[r][1] = name_mutations[k % name_mutations.len()](&rows[r][1]);
                }
                "ID_NAME_CONFLICT" => {
                    let r = take(&mut rng);
                    pairs.push((r, clean + added.len(), "ID_NAME_CONFLICT"));
                    let mut copy = rows[r].clone();
                    copy[1] = format!("{}{}", copy[1], GIVEN[k % GIVEN.len()]);
                    added.push(copy);
                }
                "ID_MULTIPLE_PERSON_NUMBERS" => {
                    let r = take(&mut rng);
                    pairs.push((r, clean + added.len(), "ID_MULTIPLE_PERSON_NUMBERS"));
                    let mut copy = rows[r].clone();
                    copy[5] = format!("P{:010}", 5_000_000_000u64 + k as u64);
                    added.push(copy);
                }
                "PERSON_NUMBER_MULTIPLE_IDS" => {
                    let r = take(&mut rng);
                    pairs.push((r, clean + added.len(), "PERSON_NUMBER_MULTIPLE_IDS"));
                    let mut other = clean_row(next_person, &units[0]);
                    next_person += 1;
                    other[5] = rows[r][5].clone();
                    added.push(other);
                }
                "USCC_INVALID" => {
                    let r = take(&mut rng);
                    mutated.push((r, "USCC_INVALID"));
                    let code = rows[r][8].clone();
                    let last = if code.ends_with('0') { '1' } else { '0' };
                    rows[r][8] = format!("{}{last}", &code[..17]);
                }
                "UNIT_TYPE_MISMATCH" => {
                    let r = take(&mut rng);
                    mutated.push((r, "UNIT_TYPE_MISMATCH"));
                    let wrong = if rows[r][8].starts_with("91") {
                        "事业单位"
                    } else {
                        "有限责任公司"
                    };
                    rows[r][9] = wrong.to_string();
                }
                "INJURY_RATE_MISMATCH" => {
                    let r = take(&mut rng);
                    mutated.push((r, "INJURY_RATE_MISMATCH"));
                    // No class has a level of 0.25% (class one: 0.2/0.24/0.3; two: 0.2/0.32/…).
                    rows[r][11] = "0.25%".to_string();
                }
                "DUPLICATE_ROW" => {
                    let r = take(&mut rng);
                    pairs.push((r, clean + added.len(), "DUPLICATE_ROW"));
                    added.push(rows[r].clone());
                }
                other => panic!("no planting rule for {other}"),
            }
        }
    }
    rows.extend(added);
    // Fisher–Yates shuffle, then number the rows.
    let mut position: Vec<usize> = (0..rows.len()).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    for i in (1..rows.len()).rev() {
        let j = rng.below(i + 1);
        rows.swap(i, j);
        order.swap(i, j);
    }
    for (pos, original) in order.iter().enumerate() {
        position[*original] = pos;
    }
    let mut expected: Vec<(u64, &'static str)> = mutated
        .iter()
        .map(|(r, code)| (position[*r] as u64 + 1, *code))
        .chain(
            pairs
                .iter()
                .map(|(a, b, code)| (position[*a].max(position[*b]) as u64 + 1, *code)),
        )
        .collect();
    expected.sort();
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = (i + 1).to_string();
    }
    let mut table = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    table.extend(rows);
    (table, planted, expected)
}

/// The table as CSV text (fields quoted when needed).
pub fn to_csv(table: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in table {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The table as GBK bytes (what many government systems export).
pub fn to_gbk_csv(table: &[Vec<String>]) -> Vec<u8> {
    let text = to_csv(table);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "generated text must be GBK-encodable");
    bytes.into_owned()
}

/// The table as an XLSX workbook: birth dates as Excel dates, rates given as fractions as
/// numbers, everything else as text.
pub fn to_xlsx(table: &[Vec<String>]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in table.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r > 0 && c == 4 && value.len() == 10 {
                let (y, m, d) = (&value[..4], &value[5..7], &value[8..10]);
                if let Ok(dt) = ExcelDateTime::from_ymd(
                    y.parse().unwrap(),
                    m.parse().unwrap(),
                    d.parse().unwrap(),
                ) {
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date_format)
                        .unwrap();
                    continue;
                }
            }
            if r > 0
                && c == 11
                && !value.contains('%')
                && value.parse::<f64>().is_ok_and(|v| v < 0.05)
            {
                sheet
                    .write_number(r, c, value.parse::<f64>().unwrap())
                    .unwrap();
                continue;
            }
            sheet.write_string(r, c, value).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// Writes a large UTF-8 export of `clean` persons plus the planted defects to `path`, without
/// holding it as one string.
pub fn write_large_csv(clean: usize, seed: u64, path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let (table, _) = generate(clean, seed);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for chunk in table.chunks(10_000) {
        out.write_all(to_csv(chunk).as_bytes())?;
    }
    out.flush()
}
