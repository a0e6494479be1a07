# make_ordinal_validity.R -- reference values for `cfa --ordered --validity` (issue 13 item
# 2's "validity computed as semTools does for ordinal fits"): per factor the ordinal alpha
# (semTools compRelSEM(tau.eq = TRUE, ord.scale = FALSE): alpha of the polychoric matrix,
# Zumbo et al. 2007), the categorical omega of Green & Yang (2009) (compRelSEM's default
# ord.scale = TRUE for ordered indicators) and AVE(); HTMT of the polychoric correlations
# (semTools htmt(ordered =), arithmetic and geometric means); the latent correlations; and
# Harman's one-factor WLSMV CFA (chisq, df, cfi, tli, rmsea, srmr).
# R 4.2.2, lavaan 0.6.14, semTools 0.5.6. Run here: Rscript make_ordinal_validity.R
# Writes validity.csv: model,key,value (%.17g). Models as in make_ordinal.R (listwise):
#   bfiA (A1-A5 of ../data/bfi.csv), bfiAC (A1-A5, C1-C5), sim7 (sim7.csv, two factors).
suppressPackageStartupMessages({ library(lavaan); library(semTools) })
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
bfi <- read.csv("../data/bfi.csv")
sim7 <- read.csv("sim7.csv")
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mAC <- paste(mA, "C =~ C1 + C2 + C3 + C4 + C5", sep = "\n")
m7 <- "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8"
cases <- list(bfiA = list(mA, bfi[, paste0("A", 1:5)]),
              bfiAC = list(mAC, bfi[, c(paste0("A", 1:5), paste0("C", 1:5))]),
              sim7 = list(m7, sim7))
rows <- list()
put <- function(model, key, v) rows[[length(rows) + 1]] <<- data.frame(model = model,
  key = key, value = sprintf("%.17g", as.numeric(v)))
for (nm in names(cases)) {
  model <- cases[[nm]][[1]]; d <- na.omit(cases[[nm]][[2]])
  fit <- cfa(model, data = d, ordered = TRUE)
  stopifnot(lavInspect(fit, "converged"))
  om <- compRelSEM(fit)
  al <- compRelSEM(fit, tau.eq = TRUE, ord.scale = FALSE)
  av <- AVE(fit)
  for (f in names(om)) {
    put(nm, paste0(f, ".omega_cat"), om[[f]])
    put(nm, paste0(f, ".alpha_ord"), al[[f]])
    put(nm, paste0(f, ".ave"), av[[f]])
  }
  fac <- names(om)
  if (length(fac) > 1) {
    h1 <- htmt(model, data = d, ordered = names(d), htmt2 = FALSE)
    h2 <- htmt(model, data = d, ordered = names(d), htmt2 = TRUE)
    lc <- lavInspect(fit, "cor.lv")
    put(nm, paste0("htmt.", fac[2], ".", fac[1]), h1[2, 1])
    put(nm, paste0("htmt2.", fac[2], ".", fac[1]), h2[2, 1])
    put(nm, paste0("latcor.", fac[2], ".", fac[1]), lc[2, 1])
  }
  one <- paste("common =~", paste(names(d), collapse = " + "))
  hf <- cfa(one, data = d, ordered = TRUE)
  fm <- fitMeasures(hf, c("chisq", "df", "cfi", "tli", "rmsea", "srmr"))
  for (k in names(fm)) put(nm, paste0("harman.", k), fm[[k]])
  cat(nm, "omega_cat", sprintf("%.6f", unlist(om)), "ave", sprintf("%.6f", unlist(av)), "\n")
}
write.csv(do.call(rbind, rows), "validity.csv", row.names = FALSE, quote = FALSE)
