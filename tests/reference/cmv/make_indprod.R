# Issue 13 item 10: latent interaction by double-mean-centred product indicators (Lin et
# al. 2010) with semTools 0.5.6 indProd(match = TRUE, meanC = TRUE, residualC = FALSE,
# doubleMC = TRUE) and lavaan 0.6.14 sem() on Holzinger & Swineford (1939)
# (../sem/hs.csv, 301 cases): visual (x1-x3) x textual (x4-x6) -> speed (x7-x9), the
# matched pairs x1.x4, x2.x5, x3.x6. Writes the product indicators of the first 5 cases,
# the fit and the parameter table (est, se, std.all) of the latent interaction model.
# Run: cd tests/reference/cmv && Rscript make_indprod.R
suppressMessages({library(lavaan); library(semTools)})
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
hs <- read.csv("../sem/hs.csv")
d <- indProd(hs, var1 = c("x1", "x2", "x3"), var2 = c("x4", "x5", "x6"), match = TRUE,
             meanC = TRUE, residualC = FALSE, doubleMC = TRUE)
for (v in c("x1.x4", "x2.x5", "x3.x6")) for (i in 1:5) put(sprintf("prod.%s.%d", v, i), d[i, v])
model <- '
visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
visual.textual =~ x1.x4 + x2.x5 + x3.x6
speed ~ visual + textual + visual.textual
'
f <- sem(model, d)
stopifnot(lavInspect(f, "converged"))
for (m in c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"))
  put(paste0("indprod.fit.", m), fitMeasures(f, m))
pe <- parameterEstimates(f); ss <- standardizedSolution(f)
for (i in seq_len(nrow(pe))) {
  k <- sprintf("par.%s.%s.%s", pe$lhs[i], pe$op[i], pe$rhs[i])
  put(paste0(k, ".est"), pe$est[i]); put(paste0(k, ".se"), pe$se[i])
  put(paste0(k, ".std"), ss$est.std[i])
}
writeLines(c("key,value", out), "expected/indprod.csv")
