#!/usr/bin/env bash
# Report output (issue 14, bugs): unique SVG ids in an HTML report with several figures
# and each figure's text intact; -o with an extension no format writes; CSV is data
# only; a centred moderator's legend reads 0; run --check resolves variable names;
# qual report honours --level.
. "$(dirname "$0")/lib.sh"
EX="$(cd "$SRC/examples/learning-performance" && pwd)"

# 1. Figures: ids unique per document; every reference resolves inside its own figure;
# each inline figure draws the same glyphs as its standalone file (so its letters and
# digits read as there); each chart's <title> names its axes and legend.
"$A" run "$EX/study.adx" -o "$T/lp.html" 2>"$T/err" && ok || bad "run -o html: $(cat "$T/err")"
python3 - "$T/lp.html" "$T/lp_figures" >"$T/check" 2>&1 <<'EOF' && ok || bad "figures in HTML: $(cat "$T/check")"
import re, sys, os
html = open(sys.argv[1]).read()
figdir = sys.argv[2]
ids = re.findall(r'\sid="([^"]*)"', html)
dup = sorted({i for i in ids if ids.count(i) > 1})
assert not dup, "duplicate ids: %s" % dup[:5]
svgs = re.findall(r'<svg\b.*?</svg>', html, re.S)
assert len(svgs) >= 5, "expected 5 figures, found %d" % len(svgs)
def glyphs(svg, prefix=""):
    defs = {m.group(1)[len(prefix):]: m.group(2)
            for m in re.finditer(r'<symbol[^>]*\sid="([^"]*)">(.*?)</symbol>', svg, re.S)}
    uses = [u[len(prefix):] for u in re.findall(r'href="#([^"]*)"', svg)]
    return defs, uses
for k, svg in enumerate(svgs, 1):
    defs, uses = glyphs(svg, "f%d-" % k)
    own = set(re.findall(r'\sid="([^"]*)"', svg))
    for u in re.findall(r'href="#([^"]*)"', svg):
        assert u in own, "figure %d uses #%s, defined outside it" % (k, u)
    alone = open(os.path.join(figdir, "figure-%d.svg" % k)).read()
    d2, u2 = glyphs(alone)
    assert uses == u2, "figure %d: glyph sequence differs from figure-%d.svg" % (k, k)
    for u in uses:
        assert defs[u] == d2[u], "figure %d: glyph %s drawn differently" % (k, u)
titles = [re.search(r'<title>(.*?)</title>', s).group(1) for s in svgs]
assert "Component / factor number; Eigenvalue" in titles[0], titles[0]
assert "EXPLORE; PERF; legend: EXPLOIT = " in titles[3], titles[3]
assert "legend: Effect of X, 95% CI" in titles[4], titles[4]
EOF

# A centred moderator probed at the mean is 0, not -4.16e-16.
"$A" moderate "$EX/data.csv" --y perf1 --x explore1 --w exploit1 --center --probe meansd \
  -o "$T/m.html" 2>"$T/err" && ok || bad "moderate -o html: $(cat "$T/err")"
grep -q 'legend: exploit1 = -[0-9.]*, exploit1 = 0, exploit1 = [0-9.]*' "$T/m.html" && ok ||
  bad "moderator legend: $(grep -o '<title>[^<]*legend[^<]*</title>' "$T/m.html")"
grep -o '<title>[^<]*</title>' "$T/m.html" | grep -q 'e-1[0-9]' && bad "a rounding residue in the figure text" || ok

# 2. -o with an extension no format writes: exit 2, naming the supported ones.
for f in report.xlsx report.odt out.sav; do
  "$A" describe "$EX/data.csv" perf1 -o "$T/$f" 2>"$T/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "cannot write this kind of file.*\.html, \.csv" "$T/err" && [ ! -e "$T/$f" ] && ok ||
    bad "-o $f: exit $rc: $(cat "$T/err")"
