# Regressions on ordered or endogenous observed variables with ordered indicators (lavaan
# sem(..., ordered = ...), WLSMV, delta), and missing = "pairwise" with continuous indicators
# and exogenous covariates together. lavaan 0.6.14 represents an observed variable on the
# right of a regression as a phantom latent (lambda 1, theta 0); in the delta
# parameterization the residual variance of every ordered y* is 1 minus its variance
# implied with all the ordered residual variances zeroed (setResidualElements.LISREL), so
# a mediator's y* has variance 1 and an outcome of an ordered mediator more than 1 (its
# std.all and R2 use that variance). R 4.2.2, lavaan 0.6.14.
# Data: hs_ord.csv (HS x1-x9 quartiles, make_ordinal_mg.R), hs_mixx.csv (HS x1-x3 quartiles,
# x4-x6, ageyr, sex; make_ordinal_mixx.R) and hs_mixpx.csv, written here: hs_mixx.csv with the
# MCAR holes of make_ordinal_mixpair.R in x1-x6 (row i, variable j missing when
# (7 i + 3 j) %% 13 == 0) and in ageyr, sex none.
# Cases: opmed (visual =~ x1-x3, x4 ~ visual, x5 ~ x4 + visual; x1-x5 ordered), opout
# (visual =~ x1-x3; x7 ~ visual; x1-x3, x7 ordered), oppath (x3 ~ x1 + x2, x4 ~ x3,
# x5 ~ x4 + x1; x3-x5 ordered, x1, x2 exogenous covariates; optim.gradient = "numerical":
# lavaan's analytic gradient holds the ordered residual variances fixed, as its Delta
# does, so its optimizer stops short of the minimum there (nlminb: not converged; BFGS:
# estimates 2e-4 off); its Delta, in the SEs and tests, is kept), opcont (hs_mixx: visual =~ x1 +
# x2 + x6, x4 ~ visual, x3 ~ x4, x5 ~ x3 + x4: a continuous mediator x4, an ordered one x3
# and a continuous outcome x5), pxmimic, pxdirect (hs_mixpx, missing = "pairwise": the
# models of make_ordinal_mixx.R; pxdirect with optim.method = "BFGS": the DWLS function is
# flat there and nlminb, the default, stops with the loadings 5e-6 short of the minimum, F
# 1e-12 above it; a tighter nlminb rel.tol moves them towards BFGS's and ambidex's values). Keys as make_ordinal_x.R plus TAG.r2.VAR (lavInspect r2).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_path.R   (writes cfa_path.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
ho <- read.csv("hs_ord.csv")
hm <- read.csv("hs_mixx.csv")
r2_case("opmed", "visual =~ x1 + x2 + x3\nx4 ~ visual\nx5 ~ x4 + visual", ho,
        ordered = paste0("x", 1:5))
r2_case("opout", "visual =~ x1 + x2 + x3\nx7 ~ visual", ho, ordered = c("x1", "x2", "x3", "x7"))
r2_case("oppath", "x3 ~ x1 + x2\nx4 ~ x3\nx5 ~ x4 + x1", ho, ordered = c("x3", "x4", "x5"),
        optim.gradient = "numerical")
r2_case("opcont", "visual =~ x1 + x2 + x6\nx4 ~ visual\nx3 ~ x4\nx5 ~ x3 + x4", hm,
        ordered = c("x1", "x2", "x3"))
hp <- hm
for (j in 1:6) hp[(7 * seq_len(nrow(hp)) + 3 * j) %% 13 == 0, j] <- NA
write.csv(hp, "hs_mixpx.csv", row.names = FALSE, quote = FALSE, na = "")
fac <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
ord <- c("x1", "x2", "x3")
r2_case("pxmimic", paste0(fac, "visual + textual ~ ageyr + sex"), hp, ordered = ord,
        missing = "pairwise")
r2_case("pxdirect", paste0(fac, "visual ~ ageyr\nx5 ~ sex"), hp, ordered = ord,
        missing = "pairwise", optim.method = "BFGS")
writeLines(c("key,value", out), "cfa_path.csv")
