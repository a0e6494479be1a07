# Reference values for the regression family (ambidex issue 4).
# Run from anywhere: Rscript tests/reference/regress/make_regress.R
# Writes data/*.csv (inputs) and expected/*.csv ("key,value" lines, %.17g) beside this script.
# R 4.2.2; car, sandwich and AER are used where they exist, and the same quantities are
# also written out by hand below (HC weights, VIF, collinearity diagnostics, J-N, 2SLS).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
dir.create("data", showWarnings = FALSE)
dir.create("expected", showWarnings = FALSE)
suppressPackageStartupMessages({ library(psych); library(car); library(sandwich); library(AER) })

out <- NULL
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) {
    k <- if (length(value) > 1) paste0(key, ".", i) else key
    out[[length(out) + 1]] <<- sprintf("%s,%s", k, if (is.na(value[i])) "NA" else sprintf("%.17g", value[i]))
  }
}
flush_to <- function(file) { writeLines(c("key,value", unlist(out)), file.path("expected", file)); out <<- NULL }
wcsv <- function(d, file) write.csv(d, file.path("data", file), row.names = FALSE, na = "", quote = FALSE)

# ---- hierarchical OLS ----------------------------------------------------
# Model statistics, coefficients (b, se, t, p, CI, beta, tolerance, VIF), SPSS collinearity
# diagnostics (eigenvalues of the column-equilibrated X'X incl. the constant, condition
# indices, variance proportions), Durbin-Watson and HC0..HC4 SEs of the last model.
hier <- function(prefix, d, y, blocks, ci = 0.95, center = NULL) {
  # same-case sample: listwise on all variables of the last block
  rownames(d) <- NULL
  f_last <- as.formula(paste(y, "~", paste(unlist(blocks), collapse = " + ")))
  mf <- model.frame(f_last, d, na.action = na.omit)
  keep <- as.integer(rownames(mf))
  dd <- d[keep, , drop = FALSE]
  # --center: mean-centre on the same-case sample, before products are formed
  for (v in center) dd[[v]] <- dd[[v]] - mean(dd[[v]])
  put(paste0(prefix, ".n"), nrow(dd))
  prev <- NULL
  for (m in seq_along(blocks)) {
    f <- as.formula(paste(y, "~", paste(unlist(blocks[1:m]), collapse = " + ")))
    fit <- lm(f, dd)
    s <- summary(fit)
    p <- paste0(prefix, ".m", m)
    X <- model.matrix(fit); yy <- model.response(model.frame(fit))
    n <- nrow(X); k <- ncol(X) - 1
    rss <- sum(resid(fit)^2); tss <- sum((yy - mean(yy))^2)
    put(paste0(p, ".r2"), s$r.squared); put(paste0(p, ".r"), sqrt(s$r.squared))
    put(paste0(p, ".adj_r2"), s$adj.r.squared); put(paste0(p, ".se_est"), s$sigma)
    put(paste0(p, ".f"), s$fstatistic[1]); put(paste0(p, ".df1"), s$fstatistic[2]); put(paste0(p, ".df2"), s$fstatistic[3])
    put(paste0(p, ".p"), pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE))
    put(paste0(p, ".ss_reg"), tss - rss); put(paste0(p, ".ss_res"), rss); put(paste0(p, ".ss_total"), tss)
    if (is.null(prev)) {
      put(paste0(p, ".r2_change"), s$r.squared); put(paste0(p, ".f_change"), s$fstatistic[1])
      put(paste0(p, ".df1_change"), s$fstatistic[2]); put(paste0(p, ".df2_change"), s$fstatistic[3])
      put(paste0(p, ".p_change"), pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE))
    } else {
      a <- anova(prev, fit)
      put(paste0(p, ".r2_change"), s$r.squared - summary(prev)$r.squared)
      put(paste0(p, ".f_change"), a$F[2]); put(paste0(p, ".df1_change"), a$Df[2])
      put(paste0(p, ".df2_change"), a$Res.Df[2]); put(paste0(p, ".p_change"), a$`Pr(>F)`[2])
    }
    cf <- s$coefficients; cis <- confint(fit, level = ci)
    sdy <- sd(yy)
    R <- cor(X[, -1, drop = FALSE]); vif <- diag(solve(R))
    for (j in seq_len(ncol(X))) {
      q <- paste0(p, ".", colnames(X)[j])
      put(paste0(q, ".b"), cf[j, 1]); put(paste0(q, ".se"), cf[j, 2]); put(paste0(q, ".t"), cf[j, 3])
      put(paste0(q, ".p"), cf[j, 4]); put(paste0(q, ".ci_lower"), cis[j, 1]); put(paste0(q, ".ci_upper"), cis[j, 2])
      if (j > 1) {
        put(paste0(q, ".beta"), cf[j, 1] * sd(X[, j]) / sdy)
        put(paste0(q, ".vif"), vif[j - 1]); put(paste0(q, ".tolerance"), 1 / vif[j - 1])
        # tolerance the long way: 1 - R2 of X_j on the other predictors
        if (k > 1) stopifnot(abs(1 / vif[j - 1] - (1 - summary(lm(X[, j] ~ X[, -c(1, j)]))$r.squared)) < 1e-9)
      }
    }
    if (k > 1) { Xd <- as.data.frame(X[, -1]); names(Xd) <- paste0("v", seq_len(k)); Xd$yy <- yy
      stopifnot(all(abs(vif - car::vif(lm(yy ~ ., Xd))) < 1e-8 * vif)) }
    Xs <- sweep(X, 2, sqrt(colSums(X^2)), "/")
    # eigen-decomposition of Xs'Xs through the SVD of Xs (no squaring of the condition)
    sv <- svd(Xs); e <- list(values = sv$d^2, vectors = sv$v)
    e0 <- eigen(crossprod(Xs), symmetric = TRUE)$values
    stopifnot(max(abs(e0 - e$values)) < 1e-12 * e$values[1])
    put(paste0(p, ".eigen"), e$values); put(paste0(p, ".cond"), sqrt(e$values[1] / e$values))
    phi <- sweep(e$vectors^2, 2, e$values, "/")           # rows: coefficients, cols: dimensions
    prop <- sweep(phi, 1, rowSums(phi), "/")
    for (dim in seq_len(ncol(X))) put(paste0(p, ".vp", dim), prop[, dim])
    put(paste0(p, ".dw"), sum(diff(resid(fit))^2) / rss)
    for (hc in c("HC0", "HC1", "HC2", "HC3", "HC4")) {
      V <- sandwich::vcovHC(fit, type = hc)
      # the same written out: (X'X)^-1 X' diag(w e^2) X (X'X)^-1
      h <- hatvalues(fit); e2 <- resid(fit)^2; pp <- ncol(X)
      w <- switch(hc, HC0 = rep(1, n), HC1 = rep(n / (n - pp), n), HC2 = 1 / (1 - h),
                  HC3 = 1 / (1 - h)^2, HC4 = 1 / (1 - h)^pmin(4, n * h / pp))
      # through the QR of X: V = R^-1 Q' diag(w e^2) Q R^-T, h = rowSums(Q^2)
      qx <- qr(X); Q <- qr.Q(qx); Ri <- backsolve(qr.R(qx), diag(ncol(X)))
      stopifnot(max(abs(rowSums(Q^2) - h)) < 1e-12)
      V2 <- Ri %*% crossprod(Q * sqrt(w * e2)) %*% t(Ri)
      if (max(abs(V - V2)) > 1e-8 * max(abs(V))) cat(p, hc, "sandwich differs by", max(abs(V - V2)) / max(abs(V)), "\n")  # sandwich recovers e from estfun/X
      put(paste0(p, ".", tolower(hc)), sqrt(diag(V2)))
    }
    prev <- fit
  }
}

