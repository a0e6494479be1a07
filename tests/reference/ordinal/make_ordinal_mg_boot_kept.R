# lavaan's estimates on the disputed theta resamples that both tools fit (session 10): of
# lavaan's own 200 resamples of make_ordinal_mg_boot.R's theta bootstrap (mg_boot_idx.csv),
# those in mg_boot_theta.csv that lavaan fits and ambidex keeps (49, 86, 93, 98, 128, 176,
# 188; not 102, which lavaan stops far out on the way to infinity; 188 ambidex fits only
# when it retries from the full-data estimates), each fitted as lavaan's bootstrap fits it
# (mg_boot_refit.R: start = f0, the fit to all the data; one optimizer attempt; estimator
# "DWLS", configural, theta; lavaan 0.6.14), with the minimum of the objective as a chi2,
# 2 N fx (fx lavaan's objective, f@optim$fx; test = "none" leaves no fit measures).
#   cd tests/reference/ordinal && nice Rscript make_ordinal_mg_boot_kept.R  (~1 min)
# Writes mg_boot_kept.csv (model,group,lhs,op,rhs,est; model "r<b>"; the row with op
# "chisq" holds 2 N fx).
source("mg_boot_refit.R") # d, model, ix, f0, refit(b)
kept <- c(49, 86, 93, 98, 128, 176, 188)
out <- NULL
for (b in kept) {
  f <- refit(b)
  stopifnot(lavInspect(f, "converged"))
  pe <- parameterEstimates(f)
  out <- rbind(out, data.frame(model = paste0("r", b), group = pe$group, lhs = pe$lhs,
                               op = pe$op, rhs = pe$rhs, est = sprintf("%.17g", pe$est)),
               data.frame(model = paste0("r", b), group = 0, lhs = "", op = "chisq", rhs = "",
                          est = sprintf("%.17g", 2 * nrow(d) * f@optim$fx)))
  cat(b, lavInspect(f, "iterations"), max(abs(pe$est)), "\n")
}
write.csv(out, "mg_boot_kept.csv", row.names = FALSE, quote = FALSE)
