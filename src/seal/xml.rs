//! A small element tree for the OFD XML files a verifier reads (OFD.xml, Signatures.xml,
//! Signature.xml). Names are matched by local name, because writers use different prefixes
//! for the OFD namespace. Depth and element count are bounded; DTDs are not processed.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;
/// Most elements in one file.
const MAX_ELEMENTS: usize = 100_000;

/// One XML element with its attributes, children and direct text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name (prefix removed).
    pub name: String,
    /// (local name, value) in document order.
    pub attributes: Vec<(String, String)>,
    /// Child elements, in document order.
    pub children: Vec<Element>,
    /// Text directly inside the element, entity references resolved.
    pub text: String,
}

impl Element {
    /// The value of the attribute with local name `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element with local name `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with local name `name`, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed text of the first child called `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }
}

/// Why a file is not usable XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The file is not valid UTF-8.
    #[error("not UTF-8 text")]
    NotUtf8,
    /// The XML parser rejected the file; holds its message.
    #[error("malformed XML: {0}")]
    Malformed(String),
    /// Elements are nested deeper than 64 levels.
    #[error("nesting deeper than {MAX_DEPTH}")]
    TooDeep,
    /// The file has more than 100,000 elements.
    #[error("more than {MAX_ELEMENTS} elements")]
    TooManyElements,
    /// The file has no root element.
    #[error("no root element")]
    Empty,
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_string(),
        None => name.to_string(),
    }
}

/// Parses `bytes` (UTF-8, with or without BOM) into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError::NotUtf8)?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| XmlError::Malformed(e.to_string()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError::Malformed("content after the root element".into()));
            }
            Event::Start(start) => {
                let element = open(&start, &mut count, stack.len())?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open(&start, &mut count, stack.len())?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| XmlError::Malformed("unbalanced end tag".into()))?;
                close(&mut stack, &mut root, element);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let escaped = format!("&{};", r.as_ref() as &str);
                    let resolved = quick_xml::escape::unescape(&escaped)
                        .map_err(|e| XmlError::Malformed(e.to_string()))?;
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed("unclosed element".into()));
    }
    root.ok_or(XmlError::Empty)
}

/// The local name of the root element, reading only up to it (cheap on large files).
pub fn root_name(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The root element starts within the first few KiB of any real file.
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to())?).ok()?,
    };
    let mut reader = Reader::from_str(text);
    for _ in 0..64 {
        match reader.read_event().ok()? {
            Event::Start(start) | Event::Empty(start) => {
                return Some(local(start.name().as_ref()));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    None
}

fn open(
    start: &quick_xml::events::BytesStart<'_>,
    count: &mut usize,
    depth: usize,
) -> Result<Element, XmlError> {
    *count += 1;
    if *count > MAX_ELEMENTS {
        return Err(XmlError::TooManyElements);
    }
    if depth >= MAX_DEPTH {
        return Err(XmlError::TooDeep);
    }
    let mut element = Element {
        name: local(start.name().as_ref()),
        ..Element::default()
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| XmlError::Malformed(e.to_string()))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| XmlError::Malformed(e.to_string()))?;
        element
            .attributes
            .push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(element)
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_names_attributes_and_text() {
        let xml = br#"<?xml version="1.0"?><ofd:Signatures xmlns:ofd="x"><ofd:MaxSignId>2</ofd:MaxSignId><ofd:Signature ID="1" BaseLoc="a&amp;b"/></ofd:Signatures>"#;
        let root = parse(xml).unwrap();
        assert_eq!(root.name, "Signatures");
        assert_eq!(root.child_text("MaxSignId"), Some("2"));
        let sig = root.child("Signature").unwrap();
        assert_eq!(sig.attr("BaseLoc"), Some("a&b"));
        assert!(sig.children.is_empty());
    }

    #[test]
    fn entity_in_text_is_resolved() {
        let root = parse(b"<a>x&lt;y&#65;</a>").unwrap();
        assert_eq!(root.text, "x<yA");
    }

    #[test]
    fn depth_is_bounded() {
        let mut xml = String::new();
        for _ in 0..100 {
            xml.push_str("<a>");
        }
        for _ in 0..100 {
            xml.push_str("</a>");
        }
        assert_eq!(parse(xml.as_bytes()), Err(XmlError::TooDeep));
    }

    #[test]
    fn root_name_reads_only_the_first_element() {
        assert_eq!(
            root_name(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><ofd:Document><x>").as_deref(),
            Some("Document")
        );
        assert_eq!(root_name(b"no xml"), None);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(b"\xFF\xFE").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"<a><b></a>").is_err());
    }
}
