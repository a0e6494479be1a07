#!/usr/bin/env bash
# CLI behaviour of `ambidex qual`: the example project in every format, and bad
# input: one-line message naming file:line:column, exit code 2, no output file.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/vse-ambidexterity"

# expect_error NAME EXIT PATTERN -- COMMAND...
expect_error() {
  local name=$1 code=$2 pat=$3
  shift 4
  rm -f "$T/out.txt"
  "$@" -o "$T/out.txt" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne "$code" ]; then bad "$name: exit $rc, expected $code ($(cat "$T/stderr"))"; return; fi
  if ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"; return; fi
  if [ "$(wc -l <"$T/stderr")" -gt 2 ]; then bad "$name: message longer than usage + one line"; return; fi
  if [ -e "$T/out.txt" ] || [ -s "$T/stdout" ]; then bad "$name: partial output"; return; fi
  ok
}

# A copy of the example project to break in various ways.
mk() { rm -rf "$T/p"; cp -r "$EX" "$T/p"; }

mk
printf 'x {finanse: money}\n' >"$T/p/coding/author1/ESE1.md"
expect_error "unknown code" 2 "coding/author1/ESE1.md:1: column 4: unknown code 'finanse'; did you mean 'finance'?" -- "$A" qual check "$T/p"
mk
printf 'A: {finance: money\n\nmore text\n' >"$T/p/coding/author1/ESE1.md"
expect_error "unclosed brace" 2 "ESE1.md:1: column 4: '{' is never closed" -- "$A" qual freq "$T/p"
mk
printf 'A: money} here\n' >"$T/p/coding/author1/ESE1.md"
expect_error "stray brace" 2 "ESE1.md:1: column 9: '}' closes no coded segment" -- "$A" qual check "$T/p"
mk
sed -i 's/^finance,resources/finance,finance/' "$T/p/codebook.csv"
expect_error "codebook cycle" 2 "codebook.csv:4: column 2: the codebook has a cycle" -- "$A" qual check "$T/p"
mk
mkdir -p "$T/p/segments"
printf 'case,start,end,code\nESE1,10,99999,finance\n' >"$T/p/segments/author3.csv"
expect_error "segment out of range" 2 "segments/author3.csv:2: column 2: segment start..end is out of range" -- "$A" qual check "$T/p"
printf 'case,start,end,code\nESE1,10,40,finance\nESE1,30,50,finance\n' >"$T/p/segments/author3.csv"
expect_error "overlapping import" 2 "code 'finance' has overlapping segments 10..40 and 30..50" -- "$A" qual check "$T/p"
expect_error "missing project" 2 "not a project folder" -- "$A" qual check "$T/nothing"
expect_error "bad subcommand" 2 "unknown qual subcommand 'agre'; did you mean 'agree'" -- "$A" qual agre "$EX"
expect_error "unknown quote code" 2 "no code 'financ'; did you mean 'finance'" -- "$A" qual quotes "$EX" financ
expect_error "unknown attribute" 2 "no variable 'gendr'; did you mean 'gender'" -- "$A" qual crosstab "$EX" gendr
expect_error "unknown coder" 2 "no coder 'author3' (did you mean 'author1'?)" -- "$A" qual agree "$EX" --coder author3
expect_error "one coder" 2 "agreement needs two or more coders" -- "$A" qual agree "$EX" --coder author1
expect_error "bad level" 2 "--level takes theme, category, code, leaf or all" -- "$A" qual freq "$EX" --level themes
expect_error "bad unit" 2 "--unit takes paragraph, line or document" -- "$A" qual agree "$EX" --unit word
rm -f "$T/m.csv"
"$A" qual export "$T/nothing" matrix "$T/m.csv" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$T/m.csv" ] && ok || bad "export from a bad project left a file"

# Successful runs in every format.
for s in check freq matrix cooccur cases agree; do
  for f in text md html csv json latex; do
    if "$A" qual $s "$EX" --format $f -o "$T/$s.$f" 2>"$T/stderr" && [ -s "$T/$s.$f" ]; then ok; else bad "qual $s --format $f: $(cat "$T/stderr")"; fi
  done
