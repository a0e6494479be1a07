# Long R simulations of the power of tests of indirect effects, the reference for
# `ambidex power mediate` (tests/cli/test_power_mc.sh compares within 3 combined
# Monte Carlo SEs). Independent of ambidex: base R's RNG, lm-style OLS by QR.
# Writes mediate_mc.csv (case, effect, n, reps, power, mc_se, runs), a row block as each case
# ends (appended; the file is started afresh when every case runs). About 30 minutes
# on one free core. Run: cd tests/reference/power && Rscript make_mediate_mc.R [CASE...]
# (only the named cases, appended).
set.seed(20261201)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))
if (length(here) == 0 || here == "") here <- "."

# OLS of y on cbind(1, X): coefficients, SEs, df.
ols <- function(X, y) { X <- cbind(1, X); q <- qr(X); b <- qr.coef(q, y)
  r <- y - X %*% b; df <- nrow(X) - ncol(X); s2 <- sum(r^2) / df
  R <- qr.R(q); V <- chol2inv(R) * s2
  list(b = b, se = sqrt(diag(V)), df = df) }
coefs <- function(X, y) qr.coef(qr(cbind(1, X)), y)

# Population: list of equations in order; each: name, predictors (names or "A:B"),
# weights, residual sd. Exogenous X (and W) N(0, 1).
gen <- function(n, eqs, hasW) {
  d <- list(X = rnorm(n)); if (hasW) d$W <- rnorm(n)
  col <- function(nm) if (grepl(":", nm)) { p <- strsplit(nm, ":")[[1]]; d[[p[1]]] * d[[p[2]]] } else d[[nm]]
  for (e in eqs) { s <- 0; for (j in seq_along(e$pred)) s <- s + e$w[j] * col(e$pred[j])
    d[[e$y]] <- s + e$sd * rnorm(n) }
  list(d = d, col = col) }
design <- function(g, e) sapply(e$pred, g$col)

# Effects: list of paths, each (equation index, predictor index) -> product.
est_all <- function(g, eqs, boot_idx = NULL) {
  lapply(eqs, function(e) { X <- design(g, e); y <- g$d[[e$y]]
    if (!is.null(boot_idx)) { X <- X[boot_idx, , drop = FALSE]; y <- y[boot_idx] }
    e2 <- if (is.null(boot_idx)) ols(X, y) else list(b = coefs(X, y)); e2 }) }
effval <- function(fits, paths) prod(sapply(paths, function(p) fits[[p[1]]]$b[p[2] + 1]))

decide <- function(g, eqs, effs, test, alpha, B, D) {
  fits <- est_all(g, eqs); n <- length(g$d$X)
  sapply(effs, function(paths) {
    th <- effval(fits, paths)
    bs <- sapply(paths, function(p) fits[[p[1]]]$b[p[2] + 1])
    ses <- sapply(paths, function(p) fits[[p[1]]]$se[p[2] + 1])
    dfs <- sapply(paths, function(p) fits[[p[1]]]$df)
    if (test == "joint") return(all(abs(bs / ses) > qt(1 - alpha / 2, dfs)))
    if (test == "sobel") { v <- 0; for (k in seq_along(bs)) v <- v + prod(bs[-k])^2 * ses[k]^2
      return(abs(th) / sqrt(v) > qnorm(1 - alpha / 2)) }
    if (test == "mc") { draws <- 1; for (k in seq_along(bs)) draws <- draws * rnorm(D, bs[k], ses[k])
      q <- quantile(draws, c(alpha / 2, 1 - alpha / 2), type = 7); return(q[1] > 0 || q[2] < 0) }
    NA }) }

