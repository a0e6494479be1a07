#!/usr/bin/env bash
# CLI tests of `--compare FILE` with `--group VAR`: lavTestLRT of two multi-group fits
# (ML; MLR and MLM, Satorra-Bentler 2001 and 2010; FIML; ordered indicators, Satorra 2000)
# against lavaan 0.6.14 (tests/reference/sem/make_mg_compare.R, mg_compare_lrt.csv), and
# the refusals (exit 2).
set -u
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/sem"
HS="$REF/hs.csv"
HSM="$REF/hs_missing.csv"
ORD="$SRC/tests/reference/ordinal/hs_ord.csv"
# lavaan's value: case, estimator, method, column (chisq 4, df 5, pvalue 6)
want() {
  awk -F, -v c="$1" -v e="$2" -v m="$3" -v k="$4" '$1 == c && $2 == e && $3 == m { print $k }' \
    "$REF/mg_compare_lrt.csv"
}
# |a - b| <= tol * max(|b|, 1)
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  s = b < 0 ? -b : b; if (s < 1) s = 1; exit !(a != "" && b != "" && d <= t * s) }'; }
# case estimator method tol, then the ambidex arguments: difference, df, p against lavaan
check() {
  local case=$1 est=$2 meth=$3 tol=$4
  shift 4
  if ! "$A" "$@" --format json -o "$T/out.json" 2>"$T/err"; then
    bad "$case $est $meth: $(cat "$T/err")"
    return
  fi
  local i=4
  for k in delta_chisq delta_df pvalue; do
    got=$(python3 -c 'import json,sys; print("%.17g" % json.load(open(sys.argv[1]))["compare"][sys.argv[2]])' \
      "$T/out.json" $k)
    close "$got" "$(want "$case" "$est" "$meth" $i)" "$tol" && ok ||
      bad "$case $est $meth $k: $got vs lavaan $(want "$case" "$est" "$meth" $i)"
    i=$((i + 1))
  done
  python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["compare"]["method"] != sys.argv[2])' \
    "$T/out.json" "$meth" && ok || bad "$case $est: method is not $meth"
}
H3='visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n'
printf "$H3" >"$T/hs3.lav"
printf "${H3}visual ~~ 0*speed\n" >"$T/path.lav"
printf 'visual =~ x1 + c(a, a)*x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n' \
  >"$T/label.lav"
printf "${H3}visual =~ x9\n" >"$T/cross.lav"
printf "${H3}textual ~~ 0*speed\n" >"$T/metric.lav"
# a constraint line over the groups' labels (mg_gcon.c)
printf 'visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\na1 + b1 == a2 + b2\n' \
  >"$T/line.lav"
# the pair of each case: restricted, other
pair() { case $1 in cross) echo "$T/hs3.lav $T/cross.lav" ;; *) echo "$T/$1.lav $T/hs3.lav" ;; esac; }

# 1. ML: the plain difference (1e-6); either model first
for cs in path label cross line; do
  set -- $(pair $cs)
  check $cs ML standard 1e-6 cfa "$HS" "$2" --group school --compare "$1"
done
set -- $(pair path)
check path ML standard 1e-6 cfa "$HS" "$1" --group school --compare "$2"
check metric ML standard 1e-6 cfa "$HS" "$T/hs3.lav" --group school --group-equal loadings \
  --compare "$T/metric.lav"
# 2. MLR, MLM: Satorra-Bentler 2001 and 2010. The scaling factors depend on the estimates,
# where lavaan's nlminb stops short (its chi2 agrees to 1e-9, its scaling factors to 1e-6):
# 2e-4 relative, measured at most 4.7e-5 (MLM) and 8.8e-5 (MLR, FIML below)
for est in MLR MLM; do
  for cs in path label cross metric line; do
    set -- $(pair $cs)
    eq=""
    [ $cs = metric ] && eq="--group-equal loadings"
    check $cs $est satorra.bentler.2001 2e-4 cfa "$HS" "$2" --group school --estimator $est \
      $eq --compare "$1"
    # lavaan's 2010 difference of cross under MLR is negative (-11.23): its cd < 0, refused
    [ $cs = cross ] && [ $est = MLR ] && continue
    check $cs $est satorra.bentler.2010 2e-4 cfa "$HS" "$1" --group school --estimator $est \
      $eq --diff-method sb2010 --compare "$2"
  done
done
set -- $(pair cross)
"$A" cfa "$HS" "$2" --group school --estimator MLR --diff-method sb2010 --compare "$1" \
  >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "not defined here" "$T/err" && ok || bad "cross MLR sb2010: $(cat "$T/err")"
