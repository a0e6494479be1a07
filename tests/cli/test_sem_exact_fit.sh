#!/usr/bin/env bash
# An exactly fitting (saturated, df 0) model reports chi-square 0, never a rounding
# error below 0 (-4e-12 before): F within 1e-10 below 0 is taken as 0 where every chi2 =
# N F is formed (adx__sem_exact_fit). Multi-group FIML (the configural level of bfi's
# A1-A3 by gender, with missing values), single-group FIML and ML.
#   bash test_sem_exact_fit.sh AMBIDEX SOURCE_DIR
. "$(dirname "$0")/lib.sh"
BFI="$SRC/tests/reference/data/bfi.csv"
M="A =~ A1 + A2 + A3"
# chisq_ok NAME ARGS...: the first "chisq" of the JSON is >= 0 and < 1e-9, df 0
chisq_ok() {
  local name=$1
  shift
  if "$A" cfa "$BFI" -e "$M" "$@" --format json >"$T/out" 2>"$T/err" &&
    grep -o '"chisq":[^,]*' "$T/out" | head -1 | cut -d: -f2 |
    awk '{ x = $1 + 0; exit !(x >= 0 && x < 1e-9 && $1 !~ /-/) }' &&
    grep -o '"df":[^,]*' "$T/out" | head -1 | grep -Eq ':[[:space:]]*0$'; then ok; else
    bad "$name: $(grep -o '"chisq":[^,]*' "$T/out" | head -1) $(cat "$T/err")"; fi
}
chisq_ok "multi-group FIML configural" --group gender --missing fiml
chisq_ok "multi-group FIML MLR configural" --group gender --missing fiml --estimator MLR
chisq_ok "single-group FIML" --missing fiml
chisq_ok "single-group ML" 
# the text table shows 0.000, not -0.000
"$A" cfa "$BFI" -e "$M" --group gender --missing fiml >"$T/out" 2>"$T/err" &&
  grep -Eq '^configural +0\.000 +0 ' "$T/out" && ok || bad "configural text row: $(cat "$T/err")"
echo "test_sem_exact_fit.sh: $pass passed, $fail failed"
[ $fail -eq 0 ]
