//! The text of an OFD document (GB/T 33190): every `TextCode` of every `TextObject` on the
//! pages of the displayed document and on the templates those pages use, put into lines by
//! position, and the document's `CustomData` entries.
//!
//! The package is read through [`crate::seal::package`] (the same limits as verification) and
//! the displayed document is the one [`crate::seal::closure`] names, so the text read is the
//! text a reader shows. Coordinates are millimetres with y growing downwards; text codes whose
//! baselines lie within [`SAME_LINE_MM`] of each other form one line, read left to right.
//! Template and page text on one baseline join (forms often print the labels in a template and
//! the values on the page).

use super::{Origin, SourcedLine};
use crate::policy::Limits;
use crate::seal::closure;
use crate::seal::package::{self, Package};
use crate::seal::xml::{self, Element};

/// Pages read, at most (as for PDF text).
pub const MAX_OFD_PAGES: usize = 50;
/// Text codes read per document, at most.
pub const MAX_TEXT_CODES: usize = 100_000;
/// Characters of text read per document, at most.
pub const MAX_OFD_TEXT_CHARS: usize = 200_000;
/// Baselines closer than this (mm) are one line.
pub const SAME_LINE_MM: f64 = 1.0;
/// Custom data entries read, at most.
const MAX_CUSTOM_DATA: usize = 256;

/// Whether a package file is covered by a valid seal (decided by the caller from the report).
pub trait Coverage {
    /// Whether a valid seal covers the package file at `path` (a package path such as
    /// `Doc_0/Pages/Page_0/Content.xml`).
    fn covers(&self, path: &str) -> bool;
}

impl<F: Fn(&str) -> bool> Coverage for F {
    fn covers(&self, path: &str) -> bool {
        self(path)
    }
}

/// One piece of text placed on a page.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    x: f64,
    y: f64,
    /// Font size (mm), to tell a gap between words from adjacent characters.
    size: f64,
    text: String,
    signed: bool,
}

/// Lines of page and template text, then custom data, of the OFD package `bytes`. Empty when
/// the package or its displayed document cannot be read.
pub fn lines(bytes: &[u8], limits: &Limits, coverage: &dyn Coverage) -> Vec<SourcedLine> {
    let Ok(pkg) = Package::read(bytes, limits) else {
        return Vec::new();
    };
    lines_of_package(&pkg, coverage)
}

/// [`lines`] for a package already read.
pub fn lines_of_package(pkg: &Package, coverage: &dyn Coverage) -> Vec<SourcedLine> {
    let Some(ofd) = pkg.get("OFD.xml").and_then(|b| xml::parse(b).ok()) else {
        return Vec::new();
    };
    let shown = closure::displayed(pkg, &ofd);
    let mut out = Vec::new();
    if let Some(doc_root) = shown.doc_root.as_deref() {
        page_lines(pkg, doc_root, coverage, &mut out);
    }
    // OFD.xml is not a displayed file and the report does not say whether a seal references
    // it (writers leave it out, so a changed DocRoot can be detected): custom data is unsigned.
    out.extend(custom_data_lines(&ofd, false));
    out
}

/// The lines of one page content file (a `Page` element) on its own, unsigned: the part of
/// the reader the fuzz target drives without a zip around it.
pub fn lines_of_page_xml(page: &[u8]) -> Vec<String> {
    let Ok(content) = xml::parse(page) else {
        return Vec::new();
    };
    let mut budget = Budget {
        codes: MAX_TEXT_CODES,
        chars: MAX_OFD_TEXT_CHARS,
    };
    let mut placed = Vec::new();
    collect(&content, false, &mut budget, &mut placed);
    into_lines(placed)
        .into_iter()
        .map(|(text, _)| text)
        .collect()
}

/// The package path of a file named in `base` (its own directory first, then the root, the
/// way readers resolve), ignoring case as readers on Windows do.
fn find<'a>(pkg: &'a Package, base: &str, reference: &str) -> Option<&'a str> {
    [
        package::resolve(base, reference),
        package::normalise_reference(reference),
    ]
    .into_iter()
    .flatten()
    .find_map(|p| pkg.resolve_ignoring_case(&p))
}

fn page_lines(pkg: &Package, doc_root: &str, coverage: &dyn Coverage, out: &mut Vec<SourcedLine>) {
    let Some(document) = pkg.get(doc_root).and_then(|b| xml::parse(b).ok()) else {
        return;
    };
    let templates: Vec<(String, String)> = document
        .child("CommonData")
        .into_iter()
        .flat_map(|c| c.children_named("TemplatePage"))
        .filter_map(|t| Some((t.attr("ID")?.to_string(), t.attr("BaseLoc")?.to_string())))
        .collect();
    let pages = document
        .child("Pages")
        .into_iter()
        .flat_map(|p| p.children_named("Page"))
        .take(MAX_OFD_PAGES);
    let mut budget = Budget {
        codes: MAX_TEXT_CODES,
        chars: MAX_OFD_TEXT_CHARS,
    };
    for (index, page) in pages.enumerate() {
        let Some(path) = page.attr("BaseLoc").and_then(|b| find(pkg, doc_root, b)) else {
            continue;
        };
        let Some(content) = pkg.get(path).and_then(|b| xml::parse(b).ok()) else {
            continue;
        };
        let mut placed = Vec::new();
        for template in content.children_named("Template") {
            let Some(base) = template
                .attr("TemplateID")
                .and_then(|id| templates.iter().find(|(tid, _)| tid == id))
                .map(|(_, base)| base)
            else {
                continue;
            };
            let Some(template_path) = find(pkg, doc_root, base) else {
                continue;
            };
            if let Some(template_xml) = pkg.get(template_path).and_then(|b| xml::parse(b).ok()) {
                let signed = coverage.covers(template_path);
                collect(&template_xml, signed, &mut budget, &mut placed);
            }
        }
        collect(&content, coverage.covers(path), &mut budget, &mut placed);
        let page_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (line_index, (text, signed)) in into_lines(placed).into_iter().enumerate() {
            out.push(SourcedLine {
                text,
                origin: Origin::OfdText,
                page: page_number,
                line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
                signed,
            });
        }
        if budget.codes == 0 || budget.chars == 0 {
            break;
        }
    }
}

