#!/usr/bin/env bash
# Issue 13 items 9, 10 and 15 (figures) from the command line: the regression diagnostics
# figures, the marker-variable adjustment, the method factor, the latent interaction.
. "$(dirname "$0")/lib.sh"
MT=$SRC/tests/reference/regress/data/mtcars.csv

# run NAME -- COMMAND...: exit 0, output in $T/stdout.
run() {
  local name=$1
  shift 2
  "$A" "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne 0 ]; then bad "$name: exit $rc ($(head -c 300 "$T/stderr"))"; return 1; fi
}
# has NAME PATTERN: PATTERN (grep -E) in $T/stdout or in the file given.
has() { if grep -Eq -- "$2" "${3:-$T/stdout}"; then ok; else bad "$1: no '$2'"; fi; }

# ---- item 15: regression diagnostics figures ---------------------------------------
if run "residual plots" -- regress "$MT" "mpg ~ wt + hp + qsec" --residual-plots; then
  has "P-P caption" '^\[Normal P-P plot of the standardized residuals'
  has "scatter caption" '^\[Scatter plot of the standardized residuals'
  has "residual table" 'Residuals statistics'
fi
if run "residual plots html" -- regress "$MT" "mpg ~ wt + hp" --residual-plots --format html -o "$T/r.html"; then
  n=$(grep -o '<svg' "$T/r.html" | wc -l)
  if [ "$n" -eq 2 ]; then ok; else bad "residual plots html: $n figures, expected 2"; fi
  has "axis words" 'Observed cumulative probability; Expected cumulative probability' "$T/r.html"
fi
"$A" regress "$MT" "mpg ~ wt" --stream --residual-plots >/dev/null 2>"$T/stderr"
if [ $? -eq 2 ] && grep -q 'residual-plots' "$T/stderr"; then ok; else bad "--stream with --residual-plots"; fi

# refuse NAME PATTERN -- COMMAND...: exit 2 and PATTERN on stderr.
refuse() {
  local name=$1 pat=$2
  shift 3
  "$A" "$@" >/dev/null 2>"$T/stderr"
  local rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$pat" "$T/stderr"; then ok; else bad "$name: exit $rc, $(cat "$T/stderr")"; fi
}

# ---- item 9: marker-variable adjustment --------------------------------------------
BFI=$SRC/tests/reference/data/bfi.csv
if run "marker" -- corr "$BFI" A1 A2 A3 C1 C2 --marker O5; then
  has "marker table" 'Marker-variable adjustment for common-method variance \(marker: O5\)'
  has "marker r_M" 'r_M = 0.114, the smallest positive correlation of the marker \(with A1\)'
  has "marker row" '^A2 +C1 +0.092 +-0.025 +-1.310 +2749 +.190'
fi
if run "marker json" -- corr "$BFI" A2 A3 C1 O5 --marker O5 --marker-r .05 --format json; then
  has "marker json r_m" '"r_m":[[:space:]]*0.05'
  has "marker json source" '"r_m_source":[[:space:]]*"given"'
  has "marker json pairs" '"r_adjusted":'
fi
refuse "marker unknown" "no such variable" -- corr "$BFI" A1 A2 --marker O9
refuse "marker-r alone" "needs --marker" -- corr "$BFI" A1 A2 --marker-r .1
refuse "marker-r range" "marker-r" -- corr "$BFI" A1 A2 --marker O5 --marker-r 1

# ---- item 9: unmeasured latent method factor ---------------------------------------
S=$SRC/tests/reference/sem
if run "method factor" -- cfa "$S/seed003.csv" "$S/seed003.lav" --method-factor; then
  has "method fit table" 'Unmeasured latent method factor: model fit'
  has "method fit row" '^With the method factor +240.600 +229'
  has "method loadings" '^ORI +ori2 '
  has "method note" 'Method-factor model: METHOD =~ NA\*env1 \+ env2'
  has "method heywood" 'negative variance estimate'
fi
if run "method json" -- cfa "$S/seed003.csv" "$S/seed003.lav" --method-factor --format json; then
  has "method json key" '"method_factor":'
  has "method json share" '"mean_sq_method":'
fi
refuse "method group" "drop --group" -- cfa "$S/hs.csv" "$S/hs3.lav" --method-factor --group school

# ---- item 10: latent interaction by product indicators -----------------------------
M="visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; speed =~ x7 + x8 + x9; speed ~ visual + textual + visual.textual"
if run "product" -- sem "$S/hs.csv" -e "$M" --product visual:textual; then
  has "product loading" 'visual.textual'
  has "product indicator" 'x1.x4'
fi
refuse "product syntax" "F1:F2" -- sem "$S/hs.csv" -e "$M" --product visual
refuse "product unmatched" "matched pairs" -- sem "$S/hs.csv" -e "visual =~ x1 + x2 + x3; textual =~ x4 + x5; speed ~ visual + textual + visual.textual; speed =~ x7 + x8 + x9" --product visual:textual
refuse "product cov" "raw data" -- sem --cov "$S/hs_cov_lower.csv" --nobs 301 -e "$M" --product visual:textual

echo "cmv CLI: $pass passed, $fail failed"
[ $fail -eq 0 ]
