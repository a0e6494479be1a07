#!/usr/bin/env bash
# Word output (issue 14, item 10): `-o report.docx` is a real Office Open XML package.
# Checks the package's structure (parts, content types, relationships, well-formed XML,
# one Word table per report table, one PNG picture per figure, APA captions), then,
# when LibreOffice is installed (scripts/install-deps installs it), converts it to PDF
# with `soffice --headless` and checks the pages' text (pdftotext).
. "$(dirname "$0")/lib.sh"
EX="$(cd "$SRC/examples/learning-performance" && pwd)"
"$A" run "$EX/study.adx" -o "$T/r.docx" 2>"$T/err" && [ -s "$T/r.docx" ] && ok || bad "run -o docx: $(cat "$T/err")"
"$A" run "$EX/study.adx" -o "$T/r.html" 2>"$T/err" && ok || bad "run -o html"
mkdir "$T/x" && (cd "$T/x" && unzip -q "$T/r.docx") && ok || bad "unzip"
for p in '[Content_Types].xml' _rels/.rels word/document.xml word/styles.xml word/_rels/document.xml.rels docProps/core.xml; do
  [ -s "$T/x/$p" ] && xmllint --noout "$T/x/$p" 2>"$T/err" && ok || bad "part $p: $(cat "$T/err")"
done
python3 - "$T/x" "$T/r.html" >"$T/check" 2>&1 <<'EOF' && ok || bad "package structure: $(cat "$T/check")"
import os, re, sys
import xml.etree.ElementTree as ET
root, html = sys.argv[1], open(sys.argv[2]).read()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ct = ET.parse(os.path.join(root, "[Content_Types].xml")).getroot()
defaults = {e.get("Extension"): e.get("ContentType") for e in ct if e.tag.endswith("Default")}
overrides = {e.get("PartName") for e in ct if e.tag.endswith("Override")}
assert defaults.get("png") == "image/png" and "/word/document.xml" in overrides, (defaults, overrides)
# Every relationship points at a part that exists, and every picture's r:embed has one.
rels = ET.parse(os.path.join(root, "word/_rels/document.xml.rels")).getroot()
ids = {}
for r in rels:
    target = os.path.join(root, "word", r.get("Target"))
    assert os.path.exists(target), "missing part " + target
    ids[r.get("Id")] = target
doc = ET.parse(os.path.join(root, "word/document.xml")).getroot()
body = doc.find(W + "body")
assert body[-1].tag == W + "sectPr", "sectPr must close the body"
tables = body.findall(W + "tbl")
assert len(tables) == html.count("<table>"), (len(tables), html.count("<table>"))
for t in tables:
    grid = len(t.find(W + "tblGrid"))
    for tr in t.findall(W + "tr"):
        span = sum(int(tc.find(W + "tcPr").find(W + "gridSpan").get(W + "val"))
                   if tc.find(W + "tcPr").find(W + "gridSpan") is not None else 1
                   for tc in tr.findall(W + "tc"))
        assert span == grid, "a row spans %d of %d grid columns" % (span, grid)
    assert t.find(W + "tr").find(W + "trPr").find(W + "tblHeader") is not None, "header row repeats"
blips = [e.get(R + "embed") for e in doc.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
assert len(blips) == 5, "expected 5 pictures, found %d" % len(blips)
for b in blips:
    assert open(ids[b], "rb").read(8) == b"\x89PNG\r\n\x1a\n", "not a PNG: " + ids[b]
text = "".join(t.text or "" for t in doc.iter(W + "t"))
for s in ["Table 1", "Sample screening (cleaning log)", "Figure 1", "Scree plot", "Note. ",
          "Hierarchical regression"]:
    assert s in text, "missing text: " + s
EOF

# LibreOffice opens it (a conversion to PDF) and the pages hold the tables' text.
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
  timeout 300 soffice -env:UserInstallation=file://$T/lo --headless --convert-to pdf --outdir "$T/pdf" "$T/r.docx" >"$T/lo.log" 2>&1
  [ -s "$T/pdf/r.pdf" ] && ok || bad "soffice could not convert the document: $(cat "$T/lo.log")"
  pdftotext -layout "$T/pdf/r.pdf" "$T/pdf/r.txt" 2>/dev/null
  for s in "Table 1" "Sample screening" "Figure 5" "Coefficients" "Note."; do
    grep -q "$s" "$T/pdf/r.txt" && ok || bad "converted PDF lacks '$s'"
  done
  pages=$(pdfinfo "$T/pdf/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  [ "${pages:-0}" -ge 8 ] && ok || bad "converted PDF has ${pages:-0} pages"
else
  echo "soffice or pdftotext missing: the LibreOffice conversion was not checked (scripts/install-deps)"
fi

# Word output needs a file.
"$A" describe "$EX/data.csv" perf1 --format docx 2>"$T/err"; [ $? -eq 2 ] && grep -q "give -o FILE.docx" "$T/err" && ok ||
  bad "--format docx to stdout"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
