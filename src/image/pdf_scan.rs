//! Page images of a scanned PDF (one without a text layer), measured like image uploads.
//!
//! A PDF is a scan when none of its pages has a font: there is no text to read, only
//! pictures. Each page's largest image XObject is taken as the scan of that page. Its
//! density comes from the page size (pixels across the MediaBox). DCTDecode images are JPEG
//! files as they are; FlateDecode (or unfiltered) images are raw samples, converted to gray
//! here. Other encodings (CCITTFax, JBIG2, JPX) are named in a finding and skipped. The PDF is
//! read with the crate's own parser ([`crate::pdf::file`]), inside the same limits.

use crate::pdf::file::PdfFile;
use crate::pdf::object::{Dict, ObjRef, Object};
use crate::policy::Policy;
use crate::report::DocumentKind;
use crate::verdict::{Finding, Severity};

use super::decode::{DecodeError, Decoded};
use super::gray::Gray;
use super::report::{codes, finding};
use super::{analyze as analyze_image, examine, failed, Context, ImageReport};

/// Pages whose images are measured.
pub const MAX_SCAN_PAGES: usize = 50;
/// Nodes of the page tree visited.
const MAX_TREE_NODES: usize = 2_000;
/// Depth of the page tree followed.
const MAX_TREE_DEPTH: usize = 32;

/// The page images of a scanned PDF and what they gave.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Empty when the PDF has a text layer (or no images).
    pub pages: Vec<ImageReport>,
    pub findings: Vec<Finding>,
}

/// One page as the tree gives it.
struct Page {
    resources: Option<Dict>,
    media_box: Option<[f64; 4]>,
}

/// Measures the page images of `bytes` when it is a scan.
pub fn analyze(bytes: &[u8], header_offset: usize, policy: &Policy) -> Scan {
    let mut scan = Scan::default();
    // A font anywhere means text somewhere; not a scan. (Cheap, and it spares the parse for
    // the born-digital majority.)
    if crate::byte_search::find(bytes, b"/Font").is_some() {
        return scan;
    }
    let file = PdfFile::parse(bytes, header_offset, &policy.limits);
    let Some(rev) = file.revisions.len().checked_sub(1) else {
        return scan;
    };
    let pages = page_list(&file, rev);
    if pages.iter().any(|p| has_fonts(&file, rev, p)) {
        return scan;
    }
    for (index, page) in pages.iter().enumerate().take(MAX_SCAN_PAGES) {
        let number = index as u32 + 1;
        let Some((image, dict)) = largest_image(&file, rev, page) else {
            continue;
        };
        let analysis = page_image(&file, &image, &dict, page, number, policy);
        scan.pages.extend(analysis.report);
        scan.findings.extend(analysis.findings);
    }
    scan.findings.extend(file.all_findings());
    scan
}

/// A page-tree node to visit: reference, depth, inherited resources and media box.
type TreeNode = (ObjRef, usize, Option<Dict>, Option<[f64; 4]>);

/// Pages in order, with inherited resources and media box.
fn page_list(file: &PdfFile<'_>, rev: usize) -> Vec<Page> {
    let mut out = Vec::new();
    let Some((_, catalog)) = file.catalog(rev) else {
        return out;
    };
    let Some(root) = catalog.get(b"Pages").and_then(Object::as_ref) else {
        return out;
    };
    let mut visited = 0usize;
    let mut stack: Vec<TreeNode> = vec![(root, 0, None, None)];
    let mut seen = std::collections::HashSet::new();
    while let Some((node, depth, inherited_res, inherited_box)) = stack.pop() {
        visited += 1;
        if visited > MAX_TREE_NODES || depth > MAX_TREE_DEPTH || !seen.insert(node) {
            continue;
        }
        let Some(dict) = file.get(rev, node).and_then(|o| match o {
            Object::Dict(d) => Some(d),
            _ => None,
        }) else {
            continue;
        };
        let resources = file.dict_at(rev, &dict, b"Resources").or(inherited_res);
        let media_box = media_box(file, rev, &dict).or(inherited_box);
        if dict.name(b"Type") == Some(b"Page".as_slice()) || !dict.contains(b"Kids") {
            out.push(Page {
                resources,
                media_box,
            });
            if out.len() >= MAX_SCAN_PAGES {
                break;
            }
            continue;
        }
        let kids = file
            .resolve(rev, dict.get(b"Kids").unwrap_or(&Object::Null))
            .and_then(|k| k.as_array().map(|a| a.to_vec()))
            .unwrap_or_default();
        // Reverse so the first kid is popped first.
        for kid in kids.iter().rev().filter_map(Object::as_ref) {
            stack.push((kid, depth + 1, resources.clone(), media_box));
        }
    }
    out
}

