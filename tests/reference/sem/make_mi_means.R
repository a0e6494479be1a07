# Modification indices with a mean structure and for regressions between latent variables
# (issue 13 item 5 leftovers): lavaan 0.6.14 modindices() (expected information, its
# defaults: mi, epc, sepc.lv, sepc.all; candidates from lav_partable_full, NA rows dropped).
#   cd tests/reference/sem && Rscript make_mi_means.R
# Writes mi_means.csv (model,lhs,op,rhs,mi,epc,sepc_lv,sepc_all), numbers as %.17g:
#   hs3_means   HS three-factor CFA with meanstructure = TRUE (free intercepts)
#   pd_lvreg    PoliticalDemocracy measurement model with only dem65 ~ dem60: the reverse
#               regression dem60 ~ dem65 and the latent (residual) covariances are tested
#   growth      lavaan's Demo.growth linear growth() model: intercepts fixed at 0 and latent
#               means free, so the ~1 rows and the fixed loadings carry a mean part
# Each fit is the lower-F one of lavaan's default and its Gauss-Newton optimizer to 1e-12
# (fit_best of constr_tables.R).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
hs <- read.csv("hs.csv")
pd <- read.csv("pd.csv")
dg <- read.csv("growth.csv")
cfa_means <- function(model, data, ...) cfa(model, data = data, meanstructure = TRUE, ...)
fits <- list(
  hs3_means = fit_best(cfa_means, "visual =~ x1 + x2 + x3
                                   textual =~ x4 + x5 + x6
                                   speed =~ x7 + x8 + x9", hs),
  pd_lvreg = fit_best(sem, "ind60 =~ x1 + x2 + x3
                            dem60 =~ y1 + y2 + y3 + y4
                            dem65 =~ y5 + y6 + y7 + y8
                            dem65 ~ dem60", pd),
  growth = fit_best(growth, "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
                             s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4", dg))
rows <- do.call(rbind, lapply(names(fits), function(k) {
  mi <- modindices(fits[[k]])
  cat(sprintf("%-10s %d rows, ops %s\n", k, nrow(mi), paste(unique(mi$op), collapse = " ")))
  data.frame(model = k, lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi),
             epc = fmt(mi$epc), sepc_lv = fmt(mi$sepc.lv), sepc_all = fmt(mi$sepc.all))
}))
write.csv(rows, "mi_means.csv", row.names = FALSE, quote = FALSE)
