#!/usr/bin/env bash
# Golden layout test: the text output of a few commands, byte for byte, so that
# table layout (alignment, header groups, row groups, notes) is pinned.
# Usage: bash test_golden.sh AMBIDEX SOURCE_DIR
# After a deliberate layout change: ADX_GOLDEN_UPDATE=1 bash test_golden.sh ... rewrites
# the files in tests/cli/golden/ (review the diff before committing).
set -u
BIN=$1
SRC=$2
G="$SRC/tests/cli/golden"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
n=0

golden() {
    local name=$1
    shift
    n=$((n + 1))
    if ! (cd "$SRC" && "$BIN" "$@") >"$T/$name.txt" 2>"$T/err"; then
        echo "FAIL: $name: exit status $?: $(cat "$T/err")"; fail=$((fail + 1)); return
    fi
    if [ "${ADX_GOLDEN_UPDATE:-}" = 1 ]; then
        cp "$T/$name.txt" "$G/$name.txt"
    elif ! diff -u "$G/$name.txt" "$T/$name.txt"; then
        echo "FAIL: $name: the layout differs from tests/cli/golden/$name.txt"
        fail=$((fail + 1))
    fi
}

MT=tests/reference/regress/data/mtcars.csv
golden regress regress "$MT" "mpg ~ wt + hp" --block "qsec"
golden mediate mediate tests/reference/mediate/data/poldem.csv --x ind60 --m dem60 --y dem65 \
    --boot 200 --seed 1 --threads 1
golden sem_fit cfa tests/reference/sem/hs.csv tests/reference/sem/hs3.lav
golden alpha alpha examples/alliance-speed/data.csv learn1 learn2 learn3 learn4

echo "$n golden checks, $fail failed"
[ "$fail" -eq 0 ]
