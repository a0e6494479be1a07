# make_mlm_fixedx.R -- single-group MLM (Satorra-Bentler) with fixed exogenous covariates
# (lavaan 0.6.14, fixed.x = TRUE, its default: Gamma conditional on the covariates; issue 13).
#   cd tests/reference/sem && Rscript make_mlm_fixedx.R   # reads hs.csv, ../data/bfi.csv
# Models (sem(M, data, estimator = "MLM"), nlminb then Gauss-Newton to 1e-12, lower fmin kept):
#   hs3x   hs.csv: visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9;
#          visual ~ ageyr + grade (lavaan drops the case missing grade)
#   hs2x   hs.csv: the same without speed
#   hs2xm  hs2x with a mean structure, x4 and x6 intercepts equal (x4 ~ i*1; x6 ~ i*1)
#   bfix   ../data/bfi.csv: agree =~ A1+...+A5; consc =~ C1+...+C5; agree ~ age + gender;
#          consc ~ age + gender (listwise: n = 2632)
#   hs3x_eq  hs3x with textual =~ x4 + l*x5 + l*x6 (m0 of the difference test)
#   grx    growth.csv: growth(i =~ 1*t1+1*t2+1*t3+1*t4; s =~ 0*t1+1*t2+2*t3+3*t4;
#          i ~ x1 + x2; s ~ x1 + x2) (restricted means, fixed covariates)
#   gr     the same growth() without the covariates (restricted means: Gamma at the
#          sample means, not at the model's)
#   hs3x_MLR, hs2xm_MLR, bfix_MLR   hs3x, hs2xm, bfix with estimator = "MLR" (the baseline's
#          scaling with fixed covariates: cfi.scaled, cfi.robust)
# Writes mlm_fixedx_fit.csv (model,name,value: the fitMeasures rows below),
# mlm_fixedx_params.csv (model,lhs,op,rhs,est,se; =~, ~, ~~, ~1 rows with an SE) and
# mlm_fixedx_lrt.csv (test,method,chisq_diff,df_diff,pvalue: lavTestLRT(hs3x, hs3x_eq)
# with satorra.bentler.2001 and satorra.bentler.2010), numbers with %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
hs <- read.csv("hs.csv"); bfi <- read.csv("../data/bfi.csv"); dg <- read.csv("growth.csv")
fit1 <- function(model, data, fn = "sem", est = "MLM") { # fn by name: lavaan reads model.type
  f0 <- do.call(fn, list(model = model, data = data, estimator = est))
  stopifnot(lavInspect(f0, "converged"))
  f1 <- suppressWarnings(do.call(fn, list(model = model, data = data, estimator = est,
    optim.method = "GN", optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000)))
  if (!lavInspect(f1, "converged")) return(f0)
  if (fitMeasures(f1, "fmin") > fitMeasures(f0, "fmin")) f1 <- f0
  f1
}
H3 <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
H2 <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
X <- "visual ~ ageyr + grade\n"
G <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4\n"
models <- list(
  hs3x = list(paste0(H3, X), hs),
  hs2x = list(paste0(H2, X), hs),
  hs2xm = list(paste0(H2, X, "x4 ~ i*1\nx6 ~ i*1\n"), hs),
  bfix = list(paste0("agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5\n",
                     "agree ~ age + gender\nconsc ~ age + gender\n"), bfi),
  hs3x_eq = list(paste0(sub("x4 + x5 + x6", "x4 + l*x5 + l*x6", H3, fixed = TRUE), X), hs),
  grx = list(paste0(G, "i ~ x1 + x2\ns ~ x1 + x2\n"), dg, "growth"),
  gr = list(G, dg, "growth"),
  hs3x_MLR = list(paste0(H3, X), hs, "sem", "MLR"),
  hs2xm_MLR = list(paste0(H2, X, "x4 ~ i*1\nx6 ~ i*1\n"), hs, "sem", "MLR"),
  bfix_MLR = list(paste0("agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5\n",
                         "agree ~ age + gender\nconsc ~ age + gender\n"), bfi, "sem", "MLR"))
meas <- c("ntotal", "npar", "chisq", "df", "pvalue", "chisq.scaled", "chisq.scaling.factor",
          "pvalue.scaled", "baseline.chisq", "baseline.df", "baseline.chisq.scaled",
          "baseline.chisq.scaling.factor", "cfi", "tli", "cfi.scaled", "tli.scaled",
          "cfi.robust", "tli.robust", "rmsea", "rmsea.scaled", "rmsea.robust",
          "rmsea.ci.lower.robust", "rmsea.ci.upper.robust")
fits <- lapply(models, function(m) fit1(m[[1]], m[[2]], if (length(m) > 2) m[[3]] else "sem",
                                        if (length(m) > 3) m[[4]] else "MLM"))
frows <- list(); prows <- list()
for (nm in names(fits)) {
  fi <- fits[[nm]]
  fm <- suppressWarnings(fitMeasures(fi))
  v <- sapply(meas, function(k) if (k %in% names(fm)) unname(fm[k]) else NA)
  frows[[nm]] <- data.frame(model = nm, name = meas, value = fmt(v))
  pe <- parameterEstimates(fi)
  pe <- pe[pe$op %in% c("=~", "~", "~~", "~1") & !is.na(pe$se) & pe$se > 0, ]
  prows[[nm]] <- data.frame(model = nm, lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
                            est = fmt(pe$est), se = fmt(pe$se))
  cat(sprintf("%-8s n=%d chisq=%.6f df=%d scaled=%.6f c=%.7f\n", nm, lavInspect(fi, "ntotal"),
              fm["chisq"], as.integer(fm["df"]), fm["chisq.scaled"], fm["chisq.scaling.factor"]))
}
lrows <- list()
for (me in c("satorra.bentler.2001", "satorra.bentler.2010")) {
  lt <- lavTestLRT(fits$hs3x, fits$hs3x_eq, method = me)
  lrows[[me]] <- data.frame(test = "hs3x_eq", method = me, chisq_diff = fmt(lt[2, "Chisq diff"]),
                            df_diff = fmt(lt[2, "Df diff"]), pvalue = fmt(lt[2, "Pr(>Chisq)"]))
}
write.csv(do.call(rbind, frows), "mlm_fixedx_fit.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, prows), "mlm_fixedx_params.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, lrows), "mlm_fixedx_lrt.csv", row.names = FALSE, quote = FALSE)
print(do.call(rbind, lrows))
