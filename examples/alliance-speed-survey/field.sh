#!/usr/bin/env bash
# Fields seed 003's questionnaire (form/, an XLSForm in English and French) to simulated
# respondents and analyses the export with examples/alliance-speed/study.adx:
#   400 contacts invited (wave 1); 40 screened out; the 180 wave-1 rows of
#   examples/alliance-speed/data.csv answer; a reminder wave goes to the others; the
#   105 wave-2 rows answer; status; export; the usable responses into study.adx.
#   bash examples/alliance-speed-survey/field.sh [AMBIDEX] [OUTDIR]
# OUTDIR (default: a new temporary folder) receives survey.db, links*.csv, export.csv,
# export.sav and report.html.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
A=$(realpath "${1:-$HERE/../../build/release/ambidex}")
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT/study"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
DATA=$HERE/../alliance-speed/data.csv

"$A" survey check "$HERE/form"
"$PY" -c 'import sys
print("id,firm,email")
for i in range(1, 401): print("%d,Firm %d,contact%d@example.org" % (i, i, i))' >"$OUT/contacts.csv"
"$A" survey invite --db "$OUT/survey.db" --contacts "$OUT/contacts.csv" -o "$OUT/links1.csv"

"$A" survey serve "$HERE/form" --db "$OUT/survey.db" --port 0 --rate 0 --sync normal >"$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q serving "$OUT/serve.log" && break; sleep 0.1; done
URL=$(sed -n 's/^serving on \([^ ]*\).*/\1/p' "$OUT/serve.log")
"$PY" "$HERE/field.py" "$URL" "$OUT/links1.csv" "$DATA" 1 40 "$OUT/used.txt"
"$A" survey invite --db "$OUT/survey.db" --contacts "$OUT/contacts.csv" --wave 2 -o "$OUT/links2.csv"
"$PY" "$HERE/field.py" "$URL" "$OUT/links2.csv" "$DATA" 2 0 "$OUT/used.txt"
kill $PID
wait $PID 2>/dev/null || true

"$A" survey status --db "$OUT/survey.db"
"$A" survey export --db "$OUT/survey.db" -o "$OUT/export.csv"
"$A" survey export --db "$OUT/survey.db" -o "$OUT/export.sav"
# the finished interviews (usable and attention-failed: the study drops the latter itself)
"$PY" - "$OUT/export.csv" "$OUT/study/data.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if r["disposition"] in ("complete", "attention_failed")]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print("%d finished interviews in study/data.csv" % len(rows))
PY
cp "$HERE/../alliance-speed/study.adx" "$OUT/study/"
"$A" run "$OUT/study/study.adx" -o "$OUT/report.html"
echo "report: $OUT/report.html"
