# Multi-group categorical CFA with ordered AND continuous indicators (issue 13, session 7):
# lavaan 0.6.14 cfa(model, data, ordered = c("x1", "x2", "x3"), group = "school",
# group.equal =) with x4-x9 continuous, WLSMV (delta) and ULSMV. Data: Holzinger &
# Swineford 1939 with x1-x3 cut at their quartiles into 4 categories (as hs_ord.csv) and
# x4-x9 as they are, by school (written to hs_mgmix.csv).
# lavaan's rules seen here: with ordered data "thresholds" and "intercepts" in group.equal
# imply each other (lav_options), so the continuous indicators' intercepts are equal
# whenever the thresholds are; the continuous indicators keep free intercepts and residual
# variances in every group (equal under "intercepts" / "residuals"); the scale factors
# (~*~) of the ordered ones and the latent means are fixed (1, 0) in group 1 and free in
# the others once the thresholds (intercepts) are equal. Robust (catML) CFI/TLI/RMSEA: NA
# with continuous indicators.
# Levels: configural, thresholds, thresholds + loadings (ambidex's invariance table, with
# lavTestLRT's Satorra 2000 differences), loadings alone (metric), thresholds + loadings +
# residuals (strict), a group.partial fit, ULSMV's three levels and lavTestScore's tests;
# missing = "pairwise" (bfi by gender; ordered only, and with continuous indicators).
# R 4.2.2, lavaan 0.6.14. Run: cd tests/reference/ordinal && Rscript make_ordinal_mgmix.R
suppressMessages(library(lavaan))
source("mg_keys.R")
hs <- read.csv("../data/hs1939.csv")
ho <- read.csv("hs_ord.csv")
d <- hs[, c("school", paste0("x", 1:9))]
for (v in c("x1", "x2", "x3")) d[[v]] <- ho[[v]]
write.csv(d, "hs_mgmix.csv", row.names = FALSE, quote = FALSE)
ord <- c("x1", "x2", "x3")
m <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
# every fit by BFGS with a tight reltol: lavaan's default nlminb stops up to 3e-5 short in
# the estimates (as in make_ordinal_mg2.R)
one <- function(tag, lv, ge, ..., model = m, data = d, ordered = ord, group = "school")
  mg_fit(tag, lv, cfa(model, data = data, ordered = ordered, group = group, group.equal = ge,
                      optim.method = "BFGS", control = list(reltol = 1e-15, maxit = 10000), ...))
mg_case <- function(tag, ...) mg_sequence(tag, function(lv, ge) one(tag, lv, ge, ...))
levels_ <- mg_levels
# 1. WLSMV: the invariance table, then metric and strict alone, and a group.partial fit
mg_case("wl")
invisible(one("wl", "metric", "loadings"))
invisible(one("wl", "strict", c("thresholds", "loadings", "residuals")))
invisible(one("wl", "partial", c("thresholds", "loadings"), group.partial = c("x4~1", "x1|t2")))
# 2. ULSMV
mg_case("ul", estimator = "ULSMV")
# 3. missing = "pairwise" by gender on bfi as delivered: A1-A5 ordered (pwA), A1-A5 ordered
#    with C1-C5 continuous (pwAC)
bfi <- read.csv("../data/bfi.csv")
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mAC <- "A =~ A1 + A2 + A3 + A4 + A5\n C =~ C1 + C2 + C3 + C4 + C5"
mg_case("pwA", model = mA, data = bfi[, c(paste0("A", 1:5), "gender")], ordered = TRUE,
        group = "gender", missing = "pairwise")
mg_case("pwAC", model = mAC, data = bfi[, c(paste0("A", 1:5), paste0("C", 1:5), "gender")],
        ordered = paste0("A", 1:5), group = "gender", missing = "pairwise")
# 4. lavTestScore's univariate tests of the equalities (WLSMV) at thresholds, thresholds +
#    loadings (tag scM)
for (lv in c("thresholds", "loadings")) {
  f <- cfa(m, data = d, ordered = ord, group = "school", group.equal = levels_[[lv]],
           optim.method = "BFGS", control = list(reltol = 1e-15, maxit = 10000))
  score_tests("scM", lv, f)
}
writeLines(c("key,value", out), "mgmix.csv")
