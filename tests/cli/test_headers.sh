#!/usr/bin/env bash
# Public headers: the umbrella ambidex.h includes every header of include/ambidex/, and
# each header compiles alone under -std=c11 -pedantic (self-contained, no clash).
# Usage: test_headers.sh AMBIDEX SOURCE_DIR
set -u
SRC=$2
fail=0
inc="$SRC/include"
for h in "$inc"/ambidex/*.h; do
    name=$(basename "$h")
    [ "$name" = ambidex.h ] && continue
    if ! grep -q "#include \"ambidex/$name\"" "$inc/ambidex/ambidex.h"; then
        echo "FAIL: ambidex.h does not include $name"; fail=1
    fi
    if ! printf '#include "ambidex/%s"\n' "$name" |
        ${CC:-cc} -std=c11 -pedantic -Wall -Wextra -Werror -I"$inc" -fsyntax-only -x c - 2>/tmp/adx_hdr.$$; then
        echo "FAIL: $name does not compile alone:"; cat /tmp/adx_hdr.$$; fail=1
    fi
done
rm -f /tmp/adx_hdr.$$
# Headers point down: no analysis header includes the report layer.
for h in adx_core adx_data adx_linalg adx_rng adx_stats adx_measure adx_regress adx_mediate adx_sem adx_sim adx_qual; do
    if grep -q '#include "ambidex/adx_report' "$inc/ambidex/$h.h"; then
        echo "FAIL: $h.h includes a report header"; fail=1
    fi
done
[ $fail = 0 ] && echo "test_headers: ok"
exit $fail
