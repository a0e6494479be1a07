# lavaan's bootstrap SEs of a multi-group fit (ambidex cfa --group VAR --group-equal ...
# --boot B): HS (hs.csv, hs3.lav) by school, metric model (group.equal = "loadings"),
# se = "bootstrap" (lavaan resamples within each group), B = 500, seed 1311.
#   cd tests/reference/sem && Rscript make_mg_boot.R
# Writes boot_mg.csv (model,group,lhs,op,rhs,est,se,se_mcsd,B): the estimates, lavaan's
# bootstrap SE of each free row and the Monte Carlo SD of that SE estimate
# sqrt((m4 - s^4) / (4 s^2 B)) from lavaan's replicates (lavInspect(fit, "boot")).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_boot_table.R")
hs <- read.csv("hs.csv")
hs3 <- paste(readLines("hs3.lav"), collapse = "\n")
set.seed(1311)
fit <- cfa(hs3, data = hs, group = "school", group.equal = "loadings", se = "bootstrap",
           bootstrap = 500, h1 = FALSE, baseline = FALSE, test = "none")
out <- mg_boot_table(fit, "hs_metric")
write.csv(out, "boot_mg.csv", row.names = FALSE, quote = FALSE)
