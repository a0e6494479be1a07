# Jackknife accelerations of BCa bootstrap limits of ordinal and multi-group fits, and
# lavaan's bootstrap SEs of a multi-group FIML fit (issue 13, session 7).
#   cd tests/reference/sem && Rscript make_boot_jack.R [ord] [mgsmall] [mg] [mgboot]
# (the named parts only; all four without arguments). Run so far: ord, mgsmall, mgboot
# (session 8: 20 minutes on the shared machine); mg needs about an hour and has not been run.
# lavaan 0.6.14, R 4.2.2. The acceleration is deterministic: every fit is refitted by
# lavaan on each leave-one-out sample and, per free row,
#   a = sum(L^3) / (6 * sum(L^2)^1.5),  L_i = (n_g - 1) * (mean_g - theta_(i))
# with mean_g the mean of the leave-one-out estimates of the cases of i's group g (one
# group: Efron 1987, as make_jackknife.R; several groups: the stratified jackknife of
# boot::empinf(type = "jack", strata = ), there with the full-sample estimate in place of
# mean_g).
# Writes
#   bfi_a300.csv: the first 300 complete cases of bfi's A2..A5 (every category >= 4 times)
#   ord_jack_accel.csv (param,lhs,op,rhs,accel): A =~ A2 + A3 + A4 + A5 on bfi_a300.csv with
#       ordered = TRUE (WLSMV's DWLS estimates), param "delta" and "theta"
#       (parameterization = "theta"); free rows and the thresholds (op "|", rhs t1..t5)
#   mg_jack_accel.csv (model,group,lhs,op,rhs,accel): HS (hs3.lav) by school, metric
#       (group.equal = "loadings"): hs_metric on hs.csv (listwise), hsm_metric on
#       hs_missing.csv by FIML (missing = "ml"; cases with at least one value)
#   boot_mg_fiml.csv (model,group,lhs,op,rhs,est,se,se_mcsd,B): lavaan's bootstrap SEs of
#       hsm_metric (se = "bootstrap", B = 100, seed 1321) with the Monte Carlo SD of each SE,
#       sqrt((m4 - s^4) / (4 s^2 B)) from lavaan's replicates (as make_mg_boot.R)
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
source("mg_boot_table.R") # mg_boot_table(), accel_of()
parts <- commandArgs(trailingOnly = TRUE)
if (!length(parts)) parts <- c("ord", "mgsmall", "mg", "mgboot")
gn <- list(optim.method = "GN", control = list(optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))

if ("ord" %in% parts) {
bfi <- read.csv("../data/bfi.csv")[, c("A2", "A3", "A4", "A5")]
b300 <- bfi[complete.cases(bfi), ][1:300, ]
write.csv(b300, "bfi_a300.csv", row.names = FALSE, quote = FALSE)
ord_rows <- function(param) {
  fitd <- function(d) cfa("A =~ A2 + A3 + A4 + A5", data = d, ordered = TRUE,
                          parameterization = param, se = "none", test = "none")
  full <- parameterEstimates(fitd(b300))
  pt <- parTable(fitd(b300))
  free <- which(pt$free > 0)
  est <- sapply(seq_len(nrow(b300)), function(i) {
    f <- fitd(b300[-i, ])
    stopifnot(lavInspect(f, "converged"))
    parameterEstimates(f)$est[free]
  })
  data.frame(param = param, lhs = full$lhs[free], op = full$op[free], rhs = full$rhs[free],
             accel = fmt(accel_of(est, rep(1, nrow(b300)))))
}
ord <- rbind(ord_rows("delta"), ord_rows("theta"))
write.csv(ord, "ord_jack_accel.csv", row.names = FALSE, quote = FALSE)
cat("ordinal:", nrow(ord), "accelerations\n")
}