fn media_box(file: &PdfFile<'_>, rev: usize, dict: &Dict) -> Option<[f64; 4]> {
    let value = file.resolve(rev, dict.get(b"MediaBox")?)?;
    let numbers: Vec<f64> = value
        .as_array()?
        .iter()
        .filter_map(|o| file.resolve(rev, o).and_then(|o| o.as_number()))
        .collect();
    match numbers.as_slice() {
        [a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}

fn has_fonts(file: &PdfFile<'_>, rev: usize, page: &Page) -> bool {
    page.resources
        .as_ref()
        .and_then(|r| file.dict_at(rev, r, b"Font"))
        .is_some_and(|fonts| !fonts.is_empty())
}

/// The page's image XObject with the most pixels, and its stream dictionary.
fn largest_image(file: &PdfFile<'_>, rev: usize, page: &Page) -> Option<(Object, Dict)> {
    let xobjects = file.dict_at(rev, page.resources.as_ref()?, b"XObject")?;
    let mut best: Option<(u64, Object, Dict)> = None;
    for (_, value) in xobjects.iter().take(64) {
        let Some(object) = file.resolve(rev, value) else {
            continue;
        };
        let Object::Stream(stream) = &object else {
            continue;
        };
        if stream.dict.name(b"Subtype") != Some(b"Image".as_slice()) {
            continue;
        }
        let w = stream.dict.int(b"Width").unwrap_or(0).max(0) as u64;
        let h = stream.dict.int(b"Height").unwrap_or(0).max(0) as u64;
        if best.as_ref().is_none_or(|(px, _, _)| w * h > *px) {
            best = Some((w * h, object.clone(), stream.dict.clone()));
        }
    }
    best.map(|(_, o, d)| (o, d))
}

fn filters(dict: &Dict) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(Object::as_name)
            .map(<[u8]>::to_vec)
            .collect(),
        _ => Vec::new(),
    }
}

fn page_image(
    file: &PdfFile<'_>,
    image: &Object,
    dict: &Dict,
    page: &Page,
    number: u32,
    policy: &Policy,
) -> super::Analysis {
    let Object::Stream(stream) = image else {
        return super::Analysis::default();
    };
    let width = dict
        .int(b"Width")
        .unwrap_or(0)
        .clamp(0, i64::from(u32::MAX)) as u32;
    let height = dict
        .int(b"Height")
        .unwrap_or(0)
        .clamp(0, i64::from(u32::MAX)) as u32;
    let dpi = page.media_box.and_then(|[x0, y0, x1, y1]| {
        let (pw, ph) = ((x1 - x0).abs(), (y1 - y0).abs());
        (pw >= 1.0 && ph >= 1.0).then(|| {
            // Scans fill the page; which image side lies along which page side follows from
            // the aspect ratios.
            let (iw, ih) = if (pw > ph) == (width > height) {
                (width, height)
            } else {
                (height, width)
            };
            (
                (f64::from(iw) * 72.0 / pw).round() as u32,
                (f64::from(ih) * 72.0 / ph).round() as u32,
            )
        })
    });
    let context = Context {
        page: Some(number),
        dpi,
    };
    let filter_names = filters(dict);
    let named: Vec<&[u8]> = filter_names.iter().map(Vec::as_slice).collect();
    match named.as_slice() {
        [b"DCTDecode"] | [b"DCT"] => match file.bytes.get(stream.data.clone()) {
            Some(jpeg) => analyze_image(jpeg, DocumentKind::Jpeg, policy, &context),
            None => failed(
                &DecodeError::Undecodable("image data outside the file".into()),
                Some(number),
            ),
        },
        [] | [b"FlateDecode"] | [b"Fl"] => {
            let pixels = u64::from(width) * u64::from(height);
            if pixels > policy.limits.max_image_pixels || pixels == 0 {
                return failed(
                    &if pixels == 0 {
                        DecodeError::Undecodable("image without a size".into())
                    } else {
                        DecodeError::TooManyPixels {
                            width,
                            height,
                            limit: policy.limits.max_image_pixels,
                        }
                    },
                    Some(number),
                );
            }
            let Some(samples) = file.decode_stream(dict, stream.data.clone()) else {
                return failed(
                    &DecodeError::Undecodable("image data cannot be inflated".into()),
                    Some(number),
                );
            };
            match raw_to_gray(file, dict, &samples, width, height) {
                Ok(full) => {
                    let factor = Gray::factor_for(width, height, policy.image.working_long_side);
                    let decoded = Decoded {
                        width,
                        height,
                        working: full.shrink(factor),
                        truncated: false,
                    };
                    examine(decoded, None, dpi, policy, Some(number))
                }
                Err(e) => failed(&e, Some(number)),
            }
        }
        other => {
            let names: Vec<String> = other
                .iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect();
            let mut f = finding(
                codes::UNDECODABLE,
                Severity::Warning,
                Some(number),
                format!(
                    "the page image is encoded with {}, which is not supported; it was not measured",
                    names.join(" + ")
                ),
                format!("页面图像采用{}编码，暂不支持，未检测", names.join("+")),
            );
            f.evidence = Some(names.join(" "));
            super::Analysis {
                report: None,
                findings: vec![f],
            }
        }
    }
}

