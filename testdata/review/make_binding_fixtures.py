#!/usr/bin/env python3
"""Writes the fixtures of tests/review_e2e.rs's binding scenarios (run from this directory).

- `bind-root.pem`, `bind-root.crl`: a small test PKI for the review: a root, signers for two employers, a hospital and a
  human-resources bureau (each certificate carries its unified social credit code in
  serialNumber, as Chinese CAs write it), and the root's CRL. Keys are not kept.
- `issuers.toml`: the issuer registry of the scenarios (these signers by key, plus the test
  public security bureau of ../license, whose e-licence ID cards the scenarios use).
- `bind-*.pdf`: one-page PDFs with Chinese text (STSong-Light / UniGB-UCS2-H, like
  make_fixtures.py), signed (adbe.pkcs7.detached, ECDSA P-256) by one of the signers, naming the
  applicant or someone else; `bind-form-*.pdf` are unsigned filled forms.
- `bind-scan-*.png`: scans with rendered text (Noto Sans CJK), for the OCR scenarios.

Dev tool only (Python `cryptography`, Pillow); the output is committed so tests need nothing.
Signing times are the time of generation; the tests review at 2026-12-10.
"""
import datetime
import hashlib
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

here = pathlib.Path(__file__).resolve().parent

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code(body8):
    s = sum(ORG_ALPHABET.index(c) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - s % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def uscc(prefix8, org_body8):
    first17 = prefix8 + org_code(org_body8)
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - s % 31) % 31]


def resident_id(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w for c, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


EMPLOYER_A = uscc("91440300", "MA5F0001")
EMPLOYER_B = uscc("91440300", "MA5F0002")
HOSPITAL = uscc("12440300", "45560001")
HR_BUREAU = uscc("11440300", "MB000091")
# The applicant 张三 holds the test e-licence ID card of ../license (genuine-rsa.pdf).
APPLICANT_ID = "44030419900307123X"
APPLICANT_ID_15 = "440304900307123"
OTHER_ID = "440304198506124562"  # 李四
DECEASED_ID = resident_id("44030419480509203")  # 王五
CHILD_ID = resident_id("44030420261008004")  # 张小宝
WORKER_ID = resident_id("44030419880214301")  # 赵六


def name(o, serial, cn):
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, o)]
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = datetime.datetime(2035, 1, 1, tzinfo=datetime.timezone.utc)


