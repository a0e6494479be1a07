# Mixed ordered and continuous indicators with observed exogenous covariates (lavaan
# sem(..., ordered = c("x1", "x2", "x3")) with the default conditional.x = TRUE): per
# ordered item a probit regression on the covariates, per continuous one a linear regression
# (intercept, slopes, residual variance), residual polychoric / polyserial / Pearson
# correlations, the Gamma of all these, then DWLS (WLSMV, delta). R 4.2.2, lavaan 0.6.14.
# Data: HolzingerSwineford1939 (../data/hs1939.csv) with x1-x3 cut at their quartiles
# into 4 ordered categories (as make_mixed.R's hs_mixed.csv), x4-x6 continuous, covariates
# ageyr and sex; written to hs_mixx.csv. Cases: mxmimic (visual =~ x1-x3, textual =~ x4-x6,
# both factors ~ ageyr + sex), mxdirect (the same factors, visual ~ ageyr, x5 ~ sex: a
# continuous item on a covariate directly; BFGS with reltol 1e-14: nlminb's default
# tolerance stops 1e-5 short there, e.g. x5 ~ sex, saturated, off its sample slope).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mixx.R   (writes cfa_mixx.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
hs <- read.csv("../data/hs1939.csv")
cut4 <- function(x) as.integer(cut(x, quantile(x, c(0, .25, .5, .75, 1)), include.lowest = TRUE))
hm <- hs[, c(paste0("x", 1:6), "ageyr", "sex")]
for (v in c("x1", "x2", "x3")) hm[[v]] <- cut4(hm[[v]])
write.csv(hm, "hs_mixx.csv", row.names = FALSE, quote = FALSE)
ord <- c("x1", "x2", "x3")
fac <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
x_case("mxmimic", paste0(fac, "visual + textual ~ ageyr + sex"), hm, ordered = ord)
x_case("mxdirect", paste0(fac, "visual ~ ageyr\nx5 ~ sex"), hm, ordered = ord,
       optim.method = "BFGS", control = list(reltol = 1e-14, maxit = 10000))
writeLines(c("key,value", out), "cfa_mixx.csv")
