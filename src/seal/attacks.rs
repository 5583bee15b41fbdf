//! The OFD attack builder: one fixture per attack class of issue 11 (container ambiguity,
//! redirection of the displayed document, unsigned displayed files, CheckMethod downgrade,
//! signature-list rewriting, lists and BaseLocs that are not signatures, appended polyglots),
//! each with the verdict it must get. Test-support code only.
//!
//! The fixtures are committed under `testdata/ofd/` with `EXPECTED.tsv` (read by the CLI test
//! `tests/ofd_attacks.rs`) and `root.der` (the test root the seals chain to). Regenerate them
//! with `cargo test --lib seal::attacks -- --ignored write_fixtures`; `fixtures_match_builder`
//! fails when the committed files are out of date.

use super::testkit::*;
use crate::verdict::{Indication, SubIndication};

/// One attack fixture and what sealcheck must say about it.
pub struct Fixture {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Indication of every signature (empty: the document has none).
    pub indications: Vec<Indication>,
    /// Sub-indication of the first signature.
    pub sub: Option<SubIndication>,
    /// Finding codes (document or signature level) that must be present.
    pub codes: Vec<&'static str>,
    /// A check id that must have failed on the first signature.
    pub failed_check: Option<&'static str>,
    pub what: &'static str,
}

// ---- a zip writer that can lie ---------------------------------------------------------------

/// One stored entry, and how its local header may disagree with the central directory.
#[derive(Clone, Default)]
pub struct RawEntry {
    pub name: String,
    pub data: Vec<u8>,
    /// Written as a local entry but not listed in the central directory.
    pub unlisted: bool,
    pub local_name: Option<String>,
    pub local_method: Option<u16>,
    pub local_crc: Option<u32>,
    pub local_size: Option<u32>,
    /// Bytes written before this entry's local header.
    pub gap_before: Vec<u8>,
}

