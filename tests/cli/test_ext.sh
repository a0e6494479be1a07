#!/usr/bin/env bash
# The figure and archive module (src/ext): commands that draw no figure and read no
# archive do not load it (nor Graphviz, cairo, libxml2, libzip); HTML figures and
# REFI-QDA files go through it; without it the CLI names the file and the fix.
A=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
D="$SRC/examples/study003_mediation/study003.csv"
EX="$SRC/examples/vse-ambidexterity"
HEAVY='libambidex_ext|libgvc|libcairo|libxml2|libzip'

# loaded NAME COMMAND...: the shared objects the command loads, one per line.
loaded() {
  local name=$1
  shift
  LD_DEBUG=files "$@" >"$T/$name.out" 2>"$T/$name.dbg" || bad "$name: exit code $?"
  grep -o 'file=[^ ]*' "$T/$name.dbg" | sort -u >"$T/$name.libs"
}

loaded version "$A" --version
loaded describe "$A" describe "$D" speed1 rad1
loaded mediate "$A" mediate "$D" --x coord1 --m rad1 --y speed1 --boot 200 --seed 1
for n in version describe mediate; do
  grep -Eq "$HEAVY" "$T/$n.libs" && bad "$n loads: $(grep -E "$HEAVY" "$T/$n.libs" | tr '\n' ' ')" || ok
done
grep -q '^\[Mediation model' "$T/mediate.out" && ok || bad "text output lost the figure caption"

loaded html "$A" mediate "$D" --x coord1 --m rad1 --y speed1 --boot 200 --seed 1 --format html
grep -q 'libambidex_ext' "$T/html.libs" && ok || bad "html: module not loaded"
grep -q '<g id="node1" class="node">' "$T/html.out" && ok || bad "html: no Graphviz path diagram"

"$A" qual export "$EX" qdpx "$T/a.qdpx" && [ -s "$T/a.qdpx" ] && ok || bad "export qdpx"
MOD=$(dirname "$A")/libambidex_ext.so
ADX_EXT_PATH=$(dirname "$MOD") "$A" qual export "$EX" qdpx "$T/b.qdpx" && cmp -s "$T/a.qdpx" "$T/b.qdpx" \
  && ok || bad "ADX_EXT_PATH as a folder"
ADX_EXT_PATH="$T/none.so" "$A" qual export "$EX" qdpx "$T/c.qdpx" 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && [ ! -e "$T/c.qdpx" ] && grep -q 'libambidex_ext.so' "$T/err" && grep -q "$T/none.so" "$T/err" \
  && grep -q 'ADX_EXT_PATH' "$T/err" && ok || bad "missing module: rc $rc, $(cat "$T/err")"
ADX_EXT_PATH="$T/none.so" "$A" mediate "$D" --x coord1 --m rad1 --y speed1 --boot 200 --seed 1 >"$T/nomod.out" \
  && cmp -s "$T/nomod.out" "$T/mediate.out" && ok || bad "text output needs the module"

echo "test_ext: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
