# Constraint lines with ordered indicators and groups, the parts beside the fit (session 9):
# lavaan 0.6.14's robust (catML) CFI/TLI/RMSEA (lav_fit_catml_dwls: the catML model at the
# DWLS estimates, its trace over all groups with lavaan's constrained inverted information),
# lavTestLRT's Satorra (2000) scaled-shifted differences between the levels of the ordinal
# invariance sequence (configural, thresholds, thresholds + loadings) when every level has
# the constraint line, and lavTestScore's univariate tests (the cross-group equalities
# released one by one, and the user's line; the ordinary test, lavaan's fallback with
# robust SEs) plus the total test of the line where it is the only "==" row.
# WLSMV, complete cases, R 4.2.2, lavaan 0.6.14. Every fit by BFGS with a tight reltol (as
# make_ordinal_mgmix.R): lavaan's default nlminb stops short by enough to move the score
# tests of HS in the fifth digit (x1|t1 released at the thresholds level: 1.6797399 by
# default, 1.6796778 tight).
# Data: psych::bfi A2-A5 by gender (../data/bfi.csv) and HolzingerSwineford1939 x1-x9 cut
# at the quartiles by school (hs_ord.csv, make_ordinal_mg.R).
# Cases (tag: model; the line a1 + b1 == a2 + b2 over the c() labels in every fit):
#   gA   A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5, delta: the three levels
#        (configural, thresholds, loadings = thresholds + loadings), their differences,
#        and group.equal = "loadings" alone (level metric), each with its score tests
#   tA   the same model in the theta parameterization: configural and metric, each with its
#        score tests
#   gH   visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3, textual =~ x4 + x5 + x6,
#        speed =~ x7 + x8 + x9 by school, delta: the three levels, differences, score tests
#   wA   gA's model with the line a1 == b1 instead (two labels of group 1; ambidex then takes
#        the line through the general constraints too): configural, with its score tests
#   lA   A =~ A2 + A3 + A4 + A5 with group.equal = "loadings" (no line; level metric): the
#        robust indices with loadings shared across groups (lavaan gives them; it gives NA
#        once the thresholds are equal: the scale factors are then free)
# Keys (mg_keys.R): TAG.LEVEL.fit.NAME, TAG.LEVEL.gG.lhs.op.rhs.{est,se},
# TAG.LEVEL.diff.{chisq,df,p}, TAG.LEVEL.score.lhs.op.rhs.gG (the released equality's
# second parameter), TAG.LEVEL.line.I (the I-th user line's univariate test),
# TAG.LEVEL.total.{X2,df} (only where the line is the only "==" row).
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mg_gcon.R   (writes mg_gcon.csv)
suppressMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_keys.R")
line <- "a1 + b1 == a2 + b2\n"
bfa <- na.omit(read.csv("../data/bfi.csv")[, c("A2", "A3", "A4", "A5", "gender")])
hso <- read.csv("hs_ord.csv")
mA <- paste0("A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\n", line)
mH <- paste0("visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\n",
             "speed =~ x7 + x8 + x9\n", line)
# lavTestScore's univariate tests: the released cross-group equalities (".pK. == .pL."
# rows) by the second parameter, the user's lines by their order; the total where the
# user's lines are all the "==" rows.
score_all <- function(tag, lv, fit) {
  ts <- suppressWarnings(lavTestScore(fit))
  st <- ts$uni
  pt <- parTable(fit)
  user <- !grepl("^\\.p[0-9]+\\.$", st$lhs)
  for (r in which(!user)) {
    b <- which(pt$plabel == st$rhs[r])
    put(sprintf("%s.%s.score.%s.%s.%s.g%d", tag, lv, pt$lhs[b], pt$op[b], pt$rhs[b],
                pt$group[b]), st$X2[r])
  }
  for (i in seq_len(sum(user))) put(sprintf("%s.%s.line.%d", tag, lv, i), st$X2[which(user)[i]])
  if (all(user)) {
    put(sprintf("%s.%s.total.X2", tag, lv), ts$test$X2)
    put(sprintf("%s.%s.total.df", tag, lv), ts$test$df)
  }
}
tcfa <- function(...) cfa(..., ordered = TRUE, optim.method = "BFGS",
                          control = list(reltol = 1e-15, maxit = 10000))
seq_case <- function(tag, model, d, group) {
  fit <- function(lv, ge) {
    f <- mg_fit(tag, lv, tcfa(model, data = d, group = group, group.equal = ge))
    score_all(tag, lv, f)
    f
  }
  mg_sequence(tag, fit)
}
seq_case("gA", mA, bfa, "gender")
score_all("gA", "metric", mg_fit("gA", "metric", tcfa(mA, data = bfa, group = "gender",
                                                      group.equal = "loadings")))
for (lv in c("configural", "metric"))
  score_all("tA", lv, mg_fit("tA", lv, tcfa(mA, data = bfa, group = "gender",
                                            group.equal = if (lv == "metric") "loadings"
                                                          else "none",
                                            parameterization = "theta")))
seq_case("gH", mH, hso, "school")
score_all("wA", "configural", mg_fit("wA", "configural",
                                      tcfa(sub(line, "a1 == b1\n", mA, fixed = TRUE),
                                           data = bfa, group = "gender")))
invisible(mg_fit("lA", "metric", tcfa("A =~ A2 + A3 + A4 + A5", data = bfa, group = "gender",
                                     group.equal = "loadings")))
writeLines(c("key,value", out), "mg_gcon.csv")
k <- grepl("robust|diff\\.chisq|line|total|\\.fit\\.df", out)
writeLines(out[k])
