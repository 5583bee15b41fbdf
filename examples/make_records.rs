//! Writes the records fixtures to testdata/records/: a synthetic insured-person export with
//! planted defects of every code (UTF-8, GBK and XLSX variants of the same table) and the
//! planted counts in expected.json. Run: `cargo run --example make_records`.

#[path = "../tests/records_support/export.rs"]
mod export;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new("testdata/records");
    std::fs::create_dir_all(dir)?;
    let (table, planted) = export::generate(240, 20261201);
    std::fs::write(dir.join("persons-utf8.csv"), export::to_csv(&table))?;
    std::fs::write(dir.join("persons-gbk.csv"), export::to_gbk_csv(&table))?;
    std::fs::write(dir.join("persons.xlsx"), export::to_xlsx(&table))?;
    let expected = serde_json::json!({
        "rows": table.len() - 1,
        "summary": planted,
    });
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string_pretty(&expected)? + "\n",
    )?;
    println!("wrote {} rows to {}", table.len() - 1, dir.display());
    Ok(())
}
