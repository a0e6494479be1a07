# Mixed ordered and continuous indicators with lavaan missing = "pairwise" (WLSMV, delta):
# thresholds of the ordered items and means / variances of the continuous ones from each
# variable's available cases, polychoric / polyserial / Pearson correlations (covariances)
# from each pair's, Gamma from the casewise scores (zero for a missing case). R 4.2.2,
# lavaan 0.6.14. Data: HolzingerSwineford1939 (../data/hs1939.csv) with x1-x3 cut at their
# quartiles into 4 ordered categories (as make_ordinal_mixx.R), x4-x6 continuous, and MCAR
# holes by a fixed rule (row i, variable j = 1..6 missing when (7 i + 3 j) %% 13 == 0),
# written to hs_mixpair.csv; and psych::bfi (../data/bfi.csv, its own missing values) with
# A1-A5 ordered and C1-C5 continuous. Cases: mpHS (visual =~ x1-x3, textual =~ x4-x6),
# mpAC (A =~ A1-A5, C =~ C1-C5; BFGS with reltol 1e-14: nlminb's default tolerance stops
# 1e-5 short there, e.g. the A loadings).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mixpair.R   (writes cfa_mixpair.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
hs <- read.csv("../data/hs1939.csv")
cut4 <- function(x) as.integer(cut(x, quantile(x, c(0, .25, .5, .75, 1)), include.lowest = TRUE))
hm <- hs[, paste0("x", 1:6)]
for (v in c("x1", "x2", "x3")) hm[[v]] <- cut4(hm[[v]])
for (j in 1:6) hm[(7 * seq_len(nrow(hm)) + 3 * j) %% 13 == 0, j] <- NA
write.csv(hm, "hs_mixpair.csv", row.names = FALSE, quote = FALSE, na = "")
x_case("mpHS", "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6", hm,
       ordered = c("x1", "x2", "x3"), missing = "pairwise")
bfi <- read.csv("../data/bfi.csv")
x_case("mpAC", "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5", bfi,
       ordered = paste0("A", 1:5), missing = "pairwise", optim.method = "BFGS",
       control = list(reltol = 1e-14, maxit = 10000))
writeLines(c("key,value", out), "cfa_mixpair.csv")
