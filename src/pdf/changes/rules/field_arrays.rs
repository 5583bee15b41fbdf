//! An indirect array updated in place: a page's /Annots (annotation rule) or a /Fields or /Kids
//! list extended by new signature fields (rule `signature_field`).

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_modified_array(&mut self, num: u32, old: &Object, new: &Object) {
        // An indirect /Annots array of a page, or /Fields or /Kids array.
        for src in self.graph.referrers(self.prev, num) {
            if src == TRAILER {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.prev, src) else {
                continue;
            };
            let holds =
                |key: &[u8]| d.get(key).and_then(Object::as_ref).map(|r| r.num) == Some(num);
            if type_name_of(&d) == Some(b"Page") && holds(b"Annots") {
                let before = old.as_array().map(<[Object]>::to_vec).unwrap_or_default();
                let after = new.as_array().map(<[Object]>::to_vec).unwrap_or_default();
                self.judge_annots_change(src, num, &before, &after);
                return;
            }
            if holds(b"Fields") || holds(b"Kids") {
                let old_set: HashSet<u32> = old
                    .as_array()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Object::as_ref)
                    .map(|r| r.num)
                    .collect();
                let new_refs: Vec<u32> = new
                    .as_array()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Object::as_ref)
                    .map(|r| r.num)
                    .collect();
                if let Some(gone) = old_set.iter().find(|n| !new_refs.contains(n)) {
                    let name = self.field_name(self.prev, *gone);
                    self.out.push(Judged::disallowed(
                        Some(num),
                        "modified",
                        format!("form field {name} was removed from the form"),
                    ));
                    return;
                }
                for n in new_refs {
                    if !old_set.contains(&n) {
                        self.judge_new_field(n);
                    }
                }
                self.out.push(Judged::allowed(
                    Some(num),
                    "modified",
                    Category::Signing,
                    "list of form fields extended".into(),
                ));
                return;
            }
        }
        let j = self.unexplained(num, old);
        self.out.push(j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    /// The base document with the page's annotation list in its own object 9.
    fn with_indirect_annots() -> Doc {
        let mut base: Vec<&str> = BASE.to_vec();
        base[2] =
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots 9 0 R >>";
        base.push("[6 0 R 8 0 R]");
        Doc::new(&base)
    }

    #[test]
    fn an_annotation_added_to_an_indirect_list_is_allowed() {
        let judged = with_indirect_annots()
            .update(
                &[
                    (9, "[6 0 R 8 0 R 10 0 R]"),
                    (10, "<< /Type /Annot /Subtype /Text /Rect [500 50 520 70] /P 3 0 R /Contents (ok) >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_allowed(
            &judged,
            "Text annotation added on page 1",
            Category::Annotation,
        );
        assert_all_allowed(&judged);
    }

    #[test]
    fn a_widget_dropped_from_an_indirect_list_is_not_allowed() {
        let judged = with_indirect_annots()
            .update(&[(9, "[6 0 R]")], &[], "")
            .judge();
        assert_disallowed(
            &judged,
            "the widget of form field \"name\" was removed from page 1",
        );
    }

    #[test]
    fn an_array_nothing_explains_is_not_allowed() {
        let mut base: Vec<&str> = BASE.to_vec();
        base.push("[1 2 3]");
        let judged = Doc::new(&base).update(&[(9, "[1 2 4]")], &[], "").judge();
        assert_disallowed(&judged, "object 9 (an array) changed");
    }
}
