# Constraint references (issue 13 item 5): lavaan 0.6.14 on HolzingerSwineford1939 (hs.csv)
# and PoliticalDemocracy (pd.csv), default ML (expected information).
#   cd tests/reference/sem && Rscript make_constr.R
# Writes constr_fit.csv (model,name,value) and constr_params.csv (model,lhs,op,rhs,est,se;
# the constraint rows ==, <, > left out, an SE lavaan leaves NA written NA):
#   pd_eq      the PoliticalDemocracy model of lavaan's tutorial with its equal loadings
#              written as a1 == a2, b1 == b2, c1 == c2 (same fit as the shared labels)
#   hs_linear  HS three factors with linear constraints a == 0.5*b, c + d == 2.2 and the
#              modifiers start(0.8)*x5 and label(e)*x6
#   hs_bound   HS three factors with an inequality that binds (l3 < 0.7: lavaan's SE of
#              l3 is NA, the others conditional) and one that does not (v2 > 0); lavaan's
#              constrained optimizer (nlminb.constr) stops at l3 = 0.69999975, so the
#              estimates agree to about 3e-5 only (lavaan prints 3 decimals)
#   hs_bound_fixed  the same with l3 fixed at its bound (0.7*x3): the exact optimum of
#              hs_bound, for the estimates at 1e-5
# Without inequalities each fit is also run by lavaan's Gauss-Newton optimizer with a tight
# tolerance and the one with the lower F kept (nlminb stops early on pd_eq: F 2.7e-10 above).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
hs <- read.csv("hs.csv")
pd <- read.csv("pd.csv")
models <- list(
  pd_eq = list(pd, "
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + a1*y2 + b1*y3 + c1*y4
    dem65 =~ y5 + a2*y6 + b2*y7 + c2*y8
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
    y1 ~~ y5
    y2 ~~ y4 + y6
    y3 ~~ y7
    y4 ~~ y8
    y6 ~~ y8
    a1 == a2
    b1 == b2
    c1 == c2"),
  hs_linear = list(hs, "
    visual =~ x1 + a*x2 + b*x3
    textual =~ x4 + start(0.8)*x5 + label(e)*x6
    speed =~ x7 + c*x8 + d*x9
    a == 0.5*b
    c + d == 2.2"),
  hs_bound = list(hs, "
    visual =~ x1 + l2*x2 + l3*x3
    textual =~ x4 + x5 + x6
    speed =~ x7 + x8 + x9
    l3 < 0.7
    x2 ~~ v2*x2
    v2 > 0"),
  hs_bound_fixed = list(hs, "
    visual =~ x1 + l2*x2 + 0.7*x3
    textual =~ x4 + x5 + x6
    speed =~ x7 + x8 + x9
    x2 ~~ v2*x2"))
fits <- lapply(models, function(m) fit_best(sem, m[[2]], m[[1]]))
write_constr_tables(fits, "constr", c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea",
                                      "srmr", "logl", "aic", "bic"))
# c() modifiers in two groups (HS by school, lavaan's cfa(group = "school")): c(a, a) and
# c(b, b) make the x2 and x3 loadings equal across the groups; c(NA, NA)*x1 + c(1, 1)*x2
# moves the marker to x2. constr_mg_fit.csv (model,name,value): ambidex's configural row of
# `--group school` is this fit.
mg <- list(
  hs_mg_equal = cfa("visual =~ x1 + c(a, a)*x2 + c(b, b)*x3
                     textual =~ x4 + x5 + x6
                     speed =~ x7 + x8 + x9", data = hs, group = "school"),
  hs_mg_marker = cfa("visual =~ c(NA, NA)*x1 + c(1, 1)*x2 + x3
                      textual =~ x4 + x5 + x6
                      speed =~ x7 + x8 + x9", data = hs, group = "school"))
mg_rows <- do.call(rbind, lapply(names(mg), function(k) {
  fm <- fitMeasures(mg[[k]], c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"))
  cat(sprintf("%-14s chisq=%.6f df=%d npar=%d\n", k, fm["chisq"], as.integer(fm["df"]),
              as.integer(fm["npar"])))
  data.frame(model = k, name = names(fm), value = fmt(unname(fm)))
}))
write.csv(mg_rows, "constr_mg_fit.csv", row.names = FALSE, quote = FALSE)
