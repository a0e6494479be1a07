# Helpers of the qual CLI tests, sourced after lib.sh.
# jq FILE PYTHON_EXPR: the expression holds for the JSON j of FILE.
jq() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
# expect_error NAME PATTERN -- COMMAND...: exit 2 and one line naming the problem.
expect_error() {
  local name=$1 pat=$2
  shift 3
  "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  [ $rc -eq 2 ] && grep -q -- "$pat" "$T/stderr" && [ "$(wc -l <"$T/stderr")" -le 2 ] && ok ||
    bad "$name: exit $rc, $(cat "$T/stderr")"
}
