# make_score1_mix.R -- score tests of the constraints of a single-group fit with ordered
# indicators beyond make_score1.R's listwise ordered-only cases (lavaan 0.6.14
# lavTestScore(fit); R 4.2.2): under missing = "pairwise", with continuous indicators
# (mixed), and with exogenous covariates (conditional.x). lavTestScore warns "se is not
# `standard'; not implemented yet; falling back to ordinary score test" with WLSMV/ULSMV and
# gives the ordinary test. Each case: a repeated label and an "==" line.
# Cases:
#   p1_ord, p1_ordu   bfi A2-A5 ordered, missing = "pairwise" (all 2800 rows), WLSMV / ULSMV:
#                     A =~ A2 + a*A3 + a*A4 + b*A5, b == 0.8*a
#   p1_sum, p1_sumu   bfi A2-A5, C1-C4 ordered, pairwise, WLSMV / ULSMV: a + b + c == 3
#   m1_mix, m1_mixt   ../ordinal/hs_mixed.csv (x1-x3 ordered, x4-x6 continuous), WLSMV,
#                     delta / theta: visual =~ x1 + a*x2 + a*x3, textual =~ x4 + b*x5 + c*x6,
#                     b == c, x5 ~~ v*x5, x6 ~~ v*x6
#   m1_pair           the same model on ../ordinal/hs_mixpair.csv, missing = "pairwise"
#   x1_mimic, x1_mimict  bfi A1-A5 ordered, f =~ A1 + a*A2 + a*A3 + b*A4 + A5,
#                     f ~ c*age + gender, b == 0.9*a, c == 0.01 (delta / theta)
#   x1_mixx, x1_mixxt ../ordinal/hs_mixx.csv: visual =~ x1 + a*x2 + a*x3, textual =~ x4 +
#                     b*x5 + c*x6, visual ~ ageyr + sex, textual ~ ageyr + sex, b == c
#                     (delta / theta)
# and across the three: p1_ordt (p1_ord, theta), m1_mixu (m1_mix, ULSMV), x1_mimicu
# (x1_mimic, ULSMV), x1_mimicpw (x1_mimic, missing = "pairwise": the 2800 rows less those
# missing a covariate)
# and with an ordered endogenous predictor (lavaan's Delta and gradient hold its delta
# residual variance fixed; its analytic gradient then is not the objective's, so these two
# are fitted with optim.gradient = "numerical" to reach the optimum, as make_ordinal_path.R):
#   y1_opmed    ../ordinal/hs_ord.csv, x1-x5 ordered: visual =~ x1 + x2 + x3,
#               x4 ~ b*visual, x5 ~ x4 + b*visual
#   y1_pmboth   ../ordinal/hs_mixx.csv, x1, x2 ordered: x4 ~ sex, x2 ~ a*x4 + ageyr,
#               x1 ~ x2 + a*x4
# (a repeated label only: with an "==" line lavaan 0.6.14 fails on these two, "model did
# not converge" or a singular system in nlminb.constr, with either gradient).
# All others with optim.method = "BFGS", reltol 1e-15 (lavaan's default nlminb stops a
# little short of the optimum; the tests are taken at lavaan's estimates).
#   cd tests/reference/sem && Rscript make_score1_mix.R
# Writes score1_mix.csv: model,k,lhs,rhs,X2 and score1_mix_total.csv: model,chisq,df,X2,X2df
# (as make_score1.R), %.17g.
source("score1_ref.R")
bfi <- read.csv("../data/bfi.csv")
hmix <- read.csv("../ordinal/hs_mixed.csv")
hpair <- read.csv("../ordinal/hs_mixpair.csv")
hmixx <- read.csv("../ordinal/hs_mixx.csv")
hord <- read.csv("../ordinal/hs_ord.csv")
tight <- list(optim.method = "BFGS", control = list(reltol = 1e-15, maxit = 20000))
aord <- "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n"
asum <- "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n"
hmod <- paste0("visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + c*x6\n",
               "x5 ~~ v*x5\nx6 ~~ v*x6\nb == c\n")
xmod <- paste0("f =~ A1 + a*A2 + a*A3 + b*A4 + A5\nf ~ c*age + gender\n",
               "b == 0.9*a\nc == 0.01\n")
hxmod <- paste0("visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + c*x6\n",
                "visual ~ ageyr + sex\ntextual ~ ageyr + sex\nb == c\n")
A25 <- bfi[, paste0("A", 2:5)]
AC <- bfi[, c(paste0("A", 2:5), paste0("C", 1:4))]
o3 <- c("x1", "x2", "x3")
pw <- list(ordered = TRUE, missing = "pairwise")
cases <- list(
  p1_ord = list(aord, A25, pw),
  p1_ordu = list(aord, A25, c(pw, estimator = "ULSMV")),
  p1_ordt = list(aord, A25, c(pw, parameterization = "theta")),
  p1_sum = list(asum, AC, pw),
  p1_sumu = list(asum, AC, c(pw, estimator = "ULSMV")),
  m1_mix = list(hmod, hmix, list(ordered = o3)),
  m1_mixt = list(hmod, hmix, list(ordered = o3, parameterization = "theta")),
  m1_mixu = list(hmod, hmix, list(ordered = o3, estimator = "ULSMV")),
  m1_pair = list(hmod, hpair, list(ordered = o3, missing = "pairwise")),
  x1_mimic = list(xmod, bfi, list(ordered = paste0("A", 1:5))),
  x1_mimict = list(xmod, bfi, list(ordered = paste0("A", 1:5), parameterization = "theta")),
  x1_mimicu = list(xmod, bfi, list(ordered = paste0("A", 1:5), estimator = "ULSMV")),
  x1_mimicpw = list(xmod, bfi, list(ordered = paste0("A", 1:5), missing = "pairwise")),
  x1_mixx = list(hxmod, hmixx, list(ordered = o3)),
  x1_mixxt = list(hxmod, hmixx, list(ordered = o3, parameterization = "theta")),
  y1_opmed = list("visual =~ x1 + x2 + x3\nx4 ~ b*visual\nx5 ~ x4 + b*visual\n", hord,
                  list(ordered = paste0("x", 1:5)), list(optim.gradient = "numerical")),
  y1_pmboth = list("x4 ~ sex\nx2 ~ a*x4 + ageyr\nx1 ~ x2 + a*x4\n", hmixx,
                   list(ordered = c("x1", "x2")), list(optim.gradient = "numerical")))
run_score_cases(cases, "score1_mix", tight)
