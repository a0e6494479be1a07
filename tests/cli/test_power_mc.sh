#!/usr/bin/env bash
# power mediate: agreement with long R simulations (tests/reference/power/
# make_mediate_mc.R) within 3 combined Monte Carlo SEs, the same JSON at any thread
# count, --target, the warp-speed method, and bad input.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/power_lib.sh"
REF="$SRC/tests/reference/power/mediate_mc.csv"

# agree CASE EFFECT_INDEX -- ARGS...: ambidex's power within 3 combined SEs of R's.
# The SEs are binomial, sqrt(p (1 - p) / reps), each side's own; for the warp-speed
# rows (runs > 1) R's mc_se is the SD of the power of one run of `reps` (the shared
# quantiles make it larger than binomial): ambidex's one run has that SE, R's mean of
# `runs` runs that SE / sqrt(runs).
agree() {
  local id=$1 k=$2
  shift 3
  if ! "$A" power mediate "$@" --quiet --format json -o "$T/mc.json" 2>"$T/err"; then
    bad "$id: failed: $(cat "$T/err")"; return; fi
  python3 - "$T/mc.json" "$REF" "$id" "$k" <<'PY' && ok || bad "$id: outside 3 MC SEs of R"
import csv, json, math, sys
j = json.load(open(sys.argv[1])); c = j["conditions"][0]; k = int(sys.argv[4])
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["case"] == sys.argv[3]]
r = rows[k]
p, se = c["power_by_effect"][k], c["mc_se_by_effect"][k]
runs, rse = int(r["runs"]), float(r["mc_se"])
if runs > 1:
    assert j["reps"] == int(r["reps"]), "run ambidex with R's reps per run"
    se, rse = rse, rse / math.sqrt(runs)
d = abs(p - float(r["power"])); lim = 3 * math.hypot(se, rse)
print("%-14s %-6s ambidex %.4f  R %.4f  diff %.4f  3 SE %.4f" % (sys.argv[3], r["effect"], p, float(r["power"]), d, lim))
sys.exit(d > lim)
PY
}
agree m4_joint 0 -- --a .39 --b .39 --n 75 --reps 10000
agree m4_sobel 0 -- --a .39 --b .39 --n 75 --reps 10000 --test sobel
agree m4k2_joint 0 -- --a .39,.14 --b .39,.59 --cprime .14 --n 100 --reps 10000
agree m4k2_joint 1 -- --a .39,.14 --b .39,.59 --cprime .14 --n 100 --reps 10000
for k in 0 1 2; do
  agree m6_joint $k -- --model 6 --a .39,.14 --d21 .39 --b .39,.39 --n 100 --reps 10000
done
agree m7_joint 0 -- --model 7 --a .39 --w-main .2 --w-effect .3 --b .39 --n 200 --reps 10000
agree m14_joint 0 -- --model 14 --a .39 --b .39 --w-main .2 --w-effect .3 --n 200 --reps 10000
agree m4_std_joint 0 -- --a .5 --b .5 --cprime .2 --standardized --n 40 --reps 10000
agree m4_mc 0 -- --a .39 --b .39 --n 75 --reps 5000 --test mc --mc-draws 5000
agree m4_percentile 0 -- --a .39 --b .39 --n 50 --reps 3000 --test percentile --boot 500
agree m4_bc 0 -- --a .39 --b .39 --n 50 --reps 3000 --test bc --boot 500
agree m4_warp 0 -- --a .39 --b .39 --n 50 --reps 5000 --test percentile --warp

# same seed, same numbers at any thread count
for t in 1 2 3; do
  "$A" power mediate --a .3,.2 --b .3,.4 --n 60,90 --reps 300 --test bc --boot 100 --seed 9 \
    --threads $t --format json -o "$T/t$t.json" || bad "threads $t"
done
cmp -s "$T/t1.json" "$T/t2.json" && cmp -s "$T/t1.json" "$T/t3.json" && ok || bad "thread counts differ"
# --target: grid then bisection; power at n_for_target reaches the target, below it not
"$A" power mediate --a .39 --b .39 --n 40:120:40 --reps 2000 --target .8 --format json -o "$T/tg.json" &&
  python3 - "$T/tg.json" <<'PY' && ok || bad "target refinement"
import json, sys
j = json.load(open(sys.argv[1])); n = j["n_for_target"]
c = {x["n"]: x["power"] for x in j["conditions"]}
assert 40 < n <= 80 and c[n] >= .8 and c[n - 1] < .8 and len(c) > 3, (n, c)
PY
# text output and the figure-free formats
for f in text md html csv latex; do
  "$A" power mediate --a .3 --b .3 --n 50 --reps 50 --format $f >"$T/o.$f" && ok || bad "format $f"
done

# bad input: exit 2, one line naming the value, no output file
bad_inputs mediate <<'CASES'
no n|needs --n|--a .3 --b .3
n 0|not '0'|--a .3 --b .3 --n 0
n 3|--n 3: model 4 needs N of at least 4|--a .3 --b .3 --n 3
bad grid|FROM <= TO|--a .3 --b .3 --n 100:50:10
reps 0|not '0'|--a .3 --b .3 --n 50 --reps 0
target 1|not '1'|--a .3 --b .3 --n 50 --target 1
a b count|--a gives 2 paths and --b 1|--a .3,.2 --b .3 --n 50
a text|--a takes|--a x --b .3 --n 50
model 5|--model 5|--model 5 --a .3 --b .3 --n 50
model 7 no w|needs --w-effect|--model 7 --a .3 --b .3 --n 50
standardized impossible|residual variance of|--a .9 --b .9 --cprime .5 --standardized --n 50
standardized M|M1's variance|--a 1.2 --b .1 --standardized --n 50
warp joint|--warp is the percentile|--a .3 --b .3 --n 50 --warp
CASES

# Ctrl-C (SIGINT after a second) leaves no partial -o file
timeout -s INT 1 "$A" power mediate --a .3 --b .3 --n 200 --reps 1000000 --test percentile \
  --boot 1000 --quiet -o "$T/int.json"
rc=$?
[ $rc -ne 0 ] && ! ls "$T" | grep -q '^int.json' && ok || bad "Ctrl-C: exit $rc or a file left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