def certificate(subject, key, issuer_name, issuer_key, serial, ca):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(serial)
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
    b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def spki_sha256(cert):
    der = cert.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def make_pki():
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = name("Sealcheck Review Test", None, "Sealcheck Review Test Root")
    root = certificate(root_name, root_key, root_name, root_key, 0x500, True)
    signers = {}
    for serial, (code, o, uscc_code) in enumerate([
        ("employer_a", "测试市甲科技有限公司", EMPLOYER_A),
        ("employer_b", "测试市乙贸易有限公司", EMPLOYER_B),
        ("hospital", "测试市第一人民医院", HOSPITAL),
        ("hr_bureau", "测试市人力资源和社会保障局", HR_BUREAU),
    ], start=0x501):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = certificate(name(o, uscc_code, o), key, root_name, root_key, serial, False)
        signers[code] = (key, cert, o, uscc_code)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(root_name)
           .last_update(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
           .next_update(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc))
           .sign(root_key, hashes.SHA256()))
    (here / "bind-root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (here / "bind-root.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return signers


def registry(signers):
    categories = {"employer_a": "employer_any", "employer_b": "employer_any",
                  "hospital": "hospital", "hr_bureau": "human_resources"}
    out = ['# Issuer registry of the binding scenarios (made by make_binding_fixtures.py).',
           'schema = "sealcheck-issuers/1"', 'version = "review-test.1"',
           'seal_makers = ["061a78a15dc43556f8d61b38758e8cd94563f777e271b6b7f5954ee758bc8f48"]', '']
    for code, (key, cert, o, uscc_code) in signers.items():
        out += ["[[issuers]]", f'name = "{o}"', f'uscc = "{uscc_code}"',
                f'category = "{categories[code]}"', f'spki_sha256 = ["{spki_sha256(cert)}"]', ""]
    # The test public security bureau of ../license (its e-licence ID cards).
    out += ["[[issuers]]", 'name = "测试市公安局"', 'uscc = "11440300MB0000027K"',
            'category = "public_security"', "spki_sha256 = [",
            '  "e9c05b70ab2e9f9e6e5f0eed6921e34d0a36f4852378cabb1d4defa283dc36ab",',
            '  "e2125ea3a9025010be4b8c2cfd8a3544060a1ed4c0950e558597792e53b42a3f",',
            '  "e38585f0b842acce548ba5f36cbe623a3a6b0f64a37f4a1ec9e176c29e8fc91c",', "]",
            'seal_ids = ["44030000000001", "44030000000009"]', ""]
    (here / "issuers.toml").write_text("\n".join(out), encoding="utf-8")


FONT_OBJECTS = [
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    "/DescendantFonts [%d 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
    "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
]
CONTENTS_HEX = 6000


def content_stream(lines):
    s = "BT /F1 14 Tf 50 780 Td 20 TL\n"
    for line in lines:
        s += "<%s> Tj T*\n" % line.encode("utf-16-be").hex().upper()
    return (s + "ET\n").encode("ascii")


def write_pdf(objects, root_extra=b""):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def stream(data):
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def unsigned_pdf(lines):
    body = content_stream(lines)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(body),
            (FONT_OBJECTS[0] % 6).encode(), (FONT_OBJECTS[1] % 7).encode(), FONT_OBJECTS[2].encode()]
    return bytes(write_pdf(objs))


def signed_pdf(lines, signer):
    key, cert, _, _ = signer
    body = content_stream(lines)
    objs = [b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R /Annots [4 0 R] >>",
            b"<< /FT /Sig /T (Signature1) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>",
            b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
            b"/ByteRange [0 0000000000 0000000000 0000000000] /Contents <" + b"0" * CONTENTS_HEX + b"> >>",
            stream(body),
            (FONT_OBJECTS[0] % 8).encode(), (FONT_OBJECTS[1] % 9).encode(), FONT_OBJECTS[2].encode()]
    out = write_pdf(objs)
    start = out.index(b"/Contents <") + len(b"/Contents ")
    end = start + CONTENTS_HEX + 2
    at = out.index(b"/ByteRange [0 ") + len(b"/ByteRange [0 ")
    rng = b"%010d %010d %010d" % (start, end, len(out) - end)
    out[at:at + len(rng)] = rng
    signed = bytes(out[:start] + out[end:])
    cms = (pkcs7.PKCS7SignatureBuilder().set_data(signed)
           .add_signer(cert, key, hashes.SHA256())
           .sign(serialization.Encoding.DER,
                 [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary,
                  pkcs7.PKCS7Options.NoCapabilities]))
    hexed = cms.hex().upper().encode()
    assert len(hexed) <= CONTENTS_HEX, len(hexed)
    out[start + 1:start + 1 + len(hexed)] = hexed
    return bytes(out)


def termination(person, pid, date_zh):
    return ["解除劳动合同证明",
            f"兹证明{person}（公民身份号码：{pid}）",
            f"与本单位的劳动合同于{date_zh}解除。",
            "特此证明。"]


def scan_png(path, lines):
    from PIL import Image, ImageDraw, ImageFont
    font_path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    font = ImageFont.truetype(font_path, 34)
    img = Image.new("L", (1100, 80 + 60 * len(lines)), 255)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((40, 40 + 60 * i), line, font=font, fill=0)
    img.save(path, dpi=(300, 300), optimize=True)


