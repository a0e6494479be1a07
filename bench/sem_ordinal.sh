#!/usr/bin/env bash
# Categorical CFA benchmark (WLSMV): the ambidex command line, process start-up and CSV
# reading included, against lavaan's cfa(..., ordered = TRUE) timed inside one R session
# (data already loaded), in the same run.
#   bash bench/sem_ordinal.sh [BUILD_DIR]   (default build/release; run `make build` first)
# Prints the time per fit for both and the ratio lavaan/ambidex.
set -eu
B="${1:-build/release}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
A="$B/ambidex"
[ -x "$A" ] || { echo "bench/sem_ordinal.sh: $A not found; run make build" >&2; exit 2; }
command -v Rscript >/dev/null || { echo "bench/sem_ordinal.sh: Rscript (with lavaan) is needed" >&2; exit 2; }
BFI="$SRC/tests/reference/data/bfi.csv"
SIM="$SRC/tests/reference/ordinal/sim7.csv"
M_BFI="A =~ A1 + A2 + A3 + A4 + A5; C =~ C1 + C2 + C3 + C4 + C5"
M_SIM="F1 =~ y1 + y2 + y3 + y4; F2 =~ y5 + y6 + y7 + y8"
REPS=20

per_fit_ms() { # DATA MODEL: mean wall time of REPS command-line fits, in ms
  local t0 t1
  "$A" cfa "$1" -e "$2" --ordered all --format json -o /dev/null
  t0=$(date +%s%N)
  for _ in $(seq "$REPS"); do
    "$A" cfa "$1" -e "$2" --ordered all --format json -o /dev/null
  done
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v r="$REPS" 'BEGIN { printf "%.3f", (b - a) / 1e6 / r }'
}
a_bfi=$(per_fit_ms "$BFI" "$M_BFI")
a_sim=$(per_fit_ms "$SIM" "$M_SIM")

read -r l_bfi l_sim < <(Rscript - "$BFI" "$SIM" "$M_BFI" "$M_SIM" <<'RS'
suppressPackageStartupMessages(library(lavaan))
a <- commandArgs(TRUE)
bfi <- read.csv(a[1]); sim <- read.csv(a[2])
one <- function(m, d) cfa(gsub(";", "\n", m), data = d, ordered = TRUE)
invisible(one(a[3], bfi))                                   # warm-up
t1 <- system.time(for (i in 1:5) one(a[3], bfi))[["elapsed"]] / 5 * 1000
t2 <- system.time(for (i in 1:5) one(a[4], sim))[["elapsed"]] / 5 * 1000
cat(t1, t2, "\n")
RS
)

printf "%-44s %12s %12s %8s\n" "benchmark (WLSMV)" "lavaan" "ambidex" "ratio"
awk -v l="$l_bfi" -v a="$a_bfi" 'BEGIN { printf "%-44s %9.1f ms %9.1f ms %7.1fx\n", "bfi A+C, 10 items, n = 2436 (listwise), fit", l, a, l / a }'
awk -v l="$l_sim" -v a="$a_sim" 'BEGIN { printf "%-44s %9.1f ms %9.1f ms %7.1fx\n", "7-point simulated, 8 items, n = 600, fit", l, a, l / a }'
