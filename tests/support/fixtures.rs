//! Builds one file per attack class from a signed base file, by appending an incremental update
//! (or bytes) to it: regression fixtures for the modification analysis. Test-support code only.

#![allow(dead_code)]

use sealcheck::pdf::file::PdfFile;
use sealcheck::pdf::object::{Dict, ObjRef, Object};
use sealcheck::Limits;

/// The attack classes the builder produces.
pub const ATTACKS: &[Attack] = &[
    Attack::PageContentReplaced,
    Attack::PageRemoved,
    Attack::ObjectFreed,
    Attack::CatalogOpenAction,
    Attack::RootReplaced,
    Attack::SignatureDictModified,
    Attack::EvilAnnotation,
    Attack::AnnotationOverText,
    Attack::SneakySignature,
    Attack::TrailingGarbage,
    Attack::ObjectsWithoutXref,
    Attack::MisdirectedXrefEntry,
    Attack::ReusedObjectNumber,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attack {
    PageContentReplaced,
    PageRemoved,
    ObjectFreed,
    CatalogOpenAction,
    RootReplaced,
    SignatureDictModified,
    EvilAnnotation,
    /// A small opaque annotation over the first line of text.
    AnnotationOverText,
    SneakySignature,
    TrailingGarbage,
    ObjectsWithoutXref,
    MisdirectedXrefEntry,
    ReusedObjectNumber,
}

/// Benign updates that must stay `allowed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Benign {
    SmallTextAnnotation,
    InfoUpdate,
    NewInvisibleSignatureField,
}

/// PDF syntax for an object (enough for the objects of the base file).
pub fn write(o: &Object) -> String {
    match o {
        Object::Null => "null".into(),
        Object::Bool(b) => b.to_string(),
        Object::Int(i) => i.to_string(),
        Object::Real(r) => format!("{r}"),
        Object::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
        Object::String(s) => {
            let hex: String = s.bytes.iter().map(|b| format!("{b:02X}")).collect();
            format!("<{hex}>")
        }
        Object::Array(a) => format!("[{}]", a.iter().map(write).collect::<Vec<_>>().join(" ")),
        Object::Dict(d) => write_dict(d),
        Object::Ref(r) => format!("{} {} R", r.num, r.gen),
        Object::Stream(s) => write_dict(&s.dict),
    }
}

pub fn write_dict(d: &Dict) -> String {
    let mut s = String::from("<<");
    for (k, v) in d.iter() {
        s.push_str(&format!(" /{} {}", String::from_utf8_lossy(k), write(v)));
    }
    s.push_str(" >>");
    s
}

