# The theta parameterization with groups, the rest (issue 13, session 9): lavaan 0.6.14
# sem(model, data, ordered =, group =, group.equal =, parameterization = "theta") with
# exogenous covariates (conditional.x, the default with ordered data) and with a regression
# on an ordered observed variable (the delta versions: make_ordinal_mgx.R, the same data);
# and the robust (catML) CFI/TLI/RMSEA once loadings are shared across groups, which lavaan
# gives in both parameterizations (its catML refit fails, NA, once thresholds are equal:
# the refit's equality constraints name the thresholds it dropped).
# Cases (configural, thresholds, thresholds + loadings with lavTestLRT's Satorra 2000
# differences, as mg_sequence of mg_keys.R; keys as mg_keys.R plus
# tag.level.gG.lhs.op.rhs.std, standardizedSolution's est.std, and the catML pieces
# tag.level.catml.XX3 / df3):
#   tmx:  visual =~ x1-x3, textual =~ x4-x6, visual + textual ~ ageyr + sex (hs_mgx.csv
#         by school), theta (with the slopes equal too, "regressions", lavaan's BFGS does
#         not converge: no such level)
#   tbx:  A =~ A1-A5, A ~ age, A2 ~ age (../data/bfi.csv by gender, listwise), theta
#   tpm:  visual =~ x1-x3, x4 ~ visual, x5 ~ x4 + visual (x1-x5 ordered, hs_ord.csv by
#         school: an ordered mediator), theta
#   rob:  equal loadings with free thresholds (level "metric"): bfi A1-A5 by gender delta
#         (robA) and HS x1-x9 quartiles by school (hs_ord.csv) delta and theta (robH,
#         trobH); and the same with the loadings equal by a constraint line (robG: A =~
#         A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5, a1 + b1 == a2 + b2, delta)
# Every fit by BFGS with reltol 1e-15 (as make_ordinal_mgx.R, make_ordinal_mg_theta.R).
# R 4.2.2, lavaan 0.6.14. Run: cd tests/reference/ordinal && Rscript make_ordinal_mg_theta2.R
# [CASE ...] with CASE among tmx, tbx, tpm, rob (default: all). Each case writes its keys to mg_theta2_CASE.part; once every part is there they are
# joined, in that order, into mg_theta2.csv and the parts removed (the cases can so run as
# separate processes: slow on a loaded machine).
suppressMessages(library(lavaan))
source("mg_keys.R")
tight <- list(reltol = 1e-15, maxit = 10000)
# standardizedSolution's std.all (type "std.all") of every row, and the catML pieces
std_keys <- function(tag, lv, fit) {
  ss <- standardizedSolution(fit, se = FALSE, zstat = FALSE, pvalue = FALSE, ci = FALSE)
  ss <- ss[ss$op != "==", ]
  mapply(put, sprintf("%s.%s.g%d.%s.%s.%s.std", tag, lv, ss$group, ss$lhs, ss$op, ss$rhs),
         ss$est.std)
  cm <- lavaan:::lav_fit_catml_dwls(fit)
  put(sprintf("%s.%s.catml.XX3", tag, lv), cm$XX3)
  put(sprintf("%s.%s.catml.df3", tag, lv), cm$df3)
}
one <- function(tag, lv, ge, model, data, ordered, group, par = "theta") {
  message(tag, " ", lv)
  fit <- mg_fit(tag, lv, sem(model, data, ordered = ordered, group = group, group.equal = ge,
                             parameterization = par, optim.method = "BFGS", control = tight))
  std_keys(tag, lv, fit)
  fit
}
mg_case <- function(tag, ...) mg_sequence(tag, function(lv, ge) one(tag, lv, ge, ...))
cases <- c("tmx", "tbx", "tpm", "rob")
args <- commandArgs(TRUE)
if (!length(args)) args <- cases
part <- function(name) sprintf("mg_theta2_%s.part", name)
run_case <- function(name, f) {
  if (!name %in% args) return(invisible())
  out <<- character()
  f()
  writeLines(out, part(name))
}
d <- read.csv("hs_mgx.csv")
mx <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual + textual ~ ageyr + sex"
run_case("tmx", function()
  mg_case("tmx", model = mx, data = d, ordered = paste0("x", 1:6), group = "school"))
bfi <- read.csv("../data/bfi.csv")
db <- bfi[, c(paste0("A", 1:5), "age", "gender")]
bx <- "A =~ A1 + A2 + A3 + A4 + A5\nA ~ age\nA2 ~ age"
run_case("tbx", function()
  mg_case("tbx", model = bx, data = db, ordered = paste0("A", 1:5), group = "gender"))
ho <- read.csv("hs_ord.csv")
pm <- "visual =~ x1 + x2 + x3\nx4 ~ visual\nx5 ~ x4 + visual"
run_case("tpm", function()
  mg_case("tpm", model = pm, data = ho, ordered = paste0("x", 1:5), group = "school"))
bfa <- na.omit(bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")])
b2 <- na.omit(bfi[, c("A2", "A3", "A4", "A5", "gender")])
mA <- "A =~ A1 + A2 + A3 + A4 + A5"
mH <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
run_case("rob", function() {
  one("robA", "metric", "loadings", mA, bfa, TRUE, "gender", par = "delta")
  one("robH", "metric", "loadings", mH, ho, TRUE, "school", par = "delta")
  one("trobH", "metric", "loadings", mH, ho, TRUE, "school")
  one("robG", "fit", "none", "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\na1 + b1 == a2 + b2",
      b2, TRUE, "gender", par = "delta")
})
if (all(file.exists(part(cases)))) {
  writeLines(c("key,value", unlist(lapply(part(cases), readLines))), "mg_theta2.csv")
  invisible(file.remove(part(cases)))
}
