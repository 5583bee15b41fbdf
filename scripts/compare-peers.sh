#!/usr/bin/env bash
# Times sealcheck against its peers on the same signed files, in one run, and prints a table
# with ratios: whole-process wall time (median of RUNS, tools interleaved so machine drift hits
# all of them alike) and peak RSS (GNU time, largest of the runs).
#
#   scripts/compare-peers.sh [RUNS] [SIZES...]        e.g. scripts/compare-peers.sh 7 20k 200k 2m 20m 100m
#
# Peers are dev-only tools, installed by hand (none is needed to build or test sealcheck):
#   apt-get install -y poppler-utils time openssl     # pdfsig, GNU time
#   pip install pyhanko pyhanko-cli                   # pyhanko (optional: skipped when absent)
# Fixtures are generated into target/peer-fixtures by examples/make_signed_pdf.rs (openssl cms).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(20k 200k 2m 20m 100m)
DIR=target/peer-fixtures
mkdir -p "$DIR"

cargo build --release --quiet --bin sealcheck --example make_signed_pdf
SEALCHECK=target/release/sealcheck
GEN=target/release/examples/make_signed_pdf
GNU_TIME=/usr/bin/time
[ -x "$GNU_TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

declare -A CMD
TOOLS=(sealcheck)
CMD[sealcheck]="$SEALCHECK verify --trust testdata/pki/generated/root.pem --at 2026-11-26T00:00:00Z --format json"
if command -v pdfsig >/dev/null; then TOOLS+=(pdfsig-nocert); CMD[pdfsig-nocert]="pdfsig -nocert"; fi
PYHANKO="$(command -v pyhanko || true)"
if [ -n "$PYHANKO" ] && command -v pyenv >/dev/null; then PYHANKO="$(pyenv which pyhanko 2>/dev/null || echo "$PYHANKO")"; fi
if [ -n "$PYHANKO" ]; then
    TOOLS+=(pyhanko)
    CMD[pyhanko]="$PYHANKO sign validate --trust testdata/pki/generated/root.pem --trust-replace --no-revocation-check"
fi
TOOLS+=(openssl-sha256)
CMD[openssl-sha256]="openssl sha256"

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf '%s\n' "machine: $(nproc) cores, $(uname -r); $(date -u +%FT%TZ); runs per cell: $RUNS"
printf '%s\n' "tools: ${TOOLS[*]}"
printf '\n| size | file bytes |'
for t in "${TOOLS[@]}"; do printf ' %s ms | %s MiB |' "$t" "$t"; done
printf ' sealcheck/openssl | sealcheck/pdfsig |\n|---|---:|'
for t in "${TOOLS[@]}"; do printf -- '---:|---:|'; done
printf -- '---:|---:|\n'

for size in "${SIZES[@]}"; do
    f="$DIR/signed-$size.pdf"
    [ -f "$f" ] || "$GEN" "$size" "$f" testdata/pki/generated
    declare -A times=() rss=()
    for t in "${TOOLS[@]}"; do $GNU_TIME -f '' ${CMD[$t]} "$f" >/dev/null 2>&1 || true; done   # warm-up
    for ((r = 0; r < RUNS; r++)); do
        for t in "${TOOLS[@]}"; do
            start=$(now_ns)
            ${CMD[$t]} "$f" >/dev/null 2>&1 || true
            end=$(now_ns)
            times[$t]+="$(( (end - start) / 1000 )) "
        done
    done
    for t in "${TOOLS[@]}"; do
        kib=$($GNU_TIME -f '%M' ${CMD[$t]} "$f" 2>&1 >/dev/null | tail -1)
        rss[$t]=$(awk -v k="$kib" 'BEGIN {printf "%.1f", k/1024}')
    done
    printf '| %s | %s |' "$size" "$(stat -c %s "$f")"
    declare -A med=()
    for t in "${TOOLS[@]}"; do
        med[$t]=$(echo "${times[$t]}" | tr ' ' '\n' | grep -v '^$' | median)
        printf ' %.1f | %s |' "$(awk -v u="${med[$t]}" 'BEGIN {print u/1000}')" "${rss[$t]}"
    done
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f×", a/b; else print "n/a"}'; }
    printf ' %s | %s |\n' "$(ratio "${med[sealcheck]}" "${med[openssl-sha256]}")" \
        "$( [ -n "${med[pdfsig-nocert]:-}" ] && ratio "${med[sealcheck]}" "${med[pdfsig-nocert]}" || echo n/a)"
    unset times rss med
done
