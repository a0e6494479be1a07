# Reference values for ambidex mediate (tests/unit/test_mediate.c).
# Run from this folder:  Rscript make_mediate.R
# Writes data/*.csv (analysis data), expected.csv (scenario,key,value; %.17g) from R lm
# plus hand-coded formulas (HC0-HC4, Sobel/Aroian/Goodman, indirect effects, probes),
# boot_fixed.csv (percentile/BC/BCa limits recomputed from the resample indices that
# ambidex exported with --save-boot: boot_idx_poldem.csv) and boot_indep.csv (R boot and
# lavaan bootstrap limits from R's own random numbers, for the Monte-Carlo-error check),
# and process_expected.csv (numbers parsed from the PROCESS 2.16.3 outputs in process/).
suppressMessages({library(lavaan); library(boot); library(psych)})
dir.create("data", showWarnings = FALSE)
fmt <- function(v) sprintf("%.17g", v)
out <- list()
put <- function(sc, key, v) out[[length(out) + 1]] <<- data.frame(scenario = sc, key = key, value = fmt(v))

# ---- data ----------------------------------------------------------------------
data(PoliticalDemocracy)
pd <- PoliticalDemocracy
poldem <- data.frame(ind60 = rowMeans(pd[, c("x1", "x2", "x3")]),
                     dem60 = rowMeans(pd[, c("y1", "y2", "y3", "y4")]),
                     dem65 = rowMeans(pd[, c("y5", "y6", "y7", "y8")]))
write.csv(poldem, "data/poldem.csv", row.names = FALSE)
data(bfi)
b <- bfi
rv <- function(x) 7 - x
sc <- data.frame(
  A = rowMeans(cbind(rv(b$A1), b$A2, b$A3, b$A4, b$A5)),
  C = rowMeans(cbind(b$C1, b$C2, b$C3, rv(b$C4), rv(b$C5))),
  E = rowMeans(cbind(rv(b$E1), rv(b$E2), b$E3, b$E4, b$E5)),
  N = rowMeans(cbind(b$N1, b$N2, b$N3, b$N4, b$N5)),
  O = rowMeans(cbind(b$O1, rv(b$O2), b$O3, b$O4, rv(b$O5))),
  gender = b$gender, education = b$education, age = b$age)
write.csv(sc, "data/bfi_scales.csv", row.names = FALSE, na = "")

# ---- OLS with HC standard errors --------------------------------------------------
fit <- function(y, X, hc = "ols") {
  f <- lm.fit(X, y); n <- nrow(X); k <- ncol(X)
  e <- f$residuals; XtXi <- chol2inv(qr.R(qr(X)))
  h <- rowSums((X %*% XtXi) * X)
  V <- switch(hc,
    ols = XtXi * sum(e^2) / (n - k),
    hc0 = XtXi %*% crossprod(X * e) %*% XtXi,
    hc1 = XtXi %*% crossprod(X * e) %*% XtXi * n / (n - k),
    hc2 = XtXi %*% crossprod(X * (e / sqrt(1 - h))) %*% XtXi,
    hc3 = XtXi %*% crossprod(X * (e / (1 - h))) %*% XtXi,
    hc4 = { d <- pmin(4, n * h / k); XtXi %*% crossprod(X * (e / (1 - h)^(d / 2))) %*% XtXi })
  bb <- f$coefficients; dimnames(V) <- list(colnames(X), colnames(X))
  se <- sqrt(diag(V)); names(se) <- colnames(X); df <- n - k
  r2 <- 1 - sum(e^2) / sum((y - mean(y))^2)
  q <- k - 1
  Fs <- if (hc == "ols") (r2 / q) / ((1 - r2) / df) else
    drop(t(bb[-1]) %*% solve(V[-1, -1, drop = FALSE]) %*% bb[-1]) / q
  list(b = bb, se = se, V = V, t = bb / se, p = 2 * pt(-abs(bb / se), df),
       lo = bb - qt(.975, df) * se, hi = bb + qt(.975, df) * se, r2 = r2, mse = sum(e^2) / df,
       F = Fs, df1 = q, df2 = df, pF = pf(Fs, q, df, lower.tail = FALSE), names = colnames(X))
}
put_eq <- function(s, outcome, f, suffix = "") {
  if (suffix == "") {
    put(s, paste0("eq.", outcome, ".r2"), f$r2); put(s, paste0("eq.", outcome, ".mse"), f$mse)
    put(s, paste0("eq.", outcome, ".df1"), f$df1); put(s, paste0("eq.", outcome, ".df2"), f$df2)
  }
  put(s, paste0("eq.", outcome, ".f", suffix), f$F); put(s, paste0("eq.", outcome, ".p", suffix), f$pF)
  for (j in seq_along(f$b)) {
    pre <- paste0("eq.", outcome, ".", f$names[j], ".")
    if (suffix == "") put(s, paste0(pre, "b"), f$b[j])
    for (st in c("se", "t", "p", "lo", "hi"))
      put(s, paste0(pre, st, suffix), f[[st]][j])
  }
}
design <- function(d, terms) { X <- cbind(1, as.matrix(d[, terms, drop = FALSE])); colnames(X) <- c("constant", terms); X }
ab <- function(fm, fy, m) fm$b[["x"]] * fy$b[[m]]

