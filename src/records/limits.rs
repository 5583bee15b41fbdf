//! How much work one export may cause. Hitting a limit is a finding with its own `LIMIT_*` code
//! (the rows read so far keep their defects), never a panic or an unbounded allocation.

use serde::{Deserialize, Serialize};

/// Resource bounds of `sealcheck records`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsLimits {
    /// Bytes of one row (all its fields together). A longer row is nearly always an unbalanced
    /// quote mark that swallowed the rest of the file; the check stops there.
    pub max_row_bytes: usize,
    /// Columns of one row.
    pub max_columns: usize,
    /// Defects listed one by one; beyond this they are still counted in the summary.
    pub max_defects_listed: usize,
    /// Distinct keys (ID numbers, person numbers, row fingerprints) the cross-row checks keep;
    /// beyond this no new keys are tracked.
    pub max_distinct_keys: usize,
    /// Largest XLSX file read (it is held in memory to check its zip directory first).
    pub max_xlsx_bytes: u64,
    /// Entries of an XLSX package.
    pub max_zip_entries: usize,
    /// Inflated bytes of an XLSX package in total, measured while inflating, not as declared.
    pub max_zip_inflated: u64,
    /// Largest inflated/compressed ratio of one XLSX entry.
    pub max_zip_ratio: u64,
}

impl Default for RecordsLimits {
    fn default() -> Self {
        RecordsLimits {
            max_row_bytes: 1 << 20,
            max_columns: 1024,
            max_defects_listed: 200_000,
            max_distinct_keys: 5_000_000,
            max_xlsx_bytes: 256 << 20,
            max_zip_entries: 10_000,
            max_zip_inflated: 2 << 30,
            max_zip_ratio: 1_000,
        }
    }
}

/// Finding codes of the records limits (the zip ones are shared with the OFD reader).
pub mod codes {
    /// A row longer than `max_row_bytes`.
    pub const ROW_SIZE: &str = "LIMIT_RECORDS_ROW_SIZE";
    /// More columns than `max_columns`.
    pub const COLUMNS: &str = "LIMIT_RECORDS_COLUMNS";
    /// More defects than `max_defects_listed` (the rest are counted, not listed).
    pub const DEFECTS_LISTED: &str = "LIMIT_RECORDS_DEFECTS";
    /// More distinct keys than `max_distinct_keys` (cross-row checks stop).
    pub const DISTINCT_KEYS: &str = "LIMIT_RECORDS_KEYS";
    /// A file larger than the size limit.
    pub const FILE_SIZE: &str = crate::policy::limit_codes::FILE_SIZE;
    /// An XLSX package with too many zip entries.
    pub const ZIP_ENTRIES: &str = crate::policy::limit_codes::ZIP_ENTRIES;
    /// An XLSX package inflating to too many bytes.
    pub const ZIP_INFLATED: &str = crate::policy::limit_codes::ZIP_INFLATED;
    /// An XLSX entry inflating too many times its size.
    pub const ZIP_RATIO: &str = crate::policy::limit_codes::ZIP_RATIO;
}
