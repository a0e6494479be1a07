#!/usr/bin/env bash
# qual merge (consensus coding): the reconciliation file, --apply, re-runs that
# keep the decisions still valid, agreement before/after, the coders' files
# untouched, and bad input (file:line: column, exit 2).
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/vse-ambidexterity"
P="$T/p"
F="$P/reconcile-consensus.txt"
mk() { rm -rf "$P"; cp -r "$EX" "$P"; rm -f "$P/reconcile-consensus.txt"; }
sums() { (cd "$P" && find coding -type f | sort | xargs md5sum); }

# expect_error NAME PATTERN -- COMMAND...: exit 2, one line naming the problem.
expect_error() {
  local name=$1 pat=$2
  shift 3
  "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$name: exit $rc, expected 2 ($(cat "$T/stderr"))"; return; fi
  if ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"; return; fi
  if [ "$(wc -l <"$T/stderr")" -gt 1 ]; then bad "$name: message longer than one line"; return; fi
  ok
}

# 1. The reconciliation file: one line per disagreement, the rule's default.
mk
before=$(sums)
"$A" qual merge "$P" --coders author1,author2 --into consensus --format json >"$T/m.json" 2>"$T/err" || bad "merge: $(cat "$T/err")"
[ -f "$F" ] && ok || bad "merge wrote no reconciliation file"
n=$(grep -c '^keep | ' "$F")
[ "$n" = 11 ] && ok || bad "expected 11 disagreements, got $n"
jq() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
jq "$T/m.json" 'j["disagreements"] == 11 and j["decided"] == 0 and not j["applied"]' && ok || bad "json: disagreements"
grep -q '^keep | ESE1 | 9 | coaching | author2 | .*{Now we cut all the pieces' "$F" && ok || bad "ESE1 coaching line: $(grep ESE1 "$F")"
"$A" qual merge "$P" --coders author1,author2 --into consensus --rule intersection >/dev/null
[ "$(grep -c '^keep | ' "$F")" = 11 ] && ok || bad "a re-run must keep the decisions of the file"
rm "$F"
"$A" qual merge "$P" --coders author1,author2 --into consensus --rule intersection >/dev/null
[ "$(grep -c '^drop | ' "$F")" = 11 ] && ok || bad "intersection: every line should say drop"

# 2. Apply: segments/consensus.csv, agreement before and after, originals untouched.
mk
"$A" qual merge "$P" --coders author1,author2 >/dev/null
sed -i 's/^keep | ESE2 | 7 | fear_of_debt/drop | ESE2 | 7 | fear_of_debt/' "$F"
"$A" qual merge --apply "$F" --format json >"$T/a.json" 2>"$T/err" || bad "apply: $(cat "$T/err")"
[ -f "$P/segments/consensus.csv" ] && ok || bad "apply wrote no segments/consensus.csv"
python3 - "$T/a.json" <<'PY' && ok || bad "apply json"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["applied"] and j["kept"] == 10 and j["dropped"] == 1 and j["decided"] == 11, j
labels = [a["comparison"] for a in j["agreement"]]
assert labels == ["Before: the pooled coders", "After: author1 vs consensus",
                  "After: author2 vs consensus"], labels
before = j["agreement"][0]["krippendorff_alpha"]
assert abs(before - 0.914) < 5e-4, before
assert all(a["krippendorff_alpha"] > before for a in j["agreement"][1:]), j["agreement"]
PY
[ "$(sums)" = "$before" ] && ok || bad "the coders' coded copies changed"
"$A" qual check "$P" --format json >"$T/c.json" && jq "$T/c.json" 'j["coders"] == 3' && ok || bad "consensus is not a third coder"
"$A" qual text "$P" ESE2 >"$T/ese2.txt"
python3 - "$T/ese2.txt" "$P/segments/consensus.csv" <<'PY' && ok || bad "consensus segments of ESE2"
import csv, sys
text = open(sys.argv[1], encoding="utf-8").read()
at = text.index("We buy one machine")
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["case"] == "ESE2"]
cover = lambda code: any(r["code"] == code and int(r["start"]) <= at < int(r["end"]) for r in rows)
assert cover("finance") and not cover("fear_of_debt"), rows
PY
# The consensus is pooled again without reading its own (stale) file.
"$A" qual merge "$P" --coders author1,author2 >/dev/null 2>&1 && ok || bad "re-run with a consensus present"
# Applying twice gives the same file.
cp "$P/segments/consensus.csv" "$T/c1.csv"
"$A" qual merge --apply "$F" >/dev/null && cmp -s "$T/c1.csv" "$P/segments/consensus.csv" && ok || bad "apply is not repeatable"

# 3. Transcripts change: valid decisions kept, stale ones listed and kept as comments.
sed -i 's/one machine at a time/one machine each time/' "$P"/coding/author*/ESE2.md
"$A" qual merge "$P" --coders author1,author2 --format json >"$T/r.json" 2>"$T/err" || bad "re-run: $(cat "$T/err")"
jq "$T/r.json" 'len(j["stale"]) == 2 and j["stale"][0].startswith("was line 12: keep | ESE2")' && ok || bad "stale decisions not listed: $(cat "$T/r.json")"
[ "$(grep -c '^# stale, ' "$F")" = 2 ] && ok || bad "stale decisions not kept in the file"
grep -q '^drop | ESE2 | 7 | fear_of_debt' "$F" && bad "stale decision kept as valid" || ok
[ "$(grep -c '^keep | \|^drop | ' "$F")" = 11 ] && ok || bad "re-run: 11 disagreements expected"
"$A" qual merge "$P" --coders author1,author2 >/dev/null
[ "$(grep -c '^# stale, ' "$F")" = 2 ] && ok || bad "a second re-run lost the stale decisions"

