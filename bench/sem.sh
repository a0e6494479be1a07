#!/usr/bin/env bash
# SEM benchmark: ambidex (in-process, bench_sem) against lavaan in the same run.
#   bash bench/sem.sh [BUILD_DIR]   (default build/release; run `make build` first)
# Prints time per fit / per 1000 bootstraps for both and the ratio lavaan/ambidex.
set -eu
B="${1:-build/release}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
REF="$SRC/tests/reference/sem"
BENCH="$B/bench_sem"
[ -x "$BENCH" ] || { echo "bench/sem.sh: $BENCH not found; run make build" >&2; exit 2; }
command -v Rscript >/dev/null || { echo "bench/sem.sh: Rscript (with lavaan) is needed" >&2; exit 2; }
NB=1000
THREADS="${THREADS:-2}"

hs_fit=$("$BENCH" "$REF/hs.csv" "$REF/hs3.lav" 2000 | awk '/fit_ms/ {print $2}')
s3_fit=$("$BENCH" "$REF/seed003.csv" "$REF/seed003.lav" 200 | awk '/fit_ms/ {print $2}')
hs_boot=$("$BENCH" "$REF/hs.csv" "$REF/hs3.lav" 1 $NB "$THREADS" | awk '/boot_s/ {print $2}')

read -r l_hs l_s3 l_boot < <(Rscript - "$REF" "$NB" <<'RS'
suppressPackageStartupMessages(library(lavaan))
a <- commandArgs(TRUE); ref <- a[1]; nb <- as.integer(a[2])
hs <- read.csv(file.path(ref, "hs.csv")); s3 <- read.csv(file.path(ref, "seed003.csv"))
m1 <- paste(readLines(file.path(ref, "hs3.lav")), collapse = "\n")
m3 <- paste(readLines(file.path(ref, "seed003.lav")), collapse = "\n")
invisible(cfa(m1, data = hs))                       # warm-up
t1 <- system.time(for (i in 1:50) cfa(m1, data = hs))[["elapsed"]] / 50 * 1000
t3 <- system.time(for (i in 1:10) cfa(m3, data = s3))[["elapsed"]] / 10 * 1000
set.seed(1)
tb <- system.time(cfa(m1, data = hs, se = "bootstrap", bootstrap = nb))[["elapsed"]]
cat(t1, t3, tb, "\n")
RS
)

printf "%-34s %12s %12s %8s\n" "benchmark" "lavaan" "ambidex" "ratio"
awk -v l="$l_hs" -v a="$hs_fit" 'BEGIN { printf "%-34s %9.3f ms %9.4f ms %7.1fx\n", "HS CFA, one fit", l, a, l / a }'
awk -v l="$l_s3" -v a="$s3_fit" 'BEGIN { printf "%-34s %9.3f ms %9.4f ms %7.1fx\n", "7-factor 25-item CFA (n=278), fit", l, a, l / a }'
awk -v l="$l_boot" -v a="$hs_boot" -v t="$THREADS" -v nb="$NB" 'BEGIN { printf "%-34s %10.3f s %10.4f s %7.1fx\n", "HS CFA, " nb " bootstraps (" t " thr)", l, a, l / a }'
