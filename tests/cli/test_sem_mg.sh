#!/usr/bin/env bash
# CLI tests of multi-group CFA (issue 13 items 7 and 8): strict invariance, --group-equal
# with lavaan's names, --group-partial, per-group parameter tables in every format, MLR and
# MLM with Satorra-Bentler scaled differences; against make_invariance.R's fixtures.
set -u
. "$(dirname "$0")/lib.sh"
BIN=$A
REF="$SRC/tests/reference/sem"
TMP=$T
jflat() { tr -d ' \t\n' <"$1"; }
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  s = b < 0 ? -b : b; if (s < 1) s = 1; exit !(a != "" && d <= t * s) }'; }
# lavaan's fit measure: estimator, model, name
rfit() { awk -F, -v e="$1" -v m="$2" -v k="$3" '$1 == e && $2 == m && $3 == k { print $4 }' \
  "$REF/inv_fit.csv"; }
# the number after "key": in the JSON object of model M
mget() { jflat "$1" | grep -o "{\"model\":\"$2\"[^[]*" | grep -o "\"$3\":[-0-9.eE+]*" | head -1 |
  cut -d: -f2; }

# 1. the sequence ends with strict (equal residual variances)
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --format json -o "$TMP/seq.json" &&
  ok || bad "--group"
for k in chisq df cfi rmsea; do
  close "$(mget "$TMP/seq.json" strict "$k")" "$(rfit ML strict "$k")" 1e-5 && ok ||
    bad "strict $k: $(mget "$TMP/seq.json" strict "$k") vs $(rfit ML strict "$k")"
done

# 2. one fit with every group.equal name, per-group tables in text, CSV, HTML, docx
eq=loadings,intercepts,residuals,means,lv.variances,lv.covariances,regressions,residual.covariances
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal "$eq" >"$TMP/all.txt" &&
  ok || bad "--group-equal all"
grep -q "Group Grant-White (n = 145): parameter estimates, group.equal model" "$TMP/all.txt" &&
  grep -q "\.p1\." "$TMP/all.txt" && ok || bad "per-group table in text"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal "$eq" --format json \
  -o "$TMP/all.json" && ok || bad "--group-equal json"
close "$(mget "$TMP/all.json" group.equal chisq)" "$(rfit ML all chisq)" 1e-5 && ok ||
  bad "group.equal chisq"
for f in csv html docx; do
  "$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings \
    -o "$TMP/m.$f" && [ -s "$TMP/m.$f" ] && ok || bad "--group-equal -o m.$f"
done
grep -q "Pasteur" "$TMP/m.csv" && grep -q "Group Pasteur" "$TMP/m.html" && ok ||
  bad "per-group tables in CSV and HTML"

# 3. partial invariance: x3's intercept and speed =~ x9 free in each group
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-partial "x3 ~ 1, speed =~ x9" \
  --format json -o "$TMP/part.json" && ok || bad "--group-partial"
close "$(mget "$TMP/part.json" scalar chisq)" "$(rfit ML partial chisq)" 1e-5 && ok ||
  bad "partial scalar chisq"

# 4. MLR and MLM: scaled chi2 and the Satorra-Bentler (2001) difference
for est in MLR MLM; do
  "$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --estimator $est --format json \
    -o "$TMP/$est.json" && ok || bad "--group --estimator $est"
  close "$(mget "$TMP/$est.json" scalar chisq_scaled)" "$(rfit $est scalar chisq.scaled)" 1e-5 &&
    ok || bad "$est scalar chisq_scaled"
  r=$(awk -F, -v e=$est '$1 == e && $2 == "scalar" && $3 == "satorra.bentler.2001" { print $4 }' \
    "$REF/inv_lrt.csv")
  close "$(mget "$TMP/$est.json" scalar delta_chisq_scaled)" "$r" 1e-4 && ok ||
    bad "$est scaled difference"
done

