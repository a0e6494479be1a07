# General constraint lines with ordered indicators (issue 13, session 7): lavaan's WLSMV
# (delta) under constraints over three or more parameters, nonlinear ones, a defined
# parameter, and active inequalities (treated as equalities in the robust covariance and
# the scaled-shifted test: lavaan's con.jac with the active rows), single and multi-group.
# R 4.2.2, lavaan 0.6.14. Data: ../data/bfi.csv (psych::bfi as delivered), listwise over
# each model's variables, as make_ordinal_constr.R. The nonlinear and inequality cases (gnl,
# gbnd, gineq: nlminb.constr) with its outer tolerance tightened to 1e-12 (control.outer
# tol, nlminb rel.tol 1e-14) as make_nonlin.R does, so that the references are the
# constrained optimum (the defaults stop about 1e-5 short in the estimates); the linear
# equalities (lavaan's reparameterization) with the defaults, which fail with these.
# Single group (A2-A5, C1-C4; x_case of ordinal_ref.R; keys as make_ordinal_x.R):
#   gsum  a + b + c == 3            gnl   a == b^2
#   gdef  a + b + c == 3, ab := a*b gbnd  b > 1.1 (active: a bound on one parameter)
#   gineq a + b < 1.8 (active: an inequality over two parameters)
# Two groups (A2-A5 by gender; keys TAG.gG.lhs.op.rhs.{est,se}, TAG.fit.*, TAG.nG):
#   mgtie a1 == a2 (one loading equal across groups)
#   mggen a1 + b1 == a2 + b2 (a general constraint across groups)
#   mgbnd a1 > 1.3 (active: a bound in one group; tight control as gbnd)
# Run: cd tests/reference/ordinal && Rscript make_ordinal_gcon.R   (writes cfa_gcon.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
items <- c(paste0("A", 2:5), paste0("C", 1:4))
bfi0 <- read.csv("../data/bfi.csv")
bfi <- bfi0[, items]
tight <- list(rel.tol = 1e-14, control.outer = list(tol = 1e-12, itmax = 500L))
base <- "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n"
x_case("gsum", paste0(base, "a + b + c == 3"), bfi, ordered = items)
x_case("gnl", paste0(base, "a == b^2"), bfi, ordered = items, control = tight)
x_case("gdef", paste0(base, "a + b + c == 3\nab := a*b"), bfi, ordered = items)
x_case("gbnd", paste0(base, "b > 1.1"), bfi, ordered = items, control = tight)
x_case("gineq", paste0(base, "a + b < 1.8"), bfi, ordered = items, control = tight)
mg_gcon <- function(tag, model, d, ...) {
  message(tag)
  fit <- cfa(model, data = d, ordered = TRUE, group = "gender", estimator = "WLSMV", ...)
  if (!lavInspect(fit, "converged")) stop("not converged")
  pe <- subset(parameterEstimates(fit), op != "==")
  key <- sprintf("%s.g%d.%s.%s.%s", tag, pe$group, pe$lhs, pe$op, pe$rhs)
  for (col in c("est", "se")) put(paste0(key, ".", col), pe[[col]])
  fm <- fitMeasures(fit)
  for (m in c("npar", "chisq", "df", "chisq.scaled", "chisq.scaling.factor",
              "baseline.chisq", "baseline.chisq.scaled", "cfi", "tli", "rmsea", "cfi.scaled",
              "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust", "srmr"))
    put(sprintf("%s.fit.%s", tag, m), fm[[m]])
  nn <- lavInspect(fit, "nobs")
  put(paste0(tag, ".n1"), nn[1]); put(paste0(tag, ".n2"), nn[2])
}
bfa <- na.omit(bfi0[, c("A2", "A3", "A4", "A5", "gender")])
mgbase <- "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\n"
mg_gcon("mgtie", paste0(mgbase, "a1 == a2"), bfa)
mg_gcon("mggen", paste0(mgbase, "a1 + b1 == a2 + b2"), bfa)
mg_gcon("mgbnd", paste0(mgbase, "a1 > 1.3"), bfa, control = tight)
writeLines(c("key,value", out), "cfa_gcon.csv")
