# Issue 13 item 9: Lindell & Whitney (2001) marker-variable adjustment of a correlation
# table, hand-coded: r_M = the smallest positive correlation of the marker with the other
# variables (Lindell & Whitney 2001, p. 116; Malhotra, Kim & Patil 2006), r_A = (r - r_M) /
# (1 - r_M), t = r_A / sqrt((1 - r_A^2) / (n - 3)) with n - 3 df, two-sided p.
# Data: psych::bfi agreeableness and conscientiousness items, marker O5 ("will not probe
# deeply into a subject", openness), pairwise and listwise; and with a given r_M = 0.05.
# Run: cd tests/reference/cmv && Rscript make_marker.R
fmt <- function(x) sprintf("%.17g", x)
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
bfi <- read.csv("../data/bfi.csv")
v <- c("A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5", "O5")
for (miss in c("pairwise", "listwise")) {
  d <- bfi[, v]
  if (miss == "listwise") d <- d[complete.cases(d), ]
  R <- cor(d, use = "pairwise.complete.obs")
  N <- crossprod(!is.na(d))
  rm <- R["O5", setdiff(v, "O5")]
  rms <- list(smallest = min(rm[rm > 0]), fixed = 0.05)
  put(sprintf("%s.rm", miss), rms$smallest)
  for (how in names(rms)) {
    rM <- rms[[how]]
    for (i in 1:9) for (j in (i + 1):10) {
      a <- v[i]; b <- v[j]; n <- N[a, b]
      ra <- (R[a, b] - rM) / (1 - rM)
      t <- ra / sqrt((1 - ra^2) / (n - 3))
      p <- 2 * pt(-abs(t), n - 3)
      k <- sprintf("%s.%s.%s.%s", miss, how, a, b)
      put(paste0(k, ".ra"), ra); put(paste0(k, ".t"), t); put(paste0(k, ".p"), p)
      put(paste0(k, ".n"), n)
    }
  }
}
writeLines(c("key,value", out), "expected/marker.csv")
