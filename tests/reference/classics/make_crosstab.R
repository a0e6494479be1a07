# Issue 13 item 12: crosstab exact and corrected tests. Fisher's exact test (r x c, R's
# fisher.test: network algorithm, two-sided p = sum of P(table) <= P(observed) (1 + 1e-7)),
# Pearson chi-square with Yates' continuity correction for 2 x 2 (chisq.test(correct = TRUE)),
# phi and Cramer's V by formula. R 4.2.2. Run: cd tests/reference/classics && Rscript make_crosstab.R
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
cases <- function(tab) {  # a contingency table as one row per case (r, c as text)
  d <- as.data.frame(as.table(tab), stringsAsFactors = FALSE)
  d <- d[rep(seq_len(nrow(d)), d$Freq), 1:2]
  names(d) <- c("r", "c"); d
}
tea <- matrix(c(3, 1, 1, 3), 2, dimnames = list(guess = c("milk", "tea"), truth = c("milk", "tea")))
conv <- matrix(c(2, 10, 15, 3), 2, dimnames = list(c("dizygotic", "monozygotic"), c("convicted", "not")))
job <- matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4,
              dimnames = list(income = c("a_lt15k", "b_15to25k", "c_25to40k", "d_gt40k"),
                              satisfaction = c("v_dis", "l_dis", "m_sat", "v_sat")))
mt <- table(cyl = mtcars$cyl, gear = mtcars$gear)
amvs <- table(am = mtcars$am, vs = mtcars$vs)
wt <- table(wool = warpbreaks$wool, tension = warpbreaks$tension)
sets <- list(tea = tea, convictions = conv, job = job, mtcars_cyl_gear = mt, mtcars_am_vs = amvs,
             warpbreaks = wt)
for (nm in names(sets)) {
  tab <- sets[[nm]]
  d <- cases(tab)
  write.csv(d, file.path("data", paste0("xt_", nm, ".csv")), row.names = FALSE, quote = FALSE)
  tab <- table(d$r, d$c)                      # sorted levels, as ambidex
  n <- sum(tab)
  pc <- suppressWarnings(chisq.test(tab, correct = FALSE))
  put(paste0(nm, ".chi2"), pc$statistic); put(paste0(nm, ".p"), pc$p.value)
  put(paste0(nm, ".cramer_v"), sqrt(pc$statistic / (n * (min(dim(tab)) - 1))))
  ft <- fisher.test(tab, workspace = 2e8)
  put(paste0(nm, ".fisher_p"), ft$p.value)
  if (all(dim(tab) == 2)) {
    y <- suppressWarnings(chisq.test(tab, correct = TRUE))
    put(paste0(nm, ".yates_chi2"), y$statistic); put(paste0(nm, ".yates_p"), y$p.value)
    phi <- (tab[1, 1] * tab[2, 2] - tab[1, 2] * tab[2, 1]) /
      sqrt(prod(rowSums(tab)) * prod(colSums(tab)))
    stopifnot(abs(abs(phi) - sqrt(pc$statistic / n)) < 1e-12)
    put(paste0(nm, ".phi"), phi)
    put(paste0(nm, ".fisher_less"), fisher.test(tab, alternative = "less")$p.value)
    put(paste0(nm, ".fisher_greater"), fisher.test(tab, alternative = "greater")$p.value)
  } else {
    put(paste0(nm, ".phi"), sqrt(pc$statistic / n))
  }
}
writeLines(c("key,value", out), "expected/crosstab.csv")
