//! Checks across rows: one ID number with several person numbers or names, one person number
//! with several ID numbers, repeated rows. Memory grows with the number of distinct keys only:
//! each key is kept as a 64-bit hash with the first row it was seen in, never the row itself.
//! Rows whose ID number is invalid take no part in the ID-based checks (their defect is
//! `ID_INVALID`; a mistyped ID would otherwise be reported twice).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::report::DefectCode;
use super::row::Fields;
use super::row_checks::RowKeys;

/// Keys are already SipHash outputs; hashing them again would only cost time.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A fixed-key SipHash: deterministic across runs, so reports are too.
fn key_hash(parts: &[&[u8]]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// What is kept per ID number: 24 bytes (hash 0 stands for "none yet"; rows are `u32`, so
/// rows past 4,294,967,295 name that number as their earlier row).
#[derive(Clone, Copy)]
struct IdEntry {
    person_number: u64,
    name: u64,
    person_row: u32,
    name_row: u32,
}

fn compact_row(row: u64) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// A key hash that is never 0 (0 marks an empty slot in [`IdEntry`]).
fn nonzero(hash: u64) -> u64 {
    hash.max(1)
}

/// A cross-row defect of the current row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossDefect {
    pub code: DefectCode,
    /// The earlier row it conflicts with or repeats.
    pub earlier_row: u64,
}

/// The state of the cross-row checks.
pub struct CrossRows {
    by_id: KeyMap<IdEntry>,
    by_person_number: KeyMap<(u64, u32)>,
    rows_seen: KeyMap<u32>,
    max_keys: usize,
    /// Set once the key limit stopped new keys from being tracked.
    pub saturated: bool,
}

impl CrossRows {
    pub fn new(max_keys: usize) -> Self {
        CrossRows {
            by_id: KeyMap::default(),
            by_person_number: KeyMap::default(),
            rows_seen: KeyMap::default(),
            max_keys,
            saturated: false,
        }
    }

    fn room(&mut self) -> bool {
        let used = self.by_id.len() + self.by_person_number.len() + self.rows_seen.len();
        if used >= self.max_keys {
            self.saturated = true;
            return false;
        }
        true
    }

    /// Checks row `row` (its fields and normalised keys) against the rows before it; the
    /// `serial_columns` (序号) are left out of the row comparison.
    pub fn check(
        &mut self,
        row: u64,
        fields: &dyn Fields,
        serial_columns: &[usize],
        keys: &RowKeys,
    ) -> Vec<CrossDefect> {
        let mut found = Vec::new();
        let fingerprint = {
            let mut h = std::hash::DefaultHasher::new();
            for i in (0..fields.len()).filter(|i| !serial_columns.contains(i)) {
                fields.get(i).trim_ascii().hash(&mut h);
            }
            h.finish()
        };
        if let Some(first) = self.rows_seen.get(&fingerprint) {
            found.push(CrossDefect {
                code: DefectCode::DuplicateRow,
                earlier_row: u64::from(*first),
            });
            // An exact repeat agrees with its original in every key.
            return found;
        }
        if self.room() {
            self.rows_seen.insert(fingerprint, compact_row(row));
        }
        let pn = keys
            .person_number
            .as_ref()
            .map(|p| nonzero(key_hash(&[b"pn", p.as_bytes()])));
        let name = keys
            .name
            .as_ref()
            .map(|n| nonzero(key_hash(&[b"nm", n.as_bytes()])));
        let Some(id) = keys.id.as_ref().map(|i| key_hash(&[b"id", i.as_bytes()])) else {
            return found;
        };
        match self.by_id.get_mut(&id) {
            Some(entry) => {
                match (entry.person_number, pn) {
                    (0, Some(this)) => {
                        entry.person_number = this;
                        entry.person_row = compact_row(row);
                    }
                    (known, Some(this)) if known != this => found.push(CrossDefect {
                        code: DefectCode::IdMultiplePersonNumbers,
                        earlier_row: u64::from(entry.person_row),
                    }),
                    _ => {}
                }
                match (entry.name, name) {
                    (0, Some(this)) => {
                        entry.name = this;
                        entry.name_row = compact_row(row);
                    }
                    (known, Some(this)) if known != this => found.push(CrossDefect {
                        code: DefectCode::IdNameConflict,
                        earlier_row: u64::from(entry.name_row),
                    }),
                    _ => {}
                }
            }
            None => {
                if self.room() {
                    self.by_id.insert(
                        id,
                        IdEntry {
                            person_number: pn.unwrap_or(0),
                            name: name.unwrap_or(0),
                            person_row: compact_row(row),
                            name_row: compact_row(row),
                        },
                    );
                }
            }
        }
        if let Some(pn) = pn {
            match self.by_person_number.get(&pn) {
                Some((known_id, first)) if *known_id != id => found.push(CrossDefect {
                    code: DefectCode::PersonNumberMultipleIds,
                    earlier_row: u64::from(*first),
                }),
                Some(_) => {}
                None => {
                    if self.room() {
                        self.by_person_number.insert(pn, (id, compact_row(row)));
                    }
                }
            }
        }
        found
    }

    /// Distinct keys held.
    pub fn keys(&self) -> usize {
        self.by_id.len() + self.by_person_number.len() + self.rows_seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::row::OwnedRow;
    use super::*;

    fn keys(id: &str, pn: &str, name: &str) -> RowKeys {
        RowKeys {
            id: Some(id.into()),
            person_number: Some(pn.into()),
            name: Some(name.into()),
        }
    }

    fn codes(found: Vec<CrossDefect>) -> Vec<(DefectCode, u64)> {
        found.into_iter().map(|d| (d.code, d.earlier_row)).collect()
    }

    #[test]
    fn conflicts_point_at_the_earlier_row() {
        let mut x = CrossRows::new(1000);
        let r = |s: &str| OwnedRow(vec![s.to_string()]);
        assert!(x
            .check(1, &r("a"), &[], &keys("A", "P1", "张三"))
            .is_empty());
        assert!(x
            .check(2, &r("b"), &[], &keys("B", "P2", "李四"))
            .is_empty());
        assert_eq!(
            codes(x.check(3, &r("c"), &[], &keys("A", "P3", "张三"))),
            vec![(DefectCode::IdMultiplePersonNumbers, 1)]
        );
        assert_eq!(
            codes(x.check(4, &r("d"), &[], &keys("C", "P2", "王五"))),
            vec![(DefectCode::PersonNumberMultipleIds, 2)]
        );
        assert_eq!(
            codes(x.check(5, &r("e"), &[], &keys("B", "P2", "李斯"))),
            vec![(DefectCode::IdNameConflict, 2)]
        );
        assert_eq!(
            codes(x.check(6, &r(" a "), &[], &keys("A", "P1", "张三"))),
            vec![(DefectCode::DuplicateRow, 1)]
        );
        assert_eq!(x.keys(), 5 + 3 + 3);
    }

    #[test]
    fn key_limit_saturates_instead_of_growing() {
        let mut x = CrossRows::new(10);
        for i in 0..100u64 {
            let id = format!("ID{i}");
            x.check(
                i + 1,
                &OwnedRow(vec![id.clone()]),
                &[],
                &keys(&id, &id, "张三"),
            );
        }
        assert!(x.keys() <= 10);
        assert!(x.saturated);
    }
}
