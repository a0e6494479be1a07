# make_invariance.R -- reference fixtures for ambidex's multi-group CFA (issue 13 items 7-8):
# strict and partial invariance, lavaan's group.equal names, per-group parameter tables,
# multi-group MLR and MLM, and Satorra-Bentler scaled chi2 difference tests.
#
# Run:  cd tests/reference/sem && Rscript make_invariance.R
# Reads hs.csv and hs3.lav (written by make_sem.R). Writes:
#   inv_fit.csv     estimator,model,name,value   fitMeasures of each multi-group fit
#   inv_params.csv  estimator,model,group,lhs,op,rhs,est,se,std_all   parameterEstimates per group
#   inv_lrt.csv     estimator,model,method,chisq,df,pvalue   lavTestLRT(previous, this)
# Models (cfa(hs3, hs, group = "school", group.equal = ..., group.partial = ...)):
#   configural, metric (loadings), scalar (+ intercepts), strict (+ residuals),
#   partial (scalar with group.partial = c("x3~1", "speed=~x9")),
#   all (every group.equal name: loadings, intercepts, residuals, means, lv.variances,
#        lv.covariances, regressions, residual.covariances).
# Estimators ML, MLR, MLM. Numbers are written with %.17g. Re-runnable.
# Then FIML across groups: the same sequence configural..strict on hs_missing.csv
# (make_sem.R: HS with MCAR holes) with missing = "ml", ML and MLR (lavaan's defaults there:
# observed information; robust CFI/TLI/RMSEA FIML-corrected). Writes mgf_fit.csv,
# mgf_params.csv, mgf_lrt.csv (columns as above; lrt method "default").
# And lavTestScore's univariate score tests of the equality constraints (expected
# information, lavaan's default) of the ML metric, scalar and strict fits, complete
# (data "complete") and FIML (data "fiml"): inv_score.csv
#   data,model,lhs,op,rhs,group,X2,pvalue   (group: the second parameter's group label)
suppressPackageStartupMessages(library(lavaan))
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
cat(R.version.string, " lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
hs <- read.csv("hs.csv")
model <- paste(readLines("hs3.lav"), collapse = "\n")
eq <- list(configural = "none", metric = "loadings",
           scalar = c("loadings", "intercepts"),
           strict = c("loadings", "intercepts", "residuals"),
           partial = c("loadings", "intercepts"),
           all = c("loadings", "intercepts", "residuals", "means", "lv.variances",
                   "lv.covariances", "regressions", "residual.covariances"))
partial <- list(partial = c("x3~1", "speed=~x9"))
fitnames <- c("chisq", "df", "npar", "pvalue", "cfi", "tli", "rmsea", "srmr",
              "baseline.chisq", "baseline.df", "chisq.scaled", "chisq.scaling.factor",
              "pvalue.scaled", "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
              "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust",
              "rmsea.robust")
frows <- list(); prows <- list(); lrows <- list()
# fitMeasures and per-group parameterEstimates of fit fi into frows and prows
srows <- list()
# lavTestScore(fi)$uni with each constraint's parameter and its second group
score_rows <- function(fi, data, lv) {
  u <- lavTestScore(fi)$uni
  pt <- parTable(fi)
  r <- match(u$rhs, pt$plabel)
  srows[[paste(data, lv)]] <<- data.frame(data = data, model = lv, lhs = pt$lhs[r],
    op = pt$op[r], rhs = pt$rhs[r], group = lavInspect(fi, "group.label")[pt$group[r]],
    X2 = fmt(u$X2), pvalue = fmt(u$p.value))
}
record <- function(fi, est, lv, names) {
  fm <- fitMeasures(fi)
  fm <- fm[intersect(names, names(fm))]
  frows[[paste(est, lv)]] <<- data.frame(estimator = est, model = lv, name = names(fm),
                                         value = fmt(unname(fm)))
  pe <- parameterEstimates(fi, standardized = TRUE)
  pe <- pe[pe$op %in% c("=~", "~~", "~1", "~"), ]
  prows[[paste(est, lv)]] <<- data.frame(estimator = est, model = lv,
                                         group = lavInspect(fi, "group.label")[pe$group],
                                         lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
                                         est = fmt(pe$est), se = fmt(pe$se),
                                         std_all = fmt(pe$std.all))
  cat(sprintf("%-4s %-10s chisq=%.6f df=%d n=%s\n", est, lv, fm["chisq"],
              as.integer(fm["df"]), paste(lavInspect(fi, "nobs"), collapse = "/")))
}
for (est in c("ML", "MLR", "MLM")) {
  fits <- list()
  for (lv in names(eq)) {
    gp <- if (is.null(partial[[lv]])) "" else partial[[lv]]
    fi <- cfa(model, data = hs, group = "school", group.equal = eq[[lv]],
              group.partial = gp, estimator = est,
              control = list())
    stopifnot(lavInspect(fi, "converged"))
    fits[[lv]] <- fi
    record(fi, est, lv, fitnames)
    if (est == "ML" && lv %in% c("metric", "scalar", "strict")) score_rows(fi, "complete", lv)
  }
  pairs <- list(metric = "configural", scalar = "metric", strict = "scalar",
                partial = "metric", all = "strict")
  methods <- if (est == "ML") "default" else c("satorra.bentler.2001", "satorra.bentler.2010")
  for (lv in names(pairs)) for (me in methods) {
    lt <- if (me == "default") lavTestLRT(fits[[pairs[[lv]]]], fits[[lv]]) else
      lavTestLRT(fits[[pairs[[lv]]]], fits[[lv]], method = me)
    lrows[[paste(est, lv, me)]] <- data.frame(estimator = est, model = lv, method = me,
      chisq = fmt(lt[2, "Chisq diff"]), df = fmt(lt[2, "Df diff"]),
      pvalue = fmt(lt[2, "Pr(>Chisq)"]))
  }
}
write.csv(do.call(rbind, frows), "inv_fit.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, prows), "inv_params.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, lrows), "inv_lrt.csv", row.names = FALSE, quote = FALSE)

