# lavaan's estimates on the disputed theta resamples that both tools fit (session 10): of
# lavaan's own 200 resamples of make_ordinal_mg_boot.R's theta bootstrap (mg_boot_idx.csv),
# those in mg_boot_theta.csv that lavaan fits with finite estimates (49, 86, 93, 98, 128,
# 176, 188; 188 is the one ambidex fits only when it retries from the full-data estimates),
# each fitted as lavaan's bootstrap fits it (as make_ordinal_mg_boot_theta.R: start = f0,
# the fit to all the data; one optimizer attempt; estimator "DWLS", configural, theta;
# lavaan 0.6.14), with the minimum of the objective as a chi2, 2 N fx (fx lavaan's
# objective, f@optim$fx; test = "none" leaves no fit measures).
#   cd tests/reference/ordinal && nice Rscript make_ordinal_mg_boot_kept.R  (~1 min)
# Writes mg_boot_kept.csv (model,group,lhs,op,rhs,est; model "r<b>"; the row with op
# "chisq" holds 2 N fx).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
d <- read.csv("hs_ord.csv")[, c("school", paste0("x", 1:6))]
model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6"
ix <- read.csv("mg_boot_idx.csv")
ix <- ix[ix$model == "theta", ]
kept <- c(49, 86, 93, 98, 128, 176, 188)
f0 <- cfa(model, data = d, ordered = TRUE, group = "school", estimator = "DWLS",
          parameterization = "theta", se = "none", test = "none", baseline = FALSE)
rows <- split(seq_len(nrow(d)), factor(d$school, levels = unique(d$school)))
out <- NULL
for (b in kept) {
  sel <- unlist(lapply(1:2, function(g)
    rows[[g]][as.integer(strsplit(ix$rows[ix$b == b & ix$group == g], " ")[[1]])]))
  f <- cfa(model, data = d[sel, ], ordered = TRUE, group = "school", estimator = "DWLS",
           parameterization = "theta", se = "none", test = "none", baseline = FALSE,
           h1 = FALSE, start = f0, optim.attempts = 1L, check.start = FALSE,
           check.post = FALSE)
  stopifnot(lavInspect(f, "converged"))
  pe <- parameterEstimates(f)
  out <- rbind(out, data.frame(model = paste0("r", b), group = pe$group, lhs = pe$lhs,
                               op = pe$op, rhs = pe$rhs, est = sprintf("%.17g", pe$est)),
               data.frame(model = paste0("r", b), group = 0, lhs = "", op = "chisq", rhs = "",
                          est = sprintf("%.17g", 2 * nrow(d) * f@optim$fx)))
  cat(b, lavInspect(f, "iterations"), max(abs(pe$est)), "\n")
}
write.csv(out, "mg_boot_kept.csv", row.names = FALSE, quote = FALSE)
