# make_gcon_score.R -- score tests of the constraint lines themselves (lavaan 0.6.14
# lavTestScore(fit), expected information: each "==" row of the user's lines released
# alone, and the total test releasing every "==" row; issue 13 items 5 and 8 together).
# The HS three-factor CFA across school with the c() labels of make_mg_gcon.R (fitted as
# there: nonlinear lines by nlminb.constr with tight tolerances, linear ones also by
# Gauss-Newton to 1e-12, the lower fmin kept):
#   gcs_nonlin       a1 == b1^2, c1*d2 == 1.2 (configural)
#   gcs_cross        a1 == 0.5*a2 (configural)
#   gcs_lin3         c1 + c2 + d1 == 3.3 (configural)
#   gcs_two          a1 == b1, c2 == d2 (configural; lines within a group on two labels)
#   gcs_nonlin_int   a1 == b1^2, c1*d2 == 1.2 with group.equal = "intercepts" (the total
#                    test releases the equal intercepts too: not written)
#   cd tests/reference/sem && Rscript make_gcon_score.R
# Writes gcs_score.csv: model,line,lhs,rhs,X2 (line: the constraint line's order in the
# model; lhs and rhs as lavaan stores them) and gcs_total.csv: model,chisq,df,X2,X2df
# (the fit's chi2 and df, the total score test and its df; NA where not written), %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_gcon_fit.R") # hs, fmt, base (the c() labels) and mg_gcon_fit
fit1 <- mg_gcon_fit
nonlin <- "a1 == b1^2\nc1*d2 == 1.2\n"
cases <- list(gcs_nonlin = list(nonlin, "", "tight", TRUE),
              gcs_cross = list("a1 == 0.5*a2\n", "", "gn", TRUE),
              gcs_lin3 = list("c1 + c2 + d1 == 3.3\n", "", "gn", TRUE),
              gcs_two = list("a1 == b1\nc2 == d2\n", "", "gn", TRUE),
              gcs_nonlin_int = list(nonlin, "intercepts", "tight", FALSE))
srows <- list(); trows <- list()
for (nm in names(cases)) {
  cs <- cases[[nm]]
  fi <- fit1(paste0(base, cs[[1]]), cs[[2]], cs[[3]])
  ts <- lavTestScore(fi)
  u <- ts$uni
  user <- !grepl("^\\.p[0-9]+\\.$", u$lhs)
  srows[[nm]] <- data.frame(model = nm, line = seq_len(sum(user)), lhs = u$lhs[user],
                            rhs = u$rhs[user], X2 = fmt(u$X2[user]))
  fm <- fitMeasures(fi, c("chisq", "df"))
  trows[[nm]] <- data.frame(model = nm, chisq = fmt(fm[1]), df = fmt(fm[2]),
                            X2 = fmt(if (cs[[4]]) ts$test$X2 else NA),
                            X2df = fmt(if (cs[[4]]) ts$test$df else NA))
  cat(sprintf("%-16s chisq=%.6f df=%d total=%.6f (%d)\n", nm, fm[1], as.integer(fm[2]),
              ts$test$X2, ts$test$df))
}
write.csv(do.call(rbind, srows), "gcs_score.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, trows), "gcs_total.csv", row.names = FALSE, quote = FALSE)
print(read.csv("gcs_score.csv"))
