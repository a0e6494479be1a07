# make_mg_mi.R -- modification indices of multi-group fits (lavaan 0.6.14; issue 13): the
# HS three-factor CFA (hs3.lav) across school, cfa(group = "school"), configural, metric
# (group.equal = "loadings") and scalar (c("loadings", "intercepts")), each fitted also by
# lavaan's Gauss-Newton to 1e-12 (the lower fmin kept), then modindices() (expected
# information, lavaan's default): the score test of freeing each fixed parameter of each
# group, given the model's free parameters and its cross-group equalities.
#   cd tests/reference/sem && Rscript make_mg_mi.R
# Writes mg_mi.csv: model,group,lhs,op,rhs,mi,epc,sepc_lv,sepc_all (%.17g).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
hs <- read.csv("hs.csv")
model <- paste(readLines("hs3.lav"), collapse = "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
levels <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"))
rows <- list()
for (lv in names(levels)) {
  fit <- function(...) cfa(model, data = hs, group = "school", group.equal = levels[[lv]], ...)
  f0 <- fit()
  f1 <- try(fit(optim.method = "GN", optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000),
            silent = TRUE)
  f <- if (!inherits(f1, "try-error") && lavInspect(f1, "converged") &&
           fitMeasures(f1, "fmin") < fitMeasures(f0, "fmin")) f1 else f0
  mi <- modindices(f)
  cat(sprintf("%-10s chisq=%.6f, %d MIs, largest %.4f\n", lv, fitMeasures(f, "chisq"),
              nrow(mi), max(mi$mi)))
  rows[[lv]] <- data.frame(model = lv, group = lavInspect(f, "group.label")[mi$group],
                           lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi),
                           epc = fmt(mi$epc), sepc_lv = fmt(mi$sepc.lv),
                           sepc_all = fmt(mi$sepc.all))
}
write.csv(do.call(rbind, rows), "mg_mi.csv", row.names = FALSE, quote = FALSE)
