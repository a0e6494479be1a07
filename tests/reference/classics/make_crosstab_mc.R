# Monte Carlo p of Fisher's exact test (crosstab --simulate B): R's fisher.test(simulate.p.value
# = TRUE, B) draws B tables with the observed margins (r2dtable, Patefield 1981) and gives
# p = (1 + #{tables with -sum log x! <= the observed one}) / (B + 1). ambidex draws its tables
# from its own RNG, so the two p's agree within Monte Carlo error, not to the digit: the test
# allows 4.5 standard errors of the difference of two independent estimates,
# 4.5 sqrt(2 p (1 - p) / B). Tables: the job-satisfaction table of ?fisher.test (exact p
# 0.7827, so the exact p is a second check) and psych's bfi gender x education (n = 2577
# complete cases; R's exact network algorithm needs workspace = 2e8 there, ambidex's exact
# enumeration passes its limit). R 4.2.2.
# Run: cd tests/reference/classics && Rscript make_crosstab_mc.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
B <- 100000
set.seed(20261202)
job <- read.csv("data/xt_job.csv", colClasses = "character")
tab <- table(job$r, job$c)
put("job.B", B)
put("job.mc_p", fisher.test(tab, simulate.p.value = TRUE, B = B)$p.value)
put("job.exact_p", fisher.test(tab)$p.value)
bfi <- read.csv("../data/bfi.csv")
tab <- table(bfi$gender, bfi$education)
put("bfi_gender_education.n", sum(tab))
put("bfi_gender_education.B", B)
put("bfi_gender_education.mc_p", fisher.test(tab, simulate.p.value = TRUE, B = B)$p.value)
put("bfi_gender_education.exact_p", fisher.test(tab, workspace = 2e8)$p.value)
writeLines(c("key,value", out), "expected/crosstab_mc.csv")