# ---- Scenario poldem4: simple mediation, all HC types ------------------------------
s <- "poldem4"; d <- poldem; put(s, "n", nrow(d))
Xm <- design(d, "ind60"); Xy <- design(d, c("ind60", "dem60")); Xc <- design(d, "ind60")
for (hc in c("ols", "hc0", "hc1", "hc2", "hc3", "hc4")) {
  suf <- if (hc == "ols") "" else paste0(".", hc)
  fm <- fit(d$dem60, Xm, hc); fy <- fit(d$dem65, Xy, hc); fc <- fit(d$dem65, Xc, hc)
  put_eq(s, "dem60", fm, suf); put_eq(s, "dem65", fy, suf)
  a <- fm$b[["ind60"]]; sa <- fm$se[["ind60"]]; bb <- fy$b[["dem60"]]; sb <- fy$se[["dem60"]]
  for (st in c("se", "t", "p", "lo", "hi")) {
    put(s, paste0("total.", st, suf), fc[[st]][["ind60"]])
    put(s, paste0("direct.", st, suf), fy[[st]][["ind60"]])
  }
  sob <- sqrt(bb^2 * sa^2 + a^2 * sb^2); aro <- sqrt(bb^2 * sa^2 + a^2 * sb^2 + sa^2 * sb^2)
  goo <- sqrt(bb^2 * sa^2 + a^2 * sb^2 - sa^2 * sb^2)
  for (nm in c("sobel", "aroian", "goodman")) {
    se <- get(substr(nm, 1, 3)); if (nm == "goodman") se <- goo
    put(s, paste0(nm, ".se", suf), se); put(s, paste0(nm, ".z", suf), a * bb / se)
    put(s, paste0(nm, ".p", suf), 2 * pnorm(-abs(a * bb / se)))
  }
  if (hc == "ols") {
    put(s, "total.effect", fc$b[["ind60"]]); put(s, "direct.effect", fy$b[["ind60"]])
    put(s, "ind.dem60.effect", a * bb)
    put(s, "ind.dem60.ps", a * bb / sd(d$dem65)); put(s, "ind.dem60.cs", a * bb * sd(d$ind60) / sd(d$dem65))
  }
}

# ---- bfi scenarios -------------------------------------------------------------------
bfiset <- function(vars) { d <- sc[complete.cases(sc[, vars]), vars]; rownames(d) <- NULL; d }

