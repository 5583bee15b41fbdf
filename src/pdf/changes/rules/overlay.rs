//! Whether an annotation or widget draws over what the signed page showed (Evil Annotation,
//! Sneaky Signature): over its text, over an existing annotation or field, or over a large part
//! of the page. Used by the annotation and signature-field rules to mark `covers_content`.

use super::*;

impl Ctx<'_, '_, '_> {
    /// Whether an annotation or widget draws over what the page showed when it was signed:
    /// over an existing annotation or field, or over a large part of the page.
    pub(super) fn widget_covers_content(&mut self, annot: &Dict, page_hint: Option<u32>) -> bool {
        let flags = annot.int(b"F").unwrap_or(0);
        if flags & (2 | 32) != 0 {
            return false;
        }
        if matches!(annot.name(b"Subtype"), Some(b"Popup" | b"Link" | b"Text")) {
            return false;
        }
        let Some(rect) = rect_of(annot) else {
            return false;
        };
        if area(&rect) <= 1.0 {
            return false;
        }
        let page = page_hint.or_else(|| annot.get(b"P").and_then(Object::as_ref).map(|r| r.num));
        let Some(page) = page else { return false };
        let Some(Object::Dict(p)) = self.obj(self.prev, page) else {
            return false;
        };
        let media = p
            .get(b"MediaBox")
            .and_then(|m| m.as_array())
            .and_then(|a| {
                let v: Vec<f64> = a.iter().filter_map(Object::as_number).collect();
                match v.as_slice() {
                    [a, b, c, d] => Some([*a, *b, *c, *d]),
                    _ => None,
                }
            })
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        if area(&media) > 0.0 && area(&rect) >= OVERLAY_PAGE_SHARE * area(&media) {
            return true;
        }
        // Over text the signed page showed.
        let text = crate::pdf::shadow::text_points(self.file, self.prev, &p);
        if text
            .iter()
            .any(|(x, y)| *x >= rect[0] && *x < rect[2] && *y >= rect[1] && *y < rect[3])
        {
            return true;
        }
        let old_annots = p
            .get(b"Annots")
            .and_then(|a| self.get(self.prev, a))
            .and_then(|a| a.as_array().map(<[Object]>::to_vec))
            .unwrap_or_default();
        for a in old_annots.iter().take(10_000) {
            if let Some(Object::Dict(d)) = self.get(self.prev, a) {
                if d.int(b"F").unwrap_or(0) & (2 | 32) != 0 {
                    continue;
                }
                if let Some(r) = rect_of(&d) {
                    if area(&r) > 1.0 && overlap(&rect, &r) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    fn page_with_annotation(rect: &str) -> Vec<super::super::Judged> {
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                    /Annots [6 0 R 8 0 R 9 0 R] >>";
        let square = format!(
            "<< /Type /Annot /Subtype /Square /Rect {rect} /P 3 0 R /AP << /N 10 0 R >> >>"
        );
        Doc::base()
            .update(
                &[
                    (3, page),
                    (9, &square),
                    (10, "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 >>\nstream\n\nendstream"),
                ],
                &[],
                "",
            )
            .judge()
    }

    #[test]
    fn an_annotation_beside_the_text_covers_nothing() {
        let judged = page_with_annotation("[500 50 520 70]");
        let j = assert_allowed(
            &judged,
            "Square annotation added on page 1",
            Category::Annotation,
        );
        assert!(!j.covers_content, "{j:#?}");
    }

    #[test]
    fn an_annotation_over_the_signed_text_covers_content() {
        let judged = page_with_annotation("[60 690 200 720]");
        let j = assert_allowed(
            &judged,
            "Square annotation added on page 1",
            Category::Annotation,
        );
        assert!(j.covers_content, "{j:#?}");
        assert!(j.description.contains("drawn over existing page content"));
    }

    #[test]
    fn an_annotation_over_an_existing_field_covers_content() {
        let judged = page_with_annotation("[350 110 360 115]");
        assert!(find(&judged, "Square annotation added").covers_content);
    }

    #[test]
    fn an_annotation_over_a_fifth_of_the_page_covers_content() {
        let judged = page_with_annotation("[0 0 612 200]");
        assert!(find(&judged, "Square annotation added").covers_content);
    }
}
