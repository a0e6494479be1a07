#!/usr/bin/env bash
# CLI of pls (issue 18): the corporate-reputation model against seminr's numbers, JSON keys,
# and bad input (exit 2, one clear line).
. "$(dirname "$0")/lib.sh"
R=$SRC/tests/reference/pls

out=$("$A" pls "$R/data/corp_rep_data.csv" "$R/models/corp_rep_ext.txt" 2>&1)
# Hair et al. (2021) ch. 5-6 / seminr: QUAL -> COMP 0.430, CUSA -> CUSL 0.505, R2 CUSL 0.562
if echo "$out" | grep -q "QUAL  *COMP  *0.430" && echo "$out" | grep -q "CUSA  *CUSL  *0.505" \
   && echo "$out" | grep -q "^CUSL .* 0.562 "; then ok; else bad "corp_rep_ext table: $out"; fi

json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --scheme centroid --format json)
for key in '"scheme":	"centroid"' '"rho_a":' '"htmt":' '"f2":' '"n":	250'; do
  if echo "$json" | grep -qF "$key"; then ok; else bad "json lacks $key"; fi
done

json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --consistent --format json)
if echo "$json" | grep -qF '"consistent":	true'; then ok; else bad "--consistent not in json"; fi

for key in '"fornell_larcker":' '"cross_loadings":' '"indirect":' '"total_indirect":' '"srmr":' '"d_g":'; do
  if echo "$json" | grep -qF "$key"; then ok; else bad "json lacks $key"; fi
done

# --save-scores: header, n rows, first score as seminr (Image, row 1: -2.0010060438365)
"$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --save-scores "$T/scores.csv" >/dev/null
if [ "$(head -1 "$T/scores.csv")" = "row,Image,Expectation,Quality,Value,Satisfaction,Complaints,Loyalty" ] \
   && [ "$(wc -l <"$T/scores.csv")" -eq 251 ] && sed -n 2p "$T/scores.csv" | grep -q '^1,-2.00100604383'; then
  ok; else bad "--save-scores: $(head -2 "$T/scores.csv")"; fi

# bootstrap: JSON keys, same numbers with 1 and 2 threads
b1=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --boot 60 --seed 5 --threads 1 --format json)
b2=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --boot 60 --seed 5 --threads 2 --format json)
if [ "$b1" = "$b2" ]; then ok; else bad "--boot differs between 1 and 2 threads"; fi
for key in '"nboot_ok":	60' '"bca_lower":' '"upper_one_sided":' '"sign_change":	"none"'; do
  if echo "$b1" | grep -qF "$key"; then ok; else bad "boot json lacks $key"; fi
done
out=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --boot 40 --sign-change individual)
if echo "$out" | grep -q "Bootstrap: HTMT" && echo "$out" | grep -q "sign changes individual"; then
  ok; else bad "boot tables: $out"; fi

# non-convergence: flagged in the table and the JSON, no NaN anywhere
out=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --max-iter 1)
if echo "$out" | grep -q "Not converged after 2 iterations" && ! echo "$out" | grep -qi "nan"; then
  ok; else bad "--max-iter 1: $out"; fi
json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --max-iter 1 --format json)
if echo "$json" | grep -qF '"converged":	false' && ! echo "$json" | grep -qi "nan"; then ok; else bad "--max-iter 1 json"; fi

