# make_mg_fiml_mi.R -- multi-group FIML (lavaan 0.6.14; issue 13 items 3, 4 and 8): the HS
# three-factor CFA (hs3.lav) across school on hs_missing.csv (make_sem.R: HS with MCAR
# holes), missing = "ml".
#   cd tests/reference/sem && Rscript make_mg_fiml_mi.R
# 1. modindices() (information = "expected", its default: the expected information of the
#    FIML objective at the model's moments, per missing-data pattern) of the ML fits
#    configural and metric (group.equal = "loadings"; polished, below): mgf_mi.csv
#    model,group,lhs,op,rhs,mi,epc,sepc_lv,sepc_all
# 2. lavTestLRT(..., method = "satorra.bentler.2010") of the MLR fits (robust FIML)
#    metric against configural, scalar against metric, strict against scalar:
#    mgf_sb2010.csv estimator,model,method,chisq,df,pvalue (as inv_lrt.csv; model: the
#    restricted one). %.17g.
# 3. The modindices() of 1. at ambidex's estimates (lavaan with do.fit = FALSE, those
#    estimates in its parameter table): the formulas free of the two optimizers' last
#    digits (lavaan's nlminb leaves the MIs up to 1.4e-4 relative off ambidex's, and
#    polishing by BFGS moves them by less). mgf_mi_est.csv (model,group,lhs,op,rhs,est)
#    holds ambidex's estimates; with AMBIDEX=/path/to/ambidex in the environment the
#    script writes it first from `ambidex cfa DATA hs3.lav --group school --group-equal
#    none|loadings --missing fiml --format json`. Writes mgf_mi_at.csv (as mgf_mi.csv).
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
hsm <- read.csv("hs_missing.csv")
model <- paste(readLines("hs3.lav"), collapse = "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
eq <- list(configural = "none", metric = "loadings", scalar = c("loadings", "intercepts"),
           strict = c("loadings", "intercepts", "residuals"))
# lavaan's default (nlminb) fit, polished for the modification indices (first-order in the
# estimates' error) by its BFGS optimizer started there (reltol 1e-16), the lower F kept,
# as make_fiml_mi.R
fit <- function(lv, est, polish = FALSE) {
  f <- function(...) cfa(model, data = hsm, group = "school", group.equal = eq[[lv]],
                         missing = "ml", estimator = est, ...)
  f0 <- f()
  stopifnot(lavInspect(f0, "converged"))
  if (!polish) return(f0)
  f1 <- f(optim.method = "BFGS", start = f0, control = list(reltol = 1e-16, maxit = 5000))
  cat(sprintf("%-10s fmin nlminb %.15g, BFGS %.15g\n", lv, f0@optim$fx, f1@optim$fx))
  if (lavInspect(f1, "converged") && f1@optim$fx < f0@optim$fx) f1 else f0
}
# the modindices() rows of fit f as model lv
mi_frame <- function(f, lv) {
  mi <- modindices(f)
  data.frame(model = lv, group = lavInspect(f, "group.label")[mi$group], lhs = mi$lhs,
             op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi), epc = fmt(mi$epc),
             sepc_lv = fmt(mi$sepc.lv), sepc_all = fmt(mi$sepc.all))
}
rows <- list()
for (lv in c("configural", "metric")) {
  f <- fit(lv, "ML", TRUE)
  rows[[lv]] <- mi_frame(f, lv)
  cat(sprintf("%-10s chisq=%.6f, %d MIs\n", lv, fitMeasures(f, "chisq"), nrow(rows[[lv]])))
}
write.csv(do.call(rbind, rows), "mgf_mi.csv", row.names = FALSE, quote = FALSE)
amb <- Sys.getenv("AMBIDEX")
if (nzchar(amb)) {
  est <- do.call(rbind, lapply(c("configural", "metric"), function(lv) {
    js <- jsonlite::fromJSON(paste(system2(amb, c("cfa", "hs_missing.csv", "hs3.lav", "--group",
                                                  "school", "--group-equal",
                                                  if (lv == "metric") "loadings" else "none",
                                                  "--missing", "fiml", "--format", "json"),
                                           stdout = TRUE), collapse = "\n"))
    gs <- js$invariance$models$groups[[1]]
    do.call(rbind, lapply(seq_len(nrow(gs)), function(g) {
      pe <- gs$parameters[[g]]
      pe <- pe[pe$op %in% c("=~", "~", "~~", "~1"), ]
      data.frame(model = lv, group = gs$group[g], lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
                 est = fmt(pe$est))
    }))
  }))
  write.csv(est, "mgf_mi_est.csv", row.names = FALSE, quote = FALSE)
}
if (file.exists("mgf_mi_est.csv")) {
  est <- read.csv("mgf_mi_est.csv", stringsAsFactors = FALSE)
  est$rhs[is.na(est$rhs)] <- ""
  at <- list()
  for (lv in c("configural", "metric")) {
    pt <- parTable(fit(lv, "ML"))
    gl <- c("Pasteur", "Grant-White")[pt$group]
    e <- est[est$model == lv, ]
    j <- match(paste(gl, pt$lhs, pt$op, pt$rhs), paste(e$group, e$lhs, e$op, e$rhs))
    pt$est[!is.na(j)] <- e$est[j[!is.na(j)]]
    pt$start <- pt$est
    at[[lv]] <- mi_frame(cfa(pt, data = hsm, group = "school", missing = "ml",
                             do.fit = FALSE), lv)
  }
  write.csv(do.call(rbind, at), "mgf_mi_at.csv", row.names = FALSE, quote = FALSE)
}
fits <- lapply(names(eq), fit, est = "MLR")
names(fits) <- names(eq)
lrows <- list()
for (k in 2:4) {
  lt <- lavTestLRT(fits[[k - 1]], fits[[k]], method = "satorra.bentler.2010")
  lrows[[k]] <- data.frame(estimator = "MLR", model = names(eq)[k],
                           method = "satorra.bentler.2010", chisq = fmt(lt[2, "Chisq diff"]),
                           df = fmt(lt[2, "Df diff"]), pvalue = fmt(lt[2, "Pr(>Chisq)"]))
  cat(sprintf("%-10s sb2010 %.6f df %d\n", names(eq)[k], lt[2, "Chisq diff"],
              as.integer(lt[2, "Df diff"])))
}
write.csv(do.call(rbind, lrows), "mgf_sb2010.csv", row.names = FALSE, quote = FALSE)
