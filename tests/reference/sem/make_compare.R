# make_compare.R -- reference values for `--compare FILE` with --cov and with ordered
# indicators (issue 13, session 6): lavaan 0.6.14's lavTestLRT(fit1, fit0) of nested
# single-group models. R 4.2.2. Run here: Rscript make_compare.R
#   --cov: ML fits to a sample covariance matrix (cfa/sem(sample.cov = cov(data),
#     sample.nobs = N)); lavTestLRT's standard chi2 difference.
#   ordered: WLSMV (and ULSMV) fits (cfa(ordered = ...)); lavTestLRT's default for them,
#     method "satorra.2000" with scaled.shifted = TRUE (A.method "delta").
# Writes compare_lrt.csv (and pd_cov.csv, cov() of pd.csv): case,key,value (%.17g); keys chisq0, df0 (the restricted model),
# chisq1, df1, delta_chisq, delta_df, pvalue (lavTestLRT's "Chisq diff", "Df diff",
# "Pr(>Chisq)"). Cases:
#   hs_cov:   hs.csv x1-x9, hs3.lav against the orthogonal three-factor CFA;
#   pd_cov:   pd.csv, pd_free.lav against pd.lav (equal loadings over time);
#   bfi_eq:   bfi A1-A5 all ordered, one factor with A2 and A3 loadings equal (label a)
#             against the one factor;
#   bfi_rc:   bfi A1-A5 ordered, the one factor against it with A4 ~~ A5 free;
#   bfi_eq_uls: bfi_eq with estimator ULSMV;
#   hsord_1f: ../ordinal/hs_ord.csv x1-x6 (quartile categories) one factor against
#             visual (x1-x3) and textual (x4-x6);
#   hsmix_orth: ../ordinal/hs_mixed.csv (x1-x3 ordered, x4-x9 continuous), the orthogonal
#             three-factor CFA against the oblique one.
suppressPackageStartupMessages(library(lavaan))
rows <- list()
put <- function(case, key, v) rows[[length(rows) + 1]] <<- data.frame(case = case,
  key = key, value = sprintf("%.17g", as.numeric(v)))
lrt <- function(case, fit0, fit1) {
  stopifnot(lavInspect(fit0, "converged"), lavInspect(fit1, "converged"))
  t <- lavTestLRT(fit1, fit0)
  f0 <- fitMeasures(fit0, c("chisq", "df")); f1 <- fitMeasures(fit1, c("chisq", "df"))
  vals <- c(chisq0 = f0[["chisq"]], df0 = f0[["df"]], chisq1 = f1[["chisq"]], df1 = f1[["df"]],
            delta_chisq = t[2, "Chisq diff"], delta_df = t[2, "Df diff"],
            pvalue = t[2, "Pr(>Chisq)"])
  for (k in names(vals)) put(case, k, vals[[k]])
  cat(case, sprintf("%s=%.6f", names(vals), vals), attr(t, "heading")[1], "\n")
}
hsv <- paste0("x", 1:9)
hs <- read.csv("hs.csv")
S <- cov(hs[, hsv])
rd <- function(f) paste(readLines(f), collapse = "\n")
m3 <- rd("hs3.lav")
orth <- paste(m3, "visual ~~ 0*textual + 0*speed", "textual ~~ 0*speed", sep = "\n")
lrt("hs_cov", cfa(orth, sample.cov = S, sample.nobs = nrow(hs)),
    cfa(m3, sample.cov = S, sample.nobs = nrow(hs)))
pd <- read.csv("pd.csv")
Sp <- cov(pd)
# the matrix ambidex reads with --cov (names header, full matrix, divisor N - 1)
write.table(matrix(sprintf("%.17g", Sp), nrow(Sp)), "pd_cov.csv", sep = ",", quote = FALSE,
            row.names = FALSE, col.names = colnames(Sp))
lrt("pd_cov", sem(rd("pd.lav"), sample.cov = Sp, sample.nobs = nrow(pd)),
    sem(rd("pd_free.lav"), sample.cov = Sp, sample.nobs = nrow(pd)))
bfi <- na.omit(read.csv("../data/bfi.csv")[, paste0("A", 1:5)])
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mAeq <- "A =~ A1 + a*A2 + a*A3 + A4 + A5"
mArc <- paste(mA, "A4 ~~ A5", sep = "\n")
lrt("bfi_eq", cfa(mAeq, bfi, ordered = TRUE), cfa(mA, bfi, ordered = TRUE))
lrt("bfi_rc", cfa(mA, bfi, ordered = TRUE), cfa(mArc, bfi, ordered = TRUE))
lrt("bfi_eq_uls", cfa(mAeq, bfi, ordered = TRUE, estimator = "ULSMV"),
    cfa(mA, bfi, ordered = TRUE, estimator = "ULSMV"))
ho <- read.csv("../ordinal/hs_ord.csv")[, paste0("x", 1:6)]
lrt("hsord_1f", cfa("F =~ x1 + x2 + x3 + x4 + x5 + x6", ho, ordered = TRUE),
    cfa("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6", ho, ordered = TRUE))
hm <- read.csv("../ordinal/hs_mixed.csv")
ord <- c("x1", "x2", "x3")
lrt("hsmix_orth", cfa(orth, hm, ordered = ord), cfa(m3, hm, ordered = ord))
write.csv(do.call(rbind, rows), "compare_lrt.csv", row.names = FALSE, quote = FALSE)
