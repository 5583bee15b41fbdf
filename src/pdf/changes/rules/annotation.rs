//! An existing annotation modified (rule `annotation`), marked when it now covers other content.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_modified_annotation(&mut self, num: u32, old: &Dict, new: &Object) {
        let Some(nd) = as_dict(new) else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("annotation {num} replaced by a non-annotation object"),
            ));
            return;
        };
        if let Some(ap) = nd.get(b"AP") {
            self.claim_new(ap);
        }
        if let Some(p) = nd.get(b"Popup") {
            self.claim_new(p);
        }
        let subtype = old.name(b"Subtype").map(key_str).unwrap_or_default();
        let page = old.get(b"P").and_then(Object::as_ref).map(|r| r.num);
        let mut j = Judged::allowed(
            Some(num),
            "modified",
            Category::Annotation,
            format!("{subtype} annotation {num} modified"),
        );
        if self.widget_covers_content(nd, page)
            && !rect_of(old).is_some_and(|r| Some(r) == rect_of(nd))
        {
            j.covers_content = true;
            j.description
                .push_str("; it now covers other content of the page");
        }
        self.out.push(j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    fn with_square() -> Doc {
        let mut base: Vec<&str> = BASE.to_vec();
        base[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                   /Annots [6 0 R 8 0 R 9 0 R] >>";
        base.push(
            "<< /Type /Annot /Subtype /Square /Rect [500 50 520 70] /P 3 0 R /Contents (a) >>",
        );
        Doc::new(&base)
    }

    #[test]
    fn editing_a_comment_is_allowed() {
        let judged = with_square()
            .update(
                &[(9, "<< /Type /Annot /Subtype /Square /Rect [500 50 520 70] /P 3 0 R /Contents (b) >>")],
                &[],
                "",
            )
            .judge();
        let j = assert_allowed(
            &judged,
            "Square annotation 9 modified",
            Category::Annotation,
        );
        assert!(!j.covers_content);
    }

    #[test]
    fn moving_a_comment_over_the_text_is_marked() {
        let judged = with_square()
            .update(
                &[(9, "<< /Type /Annot /Subtype /Square /Rect [60 690 200 720] /P 3 0 R /Contents (a) >>")],
                &[],
                "",
            )
            .judge();
        let j = find(&judged, "Square annotation 9 modified");
        assert!(j.covers_content, "{j:#?}");
    }

    #[test]
    fn replacing_a_comment_by_something_else_is_not_allowed() {
        let judged = with_square().update(&[(9, "42")], &[], "").judge();
        assert_disallowed(&judged, "annotation 9 replaced by a non-annotation object");
    }
}
