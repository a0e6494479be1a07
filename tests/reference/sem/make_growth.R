# Growth-model and composite references (issue 13 item 6): lavaan 0.6.14 growth() on its
# Demo.growth data (exported here as growth.csv: t1-t4, x1, x2, c1-c4, 400 cases) and a
# formative composite (<~) on HolzingerSwineford1939 (hs.csv) with sem().
#   cd tests/reference/sem && Rscript make_growth.R
# Writes growth_fit.csv (model,name,value) and growth_params.csv (model,lhs,op,rhs,est,se):
#   linear     i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4 (lavaan's
#              growth() example)
#   quadratic  the same with q =~ 0*t1 + 1*t2 + 4*t3 + 9*t4
#   covariate  linear with i ~ x1 + x2; s ~ x1 + x2 (the conditional model of the tutorial)
#   composite  f <~ x1 + x2 + x3; f =~ x4 + x5 (sem(): f's residual variance fixed at 0,
#              x1-x3 exogenous, fixed.x)
# Each fit is also run by the Gauss-Newton optimizer to 1e-12, keeping the lower fmin.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
write.csv(Demo.growth, "growth.csv", row.names = FALSE, quote = FALSE)
dg <- read.csv("growth.csv")
hs <- read.csv("hs.csv")
lin <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
        s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4"
models <- list(
  linear = list(dg, lin, growth),
  quadratic = list(dg, "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
                        s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4
                        q =~ 0*t1 + 1*t2 + 4*t3 + 9*t4", growth),
  covariate = list(dg, paste(lin, "\n i ~ x1 + x2\n s ~ x1 + x2"), growth),
  composite = list(hs, "f <~ x1 + x2 + x3
                        f =~ x4 + x5", sem))
fits <- lapply(models, function(m) fit_best(m[[3]], m[[2]], m[[1]]))
write_constr_tables(fits, "growth", c("npar", "chisq", "df", "pvalue", "baseline.chisq",
                                      "baseline.df", "cfi", "tli", "rmsea", "srmr", "logl",
                                      "aic", "bic"))
