# Shared by make_ordinal_x.R, make_ordinal_constr.R and others (source()d, not run alone): put()
# collects key,value lines in `out`; x_case() fits one WLSMV model with lavaan's sem() and
# puts its parameter estimates (est, se, std.all), fit measures, N, and the sample slopes and
# (residual) polychoric correlations under the case's tag.
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
# x_case() plus lavInspect(fit, "r2") as TAG.r2.VAR (make_ordinal_path.R, make_ordinal_pathmix.R).
r2_case <- function(tag, model, d, ordered, ...) {
  fit <- x_case(tag, model, d, ordered = ordered, ...)
  r2 <- lavInspect(fit, "r2")
  for (v in names(r2)) put(sprintf("%s.r2.%s", tag, v), r2[[v]])
}
