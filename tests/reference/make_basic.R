# make_basic.R -- reference fixtures for ambidex descriptives / correlations.
#
# Run:  cd tests/reference && Rscript make_basic.R
# Writes (relative to this script's folder):
#   data/longley.csv, data/bfi.csv, data/numacc1.csv .. data/numacc4.csv
#   expected/describe_longley.csv, expected/describe_bfi.csv
#   expected/corr_<data>_<method>_<missing>_{r,p,n}.csv
#   expected/nist_univariate.csv
# Re-runnable: every output is overwritten.

suppressPackageStartupMessages(library(psych))

## --- run from the script's own folder ---------------------------------------
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
dir.create("data", showWarnings = FALSE)
dir.create("expected", showWarnings = FALSE)

cat(R.version.string, "\n")
cat("psych", as.character(packageVersion("psych")), "\n")

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

## --- a. data exports --------------------------------------------------------
longley_df <- datasets::longley
names(longley_df) <- gsub(".", "_", names(longley_df), fixed = TRUE)
rownames(longley_df) <- NULL
write.csv(longley_df, "data/longley.csv", row.names = FALSE, na = "", quote = FALSE)

bfi_df <- psych::bfi
rownames(bfi_df) <- NULL
stopifnot(ncol(bfi_df) == 28, nrow(bfi_df) == 2800)
write.csv(bfi_df, "data/bfi.csv", row.names = FALSE, na = "", quote = FALSE)

# round-trip check: the CSVs reproduce the R data exactly
stopifnot(isTRUE(all.equal(read.csv("data/longley.csv"), longley_df, check.attributes = FALSE, tolerance = 0)))
stopifnot(isTRUE(all.equal(read.csv("data/bfi.csv"), bfi_df, check.attributes = FALSE, tolerance = 0)))

## --- b. descriptives (SPSS definitions) ------------------------------------
spss_desc <- function(x) {
  x <- x[!is.na(x)]
  n <- length(x)
  m <- mean(x); s <- sd(x)
  z <- (x - m) / s
  g1 <- n / ((n - 1) * (n - 2)) * sum(z^3)
  se1 <- sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))
  g2 <- n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum(z^4) -
        3 * (n - 1)^2 / ((n - 2) * (n - 3))
  se2 <- 2 * se1 * sqrt((n^2 - 1) / ((n - 3) * (n + 5)))
  c(n = n, mean = m, sd = s, min = min(x), max = max(x),
    skewness = g1, skewness_se = se1, kurtosis = g2, kurtosis_se = se2)
}

write_describe <- function(df, path) {
  rows <- lapply(names(df), function(v) {
    d <- spss_desc(df[[v]])
    c(name = v, n = sprintf("%d", as.integer(d[["n"]])),
      missing = sprintf("%d", as.integer(nrow(df) - d[["n"]])),
      mean = fmt(d[["mean"]]), sd = fmt(d[["sd"]]),
      min = fmt(d[["min"]]), max = fmt(d[["max"]]),
      skewness = fmt(d[["skewness"]]), skewness_se = fmt(d[["skewness_se"]]),
      kurtosis = fmt(d[["kurtosis"]]), kurtosis_se = fmt(d[["kurtosis_se"]]))
  })
  m <- do.call(rbind, rows)
  writeLines(c(paste(colnames(m), collapse = ","),
               apply(m, 1, paste, collapse = ",")), path)

  # cross-check against psych::describe(type = 2) (= SPSS G1 / G2)
  pd <- psych::describe(df, type = 2)
  mine <- t(sapply(names(df), function(v) spss_desc(df[[v]])))
  stopifnot(isTRUE(all.equal(unname(mine[, "skewness"]), unname(pd$skew))))
  stopifnot(isTRUE(all.equal(unname(mine[, "kurtosis"]), unname(pd$kurtosis))))
  stopifnot(isTRUE(all.equal(unname(mine[, "n"]), unname(pd$n))))
  stopifnot(isTRUE(all.equal(unname(mine[, "mean"]), unname(pd$mean))))
  stopifnot(isTRUE(all.equal(unname(mine[, "sd"]), unname(pd$sd))))
  invisible(m)
}

write_describe(longley_df, "expected/describe_longley.csv")
write_describe(bfi_df, "expected/describe_bfi.csv")