# bfi4: parallel mediation (A, C, O) with covariates gender and age, OLS SEs.
s <- "bfi4"; d <- bfiset(c("E", "A", "C", "O", "N", "gender", "age")); put(s, "n", nrow(d))
ms <- c("A", "C", "O"); cv <- c("gender", "age")
fms <- lapply(ms, function(m) fit(d[[m]], design(d, c("E", cv))))
fy <- fit(d$N, design(d, c(ms, "E", cv))); fc <- fit(d$N, design(d, c("E", cv)))
for (i in 1:3) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
ind <- sapply(1:3, function(i) fms[[i]]$b[["E"]] * fy$b[[ms[i]]]); names(ind) <- ms
for (m in ms) { put(s, paste0("ind.", m, ".effect"), ind[[m]])
  put(s, paste0("ind.", m, ".ps"), ind[[m]] / sd(d$N)); put(s, paste0("ind.", m, ".cs"), ind[[m]] * sd(d$E) / sd(d$N)) }
put(s, "ind.total.effect", sum(ind)); put(s, "ind.total.cs", sum(ind) * sd(d$E) / sd(d$N))
for (i in 1:2) for (j in (i + 1):3) put(s, paste0("con.", ms[i], "-", ms[j], ".effect"), ind[[i]] - ind[[j]])
for (st in c("b", "se", "t", "p", "lo", "hi")) {
  put(s, paste0("total.", if (st == "b") "effect" else st), fc[[st]][["E"]])
  put(s, paste0("direct.", if (st == "b") "effect" else st), fy[[st]][["E"]]) }

# bfi6: serial mediation E -> A -> C -> N with covariate age, HC3 SEs.
s <- "bfi6"; d <- bfiset(c("E", "A", "C", "N", "age")); put(s, "n", nrow(d))
f1 <- fit(d$A, design(d, c("E", "age")), "hc3"); f2 <- fit(d$C, design(d, c("A", "E", "age")), "hc3")
fy <- fit(d$N, design(d, c("A", "C", "E", "age")), "hc3"); fc <- fit(d$N, design(d, c("E", "age")), "hc3")
put_eq(s, "A", f1); put_eq(s, "C", f2); put_eq(s, "N", fy)
i1 <- f1$b[["E"]] * fy$b[["A"]]; i2 <- f1$b[["E"]] * f2$b[["A"]] * fy$b[["C"]]; i3 <- f2$b[["E"]] * fy$b[["C"]]
put(s, "ind.A.effect", i1); put(s, "ind.A>C.effect", i2); put(s, "ind.C.effect", i3)
put(s, "ind.total.effect", i1 + i2 + i3)
put(s, "total.effect", fc$b[["E"]]); put(s, "total.se", fc$se[["E"]])
put(s, "direct.effect", fy$b[["E"]]); put(s, "direct.se", fy$se[["E"]])

# Probe values: mean and mean +/- 1 SD (n - 1), PROCESS 2 convention.
probes <- function(w) c(mean(w) - sd(w), mean(w), mean(w) + sd(w))

# bfi7: first-stage moderated mediation, W = O, mediators A and C, covariate age.
s <- "bfi7"; d <- bfiset(c("E", "A", "C", "O", "N", "age")); put(s, "n", nrow(d))
d$E_x_O <- d$E * d$O; ms <- c("A", "C")
fms <- lapply(ms, function(m) fit(d[[m]], design(d, c("E", "O", "E_x_O", "age"))))
fy <- fit(d$N, design(d, c(ms, "E", "age")))
for (i in 1:2) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
pw <- probes(d$O); for (k in 1:3) put(s, paste0("probe.", k), pw[k])
for (i in 1:2) { m <- ms[i]; f <- fms[[i]]
  for (k in 1:3) put(s, paste0("ind.", m, ".p", k, ".effect"), (f$b[["E"]] + f$b[["E_x_O"]] * pw[k]) * fy$b[[m]])
  put(s, paste0("index.", m), f$b[["E_x_O"]] * fy$b[[m]]) }

