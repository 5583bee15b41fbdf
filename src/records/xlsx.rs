//! XLSX exports. calamine reads the sheet cell by cell, but it inflates zip entries without a
//! bound of its own (and holds the shared-string table in memory), so the package is first
//! inflated once into nothing with the `zip` crate, counting bytes, and refused when it has
//! too many entries, too many inflated bytes, or an entry that inflates beyond the ratio limit.
//! The counts are measured, not taken from the (forgeable) size fields.

use std::io::{self, Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::limits::{codes, RecordsLimits};
use super::person::from_excel_serial;

/// Why an XLSX package is refused before calamine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageProblem {
    pub code: &'static str,
    pub en: String,
    pub zh: String,
}

/// Compressed entries below this are not held to the ratio limit: small XML compresses well
/// and the total limit bounds them anyway.
const RATIO_EXEMPT_BELOW: u64 = 64 * 1024;

/// Inflates every entry of the package into nothing, within the limits.
pub fn check_package(bytes: &[u8], limits: &RecordsLimits) -> Result<(), PackageProblem> {
    let unreadable = |reason: String| PackageProblem {
        code: "RECORDS_XLSX_UNREADABLE",
        en: format!("the XLSX file cannot be read: {reason}"),
        zh: format!("XLSX文件无法读取：{reason}"),
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if archive.len() > limits.max_zip_entries {
        return Err(PackageProblem {
            code: codes::ZIP_ENTRIES,
            en: format!(
                "the XLSX package has {} entries, more than the limit of {}",
                archive.len(),
                limits.max_zip_entries
            ),
            zh: format!(
                "XLSX文件包含{}个条目，超过上限{}",
                archive.len(),
                limits.max_zip_entries
            ),
        });
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| unreadable(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let ratio_cap = entry
            .compressed_size()
            .saturating_mul(limits.max_zip_ratio)
            .max(RATIO_EXEMPT_BELOW);
        let budget = limits.max_zip_inflated.saturating_sub(total);
        let inflated = io::copy(
            &mut (&mut entry).take(budget.min(ratio_cap).saturating_add(1)),
            &mut io::sink(),
        )
        .map_err(|e| unreadable(format!("{name}: {e}")))?;
        if inflated > ratio_cap {
            return Err(PackageProblem {
                code: codes::ZIP_RATIO,
                en: format!("XLSX entry {name} inflates more than {} times its compressed size: a zip bomb, not an export", limits.max_zip_ratio),
                zh: format!("XLSX条目{name}解压后超过压缩大小的{}倍，疑为压缩炸弹", limits.max_zip_ratio),
            });
        }
        if inflated > budget {
            return Err(PackageProblem {
                code: codes::ZIP_INFLATED,
                en: format!(
                    "the XLSX package inflates to more than {} bytes",
                    limits.max_zip_inflated
                ),
                zh: format!("XLSX文件解压后超过{}字节上限", limits.max_zip_inflated),
            });
        }
        total = total.saturating_add(inflated);
    }
    Ok(())
}

/// A cell value as the checks read it: numbers in their shortest form (integral ones without
/// a fraction), dates as `YYYY-MM-DD`.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                match from_excel_serial(dt.as_f64()) {
                    Some(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
                    None => float_text(dt.as_f64()),
                }
            } else {
                float_text(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e18 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Why reading the sheet stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetStop {
    Unreadable(String),
    TooManyColumns { column: u32 },
    RowTooLong,
    NoSheet,
}

/// Calls `row(sheet_row_index, cells)` for each row of the first worksheet, in order.
/// The package must have passed [`check_package`].
pub fn read_rows(
    bytes: &[u8],
    limits: &RecordsLimits,
    row: &mut dyn FnMut(u32, &[String]) -> bool,
) -> Result<(), SheetStop> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetStop::Unreadable(e.to_string()))?;
    let Some(sheet) = workbook.sheet_names().into_iter().next() else {
        return Err(SheetStop::NoSheet);
    };
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| SheetStop::Unreadable(e.to_string()))?;
    let mut current: Option<u32> = None;
    let mut values: Vec<String> = Vec::new();
    let mut row_bytes = 0usize;
    loop {
        let cell = cells
            .next_cell()
            .map_err(|e| SheetStop::Unreadable(e.to_string()))?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(done) = current {
                if !row(done, &values) {
                    return Ok(());
                }
            }
            current = Some(r);
            values.clear();
            row_bytes = 0;
        }
        if c as usize >= limits.max_columns {
            return Err(SheetStop::TooManyColumns { column: c });
        }
        let text = cell_text(cell.get_value());
        row_bytes = row_bytes.saturating_add(text.len());
        if row_bytes > limits.max_row_bytes {
            return Err(SheetStop::RowTooLong);
        }
        if values.len() <= c as usize {
            values.resize(c as usize + 1, String::new());
        }
        if let Some(slot) = values.get_mut(c as usize) {
            *slot = text;
        }
    }
    if let Some(done) = current {
        row(done, &values);
    }
    Ok(())
}
