#!/usr/bin/env bash
# Bugs that fuzzing found in src/qual (tests/fuzz/README.md, "Findings"), through the
# CLI: each input is a file of the fuzz corpus.
. "$(dirname "$0")/lib.sh"
C=$SRC/tests/fuzz/corpus/qdpx

# A .qdpx without codes: refused before anything is written (it was imported as a
# folder whose header-only codebook.csv does not load, and the folder stayed).
"$A" qual import "$C/regress-no-codes.qdpx" "$T/imp" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "regress-no-codes.qdpx: the project has no codes" "$T/stderr" &&
  [ "$(wc -l <"$T/stderr")" -eq 1 ] && [ -z "$(ls "$T" | grep imp)" ] && ok ||
  bad "import without codes: $(cat "$T/stderr"; ls "$T")"

# A selection whose offset is not a whole number is named as written ("1x", not 1).
"$A" qual import "$C/regress-selection-as-written.qdpx" "$T/imp" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "selection 1x\.\.3 is out of range for source 'C1'" "$T/stderr" &&
  [ -z "$(ls "$T" | grep imp)" ] && ok || bad "selection as written: $(cat "$T/stderr")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