# 5. --compare: the scaled difference of two single-group models (robust_lrt.csv: lavaan's
# lavTestLRT(hs3, hs3o) with estimator MLM and MLR, hs3o the orthogonal CFA)
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nvisual ~~ 0*textual + 0*speed\ntextual ~~ 0*speed\n' \
  >"$TMP/orth.lav"
for est in MLM MLR; do
  lo=$(echo $est | tr A-Z a-z)
  "$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --estimator $est --compare "$TMP/orth.lav" \
    --format json -o "$TMP/cmp.json" && ok || bad "--compare $est"
  d=$(jflat "$TMP/cmp.json" | grep -o '"delta_chisq":[-0-9.eE+]*' | tail -1 | cut -d: -f2)
  r=$(awk -F, -v t=$lo '$1 == t { print $2 }' "$REF/robust_lrt.csv")
  close "$d" "$r" 1e-5 && ok || bad "--compare $est: $d vs lavaan $r"
done
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --compare "$TMP/orth.lav" | grep -q "Chi-square difference = 68.222, df = 3" &&
  ok || bad "--compare ML text"

# 5b. FIML across groups (mgf_fit.csv: lavaan cfa(group = "school", missing = "ml"), MLR)
"$BIN" cfa "$REF/hs_missing.csv" "$REF/hs3.lav" --group school --missing fiml --estimator MLR \
  --format json -o "$TMP/mgf.json" && ok || bad "--group with --missing fiml"
for k in chisq_scaled cfi_robust; do
  got=$(jflat "$TMP/mgf.json" | grep -o "\"$k\":[-0-9.eE+]*" | head -1 | cut -d: -f2)
  ln=$(echo $k | tr _ .)
  want=$(awk -F, -v n=$ln '$1 == "MLR" && $2 == "configural" && $3 == n { print $4 }' \
    "$REF/mgf_fit.csv")
  close "$got" "$want" 1e-5 && ok || bad "FIML $k: $got vs lavaan $want"
done
"$BIN" cfa "$REF/hs_missing.csv" "$REF/hs3.lav" --group school --missing fiml |
  grep -q "missing values by full-information ML (FIML)" && ok || bad "FIML note"

# 5c. score tests of the equalities (inv_score.csv: lavaan's lavTestScore of the scalar fit)
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings,intercepts \
  --score-tests >"$TMP/score.txt" && ok || bad "--score-tests"
want=$(awk -F, '$1 == "complete" && $2 == "scalar" && $3 == "x3" && $4 == "~1" {
  printf "%.3f", $7 }' "$REF/inv_score.csv")
grep -q "^x3 ~ 1 *Pasteur = Grant-White *$want *1 *<.001" "$TMP/score.txt" && ok ||
  bad "score test of x3 ~ 1: want $want; $(grep 'x3 ~ 1' "$TMP/score.txt")"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --score-tests 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "no equality constraint to test" "$TMP/err" && ok || bad "--score-tests without a constraint"
# 5b. --diff-method sb2010 (Satorra-Bentler 2010; sb2010_lrt.csv and inv_lrt.csv)
for est in MLM MLR; do
  "$BIN" sem "$REF/pd.csv" "$REF/pd_free.lav" --estimator $est --compare "$REF/pd_nocov.lav" \
    --diff-method sb2010 --format json -o "$TMP/cmp10.json" && ok || bad "--diff-method $est"
  d=$(jflat "$TMP/cmp10.json" | grep -o '"delta_chisq":[-0-9.eE+]*' | tail -1 | cut -d: -f2)
  r=$(awk -F, -v e=$est '$1 == "pd_nocov" && $2 == e && $3 == "satorra.bentler.2010" { print $4 }' \
    "$REF/sb2010_lrt.csv")
  close "$d" "$r" 1e-6 && ok || bad "--compare sb2010 $est: $d vs lavaan $r"
  jflat "$TMP/cmp10.json" | grep -q '"method":"satorra.bentler.2010"' && ok || bad "sb2010 method"
  "$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --estimator $est --diff-method sb2010 \
    --format json -o "$TMP/inv10.json" && ok || bad "--group --diff-method $est"
  r=$(awk -F, -v e=$est '$1 == e && $2 == "scalar" && $3 == "satorra.bentler.2010" { print $4 }' \
    "$REF/inv_lrt.csv")
  close "$(mget "$TMP/inv10.json" scalar delta_chisq_scaled)" "$r" 1e-4 && ok ||
    bad "$est sb2010 scaled difference"
