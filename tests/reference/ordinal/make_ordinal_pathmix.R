# Path models WITHOUT latent variables that mix ordered and continuous observed variables
# (lavaan sem(..., ordered = ...), WLSMV, delta; conditional.x with exogenous covariates).
# lavaan 0.6.14 makes every observed variable on the left of a regression a phantom latent
# (lambda 1, theta 0; lav_lisrel with conditional.x), so the delta residual variance of an
# ordered y* is 1 minus its variance implied with the ordered residual variances zeroed,
# as with latent variables (make_ordinal_path.R). R 4.2.2, lavaan 0.6.14.
# Data: hs_mixx.csv (HS x1-x3 cut into quartiles, x4-x6 continuous, ageyr, sex;
# make_ordinal_mixx.R).
# Cases: pmout (x4 ~ ageyr + sex, x1 ~ x4 + sex: a continuous mediator and an ordered
# outcome, lavaan's sem('m ~ x; y ~ m + x', ordered = "y")), pmord (x3 ~ x6, x4 ~ x3,
# x5 ~ x4: an ordered mediator between a covariate and continuous outcomes), pmboth
# (x4 ~ sex, x2 ~ x4 + ageyr, x1 ~ x2 + x4: ordered outcome of an ordered and a continuous
# mediator). Keys as make_ordinal_path.R (ordinal_ref.R plus TAG.r2.VAR).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_pathmix.R   (writes cfa_pathmix.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
hm <- read.csv("hs_mixx.csv")
r2_case("pmout", "x4 ~ ageyr + sex\nx1 ~ x4 + sex", hm, ordered = "x1")
r2_case("pmord", "x3 ~ x6\nx4 ~ x3\nx5 ~ x4", hm, ordered = "x3")
r2_case("pmboth", "x4 ~ sex\nx2 ~ x4 + ageyr\nx1 ~ x2 + x4", hm, ordered = c("x1", "x2"),
        optim.gradient = "numerical")
writeLines(c("key,value", out), "cfa_pathmix.csv")
