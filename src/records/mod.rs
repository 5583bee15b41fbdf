//! `sealcheck records`: audits an export of the insured-person / employer tables of the
//! five-insurance system before the people and units in it go online. Dirty data (wrong ID
//! numbers and names, one ID with several person numbers, unit types that contradict the credit
//! code, injury rates outside the risk class) keeps them out of the online hall.
//!
//! The file streams through: memory is bounded by [`RecordsLimits`] and grows with the number
//! of distinct keys only. A hostile or broken file yields findings, never an `Err`.
//!
//! ```
//! use sealcheck::records::{check_bytes, DefectCode, RecordsOptions};
//!
//! let csv = "姓名,公民身份号码,性别\n张三,321083197812162119,女\n李四,321083197812162118,男\n";
//! let options = RecordsOptions::new(time::macros::date!(2026 - 12 - 01));
//! let report = check_bytes("export.csv", csv.as_bytes(), &options);
//! assert_eq!(report.rows, 2);
//! assert_eq!(report.count(DefectCode::GenderMismatch), 1);
//! assert_eq!(report.count(DefectCode::IdInvalid), 1);
//! assert_eq!(report.defects[1].row, 2);
//! ```

pub mod columns;
// Internals are `#[doc(hidden)]`: reachable for tests, benches and fuzz targets, not part of
// the documented API.
#[doc(hidden)]
pub mod cross_rows;
#[doc(hidden)]
pub mod csv_rows;
#[doc(hidden)]
pub mod encoding;
#[doc(hidden)]
pub mod injury_rate;
pub mod limits;
#[doc(hidden)]
pub mod names;
pub mod output;
#[doc(hidden)]
pub mod person;
pub mod report;
#[doc(hidden)]
pub mod row;
#[doc(hidden)]
pub mod row_checks;
#[doc(hidden)]
pub mod unit_type;
#[doc(hidden)]
pub mod xlsx;

use std::cell::Cell;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

use time::Date;

pub use columns::{parse_mapping, Field, Mapping, MappingError};
pub use limits::RecordsLimits;
pub use report::{Defect, DefectCode, FileFinding, FindingSeverity, RecordsReport, SCHEMA};

use columns::ColumnMap;
use cross_rows::CrossRows;
use csv_rows::{CsvRows, RowError};
use encoding::{Sniffed, Utf8Reader};
use injury_rate::RateTable;
use row::{Fields, OwnedRow};
use row_checks::{RowChecker, RowDefect};
use unit_type::UnitTypeTable;

/// Inputs of a records check besides the file.
#[derive(Debug, Clone)]
pub struct RecordsOptions {
    /// Columns named by a mapping file; the usual headers are used for the rest.
    pub mapping: Option<Mapping>,
    /// "Today": birth dates in ID numbers must not be after it.
    pub today: Date,
    /// How much work the file may cause.
    pub limits: RecordsLimits,
}

impl RecordsOptions {
    /// Options with the usual column headers and default limits, judging birth dates against `today`.
    pub fn new(today: Date) -> Self {
        RecordsOptions {
            mapping: None,
            today,
            limits: RecordsLimits::default(),
        }
    }
}

/// Rows before the header that may hold a title ("2026年参保人员名单").
const MAX_PREAMBLE_ROWS: usize = 10;

/// The state of one check: header detection, then row and cross-row checks per row.
struct Session<'o> {
    options: &'o RecordsOptions,
    report: RecordsReport,
    checker: Option<RowChecker<'static>>,
    cross: CrossRows,
    preamble: usize,
    scratch: Vec<RowDefect>,
}

impl<'o> Session<'o> {
    fn new(report: RecordsReport, options: &'o RecordsOptions) -> Self {
        Session {
            options,
            report,
            checker: None,
            cross: CrossRows::new(options.limits.max_distinct_keys),
            preamble: 0,
            scratch: Vec::new(),
        }
    }

    /// Takes the next row of the file; false when the check cannot go on.
    fn push(&mut self, row: &dyn Fields) -> bool {
        let Some(mut checker) = self.checker.take() else {
            return self.try_header(row);
        };
        self.check_row(&mut checker, row);
        self.checker = Some(checker);
        true
    }