# Bootstrap tests of model 4 (one mediator), vectorised over the B resamples of a
# replication: the resample counts (B x n, from sample.int) times the per-row products
# give each resample's cross-products, and a = Sxm/Sxx, b = (Sxx Smy - Sxm Sxy) /
# (Sxx Smm - Sxm^2) on centred sums (the OLS slopes of M ~ X and Y ~ X + M; checked
# against .lm.fit below). Limits as ambidex and PROCESS: order statistics floor(B p)
# and floor(B p) + 1 of the sorted resamples; BC moves p to
# pnorm(2 z0 + qnorm(p)), z0 = qnorm(share of resamples below the estimate).
ab_sums <- function(S, n) {
  cxx <- S[, "xx"] - S[, "x"]^2 / n; cxm <- S[, "xm"] - S[, "x"] * S[, "m"] / n
  cmm <- S[, "mm"] - S[, "m"]^2 / n; cxy <- S[, "xy"] - S[, "x"] * S[, "y"] / n
  cmy <- S[, "my"] - S[, "m"] * S[, "y"] / n
  (cxm / cxx) * (cxx * cmy - cxm * cxy) / (cxx * cmm - cxm^2) }
row_products <- function(x, m, y) cbind(x = x, m = m, y = y, xx = x * x, xm = x * m,
  mm = m * m, xy = x * y, my = m * y)
order_limits <- function(v, plo, phi) { B <- length(v); v <- sort(v)
  lo <- min(max(floor(B * plo + 1e-9), 1), B); hi <- min(max(floor(B * phi + 1e-9) + 1, 1), B)
  c(v[lo], v[hi]) }
boot4 <- function(g, test, alpha, B) {
  n <- length(g$d$X); P <- row_products(g$d$X, g$d$M, g$d$Y)
  th <- ab_sums(matrix(colSums(P), 1, dimnames = list(NULL, colnames(P))), n)
  idx <- sample.int(n, n * B, replace = TRUE)
  W <- matrix(tabulate(idx + n * rep(0:(B - 1), each = n), n * B), B, n, byrow = TRUE)
  v <- ab_sums(W %*% P, n)
  pr <- c(alpha / 2, 1 - alpha / 2)
  if (test == "bc") { z0 <- qnorm(mean(v < th))
    pr <- if (is.finite(z0)) pnorm(2 * z0 + qnorm(pr)) else rep(as.numeric(z0 > 0), 2) }
  q <- order_limits(v, pr[1], pr[2]); q[1] > 0 || q[2] < 0 }
# warp speed (Giacomini, Politis & White 2013): one resample per replication; the
# pooled deviations theta* - theta-hat, their type-7 quantiles added to each estimate.
warp4 <- function(g) {
  n <- length(g$d$X); P <- row_products(g$d$X, g$d$M, g$d$Y)
  th <- ab_sums(matrix(colSums(P), 1, dimnames = list(NULL, colnames(P))), n)
  w <- tabulate(sample.int(n, n, replace = TRUE), n)
  c(th, ab_sums(matrix(colSums(w * P), 1, dimnames = list(NULL, colnames(P))), n)) }
local({ # the vectorised slopes are lm's
  set.seed(1); x <- rnorm(30); m <- .4 * x + rnorm(30); y <- .3 * m + rnorm(30)
  i <- sample.int(30, 30, TRUE); w <- tabulate(i, 30); P <- row_products(x, m, y)
  f <- .lm.fit(cbind(1, x[i]), m[i])$coefficients[2] * .lm.fit(cbind(1, x[i], m[i]), y[i])$coefficients[3]
  v <- ab_sums(matrix(colSums(w * P), 1, dimnames = list(NULL, colnames(P))), 30)
  stopifnot(abs(f - v) < 1e-12) })

