# Reference values for ordinal indicators (issue 13 items 1-2): polychoric and
# tetrachoric correlations with thresholds and their asymptotic covariance
# (lavaan lavCor / lavInspect "gamma"; psych::polychoric / tetrachoric), EFA and
# PCA of the polychoric matrix (psych::fa, psych::principal), ordinal alpha and
# omega (Zumbo et al. 2007: psych::alpha / omega on the polychoric matrix) and
# categorical CFA with WLSMV and ULSMV (lavaan cfa(..., ordered = TRUE)).
# R 4.2.2, lavaan 0.6.14, psych 2.2.9. Run here: Rscript make_ordinal.R
suppressPackageStartupMessages({ library(lavaan); library(psych) })
options(digits = 17)
kv <- new.env(); kv$k <- character(0); kv$v <- numeric(0)
put <- function(k, v) { kv$k <- c(kv$k, k); kv$v <- c(kv$v, as.numeric(v)) }
flush_kv <- function(file) {
  write.csv(data.frame(key = kv$k, value = sprintf("%.17g", kv$v)), file,
            row.names = FALSE, quote = FALSE)
  kv$k <- character(0); kv$v <- numeric(0)
}
bfi <- read.csv("../data/bfi.csv")

## --- data: psych's lsat6 (binary: LSAT section 6, Bock & Lieberman 1970) and a
## simulated 7-point set --------------------------------------------------------
data(bock, package = "psych")
ab <- as.data.frame(lsat6); names(ab) <- paste0("Q", 1:5)
write.csv(ab, "lsat6.csv", row.names = FALSE, quote = FALSE)
set.seed(20261201)
n7 <- 600
L <- cbind(c(.8, .7, .6, .75, 0, 0, 0, 0), c(0, 0, 0, 0, .7, .65, .8, .55))
Phi <- matrix(c(1, .4, .4, 1), 2)
Sig <- L %*% Phi %*% t(L); diag(Sig) <- 1
Z <- matrix(rnorm(n7 * 8), n7) %*% chol(Sig)
cuts <- c(-1.8, -1.1, -0.4, 0.3, 0.9, 1.6)
Y <- apply(Z, 2, function(z) as.integer(cut(z + 0.2, c(-Inf, cuts, Inf))))
colnames(Y) <- paste0("y", 1:8)
write.csv(as.data.frame(Y), "sim7.csv", row.names = FALSE, quote = FALSE)

## --- 1. polychoric / tetrachoric ---------------------------------------------
poly_case <- function(tag, d) {
  d <- na.omit(d); v <- names(d)
  fit <- lavCor(d, ordered = v, output = "fit", se = "none", estimator = "WLS")
  R <- lavInspect(fit, "sampstat")$cov; th <- lavInspect(fit, "sampstat")$th
  put(paste0(tag, ".n"), nrow(d))
  for (nm in names(th)) put(paste0(tag, ".th.", sub("\\|t", ".", nm)), th[[nm]])
  for (j in 1:(length(v) - 1)) for (i in (j + 1):length(v))
    put(sprintf("%s.rho.%s.%s", tag, v[i], v[j]), R[i, j])
  G <- lavInspect(fit, "gamma")
  for (a in seq_len(nrow(G))) for (b in seq_len(a)) put(sprintf("%s.gamma.%d.%d", tag, a, b), G[a, b])
  P <- if (all(sapply(d, function(x) length(unique(x))) == 2))
         tetrachoric(d, correct = 0) else polychoric(d, correct = 0)
  for (j in 1:(length(v) - 1)) for (i in (j + 1):length(v))
    put(sprintf("%s.psych.rho.%s.%s", tag, v[i], v[j]), P$rho[i, j])
  tau <- as.matrix(P$tau)
  for (i in seq_along(v)) for (k in seq_len(ncol(tau)))
    put(sprintf("%s.psych.th.%s.%d", tag, v[i], k), tau[i, k])
  R
}
RA <- poly_case("bfiA", bfi[, paste0("A", 1:5)])
poly_case("lsat6", ab)
RAC <- poly_case("bfiAC", bfi[, c(paste0("A", 1:5), paste0("C", 1:5))])
nAC <- nrow(na.omit(bfi[, c(paste0("A", 1:5), paste0("C", 1:5))]))

