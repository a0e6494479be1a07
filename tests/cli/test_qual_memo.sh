#!/usr/bin/env bash
# qual memo (memos.csv on codes, cases and segments: add, list, bad input), memos in
# quotes and in qual report, and the report's numbered figures in every format.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qual_lib.sh"
P="$T/p"
cp -r "$SRC/tests/reference/qual_cooc/project" "$P"

# 1. Adding memos: the file is made with its header, targets are checked.
"$A" qual memo "$P" add code peers "Founders met at events" --author anna 2>/dev/null && ok || bad "memo add code"
"$A" qual memo "$P" add case K2 "Cut short, by phone" 2>/dev/null && ok || bad "memo add case"
"$A" qual memo "$P" add segment K1:26-55:peers "Key quote" --author ben 2>/dev/null && ok || bad "memo add segment"
[ "$(head -1 "$P/memos.csv")" = "about,target,author,memo" ] && [ "$(wc -l <"$P/memos.csv")" -eq 4 ] &&
  grep -q '^case,K2,,"Cut short, by phone"$' "$P/memos.csv" && ok || bad "memos.csv: $(cat "$P/memos.csv")"
"$A" qual memo "$P" list --format json -o "$T/m.json" && jq "$T/m.json" "[m['target'] for m in j['memos']] == ['peers', 'K2', 'K1:26-55:peers'] and j['memos'][2]['author'] == 'ben'" && ok || bad "memo list"
expect_error "unknown code" "unknown code 'peer'; did you mean 'peers'" -- "$A" qual memo "$P" add code peer x
expect_error "unknown case" "unknown case 'K7'" -- "$A" qual memo "$P" add case K7 x
expect_error "no such segment" "no segment K1:0-5:peers" -- "$A" qual memo "$P" add segment K1:0-5:peers x
expect_error "bad segment target" "is not CASE:START-END:CODE" -- "$A" qual memo "$P" add segment K1-peers x
expect_error "unknown kind" "use code, case or segment" -- "$A" qual memo "$P" add theme K1 x
expect_error "empty memo" "empty memo" -- "$A" qual memo "$P" add case K1 ""
expect_error "memo usage" "usage: qual memo" -- "$A" qual memo "$P" remove 1
[ "$(wc -l <"$P/memos.csv")" -eq 4 ] && ok || bad "a refused memo was written"

# 2. Memos with the quotes (segment memo joined into the segment) and in the report.
"$A" qual quotes "$P" people >"$T/q.txt" && grep -q "Memos: anna: Founders met at events; K1 line 2 (peers, r1): ben: Key quote." "$T/q.txt" && ok || bad "quotes memos: $(tail -2 "$T/q.txt")"
"$A" qual quotes "$P" peers --format json | grep -q '"memo":.*"ben: Key quote"' && ok || bad "segment memo in quotes json"
"$A" qual report "$P" --format json -o "$T/r.json" && jq "$T/r.json" "len(j['memos']['memos']) == 3 and 'pairs' in j['cooccurrence']" && ok || bad "report json memos"

# 3. A broken memos.csv stops loading with file, line and column.
cp "$P/memos.csv" "$T/good.csv"
printf 'segment,K3:0-4:clients,,gone\n' >>"$P/memos.csv"
expect_error "stale segment memo" "memos.csv:5: column 2: no segment K3:0-4:clients" -- "$A" qual check "$P"
printf 'about,target,author,memo\ncode,peers,,\n' >"$P/memos.csv"
expect_error "empty memo in file" "memos.csv:2: column 4: empty memo" -- "$A" qual check "$P"
printf 'kind,target,memo\ncode,peers,x\n' >"$P/memos.csv"
expect_error "memos header" "memos.csv:1: the header needs columns about,target,author,memo" -- "$A" qual check "$P"
cp "$T/good.csv" "$P/memos.csv"

# 4. qual report: hierarchy, case x theme heatmap, co-occurrence heatmap and network.
"$A" qual report "$P" --format html -o "$T/r.html" && [ "$(grep -c '<svg' "$T/r.html")" -eq 4 ] && ok || bad "report: 4 figures in html"
for f in md latex text; do
  "$A" qual report "$P" --format $f -o "$T/r.$f" && grep -q "Code hierarchy" "$T/r.$f" && grep -q "co-occurrence network" "$T/r.$f" && ok || bad "report captions $f"
done
"$A" qual report "$P" -o "$T/r.docx" && [ "$(unzip -l "$T/r.docx" | grep -c 'media/.*png')" -eq 4 ] && ok || bad "report docx: 4 pictures"
"$A" qual report "$P" -o "$T/r.pdf" && [ -s "$T/r.pdf" ] && ok || bad "report pdf"
# In a study the figures are numbered (APA: Figure N. title).
printf 'title "t"\ndata cases.csv\nqual report .\n' >"$P/s.adx"
"$A" run "$P/s.adx" -o "$T/s.html" && grep -q "Figure 1" "$T/s.html" && grep -q "Figure 4" "$T/s.html" && ok || bad "study figure numbers"
"$A" run "$P/s.adx" --format md >"$T/s.md" && grep -q "Figure 4\. Code co-occurrence network" "$T/s.md" && ok || bad "study md figure caption: $(grep -i figure "$T/s.md" | head -3)"

echo "qual memos: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
