#!/usr/bin/env bash
# Hostile paths and option values (issue 12, items 9, 12, 13, 15): a directory or
# FIFO given as a file, -o naming an input, absurd numeric options, stale temp
# files. Each refusal: exit 2 at once (timeout catches a hang), one line on stderr,
# the inputs unchanged.
A=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# refuse NAME PATTERN -- COMMAND...: exit 2 within 10 s, one line naming PATTERN.
refuse() {
  local name=$1 pat=$2
  shift 3
  timeout 10 "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$name: exit $rc, expected 2 ($(head -c 300 "$T/stderr"))"; return; fi
  if ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"; return; fi
  if [ "$(grep -vc '^usage:' "$T/stderr")" -ne 1 ]; then bad "$name: not one line: $(cat "$T/stderr")"; return; fi
  ok
}

printf 'x,y,z\n1,2,3\n2,4.5,1\n3,5,2\n4,9,4\n5,7,7\n6,8,5\n' >"$T/d.csv"
mkdir "$T/dir" "$T/dir.sav" "$T/dir.por" "$T/dir.csv"
mkfifo "$T/fifo" "$T/fifo.csv" "$T/fifo.sav" "$T/fifo.adx"

# ---- item 9: a directory or FIFO as a file ---------------------------------------
for p in dir dir.csv fifo fifo.csv; do
  refuse "describe $p" "$p: is a .*, not a data file" -- "$A" describe "$T/$p"
done
refuse "describe dir.sav" "dir.sav: is a directory, not a data file" -- "$A" describe "$T/dir.sav"
refuse "describe fifo.sav" "fifo.sav: is a FIFO (named pipe), not a data file" -- "$A" describe "$T/fifo.sav"
refuse "describe dir.por" "dir.por: is a directory, not a data file" -- "$A" describe "$T/dir.por"
refuse "regress --stream dir" "dir: is a directory, not a data file" -- "$A" regress "$T/dir" "y ~ x" --stream
refuse "regress --stream fifo" "fifo: is a FIFO (named pipe), not a data file" -- "$A" regress "$T/fifo" "y ~ x" --stream
refuse "run dir" "dir: is a directory" -- "$A" run "$T/dir"
refuse "run fifo" "fifo.adx: is a FIFO (named pipe)" -- "$A" run "$T/fifo.adx"
printf 'data dir\ndescribe x\n' >"$T/sd.adx"
refuse "study data dir" "dir: is a directory, not a data file" -- "$A" run "$T/sd.adx"
printf 'data fifo.csv\ndescribe x\n' >"$T/sf.adx"
refuse "study data fifo" "fifo.csv: is a FIFO (named pipe), not a data file" -- "$A" run "$T/sf.adx"
refuse "sem model dir" "dir: is a directory" -- "$A" sem "$T/d.csv" "$T/dir"
refuse "sem --cov dir" "dir: is a directory" -- "$A" sem -e "y ~ x" --cov "$T/dir" --nobs 10
refuse "sem --cov fifo" "fifo: is a FIFO" -- "$A" sem -e "y ~ x" --cov "$T/fifo" --nobs 10

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
