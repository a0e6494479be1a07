#!/usr/bin/env bash
# ambidex survey under load, on 127.0.0.1 only: 500 concurrent simulated respondents fill
# the example questionnaire (bounded: 500 respondents, a 600 s deadline); every one
# finishes and every acknowledged page is in the export. Then kill -9 of the server in
# the middle of a second load, a restart on the same database, and again every page
# acknowledged before the kill is in the export, whole; an interrupted respondent resumes.
# Last, a database that cannot grow (a full disk): an error page, and no acknowledged page
# lost, no page half-written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey_lib.sh"
LOAD=$SRC/tests/cli/survey_load.py

# check_acks ACKS EXPORT: every acknowledged (token, page) has its page time and the
# page's first question in the export row of that token.
check_acks() {
  "$PY" - "$1" "$2" <<'PY'
import csv, sys
rows = {r["token"]: r for r in csv.DictReader(open(sys.argv[2]))}
tcols = [c for c in next(csv.reader(open(sys.argv[2]))) if c.startswith("t_")]
first = {0: "consent", 1: "screen1", 2: "coord1", 3: "proact1", 4: "transf1", 5: "learn1",
         6: "rad1", 7: "speed1", 8: "role", 9: "know1", 10: "employees"}
n = 0
for line in open(sys.argv[1]):
    tok, page = line.split()
    page = int(page)
    r = rows.get(tok)
    assert r is not None, "acknowledged response %s missing" % tok
    assert r[tcols[page]], "page %d of %s acknowledged but not saved" % (page, tok)
    assert r[first[page]], "page %d of %s saved without its answers" % (page, tok)
    n += 1
assert n > 0
print(n)
PY
}

# ---- 500 concurrent respondents ---------------------------------------------------
start_server "$FORM" "$T/load.db" --rate 0 --threads 8 || exit 1
"$PY" "$LOAD" "$URL" 500 "$T/acks" 600 1 >"$T/load.json" 2>"$T/load.err"
stop_server
"$PY" - "$T/load.json" <<'PY' && ok || bad "load: $(cat "$T/load.json" "$T/load.err" | tail -5)"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["finished"] == 500 and s["errors"] == 0, s
assert s["complete"] + s["screened_out"] == 500 and s["screened_out"] > 0, s
PY
"$A" survey export --db "$T/load.db" -o "$T/load.csv" && ok || bad "export after load"
n=$(check_acks "$T/acks" "$T/load.csv") && ok || bad "acknowledged pages after load: $n"
"$A" survey status --db "$T/load.db" --format json | "$PY" -c '
import json, sys
s = json.load(sys.stdin)
assert s["started"] == 500 and s["partial"] == 0 and s["completed"] + s["screened_out"] == 500, s' && ok || bad "status after load"

# ---- kill -9 in the middle of a load --------------------------------------------------
start_server "$FORM" "$T/kill.db" --rate 0 --threads 8 --sync normal || exit 1
"$PY" "$LOAD" "$URL" 300 "$T/kacks" 600 2 >"$T/kill.json" 2>"$T/kill.err" &
LOADER=$!
for _ in $(seq 1 1200); do
  [ -e "$T/kacks" ] && [ "$(wc -l <"$T/kacks")" -ge 600 ] && break
  kill -0 $LOADER 2>/dev/null || break
  sleep 0.1
done
stop_server KILL
wait $LOADER
cp "$T/kacks" "$T/kacks.before"
"$PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["errors"] > 0 and s["finished"] < 300, s' "$T/kill.json" && ok || bad "the kill came too late: $(cat "$T/kill.json")"
start_server "$FORM" "$T/kill.db" --rate 0 || exit 1
# an interrupted respondent resumes where the acknowledged pages end
tok=$("$PY" - "$T/kill.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT token FROM responses WHERE status = 'partial' AND page > 2 LIMIT 1").fetchone()[0])
PY
)
"$PY" "$CLIENT" fill "$URL" --token "$tok" --answers "$GOOD" >"$T/resume.json" 2>&1
grep -q '"complete"' "$T/resume.json" && ! grep -q '"pages": \[0' "$T/resume.json" && ok || bad "resume after kill: $(cat "$T/resume.json")"
stop_server
"$A" survey export --db "$T/kill.db" -o "$T/kill.csv" && ok || bad "export after kill"
n=$(check_acks "$T/kacks.before" "$T/kill.csv") && ok || bad "acknowledged pages after kill -9: $n"

# ---- a full disk: a database that cannot grow (ADX_SURVEY_MAX_PAGES) ---------------------
ADX_SURVEY_MAX_PAGES=40 start_server "$FORM" "$T/full.db" --rate 0 || exit 1
"$PY" - "$URL" "$CLIENT" "$T/facks" <<'PY' >"$T/full.out" 2>&1 && ok || bad "full disk: $(tail -5 "$T/full.out")"
import sys
sys.path.insert(0, sys.argv[2].rsplit("/", 1)[0])
import survey_client as sc
acks = open(sys.argv[3], "w")
full = 0
for i in range(200):
    try:
        sc.fill(sys.argv[1], answers={"consent": "yes", "screen1": "yes", "screen2": "yes",
                                      "attention": "4", "employees": "50", "age": "20",
                                      "intl_experience": "5", "rd_intensity": "0.2",
                                      "alliance_experience": "3", "comments": "x" * 2000},
                seed=i, on_ack=lambda t, p: acks.write("%s %d\n" % (t, p)))
    except AssertionError as e:  # a page, or the open link itself, cannot be saved
        assert "503" in str(e), str(e)
        full += 1
        if full >= 3:
            break
assert full >= 3, "the database never filled up"
acks.close()
print("ok")
PY
stop_server
"$A" survey export --db "$T/full.db" -o "$T/full.csv" && ok || bad "export after a full disk"
n=$(check_acks "$T/facks" "$T/full.csv") && ok || bad "acknowledged pages after a full disk: $n"
"$PY" - "$T/full.csv" <<'PY' && ok || bad "half-written response after a full disk"
import csv, sys
first = {"t_consent_page": "consent", "t_screening": "screen1", "t_coord_page": "coord1",
         "t_proact_page": "proact1", "t_transf_page": "transf1", "t_learn_page": "learn1",
         "t_coinnov_page": "rad1", "t_speed_page": "speed1", "t_respondent_page": "role",
         "t_firm_page": "employees"}
for r in csv.DictReader(open(sys.argv[1])):
    for t, q in first.items():
        assert bool(r[t]) == bool(r[q]), (r["token"], t, q)
PY

echo "test_survey_load: $pass passed, $fail failed"
[ $fail -eq 0 ]
