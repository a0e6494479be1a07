# Reference values for `ambidex power` (closed form): R 4.2.2, pwr, base R's
# noncentral distributions. Writes dist.csv, power.csv and target.csv beside this
# script (numbers as %.17g). Run: cd tests/reference/power && Rscript make_power.R
suppressMessages(library(pwr))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))
if (length(here) == 0 || here == "") here <- "."
g <- function(x) sprintf("%.17g", x)
# R's value and whether R warned that full precision may not have been reached
# ("warned" rows are checked to 1e-6 only: pnbeta's own error bound is 1e-9).
rw <- function(expr) { w <- 0L
  v <- withCallingHandlers(expr, warning = function(c) { w <<- 1L; invokeRestart("muffleWarning") })
  c(v, w) }

## 1. Noncentral F (upper tail), t (lower tail) and chi-square (upper tail).
d <- NULL
for (q in c(0.5, 1, 2.5, 4, 10)) for (df1 in c(1, 3, 10)) for (df2 in c(5, 30, 200, 1000))
  for (ncp in c(0, 0.5, 5, 20, 80, 300))
    { v <- rw(pf(q, df1, df2, ncp = ncp, lower.tail = FALSE))
      d <- rbind(d, data.frame(dist = "f", x = q, df1 = df1, df2 = df2, ncp = ncp,
                               value = v[1], warned = v[2])) }
for (t in c(-3, -1, 0, 0.5, 2, 5)) for (df in c(3, 10, 60, 500))
  for (ncp in c(-5, -1, 0, 0.7, 3, 10, 30))
    { v <- rw(pt(t, df, ncp = ncp))
      d <- rbind(d, data.frame(dist = "t", x = t, df1 = df, df2 = 0, ncp = ncp,
                               value = v[1], warned = v[2])) }
for (x in c(0.5, 3, 10, 40, 150)) for (df in c(1, 4, 20)) for (ncp in c(0, 0.5, 5, 20, 80))
  { v <- rw(pchisq(x, df, ncp = ncp, lower.tail = FALSE))
    d <- rbind(d, data.frame(dist = "chisq", x = x, df1 = df, df2 = 0, ncp = ncp,
                             value = v[1], warned = v[2])) }
# pf's noncentral branch (pnbeta, AS 226 + R84) stops at an error bound of 1e-9 and
# takes the upper tail as 1 - lower: the F rows also get the Poisson series itself,
# sum_j dpois(j, ncp/2) pbeta(x, df1/2 + j, df2/2, lower.tail = FALSE), summed over
# j = 0 .. ncp/2 + 40 sqrt(ncp/2 + 1) + 100 with base R's (TOMS 708) pbeta.
fser <- function(q, df1, df2, ncp) { x <- df1 * q / (df1 * q + df2)
  j <- 0:ceiling(ncp / 2 + 40 * sqrt(ncp / 2 + 1) + 100)
  sum(dpois(j, ncp / 2) * pbeta(x, df1 / 2 + j, df2 / 2, lower.tail = FALSE)) }
d$series <- NA
for (i in which(d$dist == "f")) d$series[i] <- fser(d$x[i], d$df1[i], d$df2[i], d$ncp[i])
d$value <- g(d$value); d$series <- ifelse(is.na(d$series), "NA", g(d$series))
write.csv(d, file.path(here, "dist.csv"), row.names = FALSE, quote = FALSE)

## 2. Power at a given N. Columns: test, n, alpha, p1..p3 (see README.md), power.
pw <- list(
  regress = function(n, a, f2, P, Q) { v <- n - P - 1
    pf(qf(a, Q, v, lower.tail = FALSE), Q, v, ncp = f2 * n, lower.tail = FALSE) },
  regress_pwr = function(n, a, f2, P, Q)
    pwr.f2.test(u = Q, v = n - P - 1, f2 = f2, sig.level = a)$power,
  corr = function(n, a, r, x, y) pwr.r.test(n = n, r = r, sig.level = a)$power,
  ttest = function(n, a, d, x, y) pwr.t.test(n = n, d = d, sig.level = a)$power,
  anova = function(n, a, f, k, y) pwr.anova.test(k = k, n = n, f = f, sig.level = a)$power,
  chisq = function(n, a, w, df, y) pwr.chisq.test(w = w, N = n, df = df, sig.level = a)$power,
  rmsea = function(n, a, df, e0, e1) { l0 <- (n - 1) * df * e0^2; l1 <- (n - 1) * df * e1^2
    if (e1 > e0) pchisq(qchisq(a, df, ncp = l0, lower.tail = FALSE), df, ncp = l1,
                        lower.tail = FALSE)
    else pchisq(qchisq(a, df, ncp = l0), df, ncp = l1) })