fn stream(dict_extra: &str, data: &str) -> String {
    format!(
        "<< /Length {} {dict_extra} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// What the builder needs to know about the base file.
pub struct Base<'a> {
    pub bytes: &'a [u8],
    startxref: usize,
    size: u32,
    root: u32,
    catalog: Dict,
    pages: u32,
    pages_dict: Dict,
    page: u32,
    page_dict: Dict,
    sig_field: Option<u32>,
    sig_dict: Option<(u32, Dict)>,
    acroform: Option<(u32, Dict)>,
}

impl<'a> Base<'a> {
    pub fn read(bytes: &'a [u8]) -> Base<'a> {
        let file = PdfFile::parse(bytes, 0, &Limits::default());
        let last = file.revisions.len() - 1;
        let trailer = file.trailer(last).unwrap().clone();
        let size = trailer.int(b"Size").unwrap() as u32;
        let (root, catalog) = file.catalog(last).unwrap();
        let pages = catalog.get(b"Pages").unwrap().as_ref().unwrap();
        let Some(Object::Dict(pages_dict)) = file.get(last, pages) else {
            panic!("no page tree")
        };
        let page = pages_dict.get(b"Kids").unwrap().as_array().unwrap()[0]
            .as_ref()
            .unwrap();
        let Some(Object::Dict(page_dict)) = file.get(last, page) else {
            panic!("no page")
        };
        let acroform = catalog.get(b"AcroForm").and_then(Object::as_ref).map(|r| {
            let Some(Object::Dict(d)) = file.get(last, r) else {
                panic!("acroform")
            };
            (r.num, d)
        });
        let sig_field = acroform.as_ref().and_then(|(_, d)| {
            d.get(b"Fields")?
                .as_array()?
                .first()?
                .as_ref()
                .map(|r| r.num)
        });
        let sig_dict = sig_field.and_then(|f| {
            let Some(Object::Dict(field)) = file.get(last, ObjRef { num: f, gen: 0 }) else {
                return None;
            };
            let v = field.get(b"V")?.as_ref()?;
            match file.get(last, v)? {
                Object::Dict(d) => Some((v.num, d)),
                _ => None,
            }
        });
        Base {
            bytes,
            startxref: file.revisions[last].xref_offset,
            size,
            root: root.num,
            catalog,
            pages: pages.num,
            pages_dict,
            page: page.num,
            page_dict,
            sig_field,
            sig_dict,
            acroform,
        }
    }

    /// Appends an incremental update defining `objects` and freeing `freed`; `xref_override`
    /// lets an entry point somewhere else (num → offset of another object's number).
    pub fn update(
        &self,
        objects: &[(u32, String)],
        freed: &[u32],
        trailer_extra: &str,
        xref_override: Option<(u32, u32)>,
    ) -> Vec<u8> {
        let mut out = self.bytes.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets = Vec::new();
        let mut size = self.size;
        for (num, body) in objects {
            offsets.push((*num, out.len()));
            out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
            size = size.max(num + 1);
        }
        if let Some((num, target)) = xref_override {
            let at = offsets
                .iter()
                .find(|(n, _)| *n == target)
                .map(|(_, o)| *o)
                .unwrap();
            offsets.push((num, at));
            size = size.max(num + 1);
        }
        let xref_at = out.len();
        let mut xref = String::from("xref\n0 1\n0000000000 65535 f \n");
        for (num, off) in &offsets {
            xref.push_str(&format!("{num} 1\n{off:010} 00000 n \n"));
        }
        for num in freed {
            xref.push_str(&format!("{num} 1\n0000000000 00001 f \n"));
        }
        let root = if trailer_extra.contains("/Root") {
            String::new()
        } else {
            format!("/Root {} 0 R ", self.root)
        };
        xref.push_str(&format!(
            "trailer\n<< /Size {size} {root}/Prev {} {trailer_extra} >>\nstartxref\n{xref_at}\n%%EOF\n",
            self.startxref
        ));
        out.extend_from_slice(xref.as_bytes());
        out
    }

    fn page_with(&self, key: &str, value: Object) -> String {
        let mut d = self.page_dict.clone();
        d.insert(key.as_bytes().to_vec(), value);
        write_dict(&d)
    }

    fn annots_plus(&self, extra: u32) -> Object {
        let mut list: Vec<Object> = self
            .page_dict
            .get(b"Annots")
            .and_then(Object::as_array)
            .map(<[Object]>::to_vec)
            .unwrap_or_default();
        list.push(Object::Ref(ObjRef { num: extra, gen: 0 }));
        Object::Array(list)
    }

    pub fn attack(&self, attack: Attack) -> Vec<u8> {
        let n = self.size;
        let content = "BT /F1 24 Tf 50 780 Td (AMOUNT PAYABLE: 1,000,000.00 EUR) Tj ET";
        let cover = "1 1 1 rg 0 0 595 842 re f";
        match attack {
            Attack::PageContentReplaced => self.update(
                &[
                    (n, stream("", content)),
                    (
                        self.page,
                        self.page_with("Contents", Object::Ref(ObjRef { num: n, gen: 0 })),
                    ),
                ],
                &[],
                "",
                None,
            ),
            Attack::PageRemoved => {
                let mut d = self.pages_dict.clone();
                d.insert(b"Kids".to_vec(), Object::Array(vec![]));
                d.insert(b"Count".to_vec(), Object::Int(0));
                self.update(&[(self.pages, write_dict(&d))], &[], "", None)
            }
            Attack::ObjectFreed => {
                let contents = self.page_dict.get(b"Contents").unwrap().as_ref().unwrap();
                self.update(&[], &[contents.num], "", None)
            }
            Attack::CatalogOpenAction => {
                let mut d = self.catalog.clone();
                d.insert(
                    b"OpenAction".to_vec(),
                    Object::Array(vec![
                        Object::Ref(ObjRef {
                            num: self.page,
                            gen: 0,
                        }),
                        Object::Name(b"Fit".to_vec()),
                    ]),
                );
                self.update(&[(self.root, write_dict(&d))], &[], "", None)
            }
            Attack::RootReplaced => {
                let d = self.catalog.clone();
                self.update(&[(n, write_dict(&d))], &[], &format!("/Root {n} 0 R"), None)
            }
            Attack::SignatureDictModified => {
                let (num, mut d) = self.sig_dict.clone().expect("signed base");
                d.insert(b"Reason".to_vec(), Object::Name(b"EVIL".to_vec()));
                self.update(&[(num, write_dict(&d))], &[], "", None)
            }
            Attack::EvilAnnotation => {
                let annot = format!(
                    "<< /Type /Annot /Subtype /Square /Rect [0 0 595 842] /F 4 /P {} 0 R /AP << /N {} 0 R >> >>",
                    self.page,
                    n + 1
                );
                self.update(
                    &[
                        (n, annot),
                        (
                            n + 1,
                            stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842]", cover),
                        ),
                        (self.page, self.page_with("Annots", self.annots_plus(n))),
                    ],
                    &[],
                    "",
                    None,
                )
            }
            Attack::AnnotationOverText => {
                let annot = format!(
                    "<< /Type /Annot /Subtype /Square /Rect [45 795 300 812] /F 4 /P {} 0 R /AP << /N {} 0 R >> >>",
                    self.page,
                    n + 1
                );
                self.update(
                    &[
                        (n, annot),
                        (
                            n + 1,
                            stream(
                                "/Type /XObject /Subtype /Form /BBox [0 0 255 17]",
                                "1 1 1 rg 0 0 255 17 re f",
                            ),
                        ),
                        (self.page, self.page_with("Annots", self.annots_plus(n))),
                    ],
                    &[],
                    "",
                    None,
                )
            }
            Attack::SneakySignature => {
                let (af_num, mut af) = self.acroform.clone().expect("signed base");
                let mut fields = af
                    .get(b"Fields")
                    .and_then(Object::as_array)
                    .map(<[Object]>::to_vec)
                    .unwrap_or_default();
                fields.push(Object::Ref(ObjRef { num: n, gen: 0 }));
                af.insert(b"Fields".to_vec(), Object::Array(fields));
                let field = format!(
                    "<< /FT /Sig /T (Sneaky) /Type /Annot /Subtype /Widget /F 4 /Rect [0 0 595 842] /P {} 0 R /V {} 0 R /AP << /N {} 0 R >> >>",
                    self.page,
                    n + 1,
                    n + 2
                );
                let sig = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> >>".to_string();
                self.update(
                    &[
                        (n, field),
                        (n + 1, sig),
                        (
                            n + 2,
                            stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842]", cover),
                        ),
                        (af_num, write_dict(&af)),
                        (self.page, self.page_with("Annots", self.annots_plus(n))),
                    ],
                    &[],
                    "",
                    None,
                )
            }
            Attack::TrailingGarbage => {
                let mut out = self.bytes.to_vec();
                out.extend_from_slice(b"% trailing bytes that are not an update\n");
                out
            }
            Attack::ObjectsWithoutXref => {
                let mut out = self.bytes.to_vec();
                out.extend_from_slice(
                    format!(
                        "{} 0 obj\n{}\nendobj\n",
                        self.page,
                        self.page_with("Rotate", Object::Int(90))
                    )
                    .as_bytes(),
                );
                out
            }
            Attack::MisdirectedXrefEntry => self.update(
                &[(n, stream("", content))],
                &[],
                "",
                Some((
                    self.page_dict
                        .get(b"Contents")
                        .unwrap()
                        .as_ref()
                        .unwrap()
                        .num,
                    n,
                )),
            ),
            Attack::ReusedObjectNumber => {
                // The content stream's number now holds a font.
                let contents = self.page_dict.get(b"Contents").unwrap().as_ref().unwrap();
                self.update(
                    &[(
                        contents.num,
                        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
                    )],
                    &[],
                    "",
                    None,
                )
            }
        }
    }

    pub fn benign(&self, benign: Benign) -> Vec<u8> {
        let n = self.size;
        match benign {
            Benign::SmallTextAnnotation => self.update(
                &[
                    (
                        n,
                        format!(
                            "<< /Type /Annot /Subtype /Text /Rect [500 780 520 800] /Contents (ok) /P {} 0 R >>",
                            self.page
                        ),
                    ),
                    (self.page, self.page_with("Annots", self.annots_plus(n))),
                ],
                &[],
                "",
                None,
            ),
            Benign::InfoUpdate => self.update(
                &[(n, "<< /Producer (fixture) /ModDate (D:20260301000000Z) >>".into())],
                &[],
                &format!("/Info {n} 0 R"),
                None,
            ),
            Benign::NewInvisibleSignatureField => {
                let (af_num, mut af) = self.acroform.clone().expect("signed base");
                let mut fields = af
                    .get(b"Fields")
                    .and_then(Object::as_array)
                    .map(<[Object]>::to_vec)
                    .unwrap_or_default();
                fields.push(Object::Ref(ObjRef { num: n, gen: 0 }));
                af.insert(b"Fields".to_vec(), Object::Array(fields));
                let field = format!(
                    "<< /FT /Sig /T (Later) /Type /Annot /Subtype /Widget /F 132 /Rect [0 0 0 0] /P {} 0 R >>",
                    self.page
                );
                self.update(
                    &[
                        (n, field),
                        (af_num, write_dict(&af)),
                        (self.page, self.page_with("Annots", self.annots_plus(n))),
                    ],
                    &[],
                    "",
                    None,
                )
            }
        }
    }

    pub fn sig_field(&self) -> Option<u32> {
        self.sig_field
    }
}

