# make_mg_bounds.R -- inequality constraints with group = (lavaan 0.6.14; issue 13 items 5/8):
# the HS three-factor CFA across school with a loading label l3 and a residual-variance
# label v2 (one label in every group: equal across the groups, as lavaan warns) and the
# bounds l3 < 0.5 (active: the free estimate is 0.788) and v2 > 0 (inactive).
#   cd tests/reference/sem && Rscript make_mg_bounds.R
# Models (cfa(..., data = hs.csv, group = "school")):
#   mgb_conf         the bounded model, configural (lavaan's nlminb.constr)
#   mgb_scalar       the same with group.equal = c("loadings", "intercepts")
#   mgb_conf_fixed   l3 fixed at its bound (0.5*x3): the exact optimum of mgb_conf, whose
#                    SEs are lavaan's conditional SEs of the bounded fit (the active
#                    parameter's SE is NA in lavaan's second group and 0 in its first)
#   mgb_scalar_fixed the same for mgb_scalar
#   mgb_glabel       configural with c(l3a, l3b)*x3 and l3a < 0.5: a bound on the first
#                    group's loading only (active); mgb_glabel_fixed: c(0.5, NA)*x3
# The fixed models are also fitted by lavaan's Gauss-Newton to 1e-12, the lower fmin kept.
# Writes (through mg_tables.R) mgb_fit.csv (model,name,value: npar, chisq, df, pvalue,
# cfi, tli, rmsea, srmr) and
# mgb_params.csv (model,group,lhs,op,rhs,est,se), numbers with %.17g.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("mg_tables.R")
hs <- read.csv("hs.csv")
base <- "visual =~ x1 + x2 + %s*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx2 ~~ v2*x2\n"
bounded <- paste0(sprintf(base, "l3"), "l3 < 0.5\nv2 > 0\n")
fixed <- sprintf(base, "0.5")
eqs <- list(conf = "", scalar = c("loadings", "intercepts"))
fit1 <- function(model, eq, gn) {
  f0 <- suppressWarnings(cfa(model, data = hs, group = "school", group.equal = eq))
  stopifnot(lavInspect(f0, "converged"))
  if (!gn) return(f0)
  f1 <- suppressWarnings(cfa(model, data = hs, group = "school", group.equal = eq,
    optim.method = "GN", optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
  if (lavInspect(f1, "converged") && fitMeasures(f1, "fmin") < fitMeasures(f0, "fmin")) f1
  else f0
}
fits <- list()
for (lv in names(eqs)) {
  fits[[paste0("mgb_", lv)]] <- fit1(bounded, eqs[[lv]], FALSE)
  fits[[paste0("mgb_", lv, "_fixed")]] <- fit1(fixed, eqs[[lv]], TRUE)
}
gl <- "visual =~ x1 + x2 + %s*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
fits$mgb_glabel <- fit1(paste0(sprintf(gl, "c(l3a, l3b)"), "l3a < 0.5\n"), "", FALSE)
fits$mgb_glabel_fixed <- fit1(sprintf(gl, "c(0.5, NA)"), "", TRUE)
write_mg_tables(fits, "mgb")
