# Issue 13 item 15: Cohen's f2 per block of a hierarchical regression, f2 = (R2_B - R2_A) /
# (1 - R2_B) (Cohen 1988, eq. 9.2.3; for the first block R2 / (1 - R2)), from lm. R 4.2.2.
# Run: cd tests/reference/classics && Rscript make_f2.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
mt <- read.csv("../regress/data/mtcars.csv"); lo <- read.csv("../data/longley.csv")
fits <- list(mtcars = list(lm(mpg ~ wt + hp, mt), lm(mpg ~ wt + hp + qsec, mt),
                           lm(mpg ~ wt + hp + qsec + drat + disp, mt)),
             longley = list(lm(Employed ~ GNP, lo), lm(Employed ~ GNP + Unemployed + Armed_Forces, lo),
                            lm(Employed ~ GNP + Unemployed + Armed_Forces + Population + Year, lo)))
for (nm in names(fits)) {
  prev <- 0
  for (m in seq_along(fits[[nm]])) {
    r2 <- summary(fits[[nm]][[m]])$r.squared
    put(sprintf("%s.m%d.f2", nm, m), (r2 - prev) / (1 - r2)); prev <- r2
  }
}
writeLines(c("key,value", out), "expected/f2.csv")
