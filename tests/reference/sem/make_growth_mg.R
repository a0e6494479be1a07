# make_growth_mg.R -- growth models with group = (lavaan 0.6.14 growth(group = ); issue 13
# items 5/8). Demo.growth (growth.csv, make_growth.R) split into two groups by the sign of
# its covariate x1 (grp = "high" when x1 > 0, else "low"; 190 and 210 cases), written as
# growth_mg.csv. The linear growth model
#   i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4;  s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4
# fitted by growth(..., group = "grp"): gmg_conf (no equality) and gmg_means
# (group.equal = "means": equal latent means), nlminb and Gauss-Newton to 1e-12, the lower
# fmin kept.
#   cd tests/reference/sem && Rscript make_growth_mg.R
# Writes (through mg_tables.R) growth_mg_fit.csv (model,name,value: npar, chisq, df,
# pvalue, cfi, tli, rmsea, srmr)
# and growth_mg_params.csv (model,group,lhs,op,rhs,est,se), numbers with %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_tables.R")
d <- read.csv("growth.csv")
d$grp <- ifelse(d$x1 > 0, "high", "low")
write.csv(d, "growth_mg.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("growth_mg.csv")
m <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4"
fit1 <- function(eq) {
  f0 <- growth(m, data = d, group = "grp", group.equal = eq)
  stopifnot(lavInspect(f0, "converged"))
  f1 <- growth(m, data = d, group = "grp", group.equal = eq, optim.method = "GN",
               optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000)
  if (lavInspect(f1, "converged") && fitMeasures(f1, "fmin") < fitMeasures(f0, "fmin")) f1
  else f0
}
fits <- list(gmg_conf = fit1(""), gmg_means = fit1("means"))
write_mg_tables(fits, "growth_mg")
