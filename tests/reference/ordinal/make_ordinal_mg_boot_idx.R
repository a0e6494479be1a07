# The resamples of lavaan's se = "bootstrap" in make_ordinal_mg_boot.R (session 9): the rows
# (1-based, within each group in the order of hs_ord.csv, Pasteur first) that lavaan 0.6.14
# draws for each of its B = 200 replicates, reproduced without refitting.
# lav_bootstrap_internal (serial, iseed NULL) draws iseed <- runif(1, 0, 999999999) (after
# the draws of the fit before it: 464 for delta), calls set.seed(iseed) and, for replicate b
# and each group g in turn, sample.int(n_g, replace = TRUE). iseed is taken from the same
# call with bootstrap = 10 (attr(lavInspect(fit, "boot"), "seed")); checked: ambidex's delta
# refits of these resamples give lavaan's delta bootstrap SEs of mg_boot.csv
# (test_sem_mg_boot_ord.c).
#   cd tests/reference/ordinal && nice Rscript make_ordinal_mg_boot_idx.R
# Writes mg_boot_idx.csv (model,b,group,rows): rows space-separated.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
d <- read.csv("hs_ord.csv")[, c("school", paste0("x", 1:6))]
model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6"
n <- table(factor(d$school, levels = unique(d$school)))
out <- NULL
for (cs in list(list(tag = "delta", param = "delta", eq = c("thresholds", "loadings"),
                     seed = 1341),
                list(tag = "theta", param = "theta", eq = "", seed = 1342))) {
  set.seed(cs$seed) # as make_ordinal_mg_boot.R
  fb <- cfa(model, data = d, ordered = TRUE, group = "school", estimator = "DWLS",
            parameterization = cs$param, group.equal = cs$eq, se = "bootstrap",
            bootstrap = 10, h1 = FALSE, baseline = FALSE, test = "none")
  bt <- lavInspect(fb, "boot")
  iseed <- attr(bt, "seed")
  cat(cs$tag, "of the first 10 replicates lavaan fails", attr(bt, "error.idx"), "\n")
  cat(cs$tag, "iseed", iseed, "\n")
  set.seed(iseed)
  for (b in 1:200)
    for (g in seq_along(n))
      out <- rbind(out, data.frame(model = cs$tag, b = b, group = g,
                                   rows = paste(sample.int(n[[g]], replace = TRUE),
                                                collapse = " ")))
}
write.csv(out, "mg_boot_idx.csv", row.names = FALSE, quote = FALSE)
