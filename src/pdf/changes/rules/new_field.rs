//! A field that appears in the form for the first time: only a new signature field (rule
//! `signature_field`) or document timestamp (`document_timestamp`) is allowed, with its own new
//! signature dictionary.

use super::*;

impl Ctx<'_, '_, '_> {
    /// A field object that appears in the form for the first time.
    pub(super) fn judge_new_field(&mut self, num: u32) {
        if self.claimed.contains(&num) {
            return;
        }
        let name = self.field_name(self.rev, num);
        if !self.is_added(num) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("existing object {num} was turned into form field {name}"),
            ));
            self.claimed.insert(num);
            return;
        }
        let Some(Object::Dict(field)) = self.obj(self.rev, num) else {
            return;
        };
        self.claimed.insert(num);
        let ft = self.field_type(self.rev, &field);
        if ft.as_deref() != Some(b"Sig") {
            let kind = ft.map_or("untyped".to_string(), |t| key_str(&t));
            self.out.push(Judged::disallowed(
                Some(num),
                "added",
                format!("new form field {name} ({kind}) added"),
            ));
            return;
        }
        let timestamp = field.get(b"V").is_some_and(|v| self.is_doc_timestamp(v));
        if let Some(v) = field.get(b"V") {
            if let Some(r) = v.as_ref() {
                if !self.is_added(r.num) {
                    self.out.push(Judged::disallowed(
                        Some(num),
                        "added",
                        format!("new signature field {name} reuses the existing object {} as its signature", r.num),
                    ));
                    return;
                }
            }
        }
        self.claim_new(&Object::Dict(field.clone()));
        let covers = self.widget_covers_content(&field, None);
        let (cat, what) = if timestamp {
            (Category::DocTimestamp, "document timestamp")
        } else {
            (Category::Signing, "signature field")
        };
        let mut j = Judged::allowed(
            Some(num),
            "added",
            cat,
            if field.contains(b"V") {
                format!("{what} {name} added and signed")
            } else {
                format!("empty {what} {name} added")
            },
        );
        if covers {
            j.covers_content = true;
            j.description = format!(
                "{}; its visible appearance is drawn over existing content",
                j.description
            );
        }
        j.field = Some(name);
        self.out.push(j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    const PAGE_WITH: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
                             /Annots [6 0 R 8 0 R 9 0 R] >>";

    #[test]
    fn a_new_signed_signature_field_is_allowed() {
        let judged = Doc::base()
            .update(
                &[
                    (3, PAGE_WITH),
                    (5, "<< /Fields [6 0 R 8 0 R 9 0 R] /SigFlags 3 >>"),
                    (9, "<< /FT /Sig /T (S2) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>"),
                    (10, "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>"),
                ],
                &[],
                "",
            )
            .judge();
        let j = assert_allowed(
            &judged,
            "signature field \"S2\" added and signed",
            Category::Signing,
        );
        assert_eq!(j.field.as_deref(), Some("\"S2\""));
        assert!(!j.covers_content);
        assert_all_allowed(&judged);
    }

    #[test]
    fn a_new_document_timestamp_is_its_own_category() {
        let judged = Doc::base()
            .update(
                &[
                    (5, "<< /Fields [6 0 R 8 0 R 9 0 R] /SigFlags 3 >>"),
                    (9, "<< /FT /Sig /T (TS) /V 10 0 R >>"),
                    (10, "<< /Type /DocTimeStamp /SubFilter /ETSI.RFC3161 /ByteRange [0 1 2 3] /Contents <00> >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_allowed(
            &judged,
            "document timestamp \"TS\" added and signed",
            Category::DocTimestamp,
        );
    }

    #[test]
    fn a_new_text_field_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[
                    (3, PAGE_WITH),
                    (5, "<< /Fields [6 0 R 8 0 R 9 0 R] /SigFlags 3 >>"),
                    (9, "<< /FT /Tx /T (amount) /V (100) /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /P 3 0 R >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "new form field \"amount\" (Tx) added");
    }

    #[test]
    fn a_new_field_reusing_an_old_signature_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[
                    (5, "<< /Fields [6 0 R 8 0 R 9 0 R] /SigFlags 3 >>"),
                    (9, "<< /FT /Sig /T (S2) /V 7 0 R >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "reuses the existing object 7");
    }
}