data(longley)
lg <- longley; names(lg) <- gsub(".", "_", names(lg), fixed = TRUE)
hier("longley", lg, "Employed", list("GNP + Population", "Unemployed + Armed_Forces", "Year + GNP_deflator"))
flush_to("regress_longley.csv")

data(mtcars)
mt <- mtcars; mt$car <- gsub(" ", "_", rownames(mtcars))
mt <- mt[, c("car", setdiff(names(mt), "car"))]
wcsv(mt, "mtcars.csv")
hier("mtcars", mt, "mpg", list("wt + hp", "factor(cyl) + log(disp)", "wt:hp"))
flush_to("regress_mtcars.csv")
# A*B expands to A + B + A:B (the same model as wt*hp + qsec)
hier("mtstar", mt, "mpg", list("wt*hp + qsec"))
flush_to("regress_mtstar.csv")

data(bfi, package = "psych")
bf <- bfi
hier("bfi", bf, "A1", list("A2 + A3 + factor(gender)", "C1 + C2 + A2:C1", "log(age) + factor(education)"))
flush_to("regress_bfi.csv")

# NIST Longley in NIST's units (R's longley rescaled; all values are integers or one decimal)
nl <- data.frame(y = round(lg$Employed * 1000), x1 = lg$GNP_deflator, x2 = round(lg$GNP * 1000),
                 x3 = round(lg$Unemployed * 10), x4 = round(lg$Armed_Forces * 10),
                 x5 = round(lg$Population * 1000), x6 = lg$Year)