/// Ways a signature could vanish from a report (issue 11): each a class of fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vanish {
    /// Page content replaced after signing, then `NOOP_UPDATES` updates that change nothing,
    /// so that the signed revision lies beyond the default revision limit (512).
    ForgedThenNoOpUpdates,
    /// One update replaces the page content and removes the signature field from the form and
    /// its widget from the page.
    FieldRemovedWithPageChange,
    /// One update replaces the page content and deletes the signature field's /V (the field
    /// and its widget stay, unsigned).
    ValueRemovedWithPageChange,
    /// One update replaces the page content and drops the field from the form's /Fields only
    /// (its widget stays on the page).
    FieldLeftOnlyOnPage,
    /// The signed file with the first two digits of /Contents made non-hex (`zz`): the
    /// dictionary no longer parses.
    ContentsNotHex,
    /// The signed file with the /Contents hex string turned into a literal string of the same
    /// length.
    ContentsLiteral,
}

/// Every class above.
pub const VANISH: &[Vanish] = &[
    Vanish::ForgedThenNoOpUpdates,
    Vanish::FieldRemovedWithPageChange,
    Vanish::ValueRemovedWithPageChange,
    Vanish::FieldLeftOnlyOnPage,
    Vanish::ContentsNotHex,
    Vanish::ContentsLiteral,
];