done
"$A" describe "$EX/data.csv" perf1 --format json -o "$T/x.html" 2>"$T/err"
[ $? -eq 2 ] && grep -q "another format than --format" "$T/err" && ok || bad "--format json -o x.html"
"$A" describe "$EX/data.csv" perf1 -o "$T/d.json" 2>"$T/err" && grep -q '"mean":' "$T/d.json" && ok ||
  bad "-o d.json writes JSON: $(head -2 "$T/d.json")"
"$A" compute "$EX/data.csv" "z = perf1 * 2" -o "$T/new.json" 2>"$T/err"
[ $? -eq 2 ] && grep -q "writes a CSV data file" "$T/err" && ok || bad "compute -o new.json"

# 3. CSV is data only: the first line is the header row.
"$A" corr "$EX/data.csv" perf1 perf2 --format csv >"$T/c.csv" 2>"$T/err" && ok || bad "corr csv"
head -1 "$T/c.csv" | grep -q '^Variable,' && ok || bad "CSV starts with: $(head -1 "$T/c.csv")"

# run --check resolves names: an unknown variable fails the check with its line.
printf 'data %s/data.csv\ndescribe perf1\nregress "perf1 ~ intl + nosuch"\n' "$EX" >"$T/c.adx"
"$A" run "$T/c.adx" --check 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "c.adx:3: regress: .*no variable 'nosuch'" "$T/err" && ok ||
  bad "run --check unknown variable: exit $rc: $(cat "$T/err")"
printf 'data %s/data.csv\ncorr perf1 perf2 --spearmann\n' "$EX" >"$T/c.adx"
"$A" run "$T/c.adx" --check 2>"$T/err"; [ $? -eq 2 ] && grep -q "unknown option" "$T/err" && ok ||
  bad "run --check unknown option"
"$A" run "$SRC/examples/alliance-speed/study.adx" --check 2>"$T/err" && ok ||
  bad "run --check on a valid study: $(cat "$T/err")"

# qual report --level: the case x code matrix at the chosen level.
Q="$SRC/examples/vse-ambidexterity"
"$A" qual report "$Q" --level leaf >"$T/leaf.txt" 2>"$T/err" && ok || bad "qual report --level leaf"
"$A" qual report "$Q" >"$T/all.txt" 2>"$T/err" && ok || bad "qual report"
grep -A3 'Case x code matrix' "$T/leaf.txt" | grep -q 'fear_of_debt' && ok || bad "--level leaf matrix"
grep -A3 'Case x code matrix' "$T/all.txt" | grep -q 'fear_of_debt' && bad "default matrix is by theme" || ok

# APA 7 in HTML (item 9): number in bold and title in italics above the table, italic
# symbols, no leading zero for r, methods paragraph without repeats or tool jargon.
grep -q '<caption><strong>Table 1</strong><br><em>Sample screening' "$T/lp.html" && ok || bad "APA table caption"
grep -q '<th[^>]*><i>SD</i></th>' "$T/lp.html" && ok || bad "italic SD"
grep -q '<td>\.399\*\*</td>' "$T/lp.html" && ok || bad "r without a leading zero"
grep -q '<figcaption><strong>Figure 1</strong><br><em>Scree plot' "$T/lp.html" && ok || bad "figure number and title above"
grep -c 'principal component analysis of its item' "$T/lp.html" | grep -qx 1 && ok || bad "PCA in the methods once"
"$A" run "$SRC/examples/alliance-speed/study.adx" 2>/dev/null | sed -n '/^Analyses were run/,/^$/p' >"$T/methods"
[ "$(grep -o 'Indirect effects were tested' "$T/methods" | wc -l)" -eq 1 ] && ok || bad "mediation twice in the methods"
grep -qE 'std\.all|as in lavaan|JSON' "$T/methods" && bad "tool jargon in the methods: $(cat "$T/methods")" || ok

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
