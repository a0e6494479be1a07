# The true theta fit with groups (issue 13, session 8): lavaan 0.6.14 cfa(..., ordered =,
# group =, parameterization = "theta") where the delta fit rescaled is not lavaan's theta
# model: equal loadings with free thresholds (the residual variances of the latent
# responses 1 in every group), continuous indicators among the ordered ones (HS x1-x3
# quartiles, x4-x9 continuous: hs_mgmix.csv of make_ordinal_mgmix.R) at the three levels of
# make_ordinal_mgmix.R, and a constraint line across groups (make_ordinal_gcon.R's mggen).
# optim.method = "BFGS" with a tight reltol as make_ordinal_mg2.R (nlminb stops short in
# theta). Keys as mg_keys.R (tag.level.gG.lhs.op.rhs.est/.se, tag.level.fit.NAME) and
# tag.level.diff.* for the levels' Satorra (2000) differences.
# Tags: tmA (bfi A1-A5 by gender, level "metric": group.equal = "loadings"), tmM (hs_mgmix,
# configural / thresholds / loadings), tmG (bfi A2-A5 by gender, level "fit": A =~ A2 +
# c(a1, a2)*A3 + c(b1, b2)*A4 + A5 with a1 + b1 == a2 + b2).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mg_theta.R   (writes mg_theta.csv)
suppressMessages(library(lavaan))
source("mg_keys.R")
tight <- list(reltol = 1e-15, maxit = 10000)
th <- function(model, d, ge, ordered = TRUE, group = "gender") {
  fit <- cfa(model, data = d, ordered = ordered, group = group, group.equal = ge,
             parameterization = "theta", optim.method = "BFGS", control = tight)
  if (!lavInspect(fit, "converged")) stop("not converged")
  fit
}
bfi <- read.csv("../data/bfi.csv")
bfa <- na.omit(bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")])
fit_measures("tmA", "metric", th("A =~ A1 + A2 + A3 + A4 + A5", bfa, "loadings"))
hm <- read.csv("hs_mgmix.csv")
mH <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
levels_ <- list(configural = "none", thresholds = "thresholds",
                loadings = c("thresholds", "loadings"))
fits <- list()
for (lv in names(levels_)) {
  fits[[lv]] <- th(mH, hm, levels_[[lv]], ordered = c("x1", "x2", "x3"), group = "school")
  fit_measures("tmM", lv, fits[[lv]])
}
for (k in 2:length(fits)) {
  lr <- lavTestLRT(fits[[k - 1]], fits[[k]])
  put(sprintf("tmM.%s.diff.chisq", names(fits)[k]), lr[["Chisq diff"]][2])
  put(sprintf("tmM.%s.diff.df", names(fits)[k]), lr[["Df diff"]][2])
  put(sprintf("tmM.%s.diff.p", names(fits)[k]), lr[["Pr(>Chisq)"]][2])
}
b2 <- na.omit(bfi[, c("A2", "A3", "A4", "A5", "gender")])
fit_measures("tmG", "fit", th("A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\na1 + b1 == a2 + b2",
                              b2, "none"))
writeLines(c("key,value", out), "mg_theta.csv")
