#!/usr/bin/env bash
# qual search, qual query and qual words on the seed-002 example and on small French
# and Arabic projects: counts checked against Python's own reading of the texts.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/vse-ambidexterity"
. "$(dirname "$0")/qual_lib.sh"
# Python's count of whole words matching REGEX (case-insensitive) in every transcript.
pycount() {
  for c in $(tail -n +2 "$EX/cases.csv" | cut -d, -f1); do "$A" qual text "$EX" "$c"; echo; done >"$T/all.txt"
  python3 -c "import re,sys; print(len(re.findall(sys.argv[1], open(sys.argv[2]).read(), re.I)))" "$1" "$T/all.txt"
}

# 1. Text search: wildcard, phrase, case, context, attributes.
"$A" qual search "$EX" "machine*" --format json >"$T/s.json" || bad "search"
n=$(pycount '\bmachine\w*')
jq "$T/s.json" "j['hits'] == $n and j['hits'] > 0" && ok || bad "machine*: expected $n hits"
"$A" qual search "$EX" "NEW Products" --format json >"$T/p.json"
n=$(pycount '\bnew\W+products\b')
jq "$T/p.json" "j['hits'] == $n and j['results'][0]['text'].lower() == 'new products'" && ok || bad "phrase: expected $n"
"$A" qual search "$EX" "machine*" --where gender=man --attributes gender,sector --context 2 --format json >"$T/w.json"
jq "$T/w.json" "all(r['attributes']['gender'] == 'man' for r in j['results']) and j['hits'] < $(pycount '\bmachine\w*') and all(len(r['before'].split()) <= 2 for r in j['results'])" && ok || bad "--where/--attributes/--context"
"$A" qual search "$EX" "m*ch*ne" --format csv >/dev/null && ok || bad "inner wildcards"

# 2. --code-as codes the hits in segments/CODER.csv; a second run adds nothing.
rm -rf "$T/p"; cp -r "$EX" "$T/p"
"$A" qual search "$T/p" "export*" --code-as new_markets --coder search >/dev/null 2>"$T/err" && grep -q "coded [1-9][0-9]* new hits" "$T/err" && ok || bad "--code-as: $(cat "$T/err")"
[ -f "$T/p/segments/search.csv" ] && ok || bad "--code-as wrote no segments/search.csv"
"$A" qual search "$T/p" "export*" --code-as new_markets --coder search >/dev/null 2>"$T/err" && grep -q "coded 0 new hits" "$T/err" && ok || bad "--code-as twice: $(cat "$T/err")"
"$A" qual freq "$T/p" --coder search --format json >"$T/f.json" && jq "$T/f.json" "any(c['code'] == 'new_markets' and c['segments'] == $(pycount '\bexport\w*') for c in j['codes'])" && ok || bad "coded hits not in freq"
expect_error "code-as unknown code" "no such code" -- "$A" qual search "$T/p" export --code-as nothing
expect_error "code-as into a hand coder" "name a coder without coded copies" -- "$A" qual search "$T/p" export --code-as finance --coder author1

# 3. Coding queries.
q() { "$A" qual query "$EX" "$@" --format json >"$T/q.json" && python3 -c "import json; print(json.load(open('$T/q.json'))['hits'])"; }
[ "$(q 'finance AND finance')" = "$(q finance)" ] && ok || bad "A AND A != A"
[ "$(q 'finance AND NOT finance')" = 0 ] && ok || bad "A AND NOT A not empty"
[ "$(q 'resources OR resources')" = "$(q resources)" ] && ok || bad "A OR A != A"
a=$(q 'challenges AND NOT resources'); b=$(q challenges)
[ "$a" -gt 0 ] && [ "$a" -le "$b" ] && ok || bad "challenges AND NOT resources: $a vs $b"
[ "$(q 'finance NEAR short_term_pressure' --within 0)" -le "$(q 'finance NEAR short_term_pressure' --within 50)" ] && ok || bad "NEAR not monotone in --within"
[ "$(q 'finance NEAR short_term_pressure' --within 1000)" -gt 0 ] && ok || bad "NEAR finds nothing"
[ "$(q finance --where sector=sewing)" -lt "$(q finance)" ] && ok || bad "query --where"
expect_error "unknown code in query" "no code 'finanse'" -- "$A" qual query "$EX" "finanse AND time"
expect_error "dangling operator" "ends with an operator" -- "$A" qual query "$EX" "finance AND"
expect_error "two codes" "'time' out of place" -- "$A" qual query "$EX" "finance time"
expect_error "bad where" "write ATTRIBUTE=VALUE" -- "$A" qual query "$EX" finance --where sector
expect_error "unknown attribute" "no case attribute 'sectr'" -- "$A" qual search "$EX" finance --where sectr=x

# 4. Word frequencies with stop words in English, French and Arabic.
"$A" qual words "$EX" --top 5 --format json >"$T/wd.json"
jq "$T/wd.json" "'the' not in [w['word'] for w in j['words']] and j['words'][0]['count'] >= j['words'][-1]['count']" && ok || bad "english stop words"
"$A" qual words "$EX" --code finance --lang none --top 200 --format json >"$T/wc.json"
"$A" qual words "$EX" --lang none --top 200 --format json >"$T/wa.json"
python3 -c "import json; a=json.load(open('$T/wc.json')); b=json.load(open('$T/wa.json')); assert 0 < a['total_words'] < b['total_words']" && ok || bad "words --code"
mkp() {  # mkp FOLDER TEXT: a one-case project with an uncoded transcript
  mkdir -p "$1/transcripts"; printf 'code,parent\nx,\n' >"$1/codebook.csv"; printf 'case\nc1\n' >"$1/cases.csv"
  printf '%s\n' "$2" >"$1/transcripts/c1.txt"
}
mkp "$T/fr" "L'entreprise et les clients de la région: les clients achètent à crédit, et l'entreprise ÉCOUTE les clients."
"$A" qual words "$T/fr" --lang fr --format json >"$T/fr.json"
jq "$T/fr.json" "[w['word'] for w in j['words']][:2] == ['clients', 'entreprise'] and j['words'][0]['count'] == 3 and not set(['les','la','de','et']) & set(w['word'] for w in j['words']) and 'écoute' in [w['word'] for w in j['words']]" && ok || bad "french: $(cat "$T/fr.json")"
mkp "$T/ar" "نحن في الورشة نعمل من الصباح، والورشة صغيرة. الزبائن في المدينة يطلبون من الورشة."
"$A" qual words "$T/ar" --lang ar --format json >"$T/ar.json"
jq "$T/ar.json" "j['words'][0]['word'] == 'الورشة' and j['words'][0]['count'] == 2 and not set(['في','من','نحن']) & set(w['word'] for w in j['words'])" && ok || bad "arabic: $(cat "$T/ar.json")"
"$A" qual search "$T/ar" "الورشة" --format json >"$T/as.json" && jq "$T/as.json" "j['hits'] == 2" && ok || bad "arabic search"
expect_error "unknown language" "--lang" -- "$A" qual words "$EX" --lang de

echo "qual queries: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
