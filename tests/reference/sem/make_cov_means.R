# Fits from a covariance matrix WITH the sample means (lavaan's sample.cov + sample.mean +
# sample.nobs; ambidex --cov FILE --means FILE --nobs N): lavaan 0.6.14 turns the mean
# structure on when sample.mean is given.
#   cd tests/reference/sem && Rscript make_cov_means.R
# Inputs written here (numbers %.17g; cov() divisor N - 1, as lavaan expects):
#   growth_cov.csv, growth_means.csv  t1-t4, x1, x2 of growth.csv (Demo.growth, 400 cases)
#   hs_cov_full.csv, hs_means_row.csv x1-x9 of hs.csv (HolzingerSwineford1939, 301 cases);
#                                     the means file lists the names in reverse order
#                                     (ambidex matches them by name; lavaan needs them
#                                     reordered, done below)
# Output covmeans_fit.csv (model,name,value) and covmeans_params.csv (model,lhs,op,rhs,
# est,se) as constr_tables.R writes them:
#   growth_cov  growth(): linear growth with i ~ x1 + x2; s ~ x1 + x2 (fixed.x)
#   hs_means    cfa() of hs_means.lav (equal intercepts of x8 and x9, x4's fixed at 0,
#               textual's mean free)
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
write_named <- function(m, path) {
  out <- rbind(c("", colnames(m)), cbind(rownames(m), fmt(m)))
  writeLines(apply(out, 1, paste, collapse = ","), path)
}
write_means <- function(v, path) writeLines(c(paste(names(v), collapse = ","),
                                              paste(fmt(v), collapse = ",")), path)
dg <- read.csv("growth.csv")[, c("t1", "t2", "t3", "t4", "x1", "x2")]
hs <- read.csv("hs.csv")[, paste0("x", 1:9)]
write_named(cov(dg), "growth_cov.csv")
write_means(colMeans(dg), "growth_means.csv")
write_named(cov(hs), "hs_cov_full.csv")
write_means(rev(colMeans(hs)), "hs_means_row.csv")
# read back what was written: the fixture is the fit of exactly these numbers
rd_cov <- function(p) { m <- as.matrix(read.csv(p, row.names = 1)); m }
rd_mean <- function(p) { v <- unlist(read.csv(p)); v }
fit_stats <- function(fun, text, S, m, n) {
  m <- m[colnames(S)] # lavaan takes sample.mean by position, not by name
  f0 <- fun(text, sample.cov = S, sample.mean = m, sample.nobs = n)
  f1 <- try(fun(text, sample.cov = S, sample.mean = m, sample.nobs = n, optim.method = "GN",
                optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000), silent = TRUE)
  if (inherits(f1, "try-error") || !lavInspect(f1, "converged") ||
      fitMeasures(f1, "fmin") > fitMeasures(f0, "fmin")) f1 <- f0
  stopifnot(lavInspect(f1, "meanstructure"))
  f1
}
lin <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
        s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4
        i ~ x1 + x2
        s ~ x1 + x2"
fits <- list(
  growth_cov = fit_stats(growth, lin, rd_cov("growth_cov.csv"), rd_mean("growth_means.csv"),
                         400),
  hs_means = fit_stats(cfa, paste(readLines("hs_means.lav"), collapse = "\n"),
                       rd_cov("hs_cov_full.csv"), rd_mean("hs_means_row.csv"), 301))
write_constr_tables(fits, "covmeans", c("npar", "chisq", "df", "pvalue", "baseline.chisq",
                                        "baseline.df", "cfi", "tli", "rmsea", "srmr", "logl",
                                        "aic", "bic"))