/// Gray from raw PDF samples: 8-bit gray, RGB or CMYK, or 1-bit gray (bilevel scans).
fn raw_to_gray(
    file: &PdfFile<'_>,
    dict: &Dict,
    samples: &[u8],
    width: u32,
    height: u32,
) -> Result<Gray, DecodeError> {
    let rev = file.revisions.len().saturating_sub(1);
    let bits = dict.int(b"BitsPerComponent").unwrap_or(8);
    let components = match dict.get(b"ColorSpace").and_then(|c| file.resolve(rev, c)) {
        Some(Object::Name(n)) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => 1,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => 3,
            b"DeviceCMYK" | b"CMYK" => 4,
            other => {
                return Err(DecodeError::Undecodable(format!(
                    "colour space {}",
                    String::from_utf8_lossy(other)
                )))
            }
        },
        Some(Object::Array(a)) => match a.first().and_then(Object::as_name) {
            Some(b"ICCBased") => {
                let n = a
                    .get(1)
                    .and_then(|r| file.resolve(rev, r))
                    .and_then(|s| match s {
                        Object::Stream(s) => s.dict.int(b"N"),
                        _ => None,
                    })
                    .unwrap_or(3);
                n.clamp(1, 4) as usize
            }
            Some(b"CalGray") => 1,
            Some(b"CalRGB") => 3,
            _ => {
                return Err(DecodeError::Undecodable(
                    "indexed or special colour space".into(),
                ))
            }
        },
        // Image masks have no colour space and one bit per sample.
        _ if dict.get(b"ImageMask").is_some() => 1,
        _ => 1,
    };
    let w = width as usize;
    let data: Vec<u8> = match bits {
        8 => {
            let row = w * components;
            samples
                .chunks(row)
                .take(height as usize)
                .flat_map(|r| {
                    r.chunks(components).map(move |p| {
                        let c = |i: usize| f32::from(p.get(i).copied().unwrap_or(0));
                        match components {
                            1 => c(0) as u8,
                            3 => (0.299 * c(0) + 0.587 * c(1) + 0.114 * c(2)) as u8,
                            _ => {
                                let k = c(3);
                                let ch = |v: f32| 255.0 - (v + k).min(255.0);
                                (0.299 * ch(c(0)) + 0.587 * ch(c(1)) + 0.114 * ch(c(2))) as u8
                            }
                        }
                    })
                })
                .collect()
        }
        1 if components == 1 => {
            let row = w.div_ceil(8);
            samples
                .chunks(row)
                .take(height as usize)
                .flat_map(|r| {
                    (0..w).map(move |x| {
                        let byte = r.get(x / 8).copied().unwrap_or(0);
                        if byte & (0x80 >> (x % 8)) != 0 {
                            255
                        } else {
                            0
                        }
                    })
                })
                .collect()
        }
        other => {
            return Err(DecodeError::Undecodable(format!(
                "{other} bits per component with {components} components"
            )))
        }
    };
    // Short data: pad with white paper (the rest of the page was not sent).
    let mut data = data;
    data.resize(w * height as usize, 255);
    Gray::new(width, height, data).ok_or_else(|| DecodeError::Undecodable("empty image".into()))
}