done
"$A" qual quotes "$EX" resources --format json -o "$T/q.json" && grep -q '"text":' "$T/q.json" && ok || bad "quotes json"
"$A" qual crosstab "$EX" sector --level theme >"$T/x.txt" && grep -q '^challenges' "$T/x.txt" && ok || bad "crosstab"
grep -q '"krippendorff_alpha":' "$T/agree.json" && ok || bad "agree json keys"
grep -q '"disagreements":' "$T/agree.json" && ok || bad "agree json disagreements"
"$A" qual export "$EX" matrix "$T/m.csv" --level theme --presence && head -1 "$T/m.csv" | grep -q '^case,challenges,facilitators,practices$' && ok || bad "export matrix header: $(head -1 "$T/m.csv")"
[ "$(wc -l <"$T/m.csv")" -eq 11 ] && ok || bad "export matrix rows"
# The exported matrix is a dataset the quantitative commands read.
"$A" describe "$T/m.csv" challenges practices >/dev/null && ok || bad "describe on the exported matrix"

# qual text: the plain text of a transcript, which strips back to the same text.
mk
"$A" qual text "$T/p" ESE3 -o "$T/ESE3.md" && grep -q '^A: I started selling' "$T/ESE3.md" && ok || bad "qual text"
mkdir -p "$T/p/coding/author3" && sed 's/^A: I started/A: {new_markets: I started}/' "$T/ESE3.md" >"$T/p/coding/author3/ESE3.md"
"$A" qual check "$T/p" >/dev/null && ok || bad "coded copy made from qual text does not load"
expect_error "text of an unknown case" 2 "no case 'ESE33'" -- "$A" qual text "$EX" ESE33

# check: per coder table; unused codes listed.
mk
printf 'spare,challenges,,\n' >>"$T/p/codebook.csv"
rm "$T/p/coding/author2/ESE10.md"
"$A" qual check "$T/p" >"$T/c.txt" && grep -q "Codes never applied (1): spare" "$T/c.txt" && grep -q "^author2 *9 " "$T/c.txt" && ok || bad "check tables: $(cat "$T/c.txt")"
"$A" qual agree "$T/p" --format json | grep -q '"complete_units":	9,' && ok || bad "agreement with a transcript one coder did not code"

# The results section in one report.
"$A" qual report "$EX" --attributes sector,gender --format html -o "$T/report.html" && grep -q "Quotes for theme 'facilitators'" "$T/report.html" && grep -q "Krippendorff" "$T/report.html" && ok || bad "qual report html"
"$A" qual report "$EX" --format json -o "$T/report.json" && grep -q '"agreement":' "$T/report.json" && ok || bad "qual report json"
expect_error "unknown quote attribute" 2 "no variable 'sectr'; did you mean 'sector'" -- "$A" qual report "$EX" --attributes sectr
"$A" qual quotes "$EX" fear_of_debt --attributes gender >"$T/q.txt" && grep -q 'ESE8 *woman' "$T/q.txt" && ok || bad "quotes with --attributes: $(cat "$T/q.txt")"

# The example study file (ambidex run): qual steps with the project relative to the study.
"$A" run "$EX/study.adx" -o "$T/study.html" 2>"$T/stderr" && grep -q "Quotes for theme" "$T/study.html" && grep -q "Krippendorff" "$T/study.html" && grep -q "Inter-coder agreement: percent agreement" "$T/study.html" && ok || bad "qual study: $(cat "$T/stderr")"
mkdir -p "$T/s"
printf 'data %s/cases.csv\nqual freq nowhere\n' "$EX" >"$T/s/bad.adx"
"$A" run "$T/s/bad.adx" -o "$T/s/out.html" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "bad.adx:2: .*nowhere: not a project folder" "$T/stderr" && [ ! -e "$T/s/out.html" ] && ok || bad "study with a bad project: $(cat "$T/stderr")"
printf 'data %s/cases.csv\nqual export . qdpx x.qdpx\n' "$EX" >"$T/s/bad2.adx"
"$A" run "$T/s/bad2.adx" -o "$T/s/out.html" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "bad2.adx:2: .*not a study step" "$T/stderr" && ok || bad "qual export in a study: $(cat "$T/stderr")"