done
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --diff-method sb2010 --estimator MLR 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "goes with --compare" "$TMP/err" && ok || bad "--diff-method alone"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --compare "$TMP/orth.lav" --diff-method sb2010 \
  2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "MLR or MLM" "$TMP/err" && ok || bad "--diff-method under ML"

# modification indices per group (make_mg_mi.R: metric, Grant-White, visual =~ x9 21.190)
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings --mi \
  >"$TMP/mi.txt" 2>"$TMP/err" && grep -q "Modification indices, group.equal model, group Grant-White" \
  "$TMP/mi.txt" && grep -q "^visual *=~ *x9 *21.190 " "$TMP/mi.txt" && ok ||
  bad "--group --mi: $(cat "$TMP/err")"
# with FIML (make_mg_fiml_mi.R: metric, Grant-White, x7 ~~ x8 17.489)
"$BIN" cfa "$REF/hs_missing.csv" "$REF/hs3.lav" --group school --group-equal loadings \
  --missing fiml --mi >"$TMP/mi.txt" 2>"$TMP/err" && grep -q "^x7 *~~ *x8 *17.489 " \
  "$TMP/mi.txt" && ok || bad "--group --mi --missing fiml: $(cat "$TMP/err")"

# 6. bad input
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings,intercept \
  2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "unknown name 'intercept'" "$TMP/err" && ok || bad "bad group.equal"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-partial "visual =~ x9" \
  2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "'visual =~ x9' is not a parameter" "$TMP/err" && ok ||
  bad "bad group.partial: $(cat "$TMP/err")"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group-equal loadings 2>"$TMP/err" >/dev/null
[ $? -eq 2 ] && grep -q "go with --group" "$TMP/err" && ok || bad "--group-equal alone"

# 7. bootstrap within the groups (lavaan se = "bootstrap" with group =): same seed, same
# output at 1 and 2 threads; BCa limits; FIML fits
for t in 1 2; do
  "$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings --boot 30 \
    --seed 5 --threads $t --format json -o "$TMP/mgb$t.json" 2>"$TMP/err" || bad "--group --boot: $(cat "$TMP/err")"
done
cmp -s "$TMP/mgb1.json" "$TMP/mgb2.json" && ok || bad "--group --boot differs across thread counts"
jflat "$TMP/mgb1.json" | grep -q '"lhs":"visual","op":"=~","rhs":"x2".*"boot_se":0\.[0-9]' && ok ||
  bad "--group --boot: boot_se in JSON"
"$BIN" cfa "$REF/hs.csv" "$REF/hs3.lav" --group school --group-equal loadings --boot 20 \
  >"$TMP/out" 2>"$TMP/err"
grep -q "Group Pasteur: bootstrap (20 resamples within the groups, seed 1)" "$TMP/out" && ok ||
  bad "--group --boot table: $(cat "$TMP/err")"
grep -q "BCa (acceleration from the jackknife within the groups)" "$TMP/out" && ok ||
  bad "--group --boot: BCa note"
"$BIN" cfa "$REF/hs_missing.csv" "$REF/hs3.lav" --group school --missing fiml --boot 10 \
  --group-equal loadings >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && grep -q "replacement (each with its missing values)" "$TMP/out" && ok ||
  bad "--group --boot --missing fiml: $(cat "$TMP/err")"
