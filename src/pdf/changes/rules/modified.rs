//! Routing of a modified object to the rule for its kind: file-structure streams, XMP metadata,
//! extensions, DSS, pages, page trees, signature dictionaries, fields, annotations; whatever has
//! no rule is unexplained.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_modified(&mut self, diff: &ObjectDiff) {
        let num = diff.num;
        let (Some(old), Some(new)) = (&diff.old, &diff.new) else {
            return;
        };
        self.claimed.insert(num);
        let old_type = as_dict(old).and_then(type_name_of).map(<[u8]>::to_vec);
        let new_type = as_dict(new).and_then(type_name_of).map(<[u8]>::to_vec);
        // Containers of the file structure.
        if matches!(old_type.as_deref(), Some(b"XRef" | b"ObjStm")) {
            if old_type == new_type {
                return;
            }
        } else if matches!(new_type.as_deref(), Some(b"XRef" | b"ObjStm")) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!(
                    "object {num}{} was overwritten by a cross-reference or object stream",
                    describe_kind(old)
                ),
            ));
            return;
        }
        if old_type.as_deref() == Some(b"Metadata")
            && as_dict(old).and_then(|d| d.name(b"Subtype")) == Some(b"XML")
            && new_type.as_deref() == Some(b"Metadata")
        {
            self.out.push(Judged::allowed(
                Some(num),
                "modified",
                Category::Metadata,
                "XMP metadata updated".into(),
            ));
            return;
        }
        if let Some((root, old_cat)) = self.file.catalog(self.prev) {
            if old_cat
                .get(b"Extensions")
                .and_then(Object::as_ref)
                .map(|r| r.num)
                == Some(num)
            {
                let value = Object::Ref(ObjRef { num, gen: 0 });
                let j = self.judge_extensions(root.num, &old_cat, Some(&value));
                self.out.push(j);
                return;
            }
        }
        if self.in_old_dss(num) {
            self.out.push(Judged::allowed(
                Some(num),
                "modified",
                Category::Dss,
                "validation data (document security store) updated".into(),
            ));
            return;
        }
        let Some(od) = as_dict(old) else {
            self.judge_modified_array(num, old, new);
            return;
        };
        match old_type.as_deref() {
            Some(b"Page") => return self.judge_page(num, od, new),
            Some(b"Pages") => {
                let count = |o: &Object| as_dict(o).and_then(|d| d.int(b"Count"));
                let (a, b) = (count(old), count(new));
                let words = if a != b {
                    format!(
                        "page tree changed: {} pages before, {} after",
                        a.unwrap_or(0),
                        b.unwrap_or(0)
                    )
                } else {
                    "page tree changed: pages replaced or reordered".to_string()
                };
                self.out
                    .push(Judged::disallowed(Some(num), "modified", words));
                return;
            }
            Some(b"Sig" | b"DocTimeStamp") => {
                self.out.push(Judged::disallowed(
                    Some(num),
                    "modified",
                    format!("signature dictionary {num} was changed after it was signed"),
                ));
                return;
            }
            _ => {}
        }
        if od.contains(b"ByteRange") && od.contains(b"Contents") {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("signature dictionary {num} was changed after it was signed"),
            ));
            return;
        }
        if is_field_or_widget(od) {
            return self.judge_modified_field(num, od, new);
        }
        if is_annotation(od) {
            return self.judge_modified_annotation(num, od, new);
        }
        let j = self.unexplained(num, old);
        self.out.push(j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn xmp_metadata_updated_in_place_is_allowed() {
        let mut base: Vec<&str> = BASE.to_vec();
        base[0] = "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R /Metadata 9 0 R >>";
        base.push("<< /Type /Metadata /Subtype /XML /Length 3 >>\nstream\n<a>\nendstream");
        let judged = Doc::new(&base)
            .update(
                &[(
                    9,
                    "<< /Type /Metadata /Subtype /XML /Length 3 >>\nstream\n<b>\nendstream",
                )],
                &[],
                "",
            )
            .judge();
        assert_allowed(&judged, "XMP metadata updated", Category::Metadata);
    }

    #[test]
    fn a_changed_signature_dictionary_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[(7, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <0022> >>")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(
            &judged,
            "signature dictionary 7 was changed after it was signed",
        );
    }

    #[test]
    fn a_changed_page_count_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[(2, "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "1 pages before, 2 after");
    }

    #[test]
    fn an_object_overwritten_by_a_cross_reference_stream_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[(
                    4,
                    "<< /Type /XRef /Size 1 /W [1 1 1] /Length 0 >>\nstream\n\nendstream",
                )],
                &[],
                "",
            )
            .judge();
        assert_disallowed(
            &judged,
            "was overwritten by a cross-reference or object stream",
        );
    }
}
