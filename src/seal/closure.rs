//! What an OFD reader displays (GB/T 33190 §7): the first `DocBody` of OFD.xml, its `DocRoot`
//! (Document.xml), and every file reached from there that contributes to what is shown or
//! handed out with the document: pages, the templates those pages use, resource files
//! (PublicRes, DocumentRes, page resources) and the fonts, images, multimedia and colour
//! profiles they name, annotations, attachments and custom tags.
//!
//! A seal protects only the files its References list. A verifier that checks those digests
//! but not whether they are the files a reader opens can be fooled by redirection: OFD.xml is
//! usually not referenced, so pointing `DocRoot` at an unsigned copy, or adding a `DocBody`
//! before the signed one, changes what is shown without touching a signed byte. This module
//! computes the displayed set so [`super::ofd`] can demand that each signature covers it.
//!
//! Paths are resolved the way readers do: `/…` from the package root, otherwise from the
//! directory of the file that names them (resource files from their `BaseLoc` directory); a
//! name that does not resolve there is tried from the document's directory and the package
//! root. Every file is read at most once and the walk is bounded by the package's file count.

use std::collections::{BTreeMap, BTreeSet};

use super::package::{self, Package};
use super::xml::{self, Element};

/// The displayed document and the files it draws on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Displayed {
    /// Package path of the Document.xml a reader opens (`None` when OFD.xml names none that
    /// exists).
    pub doc_root: Option<String>,
    /// Every displayed file, including `doc_root`.
    pub files: BTreeSet<String>,
    /// Files the document names that are not in the package (a reader shows nothing there).
    pub missing: BTreeSet<String>,
    /// Structural problems that make the displayed document ambiguous or unreadable.
    pub problems: Vec<String>,
    /// Displayed files that should be XML but are not (a reader shows an error there).
    pub unreadable: BTreeSet<String>,
    /// Number of `DocBody` elements in OFD.xml.
    pub bodies: usize,
}

/// One DocBody of OFD.xml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The package path of the document root (`DocRoot`, usually `Doc_0/Document.xml`), if
    /// given.
    pub doc_root: Option<String>,
    /// The package path of the signature list (`Signatures`, usually
    /// `Doc_0/Signs/Signatures.xml`), if given.
    pub signatures: Option<String>,
    /// More than one DocRoot or Signatures element: readers may take either.
    pub ambiguous: bool,
}

/// The DocBodies of a parsed OFD.xml, in order.
pub fn bodies(ofd: &Element) -> Vec<Body> {
    ofd.children_named("DocBody")
        .map(|body| {
            let roots = body.children_named("DocRoot").count();
            let lists = body.children_named("Signatures").count();
            Body {
                doc_root: body
                    .child_text("DocRoot")
                    .and_then(|p| package::resolve("OFD.xml", p)),
                signatures: body
                    .child_text("Signatures")
                    .and_then(|p| package::resolve("OFD.xml", p)),
                ambiguous: roots > 1 || lists > 1,
            }
        })
        .collect()
}

/// Computes what a reader displays for `pkg`, whose OFD.xml parsed to `ofd`.
pub fn displayed(pkg: &Package, ofd: &Element) -> Displayed {
    let all = bodies(ofd);
    let mut out = Displayed {
        bodies: all.len(),
        ..Displayed::default()
    };
    let Some(first) = all.first() else {
        out.problems.push("OFD.xml has no DocBody".into());
        return out;
    };
    if first.ambiguous {
        out.problems.push(
            "the first DocBody has more than one DocRoot or Signatures element; readers may open either"
                .into(),
        );
    }
    let Some(root) = first.doc_root.clone() else {
        out.problems
            .push("the first DocBody names no usable DocRoot".into());
        return out;
    };
    if pkg.get(&root).is_none() {
        out.problems
            .push(format!("the DocRoot {root} is not in the package"));
        out.missing.insert(root);
        return out;
    }
    let mut walk = Walk {
        pkg,
        doc_dir: parent(&root).to_string(),
        out: &mut out,
        parsed: BTreeSet::new(),
        budget: pkg.len().saturating_mul(4).saturating_add(64),
    };
    walk.document(&root);
    out.doc_root = Some(root);
    out
}

struct Walk<'a> {
    pkg: &'a Package,
    doc_dir: String,
    out: &'a mut Displayed,
    /// Files parsed so far (each at most once).
    parsed: BTreeSet<String>,
    /// Files still allowed to be visited (bounds the walk on hostile packages).
    budget: usize,
}

