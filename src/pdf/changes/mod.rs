//! What later revisions changed, from each signature's point of view (incremental-update
//! analysis).
//!
//! Every revision after the first is diffed object by object against the one before it, once
//! ([`rules::judge_revision`]); whitelist rules explain each change (signature fields, form
//! values, DSS, document timestamps, annotations, metadata, catalog extensions) and anything no
//! rule explains is disallowed. Per signature, [`analyse`] then records the facts
//! ([`crate::facts::modification::ModificationFacts`]: the revision it signed, the DocMDP level
//! and FieldMDP lock it grants, the document's certification signature, unexplained tail bytes),
//! and [`crate::evaluate::modification`] applies its permissions to the changes made after it:
//! DocMDP of the certification signature, its own FieldMDP lock, and for approval signatures the
//! checks against annotations and signature appearances drawn over content.
//! Revision numbers count from 1 (the file as first written) everywhere a person or program
//! reads them: messages, `Change::revision` and `SignatureReport::revision` alike; only the
//! internal indexes into `PdfFile::revisions` are 0-based.
//!
//! Results: the check `modifications` (failed with DISALLOWED_MODIFICATION, placed after the
//! integrity checks), `SignatureReport::modifications` and `changes` (one entry per judged change,
//! `allowed_by` naming the rule: `signature_field`, `document_timestamp`, `form_fill`, `dss`,
//! `annotation`, `metadata`, `catalog_extensions`, `file_structure`), and findings:
//! `ANNOTATION_AFTER_SIGNING` (approval signatures), `CERTIFICATION_NOT_FIRST`,
//! `UNEXPLAINED_TRAILING_BYTES` (document), and the shadow-preparation warnings of
//! [`crate::pdf::shadow`]. Heuristics, stated plainly: an annotation or new signature widget
//! "covers content" when its rectangle overlaps a visible annotation or field of the signed page,
//! contains the start of a line of its text (content stream positions, `cm` not followed), or
//! spans at least a fifth of the page.

pub mod diff;
pub mod graph;
pub mod rules;

use std::sync::Arc;

use super::file::PdfFile;
use super::object::{text_string, Object};
use super::signatures::{ByteRange, FoundSignature};
use crate::evaluate::evaluate;
use crate::evaluate::modification::{tail_finding, ModificationJudgement};
use crate::facts::modification::{Certification, Grants, ModificationFacts, TailDefect};
pub use crate::facts::modification::{FieldLock, History};
use crate::policy::Policy;
use crate::report::SignatureReport;
use crate::verdict::{Check, Finding};
use graph::RefGraph;

impl History {
    /// Judges every revision from `from` (0-based; at least 1) to the last against the one
    /// before it.
    pub fn build(file: &PdfFile<'_>, from: usize) -> History {
        let graph = RefGraph::new(file);
        let mut per_revision = vec![Vec::new(); file.revisions.len()];
        for (rev, slot) in per_revision.iter_mut().enumerate().skip(from.max(1)) {
            *slot = rules::judge_revision(file, &graph, rev);
        }
        History { per_revision }
    }
}

/// Establishes the modification facts of every signature whose signed bytes end at a revision's
/// end (`None` for the others), has `policy` judge them, sets `modifications` and `changes` of
/// every signature report and adds the checks and findings that follow.
pub fn analyse(
    file: &PdfFile<'_>,
    found: &[FoundSignature],
    ranges: &[Option<ByteRange>],
    reports: &mut [SignatureReport],
    doc_findings: &mut Vec<Finding>,
    policy: &Policy,
) -> Vec<Option<ModificationFacts>> {
    let last = file.revisions.len().saturating_sub(1);
    let signed: Vec<Option<usize>> = ranges
        .iter()
        .map(|r| r.and_then(|r| file.revision_ending_at(r.end())))
        .collect();
    let earliest = signed.iter().flatten().min().copied().unwrap_or(last);
    let history = Arc::new(History::build(file, earliest + 1));
    let tail = tail_problem(file);
    if let Some(tail) = &tail {
        doc_findings.push(tail_finding(tail));
    }

    // The document's certification signature: the earliest signed one with DocMDP.
    let certification = reports
        .iter()
        .zip(&signed)
        .filter_map(|(r, s)| {
            Some(Certification {
                revision: (*s)?,
                level: r.docmdp?,
            })
        })
        .min_by_key(|c| c.revision);
    let first_signed = signed.iter().flatten().min().copied();

    // Shadow preparations are looked for in the first signed revision: what the first signer
    // saw is what an attacker prepares.
    if let Some(first) = first_signed {
        let prepared = super::shadow::preparations(file, first);
        for (report, rev) in reports.iter_mut().zip(&signed) {
            if *rev == Some(first) {
                report.findings.extend(prepared.iter().cloned());
            }
        }
    }

    let mut all_facts = Vec::with_capacity(reports.len());
    for ((report, sig), rev) in reports.iter_mut().zip(found).zip(&signed) {
        let Some(rev) = *rev else {
            all_facts.push(None);
            continue;
        };
        let facts = ModificationFacts {
            history: Arc::clone(&history),
            signed_revision: rev,
            last_revision: last,
            first_signed_revision: first_signed.unwrap_or(rev),
            grants: Grants {
                docmdp: report.docmdp,
                field_lock: field_lock(file, sig),
            },
            certification,
            tail,
        };
        apply(report, evaluate(&facts, policy));
        all_facts.push(Some(facts));
    }
    all_facts
}

