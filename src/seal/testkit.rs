//! Test support: SM2 certificates, SES seals and signatures, and OFD packages built and signed
//! here with the `sm2` crate, so that every negative case (tampered content, expired seal,
//! unauthorised signer, wrong dataHash, forged maker signature) has a fixture made on purpose.

use sm2::dsa::signature::Signer;
use sm2::dsa::{Signature, SigningKey};
use time::OffsetDateTime;

use super::crypto::{DigestKind, OID_SM2_KEY, OID_SM2_SM3};
use super::package::tests::build_zip;

const DIST_ID: &str = "1234567812345678";
const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_COMMON_NAME: &str = "2.5.4.3";

// ---- a minimal DER writer -------------------------------------------------------------------

pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    crate::asn1::der::push_length(&mut out, content.len());
    out.extend_from_slice(content);
    out
}
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}
pub fn set(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}
pub fn int(v: i64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut skip = 0;
    while skip < 7 {
        let (b, next) = (bytes[skip], bytes[skip + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0) {
            skip += 1;
        } else {
            break;
        }
    }
    tlv(0x02, &bytes[skip..])
}
pub fn octets(v: &[u8]) -> Vec<u8> {
    tlv(0x04, v)
}
pub fn bits(v: &[u8]) -> Vec<u8> {
    let mut c = vec![0];
    c.extend_from_slice(v);
    tlv(0x03, &c)
}
pub fn ia5(s: &str) -> Vec<u8> {
    tlv(0x16, s.as_bytes())
}
pub fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0C, s.as_bytes())
}
pub fn oid(dotted: &str) -> Vec<u8> {
    super::crypto::oid_der(dotted).unwrap()
}
pub fn gentime(t: OffsetDateTime) -> Vec<u8> {
    let f = time::macros::format_description!("[year][month][day][hour][minute][second]Z");
    tlv(0x18, t.format(f).unwrap().as_bytes())
}
pub fn utctime(t: OffsetDateTime) -> Vec<u8> {
    let f = time::macros::format_description!(
        "[year repr:last_two][month][day][hour][minute][second]Z"
    );
    tlv(0x17, t.format(f).unwrap().as_bytes())
}

// ---- keys and certificates -------------------------------------------------------------------

/// An SM2 key pair with its certificate.
pub struct Identity {
    pub key: SigningKey,
    pub cert: Vec<u8>,
}

pub fn key(seed: u8) -> SigningKey {
    let mut d = [seed; 32];
    d[0] = 0x01; // stay well below the group order
    SigningKey::from_slice(DIST_ID, &d).unwrap()
}

/// Signs `message` with SM2/SM3 (default id); DER-encoded unless `raw`.
pub fn sign(key: &SigningKey, message: &[u8], raw: bool) -> Vec<u8> {
    let sig: Signature = key.sign(message);
    if raw {
        sig.to_bytes().to_vec()
    } else {
        sig.to_der().to_vec()
    }
}

fn name(cn: &str) -> Vec<u8> {
    seq(&[&set(&[&seq(&[&oid(OID_COMMON_NAME), &utf8(cn)])])])
}

