#!/usr/bin/env bash
# Renders a staff report page in headless Chromium and saves a screenshot.
#   scripts/report-screenshot.sh PAGE.html OUT.png [WIDTHxHEIGHT]
# The page comes from `POST /v1/review?format=html` (tests/service_browser.rs makes one from
# the committed fixtures and calls this script; docs/report-page.png is its output).
# Chromium runs with a fresh profile, no network services, no sandbox (CI runs as root).
set -euo pipefail
page=${1:?usage: report-screenshot.sh PAGE.html OUT.png [WIDTHxHEIGHT]}
out=${2:?usage: report-screenshot.sh PAGE.html OUT.png [WIDTHxHEIGHT]}
size=${3:-1200x2400}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "report-screenshot: chromium not installed" >&2
  exit 3
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
page_abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size="${size/x/,}" \
  --screenshot="$out_abs" "file://$page_abs" >/dev/null 2>&1
test -s "$out_abs"
echo "report-screenshot: $out"
