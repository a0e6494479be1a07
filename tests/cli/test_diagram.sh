#!/usr/bin/env bash
# Path diagrams (issue 14 item 13): `ambidex diagram MODEL` draws the conceptual diagram
# from the model alone (SVG, PNG, PDF); `cfa`/`sem --diagram full|structural|none` on the
# seed-003-sized example (7 factors, 25 items). The SVGs are parsed (diagram_check.py):
# every variable once as text, no overlapping boxes or labels, one arrow per path. Bad
# input exits 2 naming FILE:LINE:COLUMN.
. "$(dirname "$0")/lib.sh"
D="$SRC/tests/cli/diagram_check.py"
AS="$SRC/examples/alliance-speed"
MO="$SRC/examples/market-orientation/population.lav"

# The conceptual diagram of seed 004's framework: 3 latent variables, 10 items, 13 paths.
"$A" diagram "$MO" -o "$T/mo.svg" 2>"$T/err" && ok || bad "diagram svg: $(cat "$T/err")"
python3 "$D" "$T/mo.svg" 13 MO ALLY PERF mo1 mo2 mo3 mo4 al1 al2 al3 pf1 pf2 pf3 && ok || bad "mo.svg"
"$A" diagram "$MO" --view structural -o "$T/mos.svg" 2>"$T/err" && ok || bad "structural: $(cat "$T/err")"
python3 "$D" "$T/mos.svg" 3 MO ALLY PERF && ok || bad "mos.svg"
grep -q '(4 items)' "$T/mos.svg" && ok || bad "the structural view counts the items"
"$A" diagram "$MO" -o "$T/mo.png" 2>/dev/null && head -c 8 "$T/mo.png" | grep -q PNG && ok || bad "png"
"$A" diagram "$MO" -o "$T/mo.pdf" 2>/dev/null && head -c 5 "$T/mo.pdf" | grep -q '%PDF-' && ok || bad "pdf"
if command -v pdfimages >/dev/null 2>&1; then
  n=$(pdfimages -list "$T/mo.pdf" 2>/dev/null | tail -n +3 | wc -l)
  [ "$n" -eq 0 ] && ok || bad "the PDF diagram holds $n raster images (should be vector)"
fi
"$A" diagram "$MO" | grep -q '<g class="node latent">' && ok || bad "svg to standard output"
printf 'MO =~ mo1 + mo2\nALLY =~ al1 + al2\nALLY ~ H1*MO\n' >"$T/h.lav"
"$A" diagram "$T/h.lav" | grep -q '>H1</text>' && ok || bad "a parameter label names the arrow"

# Bad input: exit 2 with FILE:LINE:COLUMN, or the missing file named.
"$A" diagram "$T/none.lav" -o "$T/x.svg" 2>"$T/err"; [ $? -eq 2 ] && grep -q "none.lav" "$T/err" && ok || bad "missing file: $(cat "$T/err")"
printf 'F =~ a + b + c\nG =~ d + e +\nY ~~ = F\n' >"$T/bad.lav"
"$A" diagram "$T/bad.lav" -o "$T/x.svg" 2>"$T/err"; [ $? -eq 2 ] && grep -qE "bad.lav:3:[0-9]+:" "$T/err" && ok || bad "syntax error: $(cat "$T/err")"
"$A" diagram "$MO" -o "$T/x.gif" 2>"$T/err"; [ $? -eq 2 ] && grep -q ".svg, .png or .pdf" "$T/err" && ok || bad "unknown extension: $(cat "$T/err")"
[ ! -e "$T/x.svg" ] && ok || bad "a failed diagram left a file"

# The seed-003 structural model (M6 of the example: second-order AMC, latent SPEED).
cat >"$T/m6.lav" <<'M'
Coord  =~ coord1 + coord2 + coord3
Proact =~ proact1 + proact2 + proact3 + proact4
Transf =~ transf1 + transf2 + transf3
Learn  =~ learn1 + learn2 + learn3 + learn4
AMC  =~ Coord + Proact + Transf + Learn
SPEED =~ speed1 + speed2 + speed3 + speed4 + speed5
SPEED ~ AMC + LSIZE + LAGE + rd_intensity
M
"$A" compute "$AS/data.csv" --compute "LSIZE = log(employees)" --compute "LAGE = log(age)" -o "$T/as.csv" 2>/dev/null
for view in structural full; do
  "$A" sem "$T/as.csv" "$T/m6.lav" --diagram $view --format html -o "$T/m6_$view.html" 2>"$T/err" && ok || bad "sem --diagram $view: $(cat "$T/err")"
  python3 - "$T/m6_$view.html" "$T/m6_$view.svg" <<'P'
