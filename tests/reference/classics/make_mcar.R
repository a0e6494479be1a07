# Issue 13 item 16: missing-data patterns and Little's (1988) MCAR test on psych::bfi's 25
# items with their real missing values. naniar, BaylorEdPsych and norm are not in Debian, so
# the EM estimates (ML mean and covariance under multivariate normality, Dempster, Laird &
# Rubin 1977) and Little's statistic are written out here:
#   d2 = sum_j n_j (ybar_j - mu_j)' Sigma_jj^-1 (ybar_j - mu_j), df = sum_j p_j - p,
# j over the missing-data patterns, p_j the variables observed in pattern j (as
# naniar::mcar_test and BaylorEdPsych::LittleMCAR, which take mu and Sigma from norm's EM).
# R 4.2.2. Run: cd tests/reference/classics && Rscript make_mcar.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
em_mvn <- function(y, tol = 1e-12, maxit = 10000) {
  n <- nrow(y); p <- ncol(y); obs <- !is.na(y)
  mu <- colMeans(y, na.rm = TRUE); S <- diag(apply(y, 2, var, na.rm = TRUE))
  key <- apply(obs, 1, function(r) paste(as.integer(r), collapse = ""))
  groups <- split(seq_len(n), key)
  for (it in seq_len(maxit)) {
    T1 <- numeric(p); T2 <- matrix(0, p, p)
    for (g in groups) {
      o <- obs[g[1], ]; m <- !o
      Y <- y[g, , drop = FALSE]
      if (any(m)) {
        B <- S[m, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE])
        C <- S[m, m, drop = FALSE] - B %*% S[o, m, drop = FALSE]
        Y[, m] <- sweep(sweep(Y[, o, drop = FALSE], 2, mu[o]) %*% t(B), 2, mu[m], "+")
        T2[m, m] <- T2[m, m] + length(g) * C
      }
      T1 <- T1 + colSums(Y); T2 <- T2 + crossprod(Y)
    }
    mu1 <- T1 / n; S1 <- T2 / n - tcrossprod(mu1)
    d <- max(abs(mu1 - mu), abs(S1 - S)); mu <- mu1; S <- S1
    if (d < tol) break
  }
  list(mu = mu, S = S, iter = it, groups = groups, obs = obs)
}
bfi <- read.csv("../data/bfi.csv")
y <- as.matrix(bfi[, 1:25])
y <- y[rowSums(!is.na(y)) > 0, ]
em <- em_mvn(y)
d2 <- 0; df <- 0
for (g in em$groups) {
  o <- em$obs[g[1], ]
  yb <- colMeans(y[g, o, drop = FALSE]) - em$mu[o]
  d2 <- d2 + length(g) * drop(t(yb) %*% solve(em$S[o, o, drop = FALSE]) %*% yb)
  df <- df + sum(o)
}
df <- df - ncol(y)
put("bfi.mcar.chi2", d2); put("bfi.mcar.df", df)
put("bfi.mcar.p", pchisq(d2, df, lower.tail = FALSE))
put("bfi.mcar.patterns", length(em$groups)); put("bfi.mcar.n", nrow(y))
cat("EM iterations:", em$iter, "\n")
for (j in 1:25) put(sprintf("bfi.em.mean.%d", j), em$mu[j])
for (j in 1:25) put(sprintf("bfi.em.var.%d", j), em$S[j, j])
put("bfi.em.cov.1.2", em$S[1, 2]); put("bfi.em.cov.7.21", em$S[7, 21])
# Pattern counts, largest first: the complete cases, then the rest.
cnt <- sort(sapply(em$groups, length), decreasing = TRUE)
for (i in 1:5) put(sprintf("bfi.pattern.%d.count", i), cnt[i])
writeLines(c("key,value", out), "expected/mcar.csv")
