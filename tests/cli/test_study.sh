#!/usr/bin/env bash
# ambidex run: a small study end to end in every report format, and the study
# file errors (each names file and line, exit 2, no report left behind).
. "$(dirname "$0")/lib.sh"

printf 'id,wave,screen,a1,a2,a3,y,size\n1,early,1,5,6,5,4,10\n2,early,1,3,3,4,2,200\n3,late,0,6,7,7,6,45\n4,late,1,-99,-99,-99,5,30\n5,early,1,4,5,5,3,80\n6,late,1,7,6,6,6,15\n7,early,1,2,3,2,1,9\n' >"$T/d.csv"
cat >"$T/s.adx" <<'S'
title "A small study"   # a comment
data d.csv missing -99
keep if screen == 1
drop if missing(a1, a2, a3) > 50%
keep if wave == "early" or wave == "late"
scale A = a1 a2 a3
compute LSIZE = log(size)
compute C = center(A) * \
            center(LSIZE)
section "Results"
describe A y LSIZE C
corr A y LSIZE
S
"$A" run "$T/s.adx" -o "$T/r.html" 2>"$T/err" && ok || bad "run html: $(cat "$T/err")"
grep -q '<h1>A small study</h1>' "$T/r.html" && ok || bad "html title"
grep -q 'Table 1</strong><br><em>Sample screening' "$T/r.html" && ok || bad "cleaning log table"
grep -q '<td>keep if screen == 1</td><td>7</td><td>1</td><td>6</td>' "$T/r.html" && ok || bad "keep rule counts"
grep -q '<td>drop if missing(a1, a2, a3) &gt; 50%</td><td>6</td><td>1</td><td>5</td>' "$T/r.html" && ok || bad "drop rule counts"
grep -q 'Table 2</strong><br><em>Descriptive statistics' "$T/r.html" && ok || bad "table numbering"
grep -q 'Table 3</strong><br><em>Means, standard deviations and correlations' "$T/r.html" && ok || bad "corr table"
grep -q 'Pearson correlations were tested' "$T/r.html" && ok || bad "methods paragraph"
# A = mean(a1..a3) over the 5 cases kept: ids 1,2,5,6,7 -> 16/3, 10/3, 14/3, 19/3, 7/3
grep -q '<td>A</td><td>5</td><td>0</td><td>4.400</td>' "$T/r.html" && ok || bad "scale mean: $(grep '<td>A</td>' "$T/r.html")"
for f in md latex json text; do
  "$A" run "$T/s.adx" --format $f -o "$T/r.$f" 2>"$T/err" && [ -s "$T/r.$f" ] && ok || bad "run --format $f: $(cat "$T/err")"
done
grep -q '"n_analysed":	5' "$T/r.json" && ok || bad "json n_analysed"
"$A" run "$T/s.adx" --check 2>"$T/err" && grep -q "valid" "$T/err" && ok || bad "--check"

# expect_error NAME PATTERN STUDY-TEXT
expect_error() {
  printf '%s\n' "$3" >"$T/e.adx"
  rm -f "$T/out.html"
  "$A" run "$T/e.adx" -o "$T/out.html" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$1: exit $rc ($(cat "$T/stderr"))"; return; fi
  if ! grep -q -- "$2" "$T/stderr"; then bad "$1: stderr lacks '$2': $(cat "$T/stderr")"; return; fi
  if ls "$T" | grep -q '^out.html'; then bad "$1: partial report left"; return; fi
  ok
}
expect_error "unknown step" "e.adx:2: corrr: unknown step 'corrr'; did you mean 'corr'" $'data d.csv\ncorrr a1 a2'
expect_error "variable not defined yet" "e.adx:2: describe: .*no variable 'A'" $'data d.csv\ndescribe A\nscale A = a1 a2'
expect_error "block never closed" "e.adx:2: column 5: the { block is never closed" $'data d.csv\ncfa { F =~ a1 + a2\n'
expect_error "data file missing" "e.adx:1: data: .*nothing.csv: cannot open" $'data nothing.csv\ndescribe a1'
expect_error "no data" "e.adx:1: describe: no data yet" $'describe a1'
expect_error "bad condition" "e.adx:2: keep: compute: column" $'data d.csv\nkeep if a1 >'
expect_error "all cases dropped" "e.adx:2: drop: no case is left" $'data d.csv\ndrop if id > 0'
expect_error "unclosed quote" "e.adx:1: column 7: the quoted text never ends" $'title "A'
expect_error "step option" "e.adx:2: corr: unknown option '--spearmn'; did you mean '--spearman'" $'data d.csv\ncorr a1 a2 --spearmn'

