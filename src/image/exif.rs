//! The edit trail of a picture: EXIF (software, original and modification time, device,
//! orientation) and the XMP packet's history (software agents that saved it).
//!
//! A camera or phone writes the same time as original and modification time and its firmware
//! as software; an editor rewrites the software tag, the modification time, or both, and Adobe
//! tools append to the XMP history. Any of these is a hint for staff, never proof of forgery:
//! a citizen may well crop a photo before uploading it.

use std::io::Cursor;

use exif::{In, Reader, Tag, Value};

use super::report::ExifFacts;

/// Editors whose name in a picture's metadata means it was edited after capture (matched
/// case-insensitively as substrings).
pub const EDITORS: [&str; 18] = [
    "photoshop",
    "gimp",
    "lightroom",
    "snapseed",
    "picsart",
    "pixelmator",
    "affinity",
    "paint.net",
    "canva",
    "meitu",
    "美图",
    "醒图",
    "xingtu",
    "hypic",
    "photoscape",
    "fotor",
    "acdsee",
    "faceu",
];

/// XMP software agents kept.
const MAX_XMP_AGENTS: usize = 16;
/// Characters kept of one metadata string.
const MAX_VALUE_CHARS: usize = 120;

/// Reads the edit trail; `None` when the picture carries neither EXIF nor XMP.
pub fn read(bytes: &[u8]) -> Option<ExifFacts> {
    let mut facts = ExifFacts::default();
    let mut any = false;
    if let Ok(exif) = Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        any = true;
        let text = |tag: Tag| -> Option<String> {
            let field = exif
                .get_field(tag, In::PRIMARY)
                .or_else(|| exif.fields().find(|f| f.tag == tag))?;
            match &field.value {
                Value::Ascii(parts) => {
                    let joined: Vec<String> = parts
                        .iter()
                        .map(|p| String::from_utf8_lossy(p).trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    Some(clip(&joined.join(" "))).filter(|s| !s.is_empty())
                }
                // Some phone software writes UTF-8 in UNDEFINED or BYTE fields.
                Value::Undefined(b, _) | Value::Byte(b) => Some(clip(
                    String::from_utf8_lossy(b)
                        .trim_matches(char::from(0))
                        .trim(),
                ))
                .filter(|s| !s.is_empty()),
                _ => None,
            }
        };
        facts.software = text(Tag::Software);
        facts.original_time = text(Tag::DateTimeOriginal);
        facts.modified_time = text(Tag::DateTime);
        facts.device = match (text(Tag::Make), text(Tag::Model)) {
            (Some(make), Some(model)) if model.starts_with(&make) => Some(model),
            (Some(make), Some(model)) => Some(format!("{make} {model}")),
            (one, other) => one.or(other),
        };
        facts.orientation = exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .and_then(|v| u16::try_from(v).ok())
            .filter(|v| (2..=8).contains(v));
    }
    let agents = xmp_agents(bytes);
    if !agents.is_empty() {
        any = true;
        facts.xmp_agents = agents;
    }
    any.then_some(facts)
}

fn clip(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE_CHARS)
        .collect()
}

/// `xmp:CreatorTool` and every `stEvt:softwareAgent` of the XMP packet, in order, without
/// repeats. Both attribute (`name="…"`) and element (`<name>…</name>`) forms are read.
fn xmp_agents(bytes: &[u8]) -> Vec<String> {
    let Some(start) = crate::byte_search::find(bytes, b"<x:xmpmeta") else {
        return Vec::new();
    };
    let rest = bytes.get(start..).unwrap_or_default();
    let end = crate::byte_search::find(rest, b"</x:xmpmeta>").unwrap_or(rest.len().min(1 << 20));
    let packet = String::from_utf8_lossy(rest.get(..end).unwrap_or_default());
    let mut agents: Vec<String> = Vec::new();
    for name in ["xmp:CreatorTool", "stEvt:softwareAgent"] {
        for (pos, _) in packet.match_indices(name) {
            if agents.len() >= MAX_XMP_AGENTS {
                break;
            }
            let after = packet.get(pos + name.len()..).unwrap_or_default();
            let value = if let Some(v) = after.strip_prefix("=\"") {
                v.split('"').next()
            } else if let Some(v) = after.strip_prefix('>') {
                v.split('<').next()
            } else {
                None
            };
            if let Some(v) = value.map(|v| clip(v.trim())).filter(|v| !v.is_empty()) {
                if !agents.contains(&v) {
                    agents.push(v);
                }
            }
        }
    }
    agents
}