# multi-group
hs3 <- paste(readLines("hs3.lav"), collapse = "\n")
xs <- paste0("x", 1:9)
hs <- read.csv("hs.csv")
hsm <- read.csv("hs_missing.csv")
hsm <- hsm[rowSums(!is.na(hsm[, xs])) > 0, ]
# The estimates of the n leave-one-out refits fitm(d[-i, ]) (rows = parameterEstimates rows).
loo_est <- function(fitm, d) sapply(seq_len(nrow(d)), function(i) {
  f <- fitm(d[-i, ])
  stopifnot(lavInspect(f, "converged"))
  parameterEstimates(f)$est
})
mg_rows <- function(tag, d, ...) {
  fitm <- function(dd) do.call("cfa", c(list(hs3, data = dd, group = "school",
                                           group.equal = "loadings", se = "none",
                                           test = "none", baseline = FALSE), list(...), gn))
  f0 <- fitm(d)
  pe <- parameterEstimates(f0)
  free <- which(parTable(f0)$free > 0)
  est <- loo_est(fitm, d)
  # parameterEstimates drops lavaan's "==" rows (the last ones of the parTable), so its
  # rows line up with the parTable's free ones
  keep <- free
  data.frame(model = tag, group = pe$group[keep], lhs = pe$lhs[keep], op = pe$op[keep],
             rhs = pe$rhs[keep], accel = fmt(accel_of(est[keep, ], d$school)))
}
# mgsmall: the jackknife of a small multi-group fit (a few minutes where "mg" needs an
# hour): visual =~ x1 + x2 + x3 by school, metric, on the first 60 cases of each school of
# hs.csv (hs_mg120.csv) and, by FIML, the same cases of hs_missing.csv (hsm_mg120.csv);
# Gauss-Newton to 1e-12 for complete data, nlminb's defaults for FIML. Writes
# mg_jack_small_hs120.csv and mg_jack_small_hsm120.csv (as mg_jack_accel.csv).
if ("mgsmall" %in% parts) {
first60 <- function(d) d[sort(unlist(lapply(split(seq_len(nrow(d)), d$school), head, 60))), ]
h120 <- first60(hs); hm120 <- first60(hsm)
write.csv(h120, "hs_mg120.csv", row.names = FALSE, quote = FALSE, na = "")
write.csv(hm120, "hsm_mg120.csv", row.names = FALSE, quote = FALSE, na = "")
small <- function(tag, d, ...) {
  fitm <- function(dd) do.call("cfa", c(list("visual =~ x1 + x2 + x3", data = dd,
                                             group = "school", group.equal = "loadings",
                                             se = "none", test = "none", baseline = FALSE),
                                        list(...)))
  f0 <- fitm(d)
  pe <- parameterEstimates(f0)
  free <- which(parTable(f0)$free > 0)
  est <- loo_est(fitm, d)
  out <- data.frame(model = tag, group = pe$group[free], lhs = pe$lhs[free],
                    op = pe$op[free], rhs = pe$rhs[free],
                    accel = fmt(accel_of(est[free, ], d$school)))
  write.csv(out, paste0("mg_jack_small_", tag, ".csv"), row.names = FALSE, quote = FALSE)
  cat(tag, nrow(out), "accelerations\n")
}
small("hs120", h120, optim.method = "GN",
      control = list(optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
small("hsm120", hm120, missing = "ml") # nlminb's defaults (tighter: no convergence)
}

if ("mg" %in% parts) {
mg <- rbind(mg_rows("hs_metric", hs), mg_rows("hsm_metric", hsm, missing = "ml"))
write.csv(mg, "mg_jack_accel.csv", row.names = FALSE, quote = FALSE)
cat("multi-group:", nrow(mg), "accelerations\n")
}

if ("mgboot" %in% parts) {
set.seed(1321)
fit <- cfa(hs3, data = hsm, group = "school", group.equal = "loadings", missing = "ml",
           se = "bootstrap", bootstrap = 100, h1 = FALSE, baseline = FALSE, test = "none")
out <- mg_boot_table(fit, "hsm_metric")
write.csv(out, "boot_mg_fiml.csv", row.names = FALSE, quote = FALSE)
}