impl RawEntry {
    pub fn new(name: &str, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.to_string(),
            data: data.to_vec(),
            ..RawEntry::default()
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

fn local_header(name: &[u8], method: u16, crc: u32, csize: u32, usize_: u32) -> Vec<u8> {
    let mut h = b"PK\x03\x04".to_vec();
    h.extend_from_slice(&20u16.to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes()); // flags
    h.extend_from_slice(&method.to_le_bytes());
    h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
    h.extend_from_slice(&crc.to_le_bytes());
    h.extend_from_slice(&csize.to_le_bytes());
    h.extend_from_slice(&usize_.to_le_bytes());
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(name);
    h
}

fn central_header(name: &[u8], crc: u32, size: u32, offset: u32) -> Vec<u8> {
    let mut h = b"PK\x01\x02".to_vec();
    h.extend_from_slice(&20u16.to_le_bytes());
    h.extend_from_slice(&20u16.to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes()); // stored
    h.extend_from_slice(&[0, 0, 0x21, 0]);
    h.extend_from_slice(&crc.to_le_bytes());
    h.extend_from_slice(&size.to_le_bytes());
    h.extend_from_slice(&size.to_le_bytes());
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    h.extend_from_slice(&offset.to_le_bytes());
    h.extend_from_slice(name);
    h
}

fn end_record(count: u16, cd_size: u32, cd_offset: u32, comment: &[u8]) -> Vec<u8> {
    let mut e = b"PK\x05\x06".to_vec();
    e.extend_from_slice(&[0; 4]);
    e.extend_from_slice(&count.to_le_bytes());
    e.extend_from_slice(&count.to_le_bytes());
    e.extend_from_slice(&cd_size.to_le_bytes());
    e.extend_from_slice(&cd_offset.to_le_bytes());
    e.extend_from_slice(&(comment.len() as u16).to_le_bytes());
    e.extend_from_slice(comment);
    e
}

/// A stored zip of `entries` after `prefix` (offsets count the prefix), with extra central
/// records `(name, data, offset)` and an end-record comment.
pub fn write_zip(
    prefix: &[u8],
    entries: &[RawEntry],
    extra_central: &[(String, Vec<u8>, usize)],
    comment: &[u8],
) -> Vec<u8> {
    let mut out = prefix.to_vec();
    let mut central = Vec::new();
    let mut count = 0u16;
    for e in entries {
        out.extend_from_slice(&e.gap_before);
        let offset = out.len() as u32;
        let crc = crc32(&e.data);
        let size = e.data.len() as u32;
        let local_name = e.local_name.as_deref().unwrap_or(&e.name);
        out.extend_from_slice(&local_header(
            local_name.as_bytes(),
            e.local_method.unwrap_or(0),
            e.local_crc.unwrap_or(crc),
            e.local_size.unwrap_or(size),
            e.local_size.unwrap_or(size),
        ));
        out.extend_from_slice(&e.data);
        if !e.unlisted {
            central.extend_from_slice(&central_header(e.name.as_bytes(), crc, size, offset));
            count += 1;
        }
    }
    for (name, data, offset) in extra_central {
        central.extend_from_slice(&central_header(
            name.as_bytes(),
            crc32(data),
            data.len() as u32,
            *offset as u32,
        ));
        count += 1;
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    let end = end_record(count, central.len() as u32, cd_offset, comment);
    out.extend_from_slice(&end);
    out
}

fn raw(files: &[(String, Vec<u8>)]) -> Vec<RawEntry> {
    files.iter().map(|(n, d)| RawEntry::new(n, d)).collect()
}

// ---- the documents attacked ------------------------------------------------------------------

const PAGE: &str = "Doc_0/Pages/Page_0/Content.xml";

/// A genuine single-seal OFD (rich document, OFD.xml not referenced as in tax invoices).
fn genuine(cast: &Cast) -> Vec<(String, Vec<u8>)> {
    genuine_with(cast, |_| {})
}

fn genuine_with(cast: &Cast, configure: impl FnOnce(&mut OfdSeal<'_>)) -> Vec<(String, Vec<u8>)> {
    let spec = SealSpec::new(4, cast, vec![&cast.signer.cert]);
    let mut seal = OfdSeal::new(build_seal(&spec), &cast.signer);
    seal.protect_ofd_xml = false;
    configure(&mut seal);
    ofd_entries_from(rich_document(), &[seal])
}

fn file<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
    &files.iter().find(|(p, _)| p == path).unwrap().1
}

fn replace(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replace(from, to).into_bytes()
}

/// The page with a changed amount.
fn forged_page(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    replace(file(files, PAGE), "100.00", "900.00")
}

/// `files` plus an unsigned copy of Doc_0 as Doc_1 with `forge` applied to each copied file.
fn with_unsigned_copy(
    files: &[(String, Vec<u8>)],
    forge: impl Fn(&str, &[u8]) -> Vec<u8>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = files.to_vec();
    for (path, bytes) in files {
        if let Some(rest) = path.strip_prefix("Doc_0/") {
            if rest.starts_with("Signs/") {
                continue;
            }
            out.push((format!("Doc_1/{rest}"), forge(path, bytes)));
        }
    }
    out
}

fn invoice() -> Vec<(String, Vec<u8>)> {
    let path = format!(
        "{}/testdata/cn/ofd_999_tax_invoice.ofd",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let pkg = super::package::Package::read(&bytes, &crate::Limits::default()).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = pkg
        .paths()
        .map(|p| (p.to_string(), pkg.get(p).unwrap().to_vec()))
        .collect();
    // OFD.xml first, as writers put it.
    files.sort_by_key(|(p, _)| p != "OFD.xml");
    files
}

fn fixture(
    name: &'static str,
    bytes: Vec<u8>,
    indications: Vec<Indication>,
    sub: Option<SubIndication>,
    codes: Vec<&'static str>,
    failed_check: Option<&'static str>,
    what: &'static str,
) -> Fixture {
    Fixture {
        name,
        bytes,
        indications,
        sub,
        codes,
        failed_check,
        what,
    }
}

/// Every attack fixture (and two benign ones), verified with the test root trusted.
pub fn fixtures() -> Vec<Fixture> {
    use Indication::{TotalFailed as Failed, TotalPassed as Passed};
    use SubIndication::{DisallowedModification, FormatFailure, HashFailure};
    let cast = cast();
    let base = genuine(&cast);
    let forged = forged_page(&base);
    let mut out = Vec::new();

    out.push(fixture(
        "genuine-rich.ofd",
        zip(&base),
        vec![Passed],
        None,
        vec!["OFD_UNSIGNED_METADATA"],
        None,
        "benign: template, public resources and image all referenced; OFD.xml not (as in tax invoices)",
    ));
    out.push(fixture(
        "genuine-stored.ofd",
        write_zip(b"", &raw(&base), &[], b""),
        vec![Passed],
        None,
        vec![],
        None,
        "benign: the same package written by the builder's own zip writer (stored entries)",
    ));
    let two = {
        let spec = SealSpec::new(4, &cast, vec![&cast.signer.cert]);
        let mut first = OfdSeal::new(build_seal(&spec), &cast.signer);
        first.protect_ofd_xml = false;
        let mut second = OfdSeal::new(build_seal(&spec), &cast.signer);
        second.protect_ofd_xml = false;
        ofd_entries_from(rich_document(), &[first, second])
    };
    out.push(fixture(
        "genuine-two-seals.ofd",
        zip(&two),
        vec![Passed, Passed],
        None,
        vec![],
        None,
        "benign: a second seal added its entry to Signatures.xml",
    ));

    // -- container ambiguity
    let mut entries = vec![RawEntry::new(PAGE, &forged)];
    entries.extend(raw(&base));
    out.push(fixture(
        "zip-duplicate-first.ofd",
        write_zip(b"", &entries, &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_DUPLICATE_ENTRY"],
        Some("ofd_package"),
        "a forged page entry before the genuine one with the same name",
    ));
    let mut entries = raw(&base);
    entries.push(RawEntry::new(PAGE, &forged));
    out.push(fixture(
        "zip-duplicate-last.ofd",
        write_zip(b"", &entries, &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_DUPLICATE_ENTRY"],
        Some("ofd_package"),
        "a forged page entry after the genuine one with the same name",
    ));
    let mut entries = raw(&base);
    entries.push(RawEntry::new("doc_0/pages/page_0/content.xml", &forged));
    out.push(fixture(
        "zip-duplicate-case.ofd",
        write_zip(b"", &entries, &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_DUPLICATE_ENTRY"],
        Some("ofd_package"),
        "a forged page whose name differs only in case (one file on Windows)",
    ));
    let mut entries = raw(&base);
    entries.insert(
        1,
        RawEntry {
            unlisted: true,
            ..RawEntry::new(PAGE, &forged)
        },
    );
    out.push(fixture(
        "zip-unlisted-local.ofd",
        write_zip(b"", &entries, &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_ZIP_UNLISTED_ENTRY"],
        Some("ofd_package"),
        "a forged page as a local entry the central directory does not list (streaming readers see it)",
    ));
    {
        // A local entry slipped in after the central directory, before the end record.
        let plain = write_zip(b"", &raw(&base), &[], b"");
        let end_at = plain.len() - 22;
        let mut bytes = plain[..end_at].to_vec();
        bytes.extend_from_slice(&local_header(
            PAGE.as_bytes(),
            0,
            crc32(&forged),
            forged.len() as u32,
            forged.len() as u32,
        ));
        bytes.extend_from_slice(&forged);
        bytes.extend_from_slice(&plain[end_at..]);
        out.push(fixture(
            "zip-unlisted-after-directory.ofd",
            bytes,
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_UNLISTED_ENTRY"],
            Some("ofd_package"),
            "a forged page as a local entry between the central directory and the end record",
        ));
    }
    let page_index = base.iter().position(|(p, _)| p == PAGE).unwrap();
    let mutate = |f: &dyn Fn(&mut RawEntry)| {
        let mut entries = raw(&base);
        f(&mut entries[page_index]);
        write_zip(b"", &entries, &[], b"")
    };
    for (name, what, change) in [
        (
            "zip-local-name.ofd",
            "the page's local header names another file",
            &(|e: &mut RawEntry| e.local_name = Some("Doc_0/Pages/Page_0/Other.xml".into()))
                as &dyn Fn(&mut RawEntry),
        ),
        (
            "zip-local-method.ofd",
            "the page's local header says deflate, the directory says stored",
            &|e: &mut RawEntry| e.local_method = Some(8),
        ),
        (
            "zip-local-size.ofd",
            "the page's local header gives a shorter size",
            &|e: &mut RawEntry| e.local_size = Some(e.data.len() as u32 - 10),
        ),
        (
            "zip-local-crc.ofd",
            "the page's local header gives another CRC",
            &|e: &mut RawEntry| e.local_crc = Some(0xDEAD_BEEF),
        ),
    ] {
        out.push(fixture(
            name,
            mutate(change),
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_HEADER_MISMATCH"],
            Some("ofd_package"),
            what,
        ));
    }
    {
        // An extra stored entry whose data is a complete local entry of the forged page; the
        // directory lists both, so the two overlap.
        let inner = {
            let mut v = local_header(
                b"Doc_0/Res/shadow.xml",
                0,
                crc32(&forged),
                forged.len() as u32,
                forged.len() as u32,
            );
            v.extend_from_slice(&forged);
            v
        };
        let mut entries = raw(&base);
        entries.push(RawEntry::new("Doc_0/Res/holder.bin", &inner));
        let plain = write_zip(b"", &entries, &[], b"");
        // The holder's data starts right after its name (no extra field).
        let name = b"Doc_0/Res/holder.bin";
        let holder_at = plain.windows(name.len()).position(|w| w == name).unwrap() + name.len();
        let bytes = write_zip(
            b"",
            &entries,
            &[("Doc_0/Res/shadow.xml".into(), forged.clone(), holder_at)],
            b"",
        );
        out.push(fixture(
            "zip-overlap.ofd",
            bytes,
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_OVERLAP"],
            Some("ofd_package"),
            "two directory records whose entries overlap (one inside the other's data)",
        ));
    }
    out.push(fixture(
        "zip-prefix.ofd",
        write_zip(&[b'x'; 40], &raw(&base), &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_ZIP_GAP"],
        Some("ofd_package"),
        "40 bytes before the first entry (offsets adjusted)",
    ));
    {
        let mut bytes = vec![b'x'; 40];
        bytes.extend_from_slice(&write_zip(b"", &raw(&base), &[], b""));
        out.push(fixture(
            "zip-prefix-unadjusted.ofd",
            bytes,
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_GAP"],
            Some("ofd_package"),
            "40 bytes put in front of a finished archive (offsets not adjusted)",
        ));
    }
    let mut entries = raw(&base);
    entries[page_index].gap_before = b"hidden bytes between entries".to_vec();
    out.push(fixture(
        "zip-gap.ofd",
        write_zip(b"", &entries, &[], b""),
        vec![Failed],
        Some(FormatFailure),
        vec!["OFD_ZIP_GAP"],
        Some("ofd_package"),
        "bytes between two entries",
    ));
    {
        // The end record's comment holds a second end record describing the same directory.
        let plain = write_zip(b"", &raw(&base), &[], b"");
        let inner_end = plain[plain.len() - 22..].to_vec();
        let mut bytes = plain[..plain.len() - 22].to_vec();
        let count = u16::from_le_bytes([inner_end[10], inner_end[11]]);
        let size = u32::from_le_bytes(inner_end[12..16].try_into().unwrap());
        let offset = u32::from_le_bytes(inner_end[16..20].try_into().unwrap());
        bytes.extend_from_slice(&end_record(count, size, offset, &inner_end));
        out.push(fixture(
            "zip-two-end-records.ofd",
            bytes,
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_SEVERAL_END_RECORDS"],
            Some("ofd_package"),
            "a second end record inside the first one's comment",
        ));
    }
    {
        let mut bytes = zip(&base);
        bytes.extend_from_slice(
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        );
        out.push(fixture(
            "polyglot-appended-pdf.ofd",
            bytes,
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_ZIP_TRAILING_DATA", "POLYGLOT_FILE"],
            Some("ofd_package"),
            "a PDF appended after the archive's end record",
        ));
    }

    // -- what a reader displays
    {
        let mut files = with_unsigned_copy(&base, |path, bytes| {
            if path == PAGE {
                forged.clone()
            } else {
                bytes.to_vec()
            }
        });
        set_file(
            &mut files,
            "OFD.xml",
            replace(
                file(&base, "OFD.xml"),
                "Doc_0/Document.xml",
                "Doc_1/Document.xml",
            ),
        );
        out.push(fixture(
            "redirect-docroot.ofd",
            zip(&files),
            vec![Failed],
            Some(DisallowedModification),
            vec![],
            Some("ofd_displayed_document"),
            "OFD.xml (not referenced) rewritten so DocRoot opens an unsigned copy with a changed amount",
        ));
        let mut files = with_unsigned_copy(&base, |path, bytes| {
            if path == PAGE {
                forged.clone()
            } else {
                bytes.to_vec()
            }
        });
        set_file(
            &mut files,
            "OFD.xml",
            replace(
                file(&base, "OFD.xml"),
                "<ofd:DocBody>",
                "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_1/Document.xml</ofd:DocRoot></ofd:DocBody><ofd:DocBody>",
            ),
        );
        out.push(fixture(
            "second-docbody-first.ofd",
            zip(&files),
            vec![Failed],
            Some(DisallowedModification),
            vec![],
            Some("ofd_displayed_document"),
            "a second DocBody inserted first, opening an unsigned copy",
        ));
    }
    {
        let files = invoice();
        let amount = |_: &str, bytes: &[u8]| {
            String::from_utf8_lossy(bytes)
                .replace("10600.00", "90600.00")
                .into_bytes()
        };
        let mut redirected = with_unsigned_copy(&files, amount);
        set_file(
            &mut redirected,
            "OFD.xml",
            replace(
                file(&files, "OFD.xml"),
                "<ofd:DocRoot>Doc_0/Document.xml",
                "<ofd:DocRoot>Doc_1/Document.xml",
            ),
        );
        out.push(fixture(
            "invoice-redirect-docroot.ofd",
            zip(&redirected),
            vec![Failed],
            Some(DisallowedModification),
            vec!["OFD_UNSIGNED_METADATA"],
            Some("ofd_displayed_document"),
            "the real tax invoice 999.ofd with DocRoot pointing to an unsigned copy with the amount changed",
        ));
    }
    let files = genuine_with(&cast, |s| {
        s.unreferenced = vec!["Doc_0/Tpls/Tpl_0/Content.xml"]
    });
    out.push(fixture(
        "uncovered-template.ofd",
        zip(&files),
        vec![Failed],
        Some(DisallowedModification),
        vec!["OFD_UNPROTECTED_FILES"],
        Some("ofd_displayed_document"),
        "the template page the page draws on is not among the References",
    ));
    let files = genuine_with(&cast, |s| s.unreferenced = vec!["Doc_0/Res/image_7.png"]);
    out.push(fixture(
        "uncovered-image.ofd",
        zip(&files),
        vec![Failed],
        Some(DisallowedModification),
        vec!["OFD_UNPROTECTED_FILES"],
        Some("ofd_displayed_document"),
        "the image a public resource names is not among the References",
    ));
    {
        let mut files = base.clone();
        set_file(
            &mut files,
            "OFD.xml",
            replace(file(&base, "OFD.xml"), ">100.00<", ">900.00<"),
        );
        out.push(fixture(
            "metadata-changed.ofd",
            zip(&files),
            vec![Passed],
            None,
            vec!["OFD_UNSIGNED_METADATA"],
            None,
            "benign for the seal: CustomData in OFD.xml changed; reported as unsigned, never as signed",
        ));
    }

    // -- CheckMethod downgrade
    {
        let mut files = base.clone();
        set_file(&mut files, PAGE, forged.clone());
        let sig_path = "Doc_0/Signs/Sign_0/Signature.xml";
        set_file(
            &mut files,
            sig_path,
            replace(
                file(&base, sig_path),
                "CheckMethod=\"SM3\"",
                "CheckMethod=\"1.2.156.10197.1.401.2\"",
            ),
        );
        out.push(fixture(
            "checkmethod-downgrade.ofd",
            zip(&files),
            vec![Failed],
            Some(HashFailure),
            vec![],
            Some("ofd_references"),
            "a page changed, then CheckMethod set to an unknown vendor OID",
        ));
    }

    // -- Signatures.xml
    {
        let mut files = two.clone();
        let list = "Doc_0/Signs/Signatures.xml";
        set_file(
            &mut files,
            list,
            replace(file(&two, list), "ID=\"1\"", "ID=\"7\""),
        );
        out.push(fixture(
            "siglist-earlier-entry-changed.ofd",
            zip(&files),
            vec![Failed, Failed],
            Some(DisallowedModification),
            vec![],
            Some("ofd_references"),
            "the first seal's entry in Signatures.xml rewritten after a second seal was added",
        ));
        let mut files = two.clone();
        set_file(
            &mut files,
            list,
            replace(
                file(&two, list),
                r#"<ofd:Signature ID="2" Type="Seal" BaseLoc="/Doc_0/Signs/Sign_1/Signature.xml"/>"#,
                "",
            ),
        );
        out.push(fixture(
            "siglist-later-entry-removed.ofd",
            zip(&files),
            vec![Failed],
            Some(DisallowedModification),
            vec!["OFD_UNLISTED_SIGNATURE"],
            Some("ofd_references"),
            "the second seal's entry removed from Signatures.xml (its files stay in the package)",
        ));
        let mut files = base.clone();
        set_file(
            &mut files,
            "OFD.xml",
            replace(
                file(&base, "OFD.xml"),
                "/Doc_0/Signs/Signatures.xml",
                "/Doc_0/Document.xml",
            ),
        );
        out.push(fixture(
            "signatures-not-a-list.ofd",
            zip(&files),
            vec![],
            None,
            vec!["OFD_NOT_A_SIGNATURE_LIST"],
            None,
            "OFD.xml's Signatures points at Document.xml",
        ));
        let mut files = base.clone();
        set_file(
            &mut files,
            list,
            replace(
                file(&base, list),
                "/Doc_0/Signs/Sign_0/Signature.xml",
                "/Doc_0/Document.xml",
            ),
        );
        out.push(fixture(
            "baseloc-not-a-signature.ofd",
            zip(&files),
            vec![Failed],
            Some(FormatFailure),
            vec!["OFD_NOT_A_SIGNATURE"],
            Some("ofd_signature_file"),
            "the signature list's BaseLoc points at Document.xml",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::CheckStatus;
    use crate::{Policy, TrustStore, Verifier};

    fn verify(bytes: &[u8], root: &[u8]) -> crate::report::DocumentReport {
        let mut trust = TrustStore::new();
        trust.add_der(root.to_vec()).unwrap();
        Verifier::new(trust, Policy::default()).verify(bytes, at(2026))
    }

    fn assert_fixture(f: &Fixture, bytes: &[u8], root: &[u8]) {
        let doc = verify(bytes, root);
        let got: Vec<Indication> = doc.signatures.iter().map(|s| s.indication).collect();
        assert_eq!(got, f.indications, "{}: {:#?}", f.name, doc.signatures);
        if let Some(first) = doc.signatures.first() {
            assert_eq!(
                first.sub_indication, f.sub,
                "{}: {:#?}",
                f.name, first.checks
            );
            if let Some(id) = f.failed_check {
                assert!(
                    first
                        .checks
                        .iter()
                        .any(|c| c.id == id && c.status == CheckStatus::Failed),
                    "{}: {id} did not fail: {:#?}",
                    f.name,
                    first.checks
                );
            }
            let displayed = first
                .checks
                .iter()
                .find(|c| c.id == "ofd_displayed_document");
            if let Some(c) = displayed {
                // Every signature states what displayed files it does not cover.
                assert!(c.evidence.as_deref().unwrap_or("").contains("not covered"));
            }
        }
        for code in &f.codes {
            let present = doc.findings.iter().any(|x| x.code == *code)
                || doc
                    .signatures
                    .iter()
                    .any(|s| s.findings.iter().any(|x| x.code == *code));
            assert!(
                present,
                "{}: no finding {code}: {:#?}",
                f.name, doc.findings
            );
        }
    }

    #[test]
    fn every_attack_gets_its_verdict() {
        let root = cast().root.cert;
        for f in fixtures() {
            assert_fixture(&f, &f.bytes, &root);
        }
    }

    #[test]
    fn committed_fixtures_get_their_verdicts() {
        let dir = format!("{}/testdata/ofd", env!("CARGO_MANIFEST_DIR"));
        let root = std::fs::read(format!("{dir}/root.der")).unwrap();
        for f in fixtures() {
            let bytes = std::fs::read(format!("{dir}/{}", f.name))
                .unwrap_or_else(|e| panic!("{}: {e} (regenerate the fixtures)", f.name));
            assert_fixture(&f, &bytes, &root);
        }
    }

    #[test]
    fn unsigned_metadata_is_never_reported_as_signed() {
        let root = cast().root.cert;
        let f = fixtures()
            .into_iter()
            .find(|f| f.name == "metadata-changed.ofd")
            .unwrap();
        let doc = verify(&f.bytes, &root);
        let finding = doc
            .findings
            .iter()
            .find(|x| x.code == "OFD_UNSIGNED_METADATA")
            .unwrap();
        assert!(finding.evidence.as_deref().unwrap().contains("金额"));
        assert!(!doc.signatures[0]
            .checks
            .iter()
            .any(|c| c.status == CheckStatus::Passed && c.message.contains("OFD.xml")));
    }

    #[test]
    fn fixtures_match_builder() {
        // SM2 signing here is deterministic, so the builder reproduces the committed bytes.
        let dir = format!("{}/testdata/ofd", env!("CARGO_MANIFEST_DIR"));
        for f in fixtures() {
            let committed = std::fs::read(format!("{dir}/{}", f.name)).unwrap();
            assert!(
                committed == f.bytes,
                "{} is out of date: regenerate",
                f.name
            );
        }
    }

    #[test]
    fn mutated_attack_fixtures_never_panic() {
        // The stored fixtures expose headers and XML uncompressed, so byte flips reach the zip
        // walk and the closure (the fuzz target `ofd_container` does this at scale).
        for f in fixtures().iter().filter(|f| f.name.starts_with("zip-")) {
            let mut mutated = f.bytes.clone();
            for i in (0..mutated.len()).step_by(97) {
                mutated[i] ^= 0x5A;
                crate::seal::fuzz_ofd_container(&mutated);
            }
            for cut in (0..f.bytes.len()).step_by(331) {
                crate::seal::fuzz_ofd_container(&f.bytes[cut..]);
                crate::seal::fuzz_read_ofd(&f.bytes[..cut]);
            }
        }
    }

    /// Writes testdata/ofd/ (run with `-- --ignored write_fixtures`).
    #[test]
    #[ignore = "regenerates the committed fixtures"]
    fn write_fixtures() {
        let dir = format!("{}/testdata/ofd", env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/root.der"), cast().root.cert).unwrap();
        let mut tsv =
            String::from("file\tindications\tsub_indication\tfinding_codes\tfailed_check\twhat\n");
        for f in fixtures() {
            std::fs::write(format!("{dir}/{}", f.name), &f.bytes).unwrap();
            tsv.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                f.name,
                f.indications
                    .iter()
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                f.sub.map(|s| s.as_str()).unwrap_or("-"),
                if f.codes.is_empty() {
                    "-".to_string()
                } else {
                    f.codes.join(",")
                },
                f.failed_check.unwrap_or("-"),
                f.what
            ));
        }
        std::fs::write(format!("{dir}/EXPECTED.tsv"), tsv).unwrap();
    }
}
