#!/usr/bin/env bash
# `make demo`: runs ambidex on the bundled example survey (278 simulated SMEs shaped
# like study 003) and writes the tables to examples/output/.
set -euo pipefail
AMBIDEX=${1:-build/release/ambidex}
cd "$(dirname "$0")/.."
DATA=examples/data/sme_survey.csv
OUT=examples/output
mkdir -p "$OUT"
SCALES=(--na -99
  --compute "COORD = mean(coord1, coord2, coord3)"
  --compute "PROACT = mean(proact1, proact2, proact3, proact4)"
  --compute "TRANSF = mean(transf1, transf2, transf3)"
  --compute "LEARN = mean(learn1, learn2, learn3, learn4)"
  --compute "RAD = mean(rad1, rad2, rad3)"
  --compute "INC = mean(inc1, inc2, inc3)"
  --compute "SPEED = mean(speed1, speed2, speed3, speed4, speed5)"
  --compute "AMC = mean(COORD, PROACT, TRANSF, LEARN)"
  --compute "AMBI = center(RAD) * center(INC)"
  --compute "LSIZE = log(employees)"
  --compute "LAGE = log(age)")
VARS="COORD PROACT TRANSF LEARN RAD INC SPEED LSIZE LAGE rd_intensity intl_experience alliance_experience"

echo "== Descriptive statistics (example survey, $DATA)"
"$AMBIDEX" describe "$DATA" $VARS AMC AMBI "${SCALES[@]}"
echo
echo "== Correlations (like Table 3 of study 003)"
"$AMBIDEX" corr "$DATA" $VARS "${SCALES[@]}"
echo
echo "== Industry"
"$AMBIDEX" freq "$DATA" industry
for fmt in html md latex json; do
  "$AMBIDEX" corr "$DATA" $VARS "${SCALES[@]}" --format $fmt -o "$OUT/correlations.$fmt"
  "$AMBIDEX" describe "$DATA" $VARS AMC AMBI "${SCALES[@]}" --format $fmt -o "$OUT/descriptives.$fmt"
done
echo
echo "== Measurement (study 000's section 3.3, step by step, on 48 simulated SMEs)"
bash examples/measurement.sh "$AMBIDEX" >"$OUT/measurement.txt"
"$AMBIDEX" alpha "$DATA" learn1 learn2 learn3 learn4 --na -99
"$AMBIDEX" harman "$DATA" coord1 coord2 coord3 proact1 proact2 proact3 proact4 transf1 transf2 \
  transf3 learn1 learn2 learn3 learn4 rad1 rad2 rad3 inc1 inc2 inc3 --na -99
echo
echo "Wrote $OUT/measurement.txt, $OUT/descriptives.{html,md,latex,json} and $OUT/correlations.{html,md,latex,json}"
