//! The document catalog: XMP metadata (`metadata`) and the PDF version (`catalog_extensions`)
//! may change; the page tree, permissions, open actions and any other entry may not. /DSS,
//! /Names, /Extensions and /AcroForm are handed to their own rules.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_catalog(&mut self) {
        let Some((root, new_cat)) = self.file.catalog(self.rev) else {
            return;
        };
        let Some((old_root, old_cat)) = self.file.catalog(self.prev) else {
            return;
        };
        if root.num != old_root.num || !self.is_modified(root.num) {
            // Catalog unchanged (or replaced: already judged from the trailer); the AcroForm
            // object may still have changed on its own.
            self.claimed.insert(root.num);
            self.judge_acroform_ref(&old_cat, &new_cat);
            return;
        }
        self.claimed.insert(root.num);
        let mut acroform_done = false;
        for key in changed_keys(&old_cat, &new_cat) {
            let (o, n) = (old_cat.get(&key), new_cat.get(&key));
            let verb = match (o, n) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            let k = key_str(&key);
            let judged = match key.as_slice() {
                b"AcroForm" => {
                    acroform_done = true;
                    self.judge_acroform_ref(&old_cat, &new_cat);
                    continue;
                }
                b"DSS" => match n {
                    Some(v) => self.judge_dss(root.num, v),
                    None => Judged::disallowed(
                        Some(root.num),
                        "modified",
                        "the document security store (/DSS) was removed".into(),
                    ),
                },
                b"Metadata" => {
                    if let Some(v) = n {
                        self.claim_new(v);
                    }
                    Judged::allowed(
                        Some(root.num),
                        "modified",
                        Category::Metadata,
                        format!("XMP metadata reference {verb}"),
                    )
                }
                b"Version" => Judged::allowed(
                    Some(root.num),
                    "modified",
                    Category::Extensions,
                    format!("PDF version in the catalog {verb}"),
                ),
                b"Extensions" => self.judge_extensions(root.num, &old_cat, n),
                b"Names" => self.judge_names(root.num, o, n),
                b"Pages" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    "the page tree was replaced (catalog /Pages changed)".into(),
                ),
                b"Perms" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document permissions (/Perms) {verb}"),
                ),
                b"OpenAction" | b"AA" => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document action /{k} {verb} (can run script or jump when opened)"),
                ),
                _ => Judged::disallowed(
                    Some(root.num),
                    "modified",
                    format!("document catalog entry /{k} {verb}"),
                ),
            };
            self.out.push(judged);
        }
        if !acroform_done {
            self.judge_acroform_ref(&old_cat, &new_cat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    const CATALOG: &str = "/Type /Catalog /Pages 2 0 R /AcroForm 5 0 R";

    #[test]
    fn a_new_pdf_version_is_allowed() {
        let catalog = format!("<< {CATALOG} /Version /2.0 >>");
        let judged = Doc::base().update(&[(1, &catalog)], &[], "").judge();
        assert_allowed(
            &judged,
            "PDF version in the catalog added",
            Category::Extensions,
        );
    }

    #[test]
    fn xmp_metadata_reference_is_allowed() {
        let catalog = format!("<< {CATALOG} /Metadata 9 0 R >>");
        let xmp = "<< /Type /Metadata /Subtype /XML /Length 3 >>\nstream\n<x>\nendstream";
        let judged = Doc::base()
            .update(&[(1, &catalog), (9, xmp)], &[], "")
            .judge();
        assert_allowed(&judged, "XMP metadata reference added", Category::Metadata);
        assert_all_allowed(&judged);
    }

    #[test]
    fn an_open_action_is_not_allowed() {
        let catalog = format!("<< {CATALOG} /OpenAction << /S /JavaScript /JS (x) >> >>");
        let judged = Doc::base().update(&[(1, &catalog)], &[], "").judge();
        assert_disallowed(&judged, "document action /OpenAction added");
    }

    #[test]
    fn a_replaced_page_tree_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[
                    (1, "<< /Type /Catalog /Pages 9 0 R /AcroForm 5 0 R >>"),
                    (9, "<< /Type /Pages /Kids [] /Count 0 >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "page tree was replaced");
    }
}
