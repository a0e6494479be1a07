#!/usr/bin/env bash
# ambidex survey in a real browser (Selenium + headless Chromium, Debian python3-selenium
# and chromium-driver): the example questionnaire filled end to end by clicks and typing,
# in English and in French, a screen-out path and a failed attention check; then the
# export holds the four responses with their dispositions and languages. Screenshots of
# the grid page at desktop and phone size are kept in tests/artifacts/ of the build folder.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey_lib.sh"
if ! "$PY" -c 'import selenium' 2>/dev/null || ! [ -x /usr/bin/chromedriver ]; then
  echo "python3-selenium and chromium-driver are needed (scripts/install-deps installs them)"
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p tests/artifacts
rm -f tests/artifacts/survey-grid-*.png
start_server "$FORM" "$T/b.db" || exit 1
timeout 600 "$PY" "$SRC/tests/cli/survey_browser.py" "$URL" "$PWD/tests/artifacts" >"$T/b.json" 2>"$T/b.err"
rc=$?
stop_server
[ $rc -eq 0 ] && ok || bad "browser run: $(grep -v '^#' "$T/b.err" | tail -5)"
for f in survey-grid-desktop survey-grid-phone; do
  [ -s "tests/artifacts/$f.png" ] && ok || bad "no screenshot $f.png"
done
"$A" survey export --db "$T/b.db" -o "$T/b.csv" && ok || bad "export"
"$PY" - "$T/b.json" "$T/b.csv" <<'PY' && ok || bad "export after the browser run: $(cat "$T/b.json")"
import csv, json, sys
runs = json.load(open(sys.argv[1]))
rows = {r["token"]: r for r in csv.DictReader(open(sys.argv[2]))}
want = {"english": ("complete", "English"), "french": ("complete", "Français"),
        "screened": ("screened_out", "English"), "attention": ("attention_failed", "English")}
for k, (disp, lang) in want.items():
    r = rows[runs[k][0]]
    assert (r["disposition"], r["lang"]) == (disp, lang), (k, r["disposition"], r["lang"])
    if disp != "screened_out":
        assert r["employees"] == "42" and r["comments"] == "<b>fine</b> & 'ok'" and r["coord1"] == "5", r
PY
# same-page skip logic, for questions and for the rows of a Likert grid: live with the
# page script, by a round trip without JavaScript
start_server "$SRC/tests/cli/survey_data/skipform" "$T/k.db" --rate 0 || exit 1
timeout 300 "$PY" "$SRC/tests/cli/survey_skip_browser.py" "$URL" >"$T/k.json" 2>"$T/k.err"
rc=$?
stop_server
[ $rc -eq 0 ] && ok || bad "skip-logic browser run: $(grep -v '^#' "$T/k.err" | tail -5)"
"$A" survey export --db "$T/k.db" -o "$T/k.csv" && ok || bad "skip export"
"$PY" - "$T/k.json" "$T/k.csv" <<'PY' && ok || bad "skip export values: $(cat "$T/k.csv")"
import csv, json, sys
runs = json.load(open(sys.argv[1]))
rows = {r["token"]: r for r in csv.DictReader(open(sys.argv[2]))}
for k, n, g in (("js", "3", ("4", "2", "")), ("nojs", "4", ("4", "3", ""))):
    r = rows[runs[k][0]]
    assert runs[k][1] == "complete" and (r["uses"], r["npart"], r["why"]) == ("yes", n, ""), (k, r)
    assert (r["g1"], r["g2"], r["g3"]) == g, (k, r)
PY
echo "test_survey_browser: $pass passed, $fail failed"
[ $fail -eq 0 ]
