# Shared by make_constr.R and make_growth.R. fit_best(fun, text, data): the lavaan fit
# (fun = sem or growth), also run by the Gauss-Newton optimizer to 1e-12 unless the model
# has an inequality, keeping the lower fmin. write_constr_tables(fits, prefix, measures):
# PREFIX_fit.csv (model,name,value) with those fitMeasures and PREFIX_params.csv
# (model,lhs,op,rhs,est,se; constraint rows ==, <, > left out), numbers as %.17g.
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
fit_best <- function(fun, text, data) {
  f0 <- fun(text, data = data)
  if (grepl("[<>]", gsub("<~", "", text))) return(f0)
  f1 <- try(fun(text, data = data, optim.method = "GN", optim.gn.tol.x = 1e-12,
                optim.gn.iter.max = 1000), silent = TRUE)
  if (inherits(f1, "try-error") || !lavInspect(f1, "converged") ||
      fitMeasures(f1, "fmin") > fitMeasures(f0, "fmin")) f1 <- f0
  f1
}
write_constr_tables <- function(fits, prefix, measures) {
  fit_rows <- do.call(rbind, lapply(names(fits), function(k) {
    fm <- fitMeasures(fits[[k]], measures)
    cat(sprintf("%-14s chisq=%.6f df=%d npar=%d\n", k, fm["chisq"], as.integer(fm["df"]),
                as.integer(fm["npar"])))
    data.frame(model = k, name = names(fm), value = fmt(unname(fm)))
  }))
  write.csv(fit_rows, paste0(prefix, "_fit.csv"), row.names = FALSE, quote = FALSE)
  par_rows <- do.call(rbind, lapply(names(fits), function(k) {
    pe <- parameterEstimates(fits[[k]])
    pe <- pe[pe$op %in% c("=~", "~", "~~", "~1", ":=", "<~"), ]
    data.frame(model = k, lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est),
               se = fmt(pe$se))
  }))
  write.csv(par_rows, paste0(prefix, "_params.csv"), row.names = FALSE, quote = FALSE)
}
