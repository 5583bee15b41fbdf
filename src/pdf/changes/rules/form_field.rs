//! An existing form field modified: filling it (value and its own appearance, rule `form_fill`)
//! or signing an empty signature field (`signature_field` / `document_timestamp`). Replacing a
//! signature, changing other properties, or rewriting an appearance shared with other content
//! is disallowed.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_modified_field(&mut self, num: u32, old: &Dict, new: &Object) {
        let name = self.field_name(self.rev, num);
        let Some(nd) = as_dict(new).cloned() else {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("form field {name} was replaced by a non-field object"),
            ));
            return;
        };
        if !is_field_or_widget(&nd) {
            self.out.push(Judged::disallowed(
                Some(num),
                "modified",
                format!("form field {name} was emptied (it no longer is a field)"),
            ));
            return;
        }
        let ft = self.field_type(self.rev, &nd);
        let is_sig = ft.as_deref() == Some(b"Sig");
        let changed = |k: &[u8]| entry_changed(old, &nd, k);
        let value_changed = changed(b"V") || changed(b"AS") || changed(b"I");
        let newly_signed = is_sig && !old.contains(b"V") && nd.contains(b"V");
        let mut category = if is_sig {
            Category::Signing
        } else {
            Category::FormFill
        };
        let mut words: Vec<String> = Vec::new();
        for key in changed_keys(old, &nd) {
            let k = key_str(&key);
            match key.as_slice() {
                b"V" if is_sig => {
                    if !newly_signed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the signature of field {name} was replaced or removed"),
                        ));
                    }
                    if let Some(v) = nd.get(b"V") {
                        if let Some(r) = v.as_ref() {
                            if !self.is_added(r.num) {
                                return self.out.push(Judged::disallowed(
                                    Some(num),
                                    "modified",
                                    format!("signature field {name} was given the existing object {} as its signature", r.num),
                                ));
                            }
                        }
                        if self.is_doc_timestamp(v) {
                            category = Category::DocTimestamp;
                        }
                        self.claim_new(v);
                    }
                    words.push("signed".into());
                }
                b"V" | b"AS" | b"I" => {
                    if let Some(v) = nd.get(&key) {
                        self.claim_new(v);
                    }
                    words.push("value changed".into());
                }
                b"AP" => {
                    if !is_sig && !value_changed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the appearance of field {name} was replaced although its value did not change"),
                        ));
                    }
                    if is_sig && !newly_signed {
                        return self.out.push(Judged::disallowed(
                            Some(num),
                            "modified",
                            format!("the appearance of signed field {name} was replaced"),
                        ));
                    }
                    if let Some(reason) = self.appearance_shared(num, old) {
                        return self
                            .out
                            .push(Judged::disallowed(Some(num), "modified", reason));
                    }
                    if let Some(ap) = nd.get(b"AP") {
                        self.claim_new(ap);
                    }
                    words.push("appearance regenerated".into());
                }
                b"Lock" | b"SV" if newly_signed => {
                    if let Some(v) = nd.get(&key) {
                        self.claim_new(v);
                    }
                    words.push(format!("/{k} set"));
                }
                b"DA" | b"MK" | b"F" if value_changed || newly_signed => {
                    words.push(format!("/{k} updated"));
                }
                _ => {
                    return self.out.push(Judged::disallowed(
                        Some(num),
                        "modified",
                        format!("property /{k} of form field {name} changed"),
                    ));
                }
            }
        }
        // Appearance streams changed in place (same object numbers) must belong to this field.
        if let Some(ap) = nd.get(b"AP") {
            let stop = |_: u32| false;
            for n in self.reachable(self.rev, ap, 64, &stop) {
                if !self.is_modified(n) {
                    continue;
                }
                if let Some(reason) = self.appearance_shared(num, old) {
                    return self
                        .out
                        .push(Judged::disallowed(Some(num), "modified", reason));
                }
                if !value_changed && !newly_signed {
                    return self.out.push(Judged::disallowed(
                        Some(n),
                        "modified",
                        format!("the appearance of field {name} was rewritten although its value did not change"),
                    ));
                }
                self.claimed.insert(n);
                words.push(format!("appearance object {n} rewritten"));
            }
        }
        let mut seen_words = HashSet::new();
        words.retain(|w| seen_words.insert(w.clone()));
        let mut j = Judged::allowed(
            Some(num),
            "modified",
            category,
            format!("form field {name}: {}", words.join(", ")),
        );
        j.field = Some(name);
        j.existing_field = true;
        self.out.push(j);
    }

    /// The widget's appearance in the previous revision, if any part of it (the /AP dictionary
    /// or an appearance stream) is also used by something else: replacing or rewriting it
    /// would change that other content too.
    pub(super) fn appearance_shared(&self, widget: u32, old: &Dict) -> Option<String> {
        let ap = old.get(b"AP")?;
        let mut parts: Vec<u32> = Vec::new();
        if let Some(r) = ap.as_ref() {
            parts.push(r.num);
        }
        if let Some(Object::Dict(apd)) = self.get(self.prev, ap) {
            for key in [&b"N"[..], b"R", b"D"] {
                let Some(v) = apd.get(key) else { continue };
                if let Some(r) = v.as_ref() {
                    parts.push(r.num);
                }
                if let Some(Object::Dict(states)) = self.get(self.prev, v) {
                    parts.extend(states.iter().filter_map(|(_, s)| s.as_ref()).map(|r| r.num));
                }
            }
        }
        parts.sort_unstable();
        parts.dedup();
        for part in &parts {
            for src in self.graph.referrers(self.prev, *part) {
                if src == widget || parts.contains(&src) {
                    continue;
                }
                let whom = if src == TRAILER {
                    "the trailer".to_string()
                } else {
                    format!("object {src}")
                };
                return Some(format!(
                    "the appearance of form field {} (object {part}) is also used by {whom}; changing it changes other content",
                    self.field_name(self.prev, widget)
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    const FIELD: &str =
        "/FT /Tx /T (name) /Type /Annot /Subtype /Widget /Rect [300 100 400 120] /P 3 0 R";

    #[test]
    fn filling_a_field_is_allowed() {
        let field = format!("<< {FIELD} /V (b) >>");
        let judged = Doc::base().update(&[(8, &field)], &[], "").judge();
        let j = assert_allowed(
            &judged,
            "form field \"name\": value changed",
            Category::FormFill,
        );
        assert_eq!(j.field.as_deref(), Some("\"name\""));
        assert!(j.existing_field);
    }

    #[test]
    fn changing_a_field_property_is_not_allowed() {
        let field = format!("<< {FIELD} /V (a) /Ff 1 >>");
        let judged = Doc::base().update(&[(8, &field)], &[], "").judge();
        assert_disallowed(&judged, "property /Ff of form field \"name\" changed");
    }

    #[test]
    fn a_new_appearance_without_a_new_value_is_not_allowed() {
        let field = format!("<< {FIELD} /V (a) /AP << /N 9 0 R >> >>");
        let judged = Doc::base()
            .update(
                &[
                    (8, &field),
                    (9, "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 >>\nstream\n\nendstream"),
                ],
                &[],
                "",
            )
            .judge();
        assert_disallowed(&judged, "replaced although its value did not change");
    }

    #[test]
    fn replacing_a_signature_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[
                    (6, "<< /FT /Sig /T (S1) /V 9 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>"),
                    (9, "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>"),
                ],
                &[],
                "",
            )
            .judge();
        assert_disallowed(
            &judged,
            "the signature of field \"S1\" was replaced or removed",
        );
    }
}
