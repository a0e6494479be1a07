#!/usr/bin/env bash
# CLI tests of ordinal indicators (issue 13): corr --polychoric with thresholds,
# efa/pca/alpha --polychoric, and the bad-input messages; ordered and continuous variables
# together (corr --ordered, cfa --ordered VARS; tests/reference/ordinal/mixed_*.csv).
# usage: test_ordinal.sh AMBIDEX SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
BFI=$SRC/tests/reference/data/bfi.csv
ORD=$SRC/tests/reference/ordinal

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

# categorical CFA (lavaan cfa(ordered = TRUE), WLSMV): chisq 74.070, scaled 143.536,
# cfi.robust 0.96107, A=~A2 -1.64844 (se 0.071967)
MA="A =~ A1 + A2 + A3 + A4 + A5"
json cfa_wlsmv 'abs(d["fit"]["chisq"]-74.0702)<1e-3 and abs(d["ordinal"]["chisq_scaled"]-143.5365)<1e-3 and abs(d["ordinal"]["cfi_robust"]-0.961066)<1e-5 and abs(d["parameters"][1]["se"]-0.0719674)<1e-6 and d["ordinal"]["estimator"]=="WLSMV" and len(d["ordinal"]["thresholds"])==25' \
  "$A" cfa "$BFI" -e "$MA" --ordered all
json cfa_ulsmv 'd["ordinal"]["estimator"]=="ULSMV"' "$A" cfa "$BFI" -e "$MA" --ordered A1,A2,A3,A4,A5 --estimator ULSMV
expect cfa_wlsmv_text 0 "WLSMV test and robust fit" -- "$A" cfa "$BFI" -e "$MA" --estimator WLSMV
expect cfa_ordered_thresholds 0 "A5 +t5 +0\.685" -- "$A" cfa "$BFI" -e "$MA" --ordered all
expect cfa_ordered_se_note 0 "SEs robust \(WLSMV sandwich\)" -- "$A" cfa "$BFI" -e "$MA" --ordered all
expect cfa_ulsmv_se_note 0 "SEs robust \(ULSMV sandwich\)" -- "$A" cfa "$BFI" -e "$MA" --ordered all --estimator ULSMV
# session 5: the unlisted indicators are continuous (lavaan ordered = c("A1", "A2"))
expect cfa_ordered_subset 0 "intercepts of the continuous indicators" -- \
  "$A" cfa "$BFI" -e "$MA" --ordered A1,A2
expect cfa_ordered_unknown 2 "--ordered: 'B1' is not an observed variable" -- \
  "$A" cfa "$BFI" -e "$MA" --ordered B1
expect cfa_ordered_ml 2 "estimated by --estimator WLSMV" -- "$A" cfa "$BFI" -e "$MA" --ordered all --estimator ML
# session 7: thresholds bootstrapped, BCa from the jackknife of the ordinal refits, theta
B300=$SRC/tests/reference/sem/bfi_a300.csv
MA4="A =~ A2 + A3 + A4 + A5"
expect cfa_ordered_boot 0 "A5 +\\| +t5 " -- "$A" cfa "$B300" -e "$MA4" --ordered all --boot 20
expect cfa_ordered_boot_theta 0 "estimates, in the theta parameterization" -- "$A" cfa "$B300" -e "$MA4" \
  --ordered all --parameterization theta --boot 20
json cfa_ordered_boot_json 'd["ordinal"]["thresholds"][0]["boot_se"]>0 and d["ordinal"]["thresholds"][19]["boot_bca_upper"]>d["ordinal"]["thresholds"][19]["est"]' \
  "$A" cfa "$B300" -e "$MA4" --ordered all --boot 20
expect cfa_ordered_bs 2 "do not combine with" -- "$A" cfa "$BFI" -e "$MA" --ordered all --bollen-stine 10
expect cfa_ordered_means 2 "'~ 1' with ordered indicators" -- "$A" cfa "$BFI" -e "$MA
A1 ~ 1" --ordered all

# observed covariates (lavaan conditional.x; make_ordinal_x.R, xmimic): f ~ age + gender
# chisq 153.6523, scaled 240.5339, df 13; robust indices null (lavaan NA)
MX="f =~ A1 + A2 + A3 + A4 + A5
f ~ age + gender"
json sem_ordered_x 'abs(d["fit"]["chisq"]-153.6523)<1e-3 and abs(d["ordinal"]["chisq_scaled"]-240.5339)<1e-3 and d["ordinal"]["cfi_robust"] is None and d["fit"]["df"]==13' \
  "$A" sem "$BFI" -e "$MX" --ordered A1,A2,A3,A4,A5