# The report and its figures are committed together: a run whose report cannot be
# written (a file size limit, as with a full disk) leaves the old report and the old
# figures as they were; a run that succeeds replaces both and leaves no temporary folder.
mkdir -p "$T/f"
modata() { awk -v k="$1" 'BEGIN { print "x,w,y"; for (i = 1; i <= 40; i++) { x = sin(i); w = cos(3 * i); printf "%.4f,%.4f,%.4f\n", x, w, x + w + k * x * w + 0.5 * sin(7 * i) } }' >"$T/f/m.csv"; }
printf 'data m.csv\nmoderate --y y --x x --w w\n' >"$T/f/m.adx"
modata 0.5
"$A" run "$T/f/m.adx" -o "$T/f/r.html" 2>/dev/null && [ -s "$T/f/r_figures/figure-1.svg" ] && ok || bad "study with figures"
mkdir "$T/old" && cp -r "$T/f/r.html" "$T/f/r_figures" "$T/old/"
modata -0.8
big=$(( $(wc -c <"$T/f/r.html") / 1024 - 4 ))
( ulimit -f "$big"; trap '' XFSZ; exec "$A" run "$T/f/m.adx" -o "$T/f/r.html" ) 2>"$T/stderr"
[ $? -eq 2 ] && [ $(grep -c "^ambidex: " "$T/stderr") -eq 1 ] && grep -q "^ambidex: .*/r.html: cannot write the output file" "$T/stderr" && ok || bad "report write failure: exit code or message: $(cat "$T/stderr")"
cmp -s "$T/old/r.html" "$T/f/r.html" && diff -r "$T/old/r_figures" "$T/f/r_figures" >/dev/null && ok || bad "a failed report write changed the old report or its figures"
[ "$(ls "$T/f")" = "$(printf 'm.adx\nm.csv\nr.html\nr_figures')" ] && ok || bad "temporary files left: $(ls "$T/f")"
"$A" run "$T/f/m.adx" -o "$T/f/r.html" 2>/dev/null && ! cmp -s "$T/old/r_figures/figure-1.svg" "$T/f/r_figures/figure-1.svg" && ! cmp -s "$T/old/r.html" "$T/f/r.html" && [ "$(ls "$T/f")" = "$(printf 'm.adx\nm.csv\nr.html\nr_figures')" ] && [ "$(stat -c %a "$T/f/r_figures")" = 755 ] && ok || bad "a second run did not replace the report and its figures: $(ls "$T/f")"
# A run killed mid-commit leaves r_figures.tmp.XXXXXX: the next run removes those older
# than a minute, keeps younger ones (a run still going) and anything else.
mkdir "$T/f/r_figures.tmp.Old123" "$T/f/r_figures.tmp.New123" "$T/f/r_figures.keep"
touch -d '2 minutes ago' "$T/f/r_figures.tmp.Old123" "$T/f/r_figures.keep"
"$A" run "$T/f/m.adx" -o "$T/f/r.html" 2>/dev/null && [ ! -e "$T/f/r_figures.tmp.Old123" ] && [ -d "$T/f/r_figures.tmp.New123" ] && [ -d "$T/f/r_figures.keep" ] && ok || bad "stale figure folders: $(ls "$T/f")"
rm -rf "$T/f/r_figures.tmp.New123" "$T/f/r_figures.keep"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
