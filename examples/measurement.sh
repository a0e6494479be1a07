#!/usr/bin/env bash
# Study 000's measurement section (seed 000, section 3.3), step by step, on 48 simulated
# SMEs of that shape (examples/data/study000_measurement.csv, made by
# examples/make_study000_data.py): reliability and PCA of each scale, the purification of
# the exploitation and exploration scales (items loading under 0.5 dropped), reliability
# of the purified scales, and Harman's single-factor test over all the items.
set -euo pipefail
AMBIDEX=${1:-build/release/ambidex}
cd "$(dirname "$0")/.."
D=examples/data/study000_measurement.csv

echo "== 1. Performance (perf1-perf3): Cronbach's alpha and PCA"
"$AMBIDEX" alpha "$D" perf1 perf2 perf3
"$AMBIDEX" pca "$D" perf1 perf2 perf3
echo
echo "== 2. Exploitation (exploit1-exploit4): one component, items under 0.5 dropped"
"$AMBIDEX" pca "$D" exploit1 exploit2 exploit3 exploit4 --factors 1 --drop-below 0.5
"$AMBIDEX" alpha "$D" exploit3 exploit4
echo
echo "== 3. Exploration (explor1-explor4): one component, items under 0.5 dropped"
"$AMBIDEX" pca "$D" explor1 explor2 explor3 explor4 --factors 1 --drop-below 0.5
"$AMBIDEX" alpha "$D" explor1 explor3 explor4
echo
echo "== 4. Common-method check over all items"
"$AMBIDEX" harman "$D" perf1 perf2 perf3 exploit1 exploit2 exploit3 exploit4 \
  explor1 explor2 explor3 explor4
