# Categorical SEM with observed exogenous predictors (lavaan's conditional.x = TRUE, the
# default with ordered indicators and covariates): per ordered item a probit regression on
# the covariates (thresholds and slopes), residual polychoric correlations, their Gamma, then
# DWLS (WLSMV) on the conditional model. R 4.2.2, lavaan 0.6.14. Needs ../data/bfi.csv
# (psych::bfi, A1-A5 as delivered). Listwise over the model's variables. Cases: xmimic (MIMIC:
# f ~ age + gender), xdirect (f ~ age + education, A2 ~ gender: an ordered item on a
# covariate directly), xmimth (xmimic in the theta parameterization, optim.method = "BFGS"
# with reltol 1e-14: the default tolerance leaves differences of 1e-5 there); and with
# missing = "pairwise": pwA (A1-A5 CFA), pwAC (A1-A5, C1-C5, two factors), pwmimic, pwdirect.
# Run: cd tests/reference/ordinal && Rscript make_ordinal_x.R   (writes cfa_x.csv)
suppressMessages(library(lavaan))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", ifelse(is.na(v), "NA", sprintf("%.17g", v))))
x_case <- function(tag, model, d, ordered = paste0("A", 1:5), ...) {
  message(tag)
  fit <- sem(model, data = d, ordered = ordered, estimator = "WLSMV", ...)
  if (!lavInspect(fit, "converged")) stop("not converged")
  pe <- subset(parameterEstimates(fit, standardized = TRUE), op != "~*~")
  key <- paste(tag, pe$lhs, pe$op, pe$rhs, sep = ".")
  for (col in c("est", "se", "std.all")) put(paste0(key, ".", sub(".", "_", col, fixed = TRUE)), pe[[col]])
  fm <- fitMeasures(fit)
  for (m in c("chisq", "df", "chisq.scaled", "chisq.scaling.factor", "baseline.chisq",
              "baseline.chisq.scaled", "cfi", "tli", "cfi.scaled", "tli.scaled", "rmsea",
              "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust", "srmr"))
    put(sprintf("%s.fit.%s", tag, m), if (m %in% names(fm)) fm[[m]] else NA)
  put(paste0(tag, ".n"), lavInspect(fit, "nobs"))
  ss <- lavInspect(fit, "sampstat")
  sl <- if (is.null(ss$res.slopes)) matrix(0, 0, 0) else ss$res.slopes
  for (i in seq_len(nrow(sl))) for (j in seq_len(ncol(sl)))
    put(sprintf("%s.slope.%s.%s", tag, rownames(sl)[i], colnames(sl)[j]), sl[i, j])
  rc <- if (is.null(ss$res.cov)) ss$cov else ss$res.cov
  for (j in 1:(ncol(rc) - 1)) for (i in (j + 1):ncol(rc))
    put(sprintf("%s.rho.%s.%s", tag, rownames(rc)[i], colnames(rc)[j]), rc[i, j])
  invisible(fit)
}
bfi <- read.csv("../data/bfi.csv")
m1 <- "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + gender"
m2 <- "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + education\nA2 ~ gender"
x_case("xmimic", m1, bfi)
x_case("xdirect", m2, bfi)
x_case("xmimth", m1, bfi, parameterization = "theta", optim.method = "BFGS",
       control = list(reltol = 1e-14, maxit = 10000))
## missing = "pairwise" (thresholds from each item's available cases, polychorics from each
## pair's; cases missing a covariate or every item are left out): all 2800 rows of bfi, 2577
## with education
mAC <- "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5"
x_case("pwA", "A =~ A1 + A2 + A3 + A4 + A5", bfi, missing = "pairwise")
x_case("pwAC", mAC, bfi, ordered = c(paste0("A", 1:5), paste0("C", 1:5)), missing = "pairwise")
x_case("pwmimic", m1, bfi, missing = "pairwise")
x_case("pwdirect", m2, bfi, missing = "pairwise")
writeLines(c("key,value", out), "cfa_x.csv")
