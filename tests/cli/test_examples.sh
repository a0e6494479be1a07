#!/usr/bin/env bash
# The three example studies run end to end and write their reports (HTML and
# Markdown); prints the run time of each.
. "$(dirname "$0")/lib.sh"
for ex in alliance-speed learning-performance market-orientation; do
  t0=$(date +%s.%N)
  if "$A" run "$SRC/examples/$ex/study.adx" -o "$T/$ex.html" 2>"$T/err" &&
     "$A" run "$SRC/examples/$ex/study.adx" -o "$T/$ex.md" 2>>"$T/err" &&
     grep -q "<h1>" "$T/$ex.html" && grep -q "Table 1" "$T/$ex.md"; then
    ok
  else
    bad "$ex: $(cat "$T/err")"
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v n="$ex" 'BEGIN{printf "%s: %.2f s (two runs)\n", n, b-a}'
done
# Figures are written beside the report and referenced from the Markdown.
if [ -s "$T/alliance-speed_figures/figure-1.svg" ] && grep -q "](alliance-speed_figures/figure-1.svg)" "$T/alliance-speed.md"; then
  ok
else
  bad "alliance-speed figures not written or not referenced"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
