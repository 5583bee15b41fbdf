#!/usr/bin/env bash
# Load test of `sealcheck serve` on the loopback interface only, bounded in time (and so in
# requests): the 20 KB signed PDF through POST /v1/verify at concurrency 32, then a review of
# three uploads through POST /v1/review. Prints throughput, latency percentiles, errors and the
# server's peak RSS.
#
#   scripts/load-test.sh [SECONDS] [CONCURRENCY]      (defaults 60 and 32)
#
# Needs wrk (Debian package `wrk`) and a release build (made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_VERIFY=${1:-60}
CONCURRENCY=${2:-32}
SECONDS_REVIEW=${REVIEW_SECONDS:-20}
PORT=${LOAD_PORT:-18650}
ADDR=127.0.0.1:$PORT
AT=2026-11-26T00:00:00Z

command -v wrk >/dev/null || { echo "load-test: wrk not installed (apt-get install wrk)" >&2; exit 3; }
bin=target/release/sealcheck
if [ ! -x "$bin" ] || [ -n "${REBUILD:-}" ]; then
  cargo build --release --bin sealcheck
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Logs at warn: one info line per request costs CPU a load test should spend verifying.
SEALCHECK_LOG=${SEALCHECK_LOG:-warn} "$bin" serve --listen "$ADDR" \
  --trust testdata/pdf/pki/root.pem \
  --crl testdata/pdf/pki/intermediate.crl --crl testdata/pdf/pki/root.crl \
  2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://$ADDR/healthz" >/dev/null

cat >"$work/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("LOAD_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("LOAD_CONTENT_TYPE")
LUA

run() { # name path body content-type seconds concurrency
  local name=$1 path=$2 body=$3 ctype=$4 secs=$5 conc=$6
  echo "== $name: POST $path, concurrency $conc, ${secs}s"
  LOAD_BODY=$body LOAD_CONTENT_TYPE=$ctype wrk -t2 -c"$conc" -d"${secs}s" --timeout 10s --latency \
    -s "$work/post.lua" "http://$ADDR$path" | tee "$work/$name.txt"
  local errors
  errors=$(grep -E "Non-2xx|Socket errors" "$work/$name.txt" || true)
  echo "errors: ${errors:-none}"
}

pdf=testdata/pdf/rsa2048-pades-20k.pdf
expected=$(curl -fsS -H 'Content-Type: application/pdf' --data-binary @"$pdf" "http://$ADDR/v1/verify?at=$AT" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["signatures"][0]["indication"])')
echo "20 KB file verdict: $expected"
run verify "/v1/verify?at=$AT" "$pdf" application/pdf "$SECONDS_VERIFY" "$CONCURRENCY"
echo "server peak RSS after the verify run: $(grep VmHWM /proc/$server_pid/status | awk '{print $2, $3}')"

# A review of three uploads: a signed PDF, a tampered one, and the scan.
python3 - "$work/review.body" <<'PY'
import sys
boundary = "loadtestboundary"
parts = [
    ("application", None, "application/json",
     b'{"schema":"sealcheck-application/1","item":"insurance-transfer","applicant":{"name":"L","id":"321083197812162118"}}'),
    ("contribution_certificate", "c.pdf", "application/pdf", open("testdata/pdf/rsa2048-pades-20k.pdf", "rb").read()),
    ("transfer_application", "t.pdf", "application/pdf", open("testdata/pdf/tampered-byteflip-200k.pdf", "rb").read()),
    ("id_card", "id.png", "image/png", open("testdata/service/id-card-scan.png", "rb").read()),
]
out = bytearray()
for name, filename, ctype, data in parts:
    out += b"--" + boundary.encode() + b"\r\n"
    disp = 'form-data; name="%s"' % name + ('; filename="%s"' % filename if filename else "")
    out += ("Content-Disposition: %s\r\nContent-Type: %s\r\n\r\n" % (disp, ctype)).encode()
    out += data + b"\r\n"
out += b"--" + boundary.encode() + b"--\r\n"
open(sys.argv[1], "wb").write(out)
PY
run review "/v1/review?at=$AT" "$work/review.body" "multipart/form-data; boundary=loadtestboundary" \
  "$SECONDS_REVIEW" 8
echo "server peak RSS at the end: $(grep VmHWM /proc/$server_pid/status | awk '{print $2, $3}')"
curl -fsS "http://$ADDR/metrics" | grep -E '^sealcheck_(cache_lookups_total|documents_total|rejected|requests_total\{route="/v1/(verify|review)")' || true
