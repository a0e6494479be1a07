# make_mg_gcon_sb2010.R -- the Satorra-Bentler (2010) scaled chi2 difference between
# invariance levels of multi-group fits with general constraint lines (lavaan 0.6.14
# lavTestLRT(m1, m0, method = "satorra.bentler.2010"); issue 13 items 5 and 8 together).
# The HS three-factor CFA across school with the c() labels of make_mg_gcon.R:
#   sbg_nonlin  a1 == b1^2, c1*d2 == 1.2 (nonlinear, the second across the groups)
#   sbg_lin3    c1 + c2 + d1 == 3.3 (linear over three free parameters)
# each under MLR and MLM, levels configural, metric (group.equal = "loadings": lavaan
# leaves the labelled x2, x3, x8, x9 loadings alone) and scalar (+ "intercepts"), fitted as
# make_mg_gcon.R (nonlinear lines by nlminb.constr with tight tolerances, linear ones also by
# Gauss-Newton to 1e-12, the lower fmin kept).
#   cd tests/reference/sem && Rscript make_mg_gcon_sb2010.R
# Writes sbg_lrt.csv: model,estimator,level,chisq,df,scaling,chisq_diff,df_diff,pvalue
# (the 2010 scaled difference of the level against the level before it), %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_gcon_fit.R") # hs, fmt, base (the c() labels) and mg_gcon_fit
fit1 <- mg_gcon_fit
models <- list(sbg_nonlin = list(paste0(base, "a1 == b1^2\nc1*d2 == 1.2\n"), "tight"),
               sbg_lin3 = list(paste0(base, "c1 + c2 + d1 == 3.3\n"), "gn"))
levels <- list(configural = "", metric = "loadings",
               scalar = c("loadings", "intercepts"))
rows <- list()
for (nm in names(models)) for (est in c("MLR", "MLM")) {
  fits <- lapply(levels, function(eq) fit1(models[[nm]][[1]], eq, models[[nm]][[2]], est))
  for (l in seq_along(levels)) {
    fm <- fitMeasures(fits[[l]], c("chisq", "df", "chisq.scaling.factor"))
    d <- c(NA, NA, NA)
    if (l > 1) {
      lt <- lavTestLRT(fits[[l - 1]], fits[[l]], method = "satorra.bentler.2010")
      d <- c(lt[2, "Chisq diff"], lt[2, "Df diff"], lt[2, "Pr(>Chisq)"])
    }
    rows[[paste(nm, est, l)]] <- data.frame(model = nm, estimator = est,
      level = names(levels)[l], chisq = fmt(fm[1]), df = fmt(fm[2]), scaling = fmt(fm[3]),
      chisq_diff = fmt(d[1]), df_diff = fmt(d[2]), pvalue = fmt(d[3]))
  }
}
write.csv(do.call(rbind, rows), "sbg_lrt.csv", row.names = FALSE, quote = FALSE)
print(read.csv("sbg_lrt.csv"))