## --- c. correlation matrices ------------------------------------------------
write_matrix <- function(m, path) {
  lines <- c(paste(colnames(m), collapse = ","),
             apply(m, 1, function(r) paste(fmt(r), collapse = ",")))
  writeLines(lines, path)
}

corr_set <- function(x, tag) {
  x <- as.matrix(x)
  k <- ncol(x)
  for (method in c("pearson", "spearman")) {
    for (missing in c("pairwise", "listwise")) {
      use <- if (missing == "pairwise") "pairwise.complete.obs" else "complete.obs"
      r <- cor(x, method = method, use = use)
      if (missing == "pairwise") {
        ok <- !is.na(x)
        n <- crossprod(ok * 1)
      } else {
        n <- matrix(sum(complete.cases(x)), k, k)
      }
      dimnames(n) <- dimnames(r)
      t <- r * sqrt((n - 2) / (1 - r^2))
      p <- 2 * pt(-abs(t), n - 2)
      diag(p) <- NA
      base <- sprintf("expected/corr_%s_%s_%s", tag, method, missing)
      write_matrix(r, paste0(base, "_r.csv"))
      write_matrix(p, paste0(base, "_p.csv"))
      write_matrix(n, paste0(base, "_n.csv"))

      if (method == "pearson" && missing == "pairwise") {
        # cross-check the t-approximation p against cor.test for a few pairs
        pairs <- list(c(1, 2), c(1, k), c(2, k - 1), c(3, 4))
        for (pr in pairs) {
          i <- pr[1]; j <- pr[2]
          ct <- cor.test(x[, i], x[, j])
          stopifnot(isTRUE(all.equal(p[i, j], ct$p.value)))
          stopifnot(isTRUE(all.equal(r[i, j], unname(ct$estimate))))
          stopifnot(n[i, j] == ct$parameter + 2)
        }
      }
      if (method == "spearman" && missing == "pairwise") {
        # spot-check: pairwise Spearman = Pearson of ranks on the pair's complete cases
        ok <- complete.cases(x[, 1], x[, k])
        stopifnot(isTRUE(all.equal(r[1, k], cor(rank(x[ok, 1]), rank(x[ok, k])))))
      }
    }
  }
}

corr_set(longley_df, "longley")
bfi_items <- c("A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5",
               "E1", "E2", "E3", "E4", "E5", "N1", "N2", "N3", "N4", "N5",
               "O1", "O2", "O3", "O4", "O5", "age")
corr_set(bfi_df[, bfi_items], "bfi")

## --- d. NIST StRD univariate NumAcc1..4 -------------------------------------
# Constructed data sets (Simon & Lesage 1989), as distributed by NIST:
#   NumAcc1: 10000001, 10000003, 10000002
#   NumAcc2..4: first value c, then 500 pairs (c - 0.1, c + 0.1); 1001 values.
alt <- function(first, lo, hi) c(first, rep(c(lo, hi), 500))
numacc <- list(
  numacc1 = c("10000001", "10000003", "10000002"),
  numacc2 = alt("1.2", "1.1", "1.3"),
  numacc3 = alt("1000000.2", "1000000.1", "1000000.3"),
  numacc4 = alt("10000000.2", "10000000.1", "10000000.3")
)
certified <- data.frame(
  name = c("numacc1", "numacc2", "numacc3", "numacc4"),
  mean = c("10000002", "1.2", "1000000.2", "10000000.2"),
  sd   = c("1", "0.1", "0.1", "0.1"),
  stringsAsFactors = FALSE
)
for (nm in names(numacc)) {
  writeLines(c("x", numacc[[nm]]), sprintf("data/%s.csv", nm))
  v <- as.numeric(numacc[[nm]])
  cr <- certified[certified$name == nm, ]
  stopifnot(length(v) == if (nm == "numacc1") 3 else 1001)
  stopifnot(isTRUE(all.equal(mean(v), as.numeric(cr$mean), tolerance = 1e-12)))
  stopifnot(isTRUE(all.equal(sd(v), as.numeric(cr$sd), tolerance = 1e-6)))
}
writeLines(c("name,mean,sd", paste(certified$name, certified$mean, certified$sd, sep = ",")),
           "expected/nist_univariate.csv")

cat("make_basic.R: done\n")
