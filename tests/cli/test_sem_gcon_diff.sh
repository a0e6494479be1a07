#!/usr/bin/env bash
# CLI tests of difference and score tests under general constraint lines (issue 13 items 5
# and 8 together): the Satorra-Bentler (2010) difference between invariance levels with
# constraint lines (make_mg_gcon_sb2010.R, sbg_lrt.csv).
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/sem"
jflat() { tr -d ' \t\n' <"$1"; }
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  exit !(a != "" && b != "" && d <= t) }'; }
# the field f of the invariance row named m in a JSON file
mget() { jflat "$1" | grep -o "\"model\":\"$2\"[^}]*" | grep -o "\"$3\":[-0-9.eE+]*" | head -1 |
  cut -d: -f2; }

# 1. --diff-method sb2010 under general constraint lines with --group: lavaan's M10 takes
# its scaling factor from the bordered information (MLR: lavaan's numerical observed
# information away from the optimum agrees to about 5e-6 in the scaling factor, 7e-4 in
# the difference)
MGB='visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + c(c1, c2)*x8 + c(d1, d2)*x9\n'
printf "$MGB"'a1 == b1^2\nc1*d2 == 1.2\n' >"$T/sbg_nonlin.lav"
printf "$MGB"'c1 + c2 + d1 == 3.3\n' >"$T/sbg_lin3.lav"
for m in sbg_nonlin sbg_lin3; do
  for est in MLR MLM; do
    "$A" cfa "$REF/hs.csv" "$T/$m.lav" --group school --estimator $est --diff-method sb2010 \
      --format json -o "$T/$m$est.json" 2>"$T/err" && ok || bad "$m $est sb2010: $(cat "$T/err")"
    tol=1e-4
    [ $est = MLR ] && tol=1e-3
    for lev in metric scalar; do
      r=$(awk -F, -v m=$m -v e=$est -v l=$lev '$1 == m && $2 == e && $3 == l { print $7 }' \
        "$REF/sbg_lrt.csv")
      d=$(mget "$T/$m$est.json" $lev delta_chisq_scaled)
      close "$d" "$r" $tol && ok || bad "$m $est $lev sb2010: $d vs lavaan $r"
    done
  done
done

echo "test_sem_gcon_diff.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
