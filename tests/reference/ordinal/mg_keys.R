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
# The invariance sequence (configural, thresholds, thresholds + loadings, or the named list
# levels of group.equal vectors) of fit(lv, ge) under tag: each level's keys by fit, N of
# group 1 and lavTestLRT's Satorra (2000) differences between consecutive levels
# (tag.level.diff.chisq/df/p).
mg_levels <- list(configural = "none", thresholds = "thresholds",
                  loadings = c("thresholds", "loadings"))
mg_sequence <- function(tag, fit, levels = mg_levels) {
  fits <- list()
  for (lv in names(levels)) fits[[lv]] <- fit(lv, levels[[lv]])
  put(paste0(tag, ".n1"), lavInspect(fits[[1]], "nobs")[1])
  for (k in 2:length(fits)) {
    lr <- lavTestLRT(fits[[k - 1]], fits[[k]])
    put(sprintf("%s.%s.diff.chisq", tag, names(fits)[k]), lr[["Chisq diff"]][2])
    put(sprintf("%s.%s.diff.df", tag, names(fits)[k]), lr[["Df diff"]][2])
    put(sprintf("%s.%s.diff.p", tag, names(fits)[k]), lr[["Pr(>Chisq)"]][2])
  }
}
# One sem() fit by BFGS with reltol 1e-15 (make_ordinal_mgx.R, make_ordinal_mgpath.R),
# its keys under tag and level lv.
mg_sem_one <- function(tag, lv, ge, model, data, ordered, group, ...) {
  message(tag, " ", lv)
  mg_fit(tag, lv, sem(model, data, ordered = ordered, group = group, group.equal = ge, ...,
                      optim.method = "BFGS", control = list(reltol = 1e-15, maxit = 10000)))
}
# A converged fit's keys under tag and level lv (stops otherwise); the fit.
mg_fit <- function(tag, lv, fit) {
  if (!lavInspect(fit, "converged")) stop("not converged")
  fit_measures(tag, lv, fit)
  fit
}
