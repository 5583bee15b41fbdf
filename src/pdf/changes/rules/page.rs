//! A page object: only its annotations may change (they go to the annotation rules); contents,
//! resources, size, rotation or its place in the tree may not.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_page(&mut self, num: u32, old: &Dict, new: &Object) {
        let page = self.page_words(num);
        let Some(nd) = as_dict(new) else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("{page} was replaced by a non-page object"),
            ));
            return;
        };
        for key in changed_keys(old, nd) {
            let (o, n) = (old.get(&key), nd.get(&key));
            let words = match key.as_slice() {
                b"Annots" => {
                    let before = o
                        .and_then(|v| self.get(self.prev, v))
                        .and_then(|v| v.as_array().map(<[Object]>::to_vec))
                        .unwrap_or_default();
                    let after = n
                        .and_then(|v| self.get(self.rev, v))
                        .and_then(|v| v.as_array().map(<[Object]>::to_vec))
                        .unwrap_or_default();
                    if let Some(r) = n.and_then(Object::as_ref) {
                        self.claimed.insert(r.num);
                    }
                    self.judge_annots_change(num, num, &before, &after);
                    continue;
                }
                b"Contents" => format!("{page} content replaced"),
                b"Resources" => format!("{page} resources (fonts, images) changed"),
                b"MediaBox" | b"CropBox" | b"Rotate" | b"UserUnit" => {
                    format!("{page} size or orientation changed")
                }
                b"Parent" => format!("{page} moved in the page tree"),
                b"Type" => format!("{page} is no longer a page"),
                _ => format!("{page} entry /{} changed", key_str(&key)),
            };
            self.out
                .push(Judged::disallowed(Some(num), "modified", words));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn a_new_annotation_on_the_page_is_allowed() {
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                    /Annots [6 0 R 8 0 R 9 0 R] >>";
        let judged = Doc::base()
            .update(
                &[
                    (3, page),
                    (
                        9,
                        "<< /Type /Annot /Subtype /Text /Rect [500 50 520 70] /P 3 0 R >>",
                    ),
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
    fn new_page_content_is_not_allowed() {
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 9 0 R \
                    /Annots [6 0 R 8 0 R] >>";
        let judged = Doc::base()
            .update(
                &[(3, page), (9, "<< /Length 2 >>\nstream\nET\nendstream")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "page 1 content replaced");
    }

    #[test]
    fn a_rotated_page_is_not_allowed() {
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                    /Annots [6 0 R 8 0 R] /Rotate 90 >>";
        let judged = Doc::base().update(&[(3, page)], &[], "").judge();
        assert_disallowed(&judged, "page 1 size or orientation changed");
    }
}
