#!/usr/bin/env bash
# CLI tests of ordinal indicators (issue 13): corr --polychoric with thresholds,
# efa/pca/alpha --polychoric, and the bad-input messages.
# usage: test_ordinal.sh AMBIDEX SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
BFI=$SRC/tests/reference/data/bfi.csv
ORD=$SRC/tests/reference/ordinal

expect() {
  local name=$1 code=$2 pat=$3
  shift 4
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -Eq -- "$pat" "$T/out" "$T/err"; then
    bad "$name: exit $rc (want $code), pattern '$pat'"
    sed 's/^/  | /' "$T/out" "$T/err" | head -20
  else
    ok
  fi
}

json() {
  local name=$1 expr=$2
  shift 2
  if "$@" --format json 2>/dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($expr) else 1)"; then
    ok
  else
    bad "$name: $expr"
  fi
}

# lavaan lavCor on na.omit(bfi[, A1:A5]): rho(A2, A1) = -0.408884, A1|t1 = -0.440902
json corr_poly 'd["method"]=="polychoric" and abs(d["r"][1][0]+0.408884)<1e-5 and abs(d["thresholds"][0]["estimate"]+0.440902)<1e-5 and d["n"][0][1]==2709' \
  "$A" corr "$BFI" A1 A2 A3 A4 A5 --polychoric
expect corr_poly_text 0 "polychoric correlations" -- "$A" corr "$BFI" A1 A2 --method polychoric
expect corr_poly_thresholds 0 "A2 +t5 +0\.48" -- "$A" corr "$BFI" A1 A2 --polychoric
# tetrachoric (lsat6, psych's bock data): Q2-Q1 = 0.170 (lavaan)
json corr_tetra 'abs(d["r"][1][0]-0.1700)<2e-3' "$A" corr "$ORD/lsat6.csv" Q1 Q2 Q3 --polychoric
expect corr_poly_continuous 2 "variable 'age' has more than 20 distinct values" -- \
  "$A" corr "$BFI" A1 age --polychoric
# ordinal alpha (psych::alpha on the polychoric matrix): 0.7596
json alpha_poly 'abs(d["alpha"]-0.75960)<1e-4' "$A" alpha "$BFI" A1 A2 A3 A4 A5 --reverse A1 --polychoric
expect efa_poly 0 "A3 +0\.810" -- "$A" efa "$BFI" A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 --factors 2 --no-kaiser --polychoric
expect pca_poly 0 "3\.387" -- "$A" pca "$BFI" A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 --polychoric

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