expect sem_ordered_x_note 0 "Conditional on the 2 exogenous covariate" -- "$A" sem "$BFI" -e "$MX" --ordered all
expect sem_ordered_x_listed 2 "'age' is an exogenous covariate" -- \
  "$A" sem "$BFI" -e "$MX" --ordered A1,A2,A3,A4,A5,age
# missing = "pairwise" (lavaan, cfa_x.csv pwA): chisq 75.30398, n 2800, A1|t1 -0.4366622
json cfa_ordered_pairwise 'abs(d["fit"]["chisq"]-75.30398)<1e-3 and abs(d["ordinal"]["thresholds"][0]["est"]+0.4366622)<1e-6' \
  "$A" cfa "$BFI" -e "$MA" --ordered all --missing pairwise
expect cfa_ordered_pairwise_n 0 "n = 2800" -- "$A" cfa "$BFI" -e "$MA" --ordered all --missing pairwise
expect cfa_ordered_fiml 2 "do not combine with" -- "$A" cfa "$BFI" -e "$MA" --ordered all --missing fiml
# an ordered mediator (make_ordinal_path.R, opmed): chi2 10.218720, x5 ~ x4 SE 0.0809114;
# with --parameterization theta (make_ordinal_theta_fit.R, tpmed): x5 ~ x4 0.830430, SE 0.103135
MED="visual =~ x1 + x2 + x3
x4 ~ visual
x5 ~ x4 + visual"
expect sem_ordered_on_ordered 0 "Chi-square +10\.219" -- \
  "$A" sem "$ORD/hs_ord.csv" -e "$MED" --ordered x1,x2,x3,x4,x5
expect sem_ordered_on_ordered_se 0 "^x5 +~ +x4 +0\.659\*\*\* +0\.081 " -- \
  "$A" sem "$ORD/hs_ord.csv" -e "$MED" --ordered x1,x2,x3,x4,x5
expect sem_ordered_on_ordered_theta 0 "^x5 +~ +x4 +0\.830\*\*\* +0\.103 " -- \
  "$A" sem "$ORD/hs_ord.csv" -e "$MED" --ordered x1,x2,x3,x4,x5 --parameterization theta
# a path model without latent variables mixing ordered and continuous variables
# (make_ordinal_pathmix.R, pmboth: x1, x2 ordered, x4 continuous): chi2 13.270398, df 4,
# scaled 14.189620, x1 ~ x2 0.22037175 (SE 0.060246488)
json sem_path_mixed 'abs(d["fit"]["chisq"]-13.270398)<1e-4 and d["fit"]["df"]==4 and abs(d["ordinal"]["chisq_scaled"]-14.189620)<1e-4 and any(abs(q["est"]-0.22037175)<1e-6 and abs(q["se"]-0.060246488)<1e-7 for q in d["parameters"])' \
  "$A" sem "$ORD/hs_mixx.csv" -e "x4 ~ sex
x2 ~ x4 + ageyr
x1 ~ x2 + x4" --ordered x1,x2
# constraint lines (make_ordinal_constr.R, ceq: a == b): chisq 255.43833, A3 loading SE
# 0.024483632; general constraints (make_ordinal_gcon.R, gsum: chisq 135.71593, A4 SE
# 0.020858567) and an active bound (gbnd: b > 1.1, chisq 219.54081, A3 SE 0.032191792,
# b without SE); under theta (make_ordinal_theta_fit.R, tg2b: a == 2*b on the theta scale):
# chisq 133.39191, A3 loading 1.4173044, SE 0.070426988
MK="A =~ A2 + a*A3 + b*A4 + A5
C =~ C1 + C2 + c*C3 + d*C4"
json cfa_ordered_constr 'abs(d["fit"]["chisq"]-255.43833)<1e-3 and abs(d["parameters"][1]["se"]-0.024483632)<1e-7 and d["fit"]["df"]==20' \
  "$A" cfa "$BFI" -e "$MK
a == b" --ordered all
json cfa_ordered_gcon 'abs(d["fit"]["chisq"]-135.71593)<1e-3 and abs(d["parameters"][2]["se"]-0.020858567)<1e-7 and d["fit"]["df"]==20' \
  "$A" cfa "$BFI" -e "$MK
a + b + c == 3" --ordered all
json cfa_ordered_active 'abs(d["fit"]["chisq"]-219.54081)<1e-3 and abs(d["parameters"][1]["se"]-0.032191792)<1e-7 and d["parameters"][2]["se"] is None and d["fit"]["df"]==19' \
  "$A" cfa "$BFI" -e "$MK
