# Shared by test_power_mc.sh and test_power_sem.sh (sourced after lib.sh).
# bad_inputs SUB: reads lines NAME|PATTERN|ARGS from stdin; `ambidex power SUB ARGS -o FILE`
# must exit 2 with PATTERN (grep) on stderr and leave no FILE.
bad_inputs() {
  local sub=$1 name pat args rc
  while IFS='|' read -r name pat args; do
    rm -f "$T/out.txt"
    eval "set -- $args"
    "$A" power "$sub" "$@" -o "$T/out.txt" >"$T/stdout" 2>"$T/stderr"
    rc=$?
    if [ $rc -ne 2 ]; then bad "$name: exit $rc ($(cat "$T/stderr"))"
    elif ! grep -q -- "$pat" "$T/stderr"; then bad "$name: stderr lacks '$pat': $(cat "$T/stderr")"
    elif [ -e "$T/out.txt" ]; then bad "$name: output file left behind"
    else ok; fi
  done
}
