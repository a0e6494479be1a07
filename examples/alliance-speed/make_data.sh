#!/usr/bin/env bash
# Regenerates data.csv from population.lav (needs a built ambidex).
set -euo pipefail
A=${1:-build/release/ambidex}
cd "$(dirname "$0")"
"$A" simulate population.lav --n 285 --seed 2003 --likert 7 --likert-mean 5.3 --missing 0.3% -o raw.csv
# Controls on their usual scales; the response wave; an attention check (4 = passed).
"$A" compute raw.csv \
  "industry = 1 + (industry_u > -0.43) + (industry_u > 0.43)" \
  "employees = round(exp(4.2 + 0.9 * lsize))" \
  "age = round(exp(2.5 + 0.7 * lage)) + 1" \
  "rd_intensity = round(abs(0.33 + 0.2 * rd_intensity), 3)" \
  "intl_experience = round(abs(8 + 5 * intl_experience), 1)" \
  "alliance_experience = round(abs(2 + 1.1 * alliance_experience))" \
  "motivation = round(4 + 1.2 * motiv, 1)" \
  "constraint = round(4 + 1.2 * constr, 1)" \
  "wave = 1 + (id > 180)" \
  "attention = 4 - (id > 280)" \
  --drop motiv,constr,lsize,lage,industry_u -o data.csv
rm raw.csv
