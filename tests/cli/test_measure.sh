#!/usr/bin/env bash
# CLI tests of alpha, pca, efa and harman: exit codes, the bad-input messages,
# the JSON keys of the issue, the purification loop and Harman's verdict.
# usage: test_measure.sh AMBIDEX SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
BFI=$SRC/tests/reference/data/bfi.csv
HS=$SRC/tests/reference/data/hs1939.csv

# expect NAME CODE PATTERN -- command...: exit code and a regex on stdout+stderr.
expect() {
  local name=$1 code=$2 pat=$3
  shift 4
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -Eq -- "$pat" "$T/out" "$T/err"; then
    echo "FAIL $name: exit $rc (want $code), pattern '$pat'"
    sed 's/^/  | /' "$T/out" "$T/err" | head -20
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

# JSON value check with python3 (the machine interface).
json() {
  local name=$1 expr=$2
  shift 2
  if "$@" --format json 2>/dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($expr) else 1)"; then
    pass=$((pass + 1))
  else
    echo "FAIL $name: $expr"
    fail=$((fail + 1))
  fi
}

A5="A1 A2 A3 A4 A5"
X9="x1 x2 x3 x4 x5 x6 x7 x8 x9"

# alpha
expect alpha_table 0 "Cronbach's alpha +0\.704" -- "$A" alpha "$BFI" $A5 --reverse A1
expect alpha_negative_warning 0 "A1.*probably needs --reverse" -- "$A" alpha "$BFI" $A5
json alpha_keys 'set(d)>={"n","k","alpha","std_alpha","omega_total","items"} and set(d["items"][0])>={"name","mean","sd","item_total_r","alpha_if_deleted"}' \
  "$A" alpha "$BFI" $A5 --reverse A1
json alpha_values 'd["n"]==2709 and abs(d["alpha"]-0.70375589437483610)<1e-12 and abs(d["omega_total"]-0.72372435691504544)<1e-6' \
  "$A" alpha "$BFI" A1,A2,A3,A4,A5 --reverse A1
# psych reverses on 1..6 (the observed range): 1 + 6 - x; on --range 1,7 the mean is one higher
json alpha_range 'abs(d["items"][0]["mean"]-(1+4.5876707272056105))<1e-9 and abs(d["alpha"]-0.70375589437483610)<1e-12' \
  "$A" alpha "$BFI" $A5 --reverse A1 --range 1,7
expect alpha_range_violation 2 "outside --range" -- "$A" alpha "$BFI" $A5 --reverse A1 --range 1,5
expect alpha_reverse_unknown 2 "--reverse B1: not one of the items" -- "$A" alpha "$BFI" $A5 --reverse B1
expect alpha_one_item 2 "at least two items" -- "$A" alpha "$BFI" A1
expect alpha_pairwise 2 "listwise" -- "$A" alpha "$BFI" $A5 --missing pairwise

# bad data: a constant item, collinear items, more items than cases
printf 'a,b,c,d\n1,2,3,3\n2,2,4,5\n3,2,5,4\n4,2,6,6\n5,2,7,5\n2,2,4,2\n' >"$T/bad.csv"
expect constant_item 2 "item 'b' has the same value" -- "$A" alpha "$T/bad.csv" a b d
expect collinear 1 "'c' is a linear combination of 'a'" -- "$A" pca "$T/bad.csv" a d c
expect collinear_efa 1 "singular" -- "$A" efa "$T/bad.csv" a d c --factors 1
printf 'a,b,c\n1,2,3\n2,1,3\n3,3,1\n' >"$T/small.csv"
expect too_few_cases 2 "more cases than items" -- "$A" pca "$T/small.csv" a b c
printf 'a,b,c\n1,,3\n2,,4\n3,,1\n4,,2\n' >"$T/empty.csv"
expect empty_item 2 "item 'b' has no answers" -- "$A" alpha "$T/empty.csv" a b c

# pca
expect pca_kmo 0 "Kaiser-Meyer-Olkin.*0\.752" -- "$A" pca "$HS" $X9
json pca_keys 'set(d)>={"n","eigenvalues","variance_pct","cumulative_pct","kmo","kmo_items","bartlett","loadings","communalities"} and set(d["bartlett"])=={"chisq","df","p"} and len(d["loadings"])==9 and len(d["loadings"][0])==3 and d["ncomp"]==3' \
  "$A" pca "$HS" $X9
json pca_sign 'all(max(abs(r[j]) for r in d["loadings"]) == max(r[j] for r in d["loadings"]) for j in range(3))' \
  "$A" pca "$HS" $X9