/// No-op updates after the forged page (more than the default revision limit).
pub const NOOP_UPDATES: usize = 600;

impl Vanish {
    /// File name of the committed fixture in testdata/vanishing.
    pub fn file_name(self) -> &'static str {
        match self {
            Vanish::ForgedThenNoOpUpdates => "forged-then-600-noop-updates.pdf",
            Vanish::FieldRemovedWithPageChange => "field-removed-with-page-change.pdf",
            Vanish::ValueRemovedWithPageChange => "value-removed-with-page-change.pdf",
            Vanish::FieldLeftOnlyOnPage => "field-left-only-on-page.pdf",
            Vanish::ContentsNotHex => "contents-not-hex.pdf",
            Vanish::ContentsLiteral => "contents-literal-string.pdf",
        }
    }
}

/// Appends `count` updates that define nothing (an xref section with only the free head and
/// a trailer pointing back), as a tool that saves without changes would.
pub fn noop_updates(bytes: &[u8], count: usize) -> Vec<u8> {
    let file = PdfFile::parse(bytes, 0, &Limits::default());
    let last = file.revisions.last().expect("a revision");
    let trailer = &last.trailer;
    let size = trailer.int(b"Size").unwrap_or(0);
    let root = trailer.get(b"Root").and_then(Object::as_ref).expect("root");
    let mut prev = last.xref_offset;
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    for _ in 0..count {
        let at = out.len();
        out.extend_from_slice(
            format!(
                "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size {size} /Root {} {} R /Prev {prev} >>\nstartxref\n{at}\n%%EOF\n",
                root.num, root.gen
            )
            .as_bytes(),
        );
        prev = at;
    }
    out
}

