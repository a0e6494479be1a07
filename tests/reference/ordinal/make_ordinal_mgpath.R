# Multi-group categorical SEM with (a) regressions on continuous indicators (their
# intercepts reach the outcomes' thresholds and means: lavaan's structural thresholds and
# intercepts) and (b) path models without latent variables with regressions on ordered
# variables (lavaan's all-phantom residual variances: 1 / d^2 minus the y*'s variance
# implied with the phantom residual variances 1, plus 1). lavaan 0.6.14 sem(model, data,
# ordered =, group =, group.equal =), WLSMV, delta parameterization (as the single-group
# make_ordinal_pathmix.R and make_ordinal_path.R).
# Data: hs_mgpath.csv, written here (HS 1939: x1-x3 cut at their quartiles as hs_ord.csv,
# x4-x6 as they are, ageyr and sex, by school); hs_ord.csv by school; ../data/bfi.csv
# (psych::bfi by gender, listwise over the model's variables).
# Cases (levels configural, thresholds, thresholds + loadings, keys as mg_keys.R, with
# lavTestLRT's Satorra 2000 differences; "regressions" = thresholds + loadings +
# regressions as one fit):
#   cmed:  visual =~ x1 + x2 + x6, x4 ~ visual, x3 ~ x4, x5 ~ x3 + x4 (hs_mgpath; x1-x3
#          ordered: a continuous mediator x4, an ordered one x3, a continuous outcome x5)
#   cout:  A =~ A1-A4, C4 ~ A, A5 ~ C4 (bfi; A1-A5 ordered: an ordered outcome A5 of a
#          continuous indicator C4)
#   cpath: x4 ~ ageyr + sex, x1 ~ x4 + sex (hs_mgpath; x1 ordered: a path model with a
#          continuous mediator; levels configural, thresholds, and "regressions" =
#          thresholds + regressions)
#   ppath: x3 ~ x1 + x2, x4 ~ x3, x5 ~ x4 + x1 (hs_ord; x3-x5 ordered, x1, x2 exogenous
#          covariates; configural, thresholds, "regressions" = thresholds + regressions)
#   (bfi by gender, A3 ~ age, A4 ~ A3, A5 ~ A4 + age with A3-A5 ordered, was tried: lavaan
#   cannot invert the information matrix of its thresholds level, so no reference)
# In path models "loadings" adds nothing: no such level. The fits with an ordered
# predictor use optim.gradient = "numerical": lavaan's analytic gradient holds the ordered
# residual variances fixed, as its Delta does (make_ordinal_path.R), so its optimizer
# stops short of the minimum; its Delta, in the SEs and tests, is kept.
# Every fit by BFGS with reltol 1e-15 (mg_keys.R's mg_sem_one, as make_ordinal_mgx.R;
# mg_sequence and mg_sem_one moved there after the run, the script parses, not rerun).
# R 4.2.2, lavaan 0.6.14. Run: cd tests/reference/ordinal && Rscript make_ordinal_mgpath.R
# (writes mgpath.csv); Rscript make_ordinal_mgpath.R TAG... runs those cases only and writes
# mgpath_TAG_....csv (mgpath.csv was written so: cmed, cout, then cpath ppath, concatenated
# with one header line; the theta cases tcmed tppath were run so in session 9 and appended).
suppressMessages(library(lavaan))
source("mg_keys.R")
hs <- read.csv("../data/hs1939.csv")
ho <- read.csv("hs_ord.csv")
d <- data.frame(school = hs$school, ho[, paste0("x", 1:3)], hs[, paste0("x", 4:6)],
                ageyr = hs$ageyr, sex = hs$sex)
write.csv(d, "hs_mgpath.csv", row.names = FALSE, quote = FALSE)
bfi <- read.csv("../data/bfi.csv")
one <- mg_sem_one
lv_fac <- c(mg_levels, list(regressions = c("thresholds", "loadings", "regressions")))
lv_path <- list(configural = "none", thresholds = "thresholds",
                regressions = c("thresholds", "regressions"))
only <- commandArgs(TRUE)
mg_case <- function(tag, levels, ...)
  if (!length(only) || tag %in% only)
    mg_sequence(tag, function(lv, ge) one(tag, lv, ge, ...), levels)
# (a) regressions on continuous indicators
mg_case("cmed", lv_fac, model = "visual =~ x1 + x2 + x6\nx4 ~ visual\nx3 ~ x4\nx5 ~ x3 + x4",
        data = d, ordered = paste0("x", 1:3), group = "school",
        optim.gradient = "numerical")
db <- bfi[, c(paste0("A", 1:5), "C4", "age", "gender")]
mg_case("cout", lv_fac, model = "A =~ A1 + A2 + A3 + A4\nC4 ~ A\nA5 ~ C4", data = db,
        ordered = paste0("A", 1:5), group = "gender")
mg_case("cpath", lv_path, model = "x4 ~ ageyr + sex\nx1 ~ x4 + sex", data = d, ordered = "x1",
        group = "school")
# (b) path models with regressions on ordered variables
mg_case("ppath", lv_path, model = "x3 ~ x1 + x2\nx4 ~ x3\nx5 ~ x4 + x1", data = ho,
        ordered = c("x3", "x4", "x5"), group = "school", optim.gradient = "numerical")
# the same two kinds of model in the theta parameterization (lavaan's residual variances of
# the ordered y* as parameters: no all-phantom rule; analytic gradient): tcmed as cmed and
# tppath as ppath, configural, thresholds (and thresholds + loadings for tcmed)
mg_case("tcmed", lv_fac[1:3], model = "visual =~ x1 + x2 + x6\nx4 ~ visual\nx3 ~ x4\nx5 ~ x3 + x4",
        data = d, ordered = paste0("x", 1:3), group = "school", parameterization = "theta")
mg_case("tppath", lv_path[1:2], model = "x3 ~ x1 + x2\nx4 ~ x3\nx5 ~ x4 + x1", data = ho,
        ordered = c("x3", "x4", "x5"), group = "school", parameterization = "theta")
writeLines(c("key,value", out),
           if (length(only)) paste0("mgpath_", paste(only, collapse = "_"), ".csv") else "mgpath.csv")