fn parent(path: &str) -> &str {
    path.rfind('/').and_then(|i| path.get(..i)).unwrap_or("")
}

impl Walk<'_> {
    /// Resolves `reference` written in the file at `base_file` (or in directory `base_dir` when
    /// given) to a package file, trying the places readers try; records it as displayed.
    fn name(&mut self, base_file: &str, base_dir: Option<&str>, reference: &str) -> Option<String> {
        let reference = reference.trim();
        if reference.is_empty() {
            return None;
        }
        let mut candidates = Vec::new();
        if let Some(dir) = base_dir {
            candidates.push(package::resolve(&format!("{dir}/x"), reference));
        }
        candidates.push(package::resolve(base_file, reference));
        candidates.push(package::resolve(&format!("{}/x", self.doc_dir), reference));
        candidates.push(package::normalise_reference(reference));
        let candidates: Vec<String> = candidates.into_iter().flatten().collect();
        for candidate in &candidates {
            if self.pkg.get(candidate).is_some() {
                self.out.files.insert(candidate.clone());
                return Some(candidate.clone());
            }
        }
        // Then ignoring case, as readers on case-insensitive systems find files (duplicate
        // names that differ only in case are a container ambiguity, so this is unambiguous).
        for candidate in &candidates {
            if let Some(found) = self.pkg.resolve_ignoring_case(candidate) {
                let found = found.to_string();
                self.out.files.insert(found.clone());
                return Some(found);
            }
        }
        let first = candidates.into_iter().next();
        if let Some(missing) = first {
            self.out.missing.insert(missing);
        }
        None
    }

    /// The parsed XML of a displayed file, the first time it is asked for (`None` afterwards,
    /// and when it is not XML): every file is parsed at most once, however often it is named.
    fn xml(&mut self, path: &str) -> Option<Element> {
        if !self.parsed.insert(path.to_string()) || self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let parsed = self.pkg.get(path).and_then(|b| xml::parse(b).ok());
        if parsed.is_none() {
            self.out.unreadable.insert(path.to_string());
        }
        parsed
    }

    fn document(&mut self, root: &str) {
        self.out.files.insert(root.to_string());
        let Some(doc) = self.xml(root) else {
            return;
        };
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        if let Some(common) = doc.child("CommonData") {
            for res in common
                .children
                .iter()
                .filter(|c| c.name == "PublicRes" || c.name == "DocumentRes")
            {
                if let Some(path) = self.name(root, None, &res.text) {
                    self.resources(&path);
                }
            }
            for tpl in common.children_named("TemplatePage") {
                if let Some(loc) = tpl.attr("BaseLoc") {
                    templates.insert(tpl.attr("ID").unwrap_or("").to_string(), loc.to_string());
                }
            }
        }
        let mut used_templates = BTreeSet::new();
        if let Some(pages) = doc.child("Pages") {
            let mut stack: Vec<&Element> = pages.children_named("Page").collect();
            while let Some(page) = stack.pop() {
                let Some(path) = page.attr("BaseLoc").and_then(|l| self.name(root, None, l)) else {
                    continue;
                };
                if let Some(content) = self.xml(&path) {
                    for tpl in content.children_named("Template") {
                        used_templates.insert(tpl.attr("TemplateID").unwrap_or("").to_string());
                    }
                    for res in content.children_named("PageRes") {
                        if let Some(res_path) = self.name(&path, None, &res.text) {
                            self.resources(&res_path);
                        }
                    }
                }
            }
        }
        for (id, loc) in &templates {
            if used_templates.contains(id) {
                if let Some(path) = self.name(root, None, loc) {
                    if let Some(content) = self.xml(&path) {
                        for res in content.children_named("PageRes") {
                            if let Some(res_path) = self.name(&path, None, &res.text) {
                                self.resources(&res_path);
                            }
                        }
                    }
                }
            }
        }
        // Annotations, attachments and custom tags: an index file naming one file per item.
        for (index_name, item_name) in [
            ("Annotations", "Page"),
            ("Attachments", "Attachment"),
            ("CustomTags", "CustomTag"),
        ] {
            let Some(index) = doc.child_text(index_name) else {
                continue;
            };
            let Some(index_path) = self.name(root, None, index) else {
                continue;
            };
            let Some(list) = self.xml(&index_path) else {
                continue;
            };
            for item in list.children_named(item_name) {
                let loc = item
                    .child_text("FileLoc")
                    .map(str::to_string)
                    .or_else(|| item.attr("FileLoc").map(str::to_string));
                if let Some(loc) = loc {
                    self.name(&index_path, None, &loc);
                }
            }
        }
    }

    /// A resource file (`<Res BaseLoc=…>`) and the files it names.
    fn resources(&mut self, path: &str) {
        let Some(res) = self.xml(path) else {
            return;
        };
        let dir = parent(path).to_string();
        let base = res
            .attr("BaseLoc")
            .and_then(|b| package::resolve(&format!("{dir}/x"), b))
            .unwrap_or(dir);
        let mut stack: Vec<&Element> = res.children.iter().collect();
        let mut named = Vec::new();
        let mut visited = 0usize;
        while let Some(element) = stack.pop() {
            visited += 1;
            if visited > 100_000 {
                break;
            }
            if matches!(
                element.name.as_str(),
                "FontFile" | "MediaFile" | "ICCProfile"
            ) {
                named.push(element.text.trim().to_string());
            }
            if let Some(profile) = element.attr("ICCProfile") {
                named.push(profile.to_string());
            }
            stack.extend(element.children.iter());
        }
        for loc in named {
            self.name(path, Some(&base), &loc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Limits;

    fn displayed_of(file: &str) -> Displayed {
        let path = format!("{}/testdata/cn/{file}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).unwrap();
        let pkg = Package::read(&bytes, &Limits::default()).unwrap();
        let ofd = xml::parse(pkg.get("OFD.xml").unwrap()).unwrap();
        displayed(&pkg, &ofd)
    }

    #[test]
    fn names_are_found_ignoring_case_and_templates_only_when_used() {
        let zip = crate::seal::package::tests::build_zip(&[
            ("OFD.xml", br#"<OFD><DocBody><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>"#),
            (
                "Doc_0/Document.xml",
                br#"<Document><CommonData><TemplatePage ID="2" BaseLoc="TPLS/Tpl_0/Content.xml"/><TemplatePage ID="3" BaseLoc="Tpls/Unused.xml"/></CommonData><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></Pages></Document>"#,
            ),
            ("Doc_0/Pages/Page_0/Content.xml", br#"<Page><Template TemplateID="2"/></Page>"#),
            ("Doc_0/Tpls/Tpl_0/Content.xml", b"<Page/>"),
            ("Doc_0/Tpls/Unused.xml", b"<Page/>"),
        ]);
        let pkg = Package::read(&zip, &Limits::default()).unwrap();
        let ofd = xml::parse(pkg.get("OFD.xml").unwrap()).unwrap();
        let d = displayed(&pkg, &ofd);
        assert!(d.files.contains("Doc_0/Tpls/Tpl_0/Content.xml"), "{d:?}");
        assert!(!d.files.contains("Doc_0/Tpls/Unused.xml"));
        assert!(d.missing.is_empty());
    }

    #[test]
    fn two_doc_roots_are_a_problem() {
        let zip = crate::seal::package::tests::build_zip(&[
            ("OFD.xml", br#"<OFD><DocBody><DocRoot>a.xml</DocRoot><DocRoot>b.xml</DocRoot></DocBody></OFD>"#),
            ("a.xml", b"<Document/>"),
            ("b.xml", b"<Document/>"),
        ]);
        let pkg = Package::read(&zip, &Limits::default()).unwrap();
        let ofd = xml::parse(pkg.get("OFD.xml").unwrap()).unwrap();
        assert!(!displayed(&pkg, &ofd).problems.is_empty());
    }

    #[test]
    fn tax_invoice_closure() {
        let d = displayed_of("ofd_999_tax_invoice.ofd");
        assert_eq!(d.doc_root.as_deref(), Some("Doc_0/Document.xml"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        for f in [
            "Doc_0/Pages/Page_0/Content.xml",
            "Doc_0/Tpls/Tpl_0/Content.xml",
            "Doc_0/PublicRes.xml",
            "Doc_0/DocumentRes.xml",
            "Doc_0/Res/qrcode.png",
            "Doc_0/Annots/Page_0/Annotation.xml",
            "Doc_0/Attachs/original_invoice.xml",
            "Doc_0/Tags/Tag_Invoice.xml",
        ] {
            assert!(d.files.contains(f), "{f} not in {:?}", d.files);
        }
        assert!(!d.files.contains("OFD.xml"));
        assert!(!d.files.iter().any(|f| f.contains("Signs")));
    }
}
