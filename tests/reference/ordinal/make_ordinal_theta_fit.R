# The true theta fit (issue 13, session 8): lavaan's WLSMV with parameterization = "theta"
# where the delta fit rescaled per indicator is not the theta model: constraint lines
# (the constrained parameters are on the theta scale), regressions on ordered or
# endogenous observed variables (the residual variances of all ordered y* 1), equal labels
# across indicators. R 4.2.2, lavaan 0.6.14. Data as make_ordinal_gcon.R (../data/bfi.csv,
# listwise over the model's variables), make_ordinal_path.R (hs_ord.csv, hs_mixx.csv) and
# make_ordinal_theta.R (sim7.csv). optim.method = "BFGS" with a tight reltol where lavaan's
# default nlminb stops short in the theta scale; the inequality case with nlminb.constr and
# the tight outer tolerance of make_ordinal_gcon.R.
# Cases (keys as make_ordinal_x.R via ordinal_ref.R's x_case; TAG.r2.VAR for the paths):
#   tgsum  bfi A2-A5, C1-C4: a + b + c == 3      tg2b   the same with a == 2*b
#   tgbnd  the same with b > 1.1 (active)        tlab   sim7 y1-y8 with a*y2, a*y6
#   tpmed, tpout, tppath, tpcont: make_ordinal_path.R's opmed, opout, oppath, opcont
#   tpmix  hs_mixx.csv: x3 ~ x6, x4 ~ x3, x5 ~ x4 (a path model without latent variables
#          mixing ordered x3 and continuous x4, x5; x6 a covariate)
# Run: cd tests/reference/ordinal && Rscript make_ordinal_theta_fit.R (writes cfa_theta_fit.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
bfgs <- list(optim.method = "BFGS", control = list(reltol = 1e-14, maxit = 10000))
th_case <- function(tag, model, d, ordered, opt = bfgs, ...) {
  fit <- do.call(x_case, c(list(tag, model, d, ordered = ordered,
                                parameterization = "theta"), opt, list(...)))
  r2 <- lavInspect(fit, "r2")
  for (v in names(r2)) put(sprintf("%s.r2.%s", tag, v), r2[[v]])
  invisible(fit)
}
items <- c(paste0("A", 2:5), paste0("C", 1:4))
bfi <- read.csv("../data/bfi.csv")[, items]
tight <- list(control = list(rel.tol = 1e-14, control.outer = list(tol = 1e-12, itmax = 500L)))
base <- "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n"
th_case("tgsum", paste0(base, "a + b + c == 3"), bfi, items)
th_case("tg2b", paste0(base, "a == 2*b"), bfi, items)
th_case("tgbnd", paste0(base, "b > 1.1"), bfi, items, opt = tight)
sim7 <- read.csv("sim7.csv")
th_case("tlab", "F1 =~ y1 + a*y2 + y3 + y4\nF2 =~ y5 + a*y6 + y7 + y8", sim7, paste0("y", 1:8))
ho <- read.csv("hs_ord.csv")
hm <- read.csv("hs_mixx.csv")
th_case("tpmed", "visual =~ x1 + x2 + x3\nx4 ~ visual\nx5 ~ x4 + visual", ho, paste0("x", 1:5))
th_case("tpout", "visual =~ x1 + x2 + x3\nx7 ~ visual", ho, c("x1", "x2", "x3", "x7"))
th_case("tppath", "x3 ~ x1 + x2\nx4 ~ x3\nx5 ~ x4 + x1", ho, c("x3", "x4", "x5"))
th_case("tpcont", "visual =~ x1 + x2 + x6\nx4 ~ visual\nx3 ~ x4\nx5 ~ x3 + x4", hm,
        c("x1", "x2", "x3"))
th_case("tpmix", "x3 ~ x6\nx4 ~ x3\nx5 ~ x4", hm, c("x1", "x2", "x3"))
writeLines(c("key,value", out), "cfa_theta_fit.csv")
