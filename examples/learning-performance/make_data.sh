#!/usr/bin/env bash
# Regenerates data.csv from population.lav (needs a built ambidex).
set -euo pipefail
A=${1:-build/release/ambidex}
cd "$(dirname "$0")"
"$A" simulate population.lav --n 54 --seed 2000 --likert 5 --likert-mean 3.4 --missing 1% -o raw.csv
# Export intensity as % of sales abroad, sector as two groups.
"$A" compute raw.csv "intl = 30 + 15 * intl" "sector = 1 + (age > 0.3)" -o data.csv
rm raw.csv
