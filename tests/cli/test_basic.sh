#!/usr/bin/env bash
# CLI behaviour of describe/freq/corr/compute: outputs in every format, and every
# bad-input case: one-line message on stderr naming the problem, exit code 2, no
# output file left behind.
. "$(dirname "$0")/lib.sh"

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
  if ls "$T" | grep -q '^out.txt'; then bad "$name: output file left behind"; return; fi
  ok
}

printf 'firm,x,y,z,const,sector\n1,1,2,3,5,a\n2,2,4.5,1,5,b\n3,3,5,2,5,c\n4,4,9,4,5,a\n' >"$T/d.csv"
printf 'firm,x,y\n1,1,2\n2,oops,3\n3,2,4\n' >"$T/bad.csv"
printf 'x,y\n1,2\n3\n' >"$T/ragged.csv"
printf '' >"$T/empty.csv"
printf 'x,y\n' >"$T/header.csv"

expect_error "unknown command" 2 "unknown command 'describ'; did you mean 'describe'" -- "$A" describ "$T/d.csv"
expect_error "unknown option" 2 "unknown option '--spearmann'; did you mean '--spearman'" -- "$A" corr "$T/d.csv" x y --spearmann
expect_error "missing file" 2 "no_such.csv: cannot open" -- "$A" describe "$T/no_such.csv"
expect_error "unknown variable" 2 "no variable 'yy'; did you mean 'y'" -- "$A" corr "$T/d.csv" x yy
expect_error "non-numeric cell" 2 "bad.csv:3: column 2 'x': non-numeric value 'oops'" -- "$A" describe "$T/bad.csv" x
expect_error "ragged row" 2 "ragged.csv:3: column 2: row has 1 fields but the header has 2" -- "$A" describe "$T/ragged.csv"
expect_error "empty file" 2 "empty.csv: the file is empty" -- "$A" describe "$T/empty.csv"
expect_error "header only" 2 "header.csv: the file has a header but no data rows" -- "$A" describe "$T/header.csv"
expect_error "zero variance" 2 "variable 'const' has zero variance" -- "$A" corr "$T/d.csv" x const
expect_error "bad format" 2 "unknown format 'xml'" -- "$A" describe "$T/d.csv" --format xml
expect_error "bad --na" 2 "--na takes numbers" -- "$A" describe "$T/d.csv" --na abc
expect_error "bad compute" 2 "unknown function" -- "$A" describe "$T/d.csv" --compute "w = foo(x)"
expect_error "log domain" 2 "case 1: log of 'w' = 0 is undefined" -- "$A" describe "$T/d.csv" --compute "w = x - 1" --compute "v = log(w)"
# A message about a computed argument names the text written, not an internal column.
expect_error "log of an expression" 2 "case 1: log of '0 - x' = -1 is undefined" -- "$A" describe "$T/d.csv" --compute "v = log(0 - x)"
expect_error "z of an expression" 2 "'x \* 0' has zero variance" -- "$A" compute "$T/d.csv" "v = z(x * 0)"
expect_error "nested argument" 2 "log of 'rev(x, 1, 4) - 9' = -5" -- "$A" compute "$T/d.csv" "v = log(rev(x, 1, 4) - 9)"
expect_error "string in corr" 2 "column 6 'sector': non-numeric value 'a'" -- "$A" corr "$T/d.csv" x sector
"$A" describe "$T/d.csv" x -o "$T/nodir/x.txt" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "cannot create the output file" "$T/stderr" && ok || bad "output folder: $(cat "$T/stderr")"

# Successful runs in every format, written atomically with -o.
for f in text md html csv json latex; do
  if "$A" corr "$T/d.csv" x y z --format $f -o "$T/c.$f" 2>"$T/stderr" && [ -s "$T/c.$f" ]; then ok; else bad "corr --format $f: $(cat "$T/stderr")"; fi
done
grep -q '"r":' "$T/c.json" && ok || bad "json has no r"
grep -q '<table>' "$T/c.html" && ok || bad "html has no table"
grep -q '\\toprule' "$T/c.latex" && ok || bad "latex has no booktabs rule"
grep -q '^| 2. y' "$T/c.md" && ok || bad "md row missing"
# r(x, y) = 10.75 / sqrt(5 * 25.1875) = 0.9579 by hand; p = .042 (t = 4.73, df = 2).
grep -q '0.958\*' "$T/c.text" && ok || bad "corr text value: $(cat "$T/c.text")"
ls "$T" | grep -q 'tmp\.' && bad "temporary file left" || ok

# describe on all numeric variables; freq on a string variable; compute writes CSV.
"$A" describe "$T/d.csv" | grep -q '^y  *4  *0  *5.125' && ok || bad "describe y"
"$A" freq "$T/d.csv" sector | grep -q '^a  *2  *50.0' && ok || bad "freq sector"
"$A" compute "$T/d.csv" "s = mean(x, y)" "p = center(x) * center(z)" -o "$T/new.csv" && ok || bad "compute"
head -2 "$T/new.csv" | tail -1 | grep -q '^1,1,2,3,5,a,1.5,-0.75$' && ok || bad "compute row: $(head -2 "$T/new.csv")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
