#!/usr/bin/env bash
# Regenerates data.csv from population.lav (needs a built ambidex): 220 SMEs.
set -euo pipefail
A=${1:-build/release/ambidex}
cd "$(dirname "$0")"
"$A" simulate population.lav --n 220 --seed 2004 --likert 7 --likert-mean 5 -o data.csv
