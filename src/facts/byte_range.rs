//! PDF ByteRange facts: what a signature's /ByteRange and /Contents cover of the file.
//!
//! [`crate::pdf::signatures::check_byte_range`] examines a signature dictionary step by step
//! (the /Contents string, the declared numbers, the range inside the file, the unsigned gap
//! against /Contents, the dictionary inside its own signed bytes, where the signed bytes end)
//! and stops at the first defect. What each step established is recorded here, and the defect,
//! if any, as a typed value; [`crate::evaluate::byte_range`] writes the checks and findings.

use std::ops::Range;

use crate::report::Coverage;

/// A well-formed ByteRange of a file: `[0 a b c]`, signing bytes `0..a` and `b..b+c`, with the
/// unsigned gap `a..b` (where /Contents lies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// Length of the first signed part, which starts at offset 0 (`a`).
    pub first_len: usize,
    /// Where the second signed part starts (`b`), the end of the gap.
    pub second_start: usize,
    /// Length of the second signed part (`c`).
    pub second_len: usize,
}

impl ByteRange {
    /// The unsigned bytes between the two signed parts.
    pub fn gap(&self) -> Range<usize> {
        self.first_len..self.second_start
    }

    /// Where the signed bytes end.
    pub fn end(&self) -> usize {
        self.second_start + self.second_len
    }

    /// The two signed parts of `bytes`, when both lie inside it.
    pub fn parts<'a>(&self, bytes: &'a [u8]) -> Option<[&'a [u8]; 2]> {
        Some([
            bytes.get(..self.first_len)?,
            bytes.get(self.second_start..self.end())?,
        ])
    }
}

/// The /Contents string of a signature dictionary, where it lies in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsFact {
    /// Its bytes in the file, delimiters included; empty when the dictionary lies in a
    /// compressed object stream (no place in the file).
    pub span: Range<usize>,
    /// Whether it is written as a hex string (`<…>`), as a signature value must be.
    pub hex: bool,
}

/// Where the signed bytes end, when the examination found no defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// At the end of revision `revision` (0-based): everything of that revision but the
    /// signature value is signed.
    RevisionEnd {
        /// The revision (0-based index into the file's revisions).
        revision: usize,
        /// It is the last revision and only white space follows: the whole file is signed.
        whole_file: bool,
    },
    /// Before the oldest revision analysed, in revisions a resource limit kept out of the
    /// analysis: whether the signed bytes end at a revision's end is unknown.
    BeyondRevisionLimit {
        /// Where the signed bytes end.
        signed_end: usize,
        /// The limit (`Limits::max_revisions`) that kept the older revisions out.
        max_revisions: usize,
    },
}

/// The structural defect that ended the examination of /Contents and /ByteRange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteRangeDefect {
    /// The dictionary has no /Contents.
    ContentsMissing,
    /// /Contents is not a string (the PDF type it is).
    ContentsWrongType(&'static str),
    /// /Contents is an empty string.
    ContentsEmpty,
    /// /ByteRange is missing or not an array of integers.
    Malformed,
    /// /ByteRange does not have exactly four numbers (how many it has).
    WrongLength(usize),
    /// One of the four numbers is negative.
    Negative([i64; 4]),
    /// The first signed part does not start at offset 0 (where it starts).
    NotFromStart(usize),
    /// The parts are out of order or run past the end of the file.
    OutOfBounds {
        /// The four numbers as declared.
        values: [i64; 4],
        /// Length of the file.
        file_len: usize,
    },
    /// The dictionary is in a compressed object stream, so its /Contents has no place in the
    /// file that the gap could be.
    ContentsInObjectStream,
    /// The unsigned gap is not exactly the /Contents hex string (signature wrapping).
    GapNotContents {
        /// The gap the ByteRange leaves.
        gap: Range<usize>,
        /// Where /Contents lies.
        contents: Range<usize>,
    },
    /// The signature dictionary lies outside its own signed bytes (its span in the file).
    DictionaryUnsigned(Range<usize>),
    /// The signed bytes stop inside a revision: later bytes of it are not signed.
    NotRevisionEnd {
        /// Where the signed bytes end.
        signed_end: usize,
        /// Where the revision they stop in ends.
        revision_end: usize,
    },
}

/// What the examination of one signature's /Contents and /ByteRange established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteRangeFacts {
    /// Length of the file examined.
    pub file_len: usize,
    /// The /Contents string, when it is a non-empty string.
    pub contents: Option<ContentsFact>,
    /// The /ByteRange numbers as declared, even when malformed (the report shows them).
    pub declared: Option<Vec<i64>>,
    /// The range, when the declared numbers make one inside the file.
    pub byte_range: Option<ByteRange>,
    /// Where the signature dictionary lies in the file, when it is a top-level object.
    pub dictionary_span: Option<Range<usize>>,
    /// Revision (0-based) whose end the signed bytes reach.
    pub signed_revision: Option<usize>,
    /// What the signed bytes cover of the file.
    pub coverage: Coverage,
    /// Where the signed bytes end, or the defect that stopped the examination.
    pub outcome: Result<RangeEnd, ByteRangeDefect>,
}

/// The unsigned gap of one signature intersects another signature's gap, and starts at or
/// after it: two signatures whose gaps intersect cannot both be what they claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapOverlap {
    /// This signature's unsigned gap.
    pub gap: Range<usize>,
    /// The other signature's gap it intersects.
    pub other: Range<usize>,
}
