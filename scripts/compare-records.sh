#!/usr/bin/env bash
# Speed of `sealcheck records check` side by side with the equivalent pandas script on the same
# generated export. Both must report the same counts per code (else exit 1); prints wall time,
# CPU time and peak memory (max RSS) of each.
#
#   scripts/compare-records.sh [ROWS]      # default 1000000 clean rows (+ planted defects)
#
# Needs a release build (made here), python3 with pandas and numpy (dev tools only), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
TODAY=2026-12-01
DIR="target/records-compare"
mkdir -p "$DIR"
FILE="$DIR/records-$ROWS.csv"

cargo build --release --quiet --bin sealcheck --example make_records
if [ ! -f "$FILE" ]; then
    target/release/examples/make_records --rows "$ROWS" --out "$FILE"
fi
ls -l "$FILE"

# Runs a command with GNU time; prints "wall_s user_s sys_s maxrss_kb".
measure() {
    local out="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$DIR/time.txt" "$@" >"$out" || true
    tail -n 1 "$DIR/time.txt"
}

echo "== sealcheck records check (one thread)"
read -r s_wall s_user s_sys s_rss < <(measure "$DIR/sealcheck.json" \
    target/release/sealcheck records check --today "$TODAY" --format json "$FILE")
echo "   wall ${s_wall}s  user ${s_user}s  sys ${s_sys}s  peak ${s_rss} KiB"

echo "== pandas (scripts/records_pandas.py)"
read -r p_wall p_user p_sys p_rss < <(measure "$DIR/pandas.json" \
    python3 scripts/records_pandas.py "$FILE" --today "$TODAY")
echo "   wall ${p_wall}s  user ${p_user}s  sys ${p_sys}s  peak ${p_rss} KiB"

python3 - "$DIR/sealcheck.json" "$DIR/pandas.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
same = s["summary"] == p["summary"] and s["rows"] == p["rows"]
print("   rows", s["rows"], "defects", sum(s["summary"].values()), "- counts agree" if same else "- COUNTS DIFFER")
if not same:
    print("   sealcheck", s["rows"], s["summary"])
    print("   pandas   ", p["rows"], p["summary"])
    sys.exit(1)
PY
python3 -c "import sys; a,b,c,d=map(float,sys.argv[1:]); print(f'== sealcheck is {b/a:.1f}x faster in wall time, {d/c:.1f}x in CPU time (user+sys)')" \
    "$s_wall" "$p_wall" "$(echo "$s_user + $s_sys" | bc)" "$(echo "$p_user + $p_sys" | bc)"
