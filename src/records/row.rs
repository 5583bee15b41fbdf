//! A row as the checks see it, whatever file it came from.

use std::borrow::Cow;

/// The fields of one row, as UTF-8 bytes (a field may still hold invalid UTF-8 when a file
/// detected as UTF-8 has a stray byte later on).
pub trait Fields {
    fn len(&self) -> usize;
    /// The field at `index`, empty when the row is shorter.
    fn get(&self, index: usize) -> &[u8];

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The field as text, lossily when it is not UTF-8.
    fn text(&self, index: usize) -> Cow<'_, str> {
        String::from_utf8_lossy(self.get(index))
    }

    /// True when every field is blank.
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).iter().all(u8::is_ascii_whitespace))
    }
}

/// A row held as owned strings (XLSX cells, tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedRow(pub Vec<String>);

impl Fields for OwnedRow {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        self.0.get(index).map(|s| s.as_bytes()).unwrap_or_default()
    }
}
