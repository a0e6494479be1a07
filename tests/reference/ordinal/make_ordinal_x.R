# Categorical SEM with observed exogenous predictors (lavaan's conditional.x = TRUE, the
# default with ordered indicators and covariates): per ordered item a probit regression on
# the covariates (thresholds and slopes), residual polychoric correlations, their Gamma, then
# DWLS (WLSMV) on the conditional model. R 4.2.2, lavaan 0.6.14. Needs ../data/bfi.csv
# (psych::bfi, A1-A5 as delivered). Listwise over the model's variables. Cases: xmimic (MIMIC:
# f ~ age + gender), xdirect (f ~ age + education, A2 ~ gender: an ordered item on a
# covariate directly), xmimth (xmimic in the theta parameterization, optim.method = "BFGS"
# with reltol 1e-14: the default tolerance leaves differences of 1e-5 there); and with
# missing = "pairwise": pwA (A1-A5 CFA), pwAC (A1-A5, C1-C5, two factors), pwmimic, pwdirect.
# Run: cd tests/reference/ordinal && Rscript make_ordinal_x.R   (writes cfa_x.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
bfi <- read.csv("../data/bfi.csv")
m1 <- "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + gender"
m2 <- "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + education\nA2 ~ gender"
x_case("xmimic", m1, bfi)
x_case("xdirect", m2, bfi)
x_case("xmimth", m1, bfi, parameterization = "theta", optim.method = "BFGS",
       control = list(reltol = 1e-14, maxit = 10000))
## missing = "pairwise" (thresholds from each item's available cases, polychorics from each
## pair's; cases missing a covariate or every item are left out): all 2800 rows of bfi, 2577
## with education
mAC <- "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5"
x_case("pwA", "A =~ A1 + A2 + A3 + A4 + A5", bfi, missing = "pairwise")
x_case("pwAC", mAC, bfi, ordered = c(paste0("A", 1:5), paste0("C", 1:5)), missing = "pairwise")
x_case("pwmimic", m1, bfi, missing = "pairwise")
x_case("pwdirect", m2, bfi, missing = "pairwise")
writeLines(c("key,value", out), "cfa_x.csv")