json pca_factors 'd["ncomp"]==2 and len(d["loadings"][0])==2' "$A" pca "$HS" $X9 --factors 2
json pca_scree 'len(d["scree"])==9 and d["scree"][0][0]==1' "$A" pca "$HS" $X9
# purification: x1..x3 plus x7, whose loading on the single component is low
expect purify 0 "x7 +0\.[0-4]" -- "$A" pca "$HS" x1 x2 x3 x7 --factors 1 --drop-below 0.5
json purify_json 'd["dropped"]==["x7"] and d["variance_after"]>d["variance_before"] and len(d["items"])==3' \
  "$A" pca "$HS" x1 x2 x3 x7 --factors 1 --drop-below 0.5
expect pca_bad_rotate 2 "--rotate takes none or varimax" -- "$A" pca "$HS" $X9 --rotate promax

# efa
expect efa_needs_k 2 "give --factors" -- "$A" efa "$HS" $X9
expect efa_ml_fit 0 "22\.377 +12 +\.034" -- "$A" efa "$HS" $X9 --factors 3 --method ml
json efa_oblique 'd["phi"] is not None and len(d["phi"])==3 and d["structure"] is not None and d["rotation"]=="oblimin"' \
  "$A" efa "$HS" $X9 --factors 3
json efa_orthogonal 'd["phi"] is None and d["rotation"]=="varimax"' "$A" efa "$HS" $X9 --factors 3 --rotate varimax
expect efa_nonconverged 1 "did not converge after 2 iterations \(last change" -- \
  "$A" efa "$HS" $X9 --factors 3 --method pa --max-iter 2
expect efa_heywood 0 "Heywood case: item 'x5'" -- "$A" efa "$HS" $X9 --factors 4 --method ml
expect efa_too_many 2 "too many" -- "$A" efa "$HS" $X9 --factors 7
json efa_parallel 'd["nfactors"]==d["parallel"]["nfactors"] and d["parallel"]["seed"]==7' \
  "$A" efa "$HS" $X9 --parallel 10 --seed 7
"$A" efa "$HS" $X9 --parallel 10 --seed 7 --format json >"$T/p1" 2>/dev/null
"$A" efa "$HS" $X9 --parallel 10 --seed 7 --format json >"$T/p2" 2>/dev/null
if cmp -s "$T/p1" "$T/p2"; then pass=$((pass + 1)); else echo "FAIL parallel_reproducible"; fail=$((fail + 1)); fi

# rotations (issue 12 item 7): SPSS's converged varimax, column order and signs;
# SPSS's promax by default, psych's on request
ATT=$SRC/tests/reference/data/attitude.csv
AT7="rating complaints privileges learning raises critical advance"
json pca_varimax_pspp 'abs(d["loadings"][0][0]-0.901983973616)<1e-9 and abs(d["loadings"][0][1]+0.009506693432)<1e-9' \
  "$A" pca "$ATT" $AT7 --factors 2 --rotate varimax
# bfi: PSPP keeps E2's column first and negative (its column sum is positive)
B25="A1 A2 A3 A4 A5 C1 C2 C3 C4 C5 E1 E2 E3 E4 E5 N1 N2 N3 N4 N5 O1 O2 O3 O4 O5"
json pca_varimax_order 'abs(d["loadings"][11][0]+0.72210766)<1e-7 and d["loadings"][15][1]>0.8' \
  "$A" pca "$BFI" $B25 --factors 5 --rotate varimax
json pca_sort 'all(d["ss_loadings"][i]>=d["ss_loadings"][i+1] for i in range(4))' \
  "$A" pca "$BFI" $B25 --factors 5 --rotate varimax --sort
json efa_promax_spss 'd["promax_style"]=="spss" and not d["sorted"] and d["phi"][0][1]>0.4' \
  "$A" efa "$ATT" $AT7 --factors 2 --method pa --rotate promax
json efa_promax_psych 'd["promax_style"]=="psych" and d["sorted"]' \
  "$A" efa "$ATT" $AT7 --factors 2 --method pa --rotate promax --promax-style psych --sort
# the issue's figures (attitude, minres): SPSS's promax phi 0.475, psych's 0.611
json efa_promax_phi_spss 'abs(d["phi"][0][1]-0.4747)<5e-4 and abs(d["loadings"][6][0]+0.1709)<5e-4' \
  "$A" efa "$ATT" $AT7 --factors 2 --rotate promax
json efa_promax_phi_psych 'abs(d["phi"][0][1]-0.6107)<5e-4 and abs(d["loadings"][6][0]+0.3145)<5e-4' \
  "$A" efa "$ATT" $AT7 --factors 2 --rotate promax --promax-style psych
expect efa_bad_promax_style 2 "--promax-style takes spss or psych" -- \
  "$A" efa "$ATT" $AT7 --factors 2 --rotate promax --promax-style r

# harman
expect harman_verdict 0 "first factor explains 35\.7% < 50%" -- "$A" harman "$HS" $X9
json harman_keys 'd["n_factors_eigen_gt1"]==3 and abs(d["first_pct"]-35.737)<1e-3 and d["single_factor_majority"] is False' \
  "$A" harman "$HS" $X9

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