/// An X.509 v3 certificate for `subject_key`, signed by `issuer_key` (self-signed when equal).
pub fn certificate(
    subject: &str,
    subject_key: &SigningKey,
    issuer: &str,
    issuer_key: &SigningKey,
    serial: i64,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Vec<u8> {
    let alg = seq(&[&oid(OID_SM2_SM3)]);
    let point = subject_key.verifying_key().to_sec1_bytes();
    let spki = seq(&[
        &seq(&[&oid(OID_EC_PUBLIC_KEY), &oid(OID_SM2_KEY)]),
        &bits(&point),
    ]);
    let tbs = seq(&[
        &tlv(0xA0, &int(2)),
        &int(serial),
        &alg,
        &name(issuer),
        &seq(&[&utctime(not_before), &utctime(not_after)]),
        &name(subject),
        &spki,
    ]);
    let signature = sign(issuer_key, &tbs, false);
    seq(&[&tbs, &alg, &bits(&signature)])
}

pub fn at(year: i32) -> OffsetDateTime {
    time::Date::from_calendar_date(year, time::Month::January, 1)
        .unwrap()
        .midnight()
        .assume_utc()
}

/// A root, a seal maker and two signers; certificates valid 2020–2040.
pub struct Cast {
    pub root: Identity,
    pub maker: Identity,
    pub signer: Identity,
    pub stranger: Identity,
}

pub fn cast() -> Cast {
    let root_key = key(0x21);
    let root_cert = certificate(
        "Test SM2 Root",
        &root_key,
        "Test SM2 Root",
        &root_key,
        1,
        at(2020),
        at(2040),
    );
    let issue = |seed: u8, cn: &str, serial: i64| {
        let k = key(seed);
        let cert = certificate(
            cn,
            &k,
            "Test SM2 Root",
            &root_key,
            serial,
            at(2020),
            at(2040),
        );
        Identity { key: k, cert }
    };
    Cast {
        maker: issue(0x32, "Seal Maker", 2),
        signer: issue(0x43, "Authorised Signer", 3),
        stranger: issue(0x54, "Someone Else", 4),
        root: Identity {
            key: root_key,
            cert: root_cert,
        },
    }
}

// ---- seals and signatures --------------------------------------------------------------------

/// How to build a seal.
pub struct SealSpec<'a> {
    /// 1, 4 or 5.
    pub version: i64,
    pub name: &'a str,
    pub valid_start: OffsetDateTime,
    pub valid_end: OffsetDateTime,
    /// Certificates allowed to use the seal.
    pub signers: Vec<&'a [u8]>,
    /// List SM3 digests of the certificates instead of the certificates (V4/V5).
    pub digest_list: bool,
    pub maker: &'a Identity,
    /// Corrupt the maker's signature value.
    pub forge_maker_signature: bool,
    pub picture: &'a [u8],
}

impl<'a> SealSpec<'a> {
    pub fn new(version: i64, cast: &'a Cast, signers: Vec<&'a [u8]>) -> Self {
        SealSpec {
            version,
            name: "测试单位公章",
            valid_start: at(2021),
            valid_end: at(2031),
            signers,
            digest_list: false,
            maker: &cast.maker,
            forge_maker_signature: false,
            picture: b"\x89PNG\r\n\x1a\nnot really a picture",
        }
    }
}

pub fn build_seal(spec: &SealSpec<'_>) -> Vec<u8> {
    let v1 = spec.version == 1;
    let time = |t| if v1 { utctime(t) } else { gentime(t) };
    let header = seq(&[&ia5("ES"), &int(spec.version), &ia5("sealcheck-test")]);
    let cert_list = if spec.digest_list {
        let items: Vec<Vec<u8>> = spec
            .signers
            .iter()
            .map(|c| seq(&[&tlv(0x13, b"SM3"), &octets(&DigestKind::Sm3.digest(&[c]))]))
            .collect();
        seq(&items.iter().map(Vec::as_slice).collect::<Vec<_>>())
    } else {
        let items: Vec<Vec<u8>> = spec.signers.iter().map(|c| octets(c)).collect();
        seq(&items.iter().map(Vec::as_slice).collect::<Vec<_>>())
    };
    let list_type = int(if spec.digest_list { 2 } else { 1 });
    let mut property_parts: Vec<&[u8]> = Vec::new();
    let seal_type = int(1);
    let name = utf8(spec.name);
    let (created, start, end) = (
        time(spec.valid_start),
        time(spec.valid_start),
        time(spec.valid_end),
    );
    property_parts.push(&seal_type);
    property_parts.push(&name);
    if !v1 {
        property_parts.push(&list_type);
    }
    property_parts.push(&cert_list);
    property_parts.push(&created);
    property_parts.push(&start);
    property_parts.push(&end);
    let property = seq(&property_parts);
    let picture = seq(&[&ia5("PNG"), &octets(spec.picture), &int(40), &int(40)]);
    let seal_info = seq(&[&header, &ia5("esID-0001"), &property, &picture]);
    let alg = oid(OID_SM2_SM3);
    let maker_cert = octets(&spec.maker.cert);
    let signed = if v1 {
        seq(&[&seal_info, &maker_cert, &alg])
    } else {
        seal_info.clone()
    };
    let mut value = sign(&spec.maker.key, &signed, false);
    if spec.forge_maker_signature {
        let last = value.len() - 1;
        value[last] ^= 0x01;
    }
    if v1 {
        seq(&[&seal_info, &seq(&[&maker_cert, &alg, &bits(&value)])])
    } else {
        seq(&[&seal_info, &maker_cert, &alg, &bits(&value)])
    }
}

/// How to build a SES_Signature.
pub struct SignSpec<'a> {
    pub version: i64,
    pub seal: &'a [u8],
    pub signer: &'a Identity,
    pub time: OffsetDateTime,
    /// The digest written as dataHash.
    pub data_hash: Vec<u8>,
    pub property_info: &'a str,
    /// Store the signature as raw r||s instead of DER.
    pub raw: bool,
}

