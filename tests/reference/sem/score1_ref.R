# score1_ref.R -- sourced by make_score1.R and make_score1_mix.R. run_score_cases(cases,
# prefix, fit): each case list(model, data, options[, fit options in place of fit]) fitted
# with sem(), then lavaan's lavTestScore(fit): PREFIX.csv gets model,k,lhs,rhs,X2 (k:
# lavaan's row order; a repeated label's rows named by their parameters as lhs op rhs
# without blanks, the lines by their sides) and PREFIX_total.csv model,chisq,df,X2,X2df (the
# fit's chi2 and df; the total test), %.17g. With case names as the script's arguments only
# those run and their rows are appended to both CSVs (no argument: all, the CSVs rewritten).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
run_score_cases <- function(cases, prefix, fit = list()) {
  only <- commandArgs(trailingOnly = TRUE)
  stopifnot(all(only %in% names(cases)))
  if (length(only)) cases <- cases[only]
  srows <- list(); trows <- list()
  for (nm in names(cases)) {
    cs <- cases[[nm]]
    fo <- if (length(cs) > 3) cs[[4]] else fit
    fi <- suppressWarnings(do.call("sem", c(list(cs[[1]], data = cs[[2]]), cs[[3]], fo)))
    stopifnot(lavInspect(fi, "converged"))
    ts <- suppressWarnings(lavTestScore(fi))
    u <- ts$uni
    pt <- parTable(fi)
    nmof <- function(x) { # a plabel as lhs op rhs, a line's side as it is
      i <- match(x, pt$plabel)
      ifelse(is.na(i), x, paste0(pt$lhs[i], pt$op[i], pt$rhs[i]))
    }
    srows[[nm]] <- data.frame(model = nm, k = seq_len(nrow(u)), lhs = nmof(u$lhs),
                              rhs = nmof(u$rhs), X2 = fmt(u$X2))
    fm <- fitMeasures(fi, c("chisq", "df"))
    trows[[nm]] <- data.frame(model = nm, chisq = fmt(fm[1]), df = fmt(fm[2]),
                              X2 = fmt(ts$test$X2), X2df = fmt(ts$test$df))
    cat(sprintf("%-10s n=%d chisq=%.6f df=%d total=%.6f (%d)\n", nm,
                lavInspect(fi, "ntotal"), fm[1], as.integer(fm[2]), ts$test$X2, ts$test$df))
  }
  out <- function(d, f) {
    if (length(only)) write.table(d, f, sep = ",", row.names = FALSE, col.names = FALSE,
                                  quote = FALSE, append = TRUE)
    else write.csv(d, f, row.names = FALSE, quote = FALSE)
  }
  out(do.call(rbind, srows), paste0(prefix, ".csv"))
  out(do.call(rbind, trows), paste0(prefix, "_total.csv"))
}
