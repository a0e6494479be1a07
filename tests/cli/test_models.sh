#!/usr/bin/env bash
# Study steps `table models` (issue 14 item 4), `sample common` (item 5) and variable
# labels (`label`, `labels`, run --labels; item 7): the models table holds, model by model,
# the numbers of the named steps, one N for all, the layout asked for, and labels.
. "$(dirname "$0")/lib.sh"

cp "$SRC/examples/alliance-speed/data.csv" "$T/d.csv"
cat >"$T/s.adx" <<'S'
data d.csv
scale SPEED = speed1 speed2 speed3 speed4 speed5
scale AMC = coord1 coord2 coord3 proact1 proact2
compute LSIZE = log(employees)
label LSIZE "Firm size" SPEED "Post-entry speed"
sample common SPEED AMC LSIZE industry
regress "SPEED ~ LSIZE + industry" --block "AMC" --name H
sem --name M1 { AMC ~ LSIZE + industry }
sem --name M2 { SPEED ~ AMC + LSIZE + industry }
table models M1 H M2 --group "Controls" LSIZE,industry --group "Hypothesized" AMC --fit chisq,cfi,r2,n
S
"$A" run "$T/s.adx" --format json -o "$T/r.json" 2>"$T/err" && ok || bad "run: $(cat "$T/err")"
"$A" run "$T/s.adx" --format text -o "$T/r.txt" 2>"$T/err" && ok || bad "run text: $(cat "$T/err")"
python3 - "$T/r.json" <<'PY' && ok || bad "models table JSON"
import json, sys
d = json.load(open(sys.argv[1]))
steps = {s["args"][-1] if s["step"] == "sem" else None: s for s in d["steps"]}
named = {}
for s in d["steps"]:
    if "--name" in s["args"]:
        named[s["args"][s["args"].index("--name") + 1]] = s["result"]
table = [s for s in d["steps"] if s["step"] == "table"][0]["result"]["models"]
assert [m["name"] for m in table] == ["M1", "H", "H", "M2"], [m["name"] for m in table]
# one N for every model: the common sample
assert {m["n"] for m in table} == {d["n_analysed"]}, ({m["n"] for m in table}, d["n_analysed"])
# each column holds its step's numbers
def sem_est(res, rhs):
    return [p for p in res["parameters"] if p["op"] == "~" and p["rhs"] == rhs][0]
for name, col in (("M1", 0), ("M2", 3)):
    for t in table[col]["terms"]:
        p = sem_est(named[name], t["term"])
        assert abs(t["est"] - p["est"]) < 1e-12 and abs(t["stat"] - p["z"]) < 1e-12
    assert abs(table[col]["fit"]["chisq"] - named[name]["fit"]["chisq"]) < 1e-9
reg = named["H"]["models"]
for k in (0, 1):
    for t in table[1 + k]["terms"]:
        c = [c for c in reg[k]["coefficients"] if c["term"] == t["term"]][0]
        assert abs(t["est"] - c["b"]) < 1e-12 and abs(t["stat"] - c["t"]) < 1e-12
    assert abs(table[1 + k]["fit"]["r2"] - reg[k]["r2"]) < 1e-12
assert table[0]["dependent"] == "AMC" and table[1]["dependent"] == "SPEED"
PY
# the published layout: the label column, row groups in the order asked, stars and t in
# parentheses, fit rows, the dependent variable (its label) over its models, the N note
grep -q 'Results of the models' "$T/r.txt" && ok || bad "title"
grep -q 'Post-entry speed' "$T/r.txt" && ok || bad "dependent label over the models"
awk '/Results of the models/,/^Note/' "$T/r.txt" >"$T/tab"
# row groups span the table: the group's own line, its rows indented under it
grep -A1 -E '^Controls *$' "$T/tab" | grep -E '^  Firm size ' >/dev/null && ok || bad "first row group and label: $(cat "$T/tab")"
[ "$(grep -n 'Firm size' "$T/tab" | cut -d: -f1)" -lt "$(grep -n 'industry' "$T/tab" | head -1 | cut -d: -f1)" ] && ok || bad "row order"
grep -A1 -E '^Hypothesized *$' "$T/tab" | grep -E '^  AMC .*[0-9]\*{0,3} \(-?[0-9]+\.[0-9]{2}\)' >/dev/null && ok || bad "AMC row: coefficient, stars, (t)"
grep -A1 -E '^Goodness of fit *$' "$T/tab" | grep -E '^  χ²/df ' >/dev/null && ok || bad "fit rows"
# a saturated model's chi2/df is said in words, not "0.00/0"
grep -E '^  χ²/df +saturated' "$T/tab" >/dev/null && ! grep -q '0\.00/0' "$T/tab" && ok || bad "saturated chi2/df"
grep -q 'All models use the same N = ' "$T/r.txt" && ok || bad "N note"
grep -q 'common sample: complete on 4 variables' "$T/r.txt" && ok || bad "cleaning log line"
# labels names: the names come back
"$A" run "$T/s.adx" --labels names --format text 2>"$T/err" | grep -E '^  LSIZE ' >/dev/null && ok || bad "--labels names"
"$A" run "$T/s.adx" --labels both --format text 2>"$T/err" | grep -q 'Firm size (LSIZE)' && ok || bad "--labels both"
# --stat se and ci
sed -i 's/--fit chisq,cfi,r2,n/--stat ci --fit n/' "$T/s.adx"
"$A" run "$T/s.adx" --format text 2>"$T/err" | grep -E 'AMC .*\[-?[0-9.]+, -?[0-9.]+\]' >/dev/null && ok || bad "--stat ci"

