# Issue 13 item 15 (describe --normality): Shapiro-Wilk (shapiro.test, Royston 1995) and
# the Lilliefors-corrected Kolmogorov-Smirnov test. nortest is not in Debian, so
# lillie.test's code (nortest 1.0-4: D against the normal with mean and sd, Dallal-Wilkinson
# p) is written out below. R 4.2.2. Run: cd tests/reference/classics && Rscript make_normality.R
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
lillie <- function(x) {
  x <- sort(x[complete.cases(x)]); n <- length(x)
  p <- pnorm((x - mean(x)) / sd(x))
  K <- max(max(seq_len(n) / n - p), max(p - (seq_len(n) - 1) / n))
  if (n <= 100) { Kd <- K; nd <- n } else { Kd <- K * ((n / 100)^0.49); nd <- 100 }
  pv <- exp(-7.01256 * Kd^2 * (nd + 2.78019) + 2.99587 * Kd * sqrt(nd + 2.78019) -
            0.122119 + 0.974598 / sqrt(nd) + 1.67997 / nd)
  if (pv > 0.1) {
    KK <- (sqrt(n) - 0.01 + 0.85 / sqrt(n)) * K
    pv <- if (KK <= 0.302) 1
      else if (KK <= 0.5) 2.76773 - 19.828315 * KK + 80.709644 * KK^2 - 138.55152 * KK^3 + 81.218052 * KK^4
      else if (KK <= 0.9) -4.901232 + 40.662806 * KK - 97.490286 * KK^2 + 94.029866 * KK^3 - 32.355711 * KK^4
      else if (KK <= 1.31) 6.198765 - 19.558097 * KK + 23.186922 * KK^2 - 12.024956 * KK^3 + 2.261931 * KK^4
      else 0
  }
  c(K, pv)
}
mt <- read.csv("../regress/data/mtcars.csv"); lo <- read.csv("../data/longley.csv")
bfi <- read.csv("../data/bfi.csv")
sets <- list(mtcars = mt[, c("mpg", "hp", "wt", "qsec", "disp")], longley = lo,
             bfi = bfi[, c("A1", "C2", "E3", "age")])
for (s in names(sets)) for (v in names(sets[[s]])) {
  x <- sets[[s]][[v]]; x <- x[!is.na(x)]
  sw <- shapiro.test(x); li <- lillie(x)
  k <- sprintf("%s.%s", s, v)
  put(paste0(k, ".n"), length(x)); put(paste0(k, ".sw_w"), sw$statistic)
  put(paste0(k, ".sw_p"), sw$p.value); put(paste0(k, ".ks_d"), li[1]); put(paste0(k, ".ks_p"), li[2])
}
# Small samples: the first n values of mtcars mpg (Royston's n = 3, n <= 11 branches).
for (n in c(3, 4, 5, 6, 7, 11, 12)) {
  x <- mt$mpg[1:n]; sw <- shapiro.test(x)
  put(sprintf("mpg_first.%d.sw_w", n), sw$statistic); put(sprintf("mpg_first.%d.sw_p", n), sw$p.value)
  if (n >= 5) { li <- lillie(x); put(sprintf("mpg_first.%d.ks_d", n), li[1]); put(sprintf("mpg_first.%d.ks_p", n), li[2]) }
}
writeLines(c("key,value", out), "expected/normality.csv")
