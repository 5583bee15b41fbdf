//! The document security store (/DSS, rule `dss`): PAdES validation material (certificates,
//! CRLs, OCSP responses, VRI entries) may be added or updated; any other entry may not.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_dss(&mut self, root: u32, value: &Object) -> Judged {
        let Some(Object::Dict(dss)) = self.get(self.rev, value) else {
            return Judged::disallowed(Some(root), "modified", "/DSS is not a dictionary".into());
        };
        for (k, _) in dss.iter() {
            if !matches!(k, b"Type" | b"VRI" | b"Certs" | b"CRLs" | b"OCSPs") {
                return Judged::disallowed(
                    Some(root),
                    "modified",
                    format!(
                        "document security store has an unexpected entry /{}",
                        key_str(k)
                    ),
                );
            }
        }
        if let Some(Object::Dict(vri)) = dss.get(b"VRI").and_then(|v| self.get(self.rev, v)) {
            for (_, entry) in vri.iter().take(10_000) {
                if let Some(Object::Dict(e)) = self.get(self.rev, entry) {
                    if let Some((k, _)) = e.iter().find(|(k, _)| {
                        !matches!(*k, b"Type" | b"TU" | b"TS" | b"Cert" | b"CRL" | b"OCSP")
                    }) {
                        return Judged::disallowed(
                            Some(root),
                            "modified",
                            format!(
                                "validation data (/VRI) has an unexpected entry /{}",
                                key_str(k)
                            ),
                        );
                    }
                }
            }
        }
        let n = self.claim_new(value);
        Judged::allowed(
            Some(root),
            "modified",
            Category::Dss,
            format!("validation data (document security store) added or updated ({n} new objects)"),
        )
    }

    /// Old DSS objects updated in place (arrays, VRI dictionary).
    pub(super) fn in_old_dss(&self, num: u32) -> bool {
        let Some((_, cat)) = self.file.catalog(self.prev) else {
            return false;
        };
        let Some(dss) = cat.get(b"DSS") else {
            return false;
        };
        if dss.as_ref().is_some_and(|r| r.num == num) {
            return true;
        }
        // Only the DSS dictionary, the VRI dictionary and their arrays: not the certificates.
        let Some(Object::Dict(d)) = self.get(self.prev, dss) else {
            return false;
        };
        d.iter()
            .any(|(_, v)| v.as_ref().is_some_and(|r| r.num == num))
            || d.get(b"VRI")
                .and_then(|v| self.get(self.prev, v))
                .and_then(|v| as_dict(&v).cloned())
                .is_some_and(|vri| {
                    vri.iter()
                        .any(|(_, v)| v.as_ref().is_some_and(|r| r.num == num))
                })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    const CATALOG: &str = "/Type /Catalog /Pages 2 0 R /AcroForm 5 0 R";

    #[test]
    fn validation_material_is_allowed() {
        let catalog = format!("<< {CATALOG} /DSS << /Certs [9 0 R] /CRLs [10 0 R] >> >>");
        let judged = Doc::base()
            .update(
                &[
                    (1, &catalog),
                    (9, "<< /Length 2 >>\nstream\n0\u{1}\nendstream"),
                    (10, "<< /Length 2 >>\nstream\n0\u{2}\nendstream"),
                ],
                &[],
                "",
            )
            .judge();
        assert_allowed(&judged, "(2 new objects)", Category::Dss);
        assert_all_allowed(&judged);
    }

    #[test]
    fn an_unexpected_dss_entry_is_not_allowed() {
        let catalog = format!("<< {CATALOG} /DSS << /Certs [] /JS (app.alert(1)) >> >>");
        let judged = Doc::base().update(&[(1, &catalog)], &[], "").judge();
        assert_disallowed(&judged, "unexpected entry /JS");
    }
}
