#!/usr/bin/env bash
# CLI tests of --score-tests in a single-group fit (lavaan's lavTestScore(fit); make_score1.R,
# score1.csv and score1_total.csv): the table and the JSON constraint_score_tests (each
# "==" line and each repeated label released alone, then the total), ML, MLR (lavaan's
# ordinary test), FIML, ordered indicators (WLSMV, ULSMV, theta; pairwise deletion, continuous
# indicators and covariates: make_score1_mix.R, score1_mix.csv); and the refusals (exit 2).
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/sem"
jflat() { tr -d ' \t\n' <"$1"; }
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  exit !(a != "" && b != "" && d <= t) }'; }
# the constraint test k (1-based) in a JSON file (the tests, then the total)
cget() { jflat "$1" | grep -o '"constraint_score_tests":\[[^]]*' | head -1 |
  grep -o '"x2":[-0-9.eE+]*' | sed -n "$2p" | cut -d: -f2; }
# lavaan's X2 of test k of model m (score1.csv) and its total (score1_total.csv)
ref() { awk -F, -v m="$1" -v k="$2" '$1 == m && $2 == k { print $5 }' "$REF/score1.csv"; }
reft() { awk -F, -v m="$1" '$1 == m { print $4 }' "$REF/score1_total.csv"; }

printf 'visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + c*x6\nspeed =~ x7 + d*x8 + e*x9\nb == c\nd == 2*e\n' >"$T/mix.lav"
# 1. the three tests of s1_mix (lavaan's order: the lines, then the label) and the total,
# under ML, MLR and FIML (hs_missing.csv)
for c in "s1_mix hs.csv" "s1_mlr hs.csv --estimator MLR" "s1_fiml hs_missing.csv --missing fiml"; do
  set -- $c
  m=$1 data=$2
  shift 2
  "$A" cfa "$REF/$data" "$T/mix.lav" "$@" --score-tests --format json -o "$T/$m.json" \
    2>"$T/err" && ok || bad "$m: $(cat "$T/err")"
  for k in 1 2 3; do
    close "$(cget "$T/$m.json" $k)" "$(ref $m $k)" 1e-4 && ok ||
      bad "$m test $k: $(cget "$T/$m.json" $k) vs lavaan $(ref $m $k)"
  done
  close "$(cget "$T/$m.json" 4)" "$(reft $m)" 1e-4 && ok ||
    bad "$m total: $(cget "$T/$m.json" 4) vs lavaan $(reft $m)"
done
jflat "$T/s1_mix.json" | grep -q '"constraint":"visual=~x2==visual=~x3"' && ok ||
  bad "the label's test named by its parameters"
"$A" cfa "$REF/hs.csv" "$T/mix.lav" --score-tests >"$T/out" 2>"$T/err"
grep -q "^b == c *9.059 *1 *.003" "$T/out" &&
  grep -q "^visual =~ x2 == visual =~ x3 *2.599 *1 *.107" "$T/out" &&
  grep -q "^total (all constraints) *20.338 *3 *<.001" "$T/out" && ok ||
  bad "score table: $(grep -A9 'score tests' "$T/out")"
# 2. a SEM with a repeated regression label (s1_sem)
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nspeed ~ r*visual + r*textual\n' >"$T/sem.lav"
"$A" sem "$REF/hs.csv" "$T/sem.lav" --score-tests --format json -o "$T/sem.json" 2>"$T/err" &&
  close "$(cget "$T/sem.json" 1)" "$(ref s1_sem 1)" 1e-4 && ok ||
  bad "s1_sem: $(cget "$T/sem.json" 1) vs lavaan $(ref s1_sem 1) $(cat "$T/err")"
# 3. ordered indicators: b1_ord (WLSMV, delta), b1_ordu (ULSMV), b1_ordt (theta); the
# case's name, then its options
ordcase() {
  m=$1
  shift
  "$A" cfa "$SRC/tests/reference/data/bfi.csv" -e 'A =~ A2 + a*A3 + a*A4 + b*A5; b == 0.8*a' \
    --ordered all "$@" --score-tests --format json -o "$T/$m.json" 2>"$T/err" && ok ||
    bad "$m: $(cat "$T/err")"
  for k in 1 2; do
    close "$(cget "$T/$m.json" $k)" "$(ref "$m" $k)" 1e-4 && ok ||
      bad "$m test $k: $(cget "$T/$m.json" $k) vs lavaan $(ref "$m" $k)"
  done
  close "$(cget "$T/$m.json" 3)" "$(reft "$m")" 1e-4 && ok ||
    bad "$m total: $(cget "$T/$m.json" 3) vs lavaan $(reft "$m")"
}
ordcase b1_ord
ordcase b1_ordu --estimator ULSMV
ordcase b1_ordt --parameterization theta
# 4. make_score1_mix.R (score1_mix.csv): ordered indicators under pairwise deletion (p1_ord),
# ordered and continuous indicators with covariates (x1_mixx); the case, its number of
# tests, data, model, then the options
mref() { awk -F, -v m="$1" -v k="$2" '$1 == m && $2 == k { print $5 }' "$REF/score1_mix.csv"; }
mreft() { awk -F, -v m="$1" '$1 == m { print $4 }' "$REF/score1_mix_total.csv"; }
mixcase() {
  m=$1 nt=$2 data=$3 model=$4
  shift 4
  "$A" sem "$data" -e "$model" "$@" --score-tests --format json -o "$T/$m.json" 2>"$T/err" &&
    ok || bad "$m: $(cat "$T/err")"
  for k in $(seq 1 "$nt"); do
    close "$(cget "$T/$m.json" "$k")" "$(mref "$m" "$k")" 1e-4 && ok ||
      bad "$m test $k: $(cget "$T/$m.json" "$k") vs lavaan $(mref "$m" "$k")"
  done
  close "$(cget "$T/$m.json" $((nt + 1)))" "$(mreft "$m")" 1e-4 && ok ||
    bad "$m total: $(cget "$T/$m.json" $((nt + 1))) vs lavaan $(mreft "$m")"
}
mixcase p1_ord 2 "$SRC/tests/reference/data/bfi.csv" 'A =~ A2 + a*A3 + a*A4 + b*A5; b == 0.8*a' \
  --ordered all --missing pairwise
hx='visual =~ x1 + a*x2 + a*x3; textual =~ x4 + b*x5 + c*x6'
mixcase x1_mixx 2 "$SRC/tests/reference/ordinal/hs_mixx.csv" \
  "$hx; visual ~ ageyr + sex; textual ~ ageyr + sex; b == c" --ordered x1,x2,x3
# 5. refusals: no constraint, an inequality line, exit 2 with the reason
"$A" cfa "$REF/hs.csv" "$REF/hs3.lav" --score-tests >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "no equality constraint to test" "$T/err" && ok || bad "no constraint: $(cat "$T/err")"
"$A" cfa "$REF/hs.csv" -e 'visual =~ x1 + a*x2 + x3; a > 0.1' --score-tests >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "equality constraints only" "$T/err" && ok || bad "inequality: $(cat "$T/err")"

echo "test_sem_score1.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
