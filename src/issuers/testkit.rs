//! Test issuing authority: an SM2 root CA, issuing bodies with SM2 and RSA certificates whose
//! subjects carry credit codes the way Chinese CAs write them, an SES seal maker, a CRL, and
//! e-licences as OFD (SES seal) and PDF (RSA and SM2 CMS) files. Test support only.
//!
//! `cargo test --lib issuers::testkit -- --ignored` regenerates `testdata/license/`; the
//! generated files are committed so tests need nothing but the repository.

use ring::signature::{KeyPair as _, RsaKeyPair};
use time::OffsetDateTime;

use crate::cms::test_builder::{self as cms_builder, SignerSpec};
use crate::license::elicense;
use crate::seal::crypto::{DigestKind, OID_SM2_KEY, OID_SM2_SM3};
use crate::seal::testkit::{
    at, bits, build_signature, gentime, int, key, octets, oid, seq, set, sign, tlv, utctime, utf8,
    zip, Identity, SignSpec,
};

const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_CN: &str = "2.5.4.3";
const OID_O: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_C: &str = "2.5.4.6";
const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_ORG_ID: &str = "2.5.4.97";

/// Credit codes of the test bodies (valid check characters; region 440300, not real bodies).
pub const PSB_USCC: &str = "11440300MB0000027K";
pub const CIVIL_USCC: &str = "11440300MB0000035E";
pub const SOCIAL_INSURANCE_USCC: &str = "12440300MB00000436";
pub const COUNTY_PSB_USCC: &str = "11440300MB000006XU";
pub const POLICE_TECH_COMPANY_USCC: &str = "91440300MA0000058F";
pub const INSURANCE_AGENCY_USCC: &str = "91440300MA00000820";
/// The test ministry that defines the test licence type codes.
pub const MINISTRY_USCC: &str = "11100000MB0000019L";
/// Holder of the genuine licence, and another person.
pub const HOLDER_ID: &str = "44030419900307123X";
pub const OTHER_ID: &str = "440304198506124562";
pub const PSB_SEAL_ID: &str = "44030000000001";
pub const COUNTY_SEAL_ID: &str = "44030000000006";
const REVOKED_SERIAL: i64 = 0x66;

pub const ROOT_NAME: &str = "Sealcheck Test E-Licence Root CA";

