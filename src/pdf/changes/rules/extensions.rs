//! Developer extensions in the catalog (/Extensions, rule `catalog_extensions`), as long as the
//! dictionary is not also used by anything else.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_extensions(
        &mut self,
        root: u32,
        old_cat: &Dict,
        new: Option<&Object>,
    ) -> Judged {
        if let Some(Object::Ref(r)) = new {
            if self.is_modified(r.num) {
                // An extensions dictionary updated in place must not be used by anything else.
                let outside_catalog = self
                    .graph
                    .referrers(self.prev, r.num)
                    .into_iter()
                    .any(|src| src != root);
                let inside_catalog =
                    old_cat
                        .iter()
                        .filter(|(k, _)| *k != b"Extensions")
                        .any(|(_, v)| {
                            let mut refs = Vec::new();
                            crate::pdf::object::collect_refs(v, &mut refs, 4096);
                            refs.iter().any(|x| x.num == r.num)
                        });
                if outside_catalog || inside_catalog {
                    self.claimed.insert(r.num);
                    return Judged::disallowed(
                        Some(r.num),
                        "modified",
                        format!("object {} was changed as the catalog's /Extensions, but it is also used elsewhere in the document", r.num),
                    );
                }
                self.claimed.insert(r.num);
            }
        }
        if let Some(v) = new {
            self.claim_new(v);
        }
        Judged::allowed(
            Some(root),
            "modified",
            Category::Extensions,
            "developer extensions declared in the catalog updated".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn declared_extensions_are_allowed() {
        let catalog = "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R \
                       /Extensions << /ADBE << /BaseVersion /1.7 /ExtensionLevel 8 >> >> >>";
        let judged = Doc::base().update(&[(1, catalog)], &[], "").judge();
        assert_allowed(&judged, "developer extensions", Category::Extensions);
    }

    #[test]
    fn an_extensions_object_used_elsewhere_is_not_allowed() {
        // Object 9 is the catalog's /Extensions and also the page's /Resources: rewriting it
        // "as extensions" would change the page.
        let mut base: Vec<&str> = BASE.to_vec();
        base[0] = "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R /Extensions 9 0 R >>";
        base[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                   /Annots [6 0 R 8 0 R] /Resources 9 0 R >>";
        base.push("<< /ADBE << /BaseVersion /1.7 >> >>");
        let judged = Doc::new(&base)
            .update(
                &[(9, "<< /ADBE << /BaseVersion /2.0 >> /Font << >> >>")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "also used elsewhere");
    }
}
