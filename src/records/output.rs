//! The report for people and programs: JSON (`sealcheck-records/1`), CSV with one defect per
//! line (UTF-8 with BOM, so spreadsheet programs show the Chinese text), and text with a
//! summary table.

use std::io::{self, Write};

use super::report::{DefectCode, RecordsReport};

/// Writes the JSON report.
pub fn write_json(report: &RecordsReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes one line per defect: `row,column,code,value,zh,en`; findings about the file follow
/// with an empty `column` (and `row` when they concern no row).
pub fn write_csv(report: &RecordsReport, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    let map = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record(["row", "column", "code", "value", "zh", "en"])
        .map_err(map)?;
    for d in &report.defects {
        w.write_record([
            d.row.to_string().as_str(),
            d.column.as_deref().unwrap_or(""),
            d.code.as_str(),
            d.value.as_str(),
            d.zh.as_str(),
            d.en.as_str(),
        ])
        .map_err(map)?;
    }
    for f in &report.findings {
        let row = f.row.map(|r| r.to_string()).unwrap_or_default();
        w.write_record([
            row.as_str(),
            "",
            f.code.as_str(),
            "",
            f.zh.as_str(),
            f.en.as_str(),
        ])
        .map_err(map)?;
    }
    w.flush()
}

/// Writes the text report: a header, the summary table, the file findings and the defects
/// (at most `max_lines` of them; the CSV output lists all).
pub fn write_text(report: &RecordsReport, out: &mut dyn Write, max_lines: usize) -> io::Result<()> {
    let total = report.defect_count();
    writeln!(
        out,
        "{}: {} rows, {} defects{}",
        if report.path.is_empty() {
            "records"
        } else {
            &report.path
        },
        report.rows,
        total,
        if report.complete {
            ""
        } else {
            " (check incomplete)"
        }
    )?;
    if let Some(enc) = &report.encoding {
        writeln!(out, "  encoding: {enc}")?;
    }
    if !report.columns.is_empty() {
        let cols: Vec<String> = report
            .columns
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        writeln!(out, "  columns: {}", cols.join(", "))?;
    }
    writeln!(out)?;
    writeln!(out, "  {:<28} {:>9}  问题 / defect", "code", "count")?;
    for code in DefectCode::ALL {
        let (zh, en) = code.title();
        writeln!(
            out,
            "  {:<28} {:>9}  {zh} / {en}",
            code.as_str(),
            report.count(code)
        )?;
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
        for f in &report.findings {
            let at = f.row.map(|r| format!(" (row {r})")).unwrap_or_default();
            writeln!(out, "  {} {}{at}: {}", severity_word(f), f.code, f.zh)?;
            writeln!(out, "      {}", f.en)?;
        }
    }
    if !report.defects.is_empty() {
        writeln!(out)?;
    }
    for d in report.defects.iter().take(max_lines) {
        let column = d.column.as_deref().unwrap_or("(整行)");
        writeln!(
            out,
            "  row {:>7}  {:<26} {column}: {}",
            d.row,
            d.code.as_str(),
            d.zh
        )?;
    }
    let listed = report.defects.len().min(max_lines) as u64;
    if total > listed {
        writeln!(
            out,
            "  … {} more (use --format csv or json for all of them)",
            total - listed
        )?;
    }
    Ok(())
}

fn severity_word(f: &super::report::FileFinding) -> &'static str {
    match f.severity {
        super::report::FindingSeverity::Info => "info",
        super::report::FindingSeverity::Warning => "warning",
        super::report::FindingSeverity::Error => "error",
    }
}
