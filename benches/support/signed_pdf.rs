//! Builds a signed PDF of about a given size, for benchmarks and the peer comparison: a page
//! showing N image XObjects of pseudo-random RGB data (incompressible, like scans), one
//! signature field, and an RSA-2048 PAdES-style detached CMS made by `openssl cms -sign` with the
//! test signer in testdata/pki/generated. Large files are generated when needed, never committed.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Room reserved for the CMS in /Contents (hex digits = 2 × bytes).
const CONTENTS_BYTES: usize = 8192;
const IMAGE_BYTES: usize = 1 << 20;

/// Writes a signed PDF of at least `size` bytes to `out`. `pki` holds signer-rsa2048.pem/.key
/// and intermediate.pem.
#[allow(dead_code)] // used by the example, not by every includer
pub fn write_signed_pdf(size: usize, pki: &Path, out: &Path) -> std::io::Result<()> {
    write_multi_signed_pdf(size, 1, pki, out)
}

/// Like [`write_signed_pdf`] with `signatures` signatures, each added in its own incremental
/// update (as signing software does), each covering everything before it.
pub fn write_multi_signed_pdf(
    size: usize,
    signatures: usize,
    pki: &Path,
    out: &Path,
) -> std::io::Result<()> {
    let mut pdf: Vec<u8> = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    // Images: objects 10.. ; each 1 MiB (smaller for small files).
    let image_len = IMAGE_BYTES.min(size.saturating_sub(16 << 10).max(1024));
    let images = size.saturating_sub(16 << 10).div_ceil(image_len).max(1);
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut resources = String::from("<< /XObject <<");
    let mut content = String::new();
    for i in 0..images {
        let num = 10 + i as u32;
        let side = ((image_len / 3) as f64).sqrt() as usize;
        let len = side * side * 3;
        let mut data = Vec::with_capacity(len + 8);
        while data.len() < len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            data.extend_from_slice(&state.to_le_bytes());
        }
        data.truncate(len);
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {len} >>\nstream\n"
        )
        .into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        object(&mut pdf, &mut offsets, num, &body);
        resources.push_str(&format!(" /Im{i} {num} 0 R"));
        content.push_str(&format!(
            "q 10 0 0 10 {} {} cm /Im{i} Do Q\n",
            20 + (i % 50) * 11,
            20 + (i / 50) * 11
        ));
    }
    resources.push_str(" >> >>");
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len() + 1
    );
    object(&mut pdf, &mut offsets, 4, stream.as_bytes());
    object(
        &mut pdf,
        &mut offsets,
        1,
        b"<< /Type /Catalog /Pages 2 0 R >>",
    );
    object(
        &mut pdf,
        &mut offsets,
        2,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    );
    object(
        &mut pdf,
        &mut offsets,
        3,
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>").as_bytes(),
    );
    let mut prev = xref_section(&mut pdf, &mut offsets, None);
    let mut fields = Vec::new();
    for k in 0..signatures {
        let field = 1000 + 2 * k as u32;
        fields.push(format!("{field} 0 R"));
        object(
            &mut pdf,
            &mut offsets,
            1,
            format!(
                "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{}] /SigFlags 3 >> >>",
                fields.join(" ")
            )
            .as_bytes(),
        );
        object(
            &mut pdf,
            &mut offsets,
            field,
            format!("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature{}) /Rect [0 0 0 0] /F 132 /P 3 0 R /V {} 0 R >>", k + 1, field + 1).as_bytes(),
        );
        let sig_start = pdf.len();
        let contents = format!("/Contents <{}>", "0".repeat(CONTENTS_BYTES * 2));
        object(
            &mut pdf,
            &mut offsets,
            field + 1,
            format!("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached {PLACEHOLDER_RANGE} {contents} /M (D:20260301120000Z) >>").as_bytes(),
        );
        prev = xref_section(&mut pdf, &mut offsets, Some(prev));
        sign(&mut pdf, sig_start, pki)?;
    }
    std::fs::write(out, pdf)
}

const PLACEHOLDER_RANGE: &str = "/ByteRange [0 0000000000 0000000000 0000000000]";

fn object(pdf: &mut Vec<u8>, offsets: &mut Vec<(u32, usize)>, num: u32, body: &[u8]) {
    offsets.push((num, pdf.len()));
    pdf.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
    pdf.extend_from_slice(body);
    pdf.extend_from_slice(b"\nendobj\n");
}

/// A cross-reference table for `offsets` (then cleared), trailer, startxref, %%EOF.
fn xref_section(pdf: &mut Vec<u8>, offsets: &mut Vec<(u32, usize)>, prev: Option<usize>) -> usize {
    let at = pdf.len();
    offsets.sort_unstable();
    pdf.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    for (num, off) in offsets.drain(..) {
        pdf.extend_from_slice(format!("{num} 1\n{off:010} 00000 n \n").as_bytes());
    }
    let prev = prev.map(|p| format!(" /Prev {p}")).unwrap_or_default();
    pdf.extend_from_slice(
        format!("trailer\n<< /Size 2000 /Root 1 0 R{prev} >>\nstartxref\n{at}\n%%EOF\n").as_bytes(),
    );
    at
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Fills the ByteRange (up to the current end) and /Contents of the signature dictionary that
/// starts at `sig_start`, with a CMS made by `openssl cms -sign`.
fn sign(pdf: &mut [u8], sig_start: usize, pki: &Path) -> std::io::Result<()> {
    let missing = || std::io::Error::other("signature placeholder not found");
    let gap_start = find(pdf, b"/Contents <", sig_start).ok_or_else(missing)? + 10;
    let gap_end = gap_start + 2 + CONTENTS_BYTES * 2;
    let range = format!(
        "/ByteRange [0 {gap_start:010} {gap_end:010} {:010}]",
        pdf.len() - gap_end
    );
    let at = find(pdf, PLACEHOLDER_RANGE.as_bytes(), sig_start).ok_or_else(missing)?;
    pdf[at..at + range.len()].copy_from_slice(range.as_bytes());
    let dir =
        std::env::temp_dir().join(format!("sealcheck-sign-{}-{gap_start}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let signed = dir.join("signed.bin");
    let mut f = std::fs::File::create(&signed)?;
    f.write_all(&pdf[..gap_start])?;
    f.write_all(&pdf[gap_end..])?;
    drop(f);
    let der = dir.join("sig.der");
    let status = Command::new("openssl")
        .args([
            "cms",
            "-sign",
            "-binary",
            "-md",
            "sha256",
            "-nosmimecap",
            "-outform",
            "DER",
        ])
        .arg("-in")
        .arg(&signed)
        .arg("-signer")
        .arg(pki.join("signer-rsa2048.pem"))
        .arg("-inkey")
        .arg(pki.join("signer-rsa2048.key"))
        .arg("-certfile")
        .arg(pki.join("intermediate.pem"))
        .arg("-out")
        .arg(&der)
        .status()?;
    let cms = std::fs::read(&der);
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        return Err(std::io::Error::other("openssl cms -sign failed"));
    }
    let cms = cms?;
    if cms.len() > CONTENTS_BYTES {
        return Err(std::io::Error::other(
            "CMS larger than the reserved /Contents",
        ));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    pdf[gap_start + 1..gap_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(())
}
