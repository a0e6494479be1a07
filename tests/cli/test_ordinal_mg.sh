#!/usr/bin/env bash
# CLI tests of multi-group fits with ordered indicators beyond WLSMV/delta (issue 13):
# --estimator ULSMV and --parameterization theta with --group, --group-partial terms for
# thresholds, --score-tests and the configural robust CFI/TLI/RMSEA
# (tests/reference/ordinal/mg2.csv, make_ordinal_mg2.R; lavaan 0.6.14); ordered and continuous
# indicators together (mgmix.csv, make_ordinal_mgmix.R); exogenous covariates and
# regressions on ordered variables (mgx.csv, make_ordinal_mgx.R); the theta parameterization
# with them and the robust CFI/TLI/RMSEA with equal loadings (make_ordinal_mg_theta2.R); a
# constraint line across groups (mg_gcon.csv, make_ordinal_mg_gcon.R); regressions on
# continuous indicators and path models without latent variables (mgpath.csv,
# make_ordinal_mgpath.R).
# usage: test_ordinal_mg.sh AMBIDEX SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
BFI=$SRC/tests/reference/data/bfi.csv
M="A =~ A1 + A2 + A3 + A4 + A5"

# run CMD...: its stdout into $T/out, stderr into $T/err, its exit code into $rc
run() { rc=0; "$@" >"$T/out" 2>"$T/err" || rc=$?; }
# has NAME CODE REGEX: the last run exited with CODE and printed REGEX
has() {
  if [ "$rc" -eq "$2" ] && cat "$T/out" "$T/err" | grep -Eq -- "$3"; then ok; else
    bad "$1: exit $rc (want $2), pattern '$3'"; head -20 "$T/out" "$T/err"; fi
}
# py NAME EXPR: EXPR on the last run's JSON output (d)
py() {
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not ($2))" "$T/out" \
    2>/dev/null; then ok; else bad "$1: $2"; fi
}

# ULSMV: lavaan chisq 52.388568 (configural), scaled 140.98630 (thresholds+loadings), robust
# CFI 0.960356 (configural) and NA after it
run "$A" cfa "$BFI" -e "$M" --ordered all --estimator ULSMV --group gender --format json
py mg_uls 'd["invariance"]["estimator"]=="ULSMV" and abs(d["invariance"]["models"][0]["chisq"]-52.388568)<1e-4 and abs(d["invariance"]["models"][2]["chisq_scaled"]-140.98630)<2e-3 and abs(d["invariance"]["models"][0]["cfi_robust"]-0.960356)<1e-5 and d["invariance"]["models"][1]["cfi_robust"] is None'
run "$A" cfa "$BFI" -e "$M" --ordered all --estimator ULSMV --group gender
has mg_uls_text 0 "Robust CFI 0\.960, TLI 0\.921, RMSEA 0\.097 of the configural"
# group.partial with a threshold: lavaan chisq 152.62489
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --group-equal thresholds,loadings \
  --group-partial "A1|t2, A =~ A3" --format json
py mg_partial 'abs(d["invariance"]["models"][0]["chisq"]-152.62489)<1e-3 and d["invariance"]["group_partial"]=="A1|t2, A =~ A3"'
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --group-equal thresholds \
  --group-partial "A1 | t9"
has mg_partial_bad 2 "'A1 \| t9' is not a parameter"
# score tests: lavTestScore, A =~ A5 at thresholds+loadings 14.11828
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --score-tests --format json
py mg_score 'any(t["parameter"]=="A =~ A5" and abs(t["x2"]-14.11828)<1e-3 for t in d["invariance"]["models"][2]["score_tests"])'
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --score-tests
has mg_score_text 0 "A1 \| t1 +1 = 2 +2[0-9]\.9"
# theta: lavaan's chisq as delta's (72.21783); A1 ~~ A1 free in group 2 once the thresholds
# are equal (0.986770); equal loadings without equal thresholds on the theta scale
# (make_ordinal_mg_theta.R, tmA: chisq 85.957093, scaled 112.15701)
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --parameterization theta --format json
py mg_theta 'd["invariance"]["parameterization"]=="theta" and abs(d["invariance"]["models"][0]["chisq"]-72.21783)<1e-3 and any(p["lhs"]=="A1" and p["op"]=="~~" and abs(p["est"]-0.986770)<1e-5 and p["se"] > 0 for p in d["invariance"]["models"][1]["groups"][1]["parameters"])'
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --parameterization theta \
  --group-equal loadings
has mg_theta_metric 0 "group.equal +85\.957 +14 +112\.157 "
# the robust (catML) CFI/TLI/RMSEA with the loadings shared (lavaan tmA: 0.95932574,
# 0.94189392, 0.08278504; delta, make_ordinal_mg_theta2.R robA: cfi.robust 0.95934858)
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --parameterization theta \
  --group-equal loadings --format json
