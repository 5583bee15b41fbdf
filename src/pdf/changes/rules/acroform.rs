//! The interactive form (/AcroForm): its fields array may grow by new signature fields, and
//! signature flags, default appearance resources and calculation order may change (rule
//! `signature_field`, or `document_timestamp` when only timestamps were added). Removing a
//! field, or any other entry, is disallowed.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_acroform_ref(&mut self, old_cat: &Dict, new_cat: &Dict) {
        let old_af = old_cat
            .get(b"AcroForm")
            .and_then(|v| self.get(self.prev, v))
            .and_then(|o| as_dict(&o).cloned());
        let new_af_value = new_cat.get(b"AcroForm").cloned();
        let new_af = new_af_value
            .as_ref()
            .and_then(|v| self.get(self.rev, v))
            .and_then(|o| as_dict(&o).cloned());
        let af_num = new_af_value
            .as_ref()
            .and_then(Object::as_ref)
            .map(|r| r.num);
        if let Some(n) = af_num {
            if !(self.is_added(n) || self.is_modified(n)) {
                // Same object, unchanged; only its /Fields array may have changed.
                if let (Some(o), Some(nw)) = (&old_af, &new_af) {
                    self.judge_fields_array(o, nw);
                }
                return;
            }
            self.claimed.insert(n);
        }
        let root = self.file.catalog(self.rev).map(|(r, _)| r.num);
        let object = af_num.or(root);
        match (old_af, new_af) {
            (_, None) => {
                if old_cat.contains(b"AcroForm") {
                    self.out.push(Judged::disallowed(
                        object,
                        "modified",
                        "the interactive form (/AcroForm) was removed".into(),
                    ));
                }
            }
            (old, Some(new)) => {
                let old = old.unwrap_or_default();
                let mut cat = Category::Signing;
                let mut words = Vec::new();
                for (k, v) in new.iter() {
                    if old.get(k).is_some_and(|w| same_ignoring_spans(v, w)) {
                        continue;
                    }
                    match k {
                        b"Fields" => {}
                        b"SigFlags" => words.push("signature flags"),
                        b"DA" | b"DR" => {
                            self.claim_new(v);
                            words.push("default appearance resources");
                        }
                        b"CO" => {
                            cat = cat.max(Category::FormFill);
                            words.push("calculation order");
                        }
                        b"NeedAppearances" if v == &Object::Bool(false) => {}
                        _ => {
                            self.out.push(Judged::disallowed(
                                object,
                                "modified",
                                format!("interactive form entry /{} changed", key_str(k)),
                            ));
                            return;
                        }
                    }
                }
                if let Some((k, _)) = old.iter().find(|(k, _)| !new.contains(k)) {
                    self.out.push(Judged::disallowed(
                        object,
                        "modified",
                        format!("interactive form entry /{} removed", key_str(k)),
                    ));
                    return;
                }
                let before = self.out.len();
                self.judge_fields_array(&old, &new);
                let field_cats: Vec<Category> = self
                    .out
                    .get(before..)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|j| j.category)
                    .collect();
                if !field_cats.is_empty() && field_cats.iter().all(|c| *c == Category::DocTimestamp)
                {
                    cat = Category::DocTimestamp;
                }
                let desc = if words.is_empty() {
                    "interactive form (/AcroForm) updated for new fields".to_string()
                } else {
                    format!("interactive form (/AcroForm) updated: {}", words.join(", "))
                };
                self.out
                    .push(Judged::allowed(object, "modified", cat, desc));
            }
        }
    }

    pub(super) fn field_list(&self, rev: usize, af: &Dict) -> (Vec<ObjRef>, Option<u32>) {
        let holder = af.get(b"Fields").and_then(Object::as_ref).map(|r| r.num);
        let list = af
            .get(b"Fields")
            .and_then(|f| self.file.resolve(rev, f))
            .and_then(|f| {
                f.as_array()
                    .map(|a| a.iter().filter_map(Object::as_ref).collect())
            })
            .unwrap_or_default();
        (list, holder)
    }

    pub(super) fn judge_fields_array(&mut self, old_af: &Dict, new_af: &Dict) {
        let (old_list, _) = self.field_list(self.prev, old_af);
        let (new_list, holder) = self.field_list(self.rev, new_af);
        if let Some(h) = holder {
            if self.is_modified(h) || self.is_added(h) {
                self.claimed.insert(h);
            }
        }
        let old_set: HashSet<u32> = old_list.iter().map(|r| r.num).collect();
        let new_set: HashSet<u32> = new_list.iter().map(|r| r.num).collect();
        for r in &old_list {
            if !new_set.contains(&r.num) {
                let name = self.field_name(self.prev, r.num);
                self.out.push(Judged::disallowed(
                    Some(r.num),
                    "modified",
                    format!("form field {name} was removed from the form"),
                ));
            }
        }
        for r in &new_list {
            if !old_set.contains(&r.num) {
                self.judge_new_field(r.num);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn signature_flags_may_change() {
        let judged = Doc::base()
            .update(&[(5, "<< /Fields [6 0 R 8 0 R] /SigFlags 1 >>")], &[], "")
            .judge();
        assert_allowed(&judged, "signature flags", Category::Signing);
    }

    #[test]
    fn an_xfa_form_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[(5, "<< /Fields [6 0 R 8 0 R] /SigFlags 3 /XFA 4 0 R >>")],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "interactive form entry /XFA changed");
    }

    #[test]
    fn removing_a_field_is_not_allowed() {
        let judged = Doc::base()
            .update(&[(5, "<< /Fields [6 0 R] /SigFlags 3 >>")], &[], "")
            .judge();
        assert_disallowed(&judged, "form field \"name\" was removed from the form");
    }
}
