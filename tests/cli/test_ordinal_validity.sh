#!/usr/bin/env bash
# `cfa --ordered --validity` (issue 13 item 2): Green & Yang's categorical omega as CR,
# AVE, ordinal alpha and Harman's WLSMV one-factor test against semTools / lavaan
# (tests/reference/ordinal/validity.csv, make_ordinal_validity.R).
set -u
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/ordinal/validity.csv"
BFI="$SRC/tests/reference/data/bfi.csv"
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  s = b < 0 ? -b : b; if (s < 1) s = 1; exit !(a != "" && d <= t * s) }'; }
rv() { awk -F, -v m="$1" -v k="$2" '$1 == m && $2 == k { print $3 }' "$REF"; }
jget() { tr -d ' \t\n' <"$1" | grep -o "\"$2\":[-0-9.eE+]*" | head -1 | cut -d: -f2; }

"$A" cfa "$BFI" -e "A =~ A1 + A2 + A3 + A4 + A5" --ordered all --validity --format json \
  -o "$T/v.json" && ok || bad "cfa --ordered --validity"
close "$(jget "$T/v.json" cr)" "$(rv bfiA A.omega_cat)" 1e-6 && ok || bad "categorical omega"
close "$(jget "$T/v.json" ave)" "$(rv bfiA A.ave)" 1e-6 && ok || bad "AVE"
close "$(jget "$T/v.json" alpha)" "$(rv bfiA A.alpha_ord)" 1e-6 && ok || bad "ordinal alpha"
"$A" cfa "$BFI" -e "A =~ A1 + A2 + A3 + A4 + A5" --ordered all --validity >"$T/v.txt" &&
  grep -q "Green & Yang" "$T/v.txt" && ok || bad "text note on the categorical omega"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
