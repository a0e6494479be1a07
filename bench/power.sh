#!/usr/bin/env bash
# Benchmark of `ambidex power mediate` against the R loop a researcher writes by hand
# (simulate, lm, count significant tests; bootstrap by resampling rows), run side by side
# on this machine (not part of `make test`).
#   bash bench/power.sh [BUILD_DIR]     (default build/release; needs Rscript)
# Model 4, a = b = .39, c' = 0, N = 200, 1,000 replications: the joint significance test,
# the warp-speed percentile bootstrap (one resample per replication) and the full
# percentile bootstrap with 5,000 resamples per replication. R runs fewer replications
# of the full bootstrap (env R_BOOT_REPS, default 10, with .lm.fit for the resamples) and
# its time is scaled linearly to 1,000, which the printout says. Ratios = R / ambidex.
# Then `power sem` of seed 004's model (examples/market-orientation/population.lav), 1,000
# replications at N = 200, against an R loop of MASS::mvrnorm + lavaan::sem (env
# R_SEM_REPS replications, default 20, scaled to 1,000).
set -euo pipefail
BUILD="${1:-build/release}"
A="$BUILD/ambidex"
THREADS="${THREADS:-$(nproc)}"
R_BOOT_REPS="${R_BOOT_REPS:-10}"
R_SEM_REPS="${R_SEM_REPS:-20}"
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
common=(power mediate --a .39 --b .39 --n 200 --reps 1000 --seed 1 --quiet --threads "$THREADS")
a_joint=$(secs "$A" "${common[@]}" --test joint)
a_warp=$(secs "$A" "${common[@]}" --test percentile --warp)
a_full=$(secs "$A" "${common[@]}" --test percentile --boot 5000)
r=$(Rscript -e '
  sim <- function(n) { x <- rnorm(n); m <- .39 * x + rnorm(n); y <- .39 * m + rnorm(n)
    data.frame(x, m, y) }
  joint <- function(d) { s1 <- summary(lm(m ~ x, d))$coefficients; s2 <- summary(lm(y ~ x + m, d))$coefficients
    s1["x", 4] < .05 && s2["m", 4] < .05 }
  ab <- function(d, i) { X1 <- cbind(1, d$x[i]); X2 <- cbind(1, d$x[i], d$m[i])
    .lm.fit(X1, d$m[i])$coefficients[2] * .lm.fit(X2, d$y[i])$coefficients[3] }
  set.seed(1); tj <- system.time(mean(replicate(1000, joint(sim(200)))))[["elapsed"]]
  set.seed(1); tw <- system.time({ est <- numeric(1000); st <- numeric(1000)
    for (r in 1:1000) { d <- sim(200); est[r] <- ab(d, 1:200); st[r] <- ab(d, sample.int(200, 200, TRUE)) }
    q <- quantile(st - est, c(.025, .975)); mean(est + q[1] > 0 | est + q[2] < 0) })[["elapsed"]]
  R <- '"$R_BOOT_REPS"'
  set.seed(1); tf <- system.time(mean(replicate(R, { d <- sim(200)
    b <- replicate(5000, ab(d, sample.int(200, 200, TRUE)))
    q <- quantile(b, c(.025, .975)); q[1] > 0 || q[2] < 0 })))[["elapsed"]] * 1000 / R
  cat(tj, tw, tf, "\n")')
set -- $r
printf 'ambidex %s threads; R one process (full bootstrap: %s replications, scaled to 1000)\n' "$THREADS" "$R_BOOT_REPS"
printf '%-44s %10s %10s %8s\n' case ambidex_s R_s ratio
printf '%-44s %10.3f %10.2f %8.0f\n' "joint, 1000 reps" "$a_joint" "$1" "$(echo "$1 / $a_joint" | bc -l)"
printf '%-44s %10.3f %10.2f %8.0f\n' "warp-speed percentile, 1000 reps" "$a_warp" "$2" "$(echo "$2 / $a_warp" | bc -l)"
printf '%-44s %10.3f %10.1f %8.0f\n' "percentile bootstrap, 1000 reps x 5000" "$a_full" "$3" "$(echo "$3 / $a_full" | bc -l)"

POP=examples/market-orientation/population.lav
a_sem=$(secs "$A" power sem "$POP" --n 200 --reps 1000 --seed 1 --quiet --threads "$THREADS")
r_sem=$(Rscript -e '
  suppressMessages({ library(lavaan); library(MASS) })
  pop <- paste(readLines("'"$POP"'"), collapse = "\n")
  ana <- gsub("[0-9.]+\\*", "", pop)
  Sig <- cov(simulateData(pop, sample.nobs = 1e5, standardized = TRUE)) # timing only
  R <- '"$R_SEM_REPS"'
  set.seed(1); t <- system.time(for (r in 1:R) { d <- as.data.frame(mvrnorm(200, rep(0, ncol(Sig)), Sig))
    names(d) <- colnames(Sig); f <- sem(ana, d); pe <- parameterEstimates(f); fm <- fitMeasures(f) })[["elapsed"]]
  cat(t * 1000 / R)' 2>/dev/null)
printf '%-44s %10.3f %10.1f %8.0f\n' "power sem, seed 004, N 200, 1000 reps" "$a_sem" "$r_sem" "$(echo "$r_sem / $a_sem" | bc -l)"
printf '(R sem: %s replications, scaled to 1000)\n' "$R_SEM_REPS"
