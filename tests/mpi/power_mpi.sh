#!/usr/bin/env bash
# power mediate and power sem split across MPI processes give the single-process
# JSON bit for bit (one RNG stream per replication): mediate for a plain test, a
# bootstrap test, the warp-speed pooling and a --target refinement; sem under
# mpirun -np 1 and -np 2 at 1 and 2 threads, with Likert data and missing values.
# The MPI calls are in libambidex_mpi.so: every rank under mpirun loads it (and fails,
# naming it, when it is missing), a plain run and --version map no MPI library.
# Args: AMBIDEX MPIRUN [SOURCE_DIR].
A=$1
MPIRUN=$2
SRC=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
# mpi_json NP OUT ARGS...: ambidex ARGS under mpirun -np NP.
mpi_json() {
  local np=$1 out=$2
  shift 2
  # Open MPI's own allocations outlive MPI_Finalize (LeakSanitizer lists them under
  # libmpi/libopen-pal): leak checking is off in the MPI ranks only; the single-process
  # run keeps it, and it runs the same code apart from the MPI calls.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  "$MPIRUN" -np "$np" --oversubscribe --allow-run-as-root -x ASAN_OPTIONS "$A" "$@" --quiet \
    --format json -o "$out" >"$T/mpi.log" 2>&1
}
run_case() {
  local name=$1
  shift
  "$A" power mediate "$@" --quiet --format json -o "$T/one.json" || { echo "FAIL $name: single"; fail=1; return; }
  mpi_json 2 "$T/two.json" power mediate "$@" || { echo "FAIL $name: mpirun"; cat "$T/mpi.log"; fail=1; return; }
  if cmp -s "$T/one.json" "$T/two.json"; then echo "ok $name"; else
    echo "FAIL $name: the 2-process JSON differs"; diff "$T/one.json" "$T/two.json" | head; fail=1; fi
}
run_case joint --a .39 --b .39 --n 50,75,101 --reps 501 --seed 5
run_case percentile --a .39,.14 --b .39,.59 --n 60 --reps 101 --test percentile --boot 200
run_case warp --a .3 --b .3 --n 80 --reps 999 --test percentile --warp
run_case target --a .39 --b .39 --n 50:150:50 --reps 300 --target .8 --threads 1
# power sem: one process at 1 thread against mpirun -np 1 and -np 2 at 1 and 2 threads.
sem_case() {
  local name=$1
  shift
  "$A" power sem "$@" --threads 1 --quiet --format json -o "$T/one.json" || { echo "FAIL $name: single"; fail=1; return; }
  grep -q '"converged":' "$T/one.json" || { echo "FAIL $name: no conditions"; fail=1; return; }
  local np th
  for np in 1 2; do
    for th in 1 2; do
      mpi_json $np "$T/mpi$np.json" power sem "$@" --threads $th || { echo "FAIL $name: mpirun -np $np"; cat "$T/mpi.log"; fail=1; continue; }
      if cmp -s "$T/one.json" "$T/mpi$np.json"; then echo "ok $name -np $np --threads $th"; else
        echo "FAIL $name: the $np-process JSON at $th threads differs"; diff "$T/one.json" "$T/mpi$np.json" | head; fail=1; fi
    done
  done
}
# The module: loaded by each rank under mpirun, by nothing else.
MED=(power mediate --a .39 --b .39 --n 50 --reps 41 --seed 5)
for cmd in "--version" "${MED[*]} --quiet --format json -o $T/plain.json"; do
  # shellcheck disable=SC2086
  if LD_DEBUG=files "$A" $cmd 2>&1 >/dev/null | grep -qE 'file=[^ ]*(libmpi|libambidex_mpi)'; then
    echo "FAIL ambidex $cmd maps an MPI library"; fail=1; else echo "ok no MPI in: ambidex ${cmd%% *}"; fi
done
OMPI_ALLOW_RUN_AS_ROOT=1 ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  "$MPIRUN" -np 2 --oversubscribe --allow-run-as-root -x ASAN_OPTIONS env LD_DEBUG=files "$A" \
  "${MED[@]}" --quiet --format json -o "$T/ld.json" >"$T/ld.log" 2>&1
n=$(grep -cE 'file=[^ ]*libambidex_mpi\.so .*generating link map' "$T/ld.log")
if [ "$n" = 2 ] && cmp -s "$T/plain.json" "$T/ld.json"; then echo "ok both ranks load the module"; else
  echo "FAIL: $n of 2 ranks loaded libambidex_mpi.so"; fail=1; fi
if ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$MPIRUN" -np 2 --oversubscribe \
     --allow-run-as-root -x ASAN_OPTIONS -x ADX_MPI_PATH="$T/none.so" "$A" "${MED[@]}" --quiet \
     -o "$T/none.txt" >"$T/none.log" 2>&1; then
  echo "FAIL: mpirun without the module succeeded"; fail=1
elif grep -q "libambidex_mpi.so could not be loaded.*$T/none.so.*ADX_MPI_PATH" "$T/none.log"; then
  echo "ok no module under mpirun: fails naming it"; else
  echo "FAIL: no module under mpirun: message"; cat "$T/none.log"; fail=1; fi
POP=$SRC/tests/reference/power/sem_pop.lav
sem_case sem "$POP" --n 60,100 --reps 37 --seed 9
sem_case sem_likert "$POP" --n 80 --reps 25 --likert 5 --missing 0.05
exit $fail
