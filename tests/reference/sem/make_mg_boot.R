# lavaan's bootstrap SEs of a multi-group fit (ambidex cfa --group VAR --group-equal ...
# --boot B): HS (hs.csv, hs3.lav) by school, metric model (group.equal = "loadings"),
# se = "bootstrap" (lavaan resamples within each group), B = 500, seed 1311.
#   cd tests/reference/sem && Rscript make_mg_boot.R
# Writes boot_mg.csv (model,group,lhs,op,rhs,est,se,se_mcsd,B): the estimates, lavaan's
# bootstrap SE of each free row and the Monte Carlo SD of that SE estimate
# sqrt((m4 - s^4) / (4 s^2 B)) from lavaan's replicates (lavInspect(fit, "boot")).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
hs <- read.csv("hs.csv")
hs3 <- paste(readLines("hs3.lav"), collapse = "\n")
set.seed(1311)
fit <- cfa(hs3, data = hs, group = "school", group.equal = "loadings", se = "bootstrap",
           bootstrap = 500, h1 = FALSE, baseline = FALSE, test = "none")
pe <- parameterEstimates(fit)
bt <- lavInspect(fit, "boot")
pt <- parTable(fit)
mcsd <- rep(NA_real_, nrow(pe))
for (i in seq_len(nrow(pe))) {
  j <- which(pt$lhs == pe$lhs[i] & pt$op == pe$op[i] & pt$rhs == pe$rhs[i] &
             pt$group == pe$group[i])
  if (length(j) == 1 && pt$free[j] > 0) {
    x <- bt[, pt$free[j]]; x <- x[is.finite(x)]
    s2 <- mean((x - mean(x))^2); m4 <- mean((x - mean(x))^4)
    mcsd[i] <- sqrt((m4 - s2^2) / (4 * s2 * length(x)))
  }
}
cat(sprintf("metric: %d replicates\n", nrow(bt)))
out <- data.frame(model = "hs_metric", group = pe$group, lhs = pe$lhs, op = pe$op,
                  rhs = pe$rhs, est = fmt(pe$est), se = fmt(pe$se), se_mcsd = fmt(mcsd),
                  B = nrow(bt))
write.csv(out, "boot_mg.csv", row.names = FALSE, quote = FALSE)
