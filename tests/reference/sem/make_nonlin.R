# General constraints (issue 13 item 5, leftovers): linear equalities over three or more
# free parameters and nonlinear equalities/inequalities. lavaan 0.6.14, default ML (expected
# information), on HolzingerSwineford1939 (hs.csv) and PoliticalDemocracy (pd.csv).
#   cd tests/reference/sem && Rscript make_nonlin.R
# Writes nonlin_fit.csv (model,name,value) and nonlin_params.csv (model,lhs,op,rhs,est,se;
# constraint rows left out, := rows kept), numbers as %.17g:
#   pd_lin3      PoliticalDemocracy (tutorial model) with a1 + b1 + c1 == 3.6 and
#                a2 - 2*b2 + c2 == 0 (three free loadings each)
#   hs_lin3      HS three factors with a + b + c == 3 (one loading of each factor)
#   hs_nonlin    HS three factors with a == b^2, c*d == 1.2, e/f == 1.1 and ab := a*b
#   hs_ineq      HS three factors with c > exp(d) - 1.7 (active at the optimum) and
#                a < b^2 + 1 (inactive)
#   pd_nonlin    PoliticalDemocracy with labelled regressions, b*c == 0.5 and a1 == b1^2
# and nonlin_mlr_fit.csv, nonlin_mlr_params.csv (also chisq.scaled):
#   hs_mlr       HS with a == b^2 and c > exp(d) - 1.7 (active) under estimator = "MLR"
#                (a/c == 1.8 is left out: lavaan's fit fails, c starting at 0)
# lavaan fits linear equalities by its null-space reparameterization (here also by its
# Gauss-Newton optimizer to 1e-12, keeping the lower F: fit_best of constr_tables.R) and
# nonlinear ones by nlminb.constr (augmented Lagrangian), whose outer tolerance (1e-6 on
# the constraints) is tightened here to 1e-12 (control.outer tol, nlminb rel.tol 1e-14) so
# that the references are the exact constrained optimum; the default-tolerance fits differ
# from these by the figure printed at the end (max abs difference of the estimates).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
hs <- read.csv("hs.csv")
pd <- read.csv("pd.csv")
pd_base <- "
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + a1*y2 + b1*y3 + c1*y4
    dem65 =~ y5 + a2*y6 + b2*y7 + c2*y8
    y1 ~~ y5
    y2 ~~ y4 + y6
    y3 ~~ y7
    y4 ~~ y8
    y6 ~~ y8
"
models <- list(
  pd_lin3 = list(pd, paste(pd_base, "
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
    a1 + b1 + c1 == 3.6
    a2 - 2*b2 + c2 == 0")),
  hs_lin3 = list(hs, "
    visual =~ x1 + a*x2 + x3
    textual =~ x4 + b*x5 + x6
    speed =~ x7 + c*x8 + x9
    a + b + c == 3"),
  hs_nonlin = list(hs, "
    visual =~ x1 + a*x2 + b*x3
    textual =~ x4 + e*x5 + f*x6
    speed =~ x7 + c*x8 + d*x9
    a == b^2
    c*d == 1.2
    e/f == 1.1
    ab := a*b"),
  hs_ineq = list(hs, "
    visual =~ x1 + a*x2 + b*x3
    textual =~ x4 + x5 + x6
    speed =~ x7 + c*x8 + d*x9
    c > exp(d) - 1.7
    a < b^2 + 1"),
  pd_nonlin = list(pd, paste(pd_base, "
    dem60 ~ a*ind60
    dem65 ~ b*ind60 + c*dem60
    b*c == 0.5
    a1 == b1^2")))
tight <- list(rel.tol = 1e-14, control.outer = list(tol = 1e-12, itmax = 500L))
linear <- c("pd_lin3", "hs_lin3")
fits <- lapply(names(models), function(k) {
  m <- models[[k]]
  if (k %in% linear) fit_best(sem, m[[2]], m[[1]]) else sem(m[[2]], data = m[[1]], control = tight)
})
names(fits) <- names(models)
dflt <- lapply(models, function(m) sem(m[[2]], data = m[[1]]))
write_constr_tables(fits, "nonlin", c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea",
                                      "srmr", "logl", "aic", "bic"))
for (k in names(fits)) {
  d <- max(abs(coef(fits[[k]]) - coef(dflt[[k]])))
  cat(sprintf("%-10s converged %s; default tolerance differs by %.2g\n", k,
              lavInspect(fits[[k]], "converged"), d))
}
# MLR (robust SEs, Yuan-Bentler scaled chi2) under a nonlinear equality and an active
# nonlinear inequality: nonlin_mlr_fit.csv, nonlin_mlr_params.csv (same layout).
mlr <- list(hs_mlr = cfa("
    visual =~ x1 + a*x2 + b*x3
    textual =~ x4 + e*x5 + f*x6
    speed =~ x7 + c*x8 + d*x9
    a == b^2
    c > exp(d) - 1.7
    ab := a*b", data = hs, estimator = "MLR", control = tight))
write_constr_tables(mlr, "nonlin_mlr", c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea",
                                         "srmr", "logl", "aic", "bic", "chisq.scaled"))
