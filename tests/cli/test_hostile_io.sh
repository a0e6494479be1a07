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

# ---- item 12: -o naming an input is refused, the input left byte-identical -------
# unchanged NAME FILE: FILE still equals its copy FILE.orig
unchanged() { cmp -s "$2" "$2.orig" && ok || bad "$1: $2 was changed"; }
printf 'data d.csv\ndescribe x y\n' >"$T/st.adx"
printf 'y ~ x\n' >"$T/m.txt"
printf 'x,y\n1,0.5\n0.5,2\n' >"$T/c.csv"
for f in d.csv st.adx m.txt c.csv; do cp "$T/$f" "$T/$f.orig"; done
refuse "compute -o data" "-o .*d.csv is the input file" -- "$A" compute "$T/d.csv" "w = x + y" -o "$T/d.csv"
unchanged "compute -o data" "$T/d.csv"
refuse "describe -o data" "is the input file" -- "$A" describe "$T/d.csv" --output "$T/d.csv"
unchanged "describe -o data" "$T/d.csv"
refuse "run -o study" "-o .*st.adx is the input file" -- "$A" run "$T/st.adx" -o "$T/st.adx"
unchanged "run -o study" "$T/st.adx"
refuse "run -o study data" "is the input file d.csv" -- "$A" run "$T/st.adx" -o "$T/d.csv"
unchanged "run -o study data" "$T/d.csv"
refuse "sem -o model" "is the input file" -- "$A" sem "$T/d.csv" "$T/m.txt" -o "$T/m.txt"
unchanged "sem -o model" "$T/m.txt"
refuse "sem -o --cov" "is the input file" -- "$A" sem -e "y ~ x" --cov "$T/c.csv" --nobs 10 -o "$T/c.csv"
unchanged "sem -o --cov" "$T/c.csv"
ln "$T/d.csv" "$T/hard.csv"
refuse "-o hard link to data" "is the input file" -- "$A" describe "$T/d.csv" -o "$T/hard.csv"
unchanged "-o hard link to data" "$T/d.csv"
(cd "$T" && timeout 10 "$A" describe ./d.csv -o "$T/d.csv" 2>/dev/null)
[ $? -eq 2 ] && ok || bad "-o absolute, input relative: not refused"
unchanged "-o absolute, input relative" "$T/d.csv"
"$A" compute "$T/d.csv" "w = x + y" -o "$T/new.csv" 2>"$T/stderr" && [ -s "$T/new.csv" ] && ok || bad "compute to a new file: $(cat "$T/stderr")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
