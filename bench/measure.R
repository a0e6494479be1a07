# Benchmark peer: psych::alpha and psych::principal (+ KMO, cortest.bartlett)
# on n x k items from the same five-factor model as bench/measure.c, in memory.
# usage: Rscript measure.R [N [K [REPS]]]; prints "name seconds" (best of REPS).
suppressPackageStartupMessages(library(psych))
a <- as.numeric(commandArgs(trailingOnly = TRUE))
n <- if (length(a) > 0) a[1] else 1e5
k <- if (length(a) > 1) a[2] else 50
reps <- if (length(a) > 2) a[3] else 3
set.seed(42)
f <- matrix(rnorm(n * 5), n, 5)
x <- sapply(1:k, function(j) 0.7 * f[, (j - 1) %% 5 + 1] + 0.71 * rnorm(n))
colnames(x) <- paste0("i", 1:k)
x <- as.data.frame(x)
best <- function(f) min(sapply(1:reps, function(i) system.time(f())[["elapsed"]]))
ta <- best(function() alpha(x, warnings = FALSE))
tp <- best(function() {
  principal(x, nfactors = 5, rotate = "none")
  R <- cor(x); KMO(R); cortest.bartlett(R, n = n)
})
cat(sprintf("alpha %.6f\npca %.6f\n", ta, tp))
