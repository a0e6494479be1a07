# Shared by make_swiss_fiml.R and make_stdlv_sign.R: writes the fits of a named list of
# lavaan objects as PREFIX_fit.csv (model,name,value: fitMeasures, or the measures in
# `which`) and PREFIX_params.csv (model,lhs,op,rhs,est,se), numbers as %.17g, and prints
# one line per fit (n, chi2, df, baseline chi2, logL, iterations).
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_lavaan_tables <- function(fits, prefix, which = NULL) {
  fit_rows <- do.call(rbind, lapply(names(fits), function(k) {
    fm <- if (is.null(which)) fitMeasures(fits[[k]]) else fitMeasures(fits[[k]], which)
    a <- fitMeasures(fits[[k]], c("chisq", "df", "baseline.chisq", "logl"))
    cat(sprintf("%-14s n=%d chisq=%.6f df=%d baseline=%.6f logl=%.6f iterations=%d\n", k,
                lavInspect(fits[[k]], "nobs"), a[1], as.integer(a[2]), a[3], a[4],
                lavInspect(fits[[k]], "iterations")))
    data.frame(model = k, name = names(fm), value = fmt(unname(fm)))
  }))
  write.csv(fit_rows, paste0(prefix, "_fit.csv"), row.names = FALSE, quote = FALSE)
  par_rows <- do.call(rbind, lapply(names(fits), function(k) {
    pe <- parameterEstimates(fits[[k]])
    data.frame(model = k, lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est),
               se = fmt(pe$se))
  }))
  write.csv(par_rows, paste0(prefix, "_params.csv"), row.names = FALSE, quote = FALSE)
}