eq <- function(y, pred, w, sd = 1) list(y = y, pred = pred, w = w, sd = sd)
cases <- list(
  list(id = "m4_joint", n = 75, test = "joint", reps = 20000, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_sobel", n = 75, test = "sobel", reps = 20000, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4k2_joint", n = 100, test = "joint", reps = 20000, hasW = FALSE,
       eqs = list(eq("M1", "X", .39), eq("M2", "X", .14), eq("Y", c("X", "M1", "M2"), c(.14, .39, .59))),
       effs = list(ind1 = list(c(1, 1), c(3, 2)), ind2 = list(c(2, 1), c(3, 3)))),
  list(id = "m6_joint", n = 100, test = "joint", reps = 20000, hasW = FALSE,
       eqs = list(eq("M1", "X", .39), eq("M2", c("X", "M1"), c(.14, .39)), eq("Y", c("X", "M1", "M2"), c(0, .39, .39))),
       effs = list(ind1 = list(c(1, 1), c(3, 2)), ind2 = list(c(1, 1), c(2, 2), c(3, 3)), ind3 = list(c(2, 1), c(3, 3)))),
  list(id = "m7_joint", n = 200, test = "joint", reps = 20000, hasW = TRUE,
       eqs = list(eq("M", c("X", "W", "X:W"), c(.39, .2, .3)), eq("Y", c("X", "M"), c(0, .39))),
       effs = list(index = list(c(1, 3), c(2, 2)))),
  list(id = "m14_joint", n = 200, test = "joint", reps = 20000, hasW = TRUE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M", "W", "M:W"), c(0, .39, .2, .3))),
       effs = list(index = list(c(1, 1), c(2, 4)))),
  # standardized: a = b = .5, c' = .2: var(M) = 1 -> sd_M = sqrt(.75);
  # var(Y sys) = c'^2 + b^2 + 2 c' b a = .04 + .25 + .1 = .39 -> sd_Y = sqrt(.61)
  list(id = "m4_std_joint", n = 40, test = "joint", reps = 20000, hasW = FALSE,
       eqs = list(eq("M", "X", .5, sqrt(.75)), eq("Y", c("X", "M"), c(.2, .5), sqrt(.61))),
       effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_mc", n = 75, test = "mc", reps = 5000, D = 5000, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_percentile", n = 50, test = "percentile", reps = 20000, B = 500, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_bc", n = 50, test = "bc", reps = 20000, B = 500, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_warp", n = 50, test = "warp", reps = 5000, runs = 40, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2))))
)
only <- commandArgs(trailingOnly = TRUE)
file <- file.path(here, "mediate_mc.csv")
if (length(only) == 0) unlink(file)
for (cs in cases) {
  if (length(only) && !(cs$id %in% only)) next
  t0 <- Sys.time()
  if (cs$test == "warp") { # the shared quantiles make the run's power vary more than
    # binomially: cs$runs independent runs of cs$reps; mc_se = their SD (one run's SE)
    pw <- replicate(cs$runs, { te <- t(replicate(cs$reps, warp4(gen(cs$n, cs$eqs, cs$hasW))))
      q <- quantile(te[, 2] - te[, 1], c(.025, .975), type = 7)
      mean(te[, 1] + q[1] > 0 | te[, 1] + q[2] < 0) })
    out <- data.frame(case = cs$id, effect = names(cs$effs), n = cs$n, reps = cs$reps,
                      power = sprintf("%.6f", mean(pw)), mc_se = sprintf("%.6f", sd(pw)),
                      runs = cs$runs)
    write.table(out, file, sep = ",", row.names = FALSE, quote = FALSE, append = file.exists(file),
                col.names = !file.exists(file))
    message(cs$id, ": ", round(mean(pw), 4), " sd ", round(sd(pw), 4), " (", format(Sys.time() - t0), ")")
    next
  }
  hits <- t(replicate(cs$reps, { g <- gen(cs$n, cs$eqs, cs$hasW)
    if (cs$test %in% c("percentile", "bc")) boot4(g, cs$test, .05, cs$B)
    else decide(g, cs$eqs, cs$effs, cs$test, .05, cs$B, cs$D) }))
  if (length(cs$effs) == 1) hits <- matrix(hits, ncol = 1)
  p <- colMeans(hits)
  out <- data.frame(case = cs$id, effect = names(cs$effs), n = cs$n, reps = cs$reps,
                    power = sprintf("%.6f", p), mc_se = sprintf("%.6f", sqrt(p * (1 - p) / cs$reps)),
                    runs = 1)
  write.table(out, file, sep = ",", row.names = FALSE, quote = FALSE, append = file.exists(file),
              col.names = !file.exists(file))
  message(cs$id, ": ", paste(round(p, 4), collapse = " "), " (", format(Sys.time() - t0), ")")
}
