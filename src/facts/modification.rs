//! Modification facts: what each later revision changed, and the DocMDP/FieldMDP permissions
//! each signature grants.
//!
//! [`crate::pdf::changes`] diffs every revision after the first against the one before it, once,
//! and its whitelist rules classify each change ([`Judged`]: what changed, which rule explains
//! it, the object) — independent of any signature. Per signature it then records which revision
//! it signed, the permissions it grants (a certification signature's DocMDP level, a FieldMDP
//! lock) and the certification signature of the document ([`ModificationFacts`]). Whether a
//! change is allowed for THIS signature is decided by [`crate::evaluate::modification`].

use std::sync::Arc;

/// What kind of change a rule explains; the order is the DocMDP order (from the changes every
/// certification level permits to those only P=3 permits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Cross-reference and object streams, objects nothing uses.
    Structure,
    /// Info dictionary, XMP metadata.
    Metadata,
    /// Catalog /Extensions and /Version.
    Extensions,
    /// Document security store (PAdES-LT/LTA validation material).
    Dss,
    /// A new document timestamp (an invisible signature field with an RFC 3161 token).
    DocTimestamp,
    /// A new signature or a signature in an existing empty field.
    Signing,
    /// A form field value and its own appearance.
    FormFill,
    /// Comments and other annotations.
    Annotation,
}

impl Category {
    /// Rule name reported in `Change::allowed_by`.
    pub fn rule(self) -> &'static str {
        match self {
            Category::Structure => "file_structure",
            Category::Metadata => "metadata",
            Category::Extensions => "catalog_extensions",
            Category::Dss => "dss",
            Category::DocTimestamp => "document_timestamp",
            Category::Signing => "signature_field",
            Category::FormFill => "form_fill",
            Category::Annotation => "annotation",
        }
    }
}

/// One change of one revision, and how the rules classified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The object changed, or `None` for the file structure itself (trailer, tail bytes).
    pub object: Option<u32>,
    /// `added`, `modified`, `freed`, …
    pub action: &'static str,
    /// The rule that explains it; `None`: no rule explains it.
    pub category: Option<Category>,
    /// Fully qualified field name, for FieldMDP locks.
    pub field: Option<String>,
    /// An existing field was changed (locks apply), as opposed to a new one created.
    pub existing_field: bool,
    /// Visible appearance drawn over other content of the page (Evil Annotation, Sneaky
    /// Signature) or removal of an overlay.
    pub covers_content: bool,
    /// Plain words, without the revision (added when the change is reported).
    pub description: String,
}

/// The judged changes of every revision, computed once for all signatures
/// ([`crate::pdf::changes::History::build`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// `per_revision[r]`: changes made by revision `r` (0-based; empty for revision 0 and for
    /// revisions before the earliest signed one, which no signature needs).
    pub per_revision: Vec<Vec<Judged>>,
}

/// Fields locked by a signature's FieldMDP transform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldLock {
    /// Every field.
    All,
    /// Only the fields named (and their descendants).
    Include(Vec<String>),
    /// Every field but those named (and their descendants).
    Exclude(Vec<String>),
}

impl FieldLock {
    /// Whether the lock covers the field with this fully qualified name (quotes around it, as
    /// the rules write field names in their descriptions, are ignored).
    pub fn locks(&self, field: &str) -> bool {
        let bare = field.trim_matches('"');
        let listed = |names: &[String]| {
            names
                .iter()
                .any(|n| n == bare || bare.starts_with(&format!("{n}.")))
        };
        match self {
            FieldLock::All => true,
            FieldLock::Include(names) => listed(names),
            FieldLock::Exclude(names) => !listed(names),
        }
    }
}

/// What a signature itself grants later changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    /// DocMDP permission level P (1..=3) when it is a certification signature; `None` for an
    /// approval signature.
    pub docmdp: Option<u8>,
    /// Its FieldMDP lock, if it has one.
    pub field_lock: Option<FieldLock>,
}

impl Grants {
    /// A certification (DocMDP) signature, as opposed to an approval signature.
    pub fn is_certification(&self) -> bool {
        self.docmdp.is_some()
    }
}

/// The certification signature of a document: the earliest signed one with a DocMDP transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Certification {
    /// The revision (0-based) it signed.
    pub revision: usize,
    /// Its DocMDP permission level P (1..=3).
    pub level: u8,
}

/// How a signature dictionary was found; decides what its report must add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A signature field of the newest revision uses it (through the form or a page widget).
    Field,
    /// A signature field used it up to revision `last_used` (0-based); a later update removed
    /// the field or emptied its value.
    Removed {
        /// The last revision (0-based) whose field tree leads to it.
        last_used: usize,
    },
    /// No signature field of any analysed revision uses it: a hidden or leftover dictionary.
    NoField,
    /// It lies in bytes a resource limit kept out of the analysis.
    NotAnalysed {
        /// The limit's finding code.
        limit: &'static str,
    },
}

/// How one signature dictionary was found, and the fields that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureOrigin {
    /// How it was found.
    pub origin: Origin,
    /// Fully qualified names of the fields whose value it is (or was).
    pub fields: Vec<String>,
}

/// Bytes after the last revision that are no well-formed incremental update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailDefect {
    /// The last revision (counted from 1) of a file with several is not closed by `%%EOF`:
    /// truncated, or an update never finished.
    NoEofMarker {
        /// The revision, counted from 1.
        revision: usize,
    },
    /// Bytes after the last `%%EOF` that are not white space.
    Trailing {
        /// How many bytes follow the last revision.
        len: usize,
        /// Whether they contain objects (an update without cross-reference data).
        has_objects: bool,
    },
}

/// What one signature's modification analysis rests on: the changes after the revision it
/// signed, the permissions it grants and those of the document's certification signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModificationFacts {
    /// The judged changes of every revision (shared by all signatures of the document).
    pub history: Arc<History>,
    /// The revision (0-based) this signature signed.
    pub signed_revision: usize,
    /// The last revision (0-based) of the file.
    pub last_revision: usize,
    /// The earliest revision any signature of the document signed.
    pub first_signed_revision: usize,
    /// What this signature grants (certification or approval, FieldMDP lock).
    pub grants: Grants,
    /// The document's certification signature, if it has one.
    pub certification: Option<Certification>,
    /// Bytes after the last revision that no incremental update explains.
    pub tail: Option<TailDefect>,
}

impl ModificationFacts {
    /// The revisions after the signed one with their judged changes (0-based revision index).
    pub fn later_revisions(&self) -> impl Iterator<Item = (usize, &[Judged])> {
        (self.signed_revision + 1..=self.last_revision).filter_map(|rev| {
            self.history
                .per_revision
                .get(rev)
                .map(|changes| (rev, changes.as_slice()))
        })
    }
}
