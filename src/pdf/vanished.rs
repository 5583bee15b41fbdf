//! Signature dictionaries that the field tree of the newest revision does not lead to: removed
//! after signing, hidden, or left in revisions the revision limit kept out of the analysis.
//!
//! A signature never vanishes from the report. Each dictionary that the byte search of
//! [`signatures::unreachable`] finds becomes a signature entry with an [`Origin`] that says why
//! a viewer of the newest revision does not show it: a field of an older revision used it
//! (`Removed`: the field was taken away after signing, which is not passed), no field of any
//! analysed revision did (`NoField`), or it lies in bytes the analysis did not reach
//! (`NotAnalysed`: INDETERMINATE with `LIMIT_REVISIONS`). Usage-rights signatures (catalog
//! `/Perms /UR3`, made by the viewer vendor, not a signer) are named in a finding instead.

use std::collections::{BTreeMap, HashSet};

use super::file::PdfFile;
use super::object::{ObjRef, Object};
use super::signatures::{self, FoundSignature, Origin, Unreached};
use crate::verdict::{Finding, Severity, Text};

/// How many older revisions' field trees are walked at most while looking for the field that
/// used a dictionary (each walk is bounded by the field walker's own node budget).
const MAX_REVISIONS_WALKED: usize = 512;

/// Signature entries for the dictionaries no field of the newest revision uses, and findings
/// about them. `known` are the signatures already found through fields.
pub fn classify(
    file: &PdfFile<'_>,
    unreached: &[Unreached],
    known: usize,
    max_signatures: usize,
) -> (Vec<FoundSignature>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut findings = Vec::new();
    if unreached.is_empty() {
        return (found, findings);
    }
    let parsed: Vec<Option<FoundSignature>> = unreached
        .iter()
        .map(|u| signatures::dictionary_at(file, u))
        .collect();
    let mut last_used = fields_in_older_revisions(file, unreached, &parsed, max_signatures);
    let usage_rights = usage_rights_signatures(file);
    for (index, (hidden, sig)) in unreached.iter().zip(parsed).enumerate() {
        if known + found.len() >= max_signatures {
            file.limit_finding(
                crate::policy::limit_codes::SIGNATURES,
                format!("more than {max_signatures} signatures; the others were not examined"),
                format!("签名超过{max_signatures}个，其余未检查"),
            );
            break;
        }
        let num = hidden.num;
        if let Some((older, last_used)) = last_used.remove(&index) {
            findings.push(
                Finding::new(
                    "SIGNATURE_FIELD_REMOVED",
                    Severity::Error,
                    Text::new(
                        format!(
                            "signature {} (object {num}) was removed from the form after revision {}: viewers of the final document do not show it",
                            older.fields.join(", "),
                            last_used + 1
                        ),
                        format!(
                            "签名{}（对象{num}）在第{}个修订版本之后被从表单中移除：查看最终文档时不会显示该签名",
                            older.fields.join("、"),
                            last_used + 1
                        ),
                    ),
                )
                .evidence(format!("object {num} at offset {}", hidden.offset)),
            );
            found.push(FoundSignature {
                origin: Origin::Removed { last_used },
                ..older
            });
            continue;
        }
        if usage_rights.contains(&num) {
            findings.push(
                Finding::new(
                    "USAGE_RIGHTS_SIGNATURE",
                    Severity::Info,
                    Text::new(
                        format!("object {num} is a usage-rights signature (/Perms /UR3) of the PDF software, not a signature of the document's author; not verified"),
                        format!("对象{num}是PDF软件的使用权限签名（/Perms /UR3），不是文档签署人的签名，未予验证"),
                    ),
                )
                .evidence(format!("object {num} at offset {}", hidden.offset)),
            );
            continue;
        }
        let text = if hidden.beyond_limit.is_some() {
            Text::new(
                format!("object {num} is a signature dictionary in revisions older than the revision limit lets the analysis reach; whether a field uses it is unknown"),
                format!("对象{num}是位于超出修订版本分析上限的更早版本中的签名字典，无法确定是否有签名域引用它"),
            )
        } else {
            Text::new(
                format!("object {num} is a signature dictionary that no signature field uses (hidden or replaced signature)"),
                format!("对象{num}是未被任何签名域引用的签名字典（可能是被隐藏或替换的签名）"),
            )
        };
        findings.push(
            Finding::new("UNREACHABLE_SIGNATURE_DICTIONARY", Severity::Warning, text)
                .evidence(format!("object {num} at offset {}", hidden.offset)),
        );
        let Some(mut sig) = sig else {
            continue;
        };
        sig.origin = match hidden.beyond_limit {
            Some(limit) => Origin::NotAnalysed { limit },
            None => Origin::NoField,
        };
        found.push(sig);
    }
    (found, findings)
}

/// For each unreached dictionary (by its index) that a signature field of an older revision
/// used: that field's entry as the newest such revision had it, and that revision (0-based).
/// Dictionaries are matched by object number, direct ones (inside their field) by /ByteRange.
fn fields_in_older_revisions(
    file: &PdfFile<'_>,
    unreached: &[Unreached],
    parsed: &[Option<FoundSignature>],
    max_signatures: usize,
) -> BTreeMap<usize, (FoundSignature, usize)> {
    let mut wanted: Vec<usize> = unreached
        .iter()
        .enumerate()
        .filter(|(_, u)| u.beyond_limit.is_none())
        .map(|(i, _)| i)
        .collect();
    let mut out = BTreeMap::new();
    let Some(last) = file.revisions.len().checked_sub(1) else {
        return out;
    };
    // A field can only use a dictionary from the revision that wrote it on.
    let oldest = wanted
        .iter()
        .filter_map(|&i| unreached.get(i))
        .map(|u| file.revision_containing(u.offset))
        .min()
        .unwrap_or(last);
    for rev in (oldest..last).rev().take(MAX_REVISIONS_WALKED) {
        if wanted.is_empty() {
            break;
        }
        let mut at_rev = signatures::discover_at(file, rev, max_signatures);
        at_rev.extend(signatures::discover_widget_only_at(
            file,
            rev,
            &at_rev,
            max_signatures,
        ));
        for sig in at_rev {
            let matches = |i: &usize| -> bool {
                let (Some(u), Some(Some(p))) = (unreached.get(*i), parsed.get(*i)) else {
                    return false;
                };
                match sig.object {
                    Some(ObjRef { num, .. }) => !u.direct && num == u.num,
                    None => {
                        u.direct
                            && sig.dict.get(b"ByteRange").is_some()
                            && sig.dict.get(b"ByteRange") == p.dict.get(b"ByteRange")
                    }
                }
            };
            if let Some(pos) = wanted.iter().position(matches) {
                let index = wanted.swap_remove(pos);
                out.insert(index, (sig, rev));
            }
        }
    }
    out
}

/// Objects the catalog names as usage-rights signatures (`/Perms /UR3` or `/UR`), in any
/// analysed revision.
fn usage_rights_signatures(file: &PdfFile<'_>) -> HashSet<u32> {
    let mut out = HashSet::new();
    for rev in (0..file.revisions.len()).rev().take(MAX_REVISIONS_WALKED) {
        let Some((_, catalog)) = file.catalog(rev) else {
            continue;
        };
        let Some(perms) = file.dict_at(rev, &catalog, b"Perms") else {
            continue;
        };
        for key in [&b"UR3"[..], b"UR"] {
            if let Some(Object::Ref(r)) = perms.get(key) {
                out.insert(r.num);
            }
        }
    }
    out
}