/// A Name of (OID, value) RDNs, in order (C as PrintableString, the rest UTF8String).
pub fn name(rdns: &[(&str, &str)]) -> Vec<u8> {
    let sets: Vec<Vec<u8>> = rdns
        .iter()
        .map(|(o, v)| {
            let value = if *o == OID_C {
                tlv(0x13, v.as_bytes())
            } else {
                utf8(v)
            };
            set(&[&seq(&[&oid(o), &value])])
        })
        .collect();
    seq(&sets.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

fn sm2_spki(k: &sm2::dsa::SigningKey) -> Vec<u8> {
    let point = k.verifying_key().to_sec1_bytes();
    seq(&[
        &seq(&[&oid(OID_EC_PUBLIC_KEY), &oid(OID_SM2_KEY)]),
        &bits(&point),
    ])
}

fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    let pair = RsaKeyPair::from_der(pkcs1).unwrap();
    seq(&[
        &seq(&[&oid(OID_RSA), &[0x05, 0x00]]),
        &bits(pair.public_key().as_ref()),
    ])
}

/// An X.509 v3 certificate signed with SM2/SM3 by `issuer_key`.
fn certificate(
    subject: &[u8],
    spki: &[u8],
    issuer: &[u8],
    issuer_key: &sm2::dsa::SigningKey,
    serial: i64,
    ca: bool,
) -> Vec<u8> {
    let alg = seq(&[&oid(OID_SM2_SM3)]);
    let mut fields: Vec<Vec<u8>> = vec![
        tlv(0xA0, &int(2)),
        int(serial),
        alg.clone(),
        issuer.to_vec(),
        seq(&[&utctime(at(2020)), &utctime(at(2040))]),
        subject.to_vec(),
        spki.to_vec(),
    ];
    if ca {
        let basic = seq(&[
            &oid("2.5.29.19"),
            &tlv(0x01, &[0xFF]),
            &octets(&seq(&[&tlv(0x01, &[0xFF])])),
        ]);
        fields.push(tlv(0xA3, &seq(&[&basic])));
    }
    let tbs = seq(&fields.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let signature = sign(issuer_key, &tbs, false);
    seq(&[&tbs, &alg, &bits(&signature)])
}

/// The whole cast of the test issuing authority.
pub struct Authority {
    pub root: Identity,
    pub root_name: Vec<u8>,
    pub maker: Identity,
    /// 测试市公安局, SM2, USCC in organizationIdentifier.
    pub psb: Identity,
    /// 测试市公安局, RSA-2048 (PKCS#1 key), USCC in serialNumber.
    pub psb_rsa_cert: Vec<u8>,
    pub psb_rsa_key: Vec<u8>,
    /// 测试市公安局's second SM2 key, revoked by the root's CRL.
    pub psb_revoked: Identity,
    /// 测试市某某县公安局: a real-looking bureau the registry does not list.
    pub county_psb: Identity,
    /// 测试市民政局 (civil affairs), listed.
    pub civil: Identity,
    /// O=深圳市公安科技有限公司: a company, trusted CA, not a bureau.
    pub police_tech: Identity,
    /// CN=Mallory, O=测试市公安局: the right O on someone else's key.
    pub mallory: Identity,
    /// O=成都某某社会保险代理有限公司: an agency, not social insurance.
    pub agency: Identity,
    /// 测试市社会保险事业管理中心, listed as social_insurance.
    pub social_insurance: Identity,
}

fn sm2_identity(
    seed: u8,
    subject: &[(&str, &str)],
    root_name: &[u8],
    root_key: &sm2::dsa::SigningKey,
    serial: i64,
) -> Identity {
    let k = key(seed);
    let cert = certificate(
        &name(subject),
        &sm2_spki(&k),
        root_name,
        root_key,
        serial,
        false,
    );
    Identity { key: k, cert }
}

pub fn authority() -> Authority {
    let root_key = key(0x61);
    let root_name = name(&[(OID_C, "CN"), (OID_CN, ROOT_NAME)]);
    let root_cert = certificate(
        &root_name,
        &sm2_spki(&root_key),
        &root_name,
        &root_key,
        1,
        true,
    );
    let rsa_key = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/license/pki/psb-rsa2048.key.der"
    ))
    .unwrap();
    let psb_rsa_cert = certificate(
        &name(&[
            (OID_C, "CN"),
            (OID_O, "测试市公安局"),
            (OID_SERIAL_NUMBER, PSB_USCC),
            (OID_CN, "测试市公安局电子证照签发"),
        ]),
        &rsa_spki(&rsa_key),
        &root_name,
        &root_key,
        0x62,
        false,
    );
    let id = |seed, subject: &[(&str, &str)], serial| {
        sm2_identity(seed, subject, &root_name, &root_key, serial)
    };
    let psb_org_id = format!("NTRCN-{PSB_USCC}");
    let cfca_cn = format!("041@N{COUNTY_PSB_USCC}@测试市某某县公安局@00000001");
    Authority {
        maker: id(
            0x63,
            &[
                (OID_C, "CN"),
                (OID_O, "测试电子印章制作中心"),
                (OID_CN, "测试电子印章制作系统"),
            ],
            0x63,
        ),
        psb: id(
            0x64,
            &[
                (OID_C, "CN"),
                (OID_O, "测试市公安局"),
                (OID_ORG_ID, &psb_org_id),
                (OID_CN, "测试市公安局"),
            ],
            0x64,
        ),
        psb_revoked: id(
            0x66,
            &[
                (OID_C, "CN"),
                (OID_O, "测试市公安局"),
                (OID_ORG_ID, &psb_org_id),
                (OID_CN, "测试市公安局（旧）"),
            ],
            REVOKED_SERIAL,
        ),
        county_psb: id(
            0x67,
            &[
                (OID_C, "CN"),
                (OID_O, "测试市某某县公安局"),
                (OID_CN, &cfca_cn),
            ],
            0x67,
        ),
        civil: id(
            0x68,
            &[
                (OID_C, "CN"),
                (OID_O, "测试市民政局"),
                (OID_OU, CIVIL_USCC),
                (OID_CN, "测试市民政局"),
            ],
            0x68,
        ),
        police_tech: id(
            0x69,
            &[
                (OID_C, "CN"),
                (OID_O, "深圳市公安科技有限公司"),
                (OID_SERIAL_NUMBER, POLICE_TECH_COMPANY_USCC),
                (OID_CN, "深圳市公安科技有限公司"),
            ],
            0x69,
        ),
        mallory: id(
            0x6A,
            &[(OID_C, "CN"), (OID_O, "测试市公安局"), (OID_CN, "Mallory")],
            0x6A,
        ),
        agency: id(
            0x6B,
            &[
                (OID_C, "CN"),
                (OID_O, "成都某某社会保险代理有限公司"),
                (OID_SERIAL_NUMBER, INSURANCE_AGENCY_USCC),
                (OID_CN, "成都某某社会保险代理有限公司"),
            ],
            0x6B,
        ),
        social_insurance: id(
            0x6C,
            &[
                (OID_C, "CN"),
                (OID_O, "测试市社会保险事业管理中心"),
                (OID_ORG_ID, SOCIAL_INSURANCE_USCC),
                (OID_CN, "测试市社会保险事业管理中心"),
            ],
            0x6C,
        ),
        psb_rsa_cert,
        psb_rsa_key: rsa_key,
        root: Identity {
            key: root_key,
            cert: root_cert,
        },
        root_name,
    }
}

