//! The annotation list of a page: annotations may be added or removed (rule `annotation`), new
//! widgets belong to new signature fields; widgets of existing fields and existing objects may not
//! be attached or detached.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_annots_change(
        &mut self,
        page: u32,
        holder: u32,
        before: &[Object],
        after: &[Object],
    ) {
        let page_words = self.page_words(page);
        let old_set: HashSet<u32> = before
            .iter()
            .filter_map(Object::as_ref)
            .map(|r| r.num)
            .collect();
        let new_set: HashSet<u32> = after
            .iter()
            .filter_map(Object::as_ref)
            .map(|r| r.num)
            .collect();
        for r in before.iter().filter_map(Object::as_ref) {
            if new_set.contains(&r.num) {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.prev, r.num) else {
                continue;
            };
            if is_field_or_widget(&d) {
                let name = self.field_name(self.prev, r.num);
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!("the widget of form field {name} was removed from {page_words}"),
                ));
            } else {
                let subtype = d.name(b"Subtype").map(key_str).unwrap_or_default();
                let mut j = Judged::allowed(
                    Some(holder),
                    "modified",
                    Category::Annotation,
                    format!("{subtype} annotation removed from {page_words}"),
                );
                // Removing an overlay shows what it hid.
                if self.widget_covers_content(&d, Some(page))
                    || rect_of(&d).is_some_and(|r| area(&r) > 1.0) && d.contains(b"AP")
                {
                    j.covers_content = true;
                    j.description.push_str("; what it covered is now visible");
                }
                self.out.push(j);
            }
        }
        for r in after.iter().filter_map(Object::as_ref) {
            if old_set.contains(&r.num) {
                continue;
            }
            let Some(Object::Dict(d)) = self.obj(self.rev, r.num) else {
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!(
                        "{page_words} lists object {} as an annotation, but it is not one",
                        r.num
                    ),
                ));
                continue;
            };
            if is_field_or_widget(&d) {
                // A widget of a new field: judged with the form; a widget of an existing field
                // moved here is not something form filling does.
                if self.is_added(r.num) {
                    if d.contains(b"FT") || d.contains(b"T") {
                        self.judge_new_field(r.num);
                    } else if let Some(parent) = d.get(b"Parent").and_then(Object::as_ref) {
                        if self.is_added(parent.num) {
                            self.judge_new_field(parent.num);
                            self.claimed.insert(r.num);
                        } else {
                            let name = self.field_name(self.rev, parent.num);
                            self.claim_new(&Object::Dict(d.clone()));
                            self.claimed.insert(r.num);
                            self.out.push(Judged::disallowed(
                                Some(r.num),
                                "added",
                                format!(
                                    "a new widget for existing field {name} added on {page_words}"
                                ),
                            ));
                        }
                    }
                } else {
                    let name = self.field_name(self.rev, r.num);
                    self.out.push(Judged::disallowed(
                        Some(holder),
                        "modified",
                        format!("existing widget of field {name} attached to {page_words}"),
                    ));
                }
                continue;
            }
            if !self.is_added(r.num) {
                self.out.push(Judged::disallowed(
                    Some(holder),
                    "modified",
                    format!(
                        "existing object {} attached to {page_words} as an annotation",
                        r.num
                    ),
                ));
                continue;
            }
            self.claimed.insert(r.num);
            self.claim_new(&Object::Dict(d.clone()));
            let subtype = d
                .name(b"Subtype")
                .map(key_str)
                .unwrap_or_else(|| "untyped".into());
            let mut j = Judged::allowed(
                Some(r.num),
                "added",
                Category::Annotation,
                format!("{subtype} annotation added on {page_words}"),
            );
            if self.widget_covers_content(&d, Some(page)) {
                j.covers_content = true;
                j.description
                    .push_str("; its appearance is drawn over existing page content");
            }
            self.out.push(j);
        }
        if holder != page && (self.is_modified(holder) || self.is_added(holder)) {
            self.claimed.insert(holder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    /// The base document with a comment (object 9) on the page.
    fn with_comment() -> Doc {
        let mut base: Vec<&str> = BASE.to_vec();
        base[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                   /Annots [6 0 R 8 0 R 9 0 R] >>";
        base.push("<< /Type /Annot /Subtype /Text /Rect [500 50 520 70] /P 3 0 R >>");
        Doc::new(&base)
    }

    const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R";

    #[test]
    fn removing_a_comment_is_allowed() {
        let page = format!("{PAGE} /Annots [6 0 R 8 0 R] >>");
        let judged = with_comment().update(&[(3, &page)], &[], "").judge();
        let j = assert_allowed(
            &judged,
            "Text annotation removed from page 1",
            Category::Annotation,
        );
        assert!(!j.covers_content);
    }

    #[test]
    fn attaching_an_existing_object_as_an_annotation_is_not_allowed() {
        let page = format!("{PAGE} /Annots [6 0 R 8 0 R 7 0 R] >>");
        let judged = Doc::base().update(&[(3, &page)], &[], "").judge();
        assert_disallowed(
            &judged,
            "existing object 7 attached to page 1 as an annotation",
        );
    }

    #[test]
    fn a_stream_listed_as_an_annotation_is_not_allowed() {
        let page = format!("{PAGE} /Annots [6 0 R 8 0 R 4 0 R] >>");
        let judged = Doc::base().update(&[(3, &page)], &[], "").judge();
        assert_disallowed(
            &judged,
            "lists object 4 as an annotation, but it is not one",
        );
    }
}
