#!/usr/bin/env bash
# The "Done when" of issue 14: the alliance-speed report in HTML (Selenium + headless
# Chromium: report_browser.py), in Word converted to PDF by LibreOffice, and in our PDF;
# checks that tables and figures are present and readable (no overflow, unique ids, every
# figure with its caption) and keeps screenshots of the HTML tables and figures and of
# every page in tests/artifacts/report/ of the build folder. Skips (77) without
# Chromium or LibreOffice.
. "$(dirname "$0")/lib.sh"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3 # Debian's, with python3-selenium
CHROME=$(command -v chromium || command -v chromium-browser || true)
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$CHROME" ] || [ -z "$SOFFICE" ] || ! "$PY" -c 'import selenium' 2>/dev/null ||
   ! command -v pdftoppm >/dev/null 2>&1; then
  echo "SKIP: needs chromium, python3-selenium, soffice and pdftoppm"
  exit 77
fi
ART="$PWD/tests/artifacts/report"
rm -rf "$ART" && mkdir -p "$ART"
EX="$SRC/examples/alliance-speed"
for f in html docx pdf; do
  "$A" run "$EX/study.adx" -o "$T/r.$f" 2>"$T/err" && ok || bad "run -o r.$f: $(cat "$T/err")"
done
"$PY" "$SRC/tests/cli/report_browser.py" "$T/r.html" "$ART" && ok || bad "the HTML report in Chromium"
nfig=$(grep -c '<figure id=' "$T/r.html")
ntab=$(grep -c '<caption><strong>Table ' "$T/r.html")

# Word -> PDF by LibreOffice, and our own PDF: pages as PNG, every table and figure
# caption present, no word outside the page's margins, figures as pictures of 300 dpi
# (Word) or vector (ours).
mkdir -p "$T/lo"
HOME="$T" timeout 300 "$SOFFICE" --headless -env:UserInstallation=file://"$T/lo-profile" \
  --convert-to pdf --outdir "$T/lo" "$T/r.docx" >/dev/null 2>&1
[ -s "$T/lo/r.pdf" ] && ok || bad "LibreOffice did not convert the Word report"
check_pdf() { # PDF NAME: captions, margins, page images
  local pdf=$1 name=$2
  pdftoppm -r 50 -png "$pdf" "$ART/$name-page" && ok || bad "$name: pdftoppm"
  pdftotext "$pdf" - | tr -d '\f' >"$T/$name.txt"
  for i in $(seq 1 "$nfig"); do grep -q "^Figure $i\$" "$T/$name.txt" || bad "$name lacks Figure $i"; done
  for i in $(seq 1 "$ntab"); do grep -q "^Table $i\$" "$T/$name.txt" || bad "$name lacks Table $i"; done
  pdftotext -bbox "$pdf" "$T/$name.bbox.html"
  python3 - "$T/$name.bbox.html" "$name" <<'P' && ok || bad "$name: words outside the page's text area"
import re, sys
html, name = open(sys.argv[1]).read(), sys.argv[2]
bad = 0
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
    W, H = float(page.group(1)), float(page.group(2))
    for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page.group(3)):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        if x0 < 36 or x1 > W - 36 or y0 < 18 or y1 > H - 18:
            bad += 1
            if bad <= 5:
                print("%s: '%s' at x %.0f-%.0f, y %.0f-%.0f (page %.0f x %.0f)" % (name, m.group(5), x0, x1, y0, y1, W, H))
sys.exit(1 if bad else 0)
P
}
check_pdf "$T/lo/r.pdf" docx
check_pdf "$T/r.pdf" pdf
if command -v pdfimages >/dev/null 2>&1; then
  pdfimages -list "$T/lo/r.pdf" 2>/dev/null | tail -n +3 >"$T/img.txt"
  [ "$(wc -l <"$T/img.txt")" -eq "$nfig" ] && ok || bad "Word: $(wc -l <"$T/img.txt") pictures for $nfig figures"
  awk '$13 < 299 || $14 < 299 { exit 1 }' "$T/img.txt" && ok || bad "Word: a picture below 300 dpi: $(cat "$T/img.txt")"
  [ "$(pdfimages -list "$T/r.pdf" 2>/dev/null | tail -n +3 | wc -l)" -eq 0 ] && ok || bad "our PDF has raster figures"
fi
ls "$ART" | wc -l | xargs echo "screenshots in $ART:"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
