//! What later revisions changed, from each signature's point of view (incremental-update
//! analysis). This first version only locates later revisions and unexplained trailing bytes;
//! the whitelist rules live in the follow-up work on modification analysis.

use super::file::PdfFile;
use super::signatures::{trailing_is_blank, ByteRange, FoundSignature};
use crate::report::{Change, ModificationLevel, SignatureReport};
use crate::verdict::{Check, Finding, SubIndication, Text};

/// Sets `modifications` and `changes` of every signature report.
pub fn analyse(
    file: &PdfFile<'_>,
    _found: &[FoundSignature],
    ranges: &[Option<ByteRange>],
    reports: &mut [SignatureReport],
    _doc_findings: &mut Vec<Finding>,
) {
    let last = file.revisions.len().saturating_sub(1);
    for (report, range) in reports.iter_mut().zip(ranges) {
        let Some(range) = range else { continue };
        let Some(signed) = file.revision_ending_at(range.end()) else {
            continue;
        };
        if signed == last && trailing_is_blank(file.bytes, range.end()) {
            report.modifications = ModificationLevel::None;
            continue;
        }
        for rev in signed + 1..=last {
            report.changes.push(Change {
                revision: rev,
                object: None,
                action: "revision_added".into(),
                allowed_by: None,
                description: format!(
                    "revision {rev} was added after signing and has not been analysed"
                ),
            });
        }
        report.modifications = ModificationLevel::Disallowed;
        report.checks.push(Check::failed(
            "modifications",
            SubIndication::DisallowedModification,
            Text::new(
                "the document was changed after signing in ways not analysed",
                "签名后文档被修改，修改内容未经分析",
            ),
        ));
    }
}
