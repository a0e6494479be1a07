#!/usr/bin/env bash
# CLI tests of lavaan constraints and modifiers in `ambidex cfa` / `ambidex sem` (issue 13
# items 5 and 6): an active bound reported in the table and JSON, linear and nonlinear
# equalities, and constraints that cannot be taken refused with exit 2 and the line.
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/sem"

cat >"$T/bound.lav" <<'M'
visual =~ x1 + l2*x2 + l3*x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
l3 < 0.7
x2 ~~ v2*x2
v2 > 0
M
"$A" cfa "$REF/hs.csv" "$T/bound.lav" >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "visual =~ x3 is at its upper bound 0.7" "$T/out" && ok ||
  bad "active bound note: $(cat "$T/err")"
"$A" cfa "$REF/hs.csv" "$T/bound.lav" --format json -o "$T/b.json" 2>"$T/err"
tr -d ' \t\n' <"$T/b.json" | grep -q '"rhs":"x3","label":"l3","free":true,"at_bound":"upper"' && ok ||
  bad "at_bound in JSON"
tr -d ' \t\n' <"$T/b.json" | grep -q '"chisq":85.370' && ok || bad "bound chisq: $(grep chisq "$T/b.json" | head -2)"

cat >"$T/lin.lav" <<'M'
visual =~ x1 + a*x2 + b*x3
textual =~ x4 + start(0.8)*x5 + label(e)*x6
speed =~ x7 + c*x8 + d*x9
a == 0.5*b
c + d == 2.2
M
"$A" cfa "$REF/hs.csv" "$T/lin.lav" --format json -o "$T/l.json" 2>"$T/err"
[ $? -eq 0 ] && tr -d ' \t\n' <"$T/l.json" | grep -q '"chisq":89.807[0-9]*,"df":26,' && ok ||
  bad "linear constraints: $(cat "$T/err")"

# nonlinear constraints (lavaan nlminb.constr): df 27 = 24 + 3 equalities
printf 'visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + e*x5 + f*x6\nspeed =~ x7 + c*x8 + d*x9\na == b^2\nc*d == 1.2\ne/f == 1.1\n' >"$T/nl.lav"
"$A" cfa "$REF/hs.csv" "$T/nl.lav" --format json -o "$T/nl.json" 2>"$T/err"
[ $? -eq 0 ] && tr -d ' \t\n' <"$T/nl.json" | grep -q '"chisq":87.5888[0-9]*,"df":27,' && ok ||
  bad "nonlinear constraints: $(cat "$T/err") $(grep -m2 -E 'chisq|"df"' "$T/nl.json")"
printf 'F =~ x1 + a*x2 + b*x3\na == zz^2\n' >"$T/nl2.lav"
"$A" cfa "$REF/hs.csv" "$T/nl2.lav" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "nl2.lav:2:1: 'a == zz^2': 'zz' is not a parameter label" "$T/err" && ok ||
  bad "unknown label in a nonlinear constraint: $(cat "$T/err")"
[ -s "$T/out" ] && bad "output on error" || ok
# general constraints with --group (make_mg_gcon.R: a1 == b1^2 and c1*d2 == 1.2 across the
# groups, lavaan chi2 116.066, df 50; a1 == 0.5*a2 ties the two groups' loadings: 115.875, 49)
MGB='visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + c(c1, c2)*x8 + c(d1, d2)*x9\n'
printf "$MGB"'a1 == b1^2\nc1*d2 == 1.2\n' >"$T/gn.lav"
"$A" cfa "$REF/hs.csv" "$T/gn.lav" --group school --group-equal none >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "116.066 *50 " "$T/out" && ok ||
  bad "nonlinear constraints with --group: $(cat "$T/err")"
printf "$MGB"'a1 == 0.5*a2\n' >"$T/gx.lav"
"$A" cfa "$REF/hs.csv" "$T/gx.lav" --group school --group-equal none >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "115.875 *49 " "$T/out" && ok ||
  bad "a constraint over two groups' labels: $(cat "$T/err")"
# score tests of the equal intercepts under those lines (make_mg_gcon_score.R: x7 ~ 1 15.029)
"$A" cfa "$REF/hs.csv" "$T/gn.lav" --group school --group-equal intercepts --score-tests \
  >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "^x7 ~ 1 .* 15.029 " "$T/out" && ok ||
  bad "score tests under general constraints: $(cat "$T/err") $(grep "x7 ~ 1" "$T/out")"
# --diff-method sb2010 under these lines: test_sem_gcon_diff.sh

