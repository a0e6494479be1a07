#!/usr/bin/env bash
# Survey server benchmark (issue 16): N simulated respondents at once (default 500) fill the
# example questionnaire (examples/alliance-speed-survey/form, 11 pages) against
# `ambidex survey serve` on 127.0.0.1, once with --sync full (the default: each
# acknowledged page survives a power loss) and once with --sync normal (survives a crash).
# Prints acknowledged pages per second and the median and 99th-percentile latency of a page
# submission (POST to its 303, i.e. validation + one committed SQLite transaction).
#   bash bench/survey.sh [AMBIDEX] [N] [THREADS]
# Not a test: the figures depend on the machine, its disk and its load. The clients are
# Python threads on the same machine; they share its cores with the server. No peer tool
# runs here (LimeSurvey needs PHP and a database server), so the figures stand alone.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
A=$(realpath "${1:-$SRC/build/release/ambidex}")
N=${2:-500}
THREADS=${3:-8}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT
printf '%-8s %8s %10s %8s %8s %8s\n' sync pages pages/s p50_ms p99_ms seconds
for sync in full normal; do
  rm -f "$T"/b.db*
  "$A" survey serve "$SRC/examples/alliance-speed-survey/form" --db "$T/b.db" --port 0 \
    --rate 0 --threads "$THREADS" --sync $sync >"$T/out" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do grep -q serving "$T/out" && break; sleep 0.1; done
  URL=$(sed -n 's/^serving on \([^ ]*\).*/\1/p' "$T/out")
  "$PY" "$SRC/tests/cli/survey_load.py" "$URL" "$N" "$T/acks" 900 3 >"$T/res.json"
  kill $PID; wait $PID 2>/dev/null || true
  PID=
  "$PY" - "$T/res.json" "$sync" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("%-8s %8d %10.1f %8.1f %8.1f %8.1f" % (sys.argv[2], s["pages"], s["pages_per_s"],
      s["p50_ms"], s["p99_ms"], s["seconds"]))
PY
done
