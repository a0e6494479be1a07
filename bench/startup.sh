#!/usr/bin/env bash
# Start-up benchmark (issue 11): whole-process `ambidex --version` and `ambidex mediate`
# on the seed-003 example (the first command of examples/study003_mediation/run.sh),
# for a "before" and an "after" binary, N runs each, interleaved (before, after, before,
# ...) so that load on a shared machine hits both alike. Prints the mean wall and CPU
# (user + system) time per run, the ratio after/before, and the number of shared
# libraries each binary maps for --version, describe and mediate.
#   bash bench/startup.sh BEFORE AFTER [N]     (N default 20; BOOT=5000 resamples)
# Not a test: the figures depend on the machine.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: bash bench/startup.sh BEFORE AFTER [N]" >&2
  exit 2
fi
BEFORE=$1
AFTER=$2
N=${3:-20}
BOOT=${BOOT:-5000}
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="$HERE/../examples/study003_mediation/study003.csv"
SCALES=(--compute "COORD = mean(coord1,coord2,coord3)"
        --compute "PROACT = mean(proact1,proact2,proact3,proact4)"
        --compute "TRANSF = mean(transf1,transf2,transf3)"
        --compute "LEARN = mean(learn1,learn2,learn3,learn4)"
        --compute "AMC = mean(COORD,PROACT,TRANSF,LEARN)"
        --compute "RAD = mean(rad1,rad2,rad3)"
        --compute "INC = mean(inc1,inc2,inc3)"
        --compute "AMBI = center(RAD) * center(INC)"
        --compute "SPEED = mean(speed1,speed2,speed3,speed4,speed5)")
MEDIATE=(mediate "$DATA" "${SCALES[@]}" --x AMC --m AMBI --y SPEED
         --covariates lnsize,lnage,industry,rd,intexp,allexp --boot "$BOOT" --seed 2024 --standardize)
DESCRIBE=(describe "$DATA" speed1 speed2 rad1)

# Shared libraries mapped by a run: the objects ld.so loads (LD_DEBUG=files) plus ld.so.
nlibs() {
  local n
  n=$(LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u | wc -l)
  echo $((n + 1))
}

# One timed run: wall seconds (bash's clock) and the children's CPU seconds (user +
# system, from the shell's own `times`, taken around the run only) added to $1 and $2.
T0=$(mktemp)
T1=$(mktemp)
trap 'rm -f "$T0" "$T1"' EXIT
timed() {
  local -n wsum=$1 csum=$2
  shift 2
  local t0 t1
  times >"$T0"
  t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  t1=$EPOCHREALTIME
  times >"$T1"
  wsum=$(awk -v s="$wsum" -v a="$t0" -v b="$t1" 'BEGIN { print s + b - a }')
  csum=$(awk -v s="$csum" 'function cpu(line,  f, a, i, t) { split(line, f, " "); t = 0
           for (i = 1; i <= 2; i++) { split(f[i], a, /[ms]/); t += a[1] * 60 + a[2] } return t }
         FNR == 2 { c[FILENAME == ARGV[1]] = cpu($0) } END { print s + c[0] - c[1] }' "$T0" "$T1")
}

# bench NAME ARGS...: N interleaved runs of both binaries; prints the means.
bench() {
  local name=$1
  shift
  local wb=0 wa=0 cb=0 ca=0 i
  "$BEFORE" "$@" >/dev/null 2>&1 || { echo "startup.sh: $BEFORE $name failed" >&2; exit 1; }
  "$AFTER" "$@" >/dev/null 2>&1 || { echo "startup.sh: $AFTER $name failed" >&2; exit 1; }
  for ((i = 0; i < N; i++)); do
    timed wb cb "$BEFORE" "$@"
    timed wa ca "$AFTER" "$@"
  done
  awk -v n="$N" -v name="$name" -v wb="$wb" -v wa="$wa" -v cb="$cb" -v ca="$ca" 'BEGIN {
    printf "%-10s wall %8.1f ms -> %8.1f ms (x%.2f)   cpu %8.1f ms -> %8.1f ms (x%.2f)\n",
      name, 1000 * wb / n, 1000 * wa / n, wa / wb, 1000 * cb / n, 1000 * ca / n, (cb > 0 ? ca / cb : 0) }'
}

echo "before: $BEFORE"
echo "after:  $AFTER"
printf 'linked (ldd, without vdso): %d -> %d\n' \
  "$(ldd "$BEFORE" | grep -vc vdso)" "$(ldd "$AFTER" | grep -vc vdso)"
printf 'mapped at run time: --version %d -> %d, describe %d -> %d, mediate %d -> %d\n' \
  "$(nlibs "$BEFORE" --version)" "$(nlibs "$AFTER" --version)" \
  "$(nlibs "$BEFORE" "${DESCRIBE[@]}")" "$(nlibs "$AFTER" "${DESCRIBE[@]}")" \
  "$(nlibs "$BEFORE" "${MEDIATE[@]}")" "$(nlibs "$AFTER" "${MEDIATE[@]}")"
echo "mean per run over $N runs (before -> after, ratio after/before):"
bench --version --version
bench describe "${DESCRIBE[@]}"
bench mediate "${MEDIATE[@]}"