# FIML with fixed covariates: a case missing ageyr or grade is out of the fit (lavaan's
# fixed.x; 144 of Grant-White's 145 cases with a value) and out of the resampling, at 1 and
# 2 threads the same bytes
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ ageyr + grade\n' >"$TMP/fx.lav"
for t in 1 2; do
  "$BIN" sem "$REF/hs_missing.csv" "$TMP/fx.lav" --group school --group-equal none \
    --missing fiml --estimator MLR --boot 10 --threads $t --format json \
    -o "$TMP/fxb$t.json" 2>"$TMP/err" || bad "--group --boot, FIML, fixed x: $(cat "$TMP/err")"
done
cmp -s "$TMP/fxb1.json" "$TMP/fxb2.json" && jflat "$TMP/fxb1.json" |
  grep -q '"bootstrap":{"requested":10,"used":10' && ok ||
  bad "--group --boot, FIML, fixed x: bootstrap object or thread counts"

# 8. MLM with fixed covariates: lavaan's Gamma conditional on the covariates (scaling factor
# 1.020 single-group, 1.004 configural by school; make_mlm_fixedx.R, make_mg_fixedx.R; the
# scalar and strict rows and their SB2001 differences as lavaan's, checked by hand)
M="visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; visual ~ ageyr + grade"
"$BIN" cfa "$REF/hs.csv" -e "$M" --estimator MLM >"$TMP/out" 2>"$TMP/err" &&
  grep -Eq "^Scaling factor +1.020$" "$TMP/out" && ok || bad "MLM with fixed x: $(cat "$TMP/err")"
"$BIN" cfa "$REF/hs.csv" -e "$M" --estimator MLM --group school >"$TMP/out" 2>"$TMP/err" &&
  grep -Eq "^configural +136.635 +38 +136.105 +1.004 " "$TMP/out" &&
  grep -Eq "^scalar +170.091 +46 +169.392 +1.004 .* 34.082 +4 +<.001$" "$TMP/out" &&
  grep -Eq "^strict +179.518 +52 +178.548 +1.005 .* 9.283 +6 +.158$" "$TMP/out" && ok ||
  bad "MLM with fixed x --group: $(cat "$TMP/err")"
# the bootstrap (point estimates only) gives the ML figures; --cov has no casewise moments
"$BIN" cfa "$REF/hs.csv" -e "$M" --boot 20 --format csv >"$TMP/ml" 2>"$TMP/err" &&
  "$BIN" cfa "$REF/hs.csv" -e "$M" --boot 20 --estimator MLM --format csv >"$TMP/out" 2>>"$TMP/err" &&
  [ "$(grep -A999 "Boot SE" "$TMP/ml")" = "$(grep -A999 "Boot SE" "$TMP/out")" ] &&
  grep -q "^visual,~,ageyr,-0.147,0.091," "$TMP/out" && ok || bad "MLM with fixed x --boot: $(cat "$TMP/err")"
"$BIN" cfa --cov "$REF/hs_cov_full.csv" --nobs 301 "$REF/hs3.lav" --estimator MLM >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "MLM (Satorra-Bentler) standard errors and scaled chi-square need raw data" "$TMP/err" &&
  ok || bad "MLM with --cov: $(cat "$TMP/err")"

# 9. A Heywood case in one group (Grant-White's own fit of hsm_mg120.csv without id 214 has
# x3 ~~ x3 < 0) is no joint start of the metric level: positive start variances are; the
# four levels' chi2 as lavaan's (make_mg_heywood.R, to 1e-5)
awk -F, 'NR == 1 || $1 != 214' "$REF/hsm_mg120.csv" >"$TMP/hey.csv"
"$BIN" cfa "$TMP/hey.csv" -e "visual =~ x1 + x2 + x3" --group school --missing fiml \
  --format json >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && paste <(grep -o '"chisq":[^,]*' "$TMP/out" | head -4 | cut -d: -f2) \
  <(tail -n +2 "$REF/mg_heywood_fit.csv" | cut -d, -f2) |
  awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 1e-5) bad = 1; n++ } END { exit bad || n != 4 }' &&
  ok || bad "multi-group FIML from a Heywood group: $(cat "$TMP/err")"

echo "test_sem_mg.sh: $pass passed, $fail failed"
[ $fail -eq 0 ]
