//! The trailer: structure keys (sizes, cross-reference links, IDs) may change with every
//! update; anything else, or a replaced catalog, is disallowed. The Info dictionary it points
//! to is metadata (rule `metadata`).

use super::*;

/// Trailer entries that describe the file, not the document: they change with every update.
const TRAILER_STRUCTURE_KEYS: &[&[u8]] = &[
    b"Size",
    b"Prev",
    b"ID",
    b"XRefStm",
    b"Type",
    b"W",
    b"Index",
    b"Filter",
    b"DecodeParms",
    b"Length",
    b"DL",
    b"Info",
    b"Root",
    b"DocChecksum",
    // Attachments of some writers (Adobe); referenced streams are not rendered.
    b"AdditionalStreams",
];

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_trailer(&mut self) {
        let (Some(old), Some(new)) = (
            self.file.trailer(self.prev).cloned(),
            self.file.trailer(self.rev).cloned(),
        ) else {
            return;
        };
        let old_root = old.get(b"Root").and_then(Object::as_ref);
        let new_root = new.get(b"Root").and_then(Object::as_ref);
        if old_root.map(|r| r.num) != new_root.map(|r| r.num) {
            self.out.push(Judged::disallowed(
                None,
                "modified",
                format!(
                    "the document catalog was replaced (trailer /Root now points to {})",
                    new_root.map_or("nothing".to_string(), |r| format!("object {}", r.num))
                ),
            ));
        }
        for key in changed_keys(&old, &new) {
            if !TRAILER_STRUCTURE_KEYS.contains(&key.as_slice()) {
                self.out.push(Judged::disallowed(
                    None,
                    "modified",
                    format!("trailer entry /{} changed", key_str(&key)),
                ));
            }
        }
        // The Info dictionary.
        if let Some(info) = new.get(b"Info") {
            if let Some(r) = info.as_ref() {
                if self.is_added(r.num) || self.is_modified(r.num) {
                    self.claimed.insert(r.num);
                    self.out.push(Judged::allowed(
                        Some(r.num),
                        "modified",
                        Category::Metadata,
                        "document information (title, dates, producer) updated".into(),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn a_new_info_dictionary_is_metadata() {
        let judged = Doc::base()
            .update(&[(9, "<< /Title (t) /Producer (p) >>")], &[], "/Info 9 0 R")
            .judge();
        assert_allowed(&judged, "document information", Category::Metadata);
        assert_all_allowed(&judged);
    }

    #[test]
    fn any_other_trailer_entry_is_not_allowed() {
        let judged = Doc::base().update(&[], &[], "/Encrypt 4 0 R").judge();
        assert_disallowed(&judged, "trailer entry /Encrypt changed");
    }

    #[test]
    fn a_replaced_catalog_is_not_allowed() {
        let judged = Doc::base()
            .update(
                &[(9, "<< /Type /Catalog /Pages 2 0 R >>")],
                &[],
                "/Root 9 0 R",
            )
            .judge();
        assert_disallowed(&judged, "document catalog was replaced");
    }
}
