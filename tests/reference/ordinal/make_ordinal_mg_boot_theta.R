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
# iterations and the largest |estimate| of the fit.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
d <- read.csv("hs_ord.csv")[, c("school", paste0("x", 1:6))]
model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6"
ix <- read.csv("mg_boot_idx.csv")
ix <- ix[ix$model == "theta", ]
disputed <- c(2, 3, 5, 6, 9, 14, 15, 17, 19, 25, 26, 30, 33, 34, 42, 45, 51, 60, 65, 67, 69,
              78, 96, 102, 107, 109, 111, 124, 129, 131, 152, 155, 156, 161, 162, 168, 170,
              173, 181, 184, 188, 49, 86, 93, 98, 128, 176)
f0 <- cfa(model, data = d, ordered = TRUE, group = "school", estimator = "DWLS",
          parameterization = "theta", se = "none", test = "none", baseline = FALSE)
rows <- split(seq_len(nrow(d)), factor(d$school, levels = unique(d$school)))
out <- NULL
for (b in disputed) {
  sel <- unlist(lapply(1:2, function(g)
    rows[[g]][as.integer(strsplit(ix$rows[ix$b == b & ix$group == g], " ")[[1]])]))
  f <- cfa(model, data = d[sel, ], ordered = TRUE, group = "school", estimator = "DWLS",
           parameterization = "theta", se = "none", test = "none", baseline = FALSE,
           h1 = FALSE, start = f0, optim.attempts = 1L, check.start = FALSE,
           check.post = FALSE)
  out <- rbind(out, data.frame(b = b, converged = as.integer(lavInspect(f, "converged")),
                               iterations = lavInspect(f, "iterations"),
                               maxabs = sprintf("%.17g", max(abs(parameterEstimates(f)$est)))))
  cat(b, lavInspect(f, "converged"), "\n")
}
write.csv(out, "mg_boot_theta.csv", row.names = FALSE, quote = FALSE)