def main():
    signers = make_pki()
    registry(signers)
    a, b, h, hr = (signers[k] for k in ("employer_a", "employer_b", "hospital", "hr_bureau"))
    pdfs = {
        # Unemployment: the termination certificate of the former employer (A).
        "bind-termination-applicant.pdf": signed_pdf(termination("张三", APPLICANT_ID, "2026年11月20日"), a),
        "bind-termination-other.pdf": signed_pdf(termination("李四", OTHER_ID, "2026年11月20日"), a),
        "bind-termination-id15.pdf": signed_pdf(termination("张三", APPLICANT_ID_15, "2026年11月20日"), a),
        "bind-termination-name-only.pdf": signed_pdf(
            ["解除劳动合同证明", "兹证明张三同志与本单位的劳动合同于2026年11月20日解除。", "特此证明。"], a),
        "bind-termination-other-name.pdf": signed_pdf(
            ["解除劳动合同证明", "兹证明李四同志与本单位的劳动合同于2026年11月20日解除。", "特此证明。"], a),
        "bind-termination-employer-b.pdf": signed_pdf(termination("张三", APPLICANT_ID, "2026年11月20日"), b),
        # Funeral claim: the deceased's death certificate from the hospital.
        "bind-death-deceased.pdf": signed_pdf(
            ["居民死亡医学证明书", "姓名：王五", f"公民身份号码：{DECEASED_ID}", "死亡日期：2026年11月15日"], h),
        "bind-death-other.pdf": signed_pdf(
            ["居民死亡医学证明书", "姓名：李四", f"公民身份号码：{OTHER_ID}", "死亡日期：2026年11月15日"], h),
        # Maternity: the child's birth certificate and the delivery record.
        "bind-birth-child.pdf": signed_pdf(
            ["出生医学证明", "新生儿姓名：张小宝", "出生日期：2026年10月08日", "母亲姓名：张三",
             f"母亲公民身份号码：{APPLICANT_ID}"], h),
        "bind-delivery-applicant.pdf": signed_pdf(
            ["分娩记录", "姓名：张三", f"公民身份号码：{APPLICANT_ID}", "分娩日期：2026年10月08日"], h),
        # Work injury: the injured worker's diagnosis (hospital) and the determination.
        "bind-diagnosis-worker.pdf": signed_pdf(
            ["诊断证明书", "姓名：赵六", f"公民身份号码：{WORKER_ID}", "诊断：右手桡骨骨折"], h),
        "bind-diagnosis-other.pdf": signed_pdf(
            ["诊断证明书", "姓名：李四", f"公民身份号码：{OTHER_ID}", "诊断：右手桡骨骨折"], h),
        # Contribution proof (revocation optional) by employer A.
        "bind-contribution-applicant.pdf": signed_pdf(
            ["参保缴费证明", "姓名：张三", f"公民身份号码：{APPLICANT_ID}", "缴费月数：36"], a),
    }
    forms = {
        "bind-form-applicant.pdf": unsigned_pdf(
            ["社会保险登记表（个人）", "姓名：张三", f"公民身份号码：{APPLICANT_ID}"]),
        "bind-form-name-only.pdf": unsigned_pdf(["社会保险登记表（个人）", "姓名：张三"]),
        "bind-form-other-name.pdf": unsigned_pdf(["社会保险登记表（个人）", "姓名：李四"]),
        "bind-form-fullwidth-name.pdf": unsigned_pdf(["社会保险登记表（个人）", "姓名：张　三"]),
    }
    for n, data in {**pdfs, **forms}.items():
        (here / n).write_bytes(data)
    scan_png(here / "bind-scan-termination-applicant.png",
             termination("张三", APPLICANT_ID, "2026年11月20日"))
    scan_png(here / "bind-scan-termination-other.png",
             termination("李四", OTHER_ID, "2026年11月20日"))
    print("employer A", EMPLOYER_A, "employer B", EMPLOYER_B, "hospital", HOSPITAL, "hr", HR_BUREAU)
    print("deceased", DECEASED_ID, "child", CHILD_ID, "worker", WORKER_ID)


main()