# bfi14: second-stage moderated mediation, V = O, mediators A and C, HC3 SEs.
s <- "bfi14"; d <- bfiset(c("E", "A", "C", "O", "N")); put(s, "n", nrow(d))
d$A_x_O <- d$A * d$O; d$C_x_O <- d$C * d$O; ms <- c("A", "C")
fms <- lapply(ms, function(m) fit(d[[m]], design(d, "E"), "hc3"))
fy <- fit(d$N, design(d, c(ms, "E", "O", "A_x_O", "C_x_O")), "hc3")
for (i in 1:2) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
pw <- probes(d$O); for (k in 1:3) put(s, paste0("probe.", k), pw[k])
for (i in 1:2) { m <- ms[i]; pr <- paste0(m, "_x_O")
  for (k in 1:3) put(s, paste0("ind.", m, ".p", k, ".effect"), fms[[i]]$b[["E"]] * (fy$b[[m]] + fy$b[[pr]] * pw[k]))
  put(s, paste0("index.", m), fms[[i]]$b[["E"]] * fy$b[[pr]]) }
put(s, "direct.effect", fy$b[["E"]]); put(s, "direct.se", fy$se[["E"]])

# bfi1: simple moderation Y = N, X = E, W = O, covariate gender, HC3.
s <- "bfi1"; d <- bfiset(c("E", "O", "N", "gender")); put(s, "n", nrow(d))
d$E_x_O <- d$E * d$O
fy <- fit(d$N, design(d, c("E", "O", "E_x_O", "gender")), "hc3"); put_eq(s, "N", fy)
f0 <- fit(d$N, design(d, c("E", "O", "gender")))
dr2 <- fy$r2 - f0$r2; put(s, "r2chng", dr2)
put(s, "r2chng.f", fy$t[["E_x_O"]]^2); put(s, "r2chng.p", fy$p[["E_x_O"]])
pw <- probes(d$O); V <- fy$V; cn <- colnames(V)
for (k in 1:3) { w <- pw[k]; put(s, paste0("probe.", k), w)
  ef <- fy$b[["E"]] + fy$b[["E_x_O"]] * w
  se <- sqrt(V["E", "E"] + 2 * w * V["E", "E_x_O"] + w^2 * V["E_x_O", "E_x_O"])
  put(s, paste0("cond.p", k, ".effect"), ef); put(s, paste0("cond.p", k, ".se"), se)
  put(s, paste0("cond.p", k, ".p"), 2 * pt(-abs(ef / se), fy$df2)) }


# Probe values at the 16th, 50th, 84th percentiles, interpolated at p(n+1) (type 6 = SPSS).
pprobes <- function(w) unname(quantile(w, c(.16, .50, .84), type = 6))
cond_direct <- function(s, fy, xn, xw, pw) {
  V <- fy$V
  for (k in seq_along(pw)) { w <- pw[k]
    ef <- fy$b[[xn]] + fy$b[[xw]] * w
    se <- sqrt(V[xn, xn] + 2 * w * V[xn, xw] + w^2 * V[xw, xw])
    put(s, paste0("cond.p", k, ".effect"), ef); put(s, paste0("cond.p", k, ".se"), se)
    put(s, paste0("cond.p", k, ".p"), 2 * pt(-abs(ef / se), fy$df2))
    put(s, paste0("cond.p", k, ".lo"), ef - qt(.975, fy$df2) * se); put(s, paste0("cond.p", k, ".hi"), ef + qt(.975, fy$df2) * se) }
}
# bfi8: X*W in the mediator and Y equations, percentile probes, OLS SEs.
s <- "bfi8"; d <- bfiset(c("E", "A", "C", "O", "N")); put(s, "n", nrow(d))
d$E_x_O <- d$E * d$O; ms <- c("A", "C")
fms <- lapply(ms, function(m) fit(d[[m]], design(d, c("E", "O", "E_x_O"))))
fy <- fit(d$N, design(d, c(ms, "E", "O", "E_x_O")))
for (i in 1:2) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
pw <- pprobes(d$O); for (k in 1:3) put(s, paste0("probe.", k), pw[k])
for (i in 1:2) { m <- ms[i]; f <- fms[[i]]
  for (k in 1:3) put(s, paste0("ind.", m, ".p", k, ".effect"), (f$b[["E"]] + f$b[["E_x_O"]] * pw[k]) * fy$b[[m]])
  put(s, paste0("index.", m), f$b[["E_x_O"]] * fy$b[[m]]) }
