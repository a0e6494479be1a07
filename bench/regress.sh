#!/usr/bin/env bash
# OLS benchmark: N rows x 10 predictors from CSV, ambidex vs R in the same run.
# Usage: bash bench/regress.sh [AMBIDEX_BINARY] [N]   (default build/release/ambidex, 10000000)
# Needs R with data.table (fread/fwrite). Not part of `make test`. Prints wall times
# (median of 3 runs) and ratios; the data file lives in a temporary folder.
set -euo pipefail
BIN=${1:-build/release/ambidex}
N=${2:-10000000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CSV="$TMP/ols.csv"
FORMULA="y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10"

Rscript -e "suppressMessages(library(data.table)); set.seed(1); n <- $N
X <- matrix(rnorm(n * 10), n, 10); colnames(X) <- paste0('x', 1:10)
d <- as.data.table(X); d[, y := drop(X %*% (1:10) / 10) + rnorm(n)]
setcolorder(d, c('y', paste0('x', 1:10))); fwrite(d, '$CSV')" >/dev/null
SIZE=$(du -m "$CSV" | cut -f1)
echo "data: $N rows x 11 columns, ${SIZE} MB CSV"

# Median wall time (seconds) of three runs of a command.
median3() {
    local ts=()
    for _ in 1 2 3; do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        ts+=("$(echo "$e - $s" | bc -l)")
    done
    printf '%s\n' "${ts[@]}" | sort -g | sed -n 2p
}

t_cat=$(median3 cat "$CSV")
t_stream=$(median3 "$BIN" regress "$CSV" "$FORMULA" --stream --format json)
t_mem=$(median3 "$BIN" regress "$CSV" "$FORMULA" --format json)
# R: fread + lm in one process; the script prints both times.
read -r r_read r_lm < <(Rscript -e "suppressMessages(library(data.table))
t0 <- proc.time()[['elapsed']]; d <- fread('$CSV'); t1 <- proc.time()[['elapsed']]
f <- lm($FORMULA, d); s <- summary(f); t2 <- proc.time()[['elapsed']]
cat(t1 - t0, t2 - t1, '\n')")
r_total=$(echo "$r_read + $r_lm" | bc -l)
# The two fits must agree (first coefficient, 8 significant digits).
b_ours=$("$BIN" regress "$CSV" "$FORMULA" --stream --format json | grep -m1 '"b":' | tr -dc '0-9.eE+-')
b_r=$(Rscript -e "suppressMessages(library(data.table)); d <- fread('$CSV'); cat(sprintf('%.17g', coef(lm($FORMULA, d))[1]))")

printf '%-44s %8.2f s\n' "cat (read the bytes once)" "$t_cat"
printf '%-44s %8.2f s\n' "ambidex regress --stream (one pass)" "$t_stream"
printf '%-44s %8.2f s\n' "ambidex regress (in memory, QR + diagnostics)" "$t_mem"
printf '%-44s %8.2f s\n' "R data.table::fread" "$r_read"
printf '%-44s %8.2f s\n' "R lm + summary" "$r_lm"
printf '%-44s %8.2f s\n' "R fread + lm" "$r_total"
echo "intercept: ambidex $b_ours, R $b_r"
printf 'ratio ambidex --stream / R (fread + lm): %.2f\n' "$(echo "$t_stream / $r_total" | bc -l)"
printf 'ratio ambidex in memory / R (fread + lm): %.2f\n' "$(echo "$t_mem / $r_total" | bc -l)"
printf 'ratio ambidex --stream / R fread alone (reading once): %.2f\n' "$(echo "$t_stream / $r_read" | bc -l)"
