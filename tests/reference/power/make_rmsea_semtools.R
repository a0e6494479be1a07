# Reference values for `ambidex power rmsea` from semTools 0.5-6 (R 4.2.2):
# findRMSEApower (power at N) and findRMSEAsamplesize (the N for a target power), the
# implementation of MacCallum, Browne & Sugawara (1996) most SEM users run. One group
# (semTools' `group` divides the noncentrality by the number of groups; ambidex has
# one). Writes rmsea_power.csv and rmsea_target.csv beside this script in the layout
# of power.csv and target.csv (test, n or target, alpha, df, rmsea0, rmsea1, value).
# Run: cd tests/reference/power && Rscript make_rmsea_semtools.R
suppressMessages(library(semTools))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))
if (length(here) == 0 || here == "") here <- "."
g <- function(x) sprintf("%.17g", x)
pairs <- list(c(0.05, 0.08), c(0.05, 0.10), c(0, 0.05), c(0.02, 0.06),  # close / exact fit
              c(0.05, 0.01), c(0.05, 0), c(0.08, 0.05), c(0.06, 0.03))  # not-close fit
p <- NULL
for (a in c(0.05, 0.01)) for (df in c(1, 5, 20, 32, 100)) for (e in pairs)
  for (n in c(50, 100, 200, 500, 1000))
    p <- rbind(p, data.frame(test = "rmsea", n = n, alpha = a, p1 = df, p2 = e[1], p3 = e[2],
                             power = g(findRMSEApower(e[1], e[2], df, n, alpha = a))))
write.csv(p, file.path(here, "rmsea_power.csv"), row.names = FALSE, quote = FALSE)
# The N for a target: n is the smallest N with findRMSEApower(N) > target, by an integer
# search on findRMSEApower itself; semtools_n is findRMSEAsamplesize's answer. They differ
# where the answer is above 500: findRMSEAsamplesize tries 5:500, then 505:1000,
# 1005:1500, ..., so N = 501..504 (1001..1004, ...) is never tried and the next tried N is
# returned (df 32, RMSEA 0 against .05, alpha .01, power .9: 505 for 502). Cells whose
# answer would be below 5 are left out (semTools returns a string there).
smallest <- function(f, target) { lo <- 4; hi <- 8
  while (f(hi) <= target) { lo <- hi; hi <- hi * 2 }
  while (hi - lo > 1) { m <- (lo + hi) %/% 2; if (f(m) > target) hi <- m else lo <- m }
  hi }
tg <- NULL
for (target in c(0.8, 0.9)) for (a in c(0.05, 0.01)) for (df in c(5, 20, 32, 100)) for (e in pairs) {
  sn <- findRMSEAsamplesize(e[1], e[2], df, power = target, alpha = a)
  if (is.numeric(sn))
    tg <- rbind(tg, data.frame(test = "rmsea", target = target, alpha = a, p1 = df, p2 = e[1],
                               p3 = e[2],
                               n = smallest(function(n) findRMSEApower(e[1], e[2], df, n, alpha = a), target),
                               semtools_n = sn))
}
write.csv(tg, file.path(here, "rmsea_target.csv"), row.names = FALSE, quote = FALSE)
