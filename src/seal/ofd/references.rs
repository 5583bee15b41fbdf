//! What an OFD signature's References establish about the package files (facts, no policy):
//! the digest method actually used, each file's digest against the recorded one, the changes
//! since signing (and which a later signature explains), and the coverage. The policy's rules
//! on them are in [`crate::evaluate::seal`].

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;

use super::{Listed, Scene, SignatureXml};
use crate::facts::crypto::DigestFact;
use crate::facts::seal::{OfdReferencesFact, ReferenceFact};
use crate::report::{Change, Coverage};
use crate::seal::crypto::DigestKind;
use crate::seal::package::{self, Package};

/// Digests of package files, computed once each: many signatures (or one hostile signature)
/// may reference the same large file many times, and the work must stay proportional to the
/// package size.
#[derive(Debug, Default)]
pub(super) struct DigestCache {
    digests: BTreeMap<(DigestKind, String), Vec<u8>>,
}

impl DigestCache {
    fn get(&mut self, kind: DigestKind, path: &str, bytes: &[u8]) -> &Vec<u8> {
        self.digests
            .entry((kind, path.to_string()))
            .or_insert_with(|| kind.digest(&[bytes]))
    }
}

/// The digest kind an unknown CheckMethod really uses, when the references tell: the first
/// standard kind under which at least one reference matches its file.
fn effective_digest(
    pkg: &Package,
    xml: &SignatureXml,
    digests: &mut DigestCache,
) -> Option<DigestKind> {
    let engine = base64::engine::general_purpose::STANDARD;
    [DigestKind::Sm3, DigestKind::Sha256, DigestKind::Sha1]
        .into_iter()
        .find(|kind| {
            xml.references.iter().any(|(file_ref, value)| {
                let Some(path) = package::normalise_reference(file_ref) else {
                    return false;
                };
                let Ok(expected) = engine.decode(value.split_whitespace().collect::<String>())
                else {
                    return false;
                };
                pkg.get(&path)
                    .is_some_and(|bytes| *digests.get(*kind, &path, bytes) == expected)
            })
        })
}

