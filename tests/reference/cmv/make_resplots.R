# Issue 13 item 15 (figures): the points of the regression diagnostics plots.
# Normal P-P plot of the standardized residuals (SPSS /RESIDUALS NORMPROB(ZRESID)):
# x = observed cumulative probability ppoints(n) at the rank of each sorted residual
# ((i - a)/(n + 1 - 2a), a = 3/8 for n <= 10, else 1/2), y = expected cumulative probability
# pnorm(sorted e/sigma). Residual-vs-fitted plot (SPSS /SCATTERPLOT=(*ZRESID, *ZPRED)):
# x = standardized predicted value, y = standardized residual, in data order.
# Run: cd tests/reference/cmv && Rscript make_resplots.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
mt <- read.csv("../regress/data/mtcars.csv"); lo <- read.csv("../data/longley.csv")
write.csv(mt[1:8, ], "data/mtcars8.csv", row.names = FALSE, quote = FALSE)
fits <- list(mtcars = lm(mpg ~ wt + hp + qsec, mt), longley = lm(Employed ~ GNP + Unemployed, lo),
             mtcars8 = lm(mpg ~ wt, mt[1:8, ]))
for (nm in names(fits)) {
  f <- fits[[nm]]; z <- resid(f) / sigma(f); n <- length(z)
  zp <- (fitted(f) - mean(fitted(f))) / sd(fitted(f))
  obs <- ppoints(n); ex <- pnorm(sort(z))
  for (i in seq_len(n)) {
    put(sprintf("%s.pp.obs.%d", nm, i), obs[i]); put(sprintf("%s.pp.exp.%d", nm, i), ex[i])
    put(sprintf("%s.sc.x.%d", nm, i), zp[i]); put(sprintf("%s.sc.y.%d", nm, i), z[i])
  }
}
writeLines(c("key,value", out), "expected/resplots.csv")