impl Authority {
    /// The root's CRL (2026-01-01, next 2030-01-01) revoking `psb_revoked`.
    pub fn crl(&self) -> Vec<u8> {
        let alg = seq(&[&oid(OID_SM2_SM3)]);
        let revoked = seq(&[&seq(&[&int(REVOKED_SERIAL), &utctime(at(2026))])]);
        let tbs = seq(&[
            &int(1),
            &alg,
            &self.root_name,
            &utctime(at(2026)),
            &utctime(at(2030)),
            &revoked,
        ]);
        let signature = sign(&self.root.key, &tbs, false);
        seq(&[&tbs, &alg, &bits(&signature)])
    }

    /// An SES V4 seal `es_id` named `seal_name` for `user`, made by the maker.
    pub fn seal(&self, es_id: &str, seal_name: &str, user: &Identity) -> Vec<u8> {
        let header = seq(&[&tlv(0x16, b"ES"), &int(4), &tlv(0x16, b"sealcheck-test")]);
        let property = seq(&[
            &int(1),
            &utf8(seal_name),
            &int(1),
            &seq(&[&octets(&user.cert)]),
            &gentime(at(2021)),
            &gentime(at(2021)),
            &gentime(at(2031)),
        ]);
        let picture = seq(&[
            &tlv(0x16, b"PNG"),
            &octets(b"\x89PNG\r\n\x1a\ntest seal picture"),
            &int(40),
            &int(40),
        ]);
        let seal_info = seq(&[&header, &tlv(0x16, es_id.as_bytes()), &property, &picture]);
        let value = sign(&self.maker.key, &seal_info, false);
        seq(&[
            &seal_info,
            &octets(&self.maker.cert),
            &oid(OID_SM2_SM3),
            &bits(&value),
        ])
    }
}

/// The metadata of a test licence, as (label, value) in writing order.
#[derive(Debug, Clone)]
pub struct Metadata(pub Vec<(String, String)>);

impl Metadata {
    /// A resident ID card licence of `holder_id` issued by the bureau `issuer_uscc`.
    pub fn id_card(
        holder: &str,
        holder_id: &str,
        issuer: &str,
        issuer_uscc: &str,
        serial: &str,
    ) -> Self {
        let type_code = format!("{MINISTRY_USCC}001");
        Metadata(vec![
            ("证照名称".into(), "居民身份证".into()),
            ("证照类型代码".into(), type_code.clone()),
            ("证照编号".into(), holder_id.into()),
            (
                "证照标识".into(),
                identifier(&type_code, issuer_uscc, serial),
            ),
            ("持证主体".into(), holder.into()),
            ("持证主体代码".into(), holder_id.into()),
            ("持证主体代码类型".into(), "公民身份号码".into()),
            ("颁证单位".into(), issuer.into()),
            ("颁证单位代码".into(), issuer_uscc.into()),
            ("颁证日期".into(), "2025-03-01".into()),
            ("有效期起始日期".into(), "2025-03-01".into()),
            ("有效期截止日期".into(), "2035-03-01".into()),
        ])
    }

