#!/usr/bin/env python3
"""Generates examples/data/sme_survey.csv: a synthetic survey of 278 SMEs shaped like
study 003 (7-point Likert items of seven constructs, controls, response wave).
The data are simulated from a known model (seed 2024); they are not real firms.
Missing answers are coded -99 (declare them with --na -99)."""
import csv, math, random

random.seed(2024)
N = 278

def likert(x):
    return max(1, min(7, int(round(x))))

rows = []
for i in range(N):
    amc = random.gauss(0, 1)
    coord, proact, transf, learn = (0.75 * amc + 0.66 * random.gauss(0, 1) for _ in range(4))
    rad = 0.5 * amc + 0.87 * random.gauss(0, 1)
    inc = 0.45 * amc + 0.2 * rad + 0.85 * random.gauss(0, 1)
    speed = 0.15 * amc + 0.3 * inc + 0.1 * rad * inc + 0.9 * random.gauss(0, 1)
    r = {"firm": i + 1}
    def items(prefix, latent, k, mean, load=0.85):
        for j in range(1, k + 1):
            r[f"{prefix}{j}"] = likert(mean + load * latent + 0.55 * random.gauss(0, 1))
    items("coord", coord, 3, 5.4)
    items("proact", proact, 4, 5.4)
    items("transf", transf, 3, 5.3)
    items("learn", learn, 4, 5.3)
    items("rad", rad, 3, 5.4)
    items("inc", inc, 3, 5.2)
    items("speed", speed, 5, 5.1, 1.2)
    r["employees"] = int(round(math.exp(random.gauss(4.2, 0.9)))) + 5
    r["age"] = int(round(math.exp(random.gauss(2.5, 0.8)))) + 1
    r["industry"] = random.choice(["manufacturing", "services", "technology"])
    r["rd_intensity"] = round(max(0.0, random.gauss(0.33, 0.2)), 3)
    r["intl_experience"] = round(max(0.0, random.gauss(8, 5)), 1)
    r["alliance_experience"] = max(0, int(round(random.gauss(2, 1.1))))
    r["wave"] = "early" if i < 160 else "late"
    rows.append(r)

# A few missing answers, coded -99 as in SPSS exports.
for k in range(14):
    rows[random.randrange(N)][random.choice(["speed2", "learn3", "rad1", "rd_intensity"])] = -99

with open("examples/data/sme_survey.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
