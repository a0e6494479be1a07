#!/usr/bin/env bash
# Multi-group model comparison benchmark (`--group VAR --compare FILE`, lavaan's
# lavTestLRT of two multi-group fits): the ambidex command line, process start-up and CSV
# reading included, against lavaan's two cfa(group = ) fits and lavTestLRT timed inside one
# R session (data already loaded), in the same run.
#   bash bench/sem_mg_compare.sh [BUILD_DIR]   (default build/release; run `make build` first)
# Prints the time per comparison for both and the ratio lavaan/ambidex.
set -eu
B="${1:-build/release}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
A="$B/ambidex"
[ -x "$A" ] || { echo "bench/sem_mg_compare.sh: $A not found; run make build" >&2; exit 2; }
command -v Rscript >/dev/null || { echo "bench/sem_mg_compare.sh: Rscript (with lavaan) is needed" >&2; exit 2; }
HS="$SRC/tests/reference/sem/hs.csv"
ORD="$SRC/tests/reference/ordinal/hs_ord.csv"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n' >"$T/m1.lav"
cp "$T/m1.lav" "$T/m0.lav"
printf 'visual ~~ 0*speed\n' >>"$T/m0.lav"
REPS=20
per_run_ms() { # DATA, then the options: mean wall time of REPS command lines, in ms
  local d=$1 t0 t1
  shift
  "$A" cfa "$d" "$T/m1.lav" --group school --compare "$T/m0.lav" "$@" --format json -o /dev/null
  t0=$(date +%s%N)
  for _ in $(seq "$REPS"); do
    "$A" cfa "$d" "$T/m1.lav" --group school --compare "$T/m0.lav" "$@" --format json -o /dev/null
  done
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v r="$REPS" 'BEGIN { printf "%.3f", (b - a) / 1e6 / r }'
}
a_mlr=$(per_run_ms "$HS" --estimator MLR)
a_ord=$(per_run_ms "$ORD" --ordered all)

read -r l_mlr l_ord < <(Rscript - "$HS" "$ORD" "$T/m1.lav" "$T/m0.lav" <<'RS'
suppressPackageStartupMessages(library(lavaan))
a <- commandArgs(TRUE)
hs <- read.csv(a[1]); ord <- read.csv(a[2])
m1 <- paste(readLines(a[3]), collapse = "\n"); m0 <- paste(readLines(a[4]), collapse = "\n")
mlr <- function() lavTestLRT(cfa(m1, hs, group = "school", estimator = "MLR"),
                             cfa(m0, hs, group = "school", estimator = "MLR"))
wls <- function() lavTestLRT(cfa(m1, ord, group = "school", ordered = TRUE),
                             cfa(m0, ord, group = "school", ordered = TRUE))
invisible(mlr()); invisible(wls())                          # warm-up
t1 <- system.time(for (i in 1:10) mlr())[["elapsed"]] / 10 * 1000
t2 <- system.time(for (i in 1:10) wls())[["elapsed"]] / 10 * 1000
cat(t1, t2, "\n")
RS
)

printf "%-52s %12s %12s %8s\n" "benchmark (--group --compare, lavTestLRT)" "lavaan" "ambidex" "ratio"
awk -v l="$l_mlr" -v a="$a_mlr" 'BEGIN { printf "%-52s %9.1f ms %9.1f ms %7.1fx\n", "HS by school, MLR, Satorra-Bentler 2001", l, a, l / a }'
awk -v l="$l_ord" -v a="$a_ord" 'BEGIN { printf "%-52s %9.1f ms %9.1f ms %7.1fx\n", "hs_ord by school, WLSMV, Satorra 2000", l, a, l / a }'
