#!/usr/bin/env bash
# `make demo`: runs the alliance-speed example study (design of study 003) and writes
# its report; then shows a few single commands on the same data.
set -euo pipefail
AMBIDEX=${1:-build/release/ambidex}
cd "$(dirname "$0")/.."
STUDY=examples/alliance-speed/study.adx
OUT=examples/output
mkdir -p "$OUT"
start=$(date +%s.%N)
"$AMBIDEX" run "$STUDY" -o "$OUT/alliance-speed.html"
"$AMBIDEX" run "$STUDY" -o "$OUT/alliance-speed.md"
end=$(date +%s.%N)
echo
echo "== Single commands on the same data (text output)"
"$AMBIDEX" corr examples/alliance-speed/data.csv coord1 coord2 coord3 speed1
echo
printf "Report: %s (and .md), written in %.2f s\n" "$OUT/alliance-speed.html" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
