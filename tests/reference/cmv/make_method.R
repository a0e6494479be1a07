# Issue 13 item 9: the unmeasured latent method factor (ULMC; Podsakoff et al. 2003,
# Williams, Cote & Buckley 1989) with lavaan 0.6.14 on seed 003's seven-construct CFA
# (../sem/seed003.csv, ../sem/seed003.lav; 278 cases, 25 seven-point items).
# The method model adds METHOD, loading on every indicator, with unit variance and fixed
# zero covariances with the traits, loadings free ("free"). Written: fit of the trait model and of each
# method model, standardized (std.all) trait loadings of all three, standardized method
# loadings, and the summaries: mean squared trait loading (base, with method), mean
# squared method loading (the share of indicator variance due to the method factor),
# chi-square difference test.
# Run: cd tests/reference/cmv && Rscript make_method.R
suppressMessages(library(lavaan))
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
d <- read.csv("../sem/seed003.csv")
base <- paste(readLines("../sem/seed003.lav"), collapse = "\n")
f0 <- cfa(base, d)
pt <- parTable(f0)
lat <- unique(pt$lhs[pt$op == "=~"]); ind <- unique(pt$rhs[pt$op == "=~"])
mtext <- function() {
  l <- c(paste0("NA*", ind[1]), ind[-1])
  paste0(base, "\nMETHOD =~ ", paste(l, collapse = " + "), "\nMETHOD ~~ 1*METHOD\n",
         "METHOD ~~ ", paste0("0*", lat, collapse = " + "), "\n")
}
fits <- list(base = f0, free = cfa(mtext(), d))
fm <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr")
std <- list()
for (nm in names(fits)) {
  f <- fits[[nm]]
  stopifnot(lavInspect(f, "converged"))
  for (m in fm) put(sprintf("%s.fit.%s", nm, m), fitMeasures(f, m))
  s <- standardizedSolution(f); s <- s[s$op == "=~", ]
  for (i in seq_len(nrow(s))) put(sprintf("%s.std.%s.%s", nm, s$lhs[i], s$rhs[i]), s$est.std[i])
  tr <- s[s$lhs != "METHOD", ]
  put(sprintf("%s.mean_trait_sq", nm), mean(tr$est.std^2))
  if (nm != "base") {
    me <- s[s$lhs == "METHOD", ]
    put(sprintf("%s.mean_method_sq", nm), mean(me$est.std^2))
    a <- anova(fits$base, f)
    put(sprintf("%s.dchisq", nm), a[["Chisq diff"]][2]); put(sprintf("%s.ddf", nm), a[["Df diff"]][2])
    put(sprintf("%s.dp", nm), a[["Pr(>Chisq)"]][2])
  }
}
writeLines(c("key,value", out), "expected/method.csv")
