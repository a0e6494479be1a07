# make_mg_gcon.R -- general constraints with group = (lavaan 0.6.14; issue 13 item 5 across
# groups): the HS three-factor CFA across school, cfa(..., group = "school"), with c()
# labels per group (a1/a2 the x2 loadings, b1/b2 x3, c1/c2 x8, d1/d2 x9) and constraint
# lines over them, some tying two groups' labels.
#   cd tests/reference/sem && Rscript make_mg_gcon.R
# Models:
#   mgc_cross     a1 == 0.5*a2 (a linear tie of two groups' loadings)
#   mgc_lin3      c1 + c2 + d1 == 3.3 (linear over three free parameters, two groups)
#   mgc_nonlin    a1 == b1^2 and c1*d2 == 1.2 (nonlinear; the second across the groups)
#   mgc_plain     a*x2 + b*x3 in every group (one parameter each across the groups) and
#                 a == b^2
#   mgc_ineq      b2 - b1 > 0.5 (active) and c1 + d1 > 1 (inactive), lavaan's
#                 nlminb.constr, which stops near the bound: estimates to about 1e-4
#   mgc_ineq_fixed the same with b2 - b1 == 0.5: the exact optimum of mgc_ineq
#   mgc_nonlin_mlr mgc_nonlin with estimator = "MLR"
# Writes (mg_tables.R) mgc_fit.csv (model,name,value: npar, chisq, df, pvalue, cfi,
# tli, rmsea, srmr) and mgc_params.csv (model,group,lhs,op,rhs,est,se), numbers %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_tables.R")
hs <- read.csv("hs.csv")
base <- paste0("visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\n",
               "speed =~ x7 + c(c1, c2)*x8 + c(d1, d2)*x9\n")
plain <- "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
# how: "gn" also fits by Gauss-Newton to 1e-12 and keeps the lower fmin (linear
# equalities); "tight" runs nlminb.constr with tight tolerances (rel.tol, x.tol 1e-14):
# at its defaults it stops about 2e-7 off a nonlinear equality, with a LOWER fmin than the
# optimum (mgc_plain: chisq 118.7774695 against 118.7774702), so the lower fmin is not the
# better fit there; "plain" lavaan's defaults (the inequality model).
fit1 <- function(model, how, est = "ML") {
  fit <- function(...) suppressWarnings(cfa(model, data = hs, group = "school", estimator = est,
                                            ...))
  if (how == "tight")
    return(fit(control = list(rel.tol = 1e-14, x.tol = 1e-14, eval.max = 20000,
                              iter.max = 20000)))
  f0 <- fit()
  stopifnot(lavInspect(f0, "converged"))
  if (how == "plain") return(f0)
  f1 <- try(fit(optim.method = "GN", optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000),
            silent = TRUE)
  if (!inherits(f1, "try-error") && lavInspect(f1, "converged") &&
      fitMeasures(f1, "fmin") < fitMeasures(f0, "fmin")) f1 else f0
}
fits <- list(
  mgc_cross = fit1(paste0(base, "a1 == 0.5*a2\n"), "gn"),
  mgc_lin3 = fit1(paste0(base, "c1 + c2 + d1 == 3.3\n"), "gn"),
  mgc_nonlin = fit1(paste0(base, "a1 == b1^2\nc1*d2 == 1.2\n"), "tight"),
  mgc_plain = fit1(paste0(plain, "a == b^2\n"), "tight"),
  mgc_ineq = fit1(paste0(base, "b2 - b1 > 0.5\nc1 + d1 > 1\n"), "plain"),
  mgc_ineq_fixed = fit1(paste0(base, "b2 - b1 == 0.5\n"), "gn"),
  mgc_nonlin_mlr = fit1(paste0(base, "a1 == b1^2\nc1*d2 == 1.2\n"), "tight", "MLR"))
write_mg_tables(fits, "mgc")
