# Swiss path model with fixed.x = FALSE (issue 12 item 3): the covariances among the
# exogenous observed covariates (Catholic, Agriculture) are free parameters and the
# baseline model keeps them. lavaan 0.6.14.
#   cd tests/reference/sem && Rscript make_swiss.R
suppressPackageStartupMessages(library(lavaan))
write.csv(swiss, "swiss.csv", row.names = FALSE, quote = FALSE)
m <- "Education ~ Catholic + Agriculture
Examination ~ Education + Agriculture
Fertility ~ Education + Examination + Catholic
"
writeLines(m, "swiss.lav", sep = "")
f <- sem(m, data = swiss, fixed.x = FALSE)
fm <- fitMeasures(f)
write.csv(data.frame(name = names(fm), value = as.numeric(fm)), "swiss_nofx_fit.csv", quote = FALSE,
          row.names = FALSE)
pe <- parameterEstimates(f)
write.csv(pe[, c("lhs", "op", "rhs", "est", "se")], "swiss_nofx_params.csv", row.names = FALSE,
          quote = FALSE)