pub fn build_signature(spec: &SignSpec<'_>) -> Vec<u8> {
    let alg = oid(OID_SM2_SM3);
    if spec.version == 1 {
        let f = time::format_description::well_known::Rfc3339;
        let text = spec.time.format(&f).unwrap();
        let tbs = seq(&[
            &int(1),
            spec.seal,
            &bits(text.as_bytes()),
            &bits(&spec.data_hash),
            &ia5(spec.property_info),
            &octets(&spec.signer.cert),
            &alg,
        ]);
        let value = sign(&spec.signer.key, &tbs, spec.raw);
        return seq(&[&tbs, &bits(&value)]);
    }
    let tbs = seq(&[
        &int(spec.version),
        spec.seal,
        &gentime(spec.time),
        &bits(&spec.data_hash),
        &ia5(spec.property_info),
    ]);
    let value = sign(&spec.signer.key, &tbs, spec.raw);
    seq(&[&tbs, &octets(&spec.signer.cert), &alg, &bits(&value)])
}

// ---- OFD packages ----------------------------------------------------------------------------

pub const OFD_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#;
pub const DOCUMENT_XML: &[u8] = br#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;
pub const CONTENT_XML: &[u8] = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="10 10 100 10"><ofd:TextCode X="0" Y="8">兹证明 张三 参加养老保险</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#.as_bytes();

/// One seal to apply to an OFD package.
pub struct OfdSeal<'a> {
    pub seal: Vec<u8>,
    pub signer: &'a Identity,
    pub time: OffsetDateTime,
    pub check_method: &'a str,
    pub version: i64,
    pub raw: bool,
    /// Write this dataHash instead of the right one.
    pub wrong_data_hash: bool,
    /// SignatureDateTime written in Signature.xml; default: `time` as Beijing local time.
    pub declared_time: Option<String>,
    /// A vendor convention: CheckValues and dataHash are SM3 over "vendor" || bytes, and the
    /// signer's signature value does not verify by the standard convention (like n.ofd).
    pub vendor: bool,
    /// List OFD.xml among the References (real tax invoices do not).
    pub protect_ofd_xml: bool,
    /// Package paths left out of the References.
    pub unreferenced: Vec<&'a str>,
}