# ---- FIML across groups ----
hsm <- read.csv("hs_missing.csv")
eq4 <- list(configural = "none", metric = "loadings",
           scalar = c("loadings", "intercepts"),
           strict = c("loadings", "intercepts", "residuals"))
fitnames2 <- c("chisq", "df", "npar", "pvalue", "cfi", "tli", "rmsea", "srmr",
              "baseline.chisq", "baseline.df", "logl", "unrestricted.logl", "aic", "bic",
              "chisq.scaled", "chisq.scaling.factor", "pvalue.scaled",
              "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
              "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust",
              "rmsea.robust")
frows <- list(); prows <- list(); lrows <- list()
for (est in c("ML", "MLR")) {
  prev <- NULL
  for (lv in names(eq4)) {
    fi <- cfa(model, data = hsm, group = "school", group.equal = eq4[[lv]],
              missing = "ml", estimator = est)
    stopifnot(lavInspect(fi, "converged"))
    record(fi, est, lv, fitnames2)
    if (est == "ML" && lv != "configural") score_rows(fi, "fiml", lv)
    if (!is.null(prev)) {
      lr <- lavTestLRT(prev, fi)
      lrows[[paste(est, lv)]] <- data.frame(estimator = est, model = lv, method = "default",
                                            chisq = fmt(lr[2, "Chisq diff"]),
                                            df = fmt(lr[2, "Df diff"]),
                                            pvalue = fmt(lr[2, "Pr(>Chisq)"]))
    }
    prev <- fi
  }
}
write.csv(do.call(rbind, frows), "mgf_fit.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, prows), "mgf_params.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, lrows), "mgf_lrt.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, srows), "inv_score.csv", row.names = FALSE, quote = FALSE)
