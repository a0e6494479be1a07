# Issue 13 item 11: one-way ANOVA post-hoc tests, Levene's test (mean and median
# centre) and Welch's F, written as key,value lines (%.17g) for tests/unit/test_classics.c.
# R 4.2.2, base stats only (car is not needed: Levene is the ANOVA of |y - centre|).
# Run: cd tests/reference/classics && Rscript make_anova.R
options(digits = 17)
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))

sets <- list(
  plantgrowth = data.frame(y = PlantGrowth$weight, g = as.character(PlantGrowth$group)),
  insectsprays = data.frame(y = InsectSprays$count, g = as.character(InsectSprays$spray)),
  warpbreaks = data.frame(y = warpbreaks$breaks, g = as.character(warpbreaks$tension)),
  mtcars = data.frame(y = mtcars$mpg, g = as.character(mtcars$cyl)))   # unbalanced: 11, 7, 14
for (nm in names(sets)) {
  d <- sets[[nm]]
  write.csv(d, file.path("data", paste0(nm, ".csv")), row.names = FALSE, quote = FALSE)
  d$g <- factor(d$g, levels = sort(unique(d$g)))   # ambidex's level order (sorted)
  lv <- levels(d$g); k <- length(lv)
  n <- tapply(d$y, d$g, length); m <- tapply(d$y, d$g, mean); s <- tapply(d$y, d$g, sd)
  fit <- aov(y ~ g, data = d)
  a <- anova(fit); mse <- a[2, 3]; dfe <- a[2, 1]
  put(paste0(nm, ".f"), a[1, 4]); put(paste0(nm, ".p"), a[1, 5])
  for (ctr in c("mean", "median")) {
    cf <- if (ctr == "mean") mean else median
    z <- abs(d$y - ave(d$y, d$g, FUN = cf))
    la <- anova(lm(z ~ d$g))
    put(sprintf("%s.levene_%s.f", nm, ctr), la[1, 4])
    put(sprintf("%s.levene_%s.df1", nm, ctr), la[1, 1])
    put(sprintf("%s.levene_%s.df2", nm, ctr), la[2, 1])
    put(sprintf("%s.levene_%s.p", nm, ctr), la[1, 5])
  }
  w <- oneway.test(y ~ g, data = d, var.equal = FALSE)
  put(paste0(nm, ".welch.f"), w$statistic)
  put(paste0(nm, ".welch.df1"), w$parameter[1]); put(paste0(nm, ".welch.df2"), w$parameter[2])
  put(paste0(nm, ".welch.p"), w$p.value)
  tk <- TukeyHSD(fit, conf.level = 0.95)$g          # rows "B-A": mean B - mean A
  bp <- pairwise.t.test(d$y, d$g, p.adjust.method = "bonferroni", pool.sd = TRUE)$p.value
  npair <- k * (k - 1) / 2
  for (i in 1:(k - 1)) for (j in (i + 1):k) {
    a1 <- lv[i]; b1 <- lv[j]; key <- sprintf("%s.%s.%s", nm, a1, b1)
    diff <- m[a1] - m[b1]                              # SPSS: I - J
    r <- tk[paste0(b1, "-", a1), ]
    stopifnot(abs(r["diff"] + diff) < 1e-12)
    put(paste0(key, ".diff"), diff)
    put(paste0(key, ".tukey.se"), sqrt(mse * (1 / n[a1] + 1 / n[b1])))
    put(paste0(key, ".tukey.p"), r["p adj"])
    put(paste0(key, ".tukey.lo"), -r["upr"]); put(paste0(key, ".tukey.hi"), -r["lwr"])
    # Games-Howell (Games & Howell 1976), as SPSS: Welch SE and df, studentized range.
    se <- sqrt(s[a1]^2 / n[a1] + s[b1]^2 / n[b1])
    df <- se^4 / ((s[a1]^2 / n[a1])^2 / (n[a1] - 1) + (s[b1]^2 / n[b1])^2 / (n[b1] - 1))
    q <- abs(diff) / se * sqrt(2)
    qc <- qtukey(0.95, k, df) / sqrt(2)
    put(paste0(key, ".gh.se"), se); put(paste0(key, ".gh.df"), df)
    put(paste0(key, ".gh.p"), ptukey(q, k, df, lower.tail = FALSE))
    put(paste0(key, ".gh.lo"), diff - qc * se); put(paste0(key, ".gh.hi"), diff + qc * se)
    # Bonferroni (SPSS): pooled-MSE t, p times the number of pairs, capped at 1.
    sb <- sqrt(mse * (1 / n[a1] + 1 / n[b1]))
    put(paste0(key, ".bonf.p"), bp[b1, a1])
    tc <- qt(1 - 0.05 / (2 * npair), dfe)
    put(paste0(key, ".bonf.lo"), diff - tc * sb); put(paste0(key, ".bonf.hi"), diff + tc * sb)
  }
}
# ptukey / qtukey spot values (nranges = 1).
for (q in c(0.5, 1, 2.5, 3.5, 5, 8)) for (kk in c(2, 3, 6, 10)) for (df in c(2, 5, 20, 66, 150, 1000, 30000)) {
  put(sprintf("ptukey.%g.%g.%g", q, kk, df), ptukey(q, kk, df, lower.tail = FALSE))
}
for (kk in c(2, 3, 6)) for (df in c(5, 20, 66)) put(sprintf("qtukey.%g.%g", kk, df), qtukey(0.95, kk, df))
writeLines(c("key,value", out), "expected/anova.csv")
