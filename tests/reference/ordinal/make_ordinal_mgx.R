# Multi-group categorical SEM with exogenous covariates (lavaan's conditional.x, the
# default with ordered data) and regressions on ordered observed variables (issue 13,
# session 8): lavaan 0.6.14 sem(model, data, ordered =, group =, group.equal =), WLSMV,
# delta parameterization. Per group: probit thresholds at x = 0 and slopes on the
# covariates, residual polychoric correlations and their Gamma (as the single-group fits of
# make_ordinal_x.R); the slopes B_yx enter the statistics times the scale factors.
# Data: hs_mgx.csv, written here (HS 1939: x1-x6 cut at their quartiles as hs_ord.csv,
# ageyr and sex as they are, by school); ../data/bfi.csv (psych::bfi, by gender, listwise
# over the model's variables); hs_ord.csv by school.
# Cases (configural, thresholds, thresholds + loadings with lavTestLRT's Satorra 2000
# differences; "regressions" adds the slopes to thresholds + loadings):
#   pwbx: A =~ A1-A5, A ~ age with missing = "pairwise" (bfi as delivered)
#   mx:   visual =~ x1-x3, textual =~ x4-x6, visual + textual ~ ageyr + sex (hs_mgx)
#   bx:   A =~ A1-A5, A ~ age, A2 ~ age (an item on the covariate directly; bfi)
#   pmed: visual =~ x1-x3, x4 ~ visual, x5 ~ x4 + visual (x1-x5 ordered: an ordered
#         mediator; hs_ord)
#   pout: visual =~ x1-x3, x7 ~ visual (x1-x3, x7 ordered: an ordered outcome; hs_ord)
#   (pmed with the slopes equal too does not converge in lavaan's BFGS: no such level)
# Every fit by BFGS with reltol 1e-15 (as make_ordinal_mgmix.R). Keys as mg_keys.R.
# R 4.2.2, lavaan 0.6.14. Run: cd tests/reference/ordinal && Rscript make_ordinal_mgx.R
# (writes mgx.csv)
suppressMessages(library(lavaan))
source("mg_keys.R")
hs <- read.csv("../data/hs1939.csv")
ho <- read.csv("hs_ord.csv")
d <- data.frame(school = hs$school, ho[, paste0("x", 1:6)], ageyr = hs$ageyr, sex = hs$sex)
write.csv(d, "hs_mgx.csv", row.names = FALSE, quote = FALSE)
bfi <- read.csv("../data/bfi.csv")
one <- mg_sem_one
mg_case <- function(tag, ...) mg_sequence(tag, function(lv, ge) one(tag, lv, ge, ...))
fac <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
mx <- paste0(fac, "visual + textual ~ ageyr + sex")
mg_case("mx", model = mx, data = d, ordered = paste0("x", 1:6), group = "school")
invisible(one("mx", "regressions", c("thresholds", "loadings", "regressions"), mx, d,
              paste0("x", 1:6), "school"))
bx <- "A =~ A1 + A2 + A3 + A4 + A5\nA ~ age\nA2 ~ age"
db <- bfi[, c(paste0("A", 1:5), "age", "gender")]
mg_case("bx", model = bx, data = db, ordered = paste0("A", 1:5), group = "gender")
invisible(one("bx", "regressions", c("thresholds", "loadings", "regressions"), bx, db,
              paste0("A", 1:5), "gender"))
# missing = "pairwise" with the covariate (bfi as delivered; age complete)
mg_case("pwbx", model = "A =~ A1 + A2 + A3 + A4 + A5\nA ~ age", data = db,
        ordered = paste0("A", 1:5), group = "gender", missing = "pairwise")
# item 2: regressions on ordered observed variables
pm <- "visual =~ x1 + x2 + x3\nx4 ~ visual\nx5 ~ x4 + visual"
mg_case("pmed", model = pm, data = ho, ordered = paste0("x", 1:5), group = "school")
po <- "visual =~ x1 + x2 + x3\nx7 ~ visual"
mg_case("pout", model = po, data = ho, ordered = c("x1", "x2", "x3", "x7"), group = "school")
writeLines(c("key,value", out), "mgx.csv")
