# make_mg_compare.R -- lavTestLRT of two multi-group fits (issue 13: `--compare FILE` with
# `--group VAR`), lavaan 0.6.14.
#
# Run:  cd tests/reference/sem && Rscript make_mg_compare.R
# Reads hs.csv (Holzinger-Swineford, make_sem.R) and ../ordinal/hs_ord.csv (x1-x9 in
# categories). Writes mg_compare_lrt.csv: case,estimator,method,chisq,df,pvalue
# (the difference row of lavTestLRT(fit1, fit0, method = ...); read by
# tests/cli/test_sem_mg_compare.sh). Every fit: cfa(model, data, group = "school",
# group.equal = the case's), m0 the restricted model, m1 the other:
#   path   hs3 with visual ~~ 0*speed (every group)   vs hs3
#   label  hs3 with visual =~ x1 + c(a, a)*x2 + x3    vs hs3
#   cross  hs3                                         vs hs3 with visual =~ x9 added
#   metric hs3, group.equal loadings, with textual ~~ 0*speed vs the same without
#   line   hs3 with c(a1, a2)*x2 + c(b1, b2)*x3 and the line a1 + b1 == a2 + b2 vs hs3
# Estimators ML (method "standard"), MLR and MLM (satorra.bentler.2001 and .2010);
# ordered (hs_ord.csv, WLSMV delta and theta, ULSMV): satorra.2000 (lavTestLRT's default
# there) for path, label, cross, line; FIML (hs_missing.csv, make_sem.R's HS with MCAR holes,
# missing = "ml"; case names fiml_path, fiml_cross) under ML and MLR. Numbers with %.17g.
suppressPackageStartupMessages(library(lavaan))
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
cat(R.version.string, " lavaan", as.character(packageVersion("lavaan")), "\n")
hs <- read.csv("hs.csv")
hso <- read.csv("../ordinal/hs_ord.csv")
hs3 <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
cases <- list(
  path = list(m0 = paste0(hs3, "visual ~~ 0*speed\n"), m1 = hs3, eq = ""),
  label = list(m0 = "visual =~ x1 + c(a, a)*x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n",
               m1 = hs3, eq = ""),
  cross = list(m0 = hs3, m1 = paste0(hs3, "visual =~ x9\n"), eq = ""),
  metric = list(m0 = paste0(hs3, "textual ~~ 0*speed\n"), m1 = hs3, eq = "loadings"),
  line = list(m0 = paste0("visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\n",
                          "textual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n",
                          "a1 + b1 == a2 + b2\n"), m1 = hs3, eq = ""))
rows <- list()
add <- function(case, est, method, lrt) {
  r <- lrt[2, ]
  rows[[length(rows) + 1]] <<- data.frame(case = case, estimator = est, method = method,
    chisq = sprintf("%.17g", r[["Chisq diff"]]), df = sprintf("%.17g", r[["Df diff"]]),
    pvalue = sprintf("%.17g", r[["Pr(>Chisq)"]]))
}
for (cn in names(cases)) {
  cs <- cases[[cn]]
  for (est in c("ML", "MLR", "MLM")) {
    f0 <- cfa(cs$m0, hs, group = "school", group.equal = cs$eq, estimator = est)
    f1 <- cfa(cs$m1, hs, group = "school", group.equal = cs$eq, estimator = est)
    if (est == "ML") {
      add(cn, est, "standard", lavTestLRT(f1, f0))
    } else {
      for (me in c("satorra.bentler.2001", "satorra.bentler.2010"))
        add(cn, est, me, lavTestLRT(f1, f0, method = me))
    }
  }
}
ord <- c(paste0("x", 1:9))
for (cn in c("path", "label", "cross", "line")) {
  cs <- cases[[cn]]
  for (est in c("WLSMV", "ULSMV")) for (pz in c("delta", "theta")) {
    if (est == "ULSMV" && pz == "theta") next
    f0 <- cfa(cs$m0, hso, group = "school", ordered = ord, estimator = est,
              parameterization = pz)
    f1 <- cfa(cs$m1, hso, group = "school", ordered = ord, estimator = est,
              parameterization = pz)
    add(cn, paste0(est, "_", pz), "satorra.2000", lavTestLRT(f1, f0))
  }
}
hsm <- read.csv("hs_missing.csv")
for (cn in c("path", "cross")) {
  cs <- cases[[cn]]
  for (est in c("ML", "MLR")) {
    f0 <- cfa(cs$m0, hsm, group = "school", missing = "ml", estimator = est)
    f1 <- cfa(cs$m1, hsm, group = "school", missing = "ml", estimator = est)
    if (est == "ML") {
      add(paste0("fiml_", cn), est, "standard", lavTestLRT(f1, f0))
    } else {
      for (me in c("satorra.bentler.2001", "satorra.bentler.2010"))
        add(paste0("fiml_", cn), est, me, lavTestLRT(f1, f0, method = me))
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "mg_compare_lrt.csv", row.names = FALSE, quote = FALSE)
print(out)
