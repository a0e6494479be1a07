# make_start.R -- lavaan references for the start-value cases of issue 12 (items 1, 2).
#
# Run:  cd tests/reference/sem && Rscript make_start.R
# Writes start_fit.csv (model,name,value) and start_params.csv (model,lhs,op,rhs,est):
#   bfi5      psych::bfi, five factors A C E N O of five items each (A1 reverse-keyed
#             against A2..A5), listwise complete cases (lavaan's default)
#   hs3r      HolzingerSwineford1939 3-factor CFA with x1r = 10 - x1 as visual marker
#   hs3_sex2  the 3-factor CFA on the cases with sex == 2 alone (n = 155)
# Run with R 4.2.2 and lavaan 0.6.14 (Debian); its outputs are committed. The unit test
# (tests/unit/test_sem.c: check_bfi, check_hs_reflected, check_small_group) checks the
# chi-square values (bfi5 4165.4674, hs3r 85.3055, hs3_sex2 44.4006, as here). Measured
# against start_params.csv: max |est - lavaan| = 2.5e-5 (bfi5), 1.0e-6 (hs3r), 1.1e-6
# (hs3_sex2), within lavaan's own convergence tolerance.
suppressPackageStartupMessages({ library(lavaan) })
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
bfi <- read.csv("../data/bfi.csv")
hs <- read.csv("hs.csv")
hs$x1r <- 10 - hs$x1
m_bfi <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, " =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")
m_hs <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
m_hsr <- sub("x1 +", "x1r +", m_hs, fixed = TRUE)
fits <- list(bfi5 = cfa(m_bfi, data = bfi),
             hs3r = cfa(m_hsr, data = hs),
             hs3_sex2 = cfa(m_hs, data = hs[hs$sex == 2, ]))
fit_rows <- do.call(rbind, lapply(names(fits), function(m) {
  fm <- fitMeasures(fits[[m]], c("chisq", "df", "npar", "ntotal", "cfi", "tli", "rmsea",
                                 "srmr", "iterations"))
  fm["iterations"] <- lavInspect(fits[[m]], "iterations")
  data.frame(model = m, name = names(fm), value = fmt(as.numeric(fm)))
}))
write.csv(fit_rows, "start_fit.csv", row.names = FALSE, quote = FALSE)
par_rows <- do.call(rbind, lapply(names(fits), function(m) {
  pe <- parameterEstimates(fits[[m]])
  data.frame(model = m, lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est))
}))
write.csv(par_rows, "start_params.csv", row.names = FALSE, quote = FALSE)