b > 1.1" --ordered all
# constraint lines with --ordered --group (make_ordinal_gcon.R, mggen: a1 + b1 == a2 + b2):
# chisq 7.2526530, scaled 13.683863, df 5, group 1 A4 loading SE 0.036370825; with theta
# (make_ordinal_mg_theta.R, tmG): chisq 7.2817886, scaled 14.544182
MG="A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5
a1 + b1 == a2 + b2"
json cfa_ordered_group_gcon 'all(abs(m["chisq"]-7.2526530)<1e-4 and abs(m["chisq_scaled"]-13.683863)<1e-4 and m["df"]==5 and abs(m["groups"][0]["parameters"][2]["se"]-0.036370825)<1e-7 for m in d["invariance"]["models"][:1])' \
  "$A" cfa "$BFI" -e "$MG" --ordered all --group gender --group-equal none
json cfa_ordered_group_gcon_theta 'abs(d["invariance"]["models"][0]["chisq"]-7.2817886)<1e-4 and abs(d["invariance"]["models"][0]["chisq_scaled"]-14.544182)<1e-4' \
  "$A" cfa "$BFI" -e "$MG" --ordered all --group gender --group-equal none --parameterization theta
printf '%s\na + b + c == 3\n' "$MK" >"$T/gsum.lav"
printf '%s\n' "$MK" >"$T/free.lav"
# lavTestLRT 2.9917283774 (make_ordinal_gcon_lrt.R; more in test_sem_gcon_diff.sh)
json cfa_ordered_gcon_compare 'abs(d["compare"]["delta_chisq"]-2.9917283774)<1e-5 and d["compare"]["delta_df"]==1' \
  "$A" cfa "$BFI" "$T/gsum.lav" --compare "$T/free.lav" --ordered all
# the same lines on the theta-scale loadings: another model, lavTestLRT of the theta fits
# 0.0239018166 (make_ordinal_theta_lrt.R, tl_gsum; more in test_sem_gcon_diff.sh)
json cfa_ordered_gcon_compare_theta 'abs(d["compare"]["delta_chisq"]-0.0239018166)<1e-7 and d["compare"]["delta_df"]==1 and abs(d["compare"]["models"][0]["chisq"]-133.05370504)<1e-4' \
  "$A" cfa "$BFI" "$T/gsum.lav" --compare "$T/free.lav" --ordered all --parameterization theta
json cfa_ordered_constr_theta 'abs(d["fit"]["chisq"]-133.39191)<1e-3 and abs(d["parameters"][1]["est"]-1.4173044)<1e-6 and abs(d["parameters"][1]["se"]-0.070426988)<1e-7' \
  "$A" cfa "$BFI" -e "$MK
a == 2*b" --ordered all --parameterization theta
# mixed ordered and continuous indicators with covariates (make_ordinal_mixx.R, mxmimic):
# scaled-shifted chi2 34.36889, x4 intercept SE 0.9510324 (at covariates 0)
MXX="visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
visual ~ ageyr + sex
textual ~ ageyr + sex"
json sem_mixed_x 'abs(d["ordinal"]["chisq_scaled"]-34.36889)<1e-3 and abs(d["ordinal"]["intercepts"][0]["se"]-0.9510324)<1e-6' \
  "$A" sem "$SRC/tests/reference/ordinal/hs_mixx.csv" -e "$MXX" --ordered x1,x2,x3
# continuous indicators with pairwise deletion (make_ordinal_mixpair.R, mpHS): chisq
# 13.733202, scaled 25.349089, x4 ~ 1 3.0782190 (SE 0.071413656), n 301
MHS="visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6"
json cfa_mixed_pairwise 'abs(d["fit"]["chisq"]-13.733202)<1e-4 and abs(d["ordinal"]["chisq_scaled"]-25.349089)<1e-4 and abs(d["ordinal"]["intercepts"][0]["se"]-0.071413656)<1e-7' \
  "$A" cfa "$SRC/tests/reference/ordinal/hs_mixpair.csv" -e "$MHS" --ordered x1,x2,x3 --missing pairwise
expect cfa_mixed_pairwise_n 0 "n = 301" -- \
  "$A" cfa "$SRC/tests/reference/ordinal/hs_mixpair.csv" -e "$MHS" --ordered x1,x2,x3 --missing pairwise
