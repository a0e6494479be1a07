#!/usr/bin/env bash
# Hostile paths and option values (issue 12, items 9, 12, 13, 15): a directory or
# FIFO given as a file, -o naming an input, absurd numeric options, stale temp
# files. Each refusal: exit 2 at once (timeout catches a hang), one line on stderr,
# the inputs unchanged.
. "$(dirname "$0")/lib.sh"

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

# ---- item 13: numeric options take finite values in their documented range -------
SIM='F =~ 0.7*a + 0.7*b + 0.7*c'
for v in inf -inf nan 1e300; do
  refuse "simulate --likert-mean $v" "--likert-mean takes a number from -100 to 200, not '$v'" -- "$A" simulate -e "$SIM" --likert 5 --likert-mean $v -o "$T/sim.csv"
  refuse "simulate --likert-sd $v" "--likert-sd takes a number between 0 and 100, not '$v'" -- "$A" simulate -e "$SIM" --likert 5 --likert-sd $v -o "$T/sim.csv"
done
[ -e "$T/sim.csv" ] && bad "simulate left sim.csv" || ok
"$A" simulate -e "$SIM" --likert 5 --likert-mean 2 --likert-sd 1.5 --n 50 -o "$T/sim.csv" 2>"$T/stderr" && [ -s "$T/sim.csv" ] && ok || bad "simulate in range: $(cat "$T/stderr")"
refuse "efa --parallel 1e9" "--parallel takes a whole number from 2 to 10000, not '1e9'" -- "$A" efa "$T/d.csv" x y z --parallel 1e9
refuse "efa --parallel inf" "--parallel takes a whole number from 2 to 10000, not 'inf'" -- "$A" efa "$T/d.csv" x y z --parallel inf
refuse "efa --max-iter 1e9" "--max-iter takes a whole number from 1 to 100000" -- "$A" efa "$T/d.csv" x y z --factors 1 --max-iter 1e9
for v in inf nan 1e300 2.5 -3; do
  refuse "sem --nobs $v" "--nobs takes a whole number of cases from 2 to 2^53, not '$v'" -- "$A" sem -e "y ~ x" --cov "$T/c.csv" --nobs $v
done
refuse "ttest --mu inf" "--mu takes a finite number, not 'inf'" -- "$A" ttest "$T/d.csv" x --mu inf
refuse "--na inf" "--na takes numbers" -- "$A" describe "$T/d.csv" --na 1,inf
refuse "alpha --range 1,inf" "--range takes LO,HI with LO < HI" -- "$A" alpha "$T/d.csv" x y z --range 1,inf
refuse "alpha --range 7,1" "--range takes LO,HI with LO < HI" -- "$A" alpha "$T/d.csv" x y z --range 7,1
"$A" simulate --help | grep -q -- '--likert-sd .*\[a number between 0 and 100\]' && ok || bad "simulate --help shows no range"

# ---- item 15: temp files orphaned by kill -9 are removed by the next write --------
# adx_write_atomic writes TARGET.tmp.XXXXXX and renames it; the next write to TARGET
# removes such files older than a minute, and leaves younger ones (a writer still
# running) and every other file alone.
mkdir "$T/w"
printf 'stale' >"$T/w/out.json.tmp.AbC123"
printf 'stale' >"$T/w/out.json.tmp.zz9ZZ9"
printf 'fresh' >"$T/w/out.json.tmp.Fresh1"
printf 'other' >"$T/w/other.json.tmp.Old123"
printf 'seven' >"$T/w/out.json.tmp.Old1234"
printf 'keep' >"$T/w/out.json.tmp.keep"
touch -d '2 minutes ago' "$T/w/out.json.tmp.AbC123" "$T/w/out.json.tmp.zz9ZZ9" "$T/w/other.json.tmp.Old123" \
  "$T/w/out.json.tmp.Old1234" "$T/w/out.json.tmp.keep"
"$A" describe "$T/d.csv" --format json -o "$T/w/out.json" 2>"$T/stderr" && [ -s "$T/w/out.json" ] && ok || bad "write out.json: $(cat "$T/stderr")"
[ ! -e "$T/w/out.json.tmp.AbC123" ] && [ ! -e "$T/w/out.json.tmp.zz9ZZ9" ] && ok || bad "stale temp files of out.json left: $(ls "$T/w")"
[ -e "$T/w/out.json.tmp.Fresh1" ] && ok || bad "a fresh temp file (a writer still running) was removed"
[ -e "$T/w/other.json.tmp.Old123" ] && [ -e "$T/w/out.json.tmp.Old1234" ] && [ -e "$T/w/out.json.tmp.keep" ] && ok || bad "files that are not out.json's temp files were removed: $(ls "$T/w")"
[ "$(ls "$T/w" | wc -l)" -eq 5 ] && ok || bad "temp file of this write left: $(ls "$T/w")"
(cd "$T/w" && touch -d '2 minutes ago' out.json.tmp.Fresh1 && "$A" describe ../d.csv -o out.json 2>/dev/null)
[ ! -e "$T/w/out.json.tmp.Fresh1" ] && ok || bad "stale temp file beside a relative -o left"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