cond_direct(s, fy, "E", "E_x_O", pw)
# bfi58 / bfi59: both stages moderated (59 also the direct effect), covariate age, HC3.
for (model in c(58, 59)) {
  s <- paste0("bfi", model); d <- bfiset(c("E", "A", "C", "O", "N", "age")); put(s, "n", nrow(d))
  d$E_x_O <- d$E * d$O; d$A_x_O <- d$A * d$O; d$C_x_O <- d$C * d$O; ms <- c("A", "C")
  fms <- lapply(ms, function(m) fit(d[[m]], design(d, c("E", "O", "E_x_O", "age")), "hc3"))
  yt <- c(ms, "E", "O", "A_x_O", "C_x_O", if (model == 59) "E_x_O", "age")
  fy <- fit(d$N, design(d, yt), "hc3")
  for (i in 1:2) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
  pw <- pprobes(d$O); for (k in 1:3) put(s, paste0("probe.", k), pw[k])
  for (i in 1:2) { m <- ms[i]; f <- fms[[i]]; pr <- paste0(m, "_x_O")
    for (k in 1:3) put(s, paste0("ind.", m, ".p", k, ".effect"),
                       (f$b[["E"]] + f$b[["E_x_O"]] * pw[k]) * (fy$b[[m]] + fy$b[[pr]] * pw[k])) }
  if (model == 59) cond_direct(s, fy, "E", "E_x_O", pw) else { put(s, "direct.effect", fy$b[["E"]]); put(s, "direct.se", fy$se[["E"]]) }
}
# bfi7c: model 7 with E and O mean-centred before forming the product (--center).
s <- "bfi7c"; d <- bfiset(c("E", "A", "C", "O", "N")); put(s, "n", nrow(d))
d$E <- d$E - mean(d$E); d$O <- d$O - mean(d$O); d$E_x_O <- d$E * d$O; ms <- c("A", "C")
fms <- lapply(ms, function(m) fit(d[[m]], design(d, c("E", "O", "E_x_O"))))
fy <- fit(d$N, design(d, c(ms, "E")))
for (i in 1:2) put_eq(s, ms[i], fms[[i]]); put_eq(s, "N", fy)
pw <- probes(d$O); for (k in 1:3) put(s, paste0("probe.", k), pw[k])
for (i in 1:2) { m <- ms[i]; f <- fms[[i]]
  for (k in 1:3) put(s, paste0("ind.", m, ".p", k, ".effect"), (f$b[["E"]] + f$b[["E_x_O"]] * pw[k]) * fy$b[[m]])
  put(s, paste0("index.", m), f$b[["E_x_O"]] * fy$b[[m]]) }
# bfi6s3: serial mediation with three mediators (7 paths), no covariates, OLS.
s <- "bfi6s3"; d <- bfiset(c("E", "A", "C", "O", "N")); put(s, "n", nrow(d))
f1 <- fit(d$A, design(d, "E")); f2 <- fit(d$C, design(d, c("E", "A"))); f3 <- fit(d$O, design(d, c("E", "A", "C")))
fy <- fit(d$N, design(d, c("A", "C", "O", "E")))
put_eq(s, "A", f1); put_eq(s, "C", f2); put_eq(s, "O", f3); put_eq(s, "N", fy)
a1 <- f1$b[["E"]]; a2 <- f2$b[["E"]]; a3 <- f3$b[["E"]]; d21 <- f2$b[["A"]]; d31 <- f3$b[["A"]]; d32 <- f3$b[["C"]]
b1 <- fy$b[["A"]]; b2 <- fy$b[["C"]]; b3 <- fy$b[["O"]]
ind <- c("A" = a1 * b1, "A>C" = a1 * d21 * b2, "A>C>O" = a1 * d21 * d32 * b3, "A>O" = a1 * d31 * b3,
         "C" = a2 * b2, "C>O" = a2 * d32 * b3, "O" = a3 * b3)
