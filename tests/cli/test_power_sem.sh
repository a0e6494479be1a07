#!/usr/bin/env bash
# power sem: agreement with a long R simulation (tests/reference/power/make_sem_mc.R:
# lavaan refits of seed 004's model) within 3 combined Monte Carlo SEs, the population
# values against lavaan's fit to the population matrix, the same JSON at any thread
# count, Likert and missing data, and bad input (a population that is not positive
# definite among them).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/power_lib.sh"
REF="$SRC/tests/reference/power/sem_mc.csv"
POP="$SRC/tests/reference/power/sem_pop.lav"

"$A" power sem "$POP" --n 100,60 --reps 1000 --seed 3 --quiet --format json -o "$T/sem.json" ||
  bad "power sem failed"
# Shares (converged, power, coverage, CFI/RMSEA/chi-square) within 3 combined binomial
# SEs, sqrt(p (1 - p) / reps) of each side; means within 3 combined SEs of the mean, R's
# SD / sqrt(reps) of each side (ambidex's from R's SD and its own reps); population
# values to 1e-6.
python3 - "$T/sem.json" "$REF" <<'PY' && ok || bad "power sem: outside 3 MC SEs of R"
import csv, json, math, sys
j = json.load(open(sys.argv[1]))
ref = {(int(r["n"]), r["what"]): r for r in csv.DictReader(open(sys.argv[2]))}
lab = {p["label"]: k for k, p in enumerate(j["parameters"])}
worst = 0
for key, k in lab.items():
    d = abs(j["parameters"][k]["population"] - float(ref[(0, "population." + key)]["value"]))
    assert d < 1e-6, (key, d)
    worst = max(worst, d)
print("population values: max abs difference %.2g" % worst)
fail = 0
for c in j["conditions"]:
    n, reps = c["n"], j["reps"]
    mine = {"converged": c["convergence_rate"], "cfi_ok": c["cfi_ok"], "rmsea_ok": c["rmsea_ok"],
            "chisq_reject": c["chisq_reject"]}
    for key, k in lab.items():
        p = c["parameters"][k]
        mine["power." + key], mine["coverage." + key], mine["mean." + key] = p["power"], p["coverage"], p["mean"]
    for what, v in mine.items():
        r = ref[(n, what)]
        rv, rse, rreps = float(r["value"]), float(r["mc_se"]), int(r["reps"])
        if what.startswith("mean."):
            se = rse * math.sqrt(rreps / c["converged"])
        else:
            nn = reps if what == "converged" else c["converged"]
            se = math.sqrt(v * (1 - v) / nn)
        lim = 3 * math.hypot(se, rse); d = abs(v - rv)
        bad = d > lim and d > 1e-12
        fail += bad
        print("n %3d %-14s ambidex %.4f  R %.4f  diff %.4f  3 SE %.4f%s" % (n, what, v, rv, d, lim, "  FAIL" if bad else ""))
sys.exit(fail > 0)
PY

# same seed, same numbers at any thread count
for t in 1 3; do
  "$A" power sem "$POP" --n 80 --reps 60 --seed 9 --threads $t --format json -o "$T/t$t.json" ||
    bad "threads $t"
done
cmp -s "$T/t1.json" "$T/t3.json" && ok || bad "thread counts differ"
# an analysis model of its own, Likert items and missing values, every format
cat >"$T/ana.lav" <<'M'
MO   =~ mo1 + mo2 + mo3 + mo4
ALLY =~ al1 + al2 + al3
PERF =~ pf1 + pf2 + pf3
PERF ~ b*ALLY + MO
ALLY ~ a*MO
M
"$A" power sem "$POP" --analysis "$T/ana.lav" --n 150 --reps 40 --likert 5 --missing 5% \
  --format json -o "$T/lk.json" && python3 - "$T/lk.json" <<'PY' && ok || bad "likert/missing run"
import json, sys
j = json.load(open(sys.argv[1])); c = j["conditions"][0]
assert [p["label"] for p in j["parameters"]] == ["b", "a"], j["parameters"]
assert j["likert"] == 5 and c["converged"] > 30 and 0 <= c["parameters"][1]["power"] <= 1
PY
for f in text md html csv latex; do
  "$A" power sem "$POP" --n 60,90 --reps 20 --format $f >"$T/o.$f" && ok || bad "format $f"
done

# bad input: exit 2, one line naming the value, no output file
printf 'F =~ 0.6*x1 + 0.6*x2 + 0.6*x3\nx1 ~~ 0.9*x2\n' >"$T/notpd.lav"
printf 'F =~ 0.6*x1 + 0.6*x2 + 0.6*x3\nG =~ x4 + x5 + x6\nG ~ 0.3*F\nF ~~ 0.5*G\n' >"$T/ok2.lav"
printf 'F =~ x1 + x2 + zz\n' >"$T/unknown.lav"
bad_inputs sem <<CASES
not pd|notpd.lav:2:[0-9]*: x1 ~~ 0.9\*x2: the population is not positive definite|$T/notpd.lav --n 50
no n|needs --n|$POP
reps 0|not '0'|$POP --n 50 --reps 0
n 2|--n 2: give at least 3|$POP --n 2
missing 1|--missing|$POP --n 50 --missing 1
no file|power sem takes the POPULATION|--n 50
unknown variable|'zz' is not a variable of the population|$T/ok2.lav --analysis $T/unknown.lav --n 50
CASES
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
