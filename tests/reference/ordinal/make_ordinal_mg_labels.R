# Distinct c() labels under group.equal with ordered indicators: lavaan keeps a labelled
# loading out of group.equal (its user labels replace the group.equal ones). psych bfi
# (../data/bfi.csv) A2-A5 by gender, complete cases, WLSMV, loadings + thresholds, lavaan
# 0.6.14. Writes mg_labels_fit.csv (npar, df, chisq, chisq.scaled).
#   Rscript make_ordinal_mg_labels.R   (in tests/reference/ordinal)
suppressPackageStartupMessages(library(lavaan))
d <- read.csv("../data/bfi.csv")
d <- d[complete.cases(d[, c("A2", "A3", "A4", "A5", "gender")]), ]
f <- cfa("A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5", data = d, ordered = TRUE,
         group = "gender", group.equal = c("loadings", "thresholds"))
fm <- fitMeasures(f, c("npar", "df", "chisq", "chisq.scaled"))
write.csv(data.frame(measure = names(fm), value = sprintf("%.10g", unclass(fm))),
          "mg_labels_fit.csv", row.names = FALSE, quote = FALSE)