/// An OFD package (OFD.xml, Document.xml, one page) with the given seals applied in order:
/// each seal protects the package files present at its time, including the signature list,
/// as real writers do. Returns the entries (path, bytes) so tests can tamper before zipping.
pub fn ofd_entries(seals: &[OfdSeal<'_>]) -> Vec<(String, Vec<u8>)> {
    let files: Vec<(String, Vec<u8>)> = vec![
        ("OFD.xml".into(), OFD_XML.to_vec()),
        ("Doc_0/Document.xml".into(), DOCUMENT_XML.to_vec()),
        (
            "Doc_0/Pages/Page_0/Content.xml".into(),
            CONTENT_XML.to_vec(),
        ),
    ];
    ofd_entries_from(files, seals)
}

/// OFD.xml of [`rich_document`]: DocInfo with CustomDatas, as tax invoices have.
pub const RICH_OFD_XML: &[u8] = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>rich</ofd:DocID><ofd:CustomDatas><ofd:CustomData Name="金额">100.00</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#.as_bytes();

/// A document with a template, a public resource file and an image, like a real invoice.
pub fn rich_document() -> Vec<(String, Vec<u8>)> {
    vec![
        ("OFD.xml".into(), RICH_OFD_XML.to_vec()),
        (
            "Doc_0/Document.xml".into(),
            br#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>20</ofd:MaxUnitID><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#.to_vec(),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml".into(),
            r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Template TemplateID="5"/><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="10 10 100 10"><ofd:TextCode X="0" Y="8">金额 100.00</ofd:TextCode></ofd:TextObject><ofd:ImageObject ID="4" ResourceID="7" Boundary="10 30 20 20"/></ofd:Layer></ofd:Content></ofd:Page>"#.as_bytes().to_vec(),
        ),
        (
            "Doc_0/Tpls/Tpl_0/Content.xml".into(),
            r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="6"><ofd:TextObject ID="8" Boundary="10 0 100 10"><ofd:TextCode X="0" Y="8">电子发票</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#.as_bytes().to_vec(),
        ),
        (
            "Doc_0/PublicRes.xml".into(),
            br#"<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="7" Type="Image"><ofd:MediaFile>image_7.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"#.to_vec(),
        ),
        (
            "Doc_0/Res/image_7.png".into(),
            b"\x89PNG\r\n\x1a\nnot really an image".to_vec(),
        ),
    ]
}

/// Like [`ofd_entries`], starting from `files` (OFD.xml and the document).
pub fn ofd_entries_from(
    mut files: Vec<(String, Vec<u8>)>,
    seals: &[OfdSeal<'_>],
) -> Vec<(String, Vec<u8>)> {
    let mut listed = String::new();
    for (i, s) in seals.iter().enumerate() {
        let dir = format!("Doc_0/Signs/Sign_{i}");
        listed.push_str(&format!(
            r#"<ofd:Signature ID="{}" Type="Seal" BaseLoc="/{dir}/Signature.xml"/>"#,
            i + 1
        ));
        let list = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:MaxSignId>{}</ofd:MaxSignId>{listed}</ofd:Signatures>"#,
            i + 1
        );
        set_file(&mut files, "Doc_0/Signs/Signatures.xml", list.into_bytes());
        set_file(&mut files, &format!("{dir}/Seal.esl"), s.seal.clone());
        let kind = DigestKind::from_name(s.check_method).unwrap_or(DigestKind::Sm3);
        let engine = base64::engine::general_purpose::STANDARD;
        let mut refs = String::new();
        for (path, bytes) in &files {
            use base64::Engine as _;
            if (path == "OFD.xml" && !s.protect_ofd_xml) || s.unreferenced.contains(&path.as_str())
            {
                continue;
            }
            let value = if s.vendor {
                kind.digest(&[b"vendor", bytes])
            } else {
                kind.digest(&[bytes])
            };
            refs.push_str(&format!(
                r#"<ofd:Reference FileRef="/{path}"><ofd:CheckValue>{}</ofd:CheckValue></ofd:Reference>"#,
                engine.encode(value)
            ));
        }
        let signature_xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo><ofd:Provider ProviderName="sealcheck-test" Company="test" Version="1"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>{}</ofd:SignatureDateTime><ofd:References CheckMethod="{}">{refs}</ofd:References><ofd:StampAnnot ID="9" PageRef="1" Boundary="50 50 40 40"/><ofd:Seal><ofd:BaseLoc>/{dir}/Seal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo><ofd:SignedValue>/{dir}/SignedValue.dat</ofd:SignedValue></ofd:Signature>"#,
            s.declared_time.clone().unwrap_or_else(|| beijing(s.time)),
            s.check_method
        )
        .into_bytes();
        let mut data_hash = if s.vendor {
            DigestKind::Sm3.digest(&[b"vendor", &signature_xml])
        } else {
            DigestKind::Sm3.digest(&[&signature_xml])
        };
        if s.wrong_data_hash {
            data_hash[0] ^= 0xFF;
        }
        let property_info = format!("/{dir}/Signature.xml");
        let mut value = build_signature(&SignSpec {
            version: s.version,
            seal: &s.seal,
            signer: s.signer,
            time: s.time,
            data_hash,
            property_info: &property_info,
            raw: s.raw,
        });
        if s.vendor {
            // The last byte is inside the signature BIT STRING.
            let last = value.len() - 1;
            value[last] ^= 0x01;
        }
        set_file(&mut files, &format!("{dir}/Signature.xml"), signature_xml);
        set_file(&mut files, &format!("{dir}/SignedValue.dat"), value);
    }
    files
}

pub fn set_file(files: &mut Vec<(String, Vec<u8>)>, path: &str, bytes: Vec<u8>) {
    match files.iter_mut().find(|(p, _)| p == path) {
        Some(entry) => entry.1 = bytes,
        None => files.push((path.to_string(), bytes)),
    }
}

pub fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    build_zip(&entries)
}

impl<'a> OfdSeal<'a> {
    pub fn new(seal: Vec<u8>, signer: &'a Identity) -> Self {
        OfdSeal {
            seal,
            signer,
            time: at(2025),
            check_method: "SM3",
            version: 4,
            raw: false,
            wrong_data_hash: false,
            declared_time: None,
            vendor: false,
            protect_ofd_xml: true,
            unreferenced: Vec::new(),
        }
    }
}

/// `YYYY-MM-DD hh:mm:ss` in UTC+8, as Chinese OFD writers put it in SignatureDateTime.
pub fn beijing(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.to_offset(time::macros::offset!(+8)).format(f).unwrap()
}
