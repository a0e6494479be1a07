#!/usr/bin/env bash
# Runs the qualitative analysis of the example project (mirrors seed 002: ten
# Moroccan very small enterprises, two coders) and writes the results section.
# Usage: bash examples/vse-ambidexterity/run.sh [AMBIDEX_BINARY] [OUT_FOLDER]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
A=${1:-$HERE/../../build/release/ambidex}
OUT=${2:-$HERE/out}
mkdir -p "$OUT"
"$A" qual check "$HERE"
# Table 1 (cases), themes with supporting quotes per case, agreement between the two coders.
"$A" qual report "$HERE" --attributes sector,size,gender,education --format html -o "$OUT/report.html"
"$A" qual report "$HERE" --format json -o "$OUT/report.json"
# Themes by sector and gender; the case x theme matrix for a quantitative model.
"$A" qual crosstab "$HERE" sector --level theme --format md -o "$OUT/themes_by_sector.md"
"$A" qual crosstab "$HERE" gender --level category --format md -o "$OUT/categories_by_gender.md"
"$A" qual export "$HERE" matrix "$OUT/case_theme_matrix.csv" --level theme --presence
"$A" qual framework "$HERE" --format html -o "$OUT/framework.html"   # cases x themes, coded text
# Pooling the two coders (seed 002: "coded independently ... and then pooled"): a copy
# of the project gets a third coder, consensus, from the authors' decisions in
# reconcile-consensus.txt (a re-run keeps them); agreement before and after.
rm -rf "$OUT/pooled"
mkdir -p "$OUT/pooled"
cp -r "$HERE/codebook.csv" "$HERE/cases.csv" "$HERE/coding" "$HERE/reconcile-consensus.txt" \
    "$OUT/pooled/"
"$A" qual merge "$OUT/pooled" --coders author1,author2 --into consensus >/dev/null
"$A" qual merge --apply "$OUT/pooled/reconcile-consensus.txt" --format md -o "$OUT/pooling.md"
"$A" qual report "$OUT/pooled" --coder consensus --attributes sector,size,gender \
    --format html -o "$OUT/report_consensus.html"
# Exchange with NVivo / ATLAS.ti / MAXQDA.
"$A" qual export "$HERE" qdpx "$OUT/vse-ambidexterity.qdpx"
"$A" qual export "$HERE" qdc "$OUT/vse-codebook.qdc"
echo "wrote $OUT"