p <- NULL
add <- function(test, n, a, p1, p2 = 0, p3 = 0)
  p <<- rbind(p, data.frame(test = test, n = n, alpha = a, p1 = p1, p2 = p2, p3 = p3,
                            power = g(pw[[test]](n, a, p1, p2, p3))))
for (a in c(0.05, 0.01)) {
  for (f2 in c(0.02, 0.15, 0.35)) for (PQ in list(c(3, 1), c(5, 2), c(5, 5)))
    for (n in c(30, 77, 200)) {
      add("regress", n, a, f2, PQ[1], PQ[2]); add("regress_pwr", n, a, f2, PQ[1], PQ[2]) }
  for (r in c(0.1, 0.3, 0.5)) for (n in c(20, 50, 200)) add("corr", n, a, r)
  for (dd in c(0.2, 0.5, 0.8)) for (n in c(10, 64, 200)) add("ttest", n, a, dd)
  for (f in c(0.1, 0.25, 0.4)) for (k in c(3, 5)) for (n in c(10, 30, 100)) add("anova", n, a, f, k)
  for (w in c(0.1, 0.3, 0.5)) for (df in c(1, 4)) for (n in c(50, 100, 300)) add("chisq", n, a, w, df)
  for (df in c(10, 50)) for (e in list(c(0.05, 0.08), c(0.05, 0.01), c(0, 0.05)))
    for (n in c(100, 200, 500)) add("rmsea", n, a, df, e[1], e[2])
}
write.csv(p, file.path(here, "power.csv"), row.names = FALSE, quote = FALSE)

## 3. Smallest N reaching a target power (integer search on the same formulas);
## pwr's own continuous solution (uniroot) is given beside it where pwr has one.
nmin <- function(test, a, p1, p2, p3) switch(test, regress = , regress_pwr = p2 + 2,
                                           corr = 4, ttest = 2, anova = 2, chisq = 1, rmsea = 2)
smallest <- function(test, target, a, p1, p2, p3) {
  lo <- nmin(test, a, p1, p2, p3); f <- function(n) pw[[test]](n, a, p1, p2, p3)
  if (f(lo) >= target) return(lo)
  hi <- lo; while (f(hi) < target) { lo <- hi; hi <- hi * 2 }
  while (hi - lo > 1) { m <- (lo + hi) %/% 2; if (f(m) >= target) hi <- m else lo <- m }
  hi }
cont <- function(test, target, a, p1, p2, p3) switch(test,
  regress_pwr = pwr.f2.test(u = p3, f2 = p1, sig.level = a, power = target)$v + p2 + 1,
  corr = pwr.r.test(r = p1, sig.level = a, power = target)$n,
  ttest = pwr.t.test(d = p1, sig.level = a, power = target)$n,
  anova = pwr.anova.test(k = p2, f = p1, sig.level = a, power = target)$n,
  chisq = pwr.chisq.test(w = p1, df = p2, sig.level = a, power = target)$N, NA)
tg <- NULL
addt <- function(test, target, a, p1, p2 = 0, p3 = 0)
  tg <<- rbind(tg, data.frame(test = test, target = target, alpha = a, p1 = p1, p2 = p2,
                              p3 = p3, n = smallest(test, target, a, p1, p2, p3),
                              pwr_n = g(cont(test, target, a, p1, p2, p3))))
for (target in c(0.8, 0.9)) {
  a <- 0.05
  for (f2 in c(0.02, 0.15, 0.35)) { addt("regress", target, a, f2, 5, 2); addt("regress_pwr", target, a, f2, 5, 2) }
  for (r in c(0.1, 0.3, 0.5)) addt("corr", target, a, r)
  for (dd in c(0.2, 0.5, 0.8)) addt("ttest", target, a, dd)
  for (f in c(0.1, 0.25, 0.4)) addt("anova", target, a, f, 4)
  for (w in c(0.1, 0.3)) addt("chisq", target, a, w, 3)
  addt("rmsea", target, a, 20, 0.05, 0.08); addt("rmsea", target, a, 20, 0.05, 0.01)
}
write.csv(tg, file.path(here, "target.csv"), row.names = FALSE, quote = FALSE)
