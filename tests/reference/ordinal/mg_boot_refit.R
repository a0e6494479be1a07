# Shared by make_ordinal_mg_boot_theta.R and make_ordinal_mg_boot_kept.R (sourced): hs_ord.csv
# x1-x6 by school, the two-factor model, lavaan's theta resamples (mg_boot_idx.csv), the fit to
# all the data (f0) and refit(b), lavaan's resample b fitted as its bootstrap fits a replicate:
# start = f0, one optimizer attempt, no start or post checks, estimator "DWLS", configural,
# parameterization "theta".
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
d <- read.csv("hs_ord.csv")[, c("school", paste0("x", 1:6))]
model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6"
ix <- read.csv("mg_boot_idx.csv")
ix <- ix[ix$model == "theta", ]
f0 <- cfa(model, data = d, ordered = TRUE, group = "school", estimator = "DWLS",
          parameterization = "theta", se = "none", test = "none", baseline = FALSE)
rows <- split(seq_len(nrow(d)), factor(d$school, levels = unique(d$school)))
refit <- function(b) {
  sel <- unlist(lapply(1:2, function(g)
    rows[[g]][as.integer(strsplit(ix$rows[ix$b == b & ix$group == g], " ")[[1]])]))
  cfa(model, data = d[sel, ], ordered = TRUE, group = "school", estimator = "DWLS",
      parameterization = "theta", se = "none", test = "none", baseline = FALSE,
      h1 = FALSE, start = f0, optim.attempts = 1L, check.start = FALSE, check.post = FALSE)
}