# 3. FIML (--missing fiml), ML and MLR
for cs in path cross; do
  set -- $(pair $cs)
  check fiml_$cs ML standard 1e-6 cfa "$HSM" "$2" --group school --missing fiml --compare "$1"
  check fiml_$cs MLR satorra.bentler.2001 2e-4 cfa "$HSM" "$2" --group school --missing fiml \
    --estimator MLR --compare "$1"
  # path: lavaan's M10 scaling factor is NA (a negative trace): refused
  [ $cs = path ] && continue
  check fiml_$cs MLR satorra.bentler.2010 2e-4 cfa "$HSM" "$2" --group school --missing fiml \
    --estimator MLR --diff-method sb2010 --compare "$1"
done
set -- $(pair path)
"$A" cfa "$HSM" "$2" --group school --missing fiml --estimator MLR --diff-method sb2010 \
  --compare "$1" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "scaling factor at the restricted model's estimates is" "$T/err" && ok ||
  bad "fiml_path MLR sb2010: $(cat "$T/err")"
# 4. ordered indicators: Satorra (2000), WLSMV delta and theta, ULSMV; either model first
for cs in path label cross line; do
  set -- $(pair $cs)
  check $cs WLSMV_delta satorra.2000 1e-6 cfa "$ORD" "$2" --group school --ordered all \
    --compare "$1"
  check $cs WLSMV_theta satorra.2000 1e-6 cfa "$ORD" "$1" --group school --ordered all \
    --parameterization theta --compare "$2"
  check $cs ULSMV_delta satorra.2000 1e-6 cfa "$ORD" "$1" --group school --ordered all \
    --estimator ULSMV --compare "$2"
done
# the models listing the observed variables in another order (the factors' lines reversed,
# indicators swapped): the less restricted fit's Jacobian permuted into the other's statistics
# order, lavaan's figure of the same pair; either model first (the restricted one refitted)
printf 'speed =~ x7 + x8 + x9\ntextual =~ x4 + x5 + x6\nvisual =~ x1 + x2 + x3\n' >"$T/pathr.lav"
printf 'visual ~~ 0*speed\n' >>"$T/pathr.lav"
printf 'speed =~ x7 + x9 + x8\ntextual =~ x4 + x6 + x5\nvisual =~ x1 + x3 + x2\nvisual =~ x9\n' \
  >"$T/crossr.lav"
for pr in "path $T/pathr.lav $T/hs3.lav" "cross $T/hs3.lav $T/crossr.lav"; do
  set -- $pr
  check $1 WLSMV_delta satorra.2000 1e-6 cfa "$ORD" "$3" --group school --ordered all \
    --compare "$2"
  check $1 WLSMV_theta satorra.2000 1e-6 cfa "$ORD" "$2" --group school --ordered all \
    --parameterization theta --compare "$3"
  check $1 ULSMV_delta satorra.2000 1e-6 cfa "$ORD" "$2" --group school --ordered all \
    --estimator ULSMV --compare "$3"
done
"$A" cfa "$ORD" "$T/hs3.lav" --group school --ordered all --compare "$T/path.lav" |
  grep -q 'Scaled-shifted chi-square difference (Satorra 2000) = 35.566, df = 2' && ok ||
  bad "ordered text"
# 5. refusals (exit 2) naming the file: other observed variables, equal df
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n' >"$T/two.lav"
printf "${H3}textual ~~ 0*speed\n" >"$T/path2.lav"
refuse() {
  local what=$1 msg=$2
  shift 2
  "$A" "$@" >/dev/null 2>"$T/err"
  [ $? -eq 2 ] && grep -q -- "$msg" "$T/err" && ok || bad "$what: $(cat "$T/err")"
}
refuse "other variables" "two.lav: 'x7' is an observed variable of one model only" \
  cfa "$HS" "$T/hs3.lav" --group school --compare "$T/two.lav"
refuse "equal df" "path2.lav: both models have 50 degrees of freedom" \
  cfa "$HS" "$T/path.lav" --group school --compare "$T/path2.lav"
# --boot bootstraps the main model's fit (the test is not bootstrapped, as with one group):
# the same "invariance" JSON, bootstrap included, as the main model alone
for ge in none loadings; do
  "$A" cfa "$HS" "$T/hs3.lav" --group school --group-equal $ge --compare "$T/path.lav" \
    --boot 20 --seed 2 --format json -o "$T/bc.json" 2>"$T/err" &&
    "$A" cfa "$HS" "$T/hs3.lav" --group school --group-equal $ge --boot 20 --seed 2 \
      --format json -o "$T/bm.json" 2>>"$T/err" &&
    python3 -c 'import json,sys; a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(not ("compare" in a and a["invariance"] == b["invariance"]
              and a["invariance"]["bootstrap"]["used"] > 0))' "$T/bc.json" "$T/bm.json" &&
    ok || bad "--boot with --compare ($ge): $(cat "$T/err")"
done
# continuous indicators in another order (ML: the same figure)
check path ML standard 1e-6 cfa "$HS" "$T/hs3.lav" --group school --compare "$T/pathr.lav"
echo "test_sem_mg_compare: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
