#!/usr/bin/env bash
# Image path against OpenCV on the same files, one core each (taskset -c 0):
#   a 12-megapixel phone-like JPEG (4000 × 3000) and an A4 page at 300 dpi, generated here;
#   decode → gray → shrink to a long side of 1600 → Laplacian variance (OpenCV:
#   imread, cvtColor, resize INTER_AREA, Laplacian); best of N runs; peak RSS of each process
#   (/usr/bin/time); and Tesseract's time for one A4 page.
# Needs: python3 with opencv-python-headless, numpy, Pillow; tesseract for the OCR line.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-10}"
WORK="${TMPDIR:-/tmp}/sealcheck-compare-images"
mkdir -p "$WORK"

python3 - "$WORK" <<'PY'
import sys, random
from PIL import Image, ImageDraw, ImageFont, ImageFilter
out = sys.argv[1]
font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 64)
def page(w, h, seed):
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h), (232, 228, 220))
    d = ImageDraw.Draw(img)
    for y in range(200, h - 200, 110):
        d.text((220, y), "社会保险参保缴费证明 " + "".join(rnd.choice("0123456789年月日姓名号码") for _ in range(20)), font=font, fill=(30, 30, 40))
    # Photo noise and a little blur, like a phone camera.
    noise = Image.effect_noise((w, h), 12).convert("RGB")
    return Image.blend(img, noise, 0.08).filter(ImageFilter.GaussianBlur(0.6))
page(4000, 3000, 1).save(f"{out}/photo-12mp.jpg", quality=90)
page(2480, 3508, 2).convert("L").save(f"{out}/a4-300dpi.png")
PY

cat > "$WORK/opencv_measure.py" <<'PY'
import sys, time, cv2
cv2.setNumThreads(1)
path, n = sys.argv[1], int(sys.argv[2])
best = 1e9
for _ in range(n):
    t = time.perf_counter()
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    f = 1600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    lap = cv2.Laplacian(small, cv2.CV_64F).var()
    mean, sd = cv2.meanStdDev(small)
    best = min(best, (time.perf_counter() - t) * 1000)
print(f"opencv {path}: {img.shape[1]}x{img.shape[0]} -> {small.shape[1]}x{small.shape[0]}; best of {n}: decode+measure {best:.1f} ms")
PY
cat > "$WORK/opencv_gray.py" <<'PY'
import sys, time, cv2
cv2.setNumThreads(1)
path, n = sys.argv[1], int(sys.argv[2])
best = 1e9
for _ in range(n):
    t = time.perf_counter()
    gray = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    f = 1600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    lap = cv2.Laplacian(small, cv2.CV_64F).var()
    best = min(best, (time.perf_counter() - t) * 1000)
print(f"opencv (IMREAD_GRAYSCALE) {path}: best of {n}: decode+measure {best:.1f} ms")
PY

cargo build --release --example image_measure
BIN=target/release/examples/image_measure
for f in "$WORK/photo-12mp.jpg" "$WORK/a4-300dpi.png"; do
    echo "== $(basename "$f")"
    /usr/bin/time -f "   sealcheck peak RSS %M KiB" taskset -c 0 "$BIN" "$f" "$N"
    /usr/bin/time -f "   opencv peak RSS %M KiB" taskset -c 0 python3 "$WORK/opencv_measure.py" "$f" "$N"
    /usr/bin/time -f "   opencv peak RSS %M KiB" taskset -c 0 python3 "$WORK/opencv_gray.py" "$f" "$N"
done
python3 -c "import sys; print('decoded RGB size of the 12 MP photo: %.1f MiB' % (4000*3000*3/2**20))"

if command -v tesseract >/dev/null; then
    echo "== OCR, one A4 page at 300 dpi (chi_sim+eng, one thread)"
    start=$(date +%s.%N)
    OMP_THREAD_LIMIT=1 taskset -c 0 tesseract "$WORK/a4-300dpi.png" - -l chi_sim+eng --psm 3 >/dev/null 2>&1
    end=$(date +%s.%N)
    python3 -c "print('   tesseract: %.2f s' % ($end - $start))"
else
    echo "tesseract not installed: OCR time not measured"
fi
