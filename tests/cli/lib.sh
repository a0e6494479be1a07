# Shared set-up of the CLI test scripts, sourced as `. "$(dirname "$0")/lib.sh"`:
# A = the ambidex binary ($1), SRC = the source tree ($2), T = a scratch folder removed
# on exit, and the pass/fail counters with ok and bad (bad prints what failed).
A=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