write.csv(nl, "nist/longley.csv", row.names = FALSE, quote = FALSE)

# ---- moderation ---------------------------------------------------------------
# mpg ~ disp (covariate) + hp (X) + wt (W) + hp:wt. Conditional effect of X at W values,
# Johnson-Neyman boundaries from (b1 + b3 w)^2 = t^2 (V11 + 2 w V13 + w^2 V33).
hc3 <- function(fit) {  # HC3 through the QR, as in hier()
  X <- model.matrix(fit); qx <- qr(X); Q <- qr.Q(qx); Ri <- backsolve(qr.R(qx), diag(ncol(X)))
  h <- rowSums(Q^2); V <- Ri %*% crossprod(Q * (resid(fit) / (1 - h))) %*% t(Ri)
  stopifnot(max(abs(V - sandwich::vcovHC(fit, type = "HC3"))) < 1e-8 * max(abs(V)))
  dimnames(V) <- list(colnames(X), colnames(X)); V
}
mod <- function(prefix, d, probe, robust = FALSE) {
  fit <- lm(mpg ~ disp + hp + wt + hp:wt, d); fit0 <- lm(mpg ~ disp + hp + wt, d)
  V <- if (robust) hc3(fit) else vcov(fit); b <- coef(fit); n <- nrow(d); dfr <- fit$df.residual
  put(paste0(prefix, ".r2"), summary(fit)$r.squared)
  put(paste0(prefix, ".r2_change"), summary(fit)$r.squared - summary(fit0)$r.squared)
  a <- anova(fit0, fit); fch <- a$F[2]; pch <- a$`Pr(>F)`[2]
  if (robust) {  # PROCESS with HC SEs: the Wald F of the product with the HC3 covariance
    fch <- unname(b["hp:wt"]^2 / V["hp:wt", "hp:wt"]); pch <- pf(fch, 1, dfr, lower.tail = FALSE)
  }
  put(paste0(prefix, ".f_change"), fch); put(paste0(prefix, ".p_change"), pch)
  put(paste0(prefix, ".b"), b); put(paste0(prefix, ".se"), sqrt(diag(V)))
  w <- d$wt
  wv <- if (probe == "sd") mean(w) + c(-1, 0, 1) * sd(w) else quantile(w, c(.16, .5, .84), type = 6)
  put(paste0(prefix, ".w"), wv)
  th <- b["hp"] + b["hp:wt"] * wv
  se <- sqrt(V["hp", "hp"] + 2 * wv * V["hp", "hp:wt"] + wv^2 * V["hp:wt", "hp:wt"])
  tc <- qt(0.975, dfr)
  put(paste0(prefix, ".effect"), th); put(paste0(prefix, ".effect_se"), se); put(paste0(prefix, ".effect_t"), th / se)
  put(paste0(prefix, ".effect_p"), 2 * pt(-abs(th / se), dfr))
  put(paste0(prefix, ".effect_lo"), th - tc * se); put(paste0(prefix, ".effect_hi"), th + tc * se)
  # J-N: A w^2 + B w + C = 0
  A <- b["hp:wt"]^2 - tc^2 * V["hp:wt", "hp:wt"]; B <- 2 * (b["hp"] * b["hp:wt"] - tc^2 * V["hp", "hp:wt"])
  C <- b["hp"]^2 - tc^2 * V["hp", "hp"]
  r <- sort(c((-B - sqrt(B^2 - 4 * A * C)) / (2 * A), (-B + sqrt(B^2 - 4 * A * C)) / (2 * A)))
  r <- r[r >= min(w) & r <= max(w)]
  put(paste0(prefix, ".jn"), r)
  put(paste0(prefix, ".jn_pct_below"), sapply(r, function(z) 100 * mean(w < z)))
  # interaction plot data: X at mean -1SD/mean/+1SD (or percentiles), covariate at its mean
  xv <- if (probe == "sd") mean(d$hp) + c(-1, 0, 1) * sd(d$hp) else quantile(d$hp, c(.16, .5, .84), type = 6)
  g <- expand.grid(hp = xv, wt = wv); g$disp <- mean(d$disp)
  put(paste0(prefix, ".plot_yhat"), predict(fit, g))
}
mod("mod_sd", mt, "sd"); mod("mod_pct", mt, "pct"); mod("mod_hc3", mt, "sd", robust = TRUE)
flush_to("moderate_mtcars.csv")