py mg_theta_metric_robust 'abs(d["invariance"]["models"][0]["cfi_robust"]-0.95932574)<1e-6 and abs(d["invariance"]["models"][0]["tli_robust"]-0.94189392)<1e-6 and abs(d["invariance"]["models"][0]["rmsea_robust"]-0.08278504)<1e-6'
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --group-equal loadings --format json
py mg_delta_metric_robust 'abs(d["invariance"]["models"][0]["cfi_robust"]-0.95934858)<1e-6'

# ordered x1-x3 and continuous x4-x9 (make_ordinal_mgmix.R, mgmix.csv): lavaan chisq 56.032203
# (configural), scaled 158.85187 (thresholds+loadings), Satorra's difference 67.637344
# (thresholds), robust CFI NA; "intercepts" alone is lavaan's thresholds level (107.47028)
H=$SRC/tests/reference/ordinal/hs_mgmix.csv
MH="visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; speed =~ x7 + x8 + x9"
run "$A" cfa "$H" -e "$MH" --ordered x1,x2,x3 --group school --format json
py mg_mixed 'abs(d["invariance"]["models"][0]["chisq"]-56.032203)<1e-4 and abs(d["invariance"]["models"][2]["chisq_scaled"]-158.85187)<1e-3 and abs(d["invariance"]["models"][1]["delta_chisq_scaled"]-67.637344)<1e-3 and d["invariance"]["models"][0]["cfi_robust"] is None and any(p["lhs"]=="x4" and p["op"]=="~1" and p["free"] for p in d["invariance"]["models"][2]["groups"][1]["parameters"])'
run "$A" cfa "$H" -e "$MH" --ordered x1,x2,x3 --group school --group-equal intercepts
has mg_mixed_int 0 "group.equal +107\.470 +57"
# theta (make_ordinal_mg_theta.R, tmM): x1 ~~ x1 free in group 2 at the thresholds level
# (2.8944530, SE 5.4420079), chisq 109.74015 (thresholds+loadings)
run "$A" cfa "$H" -e "$MH" --ordered x1,x2,x3 --group school --parameterization theta --format json
py mg_mixed_theta 'abs(d["invariance"]["models"][2]["chisq"]-109.74015)<1e-4 and any(p["lhs"]=="x1" and p["op"]=="~~" and p["rhs"]=="x1" and abs(p["est"]-2.8944530)<1e-4 and abs(p["se"]-5.4420079)<1e-3 for p in d["invariance"]["models"][1]["groups"][1]["parameters"])'
run "$A" cfa "$H" -e "$MH" --ordered x1,x2,xx --group school
has mg_mixed_bad 2 "'xx' is not an observed variable"
# FIML with ordered indicators stays refused on purpose (lavaan has none for WLSMV/ULSMV)
run "$A" cfa "$H" -e "$MH" --ordered x1,x2,x3 --group school --missing fiml
has mg_fiml 2 "lavaan has no FIML for WLSMV/ULSMV"
# missing = "pairwise" by group (make_ordinal_mgmix.R pwA): lavaan chisq 73.235649 (configural)
run "$A" cfa "$BFI" -e "$M" --ordered all --group gender --missing pairwise --format json
py mg_pairwise 'abs(d["invariance"]["models"][0]["chisq"]-73.235649)<1e-4 and abs(d["invariance"]["models"][1]["chisq_scaled"]-211.29926)<1e-3'

# distinct c() labels stay out of --group-equal, as in lavaan (make_ordinal_mg_labels.R)
L=$SRC/tests/reference/ordinal/mg_labels_fit.csv
lv() { grep "^$1," "$L" | cut -d, -f2; }
run "$A" cfa "$BFI" -e "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5" --ordered all --group gender \
  --group-equal loadings,thresholds --format json
py mg_labels "(lambda m: m['df'] == $(lv df) and m['npar'] == $(lv npar) and abs(m['chisq'] - $(lv chisq)) < 1e-5 and abs(m['chisq_scaled'] - $(lv chisq.scaled)) < 1e-5)(d['invariance']['models'][0])"

