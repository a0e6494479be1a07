# make_agree.R -- reference values for ambidex inter-coder agreement.
#
# Run:  cd tests/reference && Rscript make_agree.R
# The irr package is not in Debian, so its formulas are written out here
# (irr 0.84: agree(), kappa2(), kappam.fleiss(), kripp.alpha(method = "nominal")).
# Writes (relative to this script's folder):
#   data/agree_kripp.csv       Krippendorff's reliability-data example (4 observers, 12 units,
#                              missing values) -- published nominal alpha = 0.743
#   data/agree_fleiss.csv      Fleiss' kappa worked example (10 subjects, 14 raters, 5
#                              categories; Wikipedia "Fleiss' kappa") -- published kappa = 0.210
#   data/agree_random2.csv     2 coders, 60 units, 4 categories, about 10% missing (seed 20261122)
#   data/agree_random3.csv     3 coders, 50 units, 3 categories, about 10% missing (seed 20261123)
#   expected/agree.csv         dataset,units,complete,pairable,percent,cohen,fleiss,alpha
#   expected/qual_vse_agree.csv  level,code,units,complete,percent,cohen,fleiss,alpha for the
#                              example project examples/vse-ambidexterity, parsed here in R
#                              independently of ambidex (paragraph units, leaf codes; level
#                              unit = paragraphs someone coded, unit_all = every paragraph,
#                              line = non-blank lines someone coded (segments of the example
#                              never span lines), document = presence per transcript).

local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
dir.create("data", showWarnings = FALSE)
dir.create("expected", showWarnings = FALSE)
cat(R.version.string, "\n")

## --- statistics (x: units x coders matrix, NA = missing) ---------------------
pct_agree <- function(x) {
  cc <- x[complete.cases(x), , drop = FALSE]
  if (nrow(cc) == 0) return(NA)
  mean(apply(cc, 1, function(r) all(r == r[1])))
}
cohen <- function(x) {
  if (ncol(x) != 2) return(NA)
  cc <- x[complete.cases(x), , drop = FALSE]
  if (nrow(cc) == 0) return(NA)
  lev <- sort(unique(c(cc)))
  t <- table(factor(cc[, 1], levels = lev), factor(cc[, 2], levels = lev)) / nrow(cc)
  po <- sum(diag(t)); pe <- sum(rowSums(t) * colSums(t))
  if (pe >= 1) return(NA)
  (po - pe) / (1 - pe)
}
fleiss <- function(x) {
  cc <- x[complete.cases(x), , drop = FALSE]
  if (nrow(cc) == 0) return(NA)
  lev <- sort(unique(c(cc))); m <- ncol(cc); N <- nrow(cc)
  nij <- t(apply(cc, 1, function(r) table(factor(r, levels = lev))))
  if (length(lev) == 1) nij <- matrix(nij, ncol = 1)
  Pi <- (rowSums(nij^2) - m) / (m * (m - 1))
  pj <- colSums(nij) / (N * m)
  Pe <- sum(pj^2)
  if (Pe >= 1) return(NA)
  (mean(Pi) - Pe) / (1 - Pe)
}
kripp_nominal <- function(x) {
  lev <- sort(unique(c(x[!is.na(x)])))
  o <- matrix(0, length(lev), length(lev))
  for (u in seq_len(nrow(x))) {
    v <- x[u, !is.na(x[u, ])]
    mu <- length(v)
    if (mu < 2) next
    nu <- table(factor(v, levels = lev))
    o <- o + (outer(nu, nu) - diag(as.numeric(nu), length(lev))) / (mu - 1)
  }
  nc <- rowSums(o); n <- sum(nc)
  De <- sum(outer(nc, nc)) - sum(nc^2)
  if (n <= 1 || De <= 0) return(NA)
  1 - (n - 1) * (sum(o) - sum(diag(o))) / De
}
pairable <- function(x) { k <- rowSums(!is.na(x)); sum(k[k >= 2]) }
stats_row <- function(name, x) {
  data.frame(dataset = name, units = sum(rowSums(!is.na(x)) > 0),
             complete = sum(complete.cases(x)), pairable = pairable(x),
             percent = pct_agree(x), cohen = cohen(x), fleiss = fleiss(x),
             alpha = kripp_nominal(x))
}
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_num <- function(df, path) {
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- fmt(df[[j]])
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}
write_data <- function(x, path) {
  colnames(x) <- paste0("c", seq_len(ncol(x)))
  write.csv(x, path, row.names = FALSE, na = "", quote = FALSE)
}

## --- Krippendorff's example (Krippendorff 2011, "Computing Krippendorff's
## Alpha-Reliability", data C: 4 observers, 12 units; nominal alpha = 0.743) --
kripp <- matrix(c(1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA,
                  1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3,
                  NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA,
                  1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA), ncol = 4)