# ---- t-tests, ANOVA, crosstab (psych::bfi) ------------------------------------
for (v in c("A1", "C1", "E1", "N1")) {
  y <- bf[[v]]; g <- bf$gender; ok <- !is.na(y) & !is.na(g); y <- y[ok]; g <- g[ok]
  y1 <- y[g == 1]; y2 <- y[g == 2]
  p <- paste0("t.", v)
  put(paste0(p, ".n"), c(length(y1), length(y2))); put(paste0(p, ".mean"), c(mean(y1), mean(y2)))
  put(paste0(p, ".sd"), c(sd(y1), sd(y2)))
  lev <- car::leveneTest(y ~ factor(g), center = mean)
  put(paste0(p, ".levene_f"), lev$`F value`[1]); put(paste0(p, ".levene_p"), lev$`Pr(>F)`[1])
  st <- t.test(y1, y2, var.equal = TRUE); we <- t.test(y1, y2)
  put(paste0(p, ".student"), c(st$statistic, st$parameter, st$p.value, st$conf.int))
  put(paste0(p, ".welch"), c(we$statistic, we$parameter, we$p.value, we$conf.int))
  sp <- sqrt(((length(y1) - 1) * var(y1) + (length(y2) - 1) * var(y2)) / (length(y) - 2))
  put(paste0(p, ".d"), (mean(y1) - mean(y2)) / sp)
}
pt_ <- t.test(bf$A1, bf$A2, paired = TRUE)
put("paired.A1_A2", c(pt_$statistic, pt_$parameter, pt_$p.value, pt_$conf.int, pt_$estimate))
ok <- complete.cases(bf$A1, bf$A2); dd <- bf$A1[ok] - bf$A2[ok]
put("paired.A1_A2.n", sum(ok)); put("paired.A1_A2.d", mean(dd) / sd(dd))
os <- t.test(bf$A1, mu = 3)
put("onesample.A1", c(os$statistic, os$parameter, os$p.value, os$conf.int, os$estimate))
put("onesample.A1.d", (mean(bf$A1, na.rm = TRUE) - 3) / sd(bf$A1, na.rm = TRUE))
ok <- complete.cases(bf$A1, bf$education); y <- bf$A1[ok]; g <- factor(bf$education[ok])
ow <- oneway.test(y ~ g, var.equal = TRUE); a <- anova(lm(y ~ g))
put("anova.A1_education", c(ow$statistic, ow$parameter, ow$p.value))
put("anova.A1_education.ss", c(a$`Sum Sq`, sum(a$`Sum Sq`)))
put("anova.A1_education.eta2", a$`Sum Sq`[1] / sum(a$`Sum Sq`))
owel <- oneway.test(y ~ g); put("anova.A1_education.welch", c(owel$statistic, owel$parameter, owel$p.value))
tab <- table(bf$gender, bf$education); cs <- chisq.test(tab, correct = FALSE)
put("crosstab.gender_education", c(cs$statistic, cs$parameter, cs$p.value, sum(tab)))
put("crosstab.gender_education.v", sqrt(cs$statistic / (sum(tab) * (min(dim(tab)) - 1))))
flush_to("groups_bfi.csv")

