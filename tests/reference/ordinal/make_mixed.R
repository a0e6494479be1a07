# Reference values for mixed ordered + continuous indicators (issue 13 item 2,
# session 5): polyserial correlations and the asymptotic covariance of the mixed
# statistics (lavaan lavCor(ordered = ...), lavInspect "gamma"; psych::polyserial
# for comparison) and categorical CFA with some indicators ordered, WLSMV and ULSMV
# (lavaan cfa(..., ordered = c(...))). R 4.2.2, lavaan 0.6.14, psych 2.2.9.
# Run here: Rscript make_mixed.R
suppressPackageStartupMessages({ library(lavaan); library(psych) })
# key,value pairs collected per output file (17 significant digits, NA as "NA")
rows <- character(0)
put <- function(k, v) rows <<- c(rows, paste(k, sprintf("%.17g", as.numeric(v)), sep = ","))
flush_kv <- function(file) { writeLines(c("key,value", rows), file); rows <<- character(0) }
bfi <- read.csv("../data/bfi.csv")
hs <- read.csv("../data/hs1939.csv")

## --- data: HolzingerSwineford1939 with x1-x3 cut at their quartiles into 4
## ordered categories (1-4), x4-x9 as they are -------------------------------
cut4 <- function(x) as.integer(cut(x, quantile(x, c(0, .25, .5, .75, 1)), include.lowest = TRUE))
hm <- hs[, paste0("x", 1:9)]
for (v in c("x1", "x2", "x3")) hm[[v]] <- cut4(hm[[v]])
write.csv(hm, "hs_mixed.csv", row.names = FALSE, quote = FALSE)

## --- 1. mixed correlations: lavCor(ordered = ...) ------------------------------
mix_case <- function(tag, d, ord) {
  d <- na.omit(d); v <- names(d)
  fit <- lavCor(d, ordered = ord, output = "fit", se = "none", estimator = "WLS")
  ss <- lavInspect(fit, "sampstat")
  S <- ss$cov; th <- ss$th
  R <- cov2cor(S)
  put(paste0(tag, ".n"), nrow(d))
  for (nm in names(th)) put(paste0(tag, ".th.", sub("\\|t", ".", nm)), th[[nm]])
  for (nm in setdiff(v, ord)) put(paste0(tag, ".th.", nm), ss$mean[[nm]])
  for (j in seq_along(v)) put(sprintf("%s.cov.%s.%s", tag, v[j], v[j]), S[j, j])
  for (j in 1:(length(v) - 1)) for (i in (j + 1):length(v)) {
    put(sprintf("%s.rho.%s.%s", tag, v[i], v[j]), R[i, j])
    put(sprintf("%s.cov.%s.%s", tag, v[i], v[j]), S[i, j])
  }
  G <- lavInspect(fit, "gamma")
  for (a in seq_len(nrow(G))) for (b in seq_len(a)) put(sprintf("%s.gamma.%d.%d", tag, a, b), G[a, b])
  # psych::polyserial (its own estimator) for the ordered x continuous pairs
  num <- setdiff(v, ord)
  ps <- polyserial(d[, num, drop = FALSE], d[, ord, drop = FALSE])
  for (a in num) for (b in ord) put(sprintf("%s.psych.rho.%s.%s", tag, a, b), ps[b, a])
}
mix_case("hsmix", hm, c("x1", "x2", "x3"))
mix_case("bfimix", bfi[, c(paste0("A", 1:5), paste0("C", 1:5))], paste0("A", 1:5))
flush_kv("mixed_cor.csv")

## --- 2. CFA with mixed indicators -------------------------------------------------
cfa_case <- function(tag, model, d, ord, estimator = "WLSMV", param = "delta") {
  d <- na.omit(d)
  fit <- cfa(model, data = d, ordered = ord, estimator = estimator, parameterization = param)
  pe <- parameterEstimates(fit, standardized = TRUE)
  for (r in seq_len(nrow(pe))) {
    key <- sprintf("%s.%s.%s.%s", tag, pe$lhs[r], pe$op[r], pe$rhs[r])
    put(paste0(key, ".est"), pe$est[r]); put(paste0(key, ".se"), pe$se[r])
    put(paste0(key, ".std"), pe$std.all[r])
  }
  fm <- fitMeasures(fit)
  for (m in c("npar", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "chisq.shift.parameters", "baseline.chisq",
              "baseline.df", "baseline.chisq.scaled", "cfi", "tli", "cfi.scaled", "tli.scaled",
              "cfi.robust", "tli.robust", "rmsea", "rmsea.scaled", "rmsea.robust",
              "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "fmin"))
    put(sprintf("%s.fit.%s", tag, m), if (m %in% names(fm)) fm[[m]] else NA)
  put(paste0(tag, ".n"), nrow(d))
}
mHS <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
mAC <- "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5"
cfa_case("hs", mHS, hm, c("x1", "x2", "x3"))
cfa_case("hsuls", mHS, hm, c("x1", "x2", "x3"), estimator = "ULSMV")
cfa_case("hstheta", mHS, hm, c("x1", "x2", "x3"), param = "theta")
cfa_case("bfi", mAC, bfi[, c(paste0("A", 1:5), paste0("C", 1:5))], paste0("A", 1:5))
flush_kv("mixed_cfa.csv")