stopifnot(abs(kripp_nominal(kripp) - 0.743) < 0.0005)

## --- Fleiss worked example (10 subjects x 14 raters; kappa = 0.210) --------
counts <- matrix(c(0, 0, 0, 0, 14,  0, 2, 6, 4, 2,  0, 0, 3, 5, 6,  0, 3, 9, 2, 0,
                   2, 2, 8, 1, 1,   7, 7, 0, 0, 0,  3, 2, 6, 3, 0,  2, 5, 3, 2, 2,
                   6, 5, 2, 1, 0,   0, 2, 2, 3, 7), ncol = 5, byrow = TRUE)
stopifnot(all(rowSums(counts) == 14))
fl <- t(apply(counts, 1, function(r) rep(1:5, r)))
stopifnot(abs(fleiss(fl) - 0.210) < 0.0005)

## --- random data with missing values ---------------------------------------
set.seed(20261122)
truth <- sample(1:4, 60, replace = TRUE)
r2 <- sapply(1:2, function(k) ifelse(runif(60) < 0.7, truth, sample(1:4, 60, replace = TRUE)))
r2[runif(120) < 0.1] <- NA
set.seed(20261123)
truth <- sample(1:3, 50, replace = TRUE)
r3 <- sapply(1:3, function(k) ifelse(runif(50) < 0.6, truth, sample(1:3, 50, replace = TRUE)))
r3[runif(150) < 0.1] <- NA

write_data(kripp, "data/agree_kripp.csv")
write_data(fl, "data/agree_fleiss.csv")
write_data(r2, "data/agree_random2.csv")
write_data(r3, "data/agree_random3.csv")
res <- rbind(stats_row("kripp", kripp), stats_row("fleiss", fl),
             stats_row("random2", r2), stats_row("random3", r3))
print(res)
write_num(res, "expected/agree.csv")

## --- the example project, parsed independently --------------------------
proj <- "../../examples/vse-ambidexterity"
cb <- read.csv(file.path(proj, "codebook.csv"), stringsAsFactors = FALSE)
leaves <- cb$code[!(cb$code %in% cb$parent)]
coders <- sort(list.dirs(file.path(proj, "coding"), full.names = FALSE, recursive = FALSE))
cases <- read.csv(file.path(proj, "cases.csv"), stringsAsFactors = FALSE)$case
codes_in <- function(txt) {
  h <- regmatches(txt, gregexpr("\\{[^{}:]*:", txt))[[1]]
  h <- sub("#.*", "", sub(":$", "", sub("^\\{", "", h)))
  trimws(unlist(strsplit(h, ",")))
}
para <- list(); docs <- list(); lines <- list()
for (cs in cases) {
  per <- lapply(coders, function(cd) {
    txt <- paste(readLines(file.path(proj, "coding", cd, paste0(cs, ".md")), warn = FALSE),
                 collapse = "\n")
    ps <- strsplit(txt, "\n[ \t]*\n")[[1]]
    ps <- ps[grepl("[^ \t\n]", ps)]
    ls <- strsplit(txt, "\n")[[1]]
    ls <- ls[grepl("[^ \t]", ls)]
    list(p = lapply(ps, codes_in), l = lapply(ls, codes_in), d = codes_in(txt))
  })
  np <- length(per[[1]]$p)
  for (i in seq_len(np)) para[[length(para) + 1]] <- lapply(per, function(z) z$p[[i]])
  nl <- length(per[[1]]$l)
  for (i in seq_len(nl)) lines[[length(lines) + 1]] <- lapply(per, function(z) z$l[[i]])
  docs[[length(docs) + 1]] <- lapply(per, function(z) z$d)
}
unit_matrix <- function(units, code)
  t(sapply(units, function(u) sapply(u, function(cl) as.numeric(code %in% cl))))
keep <- sapply(para, function(u) any(sapply(u, function(cl) any(cl %in% leaves))))
para_all <- para
para <- para[keep]
lines <- lines[sapply(lines, function(u) any(sapply(u, function(cl) any(cl %in% leaves))))]
out <- NULL
for (lvl in c("unit", "document", "unit_all", "line")) {
  units <- switch(lvl, unit = para, document = docs, unit_all = para_all, line = lines)
  pooled <- NULL
  for (code in leaves) {
    x <- unit_matrix(units, code)
    pooled <- rbind(pooled, x)
    s <- stats_row(code, x)
    out <- rbind(out, data.frame(level = lvl, code = code, s[, -1]))
  }
  s <- stats_row("overall", pooled)
  out <- rbind(out, data.frame(level = lvl, code = "(overall)", s[, -1]))
}
print(out)
write_num(out, "expected/qual_vse_agree.csv")
