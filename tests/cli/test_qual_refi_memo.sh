#!/usr/bin/env bash
# REFI-QDA: memos and the consensus coder survive export -> import; a project written
# to the published schema in another program's style (tests/reference/refi/foreign)
# imports with its users as coders, its code note and case description as memos.
# Exported files and the foreign project validate against the published Project.xsd
# (tests/reference/refi/Project.xsd, MIT licence) when xmllint is installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qual_lib.sh"
REFI="$SRC/tests/reference/refi"
validate() { # validate FILE.qdpx: project.qde against Project.xsd
  command -v xmllint >/dev/null || { echo "xmllint is missing (scripts/install-deps installs libxml2-utils)" >"$T/xmllint"; return 1; }
  rm -rf "$T/v" && mkdir "$T/v" && (cd "$T/v" && unzip -q "$1") &&
    xmllint --noout --schema "$REFI/Project.xsd" "$T/v/project.qde" 2>"$T/xmllint"
}

# 1. Memos round trip.
P="$T/p"
cp -r "$SRC/tests/reference/qual_cooc/project" "$P"
"$A" qual memo "$P" add code peers "Founders met at events" --author anna 2>/dev/null
"$A" qual memo "$P" add case K2 "Cut short, by phone" 2>/dev/null
"$A" qual memo "$P" add case K2 "Second memo" --author r1 2>/dev/null
"$A" qual memo "$P" add segment K1:26-55:peers "Key quote" --author ben 2>/dev/null
"$A" qual export "$P" qdpx "$T/p.qdpx" && ok || bad "export with memos"
validate "$T/p.qdpx" && ok || bad "export with memos vs Project.xsd: $(cat "$T/xmllint")"
"$A" qual import "$T/p.qdpx" "$T/back" >/dev/null && ok || bad "import with memos"
"$A" qual memo "$P" list --format json -o "$T/m1.json"
"$A" qual memo "$T/back" list --format json -o "$T/m2.json"
python3 - "$T/m1.json" "$T/m2.json" <<'EOF' && ok || bad "code and case memos after the round trip"
import json, sys
a = [m for m in json.load(open(sys.argv[1]))['memos'] if m['about'] != 'segment']
b = json.load(open(sys.argv[2]))['memos']
sys.exit(0 if a == b and len(b) == 3 else 1)
EOF
grep -q '^K1,26,55,peers,ben: Key quote$' "$T/back/segments/r1.csv" && ok || bad "segment memo after the round trip"
# Exporting the imported copy gives the same project.qde but for the name.
"$A" qual export "$T/back" qdpx "$T/back.qdpx"
(cd "$T" && mkdir x1 x2 && cd x1 && unzip -q ../p.qdpx && cd ../x2 && unzip -q ../back.qdpx)
diff <(grep -v '<Project ' "$T/x1/project.qde") <(grep -v '<Project ' "$T/x2/project.qde") >/dev/null && ok || bad "second export differs"

# 2. The consensus coder (qual merge --apply) is a coder like any other.
E="$T/vse"
mkdir "$E"
cp -r "$SRC/examples/vse-ambidexterity/"{codebook.csv,cases.csv,coding,reconcile-consensus.txt} "$E/"
"$A" qual merge "$E" --coders author1,author2 --into consensus >/dev/null &&
  "$A" qual merge --apply "$E/reconcile-consensus.txt" >/dev/null && ok || bad "merge"
"$A" qual export "$E" qdpx "$T/vse.qdpx" && validate "$T/vse.qdpx" && ok || bad "export with consensus"
"$A" qual import "$T/vse.qdpx" "$T/vse2" >/dev/null && cmp -s <(sort "$E/segments/consensus.csv") <(sort "$T/vse2/segments/consensus.csv") && ok || bad "consensus segments after the round trip"
"$A" qual agree "$T/vse2" --coder author1 --coder consensus --format json -o "$T/a2.json" &&
  "$A" qual agree "$E" --coder author1 --coder consensus --format json -o "$T/a1.json" &&
  python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['unit_level']['overall']; b=json.load(open(sys.argv[2]))['unit_level']['overall']; sys.exit(a!=b)" "$T/a1.json" "$T/a2.json" && ok || bad "agreement with the consensus after the round trip"

# 3. A project from another program: users become coders, notes and descriptions memos.
(cd "$REFI/foreign" && python3 -c "
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.write('project.qde')
    z.write('sources/2B1C4D7E-0A9F-4C3B-8E21-6D5F4A3B2C10.txt')" "$T/foreign.qdpx")
validate "$T/foreign.qdpx" && ok || bad "the foreign project vs Project.xsd: $(cat "$T/xmllint")"
"$A" qual import "$T/foreign.qdpx" "$T/f" >/dev/null && ok || bad "import foreign: $(cat "$T/stderr" 2>/dev/null)"
"$A" qual check "$T/f" --format json -o "$T/fc.json"
jq "$T/fc.json" "j['coder_names'] == ['Jan de Vries', 'María López'] and j['segments'] == 4" && ok || bad "foreign users as coders: $(head -c 300 "$T/fc.json")"
"$A" qual memo "$T/f" list --format json -o "$T/fm.json"
jq "$T/fm.json" "j['memos'] == [{'about': 'code', 'target': 'Trade fairs', 'author': 'Jan de Vries', 'memo': 'Fairs matter most in the first two years.'}, {'about': 'case', 'target': 'Firm A', 'author': '', 'memo': 'Second interview by phone; the founder was travelling.'}]" && ok || bad "foreign memos: $(cat "$T/fm.json")"
"$A" qual agree "$T/f" --format json -o "$T/fa.json" && jq "$T/fa.json" "j['coders'] == ['Jan de Vries', 'María López']" && ok || bad "agreement between the foreign coders"
grep -q '^Firm A,50,80,Trade fairs,First export came from this fair$' "$T/f/segments/María López.csv" && ok || bad "foreign selection description as segment memo"

echo "qual REFI memos: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
