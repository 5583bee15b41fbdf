//! PDF: revisions, signature dictionaries, ByteRange coverage and what later revisions changed.

use crate::report::DocumentReport;
use crate::VerifyContext;

/// Verifies every signature of a PDF and adds them (and document findings) to `report`.
pub fn verify_pdf(
    bytes: &[u8],
    header_offset: usize,
    ctx: &VerifyContext<'_>,
    report: &mut DocumentReport,
) {
    let _ = (bytes, header_offset, ctx, report);
}