    pub fn set(mut self, label: &str, value: &str) -> Self {
        match self.0.iter_mut().find(|(l, _)| l == label) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.0.push((label.to_string(), value.to_string())),
        }
        self
    }

    pub fn get(&self, label: &str) -> &str {
        self.0
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
            .unwrap()
    }
}

/// An e-licence identifier with the right check character.
pub fn identifier(type_code: &str, issuer: &str, serial: &str) -> String {
    let data = format!("{type_code}{issuer}{serial}001");
    let check = elicense::check_character(&data).unwrap();
    format!(
        "{}{type_code}.{issuer}.{serial}.001.{check}",
        elicense::ROOT
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ofd_xml(meta: &Metadata) -> Vec<u8> {
    let custom: String = meta
        .0
        .iter()
        .map(|(l, v)| {
            format!(
                r#"<ofd:CustomData Name="{}">{}</ofd:CustomData>"#,
                xml_escape(l),
                xml_escape(v)
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>license-test</ofd:DocID><ofd:Title>电子证照</ofd:Title><ofd:CustomDatas>{custom}</ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#
    )
    .into_bytes()
}

/// How to make an OFD licence.
pub struct OfdLicense<'a> {
    pub meta: Metadata,
    pub seal: Vec<u8>,
    pub signer: &'a Identity,
    /// Leave OFD.xml (where the metadata is) out of the seal's References.
    pub leave_ofd_xml_unprotected: bool,
    /// After sealing, rewrite OFD.xml with this metadata.
    pub rewrite_after_sealing: Option<Metadata>,
}

/// An OFD e-licence: metadata in OFD.xml `CustomDatas`, one page, one SES V4 seal.
pub fn ofd_license(spec: &OfdLicense<'_>) -> Vec<u8> {
    use base64::Engine as _;
    let page = format!(
        r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="10 10 100 10"><ofd:TextCode X="0" Y="8">{} {} {}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#,
        xml_escape(spec.meta.get("证照名称")),
        xml_escape(spec.meta.get("持证主体")),
        xml_escape(spec.meta.get("证照标识")),
    );
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("OFD.xml".into(), ofd_xml(&spec.meta)),
        (
            "Doc_0/Document.xml".into(),
            br#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#.to_vec(),
        ),
        ("Doc_0/Pages/Page_0/Content.xml".into(), page.into_bytes()),
    ];
    let dir = "Doc_0/Signs/Sign_0";
    files.push((
        "Doc_0/Signs/Signatures.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="/{dir}/Signature.xml"/></ofd:Signatures>"#).into_bytes(),
    ));
    files.push((format!("{dir}/Seal.esl"), spec.seal.clone()));
    let engine = base64::engine::general_purpose::STANDARD;
    let refs: String = files
        .iter()
        .filter(|(p, _)| !(spec.leave_ofd_xml_unprotected && p == "OFD.xml"))
        .map(|(p, b)| {
            format!(
                r#"<ofd:Reference FileRef="/{p}"><ofd:CheckValue>{}</ofd:CheckValue></ofd:Reference>"#,
                engine.encode(DigestKind::Sm3.digest(&[b]))
            )
        })
        .collect();
    let signature_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo><ofd:Provider ProviderName="sealcheck-test" Company="test" Version="1"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>20260301200000</ofd:SignatureDateTime><ofd:References CheckMethod="1.2.156.10197.1.401">{refs}</ofd:References><ofd:StampAnnot ID="9" PageRef="1" Boundary="50 50 40 40"/><ofd:Seal><ofd:BaseLoc>/{dir}/Seal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo><ofd:SignedValue>/{dir}/SignedValue.dat</ofd:SignedValue></ofd:Signature>"#
    )
    .into_bytes();
    let value = build_signature(&SignSpec {
        version: 4,
        seal: &spec.seal,
        signer: spec.signer,
        time: signing_time(),
        data_hash: DigestKind::Sm3.digest(&[&signature_xml]),
        property_info: &format!("/{dir}/Signature.xml"),
        raw: false,
    });
    files.push((format!("{dir}/Signature.xml"), signature_xml));
    files.push((format!("{dir}/SignedValue.dat"), value));
    if let Some(meta) = &spec.rewrite_after_sealing {
        if let Some(entry) = files.iter_mut().find(|(p, _)| p == "OFD.xml") {
            entry.1 = ofd_xml(meta);
        }
    }
    zip(&files)
}

fn signing_time() -> OffsetDateTime {
    time::macros::datetime!(2026-03-01 12:00 UTC)
}

/// Who signs a PDF licence.
pub enum PdfKey<'a> {
    Rsa { cert: &'a [u8], pkcs1: &'a [u8] },
    Sm2(&'a Identity, u8),
}

fn pdf_text_string(s: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in s.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

fn info_dict(meta: &Metadata) -> String {
    let mut d = String::from("<< /Producer (sealcheck test issuing authority)");
    for (label, value) in &meta.0 {
        let field = crate::license::document::Field::from_name(label).unwrap();
        d.push_str(&format!(" /{} {}", field.pdf_key(), pdf_text_string(value)));
    }
    d.push_str(" >>");
    d
}

/// A one-page PDF licence: metadata in the document information dictionary, one approval
/// signature (adbe.pkcs7.detached) over the whole file.
pub fn pdf_license(meta: &Metadata, signer: &PdfKey<'_>, chain: &[&[u8]]) -> Vec<u8> {
    const CONTENTS_BYTES: usize = 5000;
    let text = "BT /F1 10 Tf 20 150 Td (Electronic licence - test issuing authority) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R /Annots [4 0 R] >>".to_string(),
        "<< /FT /Sig /T (Signature1) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>".to_string(),
        format!(
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /M (D:20260301120000Z) /ByteRange [0 0000000000 0000000000 0000000000] /Contents <{}> >>",
            "0".repeat(CONTENTS_BYTES * 2)
        ),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len() + 1),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        info_dict(meta),
    ];
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 8 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    let find = |needle: &[u8]| out.windows(needle.len()).position(|w| w == needle).unwrap();
    let contents_start = find(b"/Contents <") + "/Contents ".len();
    let contents_end = contents_start + CONTENTS_BYTES * 2 + 2;
    let range_at = find(b"/ByteRange [0 ") + "/ByteRange [0 ".len();
    let range = format!(
        "{:010} {:010} {:010}",
        contents_start,
        contents_end,
        out.len() - contents_end
    );
    out[range_at..range_at + range.len()].copy_from_slice(range.as_bytes());
    let mut signed = out[..contents_start].to_vec();
    signed.extend_from_slice(&out[contents_end..]);
    let spec = match signer {
        PdfKey::Rsa { cert, pkcs1 } => SignerSpec::standard(cert.to_vec(), pkcs1.to_vec(), &signed),
        PdfKey::Sm2(identity, seed) => {
            let mut scalar = [*seed; 32];
            scalar[0] = 0x01;
            SignerSpec::sm2(
                identity.cert.clone(),
                scalar.to_vec(),
                &signed,
                "1.2.840.113549.1.7.1",
            )
        }
    };
    let cert: &[u8] = match signer {
        PdfKey::Rsa { cert, .. } => cert,
        PdfKey::Sm2(identity, _) => &identity.cert,
    };
    let mut certs = vec![cert];
    certs.extend_from_slice(chain);
    let cms = cms_builder::build(&[spec], &certs, &[]);
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    assert!(hex.len() <= CONTENTS_BYTES * 2, "CMS too large");
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    out
}

