#!/usr/bin/env python3
"""Generates examples/data/study000_measurement.csv: 48 simulated SMEs shaped like the
measurement section of study 000 (seed 000, section 3.3): three performance items
(perf1-perf3), four exploitation items (exploit1-exploit4, the first two weak) and four
exploration items (explor1-explor4, the second weak), 5-point answers, plus the share of
foreign sales (intl, %), employees and age. Simulated from a known model (the seed below);
not real firms."""
import csv, random, sys

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 26
OUT = sys.argv[2] if len(sys.argv) > 2 else "examples/data/study000_measurement.csv"
random.seed(SEED)
N = 48


def answer(x):
    return max(1, min(5, int(round(x))))


rows = []
for i in range(N):
    perf, exploit, explor = (random.gauss(0, 1) for _ in range(3))
    r = {"firm": i + 1}
    for j in range(1, 4):
        r[f"perf{j}"] = answer(3.2 + 1.0 * perf + 0.35 * random.gauss(0, 1))
    for j, load in enumerate([0.15, 0.25, 0.8, 0.8], 1):
        r[f"exploit{j}"] = answer(3.4 + load * exploit + 0.75 * random.gauss(0, 1))
    for j, load in enumerate([0.9, 0.35, 0.9, 0.8], 1):
        r[f"explor{j}"] = answer(3.0 + load * explor + 0.6 * random.gauss(0, 1))
    r["intl"] = round(min(100.0, max(0.0, random.gauss(30, 20))), 1)
    r["employees"] = max(5, int(round(random.lognormvariate(3.5, 0.8))))
    r["age"] = max(1, int(round(random.lognormvariate(2.6, 0.6))))
    rows.append(r)

with open(OUT, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
