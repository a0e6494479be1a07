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