# exogenous covariates (make_ordinal_mgx.R, mgx.csv): a MIMIC on ageyr and sex by school,
# lavaan chisq 22.587525 (configural, df 32), scaled 48.464461 (thresholds + loadings),
# Satorra (2000) difference 2.4382892 there, robust CFI null (NA in lavaan with covariates)
HX=$SRC/tests/reference/ordinal/hs_mgx.csv
MX="visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
visual ~ ageyr + sex
textual ~ ageyr + sex"
run "$A" sem "$HX" -e "$MX" --ordered x1,x2,x3,x4,x5,x6 --group school --format json
py mgx_mimic 'abs(d["invariance"]["models"][0]["chisq"]-22.587525)<1e-4 and d["invariance"]["models"][0]["df"]==32 and abs(d["invariance"]["models"][2]["chisq_scaled"]-48.464461)<1e-4 and abs(d["invariance"]["models"][2]["delta_chisq_scaled"]-2.4382892)<1e-4 and d["invariance"]["models"][0]["cfi_robust"] is None'
run "$A" sem "$HX" -e "$MX" --ordered x1,x2,x3,x4,x5,x6 --group school \
  --group-equal thresholds,loadings,regressions
has mgx_regressions 0 "32\.508"
# theta (make_ordinal_mg_theta2.R tmx): chisq as delta's, visual ~ sex -0.76860454 in group 1
# (configural, theta scale), x1 ~*~ x1 0.62209412 there, x4 ~~ x4 free in group 2 at the
# thresholds level (1.1377309, SE 0.68727253), scaled chisq 48.464464 (thresholds + loadings)
run "$A" sem "$HX" -e "$MX" --ordered x1,x2,x3,x4,x5,x6 --group school --parameterization theta \
  --format json
py mgx_theta 'abs(d["invariance"]["models"][0]["chisq"]-22.587525)<1e-4 and abs(d["invariance"]["models"][2]["chisq_scaled"]-48.464464)<1e-4 and any(p["lhs"]=="visual" and p["op"]=="~" and p["rhs"]=="sex" and abs(p["est"]+0.76860454)<1e-5 for p in d["invariance"]["models"][0]["groups"][0]["parameters"]) and any(p["lhs"]=="x1" and p["op"]=="~*~" and abs(p["est"]-0.62209412)<1e-5 for p in d["invariance"]["models"][0]["groups"][0]["parameters"]) and any(p["lhs"]=="x4" and p["op"]=="~~" and p["rhs"]=="x4" and abs(p["est"]-1.1377309)<1e-4 and abs(p["se"]-0.68727253)<1e-4 for p in d["invariance"]["models"][1]["groups"][1]["parameters"])'

# an ordered mediator (make_ordinal_mgx.R pmed): lavaan chisq 9.3179686 (configural, df 8),
# scaled 102.59085 (thresholds + loadings), x5 ~ x4 0.37311004 in group 2 there, robust CFI
# 0.88258048 (configural); theta is refused
HO=$SRC/tests/reference/ordinal/hs_ord.csv
MM="visual =~ x1 + x2 + x3
x4 ~ visual
x5 ~ x4 + visual"
run "$A" sem "$HO" -e "$MM" --ordered x1,x2,x3,x4,x5 --group school --format json
py mgx_mediator 'abs(d["invariance"]["models"][0]["chisq"]-9.3179686)<1e-4 and d["invariance"]["models"][0]["df"]==8 and abs(d["invariance"]["models"][2]["chisq_scaled"]-102.59085)<1e-3 and abs(d["invariance"]["models"][0]["cfi_robust"]-0.88258048)<1e-5 and any(p["lhs"]=="x5" and p["op"]=="~" and p["rhs"]=="x4" and abs(p["est"]-0.37311004)<1e-5 for p in d["invariance"]["models"][2]["groups"][1]["parameters"])'
# theta (make_ordinal_mg_theta2.R tpm): chisq as delta's, x4 ~~ x4 free in group 2 at the
# thresholds level (0.57591592, SE 0.22141863), x5 ~ x4 0.47194381 there at thresholds +
# loadings, robust CFI 0.97065464 (configural)
run "$A" sem "$HO" -e "$MM" --ordered x1,x2,x3,x4,x5 --group school --parameterization theta \
  --format json
