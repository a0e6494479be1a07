#!/usr/bin/env bash
# The three example studies run end to end and write their reports (HTML and
# Markdown); prints the run time of each.
. "$(dirname "$0")/lib.sh"
for ex in alliance-speed learning-performance market-orientation ict-learning alliance-speed-pls; do
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
# The published layouts (issue 14 item 8): seed 003's Table 3 (M, SD, correlations with
# sqrt(AVE) on the diagonal, construct labels) and Table 4 (six path models on one N, the
# dependent variable over its models, control and hypothesized paths, fit rows); seed
# 000's four hierarchical models; the qualitative case x category matrix and quotes.
"$A" run "$SRC/examples/alliance-speed/study.adx" --format text -o "$T/as.txt" 2>"$T/err" || bad "alliance-speed text"
awk '/interconstruct correlations/,/^Note/' "$T/as.txt" >"$T/t3"
grep -E '^Variable +M +SD +1 +2 +3 +4 +5 +6 +7$' "$T/t3" >/dev/null && ok || bad "Table 3 header"
grep -E '^7\. Post-entry internationalization speed +[0-9]\.[0-9]{2} +[0-9]\.[0-9]{2}( +0\.[0-9]{2}\**†?){6} +0\.[0-9]{2}$' "$T/t3" >/dev/null && ok || bad "Table 3 last row: $(cat "$T/t3")"
awk '/Structural model results/,/^Note/' "$T/as.txt" >"$T/t4"
grep -E 'Model 1 +Model 2 +Model 3 +Model 4 +Model 5 +Model 6' "$T/t4" >/dev/null && ok || bad "Table 4 columns"
grep -E 'Co-innovation ambidexterity +Post-entry internationalization speed' "$T/t4" >/dev/null && ok || bad "Table 4 dependent variables"
grep -A1 -E '^Control paths *$' "$T/t4" | grep -E '^  Firm size \(ln\)' >/dev/null && ok || bad "Table 4 control paths"
grep -A1 -E '^Hypothesized paths *$' "$T/t4" | grep -E '^  Alliance management capability' >/dev/null && ok || bad "Table 4 hypothesized paths"
[ "$(grep -cE '^ +N +([0-9]+ +){5}[0-9]+$' "$T/t4")" = 1 ] && ok || bad "Table 4 N row"
grep -q 'All models use the same N = ' "$T/t4" && ok || bad "Table 4 common N"
grep -q 'We ensure that our work is synchronized with the work of our partners' "$T/as.txt" && ok || bad "item wording from labels"
# Seed 003's Table 2: each construct's line is a row of its own above its (indented) items.
awk '/standardized loadings, reliability/,/^Note/' "$T/as.txt" >"$T/t2"
grep -A1 -E '^Interorganizational coordination \(α = \.[0-9]{2}; CR = \.[0-9]{2}; AVE = \.[0-9]{2}\)$' "$T/t2" \
  | grep -qE '^  Our activities with our partners are well coordinated +0\.[0-9]{3}$' && ok || bad "Table 2 construct line: $(head -8 "$T/t2")"
[ "$(grep -cE '^[A-Z][A-Za-z -]+ \(α = \.[0-9]{2}; CR = \.[0-9]{2}; AVE = \.[0-9]{2}\)$' "$T/t2")" = 7 ] && ok || bad "Table 2: 7 construct lines"
"$A" run "$SRC/examples/learning-performance/study.adx" --format text -o "$T/lp.txt" 2>"$T/err" || bad "learning-performance text"
grep -E 'Model 1 +Model 2 +Model 3a +Model 3b' "$T/lp.txt" >/dev/null && ok || bad "seed 000 models"
"$A" run "$SRC/examples/ict-learning/study.adx" --format text -o "$T/ict.txt" 2>"$T/err" || bad "ict-learning text"
grep -E '^Case +internal_sources +external_sources +congenital +experiential +vicarious +integrated +Total' "$T/ict.txt" >/dev/null && ok || bad "case x category matrix"
grep -q "Quotes for category 'external_sources'" "$T/ict.txt" && ok || bad "quotes per theme"
grep -q "Framework matrix" "$T/ict.txt" && grep -q "Case x theme heatmap" "$T/ict.txt" && ok || bad "seed 001 framework matrix and heatmap"
# The PLS-SEM example (issue 18): the Hair et al. layout tables, bootstrap columns, diagrams.
"$A" run "$SRC/examples/alliance-speed-pls/study.adx" --format text -o "$T/asp.txt" 2>"$T/err" || bad "alliance-speed-pls text"
grep -qE '^AMC +A \(HOC\)' "$T/asp.txt" && grep -qE '^AMC +SPEED +0\.[0-9]{3} +[0-9.]+ +[<.0-9]+' "$T/asp.txt" \
  && tr '\n' ' ' <"$T/asp.txt" | grep -q 'partial least squares path modelling' && ok || bad "alliance-speed-pls tables"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
