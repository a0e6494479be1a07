# Signs of std.lv solutions (issue 12 item 4): psych bfi, five factors of five items
# (A1 reverse-keyed against A2..A5), lavaan 0.6.14 cfa(std.lv = TRUE) under ML (listwise,
# lavaan's default) and FIML (missing = "ml"). lavaan does not reflect factors after
# estimation: each factor keeps the sign of its start values (FABIN 3 scaled by
# sign(psi) sqrt|psi|, lav_cfa_1fac_fabin), i.e. the first indicator's loading starts
# positive. Run:  cd tests/reference/sem && Rscript make_stdlv_sign.R
# Writes stdlv_sign_fit.csv (model,name,value) and stdlv_sign_params.csv
# (model,lhs,op,rhs,est,se) for the models bfi5_ml and bfi5_fiml, and negtriad_ml and
# negtriad_fiml: F =~ A1 + A2 + C2 (a negative triad: s21 s31 s32 < 0, where lavaan starts
# every loading at 0.7) and N =~ N1 + N2 + N3 + N4.
suppressPackageStartupMessages(library(lavaan))
cat(R.version.string, "\n", "lavaan", as.character(packageVersion("lavaan")), "\n")
source("lavaan_tables.R")
bfi <- read.csv("../data/bfi.csv")
m <- paste(sapply(c("A", "C", "E", "N", "O"), function(f)
  paste0(f, " =~ ", paste0(f, 1:5, collapse = " + "))), collapse = "\n")
mt <- "F =~ A1 + A2 + C2\nN =~ N1 + N2 + N3 + N4"
fits <- list(bfi5_ml = cfa(m, data = bfi, std.lv = TRUE),
             bfi5_fiml = cfa(m, data = bfi, std.lv = TRUE, missing = "ml"),
             negtriad_ml = cfa(mt, data = bfi, std.lv = TRUE),
             negtriad_fiml = cfa(mt, data = bfi, std.lv = TRUE, missing = "ml"))
write_lavaan_tables(fits, "stdlv_sign", which = c("npar", "chisq", "df", "ntotal", "cfi", "tli", "rmsea", "logl"))
