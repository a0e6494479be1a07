#!/usr/bin/env bash
# Benchmark of `ambidex pls` against R's seminr 2.3.1, side by side in the same run (not part
# of `make test`): the corporate-reputation models of tests/reference/pls (Hair et al.;
# corp_rep_simple: 4 constructs, 12 items; corp_rep_ext: 8 constructs, 31 items, 4 formative).
#   SEMINR_SRC=/path/to/seminr bash bench/pls.sh [BUILD_DIR]    (default build/release)
# SEMINR_SRC: a seminr source checkout (commit ae2524a, seminr 2.3.1), sourced as
# tests/reference/pls/README.md says. Times: one fit (median; ambidex: adx_pls with every
# quality criterion, f2 re-estimations included; seminr: estimate_pls only) and one bootstrap
# of BOOT (default 1000) resamples on CORES (default 2) cores/threads: seminr's
# bootstrap_model(nboot, cores), ambidex --boot with --threads (BCa jackknife included).
# Ratio = seminr / ambidex.
set -euo pipefail
BUILD="${1:-build/release}"
: "${SEMINR_SRC:?set SEMINR_SRC to a seminr source checkout (see tests/reference/pls/README.md)}"
BOOT="${BOOT:-1000}"
CORES="${CORES:-2}"
FITS="${FITS:-20}"
HERE="$(cd "$(dirname "$0")" && pwd)"
R="$HERE/../tests/reference/pls"
printf 'seminr bootstrap_model(nboot = %s, cores = %s) vs ambidex --boot %s --threads %s\n' \
  "$BOOT" "$CORES" "$BOOT" "$CORES"
printf '%-16s %12s %12s %8s %12s %12s %8s\n' model ambidex_fit seminr_fit ratio ambidex_boot \
  seminr_boot ratio
for m in corp_rep_simple corp_rep_ext; do
  read -r afit aboot < <("$BUILD/bench_pls" "$R/data/corp_rep_data.csv" "$R/models/$m.txt" 2000 \
                          "$BOOT" "$CORES")
  read -r rfit rboot < <(Rscript "$HERE/pls.R" "$SEMINR_SRC" "$R/data/corp_rep_data.csv" \
                          "$R/models/$m.txt" "$FITS" "$BOOT" "$CORES")
  printf '%-16s %10.3fms %10.1fms %8.0f %11.3fs %11.1fs %8.0f\n' "$m" "$afit" "$rfit" \
    "$(echo "$rfit / $afit" | bc -l)" "$aboot" "$rboot" "$(echo "$rboot / $aboot" | bc -l)"
done
