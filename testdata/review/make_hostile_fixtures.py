#!/usr/bin/env python3
"""Writes the PDFs of the text-layer robustness tests (run in this folder; needs only Python,
and pyHanko for the signed one: `pip install pyhanko`).

- xobject_self_drawing.pdf: a page draws Form XObject /X1, whose content draws /X1 again (and
  shows a word). pdf-extract recurses until its stack overflows, which aborts the process.
- xobject_bomb.pdf: /X6 draws /X5 sixteen times, /X5 draws /X4 sixteen times ... down to /X0,
  a Flate stream of 32 KiB of text operators (compressed to a few hundred bytes): 16^6 draws,
  about 500 GB of content to an extractor that reads a form every time it is drawn.
- fallback_self_drawing.pdf: the same self-drawing form, drawn from a page content stream that
  declares a filter lopdf does not decode (/JBIG2Decode) over plain bytes. sealcheck's reader
  finds no text and records why, so the file goes to the fallback extractor; pdf-extract (on an
  older lopdf) reads the raw bytes, draws the form, and overflows its stack.
- signed_credit_code_then_date.pdf: a statement whose credit code line is followed by a date
  line (positioned with Td), signed by the test corpus's RSA signer (keys are read from the
  corpus, PKI directory as the first argument; default ../../../shared/corpus/generated/pki),
  signing time pinned to 2026-03-01T12:00:00Z.
- signed_hostile_names.pdf: signed by a self-signed certificate made here whose common name
  holds ESC, BEL and CR (a terminal escape that retitles the window and clears the screen),
  in a signature field whose name does the same. Text output must show them escaped.
"""
import sys
import zlib
from pathlib import Path

HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(objs):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        data = o if isinstance(o, bytes) else o.encode("latin-1")
        out += b"%d 0 obj\n" % i + data + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def stream(extra, data):
    return b"<< %s /Length %d >>\nstream\n" % (extra.encode(), len(data)) + data + b"\nendstream"


def self_drawing():
    return write_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        "/Resources << /Font << /F1 4 0 R >> /XObject << /X1 5 0 R >> >> /Contents 6 0 R >>",
        HELVETICA,
        stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200] "
               "/Resources << /Font << /F1 4 0 R >> /XObject << /X1 5 0 R >> >>",
               b"BT /F1 12 Tf 10 10 Td (loop) Tj ET /X1 Do"),
        stream("", b"BT /F1 12 Tf 10 100 Td (page) Tj ET /X1 Do"),
    ])


def fallback_self_drawing():
    return write_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        "/Resources << /Font << /F1 4 0 R >> /XObject << /X1 5 0 R >> >> /Contents 6 0 R >>",
        HELVETICA,
        stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200] "
               "/Resources << /Font << /F1 4 0 R >> /XObject << /X1 5 0 R >> >>",
               b"BT /F1 12 Tf 10 10 Td (loop) Tj ET /X1 Do"),
        stream("/Filter /JBIG2Decode", b"/X1 Do"),
    ])


def bomb(levels=6, fanout=16, leaf_bytes=32 * 1024):
    leaf = b"BT /F1 12 Tf 10 10 Td (AAAAAAAA) Tj ET\n"
    leaf = leaf * (leaf_bytes // len(leaf))
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        None,  # page, below
        HELVETICA,
    ]
    # Object 5 is X0 (the leaf), 6 is X1, ... 5+levels is X<levels>.
    objs.append(stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200] "
                       "/Resources << /Font << /F1 4 0 R >> >> /Filter /FlateDecode",
                       zlib.compress(leaf, 9)))
    for level in range(1, levels + 1):
        below = 5 + level - 1
        objs.append(stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200] "
                           "/Resources << /XObject << /X %d 0 R >> >>" % below,
                           b"/X Do " * fanout))
    top = 5 + levels
    objs[2] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
               "/Resources << /XObject << /Top %d 0 R >> >> /Contents %d 0 R >>" % (top, top + 1))
    objs.append(stream("", b"/Top Do"))
    return write_pdf(objs)


def self_drawing_free_page():
    """A plain one-page PDF with one word."""
    return write_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        HELVETICA,
        stream("", b"BT /F1 12 Tf 10 100 Td (hello) Tj ET"),
    ])


def utf16(text):
    return "<%s>" % text.encode("utf-16-be").hex().upper()


def statement_unsigned():
    content = "BT /F1 14 Tf 50 780 Td\n"
    content += utf16("声明书") + " Tj\n"
    content += "0 -24 Td " + utf16("统一社会信用代码：91510304MA62X5W154") + " Tj\n"
    content += "0 -24 Td " + utf16("2026年2月28日") + " Tj\nET\n"
    body = content.encode("ascii")
    return write_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
        "/Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>",
        stream("", body),
    ])


HOSTILE_CN = "Evil\x1b]0;owned\x07\r\x1b[2J CA"
HOSTILE_FIELD = "Sig\x1b[31m\rTOTAL_PASSED"


def hostile_signer():
    """A throw-away self-signed RSA key and certificate (PEM files in a temporary folder)."""
    import tempfile
    from datetime import datetime, timezone
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOSTILE_CN)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(0x5EA1)
            .not_valid_before(datetime(2025, 1, 1, tzinfo=timezone.utc))
            .not_valid_after(datetime(2035, 1, 1, tzinfo=timezone.utc))
            .sign(key, hashes.SHA256()))
    folder = Path(tempfile.mkdtemp())
    (folder / "k.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (folder / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "k.pem", folder / "c.pem"


def sign(unsigned, out, pki, key=None, cert=None, field="Signature1"):
    import asyncio
    import io
    import itertools
    import hashlib
    import types
    from datetime import datetime, timezone
    from pyhanko.pdf_utils import incremental_writer
    from pyhanko.pdf_utils.metadata import info as pdf_info
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import pdf_cms, pdf_signer

    when = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):
            return when if tz is None else when.astimezone(tz)

    pdf_signer.datetime = Fixed
    pdf_cms.datetime = Fixed
    pdf_info.datetime = Fixed
    counter = itertools.count()
    incremental_writer.os = types.SimpleNamespace(
        urandom=lambda n: hashlib.shake_256(b"review-%d" % next(counter)).digest(n))
    if key is None:
        signer = signers.SimpleSigner.load(
            str(pki / "signer-rsa2048.key"), str(pki / "signer-rsa2048.pem"),
            ca_chain_files=[str(pki / "intermediate.pem")])
    else:
        signer = signers.SimpleSigner.load(str(key), str(cert))
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    w = IncrementalPdfFileWriter(io.BytesIO(unsigned))
    with open(out, "wb") as f:
        signers.PdfSigner(meta, signer=signer).sign_pdf(w, output=f)


if __name__ == "__main__":
    Path("xobject_self_drawing.pdf").write_bytes(self_drawing())
    Path("xobject_bomb.pdf").write_bytes(bomb())
    Path("fallback_self_drawing.pdf").write_bytes(fallback_self_drawing())
    pki = Path(sys.argv[1] if len(sys.argv) > 1 else "../../../shared/corpus/generated/pki")
    sign(statement_unsigned(), "signed_credit_code_then_date.pdf", pki)
    key, cert = hostile_signer()
    sign(self_drawing_free_page(), "signed_hostile_names.pdf", pki, key, cert, HOSTILE_FIELD)