# ---- two-stage least squares ---------------------------------------------------
set.seed(20261122)
n <- 400
z1 <- rnorm(n); z2 <- rnorm(n); z3 <- rnorm(n); c1 <- rnorm(n); u <- rnorm(n)
x <- 0.5 * z1 + 0.3 * z2 + 0.2 * z3 + 0.3 * c1 + 0.6 * u + rnorm(n)
y <- 1 + 0.5 * x + 0.4 * c1 + u + rnorm(n)
ivd <- data.frame(y = round(y, 6), x = round(x, 6), c1 = round(c1, 6), z1 = round(z1, 6),
                  z2 = round(z2, 6), z3 = round(z3, 6))
wcsv(ivd, "iv.csv")
ivd <- read.csv("data/iv.csv")
iv <- ivreg(y ~ x + c1 | c1 + z1 + z2 + z3, data = ivd)
si <- summary(iv, diagnostics = TRUE)
put("iv.b", coef(iv)); put("iv.se", sqrt(diag(vcov(iv))))
put("iv.t", si$coefficients[, 3]); put("iv.p", si$coefficients[, 4])
# by hand: first stage, second stage with structural residuals
fs <- lm(x ~ c1 + z1 + z2 + z3, ivd); fs0 <- lm(x ~ c1, ivd)
Xh <- cbind(1, fitted(fs), ivd$c1); b2 <- solve(crossprod(Xh), crossprod(Xh, ivd$y))
e <- ivd$y - cbind(1, ivd$x, ivd$c1) %*% b2
s2 <- sum(e^2) / (n - 3); se2 <- sqrt(diag(s2 * solve(crossprod(Xh))))
stopifnot(max(abs(b2 - coef(iv))) < 1e-10, max(abs(se2 - sqrt(diag(vcov(iv))))) < 1e-10)
put("iv.sigma", sqrt(s2)); put("iv.n", n)
put("iv.first.r2", summary(fs)$r.squared)
put("iv.first.partial_r2", (sum(resid(fs0)^2) - sum(resid(fs)^2)) / sum(resid(fs0)^2))
af <- anova(fs0, fs); put("iv.first.f", c(af$F[2], af$Df[2], af$Res.Df[2], af$`Pr(>F)`[2]))
stopifnot(abs(af$F[2] - si$diagnostics["Weak instruments", "statistic"]) < 1e-8)
# Wu-Hausman by control function: y ~ x + c1 + v_hat, F test on v_hat
v <- resid(fs); cf_r <- lm(y ~ x + c1, ivd); cf_u <- lm(y ~ x + c1 + v, ivd)
ah <- anova(cf_r, cf_u)
put("iv.wu_hausman", c(ah$F[2], ah$Df[2], ah$Res.Df[2], ah$`Pr(>F)`[2]))
stopifnot(abs(ah$F[2] - si$diagnostics["Wu-Hausman", "statistic"]) < 1e-8)
rr <- sum(resid(cf_r)^2); ru <- sum(resid(cf_u)^2)
durbin <- n * (rr - ru) / rr
put("iv.durbin", c(durbin, 1, pchisq(durbin, 1, lower.tail = FALSE)))
sa <- lm(as.vector(e) ~ c1 + z1 + z2 + z3, ivd); sargan <- n * summary(sa)$r.squared
put("iv.sargan", c(sargan, 2, pchisq(sargan, 2, lower.tail = FALSE)))
stopifnot(abs(sargan - si$diagnostics["Sargan", "statistic"]) < 1e-8)
flush_to("iv.csv")
# ---- --center on the same-case sample (bfi, with missing values) ---------------------
hier("bficen", bf, "A1", list("A2*C1 + factor(gender)", "A3 + log(age)"), center = c("A2", "C1"))
flush_to("regress_center.csv")

