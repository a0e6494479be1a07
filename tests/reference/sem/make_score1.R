# make_score1.R -- score tests of the constraints of a single-group fit (lavaan 0.6.14
# lavTestScore(fit), expected information): every "==" line and every repeated label (lavaan
# ties each later row of a label to its first, ".p2. == .p3.") released alone (univariate
# X2, df 1), and the total test releasing all of them. R 4.2.2. Under MLR, MLM and WLSMV
# lavTestScore warns "se is not `standard'; not implemented yet; falling back to ordinary
# score test" and gives the ordinary test (the MLR case below equals the ML one).
# Cases (HS: hs.csv, hs_missing.csv; bfi: ../data/bfi.csv listwise over the model's items):
#   s1_mix     HS 3-factor, a*x2 + a*x3, b == c, d == 2*e (ML; also s1_mlr: MLR)
#   s1_nonlin  HS 3-factor, a == b^2 (nlminb.constr, tight tolerances)
#   s1_sum     HS 3-factor, a + b == 1, c + d + e == 3
#   s1_sem     HS SEM, speed ~ r*visual + r*textual (a repeated regression label)
#   s1_fiml    s1_mix on hs_missing.csv, missing = "ml"
#   b1_var     bfi C1-C5, a*C2 + a*C3, C4 ~~ v*C4, C5 ~~ v*C5, a == -b (b: C4's loading)
#   b1_ord     bfi A2-A5 ordered (WLSMV), a*A3 + a*A4, b == 0.8*a
#   b1_ordsum  bfi A2-A5, C1-C4 ordered (WLSMV), a + b + c == 3
#   b1_ordu, b1_ordsumu  b1_ord and b1_ordsum under ULSMV (lavaan falls back to the ordinary
#              test there too, with the identity weight)
#   b1_ordt, b1_ordsumt  b1_ord and b1_ordsum (WLSMV) in the theta parameterization
#   b1_ordtu   b1_ord under ULSMV in the theta parameterization
#   cd tests/reference/sem && Rscript make_score1.R
# With case names as arguments (Rscript make_score1.R b1_ordu b1_ordsumu) only those run and
# their rows are appended to the CSVs (how the ULSMV cases were added, session 9).
# Writes score1.csv: model,k,lhs,rhs,X2 (k: lavaan's row order; a repeated label's rows
# named by their parameters as lhs op rhs without blanks, the lines by their sides) and
# score1_total.csv: model,chisq,df,X2,X2df (the fit's chi2 and df; the total test), %.17g.
source("score1_ref.R")
hs <- read.csv("hs.csv")
hsm <- read.csv("hs_missing.csv")
bfi0 <- read.csv("../data/bfi.csv")
tight <- list(rel.tol = 1e-14, x.tol = 1e-14, eval.max = 20000, iter.max = 20000,
              control.outer = list(tol = 1e-12, itmax = 500L))
hs3 <- function(l1, l2, l3) paste0("visual =~ x1 + ", l1, "\ntextual =~ x4 + ", l2,
                                   "\nspeed =~ x7 + ", l3, "\n")
mix <- paste0(hs3("a*x2 + a*x3", "b*x5 + c*x6", "d*x8 + e*x9"), "b == c\nd == 2*e\n")
sem1 <- paste0(hs3("x2 + x3", "x5 + x6", "x8 + x9"), "speed ~ r*visual + r*textual\n")
cvar <- "C =~ C1 + a*C2 + a*C3 + b*C4 + C5\nC4 ~~ v*C4\nC5 ~~ v*C5\na == -b\n"
aord <- "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n"
asum <- "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n"
items <- function(v) na.omit(bfi0[, v])
cases <- list(
  s1_mix = list(mix, hs, list()),
  s1_mlr = list(mix, hs, list(estimator = "MLR")),
  s1_nonlin = list(paste0(hs3("a*x2 + b*x3", "x5 + x6", "x8 + x9"), "a == b^2\n"), hs,
                   list(control = tight)),
  s1_sum = list(paste0(hs3("a*x2 + b*x3", "x5 + c*x6", "d*x8 + e*x9"),
                       "a + b == 1\nc + d + e == 3\n"), hs, list()),
  s1_sem = list(sem1, hs, list()),
  s1_fiml = list(mix, hsm, list(missing = "ml")),
  b1_var = list(cvar, items(paste0("C", 1:5)), list()),
  b1_ord = list(aord, items(paste0("A", 2:5)), list(ordered = TRUE)),
  b1_ordsum = list(asum, items(c(paste0("A", 2:5), paste0("C", 1:4))), list(ordered = TRUE)),
  b1_ordu = list(aord, items(paste0("A", 2:5)), list(ordered = TRUE, estimator = "ULSMV")),
  b1_ordsumu = list(asum, items(c(paste0("A", 2:5), paste0("C", 1:4))),
                    list(ordered = TRUE, estimator = "ULSMV")),
  b1_ordt = list(aord, items(paste0("A", 2:5)), list(ordered = TRUE, parameterization = "theta")),
  b1_ordsumt = list(asum, items(c(paste0("A", 2:5), paste0("C", 1:4))),
                    list(ordered = TRUE, parameterization = "theta")),
  b1_ordtu = list(aord, items(paste0("A", 2:5)),
                  list(ordered = TRUE, estimator = "ULSMV", parameterization = "theta")))
run_score_cases(cases, "score1")
print(read.csv("score1.csv"))
