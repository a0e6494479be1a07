# Modification indices under general constraints (issue 13, session 6): lavaan 0.6.14
# modindices() (expected information; the model's information inverted with the Jacobian
# of the equality and active inequality constraints as a border,
# lav_model_information_augment_invert) for four fits of make_nonlin.R, refitted here the
# same way (linear: fit_best of constr_tables.R; nonlinear: nlminb.constr with
# control.outer tol 1e-12, nlminb rel.tol 1e-14):
#   hs_lin3    HS three factors with a + b + c == 3
#   hs_nonlin  HS with a == b^2, c*d == 1.2, e/f == 1.1 (and ab := a*b)
#   hs_ineq    HS with c > exp(d) - 1.7 (active) and a < b^2 + 1 (inactive)
#   pd_nonlin  PoliticalDemocracy with b*c == 0.5 and a1 == b1^2
#   cd tests/reference/sem && Rscript make_gcon_mi.R
# Writes gcon_mi.csv (model,lhs,op,rhs,mi,epc,sepc_lv,sepc_all; NA rows dropped), %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
hs <- read.csv("hs.csv")
pd <- read.csv("pd.csv")
# The models and the tolerances: the assignments of pd_base, models and tight in
# make_nonlin.R, evaluated alone (the rest of that script writes its own files).
for (e in parse("make_nonlin.R"))
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.name(e[[2]]) &&
      as.character(e[[2]]) %in% c("pd_base", "models", "tight")) eval(e)
models <- models[c("hs_lin3", "hs_nonlin", "hs_ineq", "pd_nonlin")]
rows <- do.call(rbind, lapply(names(models), function(k) {
  m <- models[[k]]
  fit <- if (k == "hs_lin3") fit_best(sem, m[[2]], m[[1]]) else
    sem(m[[2]], data = m[[1]], control = tight)
  mi <- modindices(fit)
  cat(sprintf("%-10s chisq %.6f, %d rows, ops %s\n", k, fitMeasures(fit, "chisq"), nrow(mi),
              paste(unique(mi$op), collapse = " ")))
  data.frame(model = k, lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi),
             epc = fmt(mi$epc), sepc_lv = fmt(mi$sepc.lv), sepc_all = fmt(mi$sepc.all))
}))
write.csv(rows, "gcon_mi.csv", row.names = FALSE, quote = FALSE)
