#!/usr/bin/env python3
"""Writes a synthetic qualitative project for bench/qual.sh: N interviews of W words
(paragraphs of about 100 words), a codebook of 3 themes x 3 categories x 3 codes and
3 coders as segments/CODER.csv (the first codes 40% of the paragraphs; the others agree
80% of the time, else pick another code or shift the end). Deterministic (seed 1).
Usage: make_qual_project.py FOLDER [N] [W]"""
import os
import random
import sys

out = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
W = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
rng = random.Random(1)
vocab = ("the firm market customer order machine money bank loan time week day staff "
         "family training coach association partner shop client product design price cost "
         "export supplier quality new idea plan risk growth profit season tourist workshop "
         "fabric leather wood oil cooperative village city school course credit saving "
         "innovation routine urgent slow fast small large local foreign online").split()
os.makedirs(f"{out}/transcripts")
os.makedirs(f"{out}/segments")
leaves = []
with open(f"{out}/codebook.csv", "w") as f:
    f.write("code,parent,definition,example\n")
    for t in range(3):
        f.write(f"theme{t},,Theme {t},\n")
        for c in range(3):
            f.write(f"cat{t}{c},theme{t},Category {t}.{c},\n")
            for k in range(3):
                f.write(f"code{t}{c}{k},cat{t}{c},Code {t}.{c}.{k},\n")
                leaves.append(f"code{t}{c}{k}")
with open(f"{out}/cases.csv", "w") as f:
    f.write("case,sector,size,gender\n")
    for i in range(N):
        f.write(f"I{i+1:03d},{rng.choice(['craft','food','textile'])},{rng.randint(1,9)},"
                f"{rng.choice(['woman','man'])}\n")
coders = {c: [] for c in ("coder1", "coder2", "coder3")}
for i in range(N):
    case = f"I{i+1:03d}"
    paras, words, pos = [], 0, 0
    while words < W:
        n = min(100, W - words)
        text = " ".join(rng.choice(vocab) for _ in range(n)) + "."
        text = text[0].upper() + text[1:]
        paras.append((pos, pos + len(text)))
        pos += len(text) + 2
        words += n
        with open(f"{out}/transcripts/{case}.txt", "a") as f:
            f.write(text + "\n\n")
    for (s, e) in paras:
        if rng.random() >= 0.4:
            continue
        code = rng.choice(leaves)
        coders["coder1"].append((case, s, e, code))
        for c in ("coder2", "coder3"):
            r = rng.random()
            if r < 0.8:
                coders[c].append((case, s, e, code))
            elif r < 0.9:
                coders[c].append((case, s, e, rng.choice(leaves)))
            else:
                coders[c].append((case, s, max(s + 1, e - rng.randint(1, 40)), code))
for c, segs in coders.items():
    with open(f"{out}/segments/{c}.csv", "w") as f:
        f.write("case,start,end,code,memo\n")
        for (case, s, e, code) in segs:
            f.write(f"{case},{s},{e},{code},\n")
