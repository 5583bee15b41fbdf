//! What no rule explains, in the words a reviewer understands (page content replaced, object
//! changed).

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn unexplained(&mut self, num: u32, old: &Object) -> Judged {
        // Page content streams get the words a reviewer understands.
        if matches!(old, Object::Stream(_)) {
            for src in self.graph.referrers(self.prev, num) {
                if let Some(Object::Dict(d)) = self.obj(self.prev, src) {
                    if type_name_of(&d) == Some(b"Page") {
                        let mut refs = Vec::new();
                        if let Some(c) = d.get(b"Contents") {
                            crate::pdf::object::collect_refs(c, &mut refs, 4096);
                        }
                        if refs.iter().any(|r| r.num == num) {
                            let page = self.page_words(src);
                            return Judged::disallowed(
                                Some(num),
                                "modified",
                                format!("{page} content replaced"),
                            );
                        }
                    }
                }
            }
        }
        Judged::disallowed(
            Some(num),
            "modified",
            format!("object {num}{} changed", describe_kind(old)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn a_rewritten_content_stream_is_named_as_page_content() {
        let judged = Doc::base()
            .update(
                &[(
                    4,
                    "<< /Length 36 >>\nstream\nBT /F1 12 Tf 72 700 Td (Hallo) Tj ET\nendstream",
                )],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "page 1 content replaced");
    }

    #[test]
    fn any_other_object_is_named_by_its_kind() {
        let mut base: Vec<&str> = BASE.to_vec();
        base.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        let judged = Doc::new(&base)
            .update(
                &[(9, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "object 9 (a font) changed");
    }

    #[test]
    fn an_update_that_changes_nothing_is_not_judged() {
        assert!(Doc::base().update(&[], &[], "").judge().is_empty());
    }
}