/// Writes a signature's modification judgement into its report. A signature found at a
/// certification-not-first position never has shadow preparations (those belong to the first
/// signed revision), so the findings keep the order they always had.
fn apply(report: &mut SignatureReport, judgement: ModificationJudgement) {
    report.findings.extend(judgement.findings);
    report.changes.extend(judgement.changes);
    report.modifications = judgement.level;
    for placed in judgement.checks {
        if placed.after_integrity {
            place_check(report, placed.check);
        } else {
            report.checks.push(placed.check);
        }
    }
}

/// Puts the modification check right after the checks that tell whether the signed bytes are
/// what they claim to be ([`crate::CheckId::is_pdf_integrity`]) and before identity, chain and
/// revocation checks, so that a document changed after signing is named as such even when the
/// certificate has also expired.
fn place_check(report: &mut SignatureReport, check: Check) {
    let at = report
        .checks
        .iter()
        .rposition(|c| c.id.is_pdf_integrity())
        .map_or(0, |p| p + 1);
    report.checks.insert(at, check);
}

/// The FieldMDP lock recorded in a signature's /Reference.
pub fn field_lock(file: &PdfFile<'_>, sig: &FoundSignature) -> Option<FieldLock> {
    let last = file.revisions.len().checked_sub(1)?;
    let refs = file.resolve(last, sig.dict.get(b"Reference")?)?;
    for r in refs.as_array()?.iter().take(16) {
        let Some(Object::Dict(reference)) = file.resolve(last, r) else {
            continue;
        };
        if reference.name(b"TransformMethod") != Some(b"FieldMDP") {
            continue;
        }
        let params = file.dict_at(last, &reference, b"TransformParams")?;
        let names: Vec<String> = params
            .get(b"Fields")
            .and_then(|f| file.resolve(last, f))
            .and_then(|f| {
                f.as_array().map(|a| {
                    a.iter()
                        .filter_map(Object::as_string)
                        .map(|s| text_string(&s.bytes))
                        .collect()
                })
            })
            .unwrap_or_default();
        return match params.name(b"Action") {
            Some(b"All") => Some(FieldLock::All),
            Some(b"Include") => Some(FieldLock::Include(names)),
            Some(b"Exclude") => Some(FieldLock::Exclude(names)),
            _ => None,
        };
    }
    None
}

/// Bytes after the end of the last revision that are not white space: objects appended without
/// a cross-reference section, or garbage.
pub fn tail_problem(file: &PdfFile<'_>) -> Option<TailDefect> {
    let last = file.revisions.last()?;
    // An update that is not closed by %%EOF was cut short (or never finished): what it says
    // cannot be trusted to be all it says, so it is not a well-formed incremental update.
    let marker = last
        .eof_marker_end
        .checked_sub(5)
        .and_then(|start| file.bytes.get(start..last.eof_marker_end));
    if file.revisions.len() > 1 && marker != Some(&b"%%EOF"[..]) {
        return Some(TailDefect::NoEofMarker {
            revision: file.revisions.len(),
        });
    }
    let rest = file.bytes.get(last.end..)?;
    let junk = rest
        .iter()
        .filter(|&&b| !super::parser::is_whitespace(b))
        .count();
    if junk == 0 {
        return None;
    }
    Some(TailDefect::Trailing {
        len: rest.len(),
        has_objects: crate::byte_search::find(rest, b"obj").is_some(),
    })
}