    fn check_row(&mut self, checker: &mut RowChecker<'static>, row: &dyn Fields) {
        self.report.rows += 1;
        let row_number = self.report.rows;
        if row.is_blank() {
            return;
        }
        self.scratch.clear();
        let keys = checker.check(row, &mut self.scratch);
        let mut scratch = std::mem::take(&mut self.scratch);
        for d in scratch.drain(..) {
            let column = d
                .field
                .and_then(|f| checker.columns.field_header(f))
                .map(str::to_string);
            self.record(Defect {
                row: row_number,
                column,
                code: d.code,
                value: d.value,
                zh: d.zh,
                en: d.en,
            });
        }
        self.scratch = scratch;
        for c in self
            .cross
            .check(row_number, row, &checker.serial_columns, &keys)
        {
            let defect = cross_defect(&checker.columns, row_number, row, &keys, c);
            self.record(defect);
        }
        if self.cross.saturated && !self.report.has_finding(limits::codes::DISTINCT_KEYS) {
            self.report.finding(
                limits::codes::DISTINCT_KEYS,
                FindingSeverity::Warning,
                Some(row_number),
                format!("more than {} distinct ID numbers, person numbers and rows: from row {row_number} on, new ones are no longer compared across rows", self.options.limits.max_distinct_keys),
                format!("不同的身份证号码、个人编号和行超过{}个：自第{row_number}行起新出现的不再做跨行比对", self.options.limits.max_distinct_keys),
            );
        }
    }

    fn record(&mut self, defect: Defect) {
        if let Some(n) = self.report.summary.get_mut(defect.code.as_str()) {
            *n += 1;
        }
        if self.report.defects.len() < self.options.limits.max_defects_listed {
            self.report.defects.push(defect);
        } else if !self.report.has_finding(limits::codes::DEFECTS_LISTED) {
            let limit = self.options.limits.max_defects_listed;
            self.report.finding(
                limits::codes::DEFECTS_LISTED,
                FindingSeverity::Warning,
                Some(defect.row),
                format!(
                    "more than {limit} defects: the rest are counted in the summary but not listed"
                ),
                format!("问题超过{limit}条：其余的只计入汇总，不逐条列出"),
            );
        }
    }

    fn try_header(&mut self, row: &dyn Fields) -> bool {
        if row.is_blank() {
            return true;
        }
        let map = ColumnMap::resolve(row, self.options.mapping.as_ref());
        let mapped = self
            .options
            .mapping
            .as_ref()
            .is_some_and(|m| !m.columns.is_empty());
        let is_header = if mapped {
            map.missing.is_empty() && map.found() >= 1
        } else {
            map.found() >= 2
        };
        if is_header {
            match (RateTable::bundled(), UnitTypeTable::bundled()) {
                (Ok(rates), Ok(unit_types)) => {
                    self.report.columns = map.describe();
                    self.checker = Some(RowChecker {
                        serial_columns: map.serial_columns(),
                        columns: map,
                        rates,
                        unit_types,
                        today: self.options.today,
                        memo: Default::default(),
                    });
                    return true;
                }
                (Err(e), _) => self.table_broken(e.to_string()),
                (_, Err(e)) => self.table_broken(e.to_string()),
            }
            return false;
        }
        self.preamble += 1;
        if self.preamble >= MAX_PREAMBLE_ROWS {
            self.no_header();
            return false;
        }
        true
    }

    fn table_broken(&mut self, reason: String) {
        self.report.finding(
            "RECORDS_TABLE_INVALID",
            FindingSeverity::Error,
            None,
            format!("a bundled table cannot be read: {reason}"),
            format!("内置数据表无法读取：{reason}"),
        );
    }