# one block of a step (NAME:K) and column headers of one's own
printf 'data d.csv\nregress "speed1 ~ speed2" --block "speed3" --name H\ntable models H:2 H:1 --columns "Full,Base" --fit r2,n\n' >"$T/k.adx"
"$A" run "$T/k.adx" --format json -o "$T/k.json" 2>"$T/err" && python3 - "$T/k.json" <<'PY' && ok || bad "NAME:K"
import json, sys
d = json.load(open(sys.argv[1]))
reg = d["steps"][0]["result"]["models"]
tab = d["steps"][1]["result"]["models"]
assert len(tab) == 2 and [len(m["terms"]) for m in tab] == [2, 1]
assert abs(tab[0]["fit"]["r2"] - reg[1]["r2"]) < 1e-12 and abs(tab[1]["fit"]["r2"] - reg[0]["r2"]) < 1e-12
PY
"$A" run "$T/k.adx" --format text 2>/dev/null | grep -E 'Variable +Full +Base' >/dev/null && ok || bad "--columns"

# errors: a name no step has (also found by --check), an unknown statistic
expect2() {
  printf '%s\n' "$3" >"$T/e.adx"
  "$A" run "$T/e.adx" $4 >/dev/null 2>"$T/stderr"
  local rc=$?
  [ $rc -eq 2 ] && grep -q -- "$2" "$T/stderr" && ok || bad "$1: exit $rc: $(cat "$T/stderr")"
}
expect2 "unknown model" "e.adx:3: table: no earlier step is named 'M3'; did you mean 'M1'" \
  $'data d.csv\nregress "speed1 ~ speed2" --name M1\ntable models M3'
expect2 "unknown model, --check" "e.adx:3: table: no earlier step is named 'M3'" \
  $'data d.csv\nregress "speed1 ~ speed2" --name M1\ntable models M3' --check
expect2 "fit statistic" "unknown fit statistic 'gfi'" \
  $'data d.csv\nregress "speed1 ~ speed2" --name M1\ntable models M1 --fit gfi'
expect2 "no such block" "step 'M1' has no model 3" \
  $'data d.csv\nregress "speed1 ~ speed2" --name M1\ntable models M1:3'
expect2 "sample variable" "e.adx:2: sample: unknown variable 'nope'" $'data d.csv\nsample common nope'
expect2 "label variable" "e.adx:2: label: unknown variable 'nope'" $'data d.csv\nlabel nope "x"'
# Table 3 of seed 003 (item 6): cfa --validity gives M and SD of the scale scores (item
# means over the cases the CFA uses), the latent correlations with stars and sqrt(AVE) on
# the diagonal, in one table.
M='F1 =~ coord1 + coord2 + coord3
F2 =~ proact1 + proact2 + proact3 + proact4
F3 =~ speed1 + speed2 + speed3'
"$A" cfa "$T/d.csv" -e "$M" --validity --format json >"$T/v.json" 2>"$T/err" && ok || bad "cfa json: $(cat "$T/err")"
"$A" cfa "$T/d.csv" -e "$M" --validity --format text >"$T/v.txt" 2>"$T/err" && ok || bad "cfa text"
python3 - "$T/v.json" "$T/d.csv" <<'PY' && ok || bad "scale means and SDs"
import csv, json, math, statistics, sys
d = json.load(open(sys.argv[1]))
items = [["coord1", "coord2", "coord3"], ["proact1", "proact2", "proact3", "proact4"],
         ["speed1", "speed2", "speed3"]]
rows = [r for r in csv.DictReader(open(sys.argv[2]))
        if all(r[i] not in ("", "NA") for g in items for i in g)]
assert len(rows) == d["n"], (len(rows), d["n"])
for k, g in enumerate(items):
    sc = [sum(float(r[i]) for i in g) / len(g) for r in rows]
    assert abs(statistics.mean(sc) - d["validity"]["scale_mean"][k]) < 1e-12
    assert abs(statistics.stdev(sc) - d["validity"]["scale_sd"][k]) < 1e-12
PY
awk '/interconstruct correlations/,/^Note/' "$T/v.txt" >"$T/fl"
grep -E '^Variable +M +SD +1 +2 +3$' "$T/fl" >/dev/null && ok || bad "Table 3 header: $(cat "$T/fl")"
sq=$(python3 -c "import json;d=json.load(open('$T/v.json'));print('%.2f'%d['validity']['constructs'][1]['sqrt_ave'])")
r=$(python3 -c "import json;d=json.load(open('$T/v.json'));print('%.2f'%d['validity']['latent_cor'][1][0])")
grep -E "^2\. F2 +[0-9.]+ +[0-9.]+ +$r\*{0,3}†? +$sq\$" "$T/fl" >/dev/null && ok || bad "row 2: r = $r with stars, sqrt(AVE) = $sq: $(cat "$T/fl")"
grep -q 'square roots of the average variance extracted' "$T/fl" && ok || bad "Table 3 note"

echo "models: $pass passed, $fail failed"
[ $fail -eq 0 ]