# ---- a data set of seed 000's shape (54 firms, 48 complete) -----------------------
# PERF ~ INTL + size + age + sector; + EXPLOIT + EXPLORE; + INTL x EXPLOIT + INTL x EXPLORE
# (chain a) or + EXPLOIT x EXPLORE (chain b). Simulated: the paper's data are not public.
set.seed(54)
n <- 54
s0 <- data.frame(firm = 1:n,
                 SECTOR = sample(c("industry", "services", "trade"), n, replace = TRUE),
                 TAILLE = round(exp(rnorm(n, 3.5, 0.8))), AGE = round(runif(n, 2, 40)),
                 INTL = round(runif(n, 0, 90)))
s0$EXPLOIT <- round(pmin(5, pmax(1, rnorm(n, 3.6, 0.7))) * 2) / 2
s0$EXPLORE <- round(pmin(5, pmax(1, rnorm(n, 3.1, 0.8))) * 3) / 3
s0$PERF <- round(pmin(5, pmax(1, 1 + 0.3 * s0$EXPLOIT + 0.25 * s0$EXPLORE + 0.004 * s0$INTL +
                              0.05 * s0$EXPLOIT * s0$EXPLORE - 0.3 + rnorm(n, 0, 0.6))) * 3) / 3
s0$INTL[c(5, 17)] <- NA; s0$PERF[c(23, 40)] <- NA; s0$EXPLORE[31] <- NA; s0$AGE[48] <- NA
wcsv(s0, "seed000_like.csv")
s0 <- read.csv("data/seed000_like.csv")
hier("s000a", s0, "PERF", list("INTL + TAILLE + AGE + factor(SECTOR)", "EXPLOIT + EXPLORE",
                               "INTL:EXPLOIT + INTL:EXPLORE"))
hier("s000b", s0, "PERF", list("INTL + TAILLE + AGE + factor(SECTOR)", "EXPLOIT + EXPLORE",
                               "EXPLOIT:EXPLORE"))
flush_to("regress_seed000.csv")
# ---- moderation by a categorical W (mtcars: hp x factor(cyl), covariate disp) ---------
fit <- lm(mpg ~ disp + hp + factor(cyl) + hp:factor(cyl), mt)
fit0 <- lm(mpg ~ disp + hp + factor(cyl), mt)
b <- coef(fit); V <- vcov(fit); a <- anova(fit0, fit)
put("modcat.b", b); put("modcat.se", sqrt(diag(V)))
put("modcat.r2_change", summary(fit)$r.squared - summary(fit0)$r.squared)
put("modcat.f_change", a$F[2]); put("modcat.p_change", a$`Pr(>F)`[2])
L <- c("hp", "hp:factor(cyl)6", "hp:factor(cyl)8")
th <- c(b[L[1]], b[L[1]] + b[L[2]], b[L[1]] + b[L[3]])
se <- sqrt(c(V[L[1], L[1]], V[L[1], L[1]] + 2 * V[L[1], L[2]] + V[L[2], L[2]],
             V[L[1], L[1]] + 2 * V[L[1], L[3]] + V[L[3], L[3]]))
put("modcat.effect", th); put("modcat.effect_se", se)
put("modcat.effect_p", 2 * pt(-abs(th / se), fit$df.residual))
# the same slopes from R's own parametrisation (one slope per group)
alt <- coef(lm(mpg ~ disp + factor(cyl) + factor(cyl):hp, mt))
stopifnot(max(abs(alt[grep(":hp", names(alt))] - th)) < 1e-10)
g <- expand.grid(hp = mean(mt$hp) + c(-1, 0, 1) * sd(mt$hp), cyl = c(4, 6, 8)); g$disp <- mean(mt$disp)
put("modcat.plot_yhat", predict(fit, g))
flush_to("moderate_cat.csv")
cat("done\n")