/// Appends an incremental update that replaces the information dictionary.
pub fn pdf_update_info(pdf: &[u8], meta: &Metadata) -> Vec<u8> {
    let text = String::from_utf8_lossy(pdf);
    let prev = text
        .rfind("startxref\n")
        .map(|i| text[i + 10..].lines().next().unwrap().trim().to_string())
        .unwrap();
    let mut out = pdf.to_vec();
    let offset = out.len();
    out.extend_from_slice(format!("9 0 obj\n{}\nendobj\n", info_dict(meta)).as_bytes());
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n9 1\n{offset:010} 00000 n \ntrailer\n<< /Size 10 /Root 1 0 R /Info 9 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

fn pem(der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// The licence cases, by file name (relative to testdata/license/).
pub fn cases(a: &Authority) -> Vec<(String, Vec<u8>)> {
    let psb_seal = a.seal(PSB_SEAL_ID, "测试市公安局电子证照专用章", &a.psb);
    let genuine = Metadata::id_card(
        "张三",
        HOLDER_ID,
        "测试市公安局",
        PSB_USCC,
        "20250301000001",
    );
    let ofd = |meta: Metadata, seal: &Vec<u8>, signer: &Identity| {
        ofd_license(&OfdLicense {
            meta,
            seal: seal.clone(),
            signer,
            leave_ofd_xml_unprotected: false,
            rewrite_after_sealing: None,
        })
    };
    let mut out = Vec::new();
    out.push((
        "genuine.ofd".to_string(),
        ofd(genuine.clone(), &psb_seal, &a.psb),
    ));
    out.push((
        "expired.ofd".into(),
        ofd(
            genuine
                .clone()
                .set("有效期起始日期", "2015-03-01")
                .set("颁证日期", "2015-03-01")
                .set("有效期截止日期", "2025-03-01"),
            &psb_seal,
            &a.psb,
        ),
    ));
    out.push((
        "other-holder.ofd".into(),
        ofd(
            Metadata::id_card("李四", OTHER_ID, "测试市公安局", PSB_USCC, "20250301000002"),
            &psb_seal,
            &a.psb,
        ),
    ));
    let good_id = genuine.get("证照标识").to_string();
    let last = good_id.chars().last().unwrap();
    let wrong = if last == '0' { '1' } else { '0' };
    let wrong_id = format!("{}{wrong}", &good_id[..good_id.len() - 1]);
    out.push((
        "wrong-check-character.ofd".into(),
        ofd(
            genuine.clone().set("证照标识", &wrong_id),
            &psb_seal,
            &a.psb,
        ),
    ));
    out.push((
        "identifier-issuer-mismatch.ofd".into(),
        ofd(
            genuine.clone().set(
                "证照标识",
                &identifier(&format!("{MINISTRY_USCC}001"), CIVIL_USCC, "20250301000001"),
            ),
            &psb_seal,
            &a.psb,
        ),
    ));
    let county_seal = a.seal(
        COUNTY_SEAL_ID,
        "测试市某某县公安局电子证照专用章",
        &a.county_psb,
    );
    out.push((
        "issuer-not-registered.ofd".into(),
        ofd(
            Metadata::id_card(
                "张三",
                HOLDER_ID,
                "测试市某某县公安局",
                COUNTY_PSB_USCC,
                "20250301000003",
            ),
            &county_seal,
            &a.county_psb,
        ),
    ));
    out.push((
        "unprotected-metadata.ofd".into(),
        ofd_license(&OfdLicense {
            meta: genuine.clone(),
            seal: psb_seal.clone(),
            signer: &a.psb,
            leave_ofd_xml_unprotected: true,
            rewrite_after_sealing: Some(
                genuine
                    .clone()
                    .set("持证主体", "王五")
                    .set("持证主体代码", "440304199201017891"),
            ),
        }),
    ));
    out.push((
        "wrong-type.ofd".into(),
        ofd(
            genuine
                .clone()
                .set("证照名称", "居民户口簿")
                .set("证照类型代码", &format!("{MINISTRY_USCC}002"))
                .set(
                    "证照标识",
                    &identifier(&format!("{MINISTRY_USCC}002"), PSB_USCC, "20250301000004"),
                ),
            &psb_seal,
            &a.psb,
        ),
    ));
    let revoked_seal = a.seal(
        "44030000000009",
        "测试市公安局电子证照专用章（旧）",
        &a.psb_revoked,
    );
    out.push((
        "revoked-signer.ofd".into(),
        ofd(genuine.clone(), &revoked_seal, &a.psb_revoked),
    ));
    // The same licence as PDF, signed with RSA and with SM2.
    let root: &[u8] = &a.root.cert;
    let rsa = PdfKey::Rsa {
        cert: &a.psb_rsa_cert,
        pkcs1: &a.psb_rsa_key,
    };
    let genuine_pdf = pdf_license(&genuine, &rsa, &[root]);
    out.push(("genuine-rsa.pdf".into(), genuine_pdf.clone()));
    out.push((
        "genuine-sm2.pdf".into(),
        pdf_license(&genuine, &PdfKey::Sm2(&a.psb, 0x64), &[root]),
    ));
    out.push((
        "info-changed-after-signing.pdf".into(),
        pdf_update_info(
            &genuine_pdf,
            &genuine
                .clone()
                .set("持证主体", "王五")
                .set("持证主体代码", "440304199201017891"),
        ),
    ));
    // Attacks on who issued it: trusted certificates that are not the bureau.
    out.push((
        "police-tech-company.pdf".into(),
        pdf_license(&genuine, &PdfKey::Sm2(&a.police_tech, 0x69), &[root]),
    ));
    out.push((
        "mallory-right-o.pdf".into(),
        pdf_license(&genuine, &PdfKey::Sm2(&a.mallory, 0x6A), &[root]),
    ));
    // Not licences: signed receipts without licence metadata.
    let receipt = Metadata(Vec::new());
    out.push((
        "contribution-proof-agency.pdf".into(),
        pdf_license(&receipt, &PdfKey::Sm2(&a.agency, 0x6B), &[root]),
    ));
    out.push((
        "contribution-proof-agency-office.pdf".into(),
        pdf_license(&receipt, &PdfKey::Sm2(&a.social_insurance, 0x6C), &[root]),
    ));
    out.push(("pki/root.pem".into(), pem(&a.root.cert).into_bytes()));
    out.push(("pki/root.crl".into(), a.crl()));
    for (file, cert) in [
        ("pki/psb-sm2.pem", &a.psb.cert),
        ("pki/psb-rsa2048.pem", &a.psb_rsa_cert),
        ("pki/psb-revoked.pem", &a.psb_revoked.cert),
        ("pki/seal-maker.pem", &a.maker.cert),
        ("pki/civil-affairs.pem", &a.civil.cert),
        ("pki/social-insurance.pem", &a.social_insurance.cert),
        ("pki/county-psb.pem", &a.county_psb.cert),
    ] {
        out.push((file.into(), pem(cert).into_bytes()));
    }
    out
}

/// The `[[issuers]]` entries of `data/issuers.example.toml` for this authority.
pub fn registry_toml(a: &Authority) -> String {
    let key = |cert: &[u8]| {
        crate::issuers::identity::of_certificate(cert)
            .unwrap()
            .spki_sha256
    };
    format!(
        r#"# seal_makers = ["{maker}"]   # 测试电子印章制作系统 (goes before the first [[issuers]])

# Test issuing authority (testdata/license/, made by src/issuers/testkit.rs).
[[issuers]]
name = "测试市公安局"
uscc = "{PSB_USCC}"
category = "public_security"
spki_sha256 = [
  "{psb}",   # pki/psb-sm2.pem
  "{psb_rsa}",   # pki/psb-rsa2048.pem
  "{psb_revoked}",   # pki/psb-revoked.pem (revoked by pki/root.crl)
]
seal_ids = ["{PSB_SEAL_ID}", "44030000000009"]

[[issuers]]
name = "测试市民政局"
uscc = "{CIVIL_USCC}"
category = "civil_affairs"
spki_sha256 = ["{civil}"]   # pki/civil-affairs.pem

[[issuers]]
name = "测试市社会保险事业管理中心"
uscc = "{SOCIAL_INSURANCE_USCC}"
category = "social_insurance"
spki_sha256 = ["{si}"]   # pki/social-insurance.pem
"#,
        maker = key(&a.maker.cert),
        psb = key(&a.psb.cert),
        psb_rsa = key(&a.psb_rsa_cert),
        psb_revoked = key(&a.psb_revoked.cert),
        civil = key(&a.civil.cert),
        si = key(&a.social_insurance.cert),
    )
}

#[test]
#[ignore = "regenerates testdata/license; run with --ignored"]
fn generate_license_fixtures() {
    let a = authority();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/license");
    for (file, bytes) in cases(&a) {
        std::fs::write(format!("{dir}/{file}"), bytes).unwrap();
    }
    // The registry entries, to paste into data/issuers.example.toml when keys change.
    println!("{}", registry_toml(&a));
}