    fn no_header(&mut self) {
        let mapped = self.options.mapping.is_some();
        self.report.finding(
            "RECORDS_NO_COLUMNS",
            FindingSeverity::Error,
            None,
            if mapped {
                "no header row with the columns the mapping names was found in the first rows".to_string()
            } else {
                "no header row with known columns (姓名, 公民身份号码, 性别, 个人编号, 统一社会信用代码, …) was found in the first rows; name the columns with --mapping".to_string()
            },
            if mapped {
                "前几行中未找到含映射文件所列列名的表头行".to_string()
            } else {
                "前几行中未找到含常用列名（姓名、公民身份号码、性别、个人编号、统一社会信用代码等）的表头行，可用 --mapping 指定列".to_string()
            },
        );
    }

    fn finish(mut self) -> RecordsReport {
        if self.checker.is_none()
            && !self
                .report
                .findings
                .iter()
                .any(|f| f.code == "RECORDS_NO_COLUMNS")
            && self.report.complete
        {
            self.no_header();
        }
        self.report
    }
}

/// The defect for a cross-row finding, with the values of this row.
fn cross_defect(
    columns: &ColumnMap,
    row_number: u64,
    row: &dyn Fields,
    keys: &row_checks::RowKeys,
    c: cross_rows::CrossDefect,
) -> Defect {
    let header = |f: Field| columns.field_header(f).map(str::to_string);
    let cell = |f: Field| {
        columns
            .position(f)
            .map(|i| row.text(i).trim().to_string())
            .unwrap_or_default()
    };
    let id = keys.id.clone().unwrap_or_default();
    let earlier = c.earlier_row;
    let (column, value, en, zh) = match c.code {
            DefectCode::IdMultiplePersonNumbers => (
                header(Field::PersonNumber),
                cell(Field::PersonNumber),
                format!("ID number {id} has person number {} here but another one in row {earlier}; one person has one person number", cell(Field::PersonNumber)),
                format!("身份证号码{id}在此行的个人编号为{}，与第{earlier}行的个人编号不同；一人只能有一个个人编号", cell(Field::PersonNumber)),
            ),
            DefectCode::PersonNumberMultipleIds => (
                header(Field::IdNumber),
                cell(Field::IdNumber),
                format!("person number {} belongs to ID number {id} here but to another ID number in row {earlier}", cell(Field::PersonNumber)),
                format!("个人编号{}在此行对应身份证号码{id}，在第{earlier}行对应其他身份证号码", cell(Field::PersonNumber)),
            ),
            DefectCode::IdNameConflict => (
                header(Field::Name),
                cell(Field::Name),
                format!("ID number {id} has the name {} here but another name in row {earlier}", cell(Field::Name)),
                format!("身份证号码{id}在此行的姓名为“{}”，与第{earlier}行的姓名不一致", cell(Field::Name)),
            ),
            _ => {
                let mut joined = String::new();
                for i in 0..row.len() {
                    if i > 0 {
                        joined.push(',');
                    }
                    joined.push_str(row.text(i).trim());
                    if joined.len() > 200 {
                        break;
                    }
                }
                (
                    None,
                    joined,
                    format!("this row repeats row {earlier} field for field"),
                    format!("此行与第{earlier}行完全重复"),
                )
            }
        };
    Defect {
        row: row_number,
        column,
        code: c.code,
        value,
        zh,
        en,
    }
}

