#!/usr/bin/env bash
# Study 003, section 5.4: mediation of AMC -> co-innovation ambidexterity -> post-entry
# internationalization speed (bootstrap, standardized indirect effect, Sobel, Baron & Kenny),
# then the decomposed model with radical and incremental co-innovation as parallel mediators.
#   bash run.sh [AMBIDEX]        (default: build/release/ambidex from the repository root)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
A="${1:-$HERE/../../build/release/ambidex}"
SCALES=(--compute "COORD = mean(coord1,coord2,coord3)"
        --compute "PROACT = mean(proact1,proact2,proact3,proact4)"
        --compute "TRANSF = mean(transf1,transf2,transf3)"
        --compute "LEARN = mean(learn1,learn2,learn3,learn4)"
        --compute "AMC = mean(COORD,PROACT,TRANSF,LEARN)"
        --compute "RAD = mean(rad1,rad2,rad3)"
        --compute "INC = mean(inc1,inc2,inc3)"
        --compute "AMBI = center(RAD) * center(INC)"
        --compute "SPEED = mean(speed1,speed2,speed3,speed4,speed5)")
CONTROLS=lnsize,lnage,industry,rd,intexp,allexp
# a, b, standardized indirect effect with its 95% CI (5000 resamples), Sobel z, B&K steps.
"$A" mediate "$HERE/study003.csv" "${SCALES[@]}" --x AMC --m AMBI --y SPEED \
  --covariates "$CONTROLS" --boot 5000 --seed 2024 --standardize "${@:2}"
# Decomposed model: radical and incremental co-innovation as parallel mediators.
"$A" mediate "$HERE/study003.csv" "${SCALES[@]}" --x AMC --m RAD,INC --y SPEED \
  --covariates "$CONTROLS" --boot 5000 --seed 2024 --standardize "${@:2}"