for (k in names(ind)) put(s, paste0("ind.", k, ".effect"), ind[[k]])
put(s, "ind.total.effect", sum(ind)); put(s, "con.A-O.effect", ind[["A"]] - ind[["O"]])
fc <- fit(d$N, design(d, "E")); put(s, "total.effect", fc$b[["E"]])

# s003 / s003p: the study 003 example (examples/study003_mediation/study003.csv): scale means,
# AMBI = centred RAD x centred INC, six controls; single mediator and RAD + INC in parallel.
ex <- read.csv("../../../examples/study003_mediation/study003.csv")
rm_ <- function(p) rowMeans(ex[, grep(paste0("^", p, "[0-9]$"), names(ex))])
ex$AMC <- rowMeans(cbind(rm_("coord"), rm_("proact"), rm_("transf"), rm_("learn")))
ex$RAD <- rm_("rad"); ex$INC <- rm_("inc"); ex$SPEED <- rm_("speed")
ex$AMBI <- (ex$RAD - mean(ex$RAD)) * (ex$INC - mean(ex$INC))
ctl <- c("lnsize", "lnage", "industry", "rd", "intexp", "allexp")
for (s in c("s003", "s003p")) {
  ms <- if (s == "s003") "AMBI" else c("RAD", "INC"); put(s, "n", nrow(ex))
  fms <- lapply(ms, function(m) fit(ex[[m]], design(ex, c("AMC", ctl))))
  fy <- fit(ex$SPEED, design(ex, c(ms, "AMC", ctl))); fc <- fit(ex$SPEED, design(ex, c("AMC", ctl)))
  for (i in seq_along(ms)) put_eq(s, ms[i], fms[[i]]); put_eq(s, "SPEED", fy)
  ind <- sapply(seq_along(ms), function(i) fms[[i]]$b[["AMC"]] * fy$b[[ms[i]]])
  for (i in seq_along(ms)) { put(s, paste0("ind.", ms[i], ".effect"), ind[i])
    put(s, paste0("ind.", ms[i], ".cs"), ind[i] * sd(ex$AMC) / sd(ex$SPEED)) }
  put(s, "total.effect", fc$b[["AMC"]]); put(s, "direct.effect", fy$b[["AMC"]])
  if (s == "s003") { a <- fms[[1]]$b[["AMC"]]; sa <- fms[[1]]$se[["AMC"]]; b <- fy$b[["AMBI"]]; sb <- fy$se[["AMBI"]]
    put(s, "sobel.z", a * b / sqrt(b^2 * sa^2 + a^2 * sb^2)) }
}

# Monte Carlo interval of a*b for poldem (Preacher & Selig), 200000 draws in R.
set.seed(424242)
fm <- fit(poldem$dem60, design(poldem, "ind60")); fy <- fit(poldem$dem65, design(poldem, c("ind60", "dem60")))
za <- MASS::mvrnorm(200000, fm$b, fm$V); zb <- MASS::mvrnorm(200000, fy$b, fy$V)
mcab <- za[, "ind60"] * zb[, "dem60"]
put("poldem4mc", "mc.lo", unname(quantile(mcab, .025))); put("poldem4mc", "mc.hi", unname(quantile(mcab, .975)))

write.csv(do.call(rbind, out), "expected.csv", row.names = FALSE, quote = FALSE)
cat("expected.csv:", length(out), "values\n")

