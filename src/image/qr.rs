//! QR codes in a picture (e-licences and e-invoices carry them), read with rqrr.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::gray::Gray;

/// QR symbols decoded per picture.
pub const MAX_CODES: usize = 16;
/// Characters kept of one payload.
const MAX_PAYLOAD_CHARS: usize = 4096;

/// Payloads of every QR code rqrr finds in `g`, in the order found. A symbol that is located
/// but does not decode (damaged, partly outside the picture) is left out.
pub fn read(g: &Gray) -> Vec<String> {
    // rqrr has no known panics on hostile input, but it is third-party code running on
    // attacker-chosen pixels: a panic must cost the QR list, not the report.
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
            g.width as usize,
            g.height as usize,
            |x, y| g.get(x as u32, y as u32),
        );
        prepared
            .detect_grids()
            .iter()
            .take(MAX_CODES)
            .filter_map(|grid| grid.decode().ok())
            .map(|(_, content)| content.chars().take(MAX_PAYLOAD_CHARS).collect())
            .collect()
    }))
    .unwrap_or_default()
}
