//! Reports for people. The JSON form of every report is its serde serialisation (the
//! `sealcheck/1`, `sealcheck-seal/1` and review contracts in `docs/`); this module holds the
//! other forms: [`text`], the plain-text form the CLI prints, in English, Chinese or both.

pub mod text;

pub use text::Lang;
