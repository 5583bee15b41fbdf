#!/usr/bin/env python3
"""hostile-signer.pdf: a one-page PDF signed (openssl cms, self-signed RSA key) by a certificate
whose subject DN, and a signature field whose name, are HTML / script injection attempts. The
staff page must show them as text. Run in this folder; needs openssl. The key is generated
afresh and thrown away (the signature is untrusted by design: INDETERMINATE)."""
import os
import subprocess
import tempfile

FIELD = b'<script>alert\\(1\\)</script>"><img src=x onerror=alert\\(3\\)>'
SUBJECT = '/CN=<script>alert(1)<\\/script>/O="><img src=x onerror=alert(2)>/C=XX'
CONTENTS = 4096  # bytes of the signature placeholder

def obj(pdf, offsets, num, body):
    offsets.append((num, len(pdf)))
    pdf += b"%d 0 obj\n" % num + body + b"\nendobj\n"

pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
offsets = []
obj(pdf, offsets, 1, b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>")
obj(pdf, offsets, 2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
content = b"BT /F1 18 Tf 72 760 Td (Hostile names test) Tj ET"
obj(pdf, offsets, 4, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
obj(pdf, offsets, 3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Annots [5 0 R] >>")
obj(pdf, offsets, 5, b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (" + FIELD + b") /Rect [0 0 0 0] /F 132 /P 3 0 R /V 6 0 R >>")
placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
sig_at = len(pdf)
obj(pdf, offsets, 6, b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
    + placeholder + b" /Contents <" + b"0" * (CONTENTS * 2) + b"> /M (D:20260301120000Z) >>")
xref = len(pdf)
pdf += b"xref\n0 7\n0000000000 65535 f \n"
for num, off in sorted(offsets):
    pdf += b"%010d 00000 n \n" % off
pdf += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref

gap_start = pdf.index(b"/Contents <", sig_at) + 10
gap_end = gap_start + 2 + CONTENTS * 2
byte_range = b"/ByteRange [0 %010d %010d %010d]" % (gap_start, gap_end, len(pdf) - gap_end)
at = pdf.index(placeholder, sig_at)
pdf[at:at + len(byte_range)] = byte_range

with tempfile.TemporaryDirectory() as tmp:
    key, cert = os.path.join(tmp, "k.pem"), os.path.join(tmp, "c.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "3650", "-subj", SUBJECT,
                    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"],
                   check=True, capture_output=True)
    signed = os.path.join(tmp, "in.bin")
    with open(signed, "wb") as f:
        f.write(pdf[:gap_start] + pdf[gap_end:])
    der = subprocess.run(["openssl", "cms", "-sign", "-binary", "-md", "sha256", "-nosmimecap",
                          "-outform", "DER", "-in", signed, "-signer", cert, "-inkey", key],
                         check=True, capture_output=True).stdout
hexsig = der.hex().encode()
assert len(hexsig) <= CONTENTS * 2
pdf[gap_start + 1:gap_start + 1 + len(hexsig)] = hexsig
with open("hostile-signer.pdf", "wb") as f:
    f.write(pdf)