/// Checks a CSV from a reader. `progress` is called now and then with the bytes read so far.
pub fn check_csv<R: Read>(
    label: &str,
    mut source: R,
    options: &RecordsOptions,
    progress: &mut dyn FnMut(u64),
) -> RecordsReport {
    let mut report = RecordsReport::new(label, "csv");
    // Sniff the head, then read it again followed by the rest.
    let mut head = Vec::with_capacity(encoding::SNIFF_BYTES);
    if let Err(e) = (&mut source)
        .take(encoding::SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        read_failed(&mut report, None, &e);
        return report;
    }
    let encoding = match encoding::sniff(&head) {
        Sniffed::Text(e) => e,
        Sniffed::Binary => {
            report.finding(
                "RECORDS_NOT_TEXT",
                FindingSeverity::Error,
                None,
                "the file holds binary data (NUL bytes), not a CSV export; save the table as CSV or XLSX",
                "文件含有二进制数据（NUL字节），不是CSV导出文件；请另存为CSV或XLSX",
            );
            return report;
        }
    };
    report.encoding = Some(encoding.name().to_string());
    let head_body = head.get(encoding.bom_len()..).unwrap_or_default().to_vec();
    let counted = Rc::new(Cell::new(head.len() as u64));
    let tail = CountingReader {
        inner: source,
        count: Rc::clone(&counted),
    };
    let utf8 = Utf8Reader::new(io::Cursor::new(head_body).chain(tail), encoding);
    let mut rows = CsvRows::new(utf8, &options.limits);
    let mut session = Session::new(report, options);
    let mut since_progress = 0u32;
    loop {
        match rows.next_row() {
            Ok(Some(row)) => {
                if !session.push(&row) {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                let at = session.report.rows + 1;
                match e {
                    RowError::RowTooLong { bytes } => session.report.finding(
                        limits::codes::ROW_SIZE,
                        FindingSeverity::Error,
                        Some(at),
                        format!("data row {at} is longer than {} bytes ({bytes} read): usually a quote mark (\") without its closing partner, which runs to the end of the file; the rest of the file was not checked", options.limits.max_row_bytes),
                        format!("第{at}行数据超过{}字节（已读{bytes}字节），通常是引号（\"）未闭合导致其后内容连成一个字段；文件其余部分未检查", options.limits.max_row_bytes),
                    ),
                    RowError::TooManyColumns { columns } => session.report.finding(
                        limits::codes::COLUMNS,
                        FindingSeverity::Error,
                        Some(at),
                        format!("data row {at} has more than {} columns ({columns} read); the rest of the file was not checked", options.limits.max_columns),
                        format!("第{at}行超过{}列（已读{columns}列），文件其余部分未检查", options.limits.max_columns),
                    ),
                    RowError::Io(e) => read_failed(&mut session.report, Some(at), &e),
                }
                break;
            }
        }
        since_progress += 1;
        if since_progress >= 16_384 {
            since_progress = 0;
            progress(counted.get());
        }
    }
    progress(counted.get());
    session.finish()
}

fn read_failed(report: &mut RecordsReport, row: Option<u64>, e: &io::Error) {
    report.finding(
        "RECORDS_READ_ERROR",
        FindingSeverity::Error,
        row,
        format!("reading the file failed: {e}"),
        format!("读取文件失败：{e}"),
    );
}

/// Counts the bytes read through it (for progress reports).
struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Checks an XLSX held in memory (first worksheet).
pub fn check_xlsx(label: &str, bytes: &[u8], options: &RecordsOptions) -> RecordsReport {
    let mut report = RecordsReport::new(label, "xlsx");
    if bytes.len() as u64 > options.limits.max_xlsx_bytes {
        report.finding(
            limits::codes::FILE_SIZE,
            FindingSeverity::Error,
            None,
            format!("the XLSX file has {} bytes, more than the limit of {}; export the table as CSV instead", bytes.len(), options.limits.max_xlsx_bytes),
            format!("XLSX文件大小为{}字节，超过上限{}字节；请改为导出CSV", bytes.len(), options.limits.max_xlsx_bytes),
        );
        return report;
    }
    if let Err(p) = xlsx::check_package(bytes, &options.limits) {
        report.finding(p.code, FindingSeverity::Error, None, p.en, p.zh);
        return report;
    }
    let mut session = Session::new(report, options);
    let mut row = OwnedRow::default();
    let mut last_sheet_row: Option<u32> = None;
    let result = xlsx::read_rows(bytes, &options.limits, &mut |index, cells| {
        // Rows missing from the sheet are blank rows: they still count in the numbering.
        if session.checker.is_some() {
            if let Some(last) = last_sheet_row {
                let gap = index.saturating_sub(last).saturating_sub(1);
                session.report.rows += u64::from(gap);
            }
        }
        last_sheet_row = Some(index);
        row.0.clear();
        row.0.extend(cells.iter().cloned());
        session.push(&row)
    });
    if let Err(stop) = result {
        let at = session.report.rows + 1;
        let (code, en, zh) = match stop {
            xlsx::SheetStop::Unreadable(reason) => (
                "RECORDS_XLSX_UNREADABLE",
                format!("the XLSX file cannot be read: {reason}"),
                format!("XLSX文件无法读取：{reason}"),
            ),
            xlsx::SheetStop::NoSheet => (
                "RECORDS_XLSX_UNREADABLE",
                "the XLSX file has no worksheet".to_string(),
                "XLSX文件中没有工作表".to_string(),
            ),
            xlsx::SheetStop::TooManyColumns { column } => (
                limits::codes::COLUMNS,
                format!("the sheet has a cell in column {} , more than the limit of {} columns; the rest was not checked", u64::from(column) + 1, options.limits.max_columns),
                format!("工作表第{}列有内容，超过{}列上限；其余部分未检查", u64::from(column) + 1, options.limits.max_columns),
            ),
            xlsx::SheetStop::RowTooLong => (
                limits::codes::ROW_SIZE,
                format!("data row {at} is longer than {} bytes; the rest was not checked", options.limits.max_row_bytes),
                format!("第{at}行数据超过{}字节，其余部分未检查", options.limits.max_row_bytes),
            ),
        };
        session
            .report
            .finding(code, FindingSeverity::Error, Some(at), en, zh);
    }
    session.finish()
}

/// What the first bytes of a file say it is.
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

fn is_ole_compound(head: &[u8]) -> bool {
    head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn legacy_xls(label: &str) -> RecordsReport {
    let mut report = RecordsReport::new(label, "xls");
    report.finding(
        "RECORDS_UNSUPPORTED_FORMAT",
        FindingSeverity::Error,
        None,
        "this is a legacy Excel 97–2003 (.xls) workbook; save it as XLSX or CSV",
        "这是旧版Excel 97–2003（.xls）文件，请另存为XLSX或CSV",
    );
    report
}

/// Checks an export held in memory: XLSX by its zip signature, CSV otherwise.
pub fn check_bytes(label: &str, bytes: &[u8], options: &RecordsOptions) -> RecordsReport {
    if is_zip(bytes) {
        return check_xlsx(label, bytes, options);
    }
    if is_ole_compound(bytes) {
        return legacy_xls(label);
    }
    check_csv(label, bytes, options, &mut |_| {})
}

/// Checks an export on disk; CSV streams, XLSX is read into memory within
/// [`RecordsLimits::max_xlsx_bytes`]. `Err` only when the path cannot be opened or read.
pub fn check_path(
    path: &Path,
    options: &RecordsOptions,
    progress: &mut dyn FnMut(u64),
) -> io::Result<RecordsReport> {
    let label = path.display().to_string();
    // Asked before opening: opening a FIFO would block until something writes to it.
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut file = std::fs::File::open(path)?;
    let mut head = [0u8; 8];
    let mut got = 0;
    while got < head.len() {
        let n = file.read(head.get_mut(got..).unwrap_or_default())?;
        if n == 0 {
            break;
        }
        got += n;
    }
    let head = head.get(..got).unwrap_or_default();
    if is_zip(head) {
        let mut bytes = head.to_vec();
        (&mut file)
            .take(options.limits.max_xlsx_bytes.saturating_sub(got as u64) + 1)
            .read_to_end(&mut bytes)?;
        return Ok(check_xlsx(&label, &bytes, options));
    }
    if is_ole_compound(head) {
        return Ok(legacy_xls(&label));
    }
    let source =
        io::Cursor::new(head.to_vec()).chain(io::BufReader::with_capacity(256 * 1024, file));
    Ok(check_csv(&label, source, options, progress))
}

/// The exit status of a report: 0 clean, 1 defects, 2 no defects but the check was incomplete.
pub fn exit_status(report: &RecordsReport) -> u8 {
    if report.defect_count() > 0 {
        1
    } else if !report.complete {
        2
    } else {
        0
    }
}
