//! CSV rows with bounded memory: the `csv` crate's core state machine (csv-core) over our own
//! buffers, so a row longer than [`RecordsLimits::max_row_bytes`] or wider than
//! [`RecordsLimits::max_columns`] is reported instead of growing a buffer without end (the
//! `csv` crate's `Reader` grows its record to whatever the file holds).

use std::io::{self, Read};

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::limits::RecordsLimits;
use super::row::Fields;

/// Why reading rows stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    /// A row is longer than the limit (often an unbalanced quote mark).
    #[error("a row is longer than the limit ({bytes} bytes read)")]
    RowTooLong {
        /// Bytes of the row read when the limit was hit.
        bytes: usize,
    },
    /// A row has more columns than the limit.
    #[error("a row has more columns than the limit ({columns} read)")]
    TooManyColumns {
        /// Columns read when the limit was hit.
        columns: usize,
    },
    /// The input could not be read.
    #[error("cannot read the rows: {0}")]
    Io(#[source] io::Error),
}

/// One parsed row: its fields are slices of `bytes` between `ends`.
pub struct CsvRow<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
}

impl Fields for CsvRow<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        let start = match index.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }
}

/// Reads rows one at a time from UTF-8 input.
pub struct CsvRows<R> {
    source: R,
    core: Reader,
    input: Vec<u8>,
    input_start: usize,
    input_end: usize,
    record: Vec<u8>,
    ends: Vec<usize>,
    max_row_bytes: usize,
    max_columns: usize,
    /// Bytes of input consumed so far (for progress).
    consumed: u64,
    eof: bool,
}

const INPUT_CHUNK: usize = 256 * 1024;

impl<R: Read> CsvRows<R> {
    pub fn new(source: R, limits: &RecordsLimits) -> Self {
        CsvRows {
            source,
            core: ReaderBuilder::new().build(),
            input: vec![0; INPUT_CHUNK],
            input_start: 0,
            input_end: 0,
            record: vec![0; 4096.min(limits.max_row_bytes.max(1))],
            ends: vec![0; 64.min(limits.max_columns.max(1))],
            max_row_bytes: limits.max_row_bytes.max(1),
            max_columns: limits.max_columns.max(1),
            consumed: 0,
            eof: false,
        }
    }

    /// Bytes of (UTF-8) input consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The next row, `Ok(None)` at the end of the input.
    pub fn next_row(&mut self) -> Result<Option<CsvRow<'_>>, RowError> {
        let mut out_len = 0usize;
        let mut ends_len = 0usize;
        loop {
            if self.input_start == self.input_end && !self.eof {
                let n = loop {
                    match self.source.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(RowError::Io(e)),
                    }
                };
                self.input_start = 0;
                self.input_end = n;
                self.eof = n == 0;
            }
            let input = self
                .input
                .get(self.input_start..self.input_end)
                .unwrap_or_default();
            let output = self.record.get_mut(out_len..).unwrap_or_default();
            let ends = self.ends.get_mut(ends_len..).unwrap_or_default();
            let (result, read, written, ended) = self.core.read_record(input, output, ends);
            self.input_start += read;
            self.consumed += read as u64;
            out_len += written;
            ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if self.record.len() >= self.max_row_bytes {
                        return Err(RowError::RowTooLong { bytes: out_len });
                    }
                    let grown = (self.record.len() * 2).min(self.max_row_bytes);
                    self.record.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= self.max_columns {
                        return Err(RowError::TooManyColumns { columns: ends_len });
                    }
                    let grown = (self.ends.len() * 2).min(self.max_columns);
                    self.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    return Ok(Some(CsvRow {
                        bytes: self.record.get(..out_len).unwrap_or_default(),
                        ends: self.ends.get(..ends_len).unwrap_or_default(),
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, limits: &RecordsLimits) -> Result<Vec<Vec<String>>, RowError> {
        let mut reader = CsvRows::new(text.as_bytes(), limits);
        let mut all = Vec::new();
        while let Some(row) = reader.next_row()? {
            all.push(
                (0..row.len())
                    .map(|i| String::from_utf8_lossy(row.get(i)).into_owned())
                    .collect(),
            );
        }
        Ok(all)
    }

    #[test]
    fn quoted_fields_and_line_endings() {
        let got = rows(
            "姓名,备注\r\n张三,\"a,b\"\n李四,\"say \"\"hi\"\"\"\n",
            &RecordsLimits::default(),
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                vec!["姓名", "备注"],
                vec!["张三", "a,b"],
                vec!["李四", "say \"hi\""]
            ]
        );
    }

    #[test]
    fn rows_grow_buffers_up_to_the_limits() {
        let long = "x".repeat(10_000);
        let text = format!("a,{long}\n");
        assert_eq!(rows(&text, &RecordsLimits::default()).unwrap()[0][1], long);
        let small = RecordsLimits {
            max_row_bytes: 5_000,
            ..RecordsLimits::default()
        };
        assert!(matches!(
            rows(&text, &small),
            Err(RowError::RowTooLong { .. })
        ));
        let wide = vec!["1"; 2000].join(",");
        assert!(matches!(
            rows(&wide, &RecordsLimits::default()),
            Err(RowError::TooManyColumns { .. })
        ));
    }
}
