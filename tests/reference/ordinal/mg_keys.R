# Helpers of the multi-group ordinal reference scripts (make_ordinal_mg2.R,
# make_ordinal_mgmix.R): key,value lines (17 significant digits, NA as "NA") and one fit's
# parameter rows (tag.level.gG.lhs.op.rhs.est/.se) and fit measures (tag.level.fit.NAME);
# lavTestScore's univariate tests (tag.level.score.lhs.op.rhs.gG).
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", ifelse(is.na(v), "NA", sprintf("%.17g", v))))
fit_measures <- function(tag, lv, fit) {
  pe <- parameterEstimates(fit)
  pe <- pe[pe$op != "==", ]
  keys <- sprintf("%s.%s.g%d.%s.%s.%s", tag, lv, pe$group, pe$lhs, pe$op, pe$rhs)
  mapply(put, c(paste0(keys, ".est"), paste0(keys, ".se")), c(pe$est, pe$se))
  wanted <- c("npar", "chisq", "df", "chisq.scaled", "chisq.scaling.factor", "pvalue.scaled",
              "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "cfi", "tli", "rmsea",
              "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust",
              "rmsea.robust", "srmr")
  fm <- fitMeasures(fit, wanted)
  mapply(put, sprintf("%s.%s.fit.%s", tag, lv, wanted), as.numeric(fm[wanted]))
  put(sprintf("%s.%s.fit.shift", tag, lv), lavInspect(fit, "test")[[2]]$shift.parameter)
}
score_tests <- function(tag, lv, fit) {
  st <- suppressWarnings(lavTestScore(fit))$uni
  pt <- parTable(fit)
  for (r in seq_len(nrow(st))) {
    b <- which(pt$plabel == st$rhs[r])
    put(sprintf("%s.%s.score.%s.%s.%s.g%d", tag, lv, pt$lhs[b], pt$op[b], pt$rhs[b],
                pt$group[b]), st$X2[r])
  }
}
