# A multi-group FIML fit whose groups' own estimates are no joint start: hsm_mg120.csv
# (make_boot_jack.R, part mgsmall) without case 73 (id 214), where Grant-White's own fit of
# visual =~ x1 + x2 + x3 is a Heywood case (x3 ~~ x3 < 0) and the metric level shares
# Pasteur's loadings. lavaan 0.6.14, missing = "ml", its defaults. Writes mg_heywood_fit.csv.
#   Rscript make_mg_heywood.R   (in tests/reference/sem)
suppressPackageStartupMessages(library(lavaan))
d <- read.csv("hsm_mg120.csv")
d <- d[d$id != 214, ]
eq <- list(configural = "", metric = "loadings",
           scalar = c("loadings", "intercepts"),
           strict = c("loadings", "intercepts", "residuals"))
rows <- lapply(names(eq), function(lv) {
  f <- cfa("visual =~ x1 + x2 + x3", data = d, group = "school", missing = "ml",
           group.equal = eq[[lv]])
  stopifnot(lavInspect(f, "converged"))
  fm <- fitMeasures(f, c("chisq", "df", "logl", "cfi", "rmsea"))
  data.frame(level = lv, chisq = sprintf("%.10g", fm[["chisq"]]), df = fm[["df"]],
             logl = sprintf("%.10g", fm[["logl"]]), cfi = sprintf("%.10g", fm[["cfi"]]),
             rmsea = sprintf("%.10g", fm[["rmsea"]]))
})
write.csv(do.call(rbind, rows), "mg_heywood_fit.csv", row.names = FALSE, quote = FALSE)
