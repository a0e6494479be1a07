# lavaan's verdict on the theta resamples that ambidex leaves out (session 9): of lavaan's own
# 200 resamples of make_ordinal_mg_boot.R's theta bootstrap (mg_boot_idx.csv,
# make_ordinal_mg_boot_idx.R), the 41 whose theta refit ambidex reports as having no finite
# solution (39; the delta fit of each has a residual variance at or below 0) or a singular
# information matrix (2), and the 6 it keeps with a Pasteur visual ~~ visual above 20, each
# fitted as lavaan's bootstrap fits it: from the estimates of the fit to all the data
# (start = f0), one optimizer attempt, no start or post checks, estimator "DWLS",
# configural, parameterization "theta" (lavaan 0.6.14). Rerunning the whole bootstrap to
# keep each replicate (about an hour under load) did not fit in the session; lavaan leaves
# a replicate out exactly when its fit does not converge (lav_bootstrap_internal).
#   cd tests/reference/ordinal && nice Rscript make_ordinal_mg_boot_theta.R  (~30 min)
# Writes mg_boot_theta.csv (b,converged,iterations,maxabs): lavaan's converged flag, its
# iterations and the largest |estimate| of the fit. The fit itself: mg_boot_refit.R (session
# 10, shared with make_ordinal_mg_boot_kept.R).
source("mg_boot_refit.R") # d, model, ix, f0, refit(b)
disputed <- c(2, 3, 5, 6, 9, 14, 15, 17, 19, 25, 26, 30, 33, 34, 42, 45, 51, 60, 65, 67, 69,
              78, 96, 102, 107, 109, 111, 124, 129, 131, 152, 155, 156, 161, 162, 168, 170,
              173, 181, 184, 188, 49, 86, 93, 98, 128, 176)
out <- NULL
for (b in disputed) {
  f <- refit(b)
  out <- rbind(out, data.frame(b = b, converged = as.integer(lavInspect(f, "converged")),
                               iterations = lavInspect(f, "iterations"),
                               maxabs = sprintf("%.17g", max(abs(parameterEstimates(f)$est)))))
  cat(b, lavInspect(f, "converged"), "\n")
}
write.csv(out, "mg_boot_theta.csv", row.names = FALSE, quote = FALSE)
