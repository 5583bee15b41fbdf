//! The name dictionary: only the tree of annotation appearance templates (/AP) may change
//! (rule `annotation`); other trees can add scripts or embedded files.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_names(
        &mut self,
        root: u32,
        old: Option<&Object>,
        new: Option<&Object>,
    ) -> Judged {
        let old_d = old
            .and_then(|o| self.get(self.prev, o))
            .and_then(|o| as_dict(&o).cloned())
            .unwrap_or_default();
        let Some(new_d) = new
            .and_then(|o| self.get(self.rev, o))
            .and_then(|o| as_dict(&o).cloned())
        else {
            return Judged::disallowed(
                Some(root),
                "modified",
                "the document name dictionary (/Names) was removed".into(),
            );
        };
        // Only the tree of annotation appearance templates (/AP) may change.
        for (k, v) in new_d.iter() {
            if k == b"AP" {
                continue;
            }
            if !old_d.get(k).is_some_and(|w| same_ignoring_spans(v, w)) {
                return Judged::disallowed(
                    Some(root),
                    "modified",
                    format!(
                        "document name tree /{} changed (may add scripts or files)",
                        key_str(k)
                    ),
                );
            }
        }
        if let Some(n) = new {
            if let Some(r) = n.as_ref() {
                if self.is_added(r.num) || self.is_modified(r.num) {
                    self.claimed.insert(r.num);
                }
            }
            self.claim_new(n);
        }
        Judged::allowed(
            Some(root),
            "modified",
            Category::Annotation,
            "annotation appearance templates (/Names /AP) added".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    const CATALOG: &str = "/Type /Catalog /Pages 2 0 R /AcroForm 5 0 R";

    #[test]
    fn annotation_appearance_templates_are_allowed() {
        let catalog = format!("<< {CATALOG} /Names << /AP 9 0 R >> >>");
        let judged = Doc::base()
            .update(&[(1, &catalog), (9, "<< /Names [] >>")], &[], "")
            .judge();
        assert_allowed(&judged, "appearance templates", Category::Annotation);
        assert_all_allowed(&judged);
    }

    #[test]
    fn a_javascript_name_tree_is_not_allowed() {
        let catalog = format!("<< {CATALOG} /Names << /JavaScript 9 0 R >> >>");
        let judged = Doc::base()
            .update(&[(1, &catalog), (9, "<< /Names [] >>")], &[], "")
            .judge();
        assert_disallowed(&judged, "document name tree /JavaScript changed");
    }
}