# REFI-QDA: export, import into a new folder, same analysis; bad archives leave nothing.
"$A" qual export "$EX" qdpx "$T/vse.qdpx" && [ -s "$T/vse.qdpx" ] && ok || bad "export qdpx"
"$A" qual export "$EX" qdc "$T/vse.qdc" && grep -q 'urn:QDA-XML:codebook:1.0' "$T/vse.qdc" && ok || bad "export qdc"
"$A" qual import "$T/vse.qdpx" "$T/imp" >/dev/null && [ -f "$T/imp/segments/author1.csv" ] && ok || bad "import qdpx"
"$A" qual agree "$EX" --format json >"$T/a1.json" && "$A" qual agree "$T/imp" --format json >"$T/a2.json" && cmp -s "$T/a1.json" "$T/a2.json" && ok || bad "agreement differs after the round trip"
"$A" qual freq "$EX" --format csv >"$T/f1.csv" && "$A" qual freq "$T/imp" --format csv >"$T/f2.csv" && cmp -s "$T/f1.csv" "$T/f2.csv" && ok || bad "frequencies differ after the round trip"
# A .qdc codebook alone: into a new codebook.csv that the project loads as before.
mk
rm "$T/p/codebook.csv"
"$A" qual import "$T/vse.qdc" "$T/p/codebook.csv" 2>/dev/null && "$A" qual freq "$T/p" --format csv >"$T/f3.csv" && cmp -s "$T/f1.csv" "$T/f3.csv" && ok || bad "qdc import changes the frequencies"
"$A" qual import "$T/vse.qdc" "$T/p/codebook.csv" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "codebook.csv: already exists" "$T/stderr" && ok || bad "qdc import over a file: $(cat "$T/stderr")"
printf '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>' >"$T/bad.qdc"
"$A" qual import "$T/bad.qdc" "$T/cb.csv" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "bad.qdc:1: <Code> lacks the required attribute 'guid'" "$T/stderr" && [ ! -e "$T/cb.csv" ] && ok || bad "qdc without guid: $(cat "$T/stderr")"
printf 'not a zip' >"$T/bad.qdpx"
"$A" qual import "$T/bad.qdpx" "$T/imp2" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "bad.qdpx: cannot open the archive" "$T/stderr" && [ ! -e "$T/imp2" ] && ok || bad "import of a non-zip: $(cat "$T/stderr")"
[ -z "$(ls "$T" | grep 'imp2')" ] && ok || bad "temporary import folder left behind"
"$A" qual import "$T/vse.qdpx" "$T/imp" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "imp: already exists" "$T/stderr" && ok || bad "import over an existing folder: $(cat "$T/stderr")"

# A 5,000-character case id in cases.csv: one short line naming the line, not the path.
mk
printf '%05000d,,,,,,,,\n' 0 >>"$T/p/cases.csv"
"$A" qual check "$T/p" 2>"$T/stderr" >/dev/null
[ $? -eq 2 ] && grep -q "cases.csv:12: column 1: case id '0\{50\}\.\.\. (5000 bytes)' is longer than 200 bytes" "$T/stderr" && [ $(wc -c <"$T/stderr") -lt 400 ] && ok || bad "long case id: $(head -c 400 "$T/stderr")"

