#!/usr/bin/env bash
# Start-up benchmark (issue 11): whole-process runs of a "before" and an "after" ambidex,
#   --version;
#   describe on the seed-003 data;
#   the seed-003 mediation example as examples/study003_mediation/run.sh runs it (two
#   `ambidex mediate` processes, 5000 bootstrap resamples each);
# N runs each, interleaved (before, after, before, ...) so that load on a shared machine
# hits both alike. Prints the mean wall and CPU (user + system, all threads) time per run
# with the ratio after/before, and the number of shared libraries each binary links
# (ldd) and maps at run time (the objects ld.so loads, dlopen included, plus ld.so).
#   bash bench/startup.sh BEFORE AFTER [N]        (N default 20)
# Not a test: the times depend on the machine and its load.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: bash bench/startup.sh BEFORE AFTER [N]" >&2
  exit 2
fi
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
N=${3:-20}
EXAMPLE="$(cd "$(dirname "$0")/../examples/study003_mediation" && pwd)"
DATA="$EXAMPLE/study003.csv"

# The commands; BIN stands for the binary.
VERSION=(BIN --version)
DESCRIBE=(BIN describe "$DATA" speed1 speed2 rad1)
MEDIATE=(BIN mediate "$DATA" --x coord1 --m rad1 --y speed1 --boot 5000 --seed 2024)
EXAMPLE_RUN=(bash "$EXAMPLE/run.sh" BIN)

# with BIN COMMAND...: runs the command with BIN replaced.
with() {
  local bin=$1
  shift
  local args=("$@") i
  for i in "${!args[@]}"; do
    [ "${args[$i]}" = BIN ] && args[$i]=$bin
  done
  "${args[@]}"
}

# nlibs BIN COMMAND...: shared libraries mapped by the run.
nlibs() {
  local n
  n=$(LD_DEBUG=files with "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u | wc -l)
  echo $((n + 1))
}

# timed WSUM CSUM BIN COMMAND...: adds the run's wall seconds (bash's clock) and its
# children's CPU seconds (the shell's own `times`, taken around the run only).
T0=$(mktemp)
T1=$(mktemp)
trap 'rm -f "$T0" "$T1"' EXIT
timed() {
  local -n wsum=$1 csum=$2
  shift 2
  local t0 t1
  times >"$T0"
  t0=$EPOCHREALTIME
  with "$@" >/dev/null 2>&1
  t1=$EPOCHREALTIME
  times >"$T1"
  wsum=$(awk -v s="$wsum" -v a="$t0" -v b="$t1" 'BEGIN { print s + b - a }')
  csum=$(awk -v s="$csum" 'function cpu(line,  f, a, i, t) { split(line, f, " "); t = 0
           for (i = 1; i <= 2; i++) { split(f[i], a, /[ms]/); t += a[1] * 60 + a[2] } return t }
         FNR == 2 { c[FILENAME == ARGV[1]] = cpu($0) } END { print s + c[0] - c[1] }' "$T0" "$T1")
}

# bench NAME COMMAND...: a warm-up run of each binary, then N interleaved runs.
bench() {
  local name=$1
  shift
  local wb=0 wa=0 cb=0 ca=0 i bin
  for bin in "$BEFORE" "$AFTER"; do
    with "$bin" "$@" >/dev/null 2>&1 || { echo "startup.sh: $name with $bin failed" >&2; exit 1; }
  done
  for ((i = 0; i < N; i++)); do
    timed wb cb "$BEFORE" "$@"
    timed wa ca "$AFTER" "$@"
  done
  awk -v n="$N" -v name="$name" -v wb="$wb" -v wa="$wa" -v cb="$cb" -v ca="$ca" 'BEGIN {
    printf "%-10s wall %7.1f ms -> %7.1f ms (x%.2f)   cpu %7.1f ms -> %7.1f ms (x%.2f)\n",
      name, 1000 * wb / n, 1000 * wa / n, wa / wb, 1000 * cb / n, 1000 * ca / n, (cb > 0 ? ca / cb : 0) }'
}

echo "before: $BEFORE"
echo "after:  $AFTER"
printf 'linked (ldd, without the vdso): %d -> %d\n' \
  "$(ldd "$BEFORE" | grep -vc vdso)" "$(ldd "$AFTER" | grep -vc vdso)"
for c in VERSION DESCRIBE MEDIATE; do
  declare -n cmd=$c
  printf 'mapped at run time, %-8s: %d -> %d\n' "${c,,}" "$(nlibs "$BEFORE" "${cmd[@]}")" \
    "$(nlibs "$AFTER" "${cmd[@]}")"
done
echo "mean per run over $N runs (before -> after, ratio after/before):"
bench --version "${VERSION[@]}"
bench describe "${DESCRIBE[@]}"
bench mediate "${MEDIATE[@]}"
bench run.sh "${EXAMPLE_RUN[@]}"
