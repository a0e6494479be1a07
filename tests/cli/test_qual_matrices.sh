#!/usr/bin/env bash
# qual cooccur against R (tests/reference/qual_cooc/make_cooc.R on the exported segments
# of a hand-checkable project and of the seed-002 example), qual framework (coded text,
# line references, summaries, bad summaries files) and the figures of both.
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/qual_cooc"
EX="$SRC/examples/vse-ambidexterity"
. "$(dirname "$0")/qual_lib.sh"
# compare JSON EXPECTED.csv: every pair of R's table against ambidex's JSON (pairs
# ambidex leaves out must be all zero in R); prints the largest difference.
compare() {
  python3 - "$1" "$2" <<'EOF'
import csv, json, math, sys
j = json.load(open(sys.argv[1]))
got = {(p['a'], p['b']): p for p in j['pairs']}
worst, bad = 0.0, 0
for r in csv.DictReader(open(sys.argv[2])):
    p = got.get((r['a'], r['b']))
    for k in ('overlaps', 'units_both', 'units_jaccard', 'cases_both', 'jaccard'):
        want = float('nan') if r[k] == 'NA' else float(r[k])
        have = (p[k] if p[k] is not None else float('nan')) if p else 0.0
        if p is None and k.endswith('jaccard'):
            continue
        if math.isnan(want) and (have is None or math.isnan(have)):
            continue
        d = abs(want - have)
        worst = max(worst, d)
        if d > 1e-12:
            bad += 1
            print("differs:", r['a'], r['b'], k, want, have)
print("max abs difference %.3g" % worst)
sys.exit(1 if bad else 0)
EOF
}

# 1. Co-occurrence = R on the same segments (small project: hand-checkable counts).
"$A" qual cooccur "$REF/project" --format json -o "$T/small.json" && ok || bad "cooccur small"
compare "$T/small.json" "$REF/expected_small.csv" >"$T/cmp" && ok || bad "small vs R: $(cat "$T/cmp")"
jq "$T/small.json" "j['paragraphs'] == 6 and [c['paragraphs'] for c in j['codes']] == [4, 2, 3, 3, 3]" && ok || bad "paragraph counts"
"$A" qual cooccur "$EX" --format json -o "$T/vse.json" && ok || bad "cooccur vse"
compare "$T/vse.json" "$REF/expected_vse.csv" >"$T/cmp" && ok || bad "vse vs R: $(cat "$T/cmp")"
# The imported copy (what R read) gives the same numbers as the coded copies.
"$A" qual cooccur "$REF/exported_vse" --format json -o "$T/vse2.json" &&
  python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['pairs']; b=json.load(open(sys.argv[2]))['pairs']; sys.exit(a!=b)" "$T/vse.json" "$T/vse2.json" && ok || bad "exported = coded copies"
# Heatmap and network in HTML (SVG) and PDF; captions in text.
"$A" qual cooccur "$REF/project" --level leaf --format html -o "$T/c.html" &&
  [ "$(grep -c '<svg' "$T/c.html")" -eq 2 ] && grep -q "Code co-occurrence heatmap" "$T/c.html" && grep -q "co-occurrence network" "$T/c.html" && ok || bad "cooccur figures html"
"$A" qual cooccur "$REF/project" >"$T/c.txt" && grep -q '^\[Code co-occurrence heatmap' "$T/c.txt" && ok || bad "cooccur caption text"
"$A" qual cooccur "$REF/project" -o "$T/c.pdf" && [ -s "$T/c.pdf" ] && ok || bad "cooccur pdf"
"$A" qual cooccur "$REF/project" -o "$T/c.docx" && unzip -l "$T/c.docx" | grep -q 'media/.*png' && ok || bad "cooccur docx picture"

# 2. Framework matrix: themes by default, coded text with line references.
"$A" qual framework "$REF/project" --format json -o "$T/f.json" && ok || bad "framework"
jq "$T/f.json" "j['codes'] == ['people', 'money'] and j['cases'][0]['cells'][0]['text'] == 'We learn from other founders. [L2] | Clients teach us [L4]' and j['cases'][2]['cells'][1]['text'] == '' and j['cases'][0]['cells'][1]['segments'] == 2 and j['summaries'] is None" && ok || bad "framework cells: $(cat "$T/f.json" | head -c 600)"
"$A" qual framework "$REF/project" --max-chars 20 --format json -o "$T/f20.json"
jq "$T/f20.json" "j['cases'][0]['cells'][0]['text'] == 'We learn from other \u2026 [L2] [L4]'" && ok || bad "framework truncation: $(head -c 400 "$T/f20.json")"
"$A" qual framework "$REF/project" --level leaf --format json -o "$T/fl.json" && jq "$T/fl.json" "j['codes'] == ['peers', 'clients', 'finance']" && ok || bad "framework --level leaf"
# Summaries: a cell's summary replaces its coded text.
printf 'case,code,summary\nK1,people,"Peers and clients, both abroad"\nK3,money,\n' >"$T/sum.csv"
"$A" qual framework "$REF/project" --summaries "$T/sum.csv" --format json -o "$T/fs.json"
jq "$T/fs.json" "j['cases'][0]['cells'][0] == {'text': 'Peers and clients, both abroad', 'summary': True, 'segments': 2} and j['cases'][2]['cells'][1]['summary'] == False" && ok || bad "summaries"
"$A" qual framework "$REF/project" --summaries "$T/sum.csv" --format md | grep -q 'Peers and clients, both abroad' && ok || bad "summaries md"
printf 'case,code,summary\nK9,people,x\n' >"$T/b1.csv"
expect_error "summary of an unknown case" "b1.csv:2: column 1: unknown case 'K9'" -- "$A" qual framework "$REF/project" --summaries "$T/b1.csv"
printf 'case,code,summary\nK1,peple,x\n' >"$T/b2.csv"
expect_error "summary of an unknown code" "b2.csv:2: column 2: unknown code 'peple'; did you mean 'people'" -- "$A" qual framework "$REF/project" --summaries "$T/b2.csv"
printf 'case,code,summary\nK1,people,x\nK1,people,y\n' >"$T/b3.csv"
expect_error "two summaries" "b3.csv:3: column 3: a second summary" -- "$A" qual framework "$REF/project" --summaries "$T/b3.csv"
printf 'case,theme,text\nK1,people,x\n' >"$T/b4.csv"
expect_error "summaries header" "b4.csv:1: the header needs columns case,code,summary" -- "$A" qual framework "$REF/project" --summaries "$T/b4.csv"
expect_error "missing summaries file" "nope.csv" -- "$A" qual framework "$REF/project" --summaries "$T/nope.csv"

# 3. Matrix heatmap and code hierarchy figures.
"$A" qual matrix "$REF/project" --level theme --format html -o "$T/m.html" && grep -q "Case x theme heatmap" "$T/m.html" && grep -q '<svg' "$T/m.html" && ok || bad "matrix heatmap"
"$A" qual freq "$REF/project" --format html -o "$T/h.html" && grep -q "Code hierarchy" "$T/h.html" && grep -q '<svg' "$T/h.html" && ok || bad "freq hierarchy"
"$A" qual freq "$REF/project" --level leaf >"$T/h.txt" && ! grep -q "Code hierarchy" "$T/h.txt" && ok || bad "no hierarchy at one level"

echo "qual matrices: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
