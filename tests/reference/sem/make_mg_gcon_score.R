# make_mg_gcon_score.R -- score tests of the group.equal constraints of multi-group fits with
# general constraint lines (lavaan 0.6.14; issue 13 items 5 and 8 together): the HS
# three-factor CFA across school with c() labels and the constraint lines of make_mg_gcon.R,
# plus group.equal; lavTestScore(fit)$uni (expected information, lavaan's default; the
# bordered information [I, R'; R, 0] over every "==" row, each row released in turn).
#   cd tests/reference/sem && Rscript make_mg_gcon_score.R
# Models (name: constraint lines; group.equal):
#   mgs_cross_int   a1 == 0.5*a2; intercepts
#   mgs_cross_load  a1 == 0.5*a2; loadings (lavaan leaves the labelled x2, x3, x8, x9
#                   loadings alone: only x5 and x6 are equal)
#   mgs_lin3_int    c1 + c2 + d1 == 3.3; intercepts
#   mgs_nonlin_int  a1 == b1^2, c1*d2 == 1.2; intercepts
#   mgs_nonlin_load a1 == b1^2, c1*d2 == 1.2; loadings, intercepts
# Writes mgs_score.csv: model,lhs,op,rhs,group,X2 (the univariate tests of the cross-group
# equalities; group: the second parameter's group label; the tests of the constraint lines
# themselves are left out) and mgs_fit.csv (model,name,value: chisq, df), %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_gcon_fit.R") # hs, fmt, base (the c() labels) and mg_gcon_fit
# as make_mg_gcon.R: linear lines also by Gauss-Newton to 1e-12 (the lower fmin kept),
# nonlinear ones by nlminb.constr with tight tolerances
fit1 <- mg_gcon_fit
cross <- "a1 == 0.5*a2\n"; nonlin <- "a1 == b1^2\nc1*d2 == 1.2\n"
fits <- list(
  mgs_cross_int = fit1(paste0(base, cross), "intercepts", "gn"),
  mgs_cross_load = fit1(paste0(base, cross), "loadings", "gn"),
  mgs_lin3_int = fit1(paste0(base, "c1 + c2 + d1 == 3.3\n"), "intercepts", "gn"),
  mgs_nonlin_int = fit1(paste0(base, nonlin), "intercepts", "tight"),
  mgs_nonlin_load = fit1(paste0(base, nonlin), c("loadings", "intercepts"), "tight"))
srows <- list(); frows <- list()
for (nm in names(fits)) {
  fi <- fits[[nm]]
  u <- lavTestScore(fi)$uni
  pt <- parTable(fi)
  r <- match(u$rhs, pt$plabel)
  keep <- !is.na(r) & grepl("^\\.p[0-9]+\\.$", u$lhs)
  r <- r[keep]
  srows[[nm]] <- data.frame(model = nm, lhs = pt$lhs[r], op = pt$op[r], rhs = pt$rhs[r],
                            group = lavInspect(fi, "group.label")[pt$group[r]],
                            X2 = fmt(u$X2[keep]))
  fm <- fitMeasures(fi, c("chisq", "df"))
  frows[[nm]] <- data.frame(model = nm, name = names(fm), value = fmt(unname(fm)))
  cat(sprintf("%-16s chisq=%.6f df=%d, %d score tests\n", nm, fm["chisq"], as.integer(fm["df"]),
              sum(keep)))
}
write.csv(do.call(rbind, srows), "mgs_score.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, frows), "mgs_fit.csv", row.names = FALSE, quote = FALSE)
