# make_ordinal_gcon_lrt.R -- Satorra's (2000) scaled-shifted difference of ordinal fits
# under general constraint lines and active inequalities (lavaan 0.6.14
# lavTestLRT(m1, m0), its default method "satorra.2000" for WLSMV; issue 13, session 8).
# Data and models of make_ordinal_gcon.R: ../data/bfi.csv, A2-A5 and C1-C4 ordered,
# listwise, WLSMV (delta), base "A =~ A2 + a*A3 + b*A4 + e*A5; C =~ C1 + C2 + c*C3 + d*C4";
# the nonlinear and inequality fits with make_ordinal_gcon.R's tight control.
# Pairs (m0 restricted, m1):
#   lrt_gsum    m0 a + b + c == 3          m1 base
#   lrt_gnl     m0 a == b^2                m1 base
#   lrt_gbnd    m0 b > 1.1 (active)        m1 base
#   lrt_gineq   m0 a + b < 1.8 (active)    m1 base
#   lrt_nlboth  m0 a == b^2 and c == d     m1 a == b^2
#   lrt_sumboth m0 a + b + c == 3, A ~~ 0*C  m1 a + b + c == 3
#   lrt_bndboth m0 b > 1.1 (active), c == d  m1 b > 1.1 (active)
# Run: cd tests/reference/ordinal && Rscript make_ordinal_gcon_lrt.R  (writes gcon_lrt.csv:
# pair,chisq0,df0,chisq1,df1,chisq_diff,df_diff,pvalue, %.17g; NA where lavTestLRT fails,
# its message printed)
suppressMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
items <- c(paste0("A", 2:5), paste0("C", 1:4))
bfi <- na.omit(read.csv("../data/bfi.csv")[, items])
tight <- list(rel.tol = 1e-14, control.outer = list(tol = 1e-12, itmax = 500L))
base <- "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n"
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
fit <- function(lines, ctl = FALSE) {
  f <- if (ctl) cfa(paste0(base, lines), data = bfi, ordered = items, estimator = "WLSMV",
                    control = tight)
       else cfa(paste0(base, lines), data = bfi, ordered = items, estimator = "WLSMV")
  stopifnot(lavInspect(f, "converged"))
  f
}
free <- fit("")
pairs <- list(lrt_gsum = list(fit("a + b + c == 3"), free),
              lrt_gnl = list(fit("a == b^2", TRUE), free),
              lrt_gbnd = list(fit("b > 1.1", TRUE), free),
              lrt_gineq = list(fit("a + b < 1.8", TRUE), free),
              lrt_nlboth = list(fit("a == b^2\nc == d", TRUE), fit("a == b^2", TRUE)),
              lrt_sumboth = list(fit("a + b + c == 3\nA ~~ 0*C"), fit("a + b + c == 3")),
              lrt_bndboth = list(fit("b > 1.1\nc == d", TRUE), fit("b > 1.1", TRUE)))
rows <- list()
for (nm in names(pairs)) {
  m0 <- pairs[[nm]][[1]]; m1 <- pairs[[nm]][[2]]
  lt <- tryCatch(lavTestLRT(m1, m0), error = function(e) {
    message(nm, ": lavTestLRT fails: ", conditionMessage(e))
    NULL
  })
  if (is.null(lt)) lt <- matrix(NA, 2, 3, dimnames = list(NULL, c("Chisq diff", "Df diff",
                                                                     "Pr(>Chisq)")))
  f0 <- fitMeasures(m0, c("chisq", "df")); f1 <- fitMeasures(m1, c("chisq", "df"))
  rows[[nm]] <- data.frame(pair = nm, chisq0 = fmt(f0[1]), df0 = fmt(f0[2]),
                           chisq1 = fmt(f1[1]), df1 = fmt(f1[2]),
                           chisq_diff = fmt(lt[2, "Chisq diff"]), df_diff = fmt(lt[2, "Df diff"]),
                           pvalue = fmt(lt[2, "Pr(>Chisq)"]))
}
# lavTestLRT fails on the nonlinear lines and the active bound in both (lrt_gnl, lrt_nlboth,
# lrt_bndboth: "a dimension is zero"): its
# A matrix (method "delta") projects Delta on the linear equalities only (eq.constraints.K),
# so with a nonlinear line in m0 the unprojected Delta0 spans m1's space and A is empty.
# lavaan's own Satorra (2000) code is then run with A given: the rows spanning the
# complement of H = ginv(Delta1 N1) Delta0 N0 in m1's null space, A = A_r N1', N0 and N1
# the null spaces of each fit's constraint Jacobian (con.jac) at its estimates
# (pair_nullA rows of the same file).
nullsp <- function(fit) {
  J <- fit@Model@con.jac
  np <- fit@Model@nx.free
  if (nrow(J) == 0L) return(diag(np))
  lavaan:::lav_matrix_orthogonal_complement(t(J))
}
for (nm in c("lrt_gsum", "lrt_gnl", "lrt_nlboth", "lrt_sumboth", "lrt_bndboth")) {
  m0 <- pairs[[nm]][[1]]; m1 <- pairs[[nm]][[2]]
  D1 <- do.call(rbind, lavaan:::computeDelta(m1@Model)); D0 <- do.call(rbind, lavaan:::computeDelta(m0@Model))
  N1 <- nullsp(m1); N0 <- nullsp(m0)
  H <- MASS::ginv(D1 %*% N1) %*% D0 %*% N0
  A <- t(lavaan:::lav_matrix_orthogonal_complement(H)) %*% t(N1)
  st <- lavaan:::lav_test_diff_Satorra2000(m1, m0, A = A, scaled.shifted = TRUE)
  f0 <- fitMeasures(m0, c("chisq", "df")); f1 <- fitMeasures(m1, c("chisq", "df"))
  rows[[paste0(nm, "_nullA")]] <- data.frame(pair = paste0(nm, "_nullA"), chisq0 = fmt(f0[1]),
    df0 = fmt(f0[2]), chisq1 = fmt(f1[1]), df1 = fmt(f1[2]), chisq_diff = fmt(st$T.delta),
    df_diff = fmt(st$df.delta), pvalue = fmt(1 - pchisq(st$T.delta, st$df.delta)))
}
write.csv(do.call(rbind, rows), "gcon_lrt.csv", row.names = FALSE, quote = FALSE)
print(read.csv("gcon_lrt.csv"))
