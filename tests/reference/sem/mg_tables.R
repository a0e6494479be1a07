# mg_tables.R -- shared by make_mg_bounds.R and make_growth_mg.R: writes the fit measures
# (model,name,value: npar, chisq, df, pvalue, cfi, tli, rmsea, srmr) and the per-group
# parameter rows (model,group,lhs,op,rhs,est,se; =~, ~~, ~1) of a named list of multi-group
# lavaan fits into <prefix>_fit.csv and <prefix>_params.csv, numbers with %.17g.
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_mg_tables <- function(fits, prefix) {
  frows <- list(); prows <- list()
  for (nm in names(fits)) {
    fi <- fits[[nm]]
    fm <- fitMeasures(fi, c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"))
    frows[[nm]] <- data.frame(model = nm, name = names(fm), value = fmt(unname(fm)))
    pe <- parameterEstimates(fi)
    pe <- pe[pe$op %in% c("=~", "~~", "~1"), ]
    prows[[nm]] <- data.frame(model = nm, group = lavInspect(fi, "group.label")[pe$group],
                              lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est),
                              se = fmt(pe$se))
    cat(sprintf("%-18s chisq=%.6f df=%d\n", nm, fm["chisq"], as.integer(fm["df"])))
  }
  write.csv(do.call(rbind, frows), paste0(prefix, "_fit.csv"), row.names = FALSE, quote = FALSE)
  write.csv(do.call(rbind, prows), paste0(prefix, "_params.csv"), row.names = FALSE,
            quote = FALSE)
}
