#!/usr/bin/env bash
# Figures in a study report (issue 14 item 14) and seed 003's construct lines in the CFA
# items table (item 6): every figure has a number that continues
# across the report ("Figure 1" .. "Figure N", bold label above an italic title) and a
# note under it, in HTML, Word and PDF; Word embeds each figure as a 300-dpi PNG; the PDF
# draws every figure (charts and path diagrams) as vector graphics.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/alliance-speed"
"$A" run "$EX/study.adx" -o "$T/r.html" 2>"$T/err" && ok || bad "run html: $(cat "$T/err")"
"$A" run "$EX/study.adx" -o "$T/r.docx" 2>"$T/err" && ok || bad "run docx: $(cat "$T/err")"
"$A" run "$EX/study.adx" -o "$T/r.pdf" 2>"$T/err" && ok || bad "run pdf: $(cat "$T/err")"
python3 - "$T/r.html" <<'P' && ok || bad "html figures"
import re, sys
html = open(sys.argv[1]).read()
figs = re.findall(r'<figure id="figure-(\d+)">(.*?)</figure>', html, re.S)
assert len(figs) >= 9, "%d figures" % len(figs)
for i, (num, body) in enumerate(figs, 1):
    assert int(num) == i, (num, i)
    cap = re.search(r'<figcaption><strong>Figure (\d+)</strong><br><em>([^<]+)</em></figcaption>', body)
    assert cap and int(cap.group(1)) == i, "figure %d: caption %r" % (i, body[:200])
    assert not cap.group(2).endswith('.'), "figure %d: an APA title ends without a period" % i
    assert '<p class="note"><em>Note.</em> ' in body, "figure %d has no note" % i
    assert '<svg' in body, "figure %d has no drawing" % i
print(len(figs), "figures")
P
nfig=$(grep -c '<figure id=' "$T/r.html")
# Seed 003's Table 2: each construct's line "(α = .82; CR = .84; AVE = .63)" above its items.
n=$(grep -oE '(Interorganizational coordination|Alliance proactiveness|Alliance transformation|Interorganizational learning|Radical co-innovation|Incremental co-innovation|Post-entry internationalization speed) \(α = \.[0-9]{2}; CR = \.[0-9]{2}; AVE = \.[0-9]{2}\)' "$T/r.html" | sort -u | wc -l)
[ "$n" -eq 7 ] && ok || bad "$n of 7 construct lines (alpha; CR; AVE) in the CFA items table"
# ... each a spanning row of its own (the table model's ADX_ROWGROUP_SPAN), not a column.
n=$(grep -cE '^<tr><td colspan="3" class="s">[A-Za-z -]+ \(α = \.[0-9]{2}; CR = \.[0-9]{2}; AVE = \.[0-9]{2}\)</td></tr>$' "$T/r.html")
[ "$n" -eq 7 ] && ok || bad "$n of 7 construct lines as spanning rows in HTML"
mkdir -p "$T/d" && (cd "$T/d" && unzip -q -o "$T/r.docx") && ok || bad "unzip docx"
python3 - "$T/d" "$nfig" <<'P' && ok || bad "docx figures"
import os, re, struct, sys
d, n = sys.argv[1], int(sys.argv[2])
doc = open(os.path.join(d, "word/document.xml"), encoding="utf-8").read()
for i in range(1, n + 1):
    assert re.search(r'<w:t[^>]*>Figure %d</w:t>' % i, doc), "no caption Figure %d" % i
pics = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', doc)
assert len(pics) == n, "%d pictures for %d figures" % (len(pics), n)
media = sorted(f for f in os.listdir(os.path.join(d, "word/media")) if f.endswith(".png"))
assert len(media) == n, media
for (cx, cy), name in zip(pics, ["image%d.png" % (i + 1) for i in range(n)]):
    data = open(os.path.join(d, "word/media", name), "rb").read(32)
    assert data[:8] == b"\x89PNG\r\n\x1a\n", name
    w = struct.unpack(">I", data[16:20])[0]
    dpi = w / (int(cx) / 914400)  # pixels per inch of the picture as placed
    assert dpi >= 299, "%s: %.0f dpi as placed" % (name, dpi)
assert doc.count(">Note. <") >= n, "figure notes"
# Seed 003's Table 2: a construct's line is one italic cell across the table's 3 columns.
spans = re.findall(r'<w:gridSpan w:val="3"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>'
                   r'<w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:i/><w:sz w:val="\d+"/></w:rPr>'
                   r'<w:t[^>]*>[^<]+ \(\u03b1 = \.\d\d; CR = \.\d\d; AVE = \.\d\d\)</w:t>', doc)
assert len(spans) == 7, "%d construct lines as spanning rows in Word" % len(spans)
P
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$T/r.pdf" "$T/r.txt"
  for i in $(seq 1 "$nfig"); do grep -q "^Figure $i\$" "$T/r.txt" || bad "the PDF lacks Figure $i"; done; ok
  tr '\n' ' ' <"$T/r.txt" | grep -q "Post-entry internationalization speed (α = " && ok || bad "the PDF lacks the construct line"
  # The construct line is a row of its own, above its first item.
  pdftotext -layout "$T/r.pdf" "$T/rl.txt"
  grep -A1 -E '^ *Interorganizational coordination \(α = \.[0-9]{2}; CR = \.[0-9]{2}; AVE = \.[0-9]{2}\)$' "$T/rl.txt" \
    | grep -qE '^ *Our activities with our partners are well coordinated +\.[0-9]{3}$' && ok || bad "the PDF's construct line is not a row of its own"
  tr '\n' ' ' <"$T/r.txt" | grep -q "number of indicators of a latent variable is in parentheses" && ok || bad "the PDF lacks the diagram's note"
fi
if command -v pdfimages >/dev/null 2>&1; then
  n=$(pdfimages -list "$T/r.pdf" 2>/dev/null | tail -n +3 | wc -l)
  [ "$n" -eq 0 ] && ok || bad "$n raster images in the PDF (figures should be vector)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
