#!/usr/bin/env bash
# Benchmarks of ambidex against R, measured in the same run. Not part of `make test`.
# usage: bench/run.sh [BUILD_DIR]   (needs Rscript for the comparison)
set -euo pipefail
BUILD=$(cd "${1:-build/release}" && pwd)
cd "$(dirname "$0")/.."
mkdir -p bench/data
CSV=bench/data/numeric_1e6x20.csv
[ -s "$CSV" ] || "$BUILD/bench_csv_parse" "$CSV" --generate 1000000 20
ts() { date +%s.%N; }

echo "== describe + corr on $CSV ($(du -m "$CSV" | cut -f1) MB)"
OPENBLAS_NUM_THREADS=1 "$BUILD/bench_csv_parse" "$CSV"
t0=$(ts)
"$BUILD/ambidex" describe "$CSV" --format json > /dev/null
"$BUILD/ambidex" corr "$CSV" --format json > /dev/null
t1=$(ts)
adx=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
printf "ambidex describe + corr (two CLI runs, each reading the file): %.3f s\n" "$adx"
if command -v Rscript >/dev/null; then
  t0=$(ts)
  Rscript -e "d <- read.csv('$CSV'); invisible(sapply(d, function(x) c(mean(x), sd(x), min(x), max(x)))); invisible(cor(d))"
  t1=$(ts)
  r=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
  printf "R read.csv + summaries + cor: %.3f s\n" "$r"
  printf "ratio R / ambidex: %.1fx\n" "$(awk -v a="$adx" -v b="$r" 'BEGIN{print b/a}')"
else
  echo "Rscript not found: install r-base-core for the comparison"
fi
