#!/usr/bin/env python3
"""Fixtures of the service tests and the report screenshot (run in this folder; needs Pillow).

- id-card-scan.png: a small synthetic picture of a card (no real person), an image upload for
  the report page's thumbnail.
- hostile-application.json: an application whose every string is an HTML / script injection
  attempt (the page must show them as text).
"""
import json

from PIL import Image, ImageDraw

img = Image.new("RGB", (320, 200), (236, 240, 246))
d = ImageDraw.Draw(img)
d.rounded_rectangle((8, 8, 312, 192), radius=14, outline=(90, 110, 150), width=3, fill=(250, 250, 252))
d.rectangle((210, 40, 290, 140), fill=(200, 210, 226))
d.ellipse((232, 55, 268, 91), fill=(150, 165, 190))
d.rectangle((222, 96, 278, 140), fill=(150, 165, 190))
for i, w in enumerate((150, 120, 170, 90)):
    d.rectangle((28, 44 + i * 26, 28 + w, 56 + i * 26), fill=(120, 130, 150))
d.rectangle((28, 160, 200, 172), fill=(60, 70, 90))
img.save("id-card-scan.png", optimize=True)

hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
app = {
    "schema": "sealcheck-application/1",
    "item": "insurance-transfer",
    "applicant": {"name": "张三" + hostile, "id": "110101199003074514"},
    "persons": [],
    "fields": {},
    "uploads": [],
}
with open("hostile-application.json", "w", encoding="utf-8") as f:
    json.dump(app, f, ensure_ascii=False, indent=1)
    f.write("\n")
