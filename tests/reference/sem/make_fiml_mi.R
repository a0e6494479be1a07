# Modification indices of FIML fits (issue 13, session 6): lavaan 0.6.14 modindices() with
# missing = "ml" (its defaults: information = "expected", which under missing = "ml" is the
# structured h1 information: the sum over missing-data patterns of each pattern's complete-
# data information of its observed variables at the model's moments, weighted by its share
# of the cases (lav_mvnorm_missing_information_expected); the score is the FIML gradient).
#   cd tests/reference/sem && Rscript make_fiml_mi.R
# Writes pd_missing.csv (pd.csv with cell (i, j), rows 1..75, columns 1..11, set NA when
# (3i + 5j) mod 11 = 0 or (i + 7j) mod 19 = 0; 116 holes, 8 to 13 per column) and fiml_mi.csv
# (model,lhs,op,rhs,mi,epc,sepc_lv,sepc_all; NA rows dropped), numbers as %.17g:
#   hsm    HS three-factor CFA (hs3.lav) on hs_missing.csv (make_sem.R, ~8% MCAR holes)
#   pdm    PoliticalDemocracy (pd.lav: equality labels, residual covariances) on pd_missing.csv
# Each fit is lavaan's default (nlminb) fit polished by its BFGS optimizer (optim.method =
# "BFGS", reltol 1e-16) started there, the lower F kept: the MI of a fixed parameter is
# first-order in the estimates' error, and nlminb's default stop leaves F up to 6e-11 above
# the optimum here (MI differences up to 5e-5 relative); lavaan's Gauss-Newton optimizer
# (fit_best of constr_tables.R) leaves the optimum under missing = "ml".
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("constr_tables.R")
rd <- function(f) paste(readLines(f), collapse = "\n")
pd <- read.csv("pd.csv")
for (j in seq_len(ncol(pd))) for (i in seq_len(nrow(pd)))
  if ((3 * i + 5 * j) %% 11 == 0 || (i + 7 * j) %% 19 == 0) pd[i, j] <- NA
write.csv(pd, "pd_missing.csv", row.names = FALSE, quote = FALSE, na = "")
cat("pd_missing.csv: NA per column", colSums(is.na(pd)), "\n")
hsm <- read.csv("hs_missing.csv")
fit_polish <- function(fun, text, data) {
  f0 <- fun(text, data = data, missing = "ml")
  f1 <- fun(text, data = data, missing = "ml", optim.method = "BFGS", start = f0,
            control = list(reltol = 1e-16, maxit = 5000))
  cat(sprintf("fmin nlminb %.15g, BFGS %.15g\n", f0@optim$fx, f1@optim$fx))
  if (lavInspect(f1, "converged") && f1@optim$fx < f0@optim$fx) f1 else f0
}
fits <- list(hsm = fit_polish(cfa, rd("hs3.lav"), hsm),
             pdm = fit_polish(sem, rd("pd.lav"), pd))
mi_rows <- function(fit, k) {
  mi <- modindices(fit)
  # V = mi / (N epc^2) is the candidate's information given the free parameters; below
  # 1e-3 freeing it leaves the model unidentified (the reverse regressions of pd.lav's
  # saturated structural part): lavaan's V there is rounding noise (3e-5 to 8e-5), kept or
  # dropped by its eps^(1/3) threshold depending on the last digits of the estimates.
  V <- mi$mi / (lavInspect(fit, "ntotal") * mi$epc^2)
  cat(sprintf("%-4s %d rows, ops %s; %d dropped with V < 1e-3 (MI < %.2g)\n", k, nrow(mi),
              paste(unique(mi$op), collapse = " "), sum(V < 1e-3), max(c(0, mi$mi[V < 1e-3]))))
  mi <- mi[V >= 1e-3, ]
  data.frame(model = k, lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi),
             epc = fmt(mi$epc), sepc_lv = fmt(mi$sepc.lv), sepc_all = fmt(mi$sepc.all))
}
for (k in names(fits))
  cat(sprintf("%-4s chisq %.6f df %d\n", k, fitMeasures(fits[[k]], "chisq"),
              as.integer(fitMeasures(fits[[k]], "df"))))
rows <- do.call(rbind, lapply(names(fits), function(k) mi_rows(fits[[k]], k)))
write.csv(rows, "fiml_mi.csv", row.names = FALSE, quote = FALSE)

# The same modindices() evaluated at ambidex's estimates (lavaan with do.fit = FALSE and
# those estimates as its parameter table): a check of the formulas free of the two
# optimizers' last digits. fiml_mi_est.csv (model,lhs,op,rhs,est) holds ambidex's
# estimates; with AMBIDEX=/path/to/ambidex in the environment the script writes it first
# from `ambidex cfa|sem DATA MODEL --missing fiml --format json`. Writes fiml_mi_at.csv.
amb <- Sys.getenv("AMBIDEX")
specs <- list(hsm = list("cfa", "hs_missing.csv", "hs3.lav", cfa),
              pdm = list("sem", "pd_missing.csv", "pd.lav", sem))
if (nzchar(amb)) {
  est <- do.call(rbind, lapply(names(specs), function(k) {
    sp <- specs[[k]]
    js <- jsonlite::fromJSON(paste(system2(amb, c(sp[[1]], sp[[2]], sp[[3]], "--missing",
                                                   "fiml", "--format", "json"), stdout = TRUE),
                                   collapse = "\n"))
    pe <- js$parameters[js$parameters$op %in% c("=~", "~", "~~", "~1"), ]
    data.frame(model = k, lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est))
  }))
  write.csv(est, "fiml_mi_est.csv", row.names = FALSE, quote = FALSE)
}
if (file.exists("fiml_mi_est.csv")) {
  est <- read.csv("fiml_mi_est.csv")
  at <- do.call(rbind, lapply(names(specs), function(k) {
    sp <- specs[[k]]
    pt <- parTable(fits[[k]])
    e <- est[est$model == k, ]
    j <- match(paste(pt$lhs, pt$op, pt$rhs), paste(e$lhs, e$op, e$rhs))
    stopifnot(!any(is.na(j[pt$op %in% c("=~", "~", "~~", "~1")])))
    ok <- !is.na(j)
    pt$est[ok] <- pt$start[ok] <- e$est[j[ok]]
    pt$se <- NULL
    f <- sp[[4]](pt, data = read.csv(sp[[2]]), missing = "ml", do.fit = FALSE)
    cat(sprintf("%-4s at ambidex's estimates: fmin %.15g (lavaan's fit %.15g)\n", k,
                lavaan:::lav_model_objective(f@Model, lavsamplestats = f@SampleStats,
                                             lavdata = f@Data, lavcache = f@Cache),
                fits[[k]]@optim$fx))
    suppressWarnings(mi_rows(f, k))
  }))
  write.csv(at, "fiml_mi_at.csv", row.names = FALSE, quote = FALSE)
}