# ... and with exogenous covariates too (make_ordinal_path.R, pxmimic on hs_mixpx.csv):
# chisq 19.342566, scaled 33.991304, x4 ~ 1 5.0811275 (SE 1.0017605), n 301
json sem_mixed_x_pairwise 'abs(d["fit"]["chisq"]-19.342566)<1e-4 and abs(d["ordinal"]["chisq_scaled"]-33.991304)<1e-4 and abs(d["ordinal"]["intercepts"][0]["se"]-1.0017605)<1e-6' \
  "$A" sem "$SRC/tests/reference/ordinal/hs_mixpx.csv" -e "$MXX" --ordered x1,x2,x3 --missing pairwise

# theta parameterization (lavaan parameterization = "theta"; make_ordinal_theta.R, th7):
# th7.F1.=~.y2.est = 0.519191077 (lavaan)
S7=$SRC/tests/reference/ordinal/sim7.csv
M7="F1 =~ y1 + y2 + y3 + y4
F2 =~ y5 + y6 + y7 + y8"
json cfa_theta 'd["ordinal"]["parameterization"]=="theta" and abs(d["parameters"][1]["est"]-0.519191077)<1e-6' \
  "$A" cfa "$S7" -e "$M7" --ordered all --parameterization theta
expect cfa_theta_note 0 "Theta parameterization: the residual variances of the latent responses are 1" -- \
  "$A" cfa "$S7" -e "$M7" --ordered all --parameterization theta
# Green & Yang's omega is a property of the model, not of its scaling: the same CR under theta
json cfa_theta_validity 'abs(d["validity"]["constructs"][0]["cr"]-0.76709713)<1e-7' \
  "$A" cfa "$S7" -e "$M7" --ordered all --parameterization theta --validity
expect cfa_theta_continuous 2 "--parameterization applies to ordered indicators" -- \
  "$A" cfa "$S7" -e "$M7" --parameterization theta
# equal labels across indicators on the theta scale (make_ordinal_theta_fit.R, tlab)
json cfa_theta_labels 'abs(d["fit"]["chisq"]-12.816768)<1e-4 and abs(d["parameters"][1]["est"]-0.65949425)<1e-6' \
  "$A" cfa "$S7" -e "F1 =~ y1 + a*y2 + y3 + y4
F2 =~ y5 + a*y6 + y7 + y8" --ordered all --parameterization theta

# ---- mixed ordered and continuous variables (session 5; make_mixed.R) ----
HM=$SRC/tests/reference/ordinal/hs_mixed.csv
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
# --validity as semTools compRelSEM/AVE (make_validity_mixed.R): visual categorical omega
# .547986, textual CR/AVE .875416/.710334; a factor with ordered and continuous items: exit 2
json cfa_mixed_validity 'abs(d["validity"]["constructs"][0]["cr"]-0.547986)<1e-5 and abs(d["validity"]["constructs"][1]["cr"]-0.875416)<1e-5 and abs(d["validity"]["constructs"][1]["ave"]-0.710334)<1e-5' \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x2,x3 --validity
expect cfa_mixed_validity_factor 2 "factor visual has ordered \(x1\) and continuous \(x4\) items" -- \
  "$A" cfa "$HM" -e "visual =~ x1 + x2 + x4
textual =~ x3 + x5 + x6" --ordered x1,x2,x3 --validity
expect cfa_ordered_unknown 2 "--ordered: 'x10' is not an observed variable" -- \
  "$A" cfa "$HM" -e "$MHS" --ordered x1,x10
# multi-group (make_ordinal_mg.R): the sequence configural, thresholds, thresholds+loadings
# (lavaan chisq 72.21783, 143.04176, 162.93631; scaled 138.47122), one fit with
# --group-equal thresholds (ULSMV, theta, partial, score tests: test_ordinal_mg.sh)
json mg_seq 'd["invariance"]["estimator"]=="WLSMV" and [m["model"] for m in d["invariance"]["models"]]==["configural","thresholds","thresholds+loadings"] and abs(d["invariance"]["models"][2]["chisq"]-162.93631)<1e-3 and abs(d["invariance"]["models"][0]["chisq_scaled"]-138.47122)<1e-3' \
  "$A" cfa "$BFI" -e "A =~ A1 + A2 + A3 + A4 + A5" --ordered all --group gender
json mg_single 'd["invariance"]["models"][0]["group_equal"]==["thresholds"] and d["invariance"]["models"][0]["df"]==29 and abs(d["invariance"]["models"][0]["chisq"]-143.04176)<1e-3' \
  "$A" cfa "$BFI" -e "A =~ A1 + A2 + A3 + A4 + A5" --ordered all --group gender --group-equal thresholds
expect mg_text 0 "A1 +~\\*~ +A1 .*0\\.9" -- "$A" cfa "$BFI" -e "A =~ A1 + A2 + A3 + A4 + A5" \
  --ordered all --group gender --group-equal thresholds

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
