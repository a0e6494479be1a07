# Multi-group categorical CFA, the variants (issue 13, session 6): lavaan 0.6.14
# cfa(..., ordered = TRUE, group =, group.equal =) with estimator = "ULSMV", with
# parameterization = "theta" (lavaan frees the residual variances of the latent responses in
# groups 2+ once the thresholds are equal, instead of the scale factors), with group.partial
# terms for thresholds ("A1|t2") and latent means ("visual~1"), and lavTestScore's univariate
# score tests of the cross-group equalities (lavaan falls back to the ordinary score test
# with robust SEs). Data as make_ordinal_mg.R: psych::bfi A1-A5 by gender, HS x1-x9 cut at
# the quartiles by school (hs_ord.csv). R 4.2.2, lavaan 0.6.14.
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mg2.R   (writes mg2.csv)
suppressMessages(library(lavaan))
source("mg_keys.R")
levels_ <- list(configural = "none", thresholds = "thresholds",
                loadings = c("thresholds", "loadings"))
mg_case <- function(tag, model, d, group, ...) {
  fits <- list()
  for (lv in names(levels_)) {
    fit <- cfa(model, data = d, ordered = TRUE, group = group, group.equal = levels_[[lv]], ...)
    if (!lavInspect(fit, "converged")) stop("not converged")
    fits[[lv]] <- fit
    fit_measures(tag, lv, fit)
  }
  for (k in 2:length(fits)) {
    lr <- lavTestLRT(fits[[k - 1]], fits[[k]])
    put(sprintf("%s.%s.diff.chisq", tag, names(fits)[k]), lr[["Chisq diff"]][2])
    put(sprintf("%s.%s.diff.df", tag, names(fits)[k]), lr[["Df diff"]][2])
    put(sprintf("%s.%s.diff.p", tag, names(fits)[k]), lr[["Pr(>Chisq)"]][2])
  }
  fits
}
bfi <- read.csv("../data/bfi.csv")
bfa <- na.omit(bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")])
ho <- read.csv("hs_ord.csv")
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mH <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
# 1. ULSMV (lavaan's default nlminb stops up to 2.4e-5 short of the ULS optimum, which is
#    flat in some directions: BFGS with a tight reltol reaches it, to 1e-8)
tight <- list(reltol = 1e-15, maxit = 10000)
invisible(mg_case("ulsA", mA, bfa, "gender", estimator = "ULSMV", optim.method = "BFGS",
                  control = tight))
invisible(mg_case("ulsH", mH, ho, "school", estimator = "ULSMV", optim.method = "BFGS",
                  control = tight))
# 2. theta (BFGS and a tight reltol too: nlminb stops up to 1.5e-3 short on HS, whose chi2
#    agrees all the same)
invisible(mg_case("thA", mA, bfa, "gender", parameterization = "theta", optim.method = "BFGS",
                  control = tight))
invisible(mg_case("thH", mH, ho, "school", parameterization = "theta", optim.method = "BFGS",
                  control = tight))
# 3. group.partial: thresholds and loadings equal but A1|t2 and A =~ A3; HS with equal
#    thresholds, loadings and latent means but x1|t1, x5|t2 and visual ~ 1 free
f <- cfa(mA, data = bfa, ordered = TRUE, group = "gender",
         group.equal = c("thresholds", "loadings"), group.partial = c("A1|t2", "A=~A3"))
fit_measures("partA", "fit", f)
f <- cfa(mH, data = ho, ordered = TRUE, group = "school",
         group.equal = c("thresholds", "loadings", "means"),
         group.partial = c("x1|t1", "x5|t2", "visual~1"))
fit_measures("partH", "fit", f)
# 4. score tests (WLSMV, delta) of the thresholds and thresholds + loadings levels
for (lv in c("thresholds", "loadings")) {
  fA <- cfa(mA, data = bfa, ordered = TRUE, group = "gender", group.equal = levels_[[lv]])
  score_tests("scA", lv, fA)
  fH <- cfa(mH, data = ho, ordered = TRUE, group = "school", group.equal = levels_[[lv]])
  score_tests("scH", lv, fH)
}
writeLines(c("key,value", out), "mg2.csv")
