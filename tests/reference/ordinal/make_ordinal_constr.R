# Constraint lines with ordered indicators (lavaan sem(), as cfa() here, ordered) with `a == b`,
# `a == 2*b` and an inequality): the DWLS fit under the reparameterization of the tied
# loadings (WLSMV, delta). R 4.2.2, lavaan 0.6.14. Needs ../data/bfi.csv (psych::bfi as
# delivered). Listwise over the model's variables (A2-A5, C1-C4). Cases: ceq (a == b),
# ceq2 (a == 2*b), cineq (b > 0.5, not active at the solution: the estimates of the
# unconstrained fit), ceqh (a == b with two labelled loadings of the second factor, d == c).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_constr.R   (writes cfa_constr.csv)
suppressMessages(library(lavaan))
source("ordinal_ref.R")
items <- c(paste0("A", 2:5), paste0("C", 1:4))
bfi <- read.csv("../data/bfi.csv")[, items]
base <- "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + d*C4\n"
x_case("ceq", paste0(base, "a == b"), bfi, ordered = items)
x_case("ceq2", paste0(base, "a == 2*b"), bfi, ordered = items)
x_case("cineq", paste0(base, "b > 0.5"), bfi, ordered = items)
x_case("ceqh", paste0(base, "a == b\nd == c"), bfi, ordered = items)
writeLines(c("key,value", out), "cfa_constr.csv")