py mgx_mediator_theta 'abs(d["invariance"]["models"][0]["chisq"]-9.3179686)<1e-4 and abs(d["invariance"]["models"][0]["cfi_robust"]-0.97065464)<1e-5 and any(p["lhs"]=="x4" and p["op"]=="~~" and p["rhs"]=="x4" and abs(p["est"]-0.57591592)<1e-5 and abs(p["se"]-0.22141863)<1e-5 for p in d["invariance"]["models"][1]["groups"][1]["parameters"]) and any(p["lhs"]=="x5" and p["op"]=="~" and p["rhs"]=="x4" and abs(p["est"]-0.47194381)<1e-5 for p in d["invariance"]["models"][2]["groups"][1]["parameters"])'
# (a) a regression on a continuous indicator (make_ordinal_mgpath.R cmed: x4 continuous
# mediator, its intercept reaching x3's thresholds) and (b) a path model without latent
# variables with regressions on ordered variables (ppath): lavaan's values from mgpath.csv
P=$SRC/tests/reference/ordinal/mgpath.csv
pv() { grep -F "$1," "$P" | head -1 | cut -d, -f2; }
run "$A" sem "$SRC/tests/reference/ordinal/hs_mgpath.csv" -e "visual =~ x1 + x2 + x6
x4 ~ visual
x3 ~ x4
x5 ~ x3 + x4" --ordered x1,x2,x3 --group school --format json
py mgpath_cont "(lambda m: abs(m[0]['chisq'] - $(pv cmed.configural.fit.chisq)) < 1e-4 and abs(m[2]['chisq_scaled'] - $(pv cmed.loadings.fit.chisq.scaled)) < 1e-3 and abs(m[1]['delta_chisq_scaled'] - $(pv cmed.thresholds.diff.chisq)) < 1e-3 and any(p['lhs'] == 'x3' and p['op'] == '|' and p['rhs'] == 't1' and abs(p['est'] - $(pv 'cmed.loadings.g2.x3.|.t1.est')) < 1e-4 for p in m[2]['groups'][1]['parameters']))(d['invariance']['models'])"
run "$A" sem "$HO" -e "x3 ~ x1 + x2
x4 ~ x3
x5 ~ x4 + x1" --ordered x3,x4,x5 --group school --format json
py mgpath_path "(lambda m: abs(m[0]['chisq'] - $(pv ppath.configural.fit.chisq)) < 1e-4 and abs(m[1]['chisq_scaled'] - $(pv ppath.thresholds.fit.chisq.scaled)) < 1e-3 and abs(m[1]['delta_chisq_scaled'] - $(pv ppath.thresholds.diff.chisq)) < 1e-3 and m[2]['df'] == m[1]['df'])(d['invariance']['models'])"
# a constraint line across groups (make_ordinal_mg_gcon.R, mg_gcon.csv, gA): robust CFI
# 0.99540600 (configural), Satorra (2000) differences 67.841225 and 8.0170917, lavTestScore
# of the line 2.8367185 (thresholds) and of A =~ A5 released 7.6122463 (thresholds+loadings)
MG="A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5
a1 + b1 == a2 + b2"
run "$A" cfa "$BFI" -e "$MG" --ordered all --group gender --score-tests --format json
py mg_gcon_seq 'abs(d["invariance"]["models"][0]["cfi_robust"]-0.99540600)<1e-6 and d["invariance"]["models"][1]["cfi_robust"] is None and abs(d["invariance"]["models"][1]["delta_chisq_scaled"]-67.841225)<1e-4 and abs(d["invariance"]["models"][2]["delta_chisq_scaled"]-8.0170917)<1e-4 and abs(d["invariance"]["models"][1]["constraint_score_tests"][0]["x2"]-2.8367185)<1e-4 and any(t["parameter"]=="A =~ A5" and abs(t["x2"]-7.6122463)<1e-4 for t in d["invariance"]["models"][2]["score_tests"])'
run "$A" cfa "$BFI" -e "$MG" --ordered all --group gender --score-tests
has mg_gcon_text 0 "Robust CFI 0\.995, TLI 0\.989, RMSEA 0\.043 of the configural"

# bootstrap of a theta fit (configural: --group-equal none) within the groups: the same bytes
# at 1 and 2 threads, the JSON's bootstrap object, the refits left out counted (with seed 3,
# 4 of 10 resamples have no finite theta solution; tests/unit/test_sem_mg_boot_ord.c
# compares the theta bootstrap with lavaan's)
MB="visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6"
for t in 1 2; do
  run "$A" sem "$HO" -e "$MB" --group school --ordered x1,x2,x3,x4,x5,x6 \
    --parameterization theta --group-equal none --boot 10 --seed 3 --threads $t --format json
  cp "$T/out" "$T/mgb$t.json"
done
cmp -s "$T/mgb1.json" "$T/mgb2.json" && ok || bad "mg_theta_boot: differs across thread counts"
py mg_theta_boot '(lambda i: i["parameterization"]=="theta" and i["bootstrap"]=={"requested": 10, "used": 6, "failed": 4, "seed": 3, "level": 0.95} and i["models"][0]["model"]=="group.equal" and all(p["boot_se"] > 0 and p["boot_accel"] is not None and p["boot_ci_lower"] is not None for g in i["models"][0]["groups"] for p in g["parameters"] if p["free"]))(d["invariance"])'
run "$A" sem "$HO" -e "$MB" --group school --ordered x1,x2,x3,x4,x5,x6 \
  --parameterization theta --group-equal none --boot 10 --seed 3
has mg_theta_boot_text 0 "6 of 10 resamples used \(the others did not converge; under theta"
has mg_theta_boot_title 0 "Group Grant-White: bootstrap \(10 resamples within the groups, seed 3\)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
