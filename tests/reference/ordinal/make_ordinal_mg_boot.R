# The bootstrap of multi-group ordinal fits (ambidex cfa --ordered all --group school
# --boot B; issue 13, session 8). hs_ord.csv (HS x1-x9 cut at the quartiles, by school;
# make_ordinal_mg.R), two factors on x1-x6, estimator "DWLS" (WLSMV's estimates; lavaan
# refuses se = "bootstrap" with "WLSMV"), lavaan 0.6.14, R 4.2.2:
#   delta: group.equal = c("thresholds", "loadings") (lavaan frees the scale factors and the
#          latent means of group 2)
#   theta: configural, parameterization = "theta"
#   cd tests/reference/ordinal && nice Rscript make_ordinal_mg_boot.R
# (about an hour on the shared machine in session 8: ~4 s per WLSMV refit under load)
# Writes
#   mg_boot.csv (model,group,lhs,op,rhs,est,se,se_mcsd,B): lavaan's bootstrap SEs
#       (se = "bootstrap", B = 200, seeds 1341 and 1342; lavaan resamples within each group
#       and refits the thresholds, polychorics and DWLS estimates) of every free row,
#       thresholds included, and the Monte Carlo SD of each SE (../sem/mg_boot_table.R)
#   mg_boot_jack.csv (model,group,lhs,op,rhs,accel): the stratified jackknife acceleration
#       of every free row from lavaan's 301 leave-one-out refits,
#       a = sum(L^3) / (6 sum(L^2)^1.5), L_i = (n_g - 1) (mean_g - theta_(i)) (as
#       ../sem/make_boot_jack.R)
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("../sem/mg_boot_table.R")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
d <- read.csv("hs_ord.csv")[, c("school", paste0("x", 1:6))]
model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6"
cases <- list(delta = list(param = "delta", eq = c("thresholds", "loadings"), seed = 1341),
              theta = list(param = "theta", eq = "", seed = 1342))
fitc <- function(cs, dd, ...) cfa(model, data = dd, ordered = TRUE, group = "school",
                                  estimator = "DWLS", parameterization = cs$param,
                                  group.equal = cs$eq, ...)
boot <- NULL; jack <- NULL
for (tag in names(cases)) {
  cs <- cases[[tag]]
  set.seed(cs$seed)
  t0 <- proc.time()[[3]]
  fb <- fitc(cs, d, se = "bootstrap", bootstrap = 200, h1 = FALSE, baseline = FALSE,
             test = "none")
  boot <- rbind(boot, mg_boot_table(fb, tag))
  cat(tag, "bootstrap", proc.time()[[3]] - t0, "s\n")
  f0 <- fitc(cs, d, se = "none", test = "none", baseline = FALSE)
  pe <- parameterEstimates(f0)
  free <- which(parTable(f0)$free > 0)
  est <- sapply(seq_len(nrow(d)), function(i) {
    f <- fitc(cs, d[-i, ], se = "none", test = "none", baseline = FALSE)
    stopifnot(lavInspect(f, "converged"))
    parameterEstimates(f)$est
  })
  # parameterEstimates drops the "==" rows (the last of the parTable): its rows line up
  jack <- rbind(jack, data.frame(model = tag, group = pe$group[free], lhs = pe$lhs[free],
                                 op = pe$op[free], rhs = pe$rhs[free],
                                 accel = fmt(accel_of(est[free, ], d$school))))
  cat(tag, "jackknife", proc.time()[[3]] - t0, "s\n")
}
write.csv(boot, "mg_boot.csv", row.names = FALSE, quote = FALSE)
write.csv(jack, "mg_boot_jack.csv", row.names = FALSE, quote = FALSE)
