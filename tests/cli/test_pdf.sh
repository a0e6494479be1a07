#!/usr/bin/env bash
# PDF output (issue 14, items 11 and 12): `-o report.pdf` (cairo + Pango) is paginated,
# its text extracts (pdftotext), tables break only between rows with the header repeated,
# charts are vector graphics (no raster image in the file); Word and PDF also for a
# single command.
. "$(dirname "$0")/lib.sh"
EX="$(cd "$SRC/examples/learning-performance" && pwd)"
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "pdftotext is not installed (scripts/install-deps installs poppler-utils)"
  echo "0 passed, 1 failed"
  exit 1
fi
"$A" run "$EX/study.adx" -o "$T/r.pdf" 2>"$T/err" && [ -s "$T/r.pdf" ] && ok || bad "run -o pdf: $(cat "$T/err")"
head -c 5 "$T/r.pdf" | grep -q '%PDF-' && ok || bad "not a PDF"
pages=$(pdfinfo "$T/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 8 ] && [ "${pages:-0}" -le 30 ] && ok || bad "page count ${pages:-0}"
pdftotext -layout "$T/r.pdf" "$T/r.txt" && ok || bad "pdftotext"
for s in "Table 1" "Sample screening (cleaning log)" "Figure 5" "Coefficients" "Note." \
         "Internationalization, exploitative and explorative learning" "Hierarchical regression"; do
  grep -qF "$s" "$T/r.txt" && ok || bad "the PDF's text lacks '$s'"
done
# A whole regression row on one line: the term and its ten numbers.
grep -E '^ *intl:EXPLOIT( +[-.0-9<*†]+){9,}' "$T/r.txt" >/dev/null && ok || bad "a coefficient row is not intact"
# Charts are vector: no raster image in the file (this study has line charts only).
if command -v pdfimages >/dev/null 2>&1; then
  n=$(pdfimages -list "$T/r.pdf" 2>/dev/null | tail -n +3 | wc -l)
  [ "$n" -eq 0 ] && ok || bad "$n raster images in the PDF (charts should be vector)"
fi

# A table longer than a page breaks between rows and repeats its header on each page.
python3 -c 'print("x"); [print(i) for i in range(1, 151)]' >"$T/long.csv"
"$A" freq "$T/long.csv" x -o "$T/long.pdf" 2>"$T/err" && ok || bad "freq -o pdf: $(cat "$T/err")"
lp=$(pdfinfo "$T/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${lp:-0}" -ge 3 ] && ok || bad "a 150-row table on ${lp:-0} pages"
for p in $(seq 1 "${lp:-0}"); do
  pdftotext -layout -f "$p" -l "$p" "$T/long.pdf" - >"$T/p.txt"
  grep -q 'Frequency' "$T/p.txt" && ok || bad "page $p lacks the table header"
done
pdftotext -layout "$T/long.pdf" - | grep -cE '^ *[0-9]+ +1 +[0-9.]+ +[0-9.]+ +[0-9.]+ *$' >"$T/n"
[ "$(cat "$T/n")" -eq 150 ] && ok || bad "$(cat "$T/n") of 150 rows intact"

# Single commands write Word and PDF too.
"$A" regress "$EX/data.csv" "perf1 ~ intl + size" -o "$T/t.docx" 2>"$T/err" && unzip -p "$T/t.docx" word/document.xml | grep -q '<w:tbl>' && ok ||
  bad "regress -o docx: $(cat "$T/err")"
"$A" regress "$EX/data.csv" "perf1 ~ intl + size" -o "$T/t.pdf" 2>"$T/err" && pdftotext "$T/t.pdf" - | grep -q 'Coefficients' && ok ||
  bad "regress -o pdf: $(cat "$T/err")"
"$A" moderate "$EX/data.csv" --y perf1 --x explore1 --w exploit1 -o "$T/m.pdf" 2>"$T/err" && pdftotext "$T/m.pdf" - | grep -q 'Interaction plot' && ok ||
  bad "moderate -o pdf (with figures): $(cat "$T/err")"
"$A" regress "$EX/data.csv" "perf1 ~ intl" --format pdf 2>"$T/err"; [ $? -eq 2 ] && grep -q "give -o FILE.pdf" "$T/err" && ok ||
  bad "--format pdf to stdout"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
