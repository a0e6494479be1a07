#!/usr/bin/env bash
# power mediate and power sem split across MPI processes give the single-process
# JSON bit for bit (one RNG stream per replication): mediate for a plain test, a
# bootstrap test, the warp-speed pooling and a --target refinement; sem under
# mpirun -np 1 and -np 2 at 1 and 2 threads, with Likert data and missing values.
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
POP=$SRC/tests/reference/power/sem_pop.lav
sem_case sem "$POP" --n 60,100 --reps 37 --seed 9
sem_case sem_likert "$POP" --n 80 --reps 25 --likert 5 --missing 0.05
exit $fail
