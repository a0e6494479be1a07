#!/usr/bin/env bash
# ambidex power: closed-form answers known from G*Power / pwr, JSON keys, and every
# bad input: exit 2, one line naming the value, no -o file left behind.
. "$(dirname "$0")/lib.sh"

# jval FILE KEY: the number of a top-level JSON key
jval() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
# expect_key NAME KEY VALUE -- COMMAND...: the JSON output's KEY equals VALUE
expect_key() {
  local name=$1 key=$2 want=$3
  shift 4
  if ! "$@" --format json -o "$T/o.json" 2>"$T/stderr"; then bad "$name: failed: $(cat "$T/stderr")"; return; fi
  local got
  got=$(jval "$T/o.json" "$key")
  if [ "$got" != "$want" ]; then bad "$name: $key = $got, expected $want"; return; fi
  ok
}
# G*Power's manual example: f2 = .15, 5 predictors, alpha .05, power .80 -> N = 92.
expect_key "regress N" n 92 -- "$A" power regress --f2 .15 --predictors 5
expect_key "regress R2 change N" n 68 -- "$A" power regress --f2 .15 --predictors 5 --tested 2
# pwr.f2.test(u = 2, f2 = .15, power = .8): v = 64.32 -> N = ceiling(v) + 5 + 1 = 71
expect_key "regress pwr rule" n 71 -- "$A" power regress --f2 .15 --predictors 5 --tested 2 --ncp pwr
# pwr.t.test(d = .5, power = .8): n = 63.77 per group; pwr.r.test(r = .3): 84.07
expect_key "ttest N" n 64 -- "$A" power ttest --d .5 --target .8
expect_key "corr N" n 85 -- "$A" power corr --r .3
expect_key "anova N" n 45 -- "$A" power anova --f .25 --groups 4
expect_key "chisq power" test chisq -- "$A" power chisq --w .3 --df 3 --n 100
expect_key "rmsea N" n 434 -- "$A" power rmsea --df 20 --rmsea0 .05 --rmsea1 .08
# power at N, pwr.t.test(n = 64, d = .5)$power = 0.8014596
"$A" power ttest --d .5 --n 64 --format json -o "$T/t.json" &&
  python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['power']; sys.exit(abs(p-0.80145955793)>1e-9)" "$T/t.json" &&
  ok || bad "ttest power at n = 64"
for f in text md html csv latex; do
  "$A" power corr --r .2 --n 100 --format $f >"$T/o.$f" && grep -q "0\.5" "$T/o.$f" && ok || bad "corr format $f"
done

# Bad input, one case a line: NAME | EXIT | PATTERN | ARGUMENTS of `ambidex power`. Each must
# exit EXIT with one line (after the usage line) naming the value, and leave no -o file.
while IFS='|' read -r name code pat args; do
  rm -f "$T/out.txt"
  eval "set -- $args"
  "$A" power "$@" -o "$T/out.txt" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  if [ $rc -ne "$code" ]; then bad "$name: exit $rc, expected $code ($(cat "$T/stderr"))"
  elif ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"
  elif [ "$(wc -l <"$T/stderr")" -gt 2 ]; then bad "$name: message longer than usage + one line"
  elif [ -e "$T/out.txt" ] || [ -s "$T/stdout" ]; then bad "$name: partial output"
  else ok; fi
done <<'CASES'
no test|2|name the test|
unknown test|2|unknown test 'regres'|regres --f2 .1
missing effect|2|needs --predictors|regress --f2 .1
target 1|2|not '1'|corr --r .3 --target 1
target 0|2|not '0'|corr --r .3 --target 0
n 0|2|not '0'|corr --r .3 --n 0
n -5|2|not '-5'|corr --r .3 --n -5
n too small|2|--n 5: regress needs N of at least 7|regress --f2 .1 --predictors 5 --n 5
n and target|2|not both|corr --r .3 --n 50 --target .9
r = 1|2|not '1'|corr --r 1
d = 0|2|--d 0|ttest --d 0
tested > predictors|2|--tested 4|regress --f2 .1 --predictors 3 --tested 4
rmsea equal|2|--rmsea0 0.05 --rmsea1 0.05|rmsea --df 10 --rmsea0 .05 --rmsea1 .05
alpha|2|not '1.5'|corr --r .3 --alpha 1.5
unreachable|2|not reached|regress --f2 1e-12 --predictors 2
CASES