import re, sys
html = open(sys.argv[1]).read()
svgs = re.findall(r'<svg.*?</svg>', html, re.S)
open(sys.argv[2], 'w').write(svgs[-1] if svgs else '')
P
done
python3 "$D" "$T/m6_structural.svg" 8 Coord Proact Transf Learn AMC SPEED LSIZE LAGE rd_intensity && ok || bad "m6 structural"
grep -q '(5 items)' "$T/m6_structural.svg" && ok || bad "SPEED's items counted"
grep -q 'number of indicators of a latent variable is in parentheses' "$T/m6_structural.html" && ok || bad "the note explains the counts"
python3 "$D" "$T/m6_full.svg" 27 Coord Proact Transf Learn AMC SPEED LSIZE LAGE rd_intensity \
  coord1 coord2 coord3 proact1 proact2 proact3 proact4 transf1 transf2 transf3 \
  learn1 learn2 learn3 learn4 speed1 speed2 speed3 speed4 speed5 && ok || bad "m6 full"
"$A" sem "$T/as.csv" "$T/m6.lav" --diagram none --format html -o "$T/m6_none.html" 2>/dev/null
grep -q '<figure' "$T/m6_none.html" && bad "--diagram none still draws" || ok
"$A" sem "$T/as.csv" "$T/m6.lav" --diagram sideways 2>"$T/err"; [ $? -eq 2 ] && ok || bad "a bad --diagram value"

# The 7-factor CFA: full by default (25 items), structural on request; the 21 factor
# covariances do not fit and are counted in the note.
cat >"$T/cfa.lav" <<'M'
COORD  =~ coord1 + coord2 + coord3
PROACT =~ proact1 + proact2 + proact3 + proact4
TRANSF =~ transf1 + transf2 + transf3
LEARN  =~ learn1 + learn2 + learn3 + learn4
RAD    =~ rad1 + rad2 + rad3
INC    =~ inc1 + inc2 + inc3
SPEED  =~ speed1 + speed2 + speed3 + speed4 + speed5
M
"$A" cfa "$AS/data.csv" "$T/cfa.lav" --format html -o "$T/cfa.html" 2>"$T/err" && ok || bad "cfa: $(cat "$T/err")"
python3 - "$T/cfa.html" "$T/cfa.svg" <<'P'
import re, sys
html = open(sys.argv[1]).read()
svgs = re.findall(r'<svg.*?</svg>', html, re.S)
open(sys.argv[2], 'w').write(svgs[-1] if svgs else '')
P
python3 "$D" "$T/cfa.svg" 25 COORD PROACT TRANSF LEARN RAD INC SPEED coord1 coord2 coord3 \
  proact1 proact2 proact3 proact4 transf1 transf2 transf3 learn1 learn2 learn3 learn4 \
  rad1 rad2 rad3 inc1 inc2 inc3 speed1 speed2 speed3 speed4 speed5 && ok || bad "cfa full"
grep -q '21 covariances are not drawn' "$T/cfa.html" && ok || bad "the note counts the covariances not drawn"
# Printed text size: the full view folds into two columns so that, scaled to the figure
# width of Word and PDF (6.5 in wide; at most 576 pt high in Word, 538 pt in the PDF:
# docx_figure and pdf_figure), its smallest text prints at 9 pt or more (it printed at
# 7 pt as one column 850 pt high). Word's scale is read from the picture it places.
"$A" cfa "$AS/data.csv" "$T/cfa.lav" -o "$T/cfa.docx" 2>"$T/err" && ok || bad "cfa docx: $(cat "$T/err")"
python3 - "$T/cfa.svg" "$T/cfa.docx" <<'P' && ok || bad "the full CFA diagram prints below 9 pt"
import re, sys, zipfile
svg = open(sys.argv[1]).read()
w, h = (float(v) for v in re.search(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
pt = min(float(v) for v in re.findall(r'font-size="([\d.]+)"', svg))
doc = zipfile.ZipFile(sys.argv[2]).read("word/document.xml").decode()
cx = int(re.findall(r'<wp:extent cx="(\d+)" cy="\d+"/>', doc)[-1])
sizes = {"pdf": pt * min(1, 468 / w, 538 / h), "word": pt * cx / 12700 / w}
print("diagram %.0f x %.0f pt, smallest text %.1f pt; printed: %s" %
      (w, h, pt, ", ".join("%s %.1f pt" % kv for kv in sizes.items())))
assert min(sizes.values()) >= 9, sizes
P
grep -q '<strong>Figure 1</strong>' "$T/cfa.html" && ok || bad "a single command's figure is numbered"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
