# Issue 13 item 15: case diagnostics of a regression, as SPSS REGRESSION /SAVE (ZPRED ZRESID
# SRESID SDRESID COOK LEVER): R 4.2.2's rstandard, rstudent, hatvalues, cooks.distance;
# standardized residual e / sigma; centred leverage h - 1/n.
# Run: cd tests/reference/classics && Rscript make_casediag.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
mt <- read.csv("../regress/data/mtcars.csv"); lo <- read.csv("../data/longley.csv")
fits <- list(mtcars = lm(mpg ~ wt + hp + qsec, mt), longley = lm(Employed ~ GNP + Unemployed + Armed_Forces, lo))
for (nm in names(fits)) {
  f <- fits[[nm]]; h <- hatvalues(f); n <- length(h)
  cols <- list(fitted = fitted(f), resid = resid(f), zresid = resid(f) / sigma(f),
               sresid = rstandard(f), sdresid = rstudent(f), hat = h, lever = h - 1 / n,
               cooks = cooks.distance(f),
               zpred = (fitted(f) - mean(fitted(f))) / sd(fitted(f)))
  for (c in names(cols)) for (i in seq_len(n)) put(sprintf("%s.%s.%d", nm, c, i), cols[[c]][i])
}
writeLines(c("key,value", out), "expected/casediag.csv")