impl Base<'_> {
    pub fn vanish(&self, vanish: Vanish) -> Vec<u8> {
        match vanish {
            Vanish::ForgedThenNoOpUpdates => {
                noop_updates(&self.attack(Attack::PageContentReplaced), NOOP_UPDATES)
            }
            Vanish::ValueRemovedWithPageChange | Vanish::FieldLeftOnlyOnPage => {
                let n = self.size;
                let content = (
                    n,
                    stream(
                        "",
                        "BT /F1 24 Tf 50 780 Td (AMOUNT PAYABLE: 1,000,000.00 EUR) Tj ET",
                    ),
                );
                let page = (
                    self.page,
                    self.page_with("Contents", Object::Ref(ObjRef { num: n, gen: 0 })),
                );
                let field = self.sig_field.expect("signed base");
                let changed = if vanish == Vanish::ValueRemovedWithPageChange {
                    let file = PdfFile::parse(self.bytes, 0, &Limits::default());
                    let last = file.revisions.len() - 1;
                    let Some(Object::Dict(d)) = file.get(last, ObjRef { num: field, gen: 0 })
                    else {
                        panic!("signature field")
                    };
                    let mut without = Dict::new();
                    for (k, v) in d.iter().filter(|(k, _)| *k != b"V") {
                        without.insert(k.to_vec(), v.clone());
                    }
                    (field, write_dict(&without))
                } else {
                    let (af_num, mut af) = self.acroform.clone().expect("signed base");
                    let fields: Vec<Object> = af
                        .get(b"Fields")
                        .and_then(Object::as_array)
                        .unwrap_or_default()
                        .iter()
                        .filter(|o| o.as_ref().map(|r| r.num) != Some(field))
                        .cloned()
                        .collect();
                    af.insert(b"Fields".to_vec(), Object::Array(fields));
                    (af_num, write_dict(&af))
                };
                self.update(&[content, page, changed], &[], "", None)
            }
            Vanish::FieldRemovedWithPageChange => {
                let n = self.size;
                let field = self.sig_field.expect("signed base");
                let (af_num, mut af) = self.acroform.clone().expect("signed base");
                let keep = |list: Option<&[Object]>| -> Object {
                    Object::Array(
                        list.unwrap_or_default()
                            .iter()
                            .filter(|o| o.as_ref().map(|r| r.num) != Some(field))
                            .cloned()
                            .collect(),
                    )
                };
                let fields = keep(af.get(b"Fields").and_then(Object::as_array));
                af.insert(b"Fields".to_vec(), fields);
                let mut page = self.page_dict.clone();
                let annots = keep(page.get(b"Annots").and_then(Object::as_array));
                page.insert(b"Annots".to_vec(), annots);
                page.insert(b"Contents".to_vec(), Object::Ref(ObjRef { num: n, gen: 0 }));
                self.update(
                    &[
                        (
                            n,
                            stream(
                                "",
                                "BT /F1 24 Tf 50 780 Td (AMOUNT PAYABLE: 1,000,000.00 EUR) Tj ET",
                            ),
                        ),
                        (self.page, write_dict(&page)),
                        (af_num, write_dict(&af)),
                    ],
                    &[],
                    "",
                    None,
                )
            }
            Vanish::ContentsNotHex | Vanish::ContentsLiteral => {
                let mut out = self.bytes.to_vec();
                let at = out
                    .windows(11)
                    .position(|w| w == b"/Contents <")
                    .expect("a hex /Contents")
                    + 10;
                if vanish == Vanish::ContentsNotHex {
                    out[at + 1..at + 3].copy_from_slice(b"zz");
                } else {
                    let end = at + out[at..].iter().position(|&b| b == b'>').unwrap();
                    out[at] = b'(';
                    out[end] = b')';
                }
                out
            }
        }
    }
}
