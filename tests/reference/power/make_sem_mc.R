# Long R simulation of the power of a SEM (the simsem job, by hand): the reference
# for `ambidex power sem` (tests/cli/test_power_sem.sh compares within 3 combined
# binomial SEs). Population sem_pop.lav (seed 004's model with labels): every
# variable of variance 1 (residual variances 1 - explained, as `simulate`), the
# implied covariance by RAM path tracing here, data by MASS::mvrnorm; the analysis
# model is the same with the values freed (marker-variable identification), fitted
# by lavaan::sem (ML). The population value of each parameter in that parameterization
# is its estimate from the population covariance matrix itself. Per labelled
# parameter and := effect, among converged replications: power (p < .05), mean
# estimate, coverage of the 95% Wald CI; and the convergence rate, the share with
# CFI >= .95, with RMSEA <= .06 and with the chi-square test p < .05.
# Writes sem_mc.csv (case,n,reps,what,value,mc_se). Run: cd tests/reference/power &&
# Rscript make_sem_mc.R   (about 5 minutes on a free core)
suppressMessages({ library(lavaan); library(MASS) })
set.seed(20261202)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))
if (length(here) == 0 || here == "") here <- "."

obs <- c(paste0("mo", 1:4), paste0("al", 1:3), paste0("pf", 1:3))
lat <- c("MO", "ALLY", "PERF"); v <- c(obs, lat); k <- length(v)
A <- matrix(0, k, k, dimnames = list(v, v)) # A[to, from]
A[paste0("mo", 1:4), "MO"] <- c(.80, .78, .75, .77)
A[paste0("al", 1:3), "ALLY"] <- c(.82, .80, .76)
A[paste0("pf", 1:3), "PERF"] <- c(.85, .83, .80)
A["ALLY", "MO"] <- .40; A["PERF", "ALLY"] <- .35; A["PERF", "MO"] <- .15
S <- diag(k); B <- solve(diag(k) - A)
for (it in 1:100) { Sig <- B %*% S %*% t(B); endo <- rowSums(A != 0) > 0
  diag(S)[endo] <- diag(S)[endo] + 1 - diag(Sig)[endo] }
Sig <- (B %*% S %*% t(B))[obs, obs]
stopifnot(max(abs(diag(Sig) - 1)) < 1e-14)

model <- "
MO   =~ mo1 + mo2 + mo3 + mo4
ALLY =~ al1 + al2 + al3
PERF =~ pf1 + pf2 + pf3
ALLY ~ a*MO
PERF ~ b*ALLY + c*MO
ind := a*b"
popfit <- sem(model, sample.cov = Sig, sample.nobs = 1e9, sample.cov.rescale = FALSE)
pe0 <- parameterEstimates(popfit)
key <- c("a", "b", "c", "ind")
theta <- setNames(pe0$est[match(key, pe0$label)], key)

R <- as.integer(Sys.getenv("REPS", "500"))
cases <- list(list(id = "m004", n = 100, reps = R), list(id = "m004", n = 60, reps = R))
pop <- data.frame(case = "m004", n = 0, reps = 0, what = paste0("population.", key),
                  value = sprintf("%.10f", theta), mc_se = "0")
out <- NULL
for (cs in cases) { # the file is rewritten as each case ends
  t0 <- Sys.time()
  res <- t(replicate(cs$reps, {
    d <- as.data.frame(mvrnorm(cs$n, rep(0, length(obs)), Sig)); names(d) <- obs
    f <- suppressWarnings(tryCatch(sem(model, d), error = function(e) NULL))
    if (is.null(f) || !lavInspect(f, "converged")) return(c(conv = 0, rep(NA, 15)))
    pe <- parameterEstimates(f); i <- match(key, pe$label); fm <- fitMeasures(f, c("cfi", "rmsea", "pvalue"))
    c(conv = 1, sig = pe$pvalue[i] < .05, est = pe$est[i],
      cov = pe$ci.lower[i] <= theta & theta <= pe$ci.upper[i],
      cfi = fm[["cfi"]] >= .95, rmsea = fm[["rmsea"]] <= .06, chisq = fm[["pvalue"]] < .05)
  }))
  ok <- res[, 1] == 1; nc <- sum(ok); r <- res[ok, , drop = FALSE]
  bin <- function(what, x) { p <- mean(x); data.frame(case = cs$id, n = cs$n, reps = cs$reps,
    what = what, value = sprintf("%.6f", p), mc_se = sprintf("%.6f", sqrt(p * (1 - p) / length(x)))) }
  rows <- list(bin("converged", ok))
  for (j in seq_along(key)) {
    rows[[length(rows) + 1]] <- bin(paste0("power.", key[j]), r[, 1 + j])
    rows[[length(rows) + 1]] <- bin(paste0("coverage.", key[j]), r[, 9 + j])
    e <- r[, 5 + j]
    rows[[length(rows) + 1]] <- data.frame(case = cs$id, n = cs$n, reps = cs$reps,
      what = paste0("mean.", key[j]), value = sprintf("%.6f", mean(e)),
      mc_se = sprintf("%.6f", sd(e) / sqrt(nc)))
  }
  rows[[length(rows) + 1]] <- bin("cfi_ok", r[, 14]); rows[[length(rows) + 1]] <- bin("rmsea_ok", r[, 15])
  rows[[length(rows) + 1]] <- bin("chisq_reject", r[, 16])
  out <- rbind(out, do.call(rbind, rows))
  message(cs$id, " n ", cs$n, ": ", format(Sys.time() - t0))
  write.csv(rbind(pop, out), file.path(here, "sem_mc.csv"), row.names = FALSE, quote = FALSE)
}
