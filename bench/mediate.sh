#!/usr/bin/env bash
# Benchmark of `ambidex mediate` against lavaan sem(se = "bootstrap") and R boot + lm, run
# side by side on the same simulated data (not part of `make test`).
#   bash bench/mediate.sh [BUILD_DIR]     (default build/release; needs Rscript, lavaan, boot)
# Cases: model 4 with one mediator, and with 3 parallel mediators + 4 covariates, n = 278
# and n = 10,000, 5000 resamples for ambidex. The peers run fewer resamples (lavaan 200, R
# boot 1000; env LAVAAN_B, RBOOT_B) and their times are scaled linearly to 5000, which the
# printout says. ambidex is timed twice: the whole CLI run (process start, CSV read, output)
# and the library call alone (bench_mediate, best of 5), with the per-resample cost set
# against one pass over the analysis columns (the physical floor of a resample).
set -euo pipefail
BUILD="${1:-build/release}"
A="$BUILD/ambidex"; BM="$BUILD/bench_mediate"
LAVAAN_B="${LAVAAN_B:-200}"; RBOOT_B="${RBOOT_B:-1000}"; B=5000
THREADS="${THREADS:-$(nproc)}"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
Rscript -e 'set.seed(2026); for (n in c(278, 10000)) { x <- rnorm(n); m1 <- .5*x + rnorm(n);
  m2 <- .3*x + rnorm(n); m3 <- -.2*x + rnorm(n); c1 <- rnorm(n); c2 <- rnorm(n);
  c3 <- rbinom(n, 1, .4); c4 <- rnorm(n); y <- .4*m1 + .3*m2 + .2*m3 + .2*x + .1*c1 + rnorm(n)
  write.csv(data.frame(x, m1, m2, m3, c1, c2, c3, c4, y), sprintf("'"$T"'/d%d.csv", n), row.names = FALSE) }'
echo "ambidex: $B resamples, $THREADS threads; lavaan: $LAVAAN_B resamples, R boot: $RBOOT_B resamples (times scaled to $B)"
printf '%-26s %10s %10s %12s %12s %10s %10s\n' case cli_ms lib_ms lavaan_s rboot_s x_lavaan x_rboot
for n in 278 10000; do
  for cfg in "1 0" "3 4"; do
    set -- $cfg; nm=$1; nc=$2
    ms=$(seq -s, 1 $nm | sed 's/\([0-9]\)/m\1/g'); cv=""
    [ "$nc" -gt 0 ] && cv="--covariates $(seq -s, 1 $nc | sed 's/\([0-9]\)/c\1/g')"
    t0=$(date +%s.%N)
    for r in 1 2 3; do "$A" mediate "$T/d$n.csv" --x x --m "$ms" --y y $cv --boot $B --threads "$THREADS" > /dev/null; done
    t1=$(date +%s.%N)
    cli_ms=$(echo "($t1 - $t0) * 1000 / 3" | bc -l)
    libline=$("$BM" "$T/d$n.csv" $nm $nc $B "$THREADS" 5)
    lib_ms=$(echo "$libline" | sed 's/.*total \([0-9.]*\) ms.*/\1/')
    peer=$(Rscript -e 'suppressMessages({library(lavaan); library(boot)})
      d <- read.csv("'"$T/d$n.csv"'"); nm <- '"$nm"'; nc <- '"$nc"'
      ms <- paste0("m", 1:nm); cs <- if (nc) paste0("c", 1:nc) else character(0)
      rhs <- function(v) paste(v, collapse = " + ")
      mod <- paste(c(sapply(1:nm, function(j) paste0(ms[j], " ~ a", j, "*x", if (nc) paste0(" + ", rhs(cs)) else "")),
        paste0("y ~ ", rhs(paste0("b", 1:nm, "*", ms)), " + x", if (nc) paste0(" + ", rhs(cs)) else ""),
        sapply(1:nm, function(j) paste0("ind", j, " := a", j, "*b", j))), collapse = "\n")
      set.seed(1); tl <- system.time(sem(mod, d, se = "bootstrap", bootstrap = '"$LAVAAN_B"'))[["elapsed"]]
      st <- function(d, i) { d <- d[i, ]; fy <- coef(lm(as.formula(paste("y ~", rhs(c(ms, "x", cs)))), d))
        sapply(1:nm, function(j) coef(lm(as.formula(paste(ms[j], "~", rhs(c("x", cs)))), d))[["x"]] * fy[[ms[j]]]) }
      set.seed(1); tb <- system.time(boot(d, st, R = '"$RBOOT_B"'))[["elapsed"]]
      cat(tl * '"$B"' / '"$LAVAAN_B"', tb * '"$B"' / '"$RBOOT_B"', "\n")' 2>/dev/null)
    set -- $peer; lav=$1; rb=$2
    printf '%-26s %10.1f %10.1f %12.1f %12.1f %10.0f %10.0f\n' "n=$n m=$nm cov=$nc" "$cli_ms" "$lib_ms" "$lav" "$rb" \
      "$(echo "$lav * 1000 / $cli_ms" | bc -l)" "$(echo "$rb * 1000 / $cli_ms" | bc -l)"
    echo "    $libline"
  done
done
echo "x_lavaan, x_rboot: peer time (scaled to $B resamples) / ambidex CLI time."