# ---- Bootstrap from ambidex's own resample indices ---------------------------------
# boot_idx_poldem.csv was written by
#   ambidex mediate data/poldem.csv --x ind60 --m dem60 --y dem65 --boot 1000 --seed 2026 \
#     --save-boot boot_idx_poldem.csv
# (one line per resample, 1-based rows). The limits below apply the documented order-
# statistic rule (docs/mediate.md) to R's estimates on exactly those resamples.
ord_lo <- function(B, p) { v <- B * p; if (abs(v - round(v)) < 1e-9 * B) v <- round(v); min(B, max(1, floor(v))) }
ord_hi <- function(B, p) { v <- B * p; if (abs(v - round(v)) < 1e-9 * B) v <- round(v); max(1, min(B, floor(v) + 1)) }
ci_rule <- function(t, t0, jack, method, conf = 95) {
  B <- length(t); al <- 1 - conf / 100; plo <- al / 2; phi <- 1 - al / 2
  if (method != "percentile") {
    z0 <- qnorm(sum(t < t0) / B); zl <- qnorm(plo); zh <- qnorm(phi); a <- 0
    if (method == "bca") { L <- mean(jack) - jack; a <- sum(L^3) / (6 * sum(L^2)^1.5) }
    plo <- pnorm(z0 + (z0 + zl) / (1 - a * (z0 + zl))); phi <- pnorm(z0 + (z0 + zh) / (1 - a * (z0 + zh)))
  }
  s <- sort(t); c(sd(t), s[ord_lo(B, plo)], s[ord_hi(B, phi)])
}
stat_pd <- function(d) {
  a <- coef(lm(dem60 ~ ind60, d))[["ind60"]]; b <- coef(lm(dem65 ~ dem60 + ind60, d))[["dem60"]]
  c(ab = a * b, ps = a * b / sd(d$dem65), cs = a * b * sd(d$ind60) / sd(d$dem65))
}
idx <- as.matrix(read.csv("boot_idx_poldem.csv", header = FALSE))
tb <- t(apply(idx, 1, function(i) stat_pd(poldem[i, ])))
t0 <- stat_pd(poldem)
jk <- t(sapply(seq_len(nrow(poldem)), function(i) stat_pd(poldem[-i, ])))
fx <- list()
for (st in colnames(tb)) for (me in c("percentile", "bc", "bca")) {
  v <- ci_rule(tb[, st], t0[[st]], jk[, st], me)
  fx[[length(fx) + 1]] <- data.frame(stat = st, method = me, boot_se = fmt(v[1]), lo = fmt(v[2]), hi = fmt(v[3]))
}
write.csv(do.call(rbind, fx), "boot_fixed.csv", row.names = FALSE, quote = FALSE)

# ---- Independent bootstraps: R boot (5000) and lavaan (2000) --------------------------
set.seed(20261122)
bo <- boot(poldem, function(d, i) stat_pd(d[i, ])[["ab"]], R = 5000)
L <- (nrow(poldem) - 1) * (mean(jk[, "ab"]) - jk[, "ab"])
ci <- boot.ci(bo, conf = .95, type = c("perc", "bca"), L = L)
set.seed(20261123)
fl <- sem("dem60 ~ a*ind60\n dem65 ~ b*dem60 + ind60\n ab := a*b", poldem, se = "bootstrap", bootstrap = 2000)
pe <- parameterEstimates(fl, boot.ci.type = "perc"); pe <- pe[pe$label == "ab", ]
pb <- parameterEstimates(fl, boot.ci.type = "bca.simple"); pb <- pb[pb$label == "ab", ]
ind <- data.frame(source = c("boot_perc", "boot_bca", "lavaan_perc", "lavaan_bca_simple"),
                  B = c(5000, 5000, 2000, 2000),
                  boot_se = fmt(c(sd(bo$t[, 1]), sd(bo$t[, 1]), pe$se, pe$se)),
                  lo = fmt(c(ci$percent[4], ci$bca[4], pe$ci.lower, pb$ci.lower)),
                  hi = fmt(c(ci$percent[5], ci$bca[5], pe$ci.upper, pb$ci.upper)))
write.csv(ind, "boot_indep.csv", row.names = FALSE, quote = FALSE)

