# FIML references for the swiss path model (issue 12 item 3 under FIML): lavaan 0.6.14
# missing = "ml" on R's swiss data, complete and with cells made missing by a fixed rule.
#   cd tests/reference/sem && Rscript make_swiss_fiml.R
# Missing rule (no randomness): with i the row (1..47) and j the column of swiss (1
# Fertility, 2 Agriculture, 3 Examination, 4 Education, 5 Catholic), cell (i, j) is NA
# when (7 i + 3 j) %% 11 == 0 or (5 i + j) %% 17 == 0: some rows lack one value, some two,
# none all; both exogenous covariates (Catholic, Agriculture) have missing cells.
# Writes swiss_missing.csv and, per fit, swiss_fiml_fit.csv (model,name,value) and
# swiss_fiml_params.csv (model,lhs,op,rhs,est,se):
#   nofx_complete  fixed.x = FALSE, missing = "ml", complete swiss
#   nofx_missing   fixed.x = FALSE, missing = "ml", swiss_missing.csv
#   fx_complete    fixed.x = TRUE (lavaan's default), missing = "ml", complete swiss
#   fx_missing     fixed.x = TRUE, missing = "ml", swiss_missing.csv (lavaan drops the
#                  cases with a missing exogenous covariate)
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("lavaan_tables.R")
sw <- read.csv("swiss.csv")
m <- paste(readLines("swiss.lav"), collapse = "\n")
swm <- sw
for (i in seq_len(nrow(sw))) for (j in 1:5)
  if ((7 * i + 3 * j) %% 11 == 0 || (5 * i + j) %% 17 == 0) swm[i, j] <- NA
stopifnot(all(rowSums(!is.na(swm[, 1:5])) > 0))
write.csv(swm, "swiss_missing.csv", row.names = FALSE, na = "", quote = FALSE)
cat("missing cells per column:", colSums(is.na(swm[, 1:5])), "\n")
fit1 <- function(d, fx) {
  f0 <- sem(m, data = d, missing = "ml", fixed.x = fx)
  f1 <- sem(m, data = d, missing = "ml", fixed.x = fx, optim.method = "GN",
            optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000)
  if (!lavInspect(f1, "converged") || fitMeasures(f1, "fmin") > fitMeasures(f0, "fmin")) f1 <- f0
  f1
}
fits <- list(nofx_complete = fit1(sw, FALSE), nofx_missing = fit1(swm, FALSE),
             fx_complete = fit1(sw, TRUE), fx_missing = fit1(swm, TRUE))
write_lavaan_tables(fits, "swiss_fiml")
