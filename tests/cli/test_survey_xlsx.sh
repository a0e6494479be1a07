#!/usr/bin/env bash
# XLSForm workbooks (.xlsx): the example form written as a workbook (shared strings,
# inline strings, numbers; make_xlsx.py) checks like its CSV folder, serves and exports;
# bad workbooks: problems as FORM.xlsx/SHEET:ROW: column NAME, not a zip, no survey sheet,
# malformed XML (part, line, column); exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey_lib.sh"
MK=$SRC/tests/cli/survey_data/make_xlsx.py

"$PY" "$MK" "$FORM" "$T/form.xlsx" && "$PY" "$MK" "$FORM" "$T/bad.xlsx" --typo && ok || bad "make_xlsx"
csv=$("$A" survey check "$FORM" 2>&1)
out=$("$A" survey check "$T/form.xlsx" 2>&1)
[ $? -eq 0 ] && [ "${out#*: ok}" = "${csv#*: ok}" ] && ok || bad "xlsx check: '$out' vs '$csv'"
"$A" survey check "$T/bad.xlsx" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -qF "bad.xlsx/survey:3: column type: unknown type 'intger'; did you mean 'integer'" "$T/err" &&
  ok || bad "xlsx typo: $(cat "$T/err")"

# served from the workbook: the same pages, answers exported under the same names
start_server "$T/form.xlsx" "$T/s.db" --rate 0 || exit 1
res=$("$PY" "$CLIENT" fill "$URL" --answers "$GOOD")
echo "$res" | grep -q '"status": "complete"' && ok || bad "xlsx form served: $res"
stop_server
"$A" survey export --db "$T/s.db" -o "$T/d.csv" 2>"$T/err" && ok || bad "export: $(cat "$T/err")"
awk -F, 'NR == 1 {for (j = 1; j <= NF; j++) c[$j] = j} NR == 2 {print $c["disposition"], $c["employees"]}' "$T/d.csv" |
  grep -qx 'complete 50' && ok || bad "xlsx export: $(head -2 "$T/d.csv")"

# bad workbooks
printf 'not a zip' >"$T/nozip.xlsx"
"$A" survey check "$T/nozip.xlsx" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "nozip.xlsx" "$T/err" && grep -q "save it from Excel or LibreOffice as .xlsx" "$T/err" &&
  ok || bad "not a zip: $(cat "$T/err")"
# rezip SRC DST PART OLD NEW: the workbook with one text replacement in one part
rezip() {
  "$PY" - "$@" <<'PYEOF'
import sys, zipfile
src, dst, part, old, new = sys.argv[1:6]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
    for i in a.infolist():
        data = a.read(i.filename)
        if i.filename == part:
            data = data.replace(old.encode(), new.encode())
        b.writestr(i.filename, data)
PYEOF
}
rezip "$T/form.xlsx" "$T/nosheet.xlsx" xl/workbook.xml 'name="survey"' 'name="questions"'
"$A" survey check "$T/nosheet.xlsx" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -qF "nosheet.xlsx: no sheet 'survey'; an XLSForm workbook has the sheets survey, choices and settings" "$T/err" &&
  ok || bad "no survey sheet: $(cat "$T/err")"
rezip "$T/form.xlsx" "$T/broken.xlsx" xl/worksheets/sheet1.xml '</sheetData>' '<row r="99"><c r="A99"><v>1</c></row></sheetData>'
"$A" survey check "$T/broken.xlsx" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -qE "broken.xlsx: xl/worksheets/sheet1.xml:[0-9]+: column [0-9]+: " "$T/err" &&
  ok || bad "malformed sheet XML: $(cat "$T/err")"
echo "survey xlsx: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