# 4. Three coders, majority rule.
mk
cp -r "$P/coding/author1" "$P/coding/author3"
"$A" qual merge "$P" --coders author1,author2,author3 --into pooled --rule majority >/dev/null 2>"$T/err" || bad "majority: $(cat "$T/err")"
grep -q '^keep | ESE1 | 9 | coaching | author2 |' "$P/reconcile-pooled.txt" && bad "majority kept a minority code" || ok
grep -q '^keep | ESE2 | 7 | finance | author1,author3 |' "$P/reconcile-pooled.txt" && ok || bad "majority: 2 of 3 should keep"

# 5. Bad input.
mk
expect_error "unknown coder" "no coder 'autor2' (did you mean 'author2'?)" -- "$A" qual merge "$P" --coders author1,autor2
expect_error "one coder" "name two or more coders" -- "$A" qual merge "$P" --coders author1
expect_error "into a pooled coder" "is one of the coders pooled" -- "$A" qual merge "$P" --coders author1,author2 --into author1
expect_error "majority of two" "needs three or more coders" -- "$A" qual merge "$P" --coders author1,author2 --rule majority
expect_error "no coders" "--coders A,B" -- "$A" qual merge "$P"
"$A" qual merge "$P" --coders author1,author2 >/dev/null
cp "$F" "$T/good.txt"
# Broken copies of the file: NAME <tab> sed edit <tab> the message expected.
while IFS=$'\t' read -r name edit pat; do
  cp "$T/good.txt" "$F"
  sed -i "$edit" "$F"
  expect_error "$name" "$pat" -- "$A" qual merge --apply "$F"
done <<'CASES'
overlapping markup	s/^keep | ESE1 | 9 | coaching | author2 | \(.*\){Now we/keep | ESE1 | 9 | coaching | author2 | \1{Now {we/	reconcile-consensus.txt:11: column .*: overlapping markup: a '{' inside the braced part opened at column
unterminated markup	s/^\(keep | ESE1 | 9 | coaching .*fabric\.\)}/\1/	reconcile-consensus.txt:11: column 73: unterminated markup: the '{' is never closed; put '}' after the disputed text
two braced parts	s/^\(keep | ESE1 | 9 | coaching .*fabric\.}\)/\1 {again}/	reconcile-consensus.txt:11: column .*: a second braced part
bad decision	s/^keep | ESE1 | 9 | coaching | author2/maybe | ESE1 | 9 | coaching | author2/	reconcile-consensus.txt:11: column 1: 'maybe' is not a decision; write keep or drop
unknown coder in file	s/^keep | ESE1 | 9 | coaching | author2/keep | ESE1 | 9 | coaching | author9/	reconcile-consensus.txt:11: column 30: 'author9' is not one of the coders pooled (author1,author2)
unknown code in file	s/^keep | ESE1 | 9 | coaching/keep | ESE1 | 9 | coachin/	reconcile-consensus.txt:11: column 19: no code 'coachin' in the project (did you mean 'coaching'?)
unknown case in file	s/^keep | ESE1 | 9 | coaching/keep | ESE11 | 9 | coaching/	reconcile-consensus.txt:11: column 8: no case 'ESE11' in the project
unknown coder in header	s/^coders: .*/coders: author1,author7/	no coder 'author7'
missing fields	s/^keep | ESE1 | 9 | coaching | author2 | .*/keep | ESE1 | 9 | coaching | author2/	reconcile-consensus.txt:11: column 1: a decision line has 6 fields
missing decision	/^keep | ESE1 | 9 | coaching/d	no decision for the disagreement in case ESE1, line 9, code coaching; re-run ambidex qual merge
CASES
# A decision for a segment that no longer exists.
cp "$T/good.txt" "$F"
sed -i 's/we lose less fabric/we waste less fabric/' "$P"/coding/author*/ESE1.md
expect_error "stale decision" "reconcile-consensus.txt:11: column 73: case ESE1, code coaching: this disagreement no longer exists (the transcript or the coding changed since qual merge wrote the file); re-run ambidex qual merge" -- "$A" qual merge --apply "$F"
[ -e "$P/segments/consensus.csv" ] && bad "a refused apply wrote the consensus" || ok
mk
mkdir -p "$P/coding/consensus"
expect_error "into a hand coder" "coding/consensus: coder 'consensus' has coded copies" -- "$A" qual merge "$P" --coders author1,author2

# 6. The seed-002 example pools its two coders with the authors' committed decisions.
bash "$EX/run.sh" "$A" "$T/ex" >/dev/null 2>"$T/err" || bad "example run.sh: $(cat "$T/err")"
grep -q '| Stale decisions | 0 |' "$T/ex/pooling.md" && grep -q '| Dropped | 3 |' "$T/ex/pooling.md" &&
  grep -q '| Before: the pooled coders | 434 | 98.2 | 0.914 ' "$T/ex/pooling.md" &&
  grep -q '| After: author1 vs consensus |' "$T/ex/pooling.md" && ok || bad "example pooling: $(cat "$T/ex/pooling.md")"

echo "qual merge: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