/// Whether the current signature list, with the entries of `later` signatures taken out, has
/// the digest `expected`: the later signatures then only added entries and left the earlier
/// ones as they were. Writers differ in how they update `MaxSignId`, so the candidates are:
/// the later entries removed; also the `MaxSignId` elements written after them removed; and
/// the first `MaxSignId` set back to smaller numbers. Bounded: at most 64 candidates.
fn list_only_grew(current: &[u8], later: &[&str], kind: DigestKind, expected: &[u8]) -> bool {
    // Real lists are a few hundred bytes per entry; a huge one is not worth proving (and up to
    // 64 digests of it per signature would be a denial of service).
    if current.len() > MAX_LIST_TO_RECONSTRUCT {
        return false;
    }
    let Ok(text) = std::str::from_utf8(current) else {
        return false;
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for base_loc in later {
        let Some(span) = element_span(text, base_loc) else {
            return false;
        };
        spans.push(span);
    }
    spans.sort();
    let Some(&(cut, _)) = spans.first() else {
        return false;
    };
    let mut base = String::with_capacity(text.len());
    let mut at = 0;
    for &(a, b) in &spans {
        if a < at {
            return false;
        }
        base.push_str(text.get(at..a).unwrap_or(""));
        at = b;
    }
    base.push_str(text.get(at..).unwrap_or(""));
    let trimmed = remove_max_sign_ids_after(&base, cut);
    let mut candidates = vec![base.clone(), trimmed.clone()];
    for source in [&base, &trimmed] {
        if let Some((a, b)) = max_sign_id_text(source) {
            let old = source.get(a..b).unwrap_or("");
            let prefix: String = old.chars().take_while(|c| !c.is_ascii_digit()).collect();
            let width = old.len().saturating_sub(prefix.len());
            for n in 0..30u32 {
                let digits = format!("{n:0width$}");
                let value = format!("{prefix}{digits}");
                let mut c = String::with_capacity(source.len());
                c.push_str(source.get(..a).unwrap_or(""));
                c.push_str(&value);
                c.push_str(source.get(b..).unwrap_or(""));
                candidates.push(c);
                if candidates.len() >= 64 {
                    break;
                }
            }
        }
    }
    candidates
        .iter()
        .any(|c| kind.digest(&[c.as_bytes()]) == expected)
}

/// Largest signature list whose earlier state [`list_only_grew`] tries to rebuild.
const MAX_LIST_TO_RECONSTRUCT: usize = 256 * 1024;

/// Byte span of the `<…Signature …>` element whose BaseLoc attribute is `base_loc`.
fn element_span(text: &str, base_loc: &str) -> Option<(usize, usize)> {
    let needle = format!("BaseLoc=\"{base_loc}\"");
    let hit = text
        .find(&needle)
        .or_else(|| text.find(&format!("BaseLoc='{base_loc}'")))?;
    let start = text.get(..hit)?.rfind('<')?;
    let rest = text.get(hit..)?;
    let close = rest.find('>')?;
    let mut end = hit + close + 1;
    if !rest.get(..close + 1)?.ends_with("/>") {
        // <x:Signature …>…</x:Signature>
        let tail = text.get(end..)?;
        let closing = tail.find("Signature>")?;
        end += closing + "Signature>".len();
    }
    Some((start, end))
}

/// Removes every `<…MaxSignId>…</…MaxSignId>` element that starts at or after `from`.
fn remove_max_sign_ids_after(text: &str, from: usize) -> String {
    let (head, mut tail) = text.split_at_checked(from).unwrap_or((text, ""));
    let mut out = head.to_string();
    while let Some(open) = tail.find("MaxSignId>") {
        let Some(start) = tail.get(..open).and_then(|t| t.rfind('<')) else {
            break;
        };
        if tail.get(start + 1..start + 2) == Some("/") {
            break;
        }
        let after_open = open + "MaxSignId>".len();
        let Some(close) = tail.get(after_open..).and_then(|t| t.find("MaxSignId>")) else {
            break;
        };
        let end = after_open + close + "MaxSignId>".len();
        out.push_str(tail.get(..start).unwrap_or(""));
        tail = tail.get(end..).unwrap_or("");
    }
    out.push_str(tail);
    out
}

/// Span of the text inside the first MaxSignId element.
fn max_sign_id_text(text: &str) -> Option<(usize, usize)> {
    let open = text.find("MaxSignId>")? + "MaxSignId>".len();
    let len = text.get(open..)?.find('<')?;
    Some((open, open + len))
}

/// Compares each reference's digest with the file in the package. Returns what was found and
/// the coverage.
pub(super) fn check_references(
    scene: &Scene<'_>,
    entry: &Listed,
    xml: &SignatureXml,
    digests: &mut DigestCache,
) -> (OfdReferencesFact, Coverage) {
    let method_text = xml.check_method.clone().unwrap_or_else(|| "SM3".into());
    // An unknown method name proves nothing by itself: if the digests are those of a standard
    // method, that method is used, so a changed file is caught whatever the name says.
    let named = DigestKind::from_name(&method_text);
    let mut fact = OfdReferencesFact {
        check_method: method_text,
        digest: None,
        method_named: named.is_some(),
        references: Vec::new(),
        malformed: Vec::new(),
        changes: Vec::new(),
    };
    let Some(kind) = named.or_else(|| effective_digest(scene.pkg, xml, digests)) else {
        return (fact, Coverage::Partial);
    };
    fact.digest = Some(kind.algorithm());
    let covered = compare_references(scene, entry, xml, digests, kind, &mut fact);
    let coverage = reference_coverage(scene, &covered);
    (fact, coverage)
}

/// Digests every referenced file with `kind` and compares it with the reference's value,
/// recording each reference, the malformed ones and the changes in `fact`. Returns the package
/// paths the references name.
fn compare_references(
    scene: &Scene<'_>,
    entry: &Listed,
    xml: &SignatureXml,
    digests: &mut DigestCache,
    kind: DigestKind,
    fact: &mut OfdReferencesFact,
) -> BTreeSet<String> {
    let pkg = scene.pkg;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut covered = BTreeSet::new();
    let later_same_list: Vec<&str> = scene
        .later
        .iter()
        .filter(|l| l.list_path == entry.list_path)
        .map(|l| l.base_loc.as_str())
        .collect();
    for (file_ref, check_value) in &xml.references {
        let Some(path) = package::normalise_reference(file_ref) else {
            fact.malformed.push(file_ref.clone());
            fact.references.push(ReferenceFact {
                path: file_ref.clone(),
                digest: None,
            });
            continue;
        };
        // The file a reader finds under that name (case-insensitively as a last resort).
        let path = pkg
            .resolve_ignoring_case(&path)
            .map(str::to_string)
            .unwrap_or(path);
        covered.insert(path.clone());
        let expected = engine.decode(check_value.split_whitespace().collect::<String>());
        let Ok(expected) = expected else {
            fact.malformed.push(path.clone());
            fact.references.push(ReferenceFact { path, digest: None });
            continue;
        };
        let digest = match pkg.get(&path) {
            None => {
                fact.changes.push(Change {
                    revision: 0,
                    object: None,
                    action: "removed".into(),
                    allowed_by: None,
                    description: format!("{path} was removed after signing"),
                });
                None
            }
            Some(bytes) => {
                let matches = *digests.get(kind, &path, bytes) == expected;
                if !matches {
                    fact.changes.push(modified_file_change(
                        scene,
                        entry,
                        &path,
                        bytes,
                        &later_same_list,
                        kind,
                        &expected,
                    ));
                }
                Some(DigestFact {
                    algorithm: kind.algorithm(),
                    matches,
                })
            }
        };
        fact.references.push(ReferenceFact { path, digest });
    }
    covered
}

/// A referenced file whose digest differs. The signature list may change only by later
/// signatures adding their entries: that change is allowed, any other is not.
fn modified_file_change(
    scene: &Scene<'_>,
    entry: &Listed,
    path: &str,
    bytes: &[u8],
    later_same_list: &[&str],
    kind: DigestKind,
    expected: &[u8],
) -> Change {
    let is_signature_list = scene.signatures_files.iter().any(|f| f == path);
    let grew = is_signature_list
        && path == entry.list_path
        && !later_same_list.is_empty()
        && list_only_grew(bytes, later_same_list, kind, expected);
    Change {
        revision: 0,
        object: None,
        action: "modified".into(),
        allowed_by: grew.then(|| "later_signature".to_string()),
        description: if grew {
            format!("{path} was updated when a later signature was added (its earlier entries are unchanged)")
        } else if is_signature_list {
            format!("{path} was changed after signing in a way other than adding later signatures")
        } else {
            format!("{path} was changed after signing")
        },
    }
}

/// Whole document: every file but the signatures' own files is referenced.
fn reference_coverage(scene: &Scene<'_>, covered: &BTreeSet<String>) -> Coverage {
    let uncovered = scene
        .pkg
        .paths()
        .filter(|p| !covered.contains(*p) && !scene.infrastructure.contains(*p))
        .count();
    if uncovered == 0 {
        Coverage::WholeFile
    } else {
        Coverage::Partial
    }
}
