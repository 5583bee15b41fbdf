#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 60), one after the other.
# Fails (exit 1) when any target finds a crash, timeout or OOM; the reproducer is left in
# fuzz/artifacts/<target>/ (replay: cargo fuzz run --sanitizer none <target> <file>).
#
#   scripts/fuzz-smoke.sh 60            # CI smoke run
#   scripts/fuzz-smoke.sh 600 verify    # one target, longer
#
# Needs cargo-fuzz (cargo install cargo-fuzz); --sanitizer none works on the stable toolchain.
# Seeds come from testdata/ (see seed_globs below) and fuzz/seeds/<target>/; they are copied
# into fuzz/corpus/<target>/, which grows while fuzzing and is not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    mapfile -t TARGETS < <(cargo fuzz list)
fi
if [ ${#TARGETS[@]} -eq 1 ]; then
    cargo fuzz build --sanitizer none "${TARGETS[0]}"
else
    cargo fuzz build --sanitizer none
fi

# Which testdata files seed which target.
seed_globs() {
    case "$1" in
        pdf_file) echo "testdata/pdf/*.pdf" ;;
        pdf_text) echo "testdata/review/*.pdf testdata/pdf/*-20k.pdf" ;;
        verify|intake) echo "testdata/pdf/*.pdf testdata/cn/* testdata/vanishing/*.pdf" ;;
        cms) echo "testdata/cms/*.p7s testdata/cms/*.der" ;;
        ses) echo "testdata/cn/*.esl testdata/cn/*.dat testdata/cn/*.DER" ;;
        ofd|ofd_container) echo "testdata/cn/*.ofd testdata/ofd/*.ofd" ;;
        changes) echo "testdata/pdf/*.pdf testdata/changes/*.pdf testdata/vanishing/*.pdf" ;;
        image) echo "testdata/images/*.jpg testdata/images/*.png testdata/images/*.tif testdata/images/*.webp testdata/images/*.bmp testdata/images/*.pdf" ;;
        records) echo "testdata/records/*" ;;
        pki) echo "testdata/pki/*.der testdata/pki/chain/*.der testdata/pki/chain/*.crl testdata/pki/generated/crl/*" ;;
        license) echo "testdata/license/*.ofd testdata/license/*.pdf" ;;
        issuers) echo "data/issuers.example.toml testdata/license/pki/*.pem testdata/pki/generated/*.pem" ;;
        # Seeds carry a selector byte first (see fuzzing::evidence): fuzz/seeds/evidence only.
        *) echo "" ;;
    esac
}
status=0
for target in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    for f in $(seed_globs "$target") fuzz/seeds/"$target"/*; do
        # Seeds above 1 MiB only slow the fuzzer down.
        if [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 1048576 ]; then
            cp -n "$f" "fuzz/corpus/$target/" 2>/dev/null || true
        fi
    done
    echo "== $target: ${SECONDS_EACH}s"
    if ! cargo fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
        -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/"; then
        echo "!! $target found a problem: see fuzz/artifacts/$target/" >&2
        status=1
    fi
done
exit $status
