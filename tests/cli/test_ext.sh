#!/usr/bin/env bash
# The figure and archive module (src/ext): commands that draw no figure and read no
# archive do not load it (nor Graphviz, cairo, libxml2, libzip); HTML figures and
# REFI-QDA files go through it; without it the CLI names the file and the fix.
#   bash test_ext.sh AMBIDEX SOURCE_DIR
A=$1
D="$2/examples/study003_mediation/study003.csv"
EX="$2/examples/vse-ambidexterity"
MED=(mediate "$D" --x coord1 --m rad1 --y speed1 --boot 200 --seed 1)
HEAVY='libambidex_ext|libgvc|libcairo|libxml2|libzip'
W=$(mktemp -d) && trap 'rm -rf "$W"' EXIT
failed=()
# check WHAT COMMAND...: records WHAT when the command fails.
check() { local what=$1; shift; "$@" || failed+=("$what"); }

# run NAME COMMAND...: output in $W/NAME.out, the shared objects it loaded in $W/NAME.libs.
run() {
  local name=$1
  shift
  check "$name exits 0" env LD_DEBUG=files "$@" >"$W/$name.out" 2>"$W/$name.dbg"
  grep -o 'file=[^ ]*' "$W/$name.dbg" | sort -u >"$W/$name.libs"
}
run version "$A" --version
run describe "$A" describe "$D" speed1 rad1
run mediate "$A" "${MED[@]}"
run html "$A" "${MED[@]}" --format html
for n in version describe mediate; do
  check "$n loads none of $HEAVY" eval "! grep -E '$HEAVY' '$W/$n.libs'"
done
check "text output keeps the figure caption" grep -q '^\[Mediation model' "$W/mediate.out"
check "html loads the module" grep -q libambidex_ext "$W/html.libs"
check "html has the path diagram" grep -qE '<g class="node (latent|observed)">' "$W/html.out"

check "export qdpx" "$A" qual export "$EX" qdpx "$W/a.qdpx"
check "ADX_EXT_PATH names the folder" env ADX_EXT_PATH="$(dirname "$A")" \
  "$A" qual export "$EX" qdpx "$W/b.qdpx"
check "archives written" test -s "$W/a.qdpx" -a -s "$W/b.qdpx"
check "no module: export fails" eval "! ADX_EXT_PATH='$W/none.so' '$A' qual export '$EX' qdpx '$W/c.qdpx' 2>'$W/err'"
check "no module: no archive left" test ! -e "$W/c.qdpx"
check "no module: the message names the file, the path tried and the fix" \
  grep -q "libambidex_ext.so.*$W/none.so.*ADX_EXT_PATH" "$W/err"
ADX_EXT_PATH="$W/none.so" "$A" "${MED[@]}" >"$W/nomod.out"
check "no module: text output does not need it" cmp -s "$W/nomod.out" "$W/mediate.out"

printf 'FAIL: %s\n' "${failed[@]+"${failed[@]}"}" | grep -v '^FAIL: $'
echo "test_ext: ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
