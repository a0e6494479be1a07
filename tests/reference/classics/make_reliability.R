# Issue 13 item 14: SPSS's item-total table (RELIABILITY /SUMMARY=TOTAL): scale mean and
# scale variance if item deleted, corrected item-total r, alpha if item deleted. GNU pspp
# 1.6.2 is the reference (12 decimals, SET FORMAT=F20.12); R's formulas cross-check it.
# Run: cd tests/reference/classics && Rscript make_reliability.R
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
bfi <- read.csv("../data/bfi.csv"); hs <- read.csv("../data/hs1939.csv")
pspp_items <- function(file, vars, pre, items) {
  sps <- tempfile(fileext = ".sps"); o <- tempfile(fileext = ".csv")
  writeLines(c("SET FORMAT=F20.12.",
               sprintf("GET DATA /TYPE=TXT /FILE='%s' /DELIMITERS=',' /FIRSTCASE=2 /VARIABLES=%s.",
                       normalizePath(file), vars), pre,
               sprintf("RELIABILITY /VARIABLES=%s /MODEL=ALPHA /SUMMARY=TOTAL.",
                       paste(items, collapse = " "))), sps)
  system2("pspp", c("-O", "format=csv", "-o", o, sps), stdout = FALSE)
  l <- readLines(o); s <- grep("^Table: Item-Total Statistics", l)
  rows <- strsplit(l[(s + 2):(s + 1 + length(items))], ",", fixed = TRUE)
  m <- t(sapply(rows, function(r) as.numeric(r[2:5])))
  rownames(m) <- sapply(rows, `[`, 1); m
}
bfi_vars <- paste(sprintf("%s F8.0", names(bfi)), collapse = " ")
hs_vars <- "id F8.0 sex F8.0 ageyr F8.0 agemo F8.0 school A20 grade F8.0 x1 F20.10 x2 F20.10 x3 F20.10 x4 F20.10 x5 F20.10 x6 F20.10 x7 F20.10 x8 F20.10 x9 F20.10"
cases <- list(
  list(tag = "bfi_A", file = "../data/bfi.csv", vars = bfi_vars, pre = "COMPUTE A1 = 7 - A1.",
       items = paste0("A", 1:5), rev = "A1", d = bfi),
  list(tag = "bfi_C", file = "../data/bfi.csv", vars = bfi_vars,
       pre = "COMPUTE C4 = 7 - C4.\nCOMPUTE C5 = 7 - C5.", items = paste0("C", 1:5),
       rev = c("C4", "C5"), d = bfi),
  list(tag = "hs", file = "../data/hs1939.csv", vars = hs_vars, pre = "",
       items = paste0("x", 1:9), rev = character(), d = hs))
cat(system2("pspp", "--version", stdout = TRUE)[1], "\n")
for (cs in cases) {
  d <- na.omit(cs$d[, cs$items])
  for (v in cs$rev) d[[v]] <- 7 - d[[v]]
  S <- cov(d); k <- ncol(d); tot <- rowSums(d)
  ps <- pspp_items(cs$file, cs$vars, cs$pre, cs$items)
  for (i in seq_len(k)) {
    rest <- tot - d[[i]]
    r <- c(mean(rest), var(rest), cor(d[[i]], rest),
           (k - 1) / (k - 2) * (1 - sum(diag(S)[-i]) / sum(S[-i, -i])))
    stopifnot(max(abs(r - ps[cs$items[i], ])) < 1e-10)   # pspp agrees with R's formulas
    nm <- c("scale_mean", "scale_var", "item_total_r", "alpha_if_deleted")
    for (q in 1:4) put(sprintf("%s.%s.%s", cs$tag, cs$items[i], nm[q]), ps[cs$items[i], q])
  }
  put(sprintf("%s.n", cs$tag), nrow(d))
}
writeLines(c("key,value", out), "expected/reliability.csv")