/// The editor a piece of metadata names, if any.
pub fn editor_in(value: &str) -> Option<&'static str> {
    let lower = value.to_lowercase();
    EDITORS.iter().copied().find(|e| lower.contains(e))
}

/// `YYYY:MM:DD HH:MM:SS` as seconds since an arbitrary epoch (enough to compare two).
pub fn exif_seconds(s: &str) -> Option<i64> {
    let digits: Vec<i64> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<i64>>>()?;
    let [y, mo, d, h, mi, se] = digits.get(..6)? else {
        return None;
    };
    let month = time::Month::try_from(u8::try_from(*mo).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(*y).ok()?, month, u8::try_from(*d).ok()?)
            .ok()?;
    Some(i64::from(date.to_julian_day()) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Why the trail says the picture was edited after capture (evidence lines), or nothing.
pub fn edit_evidence(facts: &ExifFacts, min_seconds: u32) -> Vec<String> {
    let mut evidence = Vec::new();
    if let Some(sw) = &facts.software {
        if let Some(editor) = editor_in(sw) {
            evidence.push(format!("Software={sw} ({editor})"));
        }
    }
    for agent in &facts.xmp_agents {
        if editor_in(agent).is_some() {
            evidence.push(format!("XMP agent={agent}"));
        }
    }
    if let (Some(orig), Some(modified)) = (&facts.original_time, &facts.modified_time) {
        if let (Some(a), Some(b)) = (exif_seconds(orig), exif_seconds(modified)) {
            if b - a > i64::from(min_seconds) {
                evidence.push(format!(
                    "DateTime={modified} is after DateTimeOriginal={orig}"
                ));
            }
        }
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_and_times() {
        assert_eq!(
            editor_in("Adobe Photoshop 25.0 (Windows)"),
            Some("photoshop")
        );
        assert_eq!(editor_in("美图秀秀"), Some("美图"));
        assert_eq!(editor_in("Xiaomi HyperOS camera"), None);
        let a = exif_seconds("2026:03:01 10:00:00").unwrap();
        let b = exif_seconds("2026:03:02 10:00:00").unwrap();
        assert_eq!(b - a, 86_400);
        assert_eq!(exif_seconds("garbage"), None);
        let facts = ExifFacts {
            software: Some("GIMP 2.10".into()),
            original_time: Some("2026:03:01 10:00:00".into()),
            modified_time: Some("2026:03:05 10:00:00".into()),
            ..ExifFacts::default()
        };
        assert_eq!(edit_evidence(&facts, 60).len(), 2);
        let camera = ExifFacts {
            software: Some("MIUI Camera".into()),
            original_time: Some("2026:03:01 10:00:00".into()),
            modified_time: Some("2026:03:01 10:00:00".into()),
            ..ExifFacts::default()
        };
        assert!(edit_evidence(&camera, 60).is_empty());
    }

    #[test]
    fn xmp_history_agents() {
        let xmp = br#"junk<x:xmpmeta><rdf:li stEvt:action="saved" stEvt:softwareAgent="Adobe Photoshop 24.1"/><xmp:CreatorTool>Canon EOS</xmp:CreatorTool></x:xmpmeta>"#;
        assert_eq!(xmp_agents(xmp), vec!["Canon EOS", "Adobe Photoshop 24.1"]);
        assert!(xmp_agents(b"<x:xmpmeta stEvt:softwareAgent=").is_empty());
    }
}