struct Budget {
    codes: usize,
    chars: usize,
}

fn number(value: Option<&str>) -> Option<f64> {
    value
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// Every TextCode under `element` (pages nest TextObjects in Layers and PageBlocks).
fn collect(element: &Element, signed: bool, budget: &mut Budget, out: &mut Vec<Placed>) {
    if element.name == "TextObject" {
        // Boundary "x y w h": the object's box; TextCode X/Y are relative to it.
        let boundary: Vec<f64> = element
            .attr("Boundary")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|v| number(Some(v)))
            .collect();
        let (bx, by) = match boundary.as_slice() {
            [x, y, ..] => (*x, *y),
            _ => (0.0, 0.0),
        };
        let size = number(element.attr("Size"))
            .unwrap_or(3.5)
            .clamp(0.1, 1000.0);
        for code in element.children_named("TextCode") {
            if budget.codes == 0 || budget.chars == 0 {
                return;
            }
            budget.codes -= 1;
            let text: String = code.text.chars().take(budget.chars).collect();
            budget.chars = budget.chars.saturating_sub(text.chars().count());
            if text.trim().is_empty() {
                continue;
            }
            out.push(Placed {
                x: bx + number(code.attr("X")).unwrap_or(0.0),
                y: by + number(code.attr("Y")).unwrap_or(0.0),
                size,
                text,
                signed,
            });
        }
        return;
    }
    for child in &element.children {
        collect(child, signed, budget, out);
    }
}

/// Groups placed text into lines, top to bottom and left to right. A line is signed when all
/// of its text is.
fn into_lines(mut placed: Vec<Placed>) -> Vec<(String, bool)> {
    placed.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Placed>> = Vec::new();
    for item in placed {
        match rows.last_mut() {
            Some(row)
                if row
                    .first()
                    .is_some_and(|f| (item.y - f.y).abs() <= SAME_LINE_MM) =>
            {
                row.push(item);
            }
            _ => rows.push(vec![item]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let signed = row.iter().all(|p| p.signed);
            let mut text = String::new();
            let mut end: Option<f64> = None;
            for piece in &row {
                if end.is_some_and(|e| piece.x - e > piece.size) {
                    text.push(' ');
                }
                text.push_str(&piece.text);
                end = Some(piece.x + estimated_width(&piece.text, piece.size));
            }
            (text, signed)
        })
        .collect()
}

/// Width of `text` at font size `size` without the font: CJK characters are square, Latin
/// letters and digits about half as wide.
fn estimated_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// `Name: value` for each CustomData of the first DocBody's DocInfo.
fn custom_data_lines(ofd: &Element, signed: bool) -> Vec<SourcedLine> {
    ofd.children_named("DocBody")
        .take(1)
        .filter_map(|body| body.child("DocInfo"))
        .filter_map(|info| info.child("CustomDatas"))
        .flat_map(|datas| datas.children_named("CustomData"))
        .take(MAX_CUSTOM_DATA)
        .enumerate()
        .map(|(i, data)| SourcedLine {
            text: format!(
                "{}: {}",
                data.attr("Name").unwrap_or_default(),
                data.text.trim()
            ),
            origin: Origin::OfdCustomData,
            page: 0,
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            signed,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(x: f64, y: f64, text: &str, signed: bool) -> Placed {
        Placed {
            x,
            y,
            size: 4.0,
            text: text.into(),
            signed,
        }
    }

    #[test]
    fn pieces_on_one_baseline_form_a_line() {
        let lines = into_lines(vec![
            placed(60.0, 30.2, "张三", true),
            placed(20.0, 30.0, "姓名：", false),
            placed(20.0, 10.0, "证明", true),
            placed(120.0, 30.0, "男", true),
        ]);
        assert_eq!(
            lines,
            [
                ("证明".to_string(), true),
                // The value joins its label (gap of 28 mm: a word gap), and the line is
                // signed only if all its pieces are.
                ("姓名： 张三 男".to_string(), false),
            ]
        );
        // Characters placed one by one join without gaps.
        let digits: Vec<Placed> = "3210"
            .chars()
            .enumerate()
            .map(|(i, c)| placed(10.0 + 2.0 * i as f64, 5.0, &c.to_string(), true))
            .collect();
        assert_eq!(into_lines(digits), [("3210".to_string(), true)]);
    }
}
