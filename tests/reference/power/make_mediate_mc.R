# Long R simulations of the power of tests of indirect effects, the reference for
# `ambidex power mediate` (tests/cli/test_power_mc.sh compares within 3 combined
# Monte Carlo SEs). Independent of ambidex: base R's RNG, lm-style OLS by QR.
# Writes mediate_mc.csv (case, effect, n, reps, power, mc_se), a row block as each case
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

boot_decide <- function(g, eqs, effs, test, alpha, B) {
  fits <- est_all(g, eqs); n <- length(g$d$X)
  th <- sapply(effs, function(p) effval(fits, p))
  bt <- t(replicate(B, { i <- sample.int(n, n, replace = TRUE); f <- est_all(g, eqs, i)
    sapply(effs, function(p) effval(f, p)) }))
  if (length(effs) == 1) bt <- matrix(bt, ncol = 1)
  sapply(seq_along(effs), function(k) { v <- bt[, k]
    pr <- c(alpha / 2, 1 - alpha / 2)
    if (test == "bc") { z0 <- qnorm(mean(v < th[k])); pr <- pnorm(2 * z0 + qnorm(pr)) }
    q <- quantile(v, pr, type = 7); q[1] > 0 || q[2] < 0 }) }

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
  list(id = "m4_percentile", n = 75, test = "percentile", reps = 1000, B = 300, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2)))),
  list(id = "m4_bc", n = 75, test = "bc", reps = 1000, B = 300, hasW = FALSE,
       eqs = list(eq("M", "X", .39), eq("Y", c("X", "M"), c(0, .39))), effs = list(ind1 = list(c(1, 1), c(2, 2))))
)
only <- commandArgs(trailingOnly = TRUE)
file <- file.path(here, "mediate_mc.csv")
if (length(only) == 0) unlink(file)
for (cs in cases) {
  if (length(only) && !(cs$id %in% only)) next
  t0 <- Sys.time()
  hits <- t(replicate(cs$reps, { g <- gen(cs$n, cs$eqs, cs$hasW)
    if (cs$test %in% c("percentile", "bc")) boot_decide(g, cs$eqs, cs$effs, cs$test, .05, cs$B)
    else decide(g, cs$eqs, cs$effs, cs$test, .05, cs$B, cs$D) }))
  if (length(cs$effs) == 1) hits <- matrix(hits, ncol = 1)
  p <- colMeans(hits)
  out <- data.frame(case = cs$id, effect = names(cs$effs), n = cs$n, reps = cs$reps,
                    power = sprintf("%.6f", p), mc_se = sprintf("%.6f", sqrt(p * (1 - p) / cs$reps)))
  write.table(out, file, sep = ",", row.names = FALSE, quote = FALSE, append = file.exists(file),
              col.names = !file.exists(file))
  message(cs$id, ": ", paste(round(p, 4), collapse = " "), " (", format(Sys.time() - t0), ")")
}
