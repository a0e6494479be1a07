# Multi-group categorical CFA (issue 13 item 2 leftover): lavaan cfa(..., ordered = TRUE,
# group =, group.equal =) by WLSMV in the delta parameterization: configural, thresholds,
# thresholds + loadings (lavaan frees the scale factors ~*~ and the latent means in groups 2+
# once the thresholds are equal), and lavTestLRT's difference tests between them (method
# "satorra.2000", scaled.shifted, the default for WLSMV).
# Data: psych::bfi A1-A5 by gender (../data/bfi.csv) and HolzingerSwineford1939 x1-x9
# (../data/hs1939.csv) cut at the whole sample's quartiles into 4 ordered categories, by
# school (written to hs_ord.csv). R 4.2.2, lavaan 0.6.14.
# Run: cd tests/reference/ordinal && Rscript make_ordinal_mg.R   (writes mg.csv, hs_ord.csv)
suppressMessages(library(lavaan))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", ifelse(is.na(v), "NA", sprintf("%.17g", v))))
levels_ <- list(configural = "none", thresholds = "thresholds",
                loadings = c("thresholds", "loadings"))
mg_case <- function(tag, model, d, group) {
  fits <- list()
  for (lv in names(levels_)) {
    fit <- cfa(model, data = d, ordered = TRUE, group = group, estimator = "WLSMV",
               group.equal = levels_[[lv]])
    if (!lavInspect(fit, "converged")) stop("not converged")
    fits[[lv]] <- fit
    pe <- parameterEstimates(fit)
    for (r in seq_len(nrow(pe))) {
      if (pe$op[r] == "==") next
      key <- sprintf("%s.%s.g%d.%s.%s.%s", tag, lv, pe$group[r], pe$lhs[r], pe$op[r], pe$rhs[r])
      put(paste0(key, ".est"), pe$est[r]); put(paste0(key, ".se"), pe$se[r])
    }
    fm <- fitMeasures(fit)
    for (m in c("npar", "chisq", "df", "chisq.scaled", "chisq.scaling.factor", "pvalue.scaled",
                "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "cfi", "tli", "rmsea",
                "cfi.scaled", "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust",
                "rmsea.robust", "srmr"))
      put(sprintf("%s.%s.fit.%s", tag, lv, m), fm[[m]])
    put(sprintf("%s.%s.fit.shift", tag, lv), lavInspect(fit, "test")[[2]]$shift.parameter)
  }
  for (k in 2:length(fits)) {
    lr <- lavTestLRT(fits[[k - 1]], fits[[k]])
    put(sprintf("%s.%s.diff.chisq", tag, names(fits)[k]), lr[["Chisq diff"]][2])
    put(sprintf("%s.%s.diff.df", tag, names(fits)[k]), lr[["Df diff"]][2])
    put(sprintf("%s.%s.diff.p", tag, names(fits)[k]), lr[["Pr(>Chisq)"]][2])
  }
  put(paste0(tag, ".n1"), lavInspect(fits[[1]], "nobs")[1])
  put(paste0(tag, ".n2"), lavInspect(fits[[1]], "nobs")[2])
}
bfi <- read.csv("../data/bfi.csv")
bfa <- na.omit(bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")])
mg_case("bfiA", "A =~ A1 + A2 + A3 + A4 + A5", bfa, "gender")
hs <- read.csv("../data/hs1939.csv")
ho <- hs[, c("school", paste0("x", 1:9))]
for (v in paste0("x", 1:9))
  ho[[v]] <- as.integer(cut(hs[[v]], c(-Inf, quantile(hs[[v]], c(.25, .5, .75)), Inf)))
write.csv(ho, "hs_ord.csv", row.names = FALSE, quote = FALSE)
mg_case("hs", "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9",
        ho, "school")
writeLines(c("key,value", out), "mg.csv")
