//! Test support for the rules: a small signed-looking form document, and incremental updates
//! written over it object by object, so that each rule's test states only the change it judges.

use super::{judge_revision, Category, Judged};
use crate::pdf::changes::graph::RefGraph;
use crate::pdf::file::PdfFile;
use crate::policy::Limits;

/// The first revision: a catalog with a form, one page with text at (72, 700), a signed
/// signature field `S1` and a text field `name`, both with widgets on the page.
///
/// 1 catalog, 2 page tree, 3 page, 4 page content, 5 form, 6 signature field, 7 signature
/// dictionary, 8 text field.
pub(super) const BASE: &[&str] = &[
    "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [6 0 R 8 0 R] >>",
    "<< /Length 36 >>\nstream\nBT /F1 12 Tf 72 700 Td (Hello) Tj ET\nendstream",
    "<< /Fields [6 0 R 8 0 R] /SigFlags 3 >>",
    "<< /FT /Sig /T (S1) /V 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <0011> >>",
    "<< /FT /Tx /T (name) /V (a) /Type /Annot /Subtype /Widget /Rect [300 100 400 120] /P 3 0 R >>",
];

/// A PDF being written revision by revision with classic cross-reference tables.
pub(super) struct Doc {
    bytes: Vec<u8>,
    size: u32,
    last_xref: usize,
}

impl Doc {
    /// The first revision with `objects` numbered from 1 (object 1 the catalog).
    pub(super) fn new(objects: &[&str]) -> Doc {
        let mut doc = Doc {
            bytes: b"%PDF-1.7\n".to_vec(),
            size: 1,
            last_xref: 0,
        };
        let numbered: Vec<(u32, &str)> = (1u32..).zip(objects.iter().copied()).collect();
        doc.write(&numbered, &[], "");
        doc
    }

    /// The base document of the rule tests ([`BASE`]).
    pub(super) fn base() -> Doc {
        Doc::new(BASE)
    }

    /// An incremental update writing `objects` (number, body), freeing `freed`, with `extra`
    /// entries in its trailer.
    pub(super) fn update(mut self, objects: &[(u32, &str)], freed: &[u32], extra: &str) -> Doc {
        self.write(objects, freed, extra);
        self
    }

    fn write(&mut self, objects: &[(u32, &str)], freed: &[u32], extra: &str) {
        let mut entries: Vec<(u32, Option<usize>)> = Vec::new();
        for (num, body) in objects {
            entries.push((*num, Some(self.bytes.len())));
            self.bytes
                .extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
        }
        entries.extend(freed.iter().map(|n| (*n, None)));
        entries.sort_unstable();
        self.size = entries.iter().map(|(n, _)| n + 1).fold(self.size, u32::max);
        let xref = self.bytes.len();
        let mut table = String::from("xref\n");
        if self.last_xref == 0 {
            table.push_str("0 1\n0000000000 65535 f\r\n");
        }
        for (num, offset) in &entries {
            match offset {
                Some(at) => table.push_str(&format!("{num} 1\n{at:010} 00000 n\r\n")),
                None => table.push_str(&format!("{num} 1\n0000000000 00001 f\r\n")),
            }
        }
        let prev = if self.last_xref == 0 {
            String::new()
        } else {
            format!(" /Prev {}", self.last_xref)
        };
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R{prev} {extra} >>\nstartxref\n{xref}\n%%EOF\n",
            self.size
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.last_xref = xref;
    }

    /// The file as written so far.
    pub(super) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file as text (every test document is ASCII), for tests that corrupt it.
    pub(super) fn bytes_for_test(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The judged changes of the last revision of `text` against the one before.
    pub(super) fn judge_bytes(text: &str) -> Vec<Judged> {
        Doc {
            bytes: text.as_bytes().to_vec(),
            size: 0,
            last_xref: 0,
        }
        .judge()
    }

    /// The judged changes of the last revision against the one before.
    pub(super) fn judge(&self) -> Vec<Judged> {
        let file = PdfFile::parse(&self.bytes, 0, &Limits::default());
        assert!(
            file.revisions.len() >= 2,
            "the update was not read as a revision"
        );
        let graph = RefGraph::new(&file);
        judge_revision(&file, &graph, file.revisions.len() - 1)
    }
}

/// The one judged change whose description contains `words`; fails the test otherwise.
pub(super) fn find<'j>(judged: &'j [Judged], words: &str) -> &'j Judged {
    let found: Vec<&Judged> = judged
        .iter()
        .filter(|j| j.description.contains(words))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one change with {words:?}, got {judged:#?}"),
    }
}

/// Asserts the change described by `words` was allowed under `category`.
pub(super) fn assert_allowed(judged: &[Judged], words: &str, category: Category) -> Judged {
    let j = find(judged, words);
    assert_eq!(j.category, Some(category), "{j:#?}");
    j.clone()
}

/// Asserts the change described by `words` was not allowed by any rule.
pub(super) fn assert_disallowed(judged: &[Judged], words: &str) -> Judged {
    let j = find(judged, words);
    assert_eq!(j.category, None, "{j:#?}");
    j.clone()
}

/// Asserts every judged change was allowed (nothing for the signatures to object to).
pub(super) fn assert_all_allowed(judged: &[Judged]) {
    assert!(judged.iter().all(|j| j.category.is_some()), "{judged:#?}");
}