# Imports of edited archives (python3 zipfile): a regex substitution in project.qde.
qdpx_sub() {
  python3 - "$@" <<'PY'
import re, sys, zipfile
src, dst, pat, rep = sys.argv[1:5]
cnt = int(sys.argv[5]) if len(sys.argv) > 5 else 0
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zo:
    for n in zi.namelist():
        d = zi.read(n)
        if n == 'project.qde':
            d = re.sub(pat, rep, d.decode(), count=cnt, flags=re.S).encode()
        zo.writestr(n, d)
PY
}
if command -v python3 >/dev/null; then
  # No codings at all: a project without segments (no memcpy from NULL).
  qdpx_sub "$T/vse.qdpx" "$T/none.qdpx" '<PlainTextSelection .*?</PlainTextSelection>\s*' ''
  "$A" qual import "$T/none.qdpx" "$T/impn" >"$T/stdout" 2>"$T/stderr" && grep -q "Coded segments *0" "$T/stdout" && [ ! -e "$T/impn/segments" ] && "$A" qual freq "$T/impn" >/dev/null && ok || bad "import without codings: $(cat "$T/stderr")"
  # A coder named .anna: segments/%2Eanna.csv, read back as '.anna' with all her segments.
  qdpx_sub "$T/vse.qdpx" "$T/anna.qdpx" 'name="author1"' 'name=".anna"'
  "$A" qual import "$T/anna.qdpx" "$T/impa" >"$T/stdout" 2>"$T/stderr" && [ -f "$T/impa/segments/%2Eanna.csv" ] && grep -q "^\.anna  *10  *55$" "$T/stdout" && ok || bad "coder .anna: $(cat "$T/stdout" "$T/stderr")"
  "$A" qual freq "$T/impa" --format csv >"$T/f4.csv" && cmp -s "$T/f1.csv" "$T/f4.csv" && ok || bad "coder .anna: frequencies differ after the round trip"
  "$A" qual agree "$T/impa" --format json | sed 's/"\.anna"/"author1"/' >"$T/a4.json" && cmp -s "$T/a1.json" "$T/a4.json" && ok || bad "coder .anna: agreement differs after the round trip"
  # Case names that cannot name a file or a row of cases.csv: exit 2, nothing written.
  for nm in NA . .. ' C1 '; do
    qdpx_sub "$T/vse.qdpx" "$T/case.qdpx" 'name="ESE1"' "name=\"$nm\"" 1
    "$A" qual import "$T/case.qdpx" "$T/impc" 2>"$T/stderr"
    [ $? -eq 2 ] && grep -q "project.qde:[0-9]*: case without a usable name: the name '$nm' " "$T/stderr" && [ $(wc -l <"$T/stderr") -eq 1 ] && [ -z "$(ls "$T" | grep impc)" ] && ok || bad "case named '$nm': $(cat "$T/stderr"; ls "$T" | grep impc)"
  done
  # A 5,000-character case name: a short message.
  qdpx_sub "$T/vse.qdpx" "$T/case.qdpx" 'name="ESE1"' "name=\"$(printf '%05000d' 0)\"" 1
  "$A" qual import "$T/case.qdpx" "$T/impc" 2>"$T/stderr"
  [ $? -eq 2 ] && grep -q "the name '0\{50\}\.\.\. (5000 bytes)' is longer than 200 bytes" "$T/stderr" && [ $(wc -c <"$T/stderr") -lt 300 ] && [ -z "$(ls "$T" | grep impc)" ] && ok || bad "long case name: $(head -c 300 "$T/stderr")"
  # Two values of one variable for a case: an error naming both.
  qdpx_sub "$T/vse.qdpx" "$T/two.qdpx" '(<VariableValue>\s*(<VariableRef[^>]*/>)\s*<TextValue>[^<]*</TextValue>\s*</VariableValue>)' '\1<VariableValue>\2<TextValue>other</TextValue></VariableValue>' 1
  "$A" qual import "$T/two.qdpx" "$T/impt" 2>"$T/stderr"
  [ $? -eq 2 ] && grep -q "case 'ESE1' has two values of variable 'activity': 'Traditional and modern sewing' and 'other'; keep one" "$T/stderr" && [ -z "$(ls "$T" | grep impt)" ] && ok || bad "two values of a variable: $(cat "$T/stderr")"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
