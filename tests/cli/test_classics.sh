#!/usr/bin/env bash
# Issue 13 items 11-16 from the command line: the SPSS classics print their tables and
# JSON keys, and bad options exit 2 with one clear line.
. "$(dirname "$0")/lib.sh"
C=$SRC/tests/reference/classics/data
BFI=$SRC/tests/reference/data/bfi.csv

# has NAME PATTERN... -- COMMAND...: exit 0 and every pattern in stdout.
has() {
  local name=$1 pats=()
  shift
  while [ "$1" != "--" ]; do pats+=("$1"); shift; done
  shift
  "$A" "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne 0 ]; then bad "$name: exit $rc ($(head -c 300 "$T/stderr"))"; return; fi
  for p in "${pats[@]}"; do
    if ! grep -q -- "$p" "$T/stdout"; then bad "$name: output lacks '$p'"; return; fi
  done
  ok
}

# refuse NAME PATTERN -- COMMAND...: exit 2 and PATTERN on stderr.
refuse() {
  local name=$1 pat=$2
  shift 3
  "$A" "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$name: exit $rc, expected 2"; return; fi
  if ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"; return; fi
  ok
}

# ---- item 11: anova post-hoc, Levene, Welch ---------------------------------------
has "anova posthoc" "Based on median" "Robust test" "Tukey HSD" "Games-Howell" "Bonferroni" \
  "trt2       ctrl                       0.494       0.279  27.000  .198" -- \
  anova "$C/plantgrowth.csv" y --group g --posthoc all
has "anova json" '"games_howell"' '"levene"' '"statistic"' -- \
  anova "$C/mtcars.csv" y --group g --posthoc gh --format json
refuse "anova bad posthoc" "unknown test 'scheffe'" -- anova "$C/mtcars.csv" y --group g --posthoc tukey,scheffe

# ---- item 12: crosstab exact tests ------------------------------------------------
has "crosstab 2x2" "Continuity correction (Yates)" "Fisher's exact test" "Phi         -0.659" -- \
  crosstab "$C/xt_convictions.csv" r c
has "crosstab exact json" '"fisher_p":	0.7826849' '"yates_chi2":	null' -- \
  crosstab "$C/xt_job.csv" r c --exact --format json
has "crosstab rxc hint" "Fisher's exact test for tables larger than 2 x 2: --exact" -- \
  crosstab "$C/xt_job.csv" r c
has "crosstab monte carlo" "Fisher's exact test, Monte Carlo" "20000 random tables" "seed 3" -- \
  crosstab "$C/xt_job.csv" r c --simulate 20000 --seed 3
has "crosstab mc json" '"fisher_mc_tables":	20000' '"fisher_mc_ci_lower":' '"fisher_p":	null' -- \
  crosstab "$C/xt_job.csv" r c --simulate 20000 --format json
refuse "crosstab simulate 0" "--simulate takes a number of tables" -- \
  crosstab "$C/xt_job.csv" r c --simulate 0

# ---- item 14: reliability item table ---------------------------------------------
has "alpha item table" "Scale mean if item deleted" "Scale variance if item deleted" -- \
  alpha "$BFI" A1 A2 A3 A4 A5 --reverse A1 --range 1,6
has "alpha item json" '"scale_mean_if_deleted":	18.62975267626' '"scale_var_if_deleted"' -- \
  alpha "$BFI" A1 A2 A3 A4 A5 --reverse A1 --range 1,6 --format json

# ---- item 13: omega hierarchical --------------------------------------------------
HS=$SRC/tests/reference/data/hs1939.csv
has "omega hs" "Omega hierarchical  0.449" "Omega total         0.851" "F3\*" -- \
  omega "$HS" x1 x2 x3 x4 x5 x6 x7 x8 x9
has "omega json" '"omega_h":	0.44924' '"group_on_g"' -- \
  omega "$HS" x1 x2 x3 x4 x5 x6 x7 x8 x9 --format json
refuse "omega too many factors" "at least two items per factor" -- omega "$HS" x1 x2 x3 x4 x5 --factors 3

# ---- item 15: normality, f2, residuals -------------------------------------------
MT=$SRC/tests/reference/regress/data/mtcars.csv
has "describe normality" "Tests of normality" "mpg               0.126  32  .217           0.948  32  .123" -- \
  describe "$MT" mpg hp --normality
has "normality json" '"sw_p":	0.12288135853' -- describe "$MT" mpg --normality --format json

has "regress f2" "Cohen's f2" "4.773" "0.048" -- regress "$MT" "mpg ~ wt + hp" --block qsec
has "regress f2 json" '"f2_change":	0.04830963924' -- regress "$MT" "mpg ~ wt + hp" --block qsec --format json

has "regress residuals" "Residuals statistics" "Cook's distance" -- \
  regress "$MT" "mpg ~ wt + hp + qsec" --residuals --save-residuals "$T/res.csv"
if grep -q '^17,' "$T/res.csv" && head -1 "$T/res.csv" | grep -q 'sdresid,hat,lever,cooks'; then ok; else bad "save-residuals file"; fi

# ---- item 16: missing-data patterns, Little's MCAR test ----------------------------
has "mcar" "Missing-data patterns" "(none: complete)" "Little (1988)" "2190.945  1950  <.001" -- \
  describe "$BFI" A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 E1 E2 E3 E4 E5 N1 N2 N3 N4 N5 O1 O2 O3 O4 O5 --missing-patterns
has "mcar json" '"mcar_df":	1950' '"missing_patterns"' -- \
  describe "$BFI" A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 E1 E2 E3 E4 E5 N1 N2 N3 N4 N5 O1 O2 O3 O4 O5 --missing-patterns --format json

echo "classics CLI: $pass passed, $fail failed"
[ $fail -eq 0 ]