printf 'F =~ x1 + c(a, b)*x2 + x3\n' >"$T/c.lav"
"$A" cfa "$REF/hs.csv" "$T/c.lav" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "c.lav:1:.*c() gives 2 values for 1 group" "$T/err" && ok ||
  bad "c() with one group: $(cat "$T/err")"

printf 'visual =~ x1 + c(a, a)*x2 + c(b, b)*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n' >"$T/mg.lav"
"$A" cfa "$REF/hs.csv" "$T/mg.lav" --group school >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "^configural *118.761 *50 " "$T/out" && ok ||
  bad "c(a, a) in two groups: $(cat "$T/err")"

# bounds with --group (make_mg_bounds.R: lavaan chi2 128.612, df 50, l3 at its bound)
printf 'visual =~ x1 + x2 + l3*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx2 ~~ v2*x2\nl3 < 0.5\nv2 > 0\n' >"$T/gb.lav"
"$A" cfa "$REF/hs.csv" "$T/gb.lav" --group school --group-equal none >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "128.612 *50 " "$T/out" && grep -q "x3 is at its upper bound 0.5" "$T/out" &&
  ok || bad "bounds with --group: $(cat "$T/err")"
printf 'visual =~ x1 + x2 + c(l3a, l3b)*x3\ntextual =~ x4 + x5 + x6\nl3c < 0.5\n' >"$T/gb2.lav"
"$A" cfa "$REF/hs.csv" "$T/gb2.lav" --group school >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "gb2.lav:3:1: 'l3c < 0.5': 'l3c' is not a parameter label" "$T/err" &&
  ok || bad "unknown label in a bound with --group: $(cat "$T/err")"

# growth with --group (make_growth_mg.R: lavaan growth(group = "grp") chi2 9.988, df 10)
"$A" growth "$REF/growth_mg.csv" -e "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4" \
  --group grp --group-equal none >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "9.988 *10 " "$T/out" && ok || bad "growth --group: $(cat "$T/err")"
"$A" growth "$REF/growth_mg.csv" -e "i =~ 1*t1; s =~ 0*t1" --cov x.csv --nobs 10 2>"$T/err" >/dev/null
[ $? -eq 2 ] && grep -q "give raw data" "$T/err" && ok || bad "growth --cov: $(cat "$T/err")"

# growth models (lavaan growth() on Demo.growth): the command and the flag
LIN="i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4"
"$A" growth "$REF/growth.csv" -e "$LIN" --format json -o "$T/g.json" 2>"$T/err"
[ $? -eq 0 ] && tr -d ' \t\n' <"$T/g.json" | grep -q '"chisq":8.0687[0-9]*,"df":5,' && ok ||
  bad "growth: $(cat "$T/err")"
"$A" sem "$REF/growth.csv" -e "$LIN" --growth --format json -o "$T/g2.json" 2>"$T/err"
tr -d ' \t\n' <"$T/g2.json" | grep -q '"lhs":"s","op":"~1","rhs":"","label":"","free":true,"est":1.00629' &&
  ok || bad "sem --growth: slope mean"
"$A" growth "$REF/growth.csv" -e "$LIN" --cov x.csv --nobs 10 >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "growth model needs the means: give raw data or add --means FILE" "$T/err" &&
  ok || bad "growth --cov"
# from the covariance matrix and the means (lavaan sample.cov + sample.mean, make_cov_means.R:
# chi2 10.873, df 9, as the raw data give)
"$A" growth --cov "$REF/growth_cov.csv" --means "$REF/growth_means.csv" --nobs 400 \
  -e "$LIN; i ~ x1 + x2; s ~ x1 + x2" >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "chi2(9) = 10.873" "$T/out" && ok || bad "growth --cov --means: $(cat "$T/err")"
"$A" growth "$REF/growth.csv" -e "$LIN" --means "$REF/growth_means.csv" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "means goes with --cov" "$T/err" && ok || bad "--means without --cov"
printf 't1,t2\n1,x\n' >"$T/m.csv"
"$A" growth --cov "$REF/growth_cov.csv" --means "$T/m.csv" --nobs 400 -e "$LIN" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "m.csv:2:3: 'x' is not a number" "$T/err" && ok || bad "bad means file: $(cat "$T/err")"

# a formative composite: fit as lavaan's sem(); without outcomes a clear error
"$A" sem "$REF/hs.csv" -e "f <~ x1 + x2 + x3; f =~ x4 + x5" >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "206.131" "$T/out" && grep -q "<~ composite weight" "$T/out" && ok ||
  bad "composite: $(cat "$T/err")"
"$A" sem "$REF/hs.csv" -e "f <~ x1 + x2 + x3" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "composite 'f' (<~) has no reflective outcome" "$T/err" && ok ||
  bad "composite without outcome: $(cat "$T/err")"

echo "test_sem_constr.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
