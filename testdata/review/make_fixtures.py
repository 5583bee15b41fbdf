#!/usr/bin/env python3
"""Writes the small unsigned PDFs used by the review tests.

Text is set in the predefined Adobe-GB1 font STSong-Light with the UniGB-UCS2-H CMap, the way
many Chinese form generators do it (no embedded font, no ToUnicode map). Run from this directory.
"""

def pdf(lines):
    objs = []
    content = "BT /F1 14 Tf 50 780 Td 18 TL\n"
    for line in lines:
        content += "<%s> Tj T*\n" % line.encode("utf-16-be").hex().upper()
    content += "ET\n"
    objs.append("<< /Type /Catalog /Pages 2 0 R >>")
    objs.append("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                "/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>")
    objs.append("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
                "/Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>")
    objs.append("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                "/FontDescriptor 7 0 R >>")
    body = content.encode("ascii")
    objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream")
    objs.append("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                "/CapHeight 880 /StemV 93 >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        data = o if isinstance(o, bytes) else o.encode("ascii")
        out += b"%d 0 obj\n" % i + data + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)

FIXTURES = {
    "unit_registration_form.pdf": [
        "社会保险参保登记表（单位）",
        "单位名称：上海示例科技有限公司",
        "统一社会信用代码：91310110666007217T",
        "法定代表人：张三",
    ],
    "termination_bad_id.pdf": [
        "解除劳动合同证明",
        "兹证明李四（公民身份号码：321083197812162118）",
        "与本单位的劳动合同于2026年10月31日解除。",
    ],
    "unemployment_termination.pdf": [
        "终止劳动合同证明书",
        "兹证明李四（公民身份号码：321083197812162119）",
        "与本单位的劳动合同于2026年10月31日期满终止。",
    ],
}

for name, lines in FIXTURES.items():
    with open(name, "wb") as f:
        f.write(pdf(lines))
