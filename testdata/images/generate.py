#!/usr/bin/env python3
"""Builds the image fixtures (dev tool: Pillow, qrcode, fonts-noto-cjk). Run from this directory:
    python3 generate.py
The outputs are committed so `cargo test` needs none of this. Deterministic: fixed seeds."""
import io, random, struct, zlib
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageEnhance
import qrcode

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
random.seed(13)


def id_number(prefix17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(prefix17, w))
    return prefix17 + "10X98765432"[s % 11]


PEOPLE = [
    ("张三", "男", "1985年3月12日", "北京市东城区景山前街4号", id_number("11010119850312001"), "2016.03.01-2036.03.01"),
    ("李四", "男", "1978年12月16日", "江苏省兴化市昭阳镇英武路8号", id_number("32108319781216211"), "2015.06.20-2035.06.20"),
    ("王芳", "女", "1992年7月8日", "上海市浦东新区世纪大道100号", id_number("31011519920708122"), "2019.01.15-2029.01.15"),
    ("赵敏", "女", "1990年1月1日", "广东省广州市天河区体育西路9号", id_number("44010619900101004"), "2020.09.09-2030.09.09"),
]


def card(person, dpi=220, seed=0):
    """A front side of an ID-card-like card (85.6 × 54 mm) at `dpi`, lightly textured."""
    name, sex, born, addr, idn, valid = person
    w, h = round(85.6 / 25.4 * dpi), round(54 / 25.4 * dpi)
    img = Image.new("RGB", (w, h), (236, 240, 246))
    d = ImageDraw.Draw(img)
    rnd = random.Random(seed)
    for _ in range(40):  # faint guilloche-like strokes
        y = rnd.randrange(h)
        d.line([(0, y), (w, (y + rnd.randrange(-40, 40)) % h)], fill=(214, 224, 236), width=1)
    s = dpi / 200
    f = ImageFont.truetype(FONT, int(22 * s))
    fb = ImageFont.truetype(BOLD, int(26 * s))
    fn = ImageFont.truetype(BOLD, int(26 * s))
    x0 = int(30 * s)
    d.text((x0, int(28 * s)), "姓名", font=f, fill=(90, 110, 150))
    d.text((x0 + int(80 * s), int(24 * s)), name, font=fb, fill=(10, 10, 10))
    d.text((x0, int(78 * s)), f"性别 {sex}   民族 汉", font=f, fill=(20, 20, 20))
    d.text((x0, int(124 * s)), f"出生 {born}", font=f, fill=(20, 20, 20))
    d.text((x0, int(170 * s)), "住址 " + addr[:12], font=f, fill=(20, 20, 20))
    d.text((x0 + int(58 * s), int(202 * s)), addr[12:], font=f, fill=(20, 20, 20))
    d.text((x0, int(262 * s)), "公民身份号码", font=f, fill=(90, 110, 150))
    d.text((x0 + int(150 * s), int(258 * s)), idn, font=fn, fill=(10, 10, 10))
    d.text((x0, int(310 * s)), f"有效期限 {valid}", font=f, fill=(20, 20, 20))
    # photo box
    px, py = int(w * 0.70), int(40 * s)
    d.rectangle([px, py, px + int(150 * s), py + int(190 * s)], fill=(200, 205, 215), outline=(150, 150, 160))
    d.ellipse([px + int(40 * s), py + int(30 * s), px + int(110 * s), py + int(110 * s)], fill=(120, 110, 100))
    d.rectangle([px + int(25 * s), py + int(120 * s), px + int(125 * s), py + int(190 * s)], fill=(60, 70, 90))
    return img


