#!/usr/bin/env bash
# power mediate split across 2 MPI processes gives the single-process JSON bit for
# bit (one RNG stream per replication), for a plain test, a bootstrap test, the
# warp-speed pooling and a --target refinement. Args: AMBIDEX MPIRUN.
A=$1
MPIRUN=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
run_case() {
  local name=$1
  shift
  "$A" power mediate "$@" --quiet --format json -o "$T/one.json" || { echo "FAIL $name: single"; fail=1; return; }
  # Open MPI's own allocations outlive MPI_Finalize (LeakSanitizer lists them under
  # libmpi/libopen-pal): leak checking is off in the MPI ranks only; the single-process
  # run above keeps it, and it runs the same code apart from the MPI calls.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  "$MPIRUN" -np 2 --oversubscribe --allow-run-as-root -x ASAN_OPTIONS "$A" power mediate "$@" --quiet \
    --format json -o "$T/two.json" >"$T/mpi.log" 2>&1 || { echo "FAIL $name: mpirun"; cat "$T/mpi.log"; fail=1; return; }
  if cmp -s "$T/one.json" "$T/two.json"; then echo "ok $name"; else
    echo "FAIL $name: the 2-process JSON differs"; diff "$T/one.json" "$T/two.json" | head; fail=1; fi
}
run_case joint --a .39 --b .39 --n 50,75,101 --reps 501 --seed 5
run_case percentile --a .39,.14 --b .39,.59 --n 60 --reps 101 --test percentile --boot 200
run_case warp --a .3 --b .3 --n 80 --reps 999 --test percentile --warp
run_case target --a .39 --b .39 --n 50:150:50 --reps 300 --target .8 --threads 1
exit $fail
