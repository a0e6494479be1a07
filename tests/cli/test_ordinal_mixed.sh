#!/usr/bin/env bash
# CLI tests of mixed ordered and continuous variables (issue 13 item 2, session 5):
# corr --polychoric --ordered VARS (polyserial correlations) and cfa --ordered VARS with
# continuous indicators besides, against tests/reference/ordinal/mixed_*.csv.
# usage: test_ordinal_mixed.sh AMBIDEX SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
HM=$SRC/tests/reference/ordinal/hs_mixed.csv

# expect NAME CODE REGEX -- COMMAND...: the exit code and a line of stdout/stderr.
expect() {
  local name=$1 code=$2 pat=$3 rc=0
  shift 4
  "$@" >"$T/out" 2>&1 || rc=$?
  [ "$rc" -eq "$code" ] && grep -Eq -- "$pat" "$T/out" && { ok; return; }
  bad "$name: exit $rc (want $code), pattern '$pat'"; head -20 "$T/out"
}

# json NAME PYTHON_EXPR COMMAND...: the expression on the parsed --format json output.
json() {
  local name=$1 expr=$2
  shift 2
  "$@" --format json 2>/dev/null >"$T/j" || true
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($expr) else 1)" "$T/j" \
    && ok || bad "$name: $expr"
}

# lavaan lavCor(hm, ordered = c("x1","x2","x3")): rho(x2, x1) = 0.306705 (polychoric),
# rho(x4, x1) = 0.421827 (polyserial); thresholds only for the ordered variables
json corr_polyserial 'abs(d["r"][1][0]-0.306705)<1e-5 and abs(d["r"][2][0]-0.421827)<1e-5 and len(d["thresholds"])==6' \
  "$A" corr "$HM" x1 x2 x4 x5 --ordered x1,x2
expect corr_polyserial_title 0 "polychoric, polyserial and Pearson correlations" -- \
  "$A" corr "$HM" x1 x2 x4 x5 --ordered x1,x2
expect corr_ordered_unknown 2 "--ordered: 'x9' is not one of the variables" -- \
  "$A" corr "$HM" x1 x2 x4 --ordered x1,x9
expect corr_ordered_spearman 2 "--ordered goes with --polychoric" -- \
  "$A" corr "$HM" x1 x2 x4 --ordered x1 --spearman

# cfa --ordered x1,x2,x3 with x4-x9 continuous (lavaan cfa(..., ordered = c("x1","x2","x3"))):
# x2 loading 0.546267 (SE 0.101401), scaled-shifted chi2 75.2626, x4 intercept 3.060908
# (SE 0.068283); robust CFI NA in lavaan 0.6.14 (null here)
MHS='visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9'
json cfa_mixed 'abs(d["parameters"][1]["est"]-0.546267)<1e-5 and abs(d["parameters"][1]["se"]-0.101401)<1e-5 and abs(d["ordinal"]["chisq_scaled"]-75.2626)<1e-3 and d["ordinal"]["cfi_robust"] is None and len(d["ordinal"]["thresholds"])==9 and abs(d["ordinal"]["intercepts"][0]["est"]-3.060908)<1e-5 and abs(d["ordinal"]["intercepts"][0]["se"]-0.068283)<1e-5' \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x2,x3
expect cfa_mixed_text 0 "intercepts of the continuous indicators" -- "$A" cfa "$HM" -e "$MHS" --ordered x1,x2,x3
expect cfa_mixed_robust_na 0 "robust CFI/TLI/RMSEA .* are not defined" -- \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x2,x3 --estimator ULSMV
expect cfa_mixed_validity 2 "validity \(CR/AVE/HTMT\) with continuous indicators" -- \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x2,x3 --validity
expect cfa_ordered_unknown 2 "--ordered: 'x10' is not an observed variable" -- \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x10