# ---- PROCESS 2.16.3 outputs parsed into process_expected.csv -------------------------
pp <- list()
ppt <- function(model, key, v) pp[[length(pp) + 1]] <<- data.frame(model = model, key = key, value = v)
num <- function(s) as.numeric(strsplit(trimws(s), " +")[[1]])
for (model in c(1, 4, 6, 7, 14)) {
  L <- readLines(sprintf("process/Results_OLS_Model%d.txt", model), warn = FALSE)
  L <- sub("^\ufeff", "", L)
  # product terms key: " int_1    x           X     w"
  prod <- list()
  for (l in grep("^ int_[0-9]+ ", L, value = TRUE)) { f <- strsplit(trimws(l), " +")[[1]]; prod[[f[1]]] <- paste(f[2], "x", f[4]) }
  outc <- NA
  for (i in seq_along(L)) {
    l <- L[i]
    if (grepl("^Outcome: ", l)) outc <- sub("^Outcome: ", "", l)
    if (grepl("^ +R +R-sq", l)) { v <- num(L[i + 1])
      for (j in 1:7) ppt(model, paste0("eq.", outc, ".", c("r", "r2", "mse", "f", "df1", "df2", "p")[j]), v[j]) }
    if (grepl("^ +coeff +se", l)) { j <- i + 1
      while (nzchar(trimws(L[j]))) { f <- strsplit(trimws(L[j]), " +")[[1]]
        term <- if (!is.null(prod[[f[1]]])) prod[[f[1]]] else f[1]
        v <- as.numeric(f[-1]); for (q in 1:6) ppt(model, paste0("eq.", outc, ".", term, ".", c("b", "se", "t", "p", "lo", "hi")[q]), v[q])
        j <- j + 1 } }
    if (grepl("^Direct effect of X on Y", l)) { v <- num(L[i + 2])
      for (q in 1:6) ppt(model, paste0("direct.", c("effect", "se", "t", "p", "lo", "hi")[q]), v[q]) }
    if (grepl("^R-square increase", l)) { v <- num(sub("^int_1", "", L[i + 2]))
      for (q in 1:5) ppt(model, paste0("r2chng.", c("r2", "f", "df1", "df2", "p")[q]), v[q]) }
    if (grepl("^Conditional effect of X on Y", l)) for (k in 1:3) { v <- num(L[i + 1 + k])
      ppt(model, paste0("probe.", k), v[1])
      for (q in 1:7) ppt(model, paste0("cond.p", k, ".", c("w", "effect", "se", "t", "p", "lo", "hi")[q]), v[q]) }
  }
  keyname <- c(TOTAL = "total", "Total:" = "total")
  if (model == 4) { i <- grep("^Indirect effect of X on Y", L)
    for (j in (i + 2):(i + 4)) { f <- strsplit(trimws(L[j]), " +")[[1]]; nm <- if (f[1] == "TOTAL") "total" else f[1]
      for (q in 1:4) ppt(model, paste0("ind.", nm, ".", c("effect", "boot_se", "lo", "hi")[q]), as.numeric(f[q + 1])) } }
  if (model == 6) { i <- grep("^Indirect effect\\(s\\) of X on Y", L)
    keys <- c("total", "m1", "m1>m2", "m2")
    for (j in 1:4) { v <- num(sub("^[A-Za-z0-9]+ ?:", "", L[i + 1 + j]))
      for (q in 1:4) ppt(model, paste0("ind.", keys[j], ".", c("effect", "boot_se", "lo", "hi")[q]), v[q]) } }
  if (model %in% c(7, 14)) {
    for (i in grep("^Mediator$", L)) { j <- i + 2; k <- 0
      while (nzchar(trimws(L[j]))) { f <- strsplit(trimws(L[j]), " +")[[1]]
        if (length(f) == 6) { k <- k + 1; ppt(model, paste0("probe.", k), as.numeric(f[2]))
          for (q in 1:4) ppt(model, paste0("ind.", f[1], ".p", k, ".", c("effect", "boot_se", "lo", "hi")[q]), as.numeric(f[q + 2])) }
        else for (q in 1:4) ppt(model, paste0("index.", f[1], ".", c("effect", "boot_se", "lo", "hi")[q]), as.numeric(f[q + 1]))
        j <- j + 1 } } }
}
pdf <- do.call(rbind, pp); pdf <- pdf[!duplicated(pdf[, 1:2]), ]
write.csv(pdf, "process_expected.csv", row.names = FALSE, quote = FALSE)
cat("boot_fixed.csv, boot_indep.csv, process_expected.csv written\n")
