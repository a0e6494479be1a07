# make_validity_mixed.R -- reference values for `cfa --ordered VARS --validity` with ordered
# and continuous indicators together (issue 13, session 6): what semTools 0.5.6 reports
# per construct for such a fit. compRelSEM() (default): Green & Yang's (2009) categorical
# omega for a construct whose items are all ordered, sum(common cov) / sum(sample cov) for a
# construct of continuous items; compRelSEM(tau.eq = TRUE, ord.scale = FALSE): alpha of the
# sample matrix block (polychoric for ordered items, covariances for continuous ones);
# AVE(): sum(lambda^2) phi / sum(sample variances); htmt(ordered =) on lavCor's mixed
# correlations (arithmetic and geometric means); the latent correlations; Harman's
# one-factor WLSMV CFA over all the items with the same ordered ones.
# R 4.2.2, lavaan 0.6.14, semTools 0.5.6. Run here: Rscript make_validity_mixed.R
# Writes validity_mixed.csv: model,key,value (%.17g). Models (listwise):
#   hsmix: hs_mixed.csv (Holzinger & Swineford 1939, x1-x3 cut at their quartiles, see
#          make_mixed.R), visual =~ x1-x3 (ordered), textual =~ x4-x6, speed =~ x7-x9;
#   bfimix: ../data/bfi.csv, A =~ A1-A5 (ordered), C =~ C1-C5 (continuous);
#   hsmix_theta, bfiA_theta: hsmix and bfi A =~ A1-A5 (all ordered) in the theta
#          parameterization, where semTools divides the sample moments by lavaan's delta
#          scales (alpha and AVE change, the categorical omega does not).
suppressPackageStartupMessages({ library(lavaan); library(semTools) })
hm <- read.csv("hs_mixed.csv")
bfi <- read.csv("../data/bfi.csv")
mHS <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
mAC <- "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5"
bAC <- bfi[, c(paste0("A", 1:5), paste0("C", 1:5))]
cases <- list(hsmix = list(mHS, hm, c("x1", "x2", "x3"), "delta"),
              bfimix = list(mAC, bAC, paste0("A", 1:5), "delta"),
              hsmix_theta = list(mHS, hm, c("x1", "x2", "x3"), "theta"),
              bfiA_theta = list("A =~ A1 + A2 + A3 + A4 + A5", bfi[, paste0("A", 1:5)],
                                paste0("A", 1:5), "theta"))
rows <- list()
put <- function(model, key, v) rows[[length(rows) + 1]] <<- data.frame(model = model,
  key = key, value = sprintf("%.17g", as.numeric(v)))
for (nm in names(cases)) {
  model <- cases[[nm]][[1]]; d <- na.omit(cases[[nm]][[2]]); ord <- cases[[nm]][[3]]
  par <- cases[[nm]][[4]]
  # BFGS with a tight tolerance: the default nlminb stops 1e-5 short of the optimum on
  # bfimix (A's omega 0.5908963 there, 0.5908987 at the optimum) and fails when tightened
  fit <- cfa(model, data = d, ordered = ord, parameterization = par, optim.method = "BFGS",
             control = list(reltol = 1e-14, maxit = 10000))
  stopifnot(lavInspect(fit, "converged"))
  per <- list(cr = compRelSEM(fit), alpha = compRelSEM(fit, tau.eq = TRUE, ord.scale = FALSE),
              ave = AVE(fit))
  fac <- names(per$cr)
  for (f in fac) for (k in names(per)) put(nm, paste0(f, ".", k), per[[k]][[f]])
  h1 <- if (length(fac) > 1) htmt(model, data = d, ordered = ord, htmt2 = FALSE)
  h2 <- if (length(fac) > 1) htmt(model, data = d, ordered = ord, htmt2 = TRUE)
  lc <- lavInspect(fit, "cor.lv")
  if (length(fac) > 1) for (j in 1:(length(fac) - 1)) for (i in (j + 1):length(fac)) {
    put(nm, paste0("htmt.", fac[i], ".", fac[j]), h1[i, j])
    put(nm, paste0("htmt2.", fac[i], ".", fac[j]), h2[i, j])
    put(nm, paste0("latcor.", fac[i], ".", fac[j]), lc[i, j])
  }
  one <- paste("common =~", paste(names(d), collapse = " + "))
  hf <- cfa(one, data = d, ordered = ord, parameterization = par, optim.method = "BFGS",
            control = list(reltol = 1e-14, maxit = 10000))
  fm <- fitMeasures(hf, c("chisq", "df", "cfi", "tli", "rmsea", "srmr"))
  for (k in names(fm)) put(nm, paste0("harman.", k), fm[[k]])
  cat(nm, "cr", sprintf("%.6f", unlist(per$cr)), "ave", sprintf("%.6f", unlist(per$ave)), "\n")
}
write.csv(do.call(rbind, rows), "validity_mixed.csv", row.names = FALSE, quote = FALSE)
