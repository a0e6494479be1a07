#!/usr/bin/env bash
# ambidex simulate: CSV output, reproducibility, and bad input (exit 2, message, no file).
. "$(dirname "$0")/lib.sh"
M='F =~ 0.8*x1 + 0.7*x2 + 0.7*x3
y ~ 0.4*F'
"$A" simulate -e "$M" --n 50 --seed 5 --likert 5 -o "$T/a.csv" && ok || bad "simulate"
"$A" simulate -e "$M" --n 50 --seed 5 --likert 5 >"$T/b.csv" && ok || bad "simulate stdout"
cmp -s "$T/a.csv" "$T/b.csv" && ok || bad "same seed, same data"
[ "$(head -1 "$T/a.csv")" = "id,x1,x2,x3,y" ] && ok || bad "header: $(head -1 "$T/a.csv")"
[ "$(wc -l <"$T/a.csv")" -eq 51 ] && ok || bad "rows"
"$A" simulate -e "$M" --n 10 --missing 150% -o "$T/c.csv" 2>"$T/err"
[ $? -eq 2 ] && grep -q -- "--missing takes a share" "$T/err" && [ ! -e "$T/c.csv" ] && ok || bad "bad share: $(cat "$T/err")"
"$A" simulate -e "y ~ x" --n 10 -o "$T/c.csv" 2>"$T/err"
[ $? -eq 2 ] && grep -q "model:1:5: give the population value" "$T/err" && [ ! -e "$T/c.csv" ] && ok || bad "no value: $(cat "$T/err")"
"$A" simulate "$T/none.lav" 2>"$T/err"
[ $? -eq 2 ] && grep -q "none.lav: cannot open the model file" "$T/err" && ok || bad "missing model: $(cat "$T/err")"
"$A" simulate -e "F =~ 0.9*a + 0.9*b
y ~ 0.9*F + 0.9*a" 2>"$T/err"
[ $? -eq 2 ] && grep -q "explain .* of its variance" "$T/err" && ok || bad "too much variance: $(cat "$T/err")"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
