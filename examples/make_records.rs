//! Writes the records fixtures to testdata/records/: a synthetic insured-person export with
//! planted defects of every code (UTF-8, GBK and XLSX variants of the same table) and the
//! planted counts in expected.json. Run: `cargo run --example make_records`.
//!
//! With `--rows N --out FILE.csv` it writes one larger UTF-8 export instead (N clean persons
//! plus the planted defects), for the speed comparison in scripts/compare-records.sh.

#[path = "../tests/records_support/export.rs"]
mod export;

use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let (Some(rows), Some(out)) = (value("--rows"), value("--out")) {
        let rows: usize = rows.parse().expect("--rows N");
        let out = PathBuf::from(out);
        export::write_large_csv(rows, 7, &out)?;
        println!(
            "wrote {rows} clean rows plus planted defects to {}",
            out.display()
        );
        return Ok(());
    }
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
