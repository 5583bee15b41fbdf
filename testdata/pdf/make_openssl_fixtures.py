#!/usr/bin/env python3
"""Re-signs rsa2048-pades-20k.pdf with openssl into fixtures for classes pyHanko does not make:

- `pss-saltmax-pades-20k.pdf`: RSA-PSS with the largest salt the key allows (OpenSSL's default
  for CMS: 222 bytes for RSA-2048/SHA-256); pdfsig and pyHanko verify it.
- `claimed-before-notbefore-20k.pdf`: /M changed to 2024-03-01 (the signer certificate is valid
  from 2025-01-01) and signed without signed attributes, so /M is the only claimed time.
- `sha1-pades-20k.pdf`: RSA-2048 with SHA-1 (message digest and signature): weak, but intact.
- `signingtime-before-notbefore-20k.pdf` (only when `faketime` is installed): a signingTime
  attribute of 2024-06-01, made by running openssl under faketime.

Dev tool only (needs openssl on PATH); the output is committed so tests need nothing installed.
The signer is the generated test PKI (testdata/pki/generated); the ByteRange, the gap and every
other byte of the file are kept, only the /Contents value changes.
"""
import pathlib
import shutil
import re
import subprocess
import tempfile

here = pathlib.Path(__file__).resolve().parent
pki = here.parent / "pki" / "generated"
base = (here / "rsa2048-pades-20k.pdf").read_bytes()


def resign(src, name, extra, prefix=()):
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", src)
    a, b, c, d = (int(x) for x in m.groups())
    signed = src[a : a + b] + src[c : c + d]
    with tempfile.TemporaryDirectory() as tmp:
        data = pathlib.Path(tmp) / "data"
        data.write_bytes(signed)
        cms = subprocess.run(
            [*prefix, "openssl", "cms", "-sign", "-binary", "-in", str(data),
             "-signer", str(pki / "signer-rsa2048.pem"),
             "-inkey", str(pki / "signer-rsa2048.key"),
             "-certfile", str(pki / "intermediate.pem"),
             *(["-md", "sha256"] if "-md" not in extra else []), *extra, "-outform", "DER"],
            check=True,
            capture_output=True,
        ).stdout
    hex_value = cms.hex().encode()
    room = c - b - 2  # between '<' and '>'
    assert len(hex_value) <= room, (len(hex_value), room)
    out = bytearray(src)
    out[b + 1 : b + 1 + room] = hex_value + b"0" * (room - len(hex_value))
    (here / name).write_bytes(bytes(out))


resign(base, "pss-saltmax-pades-20k.pdf",
       ["-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:max"])
resign(base, "sha1-pades-20k.pdf", ["-md", "sha1"])
early = base.replace(b"/M (D\\07220260301", b"/M (D\\07220240301")
assert early != base
resign(early, "claimed-before-notbefore-20k.pdf", ["-noattr"])
if shutil.which("faketime"):
    resign(base, "signingtime-before-notbefore-20k.pdf", [],
           prefix=("faketime", "2024-06-01 12:00:00"))