## EFA (minres, oblimin) and PCA on the polychoric matrix of A1-A5, C1-C5
f2 <- fa(RAC, nfactors = 2, n.obs = nAC, fm = "minres", rotate = "oblimin")
Lf <- unclass(f2$loadings)
# factor order and sign are put in a canonical form: factor with the largest
# |loading| on A2 first, signs so that the column sums are positive
ord <- order(-abs(Lf["A2", ])); Lf <- Lf[, ord]
sg <- sign(colSums(Lf)); Lf <- sweep(Lf, 2, sg, "*")
for (i in rownames(Lf)) for (k in 1:2) put(sprintf("efa.load.%s.%d", i, k), Lf[i, k])
put("efa.phi", f2$Phi[ord[1], ord[2]] * sg[1] * sg[2])
for (i in rownames(Lf)) put(sprintf("efa.h2.%s", i), f2$communality[i])
pc <- principal(RAC, nfactors = 2, rotate = "none", n.obs = nAC)
ev <- eigen(RAC, symmetric = TRUE)$values
for (k in seq_along(ev)) put(sprintf("pca.eigen.%d", k), ev[k])
Lp <- unclass(pc$loadings); Lp <- sweep(Lp, 2, sign(colSums(Lp)), "*")
for (i in rownames(Lp)) for (k in 1:2) put(sprintf("pca.load.%s.%d", i, k), Lp[i, k])

## ordinal alpha / omega (Zumbo et al. 2007): A1 reversed (7 - A1)
dA <- na.omit(bfi[, paste0("A", 1:5)]); dA$A1 <- 7 - dA$A1
RAr <- lavCor(dA, ordered = names(dA))
al <- alpha(RAr, n.obs = nrow(dA), warnings = FALSE)
put("oalpha.alpha", al$total$raw_alpha); put("oalpha.average_r", al$total$average_r)
om <- suppressWarnings(suppressMessages(omega(RAr, nfactors = 1, n.obs = nrow(dA), plot = FALSE)))
put("oalpha.omega_total", om$omega.tot)
for (i in names(dA)) put(sprintf("oalpha.alpha_if_deleted.%s", i), al$alpha.drop[i, "raw_alpha"])
flush_kv("polychoric.csv")

## --- 2. categorical CFA --------------------------------------------------------
cfa_case <- function(tag, model, d, estimator = "WLSMV") {
  d <- na.omit(d)
  fit <- cfa(model, data = d, ordered = TRUE, estimator = estimator)
  pe <- parameterEstimates(fit)
  for (r in seq_len(nrow(pe))) {
    key <- sprintf("%s.%s.%s.%s", tag, pe$lhs[r], pe$op[r], pe$rhs[r])
    put(paste0(key, ".est"), pe$est[r]); put(paste0(key, ".se"), pe$se[r])
  }
  fm <- fitMeasures(fit)
  for (m in c("npar", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "chisq.shift.parameters", "baseline.chisq",
              "baseline.df", "baseline.chisq.scaled", "cfi", "tli", "cfi.scaled", "tli.scaled",
              "cfi.robust", "tli.robust", "rmsea", "rmsea.scaled", "rmsea.robust",
              "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.ci.lower.scaled",
              "rmsea.ci.upper.scaled", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust",
              "srmr", "fmin"))
    put(sprintf("%s.fit.%s", tag, m), if (m %in% names(fm)) fm[[m]] else NA)
  put(paste0(tag, ".n"), nrow(d))
}
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mAC <- paste(mA, "C =~ C1 + C2 + C3 + C4 + C5", sep = "\n")
m7 <- "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8"
cfa_case("cfaA", mA, bfi[, paste0("A", 1:5)])
cfa_case("cfaAC", mAC, bfi[, c(paste0("A", 1:5), paste0("C", 1:5))])
cfa_case("cfa7", m7, as.data.frame(Y))
cfa_case("ulsA", mA, bfi[, paste0("A", 1:5)], estimator = "ULSMV")
cfa_case("uls7", m7, as.data.frame(Y), estimator = "ULSMV")
flush_kv("cfa.csv")
