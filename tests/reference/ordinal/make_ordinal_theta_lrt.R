# make_ordinal_theta_lrt.R -- Satorra's (2000) scaled-shifted difference of two ordinal fits
# in the theta parameterization (lavaan 0.6.14 lavTestLRT(m1, m0), its default method
# "satorra.2000", scaled.shifted, for WLSMV with parameterization = "theta"; session 9).
# R 4.2.2. Without constraint lines the theta and delta fits are the same models rescaled
# and give the same difference (tl_free and its delta twin tl_free_delta); with constraint
# lines or fixed values on theta-scale parameters they are different models.
# Data: ../data/bfi.csv A2-A5, C1-C4 ordered (listwise, as make_ordinal_gcon_lrt.R) and
# hs_ord.csv (HS 1939 x1-x9 cut at the quartiles, make_ordinal_mg.R), every item ordered.
# Bases: bfi "A =~ A2 + a*A3 + b*A4 + e*A5; C =~ C1 + C2 + c*C3 + d*C4",
#        hs   "visual =~ x1 + a*x2 + b*x3; textual =~ x4 + c*x5 + d*x6; speed =~ x7 + x8 + x9".
# Pairs (m0 restricted, m1), theta unless said:
#   tl_free        bfi  m0 A ~~ 0*C                        m1 base (no constraint lines)
#   tl_free_delta  the same pair in the delta parameterization
#   tl_gsum        bfi  m0 a + b + c == 3                  m1 base
#   tl_g2b         bfi  m0 a == 2*b                        m1 base
#   tl_sumboth     bfi  m0 a + b + c == 3, A ~~ 0*C        m1 a + b + c == 3
#   tl_gnl         bfi  m0 a == b^2                        m1 base
#   tl_bndboth     bfi  m0 b > 0.8 (active), c == -d       m1 b > 0.8 (active)
#   th_hsum        hs   m0 a + b == 1                      m1 base
#   th_hfix        hs   m0 x5's loading fixed at 1.2       m1 base (a fixed value, no line)
#   th_hcov        hs   m0 a + b == 1, visual ~~ 0*speed   m1 a + b == 1
# Each pair once by lavTestLRT and once by lavaan's own Satorra (2000) function with A given
# (the _nullA rows, as make_ordinal_gcon_lrt.R: A spans the complement of
# H = ginv(Delta1 N1) Delta0 N0 in m1's null space, N0, N1 the null spaces of each fit's
# constraint Jacobian at its estimates), which also serves where lavTestLRT fails.
# Fits: optim.method "BFGS" with a tight reltol (make_ordinal_theta_fit.R: lavaan's nlminb
# stops short in the theta scale); with an inequality nlminb.constr and the tight outer
# tolerance of make_ordinal_gcon.R (the nonlinear line too: BFGS fails there).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_theta_lrt.R  (writes theta_lrt.csv:
# pair,chisq0,df0,chisq1,df1,chisq_diff,df_diff,pvalue, %.17g; NA where lavTestLRT fails,
# its message printed)
suppressMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
bfgs <- list(optim.method = "BFGS", control = list(reltol = 1e-14, maxit = 10000))
tight <- list(control = list(rel.tol = 1e-14, control.outer = list(tol = 1e-12, itmax = 500L)))
items <- c(paste0("A", 2:5), paste0("C", 1:4))
bfi <- na.omit(read.csv("../data/bfi.csv")[, items])
ho <- read.csv("hs_ord.csv")[, paste0("x", 1:9)]
bb <- "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n"
hb <- "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + c*x5 + d*x6\nspeed =~ x7 + x8 + x9\n"
fit <- function(model, d, par = "theta", opt = bfgs) {
  f <- do.call("cfa", c(list(model, data = d, ordered = names(d), estimator = "WLSMV",
                           parameterization = par), opt))
  stopifnot(lavInspect(f, "converged"))
  f
}
bf <- function(lines, ...) fit(paste0(bb, lines), bfi, ...)
hf <- function(lines, ...) fit(paste0(hb, lines), ho, ...)
pairs <- list(
  tl_free = list(bf("A ~~ 0*C"), bf("")),
  tl_free_delta = list(bf("A ~~ 0*C", par = "delta"), bf("", par = "delta")),
  tl_gsum = list(bf("a + b + c == 3"), bf("")),
  tl_g2b = list(bf("a == 2*b"), bf("")),
  tl_sumboth = list(bf("a + b + c == 3\nA ~~ 0*C"), bf("a + b + c == 3")),
  tl_gnl = list(bf("a == b^2", opt = tight), bf("")),
  tl_bndboth = list(bf("b > 0.8\nc == -d", opt = tight), bf("b > 0.8", opt = tight)),
  th_hsum = list(hf("a + b == 1"), hf("")),
  th_hfix = list(fit(sub("c*x5", "1.2*x5", hb, fixed = TRUE), ho), hf("")),
  th_hcov = list(hf("a + b == 1\nvisual ~~ 0*speed"), hf("a + b == 1")))
row <- function(nm, m0, m1, T, df) {
  f0 <- fitMeasures(m0, c("chisq", "df")); f1 <- fitMeasures(m1, c("chisq", "df"))
  data.frame(pair = nm, chisq0 = fmt(f0[1]), df0 = fmt(f0[2]), chisq1 = fmt(f1[1]),
             df1 = fmt(f1[2]), chisq_diff = fmt(T), df_diff = fmt(df),
             pvalue = fmt(if (is.na(T)) NA else pchisq(T, df, lower.tail = FALSE)))
}
nullsp <- function(fit) {
  J <- fit@Model@con.jac
  np <- fit@Model@nx.free
  if (nrow(J) == 0L) return(diag(np))
  lavaan:::lav_matrix_orthogonal_complement(t(J))
}
rows <- list()
for (nm in names(pairs)) {
  m0 <- pairs[[nm]][[1]]; m1 <- pairs[[nm]][[2]]
  b0 <- lavInspect(m0, "est")
  lt <- tryCatch(lavTestLRT(m1, m0), error = function(e) {
    message(nm, ": lavTestLRT fails: ", conditionMessage(e))
    NULL
  })
  rows[[nm]] <- if (is.null(lt)) row(nm, m0, m1, NA, NA)
                else row(nm, m0, m1, lt[2, "Chisq diff"], lt[2, "Df diff"])
  D1 <- do.call(rbind, lavaan:::computeDelta(m1@Model))
  D0 <- do.call(rbind, lavaan:::computeDelta(m0@Model))
  N1 <- nullsp(m1); N0 <- nullsp(m0)
  H <- MASS::ginv(D1 %*% N1) %*% D0 %*% N0
  A <- t(lavaan:::lav_matrix_orthogonal_complement(H)) %*% t(N1)
  st <- lavaan:::lav_test_diff_Satorra2000(m1, m0, A = A, scaled.shifted = TRUE)
  nn <- paste0(nm, "_nullA")
  rows[[nn]] <- row(nn, m0, m1, st$T.delta, st$df.delta)
}
# the active bound of tl_bndboth (b at 0.8 in both fits)
pe <- parameterEstimates(pairs$tl_bndboth[[1]])
cat("tl_bndboth: b in m0", pe$est[pe$label == "b"][1], "in m1",
    with(parameterEstimates(pairs$tl_bndboth[[2]]), est[label == "b"][1]), "\n")
write.csv(do.call(rbind, rows), "theta_lrt.csv", row.names = FALSE, quote = FALSE)
print(read.csv("theta_lrt.csv"))
