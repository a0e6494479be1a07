#!/usr/bin/env bash
# ambidex run reads a survey database (the SQLite file of `survey serve`) directly in a
# `data` step: the export's rows as data (labels kept, times as numbers), the response
# funnel table with AAPOR rates before the screening rules; bad input names the file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey_lib.sh"

DB=$T/s.db
printf 'email,firm\na@x.org,A\nb@x.org,B\nc@x.org,C\nd@x.org,D\ne@x.org,E\n' >"$T/contacts.csv"
"$A" survey invite --db "$DB" --contacts "$T/contacts.csv" -o "$T/links.csv" 2>"$T/err" && ok ||
  bad "invite: $(cat "$T/err")"
start_server "$FORM" "$DB" --rate 0 || exit 1
tokens=$(awk -F, 'NR > 1 {print $3}' "$T/links.csv")
set -- $tokens
fill() { "$PY" "$CLIENT" fill "$URL" --token "$1" --answers "$2"; }
fill "$1" "$GOOD" | grep -q '"status": "complete"' && ok || bad "respondent 1"
fill "$2" "${GOOD/\"employees\":\"50\"/\"employees\":\"120\"}" | grep -q '"status": "complete"' && ok || bad "respondent 2"
fill "$3" '{"consent":"yes","screen1":"no","screen2":"yes"}' | grep -q screened_out && ok || bad "respondent 3"
fill "$4" "${GOOD/\"attention\":\"4\"/\"attention\":\"1\"}" | grep -q '"status": "complete"' && ok || bad "respondent 4"
stop_server

cat >"$T/s.adx" <<S
title "From the survey database"
data s.db
keep if disposition == "complete"
compute MINUTES = (submitted - started) / 60
describe employees MINUTES
freq disposition
S
"$A" run "$T/s.adx" -o "$T/r.md" --format md 2>"$T/err" && ok || bad "run: $(cat "$T/err")"
# 5 contacts: 4 started, 1 screened out, 3 completed of which 1 failed the attention check
for row in '| Sampled (invited and open-link) | 5 |' '| Not started | 1 |' '| Started | 4 |' \
           '| Screened out (not eligible) | 1 |' '| Completed | 3 |' '| Attention check failed | 1 |' \
           '| Usable | 2 |' '| keep if disposition == "complete" | 4 | 2 | 2 |'; do
  grep -qF -- "$row" "$T/r.md" && ok || bad "report row '$row': $(grep -F '|' "$T/r.md" | head -20)"
done
grep -q 'RR1 50.0%, RR2 75.0%' "$T/r.md" && ok || bad "AAPOR rates: $(grep RR1 "$T/r.md")"
# the question's label stands for the variable name in a study report (issue 14 item 7)
grep -Eq '^\| (employees|Number of full-time employees) +\| 2 \| 0 \| 85\.000' "$T/r.md" && ok || bad "answers as data: $(grep employees "$T/r.md")"
# times are numbers: the durations are non-negative and short (a fast test run can fill the
# form within the clock's second, so 0 is possible)
awk -F'|' '$2 ~ /MINUTES/ {exit !($5 ~ /^ *[0-9]+\.[0-9]+ *$/ && $5 + 0 >= 0 && $5 + 0 < 30)}' "$T/r.md" && ok || bad "durations: $(grep MINUTES "$T/r.md")"

# the form recorded by serve can be replaced (a moved folder): data s.db form FOLDER
printf 'data s.db form %s\ndescribe employees\n' "$FORM" >"$T/f.adx"
"$A" run "$T/f.adx" >/dev/null 2>"$T/err" && ok || bad "form option: $(cat "$T/err")"
printf 'data s.db form %s\ndescribe employees\n' "$T/nothere" >"$T/g.adx"
"$A" run "$T/g.adx" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "g.adx:1: .*nothere/survey.csv" "$T/err" && ok || bad "missing form: $(cat "$T/err")"
# an empty database: no responses yet
"$A" survey invite --db "$T/e.db" --contacts "$T/contacts.csv" -o "$T/l2.csv" 2>/dev/null
printf 'data e.db form %s\ndescribe employees\n' "$FORM" >"$T/e.adx"
"$A" run "$T/e.adx" >/dev/null 2>"$T/err"
[ $? -ne 0 ] && grep -q "e.db: the survey has no responses yet" "$T/err" && ok || bad "empty db: $(cat "$T/err")"

echo "survey run: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
