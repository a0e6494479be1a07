#!/usr/bin/env bash
# alpha and PCA on 100,000 cases x 50 items: ambidex (in memory) against psych
# (in memory) in the same run; prints the times and the ratios.
# usage: run_measure.sh BUILD_DIR [N K]
set -euo pipefail
B=$1
N=${2:-100000}
K=${3:-50}
cd "$(dirname "$0")"
echo "== measure: alpha and PCA on $N cases x $K items (best of several runs, seconds)"
ours=$("$B/bench_measure" "$N" "$K" 5 2>/dev/null)
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(psych)' >/dev/null 2>&1; then
  echo "$ours"
  echo "(R with psych not found: no ratio; apt-get install r-base-core r-cran-psych)"
  exit 0
fi
theirs=$(Rscript measure.R "$N" "$K" 3)
join <(echo "$ours" | sort) <(echo "$theirs" | sort) |
  awk '{ printf "%-6s ambidex %9.4f s   psych %9.4f s   ratio %7.1fx\n", $1, $2, $3, $3 / $2 }'