expect2() {
  local name=$1 pat=$2
  shift 2
  "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$pat" "$T/stderr"; then ok; else bad "$name: exit $rc: $(cat "$T/stderr")"; fi
}
printf 'A <~ IMAG1\nB =~ CUEX1 + CUEX2\nB ~ A\n' >"$T/m1.txt"
printf 'A =~ IMAG1\nB =~ CUEX1\nB ~ A\nA ~ B\n' >"$T/m2.txt"
printf 'A =~ IMAG1 + IMAG9\nB =~ CUEX1\nB ~ A\n' >"$T/m3.txt"
printf 'A =~ IMAG1\nB =~ CUEX1\nC =~ CUSA1\nB ~ A\n' >"$T/m4.txt"
expect2 "mode B single item" "mode B construct 'A' has one indicator" "$A" pls "$R/data/mobi.csv" "$T/m1.txt"
expect2 "cycle" "cycle" "$A" pls "$R/data/mobi.csv" "$T/m2.txt"
expect2 "unknown item" "IMAG9" "$A" pls "$R/data/mobi.csv" "$T/m3.txt"
expect2 "unconnected" "'C' is in no structural path" "$A" pls "$R/data/mobi.csv" "$T/m4.txt"
awk -F, 'BEGIN{OFS=","} NR==1{print $0",K"; next} {print $0",3"}' "$R/data/mobi.csv" >"$T/const.csv"
printf 'A =~ IMAG1 + K\nB =~ CUEX1 + CUEX2\nB ~ A\n' >"$T/m5.txt"
expect2 "zero variance" "indicator 'K' has zero variance" "$A" pls "$T/const.csv" "$T/m5.txt"
expect2 "no model" "MODEL" "$A" pls "$R/data/mobi.csv"
expect2 "one resample" "at least 2 resamples" "$A" pls "$R/data/mobi.csv" "$R/models/mobi_ecsi.txt" --boot 1

# interaction terms and higher-order constructs (seminr: Image:Expectation -0.0431 two-stage,
# -0.133 with product indicators; HOC Satisfaction -> Loyalty 0.628)
json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_interaction.txt" --format json)
if echo "$json" | grep -qF '"mode":	"interaction"' && echo "$json" | grep -q '"coef":	-0.04313366'; then
  ok; else bad "two-stage interaction json"; fi
out=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_interaction.txt" --interaction product-indicator)
if echo "$out" | grep -q "Image:Expectation  *Satisfaction  *-0.133"; then ok; else bad "product indicators: $out"; fi
json=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_hoc.txt" --format json)
if echo "$json" | grep -qF '"hoc":	true' && echo "$json" | grep -q '"coef":	0.62760284'; then
  ok; else bad "two-stage HOC json"; fi
out=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_hoc.txt" --hoc repeated --boot 20)
if echo "$out" | grep -q "Satisfaction  *Image" && echo "$out" | grep -q "Bootstrap: path"; then
  ok; else bad "repeated-indicator HOC: $out"; fi
# two-stage bootstrap: both stages per resample; same numbers with 1 and 2 threads
b1=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_hoc.txt" --boot 20 --seed 4 --threads 1 --format json)
b2=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_hoc.txt" --boot 20 --seed 4 --threads 2 --format json)
if [ "$b1" = "$b2" ] && echo "$b1" | grep -qF '"nboot_ok":	20'; then ok; else bad "two-stage HOC bootstrap"; fi
printf 'A =~ IMAG1 + IMAG2\nB =~ CUEX1\nC =~ CUSA1\nC ~ A + B + A:Z\n' >"$T/m6.txt"
expect2 "interaction of an unknown construct" "A:Z" "$A" pls "$R/data/mobi.csv" "$T/m6.txt"

# report (Hair et al. 2022 layout): measurement table with alpha .. AVE, structural table with
# the bootstrap's t, p and interval, R2 note; the path diagram as inline SVG in HTML
out=$("$A" pls "$R/data/corp_rep_data.csv" "$R/models/corp_rep_simple.txt" --boot 50)
if echo "$out" | grep -q "Indicator  Loading  Weight    VIF  alpha  rho_A  rho_C    AVE" \
   && echo "$out" | grep -q "From  *To  *Path  *t  *p  *CI lower  *CI upper  *f2  *VIF" \
   && echo "$out" | grep -q "R2: CUSA 0.29"; then ok; else bad "report layout: $out"; fi
html=$("$A" pls "$R/data/corp_rep_data.csv" "$R/models/corp_rep_simple.txt" --format html)
if echo "$html" | grep -q "<svg" && echo "$html" | grep -q "PLS path diagram"; then ok; else bad "no path diagram"; fi

# --model TEXT (the study step's { block }) gives the same numbers as the model file
a=$("$A" pls "$R/data/mobi.csv" "$R/models/mobi_interaction.txt" --format json)
b=$("$A" pls "$R/data/mobi.csv" --model "$(cat "$R/models/mobi_interaction.txt")" --format json)
if [ "$a" = "$b" ]; then ok; else bad "--model differs from the model file"; fi

echo "pls: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