# power as a study step: a planning study needs no data; tables, methods sentences and the
# JSON steps; a population model path relative to the study file; --check runs no
# Monte Carlo (its options are checked) and a study with no data and no power step fails.
mkdir -p "$T/plan/models"
cp "$SRC/tests/reference/power/sem_pop.lav" "$T/plan/models/pop.lav"
cat >"$T/plan/plan.adx" <<'STUDY'
title "Planning"
section "How many firms?"
power rmsea --df 32 --rmsea0 .05 --rmsea1 .08 --target .8
power ttest --d .5 --n 64
power mediate --a .39 --b .39 --n 40:120:40 --reps 200 --target .8 --seed 4 --quiet
power sem models/pop.lav --n 100,200 --reps 20 --quiet
STUDY
if (cd / && "$A" run "$T/plan/plan.adx" --format json -o "$T/plan.json" 2>"$T/stderr") &&
   python3 - "$T/plan.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["report"] if "report" in d else d
steps = r["steps"]
assert r["data"] is None and r["n_read"] == 0, r
assert [s["step"] for s in steps] == ["power"] * 4, steps
assert steps[0]["result"]["n"] == 299 and steps[0]["result"]["test"] == "rmsea"
assert abs(steps[1]["result"]["power"] - 0.8014596) < 1e-6
assert steps[2]["result"]["n_for_target"] > 40
assert steps[3]["result"]["test"] == "sem" and len(steps[3]["result"]["conditions"]) == 2
PY
then ok; else bad "planning study: $(cat "$T/stderr")"; fi
if "$A" run "$T/plan/plan.adx" -o "$T/plan.md" 2>"$T/stderr" &&
   grep -q "No data were read: the study plans the sample" "$T/plan.md" &&
   grep -q "Power of the RMSEA test of close fit (H0: RMSEA <= 0.05 against 0.08, df = 32; MacCallum, Browne & Sugawara, 1996) was computed in closed form at alpha = 0.05: the smallest sample with power of at least 0.80 is N = 299" "$T/plan.md" &&
   grep -q "Power of the two-sided t test of two independent groups (d = 0.5; noncentral t) was computed in closed form at alpha = 0.05: N = 64 per group gives power 0.801" "$T/plan.md" &&
   grep -q "Power of the joint significance test of the indirect effect in PROCESS model 4 (population paths a = 0.39; b = 0.39; c' = 0; X and residuals standard normal)" "$T/plan.md" &&
   grep -q "Power of the parameters of the structural equation model was estimated by Monte Carlo simulation" "$T/plan.md" &&
   grep -q '^\*\*Table 1\. Power of the RMSEA test' "$T/plan.md" &&
   grep -q '^\*\*Table 4\. Monte Carlo power of the parameters' "$T/plan.md"; then ok
else bad "planning study report: $(cat "$T/stderr")"; fi
# --check: the options of every power step are checked without running it
sed 's/--reps 20 --quiet/--reps 50000000 --quiet/; s/--reps 200 /--reps 90000000 /' "$T/plan/plan.adx" >"$T/plan/big.adx"
if "$A" run --check "$T/plan/big.adx" 2>"$T/stderr"; then ok; else bad "check planning study: $(cat "$T/stderr")"; fi
printf 'power ttest --d .5 --n 0\n' >"$T/plan/badopt.adx"
"$A" run --check "$T/plan/badopt.adx" 2>"$T/stderr"
if [ $? -eq 2 ] && grep -q "badopt.adx:1: power: .*not '0'" "$T/stderr"; then ok; else bad "check bad power option: $(cat "$T/stderr")"; fi
printf 'power sem nope.lav --n 100\n' >"$T/plan/nopop.adx"
"$A" run --check "$T/plan/nopop.adx" 2>"$T/stderr"
if [ $? -eq 2 ] && grep -q "nopop.adx:1: power: .*nope.lav" "$T/stderr"; then ok; else bad "check missing population: $(cat "$T/stderr")"; fi
printf 'title "x"\ntext "nothing"\n' >"$T/plan/nodata.adx"
"$A" run "$T/plan/nodata.adx" -o "$T/nd.md" 2>"$T/stderr"
if [ $? -eq 2 ] && grep -q "never reads data" "$T/stderr"; then ok; else bad "study without data or power: $(cat "$T/stderr")"; fi
printf 'power ttest --d .5 --n 64\ndescribe x\n' >"$T/plan/late.adx"
"$A" run "$T/plan/late.adx" -o "$T/late.md" 2>"$T/stderr"
if [ $? -eq 2 ] && grep -q "late.adx:2: describe: no data yet" "$T/stderr"; then ok; else bad "analysis without data: $(cat "$T/stderr")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
