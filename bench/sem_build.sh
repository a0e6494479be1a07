#!/usr/bin/env bash
# SEM model building (parse + build, no fit) of CFAs with 100, 200 and 400 factors
# of 3 indicators each (issue 12 item 14).
#   bash bench/sem_build.sh [BUILD_DIR]   (default build/release; run `make build` first)
# Measured on the 2-core dev machine, release build, seconds to build
# (parameters 5,650 / 21,300 / 82,600):
#   linear scans (before):    0.33   3.24   59.7
#   hash look-up (after):     0.03   0.16   0.55   (800 factors, 325,200 rows: 2.5)
set -eu
B="${1:-build/release}"
BENCH="$B/bench_sem_build"
[ -x "$BENCH" ] || { echo "bench/sem_build.sh: $BENCH not found; run make build" >&2; exit 2; }
"$BENCH" 100 200 400
