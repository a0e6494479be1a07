# make_mg_fixedx.R -- multi-group fits with fixed exogenous covariates (lavaan 0.6.14,
# fixed.x = TRUE, its default; issue 13): the HS two-factor CFA with visual regressed on
# ageyr and grade, across school.
#   cd tests/reference/sem && Rscript make_mg_fixedx.R
# Models (cfa(M, data, group = "school", estimator = E [, missing = "ml"])):
#   fx_<lv>_<E>   lv conf (group.equal none) or metric (group.equal = "loadings"),
#                 E ML, MLR, MLM on hs.csv (lavaan drops the case missing grade);
#   fx_<lv>_fiml  MLR with missing = "ml" on hs_missing.csv (cases missing a covariate
#                 dropped, as lavaan does under fixed.x).
# Writes mg_fixedx.csv (model,name,value: every fitMeasures row below, NA when lavaan has
# none) and mg_fixedx_params.csv (model,group,lhs,op,rhs,est,se; =~, ~, ~~, ~1 rows),
# numbers with %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
hs <- read.csv("hs.csv")
hm <- read.csv("hs_missing.csv")
M <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ ageyr + grade\n"
meas <- c("npar", "chisq", "df", "pvalue", "chisq.scaled", "chisq.scaling.factor",
          "pvalue.scaled", "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled", "rmsea.scaled",
          "cfi.robust", "tli.robust", "rmsea.robust", "srmr", "baseline.chisq", "baseline.df",
          "baseline.chisq.scaled", "baseline.chisq.scaling.factor")
fits <- list()
for (lv in c("conf", "metric")) {
  eq <- if (lv == "conf") "" else "loadings"
  for (E in c("ML", "MLR", "MLM"))
    fits[[paste0("fx_", lv, "_", E)]] <- suppressWarnings(
      cfa(M, data = hs, group = "school", group.equal = eq, estimator = E))
  fits[[paste0("fx_", lv, "_fiml")]] <- suppressWarnings(
    cfa(M, data = hm, group = "school", group.equal = eq, estimator = "MLR", missing = "ml"))
}
frows <- list(); prows <- list()
for (nm in names(fits)) {
  fi <- fits[[nm]]
  stopifnot(lavInspect(fi, "converged"))
  fm <- suppressWarnings(fitMeasures(fi))
  v <- sapply(meas, function(k) if (k %in% names(fm)) unname(fm[k]) else NA)
  frows[[nm]] <- data.frame(model = nm, name = meas, value = fmt(v))
  pe <- parameterEstimates(fi)
  pe <- pe[pe$op %in% c("=~", "~", "~~", "~1"), ]
  prows[[nm]] <- data.frame(model = nm, group = lavInspect(fi, "group.label")[pe$group],
                            lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est),
                            se = fmt(pe$se))
  cat(sprintf("%-16s chisq=%.6f df=%d scaled=%s\n", nm, fm["chisq"], as.integer(fm["df"]),
              fmt(v["chisq.scaled"])))
}
write.csv(do.call(rbind, frows), "mg_fixedx.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, prows), "mg_fixedx_params.csv", row.names = FALSE, quote = FALSE)
