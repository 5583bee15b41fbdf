//! The PDF object model, as far as verification needs it. Strings keep the byte span of their
//! token in the file, because a signature's ByteRange gap must be exactly its /Contents string.

use std::ops::Range;

/// An indirect reference `num gen R`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    pub num: u32,
    pub gen: u16,
}

impl std::fmt::Display for ObjRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} R", self.num, self.gen)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PdfString {
    pub bytes: Vec<u8>,
    /// Written as `<hex>` rather than `(literal)`.
    pub hex: bool,
    /// Token span in the file (delimiters included); relative to the buffer that was parsed.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict {
    entries: Vec<(Vec<u8>, Object)>,
}

impl Dict {
    pub fn new() -> Self {
        Dict::default()
    }

    pub fn insert(&mut self, key: Vec<u8>, value: Object) {
        // Later duplicates win, as in most readers.
        if let Some(slot) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else {
            self.entries.push((key, value));
        }
    }

    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_slice() == key)
            .map(|(_, v)| v)
    }

    pub fn contains(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &Object)> {
        self.entries.iter().map(|(k, v)| (k.as_slice(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `/Type` (or another key) as a name.
    pub fn name(&self, key: &[u8]) -> Option<&[u8]> {
        self.get(key).and_then(Object::as_name)
    }

    pub fn int(&self, key: &[u8]) -> Option<i64> {
        self.get(key).and_then(Object::as_int)
    }
}

/// A stream: its dictionary and where its raw (still encoded) data lies in the parsed buffer.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    pub data: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    String(PdfString),
    Array(Vec<Object>),
    Dict(Dict),
    Ref(ObjRef),
    Stream(Stream),
}

impl Object {
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) => Some(*r),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_string(&self) -> Option<&PdfString> {
        match self {
            Object::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_ref(&self) -> Option<ObjRef> {
        match self {
            Object::Ref(r) => Some(*r),
            _ => None,
        }
    }
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::Null => "null",
            Object::Bool(_) => "boolean",
            Object::Int(_) => "integer",
            Object::Real(_) => "real",
            Object::Name(_) => "name",
            Object::String(_) => "string",
            Object::Array(_) => "array",
            Object::Dict(_) => "dictionary",
            Object::Ref(_) => "reference",
            Object::Stream(_) => "stream",
        }
    }
}

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .filter_map(|c| match c {
                [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
                _ => None,
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// Structural equality that ignores where strings and stream data lie in the file: the same
/// object written again by a later revision sits at other offsets but is the same object.
/// Stream data is compared by the caller (it needs the file's bytes).
pub fn same_ignoring_spans(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x), Object::String(y)) => x.bytes == y.bytes,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_ignoring_spans(p, q))
        }
        (Object::Dict(x), Object::Dict(y)) => same_dict(x, y),
        (Object::Stream(x), Object::Stream(y)) => same_dict(&x.dict, &y.dict),
        (Object::Real(x), Object::Real(y)) => (x - y).abs() < 1e-9,
        (Object::Int(x), Object::Real(y)) | (Object::Real(y), Object::Int(x)) => {
            (*x as f64 - y).abs() < 1e-9
        }
        _ => a == b,
    }
}

/// Dictionaries with the same keys and values, in any order.
pub fn same_dict(x: &Dict, y: &Dict) -> bool {
    x.len() == y.len()
        && x.iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| same_ignoring_spans(v, w)))
}

/// Every indirect reference inside `obj` (stream data is not looked into), up to `max`.
pub fn collect_refs(obj: &Object, out: &mut Vec<ObjRef>, max: usize) {
    if out.len() >= max {
        return;
    }
    match obj {
        Object::Ref(r) => out.push(*r),
        Object::Array(a) => a.iter().for_each(|o| collect_refs(o, out, max)),
        Object::Dict(d) => d.iter().for_each(|(_, o)| collect_refs(o, out, max)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| collect_refs(o, out, max)),
        _ => {}
    }
}