def a4(lines, dpi=100, qr=None, seed=0):
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    img = Image.new("L", (w, h), 246)
    d = ImageDraw.Draw(img)
    s = dpi / 100
    ft = ImageFont.truetype(BOLD, int(30 * s))
    f = ImageFont.truetype(FONT, int(16 * s))
    d.text((w // 2 - int(len(lines[0]) * 15 * s), int(80 * s)), lines[0], font=ft, fill=20)
    y = int(160 * s)
    for line in lines[1:]:
        d.text((int(90 * s), y), line, font=f, fill=25)
        y += int(34 * s)
    if qr:
        q = qrcode.QRCode(box_size=max(2, int(3 * s)), border=2)
        q.add_data(qr)
        q.make(fit=True)
        qi = q.make_image(fill_color="black", back_color="white").convert("L")
        img.paste(qi, (w - qi.size[0] - int(70 * s), h - qi.size[1] - int(90 * s)))
    return img


def save_jpeg(img, name, quality=62, **kw):
    img.save(name, "JPEG", quality=quality, optimize=True, **kw)


def exif_bytes(software=None, original=None, modified=None, make=None, model=None, orientation=None):
    e = Image.Exif()
    if software: e[0x0131] = software
    if modified: e[0x0132] = modified
    if make: e[0x010F] = make
    if model: e[0x0110] = model
    if orientation: e[0x0112] = orientation
    if original:
        e.get_ifd(0x8769)[0x9003] = original
    return e.tobytes()


# --- ID cards -----------------------------------------------------------------------------------
zhang = card(PEOPLE[0], seed=1)
save_jpeg(zhang, "id-zhangsan.jpg", exif=exif_bytes(None, "2026:11:20 09:30:00", "2026:11:20 09:30:00", "Xiaomi", "Redmi Note 12"))
for i, p in enumerate(PEOPLE[1:], start=2):
    save_jpeg(card(p, seed=i), f"id-{['', '', 'lisi', 'wangfang', 'zhaomin'][i]}.jpg")
# Same card, degraded.
save_jpeg(zhang.filter(ImageFilter.GaussianBlur(4)), "id-zhangsan-blurred.jpg")
save_jpeg(ImageEnhance.Brightness(zhang).enhance(0.22), "id-zhangsan-dark.jpg")
over = Image.eval(zhang, lambda v: min(255, int(185 + v * 0.28)))
save_jpeg(over, "id-zhangsan-overexposed.jpg")
save_jpeg(zhang.resize((235, 148), Image.LANCZOS), "id-zhangsan-lowres.jpg")
# Edited: re-saved by Photoshop days after the photo was taken.
save_jpeg(zhang, "id-zhangsan-photoshop.jpg", exif=exif_bytes("Adobe Photoshop 25.0 (Windows)", "2026:11:20 09:30:00", "2026:11:24 21:02:11", "Xiaomi", "Redmi Note 12"))
save_jpeg(zhang, "id-zhangsan-meitu.jpg", exif=exif_bytes("美图秀秀".encode(), "2026:11:20 09:30:00", "2026:11:20 09:30:00"))
# Duplicates: resized, recompressed, slightly cropped.
save_jpeg(zhang.resize((555, 350), Image.LANCZOS), "dup-zhangsan-resized.jpg", quality=80)
save_jpeg(zhang, "dup-zhangsan-recompressed.jpg", quality=35)
cw, ch = zhang.size
save_jpeg(zhang.crop((int(cw * .03), int(ch * .03), int(cw * .97), int(ch * .97))), "dup-zhangsan-cropped.jpg")
# Stored rotated with an EXIF orientation that puts it right (6: rotate 90° clockwise to view).
save_jpeg(zhang.transpose(Image.ROTATE_90), "id-zhangsan-rotated.jpg", exif=exif_bytes(orientation=6))
# Other containers.
zhang.convert("L").save("id-zhangsan.png", optimize=True, dpi=(220, 220))
zhang.convert("L").resize((371, 234)).save("id-zhangsan.tif", compression="tiff_deflate")
zhang.save("id-zhangsan.webp", quality=60)
zhang.convert("L").resize((264, 166)).save("id-zhangsan.bmp")

# --- Pages ------------------------------------------------------------------------------------
cert = a4(["参保缴费证明", "姓名：张三", "公民身份号码：" + PEOPLE[0][4], "参保险种：企业职工基本养老保险",
           "缴费起止：2010年01月至2026年10月", "累计缴费月数：202个月", "经办机构：某某市社会保险事业管理中心",
           "打印日期：2026年11月20日"], dpi=100, qr="https://si.example.gov.cn/verify?code=SI2026112000123")
cert.save("page-certificate.png", optimize=True)
save_jpeg(cert, "page-certificate.jpg", quality=60)
blank = Image.new("L", cert.size, 244)
rnd = random.Random(7)
px = blank.load()
for _ in range(4000):  # scanner noise
    x, y = rnd.randrange(blank.size[0]), rnd.randrange(blank.size[1])
    px[x, y] = 244 + rnd.randrange(-8, 8)
save_jpeg(blank, "page-blank.jpg", quality=60)
Image.new("RGB", (1, 1), (255, 255, 255)).save("one-pixel.png")
save_jpeg(a4(["离职证明", "兹证明王芳同志于2026年6月30日离职。", "特此证明。", "某某科技有限公司人事部"], dpi=60), "page-lowres.jpg", quality=60)
qr_only = qrcode.make("91110108MA01ABCD2X|营业执照|电子证照", box_size=6, border=4).convert("L")
qr_only.save("qr-license.png", optimize=True)

# --- Scan-only PDFs ----------------------------------------------------------------------------
def pdf(objects):
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects)+1}\n0000000000 65535 f \n".encode())
    for o in offsets:
        out.write(f"{o:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects)+1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def stream(dict_text, data):
    return f"<< {dict_text} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def scan_pdf(name, img, filt):
    g = img.convert("L")
    w, h = g.size
    if filt == "DCTDecode":
        b = io.BytesIO(); g.save(b, "JPEG", quality=60); data = b.getvalue()
    elif filt == "FlateDecode":
        data = zlib.compress(g.tobytes(), 9)
    else:
        data = b"\x00" * 64
    content = f"q 595 0 0 842 0 0 cm /Im0 Do Q".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        stream("", content),
        stream(f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /{filt}", data),
    ]
    open(name, "wb").write(pdf(objs))


scan_pdf("scan-certificate-dct.pdf", cert, "DCTDecode")
scan_pdf("scan-certificate-flate.pdf", cert.resize((414, 585)), "FlateDecode")
scan_pdf("scan-blank-flate.pdf", blank.resize((414, 585)), "FlateDecode")
scan_pdf("scan-jbig2.pdf", cert.resize((100, 141)), "JBIG2Decode")

# --- Hostile and broken -------------------------------------------------------------------------
good = open("id-zhangsan.jpg", "rb").read()
open("truncated.jpg", "wb").write(good[: len(good) * 2 // 3])
png = open("page-certificate.png", "rb").read()
open("truncated.png", "wb").write(png[: len(png) // 2])


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with(extra):
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + bytes([200] * 16) for _ in range(16))))
    return b"\x89PNG\r\n\x1a\n" + ihdr + extra + idat + chunk(b"IEND", b"")


bomb = zlib.compress(b"\x00" * (24 << 20), 9)  # 24 MiB of zeros in ~24 KB
open("bomb-ztxt.png", "wb").write(png_with(chunk(b"zTXt", b"Comment\x00\x00" + bomb)))
open("bomb-iccp.png", "wb").write(png_with(chunk(b"iCCP", b"icc\x00\x00" + bomb)))
# JPEG whose frame header declares 65535 × 65535.
sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 65535, 65535, 1) + b"\x01\x11\x00"
open("huge-65535.jpg", "wb").write(b"\xff\xd8" + sof + b"\xff\xd9")
# TIFF: 64 × 64 gray, one strip claiming 2 GiB at an offset past the end.
def tiff_huge_strip():
    entries = [(256, 3, 1, 64), (257, 3, 1, 64), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, 64), (279, 4, 1, 0x7FFFFFFF)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHI", t, ty, n) + (struct.pack("<HH", v, 0) if ty == 3 else struct.pack("<I", v)) for t, ty, n, v in entries
    ) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd
open("huge-strip.tif", "wb").write(tiff_huge_strip())
# An iPhone HEIC header (ftyp box; the rest does not matter for sniffing).
open("photo.heic", "wb").write(struct.pack(">I", 24) + b"ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
print("ok")
