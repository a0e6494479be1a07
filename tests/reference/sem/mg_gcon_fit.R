# mg_gcon_fit.R -- the multi-group fit of the HS CFA across school with constraint lines,
# sourced by make_mg_gcon_score.R, make_mg_gcon_sb2010.R and make_gcon_score.R:
# how "tight" runs nlminb.constr with tight tolerances (nonlinear lines); otherwise the
# linear lines are also fitted by Gauss-Newton to 1e-12 and the lower fmin is kept. Also
# defines hs, fmt (%.17g, NA) and base (the c() labels of make_mg_gcon.R).
hs <- read.csv("hs.csv")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
base <- paste0("visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\n",
               "speed =~ x7 + c(c1, c2)*x8 + c(d1, d2)*x9\n")
mg_gcon_fit <- function(model, eq, how, est = "ML") {
  fit <- function(...) suppressWarnings(cfa(model, data = hs, group = "school",
                                            group.equal = eq, estimator = est, ...))
  if (how == "tight")
    return(fit(control = list(rel.tol = 1e-14, x.tol = 1e-14, eval.max = 20000,
                              iter.max = 20000)))
  f0 <- fit()
  stopifnot(lavInspect(f0, "converged"))
  f1 <- try(fit(optim.method = "GN", optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000),
            silent = TRUE)
  if (!inherits(f1, "try-error") && lavInspect(f1, "converged") &&
      fitMeasures(f1, "fmin") < fitMeasures(f0, "fmin")) f1 else f0
}
