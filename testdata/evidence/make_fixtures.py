#!/usr/bin/env python3
"""Writes the evidence fixtures (tests/evidence.rs). Run from this directory; needs only Python 3.

- termination_meta.pdf: two pages of Chinese text (Adobe-GB1 STSong-Light, UniGB-UCS2-H, no
  embedded font), an Info dictionary (UTF-16BE and PDFDocEncoding strings, a custom key) and an
  uncompressed XMP packet.
- form_template.ofd: an OFD whose labels are printed by a template and whose values are on the
  page (same baselines), an ID number drawn one character per TextCode, a second page with a
  date in Chinese numerals, and CustomDatas in OFD.xml. Unsigned.
"""
import zipfile


def utf16_hex(text):
    return "<FEFF%s>" % text.encode("utf-16-be").hex().upper()


def page_content(lines):
    content = "BT /F1 14 Tf 50 780 Td 18 TL\n"
    for line in lines:
        content += "<%s> Tj T*\n" % line.encode("utf-16-be").hex().upper()
    return (content + "ET\n").encode("ascii")


def pdf(pages, info, xmp):
    objs = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 cid font, 5 descriptor, 6 info, 7 xmp, then page + content pairs
    first_page = 8
    kids = " ".join("%d 0 R" % (first_page + 2 * i) for i in range(n_pages))
    objs.append("<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>")
    objs.append("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages))
    objs.append("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
                "/Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>")
    objs.append("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                "/FontDescriptor 5 0 R >>")
    objs.append("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                "/CapHeight 880 /StemV 93 >>")
    objs.append(info)
    xmp_bytes = xmp.encode("utf-8")
    objs.append(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp_bytes)
                + xmp_bytes + b"\nendstream")
    for i, lines in enumerate(pages):
        content_id = first_page + 2 * i + 1
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        body = page_content(lines)
        objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream")
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
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return bytes(out)


PDF_PAGES = [
    [
        "解除劳动合同证明",
        "兹证明张三同志（公民身份号码：321083197812162119）",
        "于2026年10月31日与我单位解除劳动关系。",
    ],
    [
        "单位（盖章）",
        "签发日期：",
        "2026年11月2日",
    ],
]

PDF_INFO = ("<< /Title %s /Author (HR Office) /Subject (ID 33010219200403064X) "
            "/CreationDate (D:20261102090000+08'00') /EmployeeName %s >>"
            % (utf16_hex("解除劳动合同证明"), utf16_hex("姓名：张三")))

PDF_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Keywords="统一社会信用代码 91310110666007217T">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">解除劳动合同证明</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">签发日期 2026-11-02</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'

OFD_XML = """<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD %s DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>evidence</ofd:DocID><ofd:CustomDatas><ofd:CustomData Name="姓名">李四</ofd:CustomData><ofd:CustomData Name="身份证号码">321083197812162119</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>""" % NS

DOCUMENT_XML = """<ofd:Document %s><ofd:CommonData><ofd:MaxUnitID>40</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="3" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>""" % NS


def text_object(oid, x, y, text, size=4):
    return ('<ofd:TextObject ID="%d" Boundary="%s %s 150 8" Font="9" Size="%s">'
            '<ofd:TextCode X="0" Y="%s">%s</ofd:TextCode></ofd:TextObject>'
            % (oid, x, y, size, size, text))


TEMPLATE_XML = """<ofd:Page %s><ofd:Content><ofd:Layer ID="4">%s%s%s</ofd:Layer></ofd:Content></ofd:Page>""" % (
    NS,
    text_object(5, 20, 20, "居民死亡医学证明（推断）书", 6),
    text_object(6, 20, 40, "死者姓名："),
    text_object(7, 20, 50, "公民身份号码："),
)

# The ID number drawn one character per TextCode (as some generators do), 2.2 mm apart.
ID_CODES = "".join('<ofd:TextCode X="%.1f" Y="4">%s</ofd:TextCode>' % (2.2 * i, c)
                   for i, c in enumerate("33010219200403064X"))
PAGE0_XML = """<ofd:Page %s><ofd:Template TemplateID="2" ZOrder="Background"/><ofd:Content><ofd:Layer ID="8">%s<ofd:TextObject ID="9" Boundary="60 50 60 8" Font="9" Size="4">%s</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>""" % (
    NS, text_object(10, 60, 40, "王五"), ID_CODES)

PAGE1_XML = """<ofd:Page %s><ofd:Content><ofd:Layer ID="11">%s</ofd:Layer></ofd:Content></ofd:Page>""" % (
    NS, text_object(12, 20, 30, "死亡日期：二〇二六年十月一日"))


def ofd():
    entries = [
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", DOCUMENT_XML),
        ("Doc_0/Tpls/Tpl_0/Content.xml", TEMPLATE_XML),
        ("Doc_0/Pages/Page_0/Content.xml", PAGE0_XML),
        ("Doc_0/Pages/Page_1/Content.xml", PAGE1_XML),
    ]
    with zipfile.ZipFile("form_template.ofd", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


with open("termination_meta.pdf", "wb") as f:
    f.write(pdf(PDF_PAGES, PDF_INFO, PDF_XMP))
ofd()
