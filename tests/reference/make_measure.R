# make_measure.R -- reference fixtures for ambidex alpha / pca / efa / harman.
#
# Run:  cd tests/reference && Rscript make_measure.R
# Reads data/bfi.csv (written by make_basic.R); writes data/hs1939.csv and
# expected/measure/*.csv (see README.md). Re-runnable: every output is overwritten.
# Every analysis runs on listwise-complete data (na.omit), ambidex's default.

suppressPackageStartupMessages({
  library(psych); library(GPArotation); library(lavaan)
})

local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
dir.create("expected/measure", showWarnings = FALSE, recursive = TRUE)
out <- function(name) file.path("expected/measure", name)

cat(R.version.string, "\n")
for (p in c("psych", "GPArotation", "lavaan"))
  cat(p, as.character(packageVersion(p)), "\n")

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
# Writes a data frame: character columns as they are, numbers as %.17g.
wcsv <- function(df, path) {
  df <- as.data.frame(df, stringsAsFactors = FALSE)
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- fmt(df[[j]])
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}

## --- data --------------------------------------------------------------------
bfi <- read.csv("data/bfi.csv")
hs <- lavaan::HolzingerSwineford1939
hs$school <- as.character(hs$school)
write.csv(hs, "data/hs1939.csv", row.names = FALSE, na = "", quote = FALSE)
stopifnot(isTRUE(all.equal(read.csv("data/hs1939.csv"), hs, check.attributes = FALSE,
                           tolerance = 0)))
items25 <- names(bfi)[1:25]
hsx <- paste0("x", 1:9)
d25 <- na.omit(bfi[, items25])
dhs <- hs[, hsx]
cat("bfi complete cases:", nrow(d25), "\n")

## --- a. alpha + omega (one factor, minres) -------------------------------------
scales <- list(A = list(items = paste0("A", 1:5), rev = "A1"),
               C = list(items = paste0("C", 1:5), rev = c("C4", "C5")),
               E = list(items = paste0("E", 1:5), rev = c("E1", "E2")),
               N = list(items = paste0("N", 1:5), rev = character(0)),
               O = list(items = paste0("O", 1:5), rev = c("O2", "O5")))
for (s in names(scales)) {
  it <- scales[[s]]$items; rv <- scales[[s]]$rev
  d <- na.omit(bfi[, it])
  # psych reverses keyed items as min + max - x, min and max over all items.
  a <- if (length(rv)) alpha(d, keys = rv, warnings = FALSE) else alpha(d, warnings = FALSE)
  dr <- d
  lohi <- min(d) + max(d)
  for (v in rv) dr[[v]] <- lohi - dr[[v]]
  om <- suppressWarnings(suppressMessages(omega(dr, nfactors = 1, plot = FALSE)))
  wcsv(data.frame(n = nrow(d), k = length(it), alpha = a$total$raw_alpha,
                  std_alpha = a$total$std.alpha, average_r = a$total$average_r,
                  omega_total = om$omega.tot, mean = a$total$mean, sd = a$total$sd),
       out(sprintf("alpha_bfi_%s_total.csv", s)))
  wcsv(data.frame(name = it, mean = a$item.stats$mean, sd = a$item.stats$sd,
                  item_total_r = a$item.stats$r.drop, raw_r = a$item.stats$raw.r,
                  alpha_if_deleted = a$alpha.drop$raw_alpha,
                  std_alpha_if_deleted = a$alpha.drop$std.alpha),
       out(sprintf("alpha_bfi_%s_items.csv", s)))
}
# A1 left unreversed: its corrected item-total r is negative.
a <- alpha(na.omit(bfi[, paste0("A", 1:5)]), warnings = FALSE)
wcsv(data.frame(name = paste0("A", 1:5), item_total_r = a$item.stats$r.drop),
     out("alpha_bfi_A_unreversed_items.csv"))

## --- b. PCA, KMO, Bartlett ------------------------------------------------------
pca_fixture <- function(d, nf, tag, rotate = "none") {
  p <- principal(d, nfactors = nf, rotate = rotate)
  R <- cor(d)
  L <- unclass(p$loadings)
  colnames(L) <- paste0("C", 1:nf)
  wcsv(data.frame(name = colnames(d), L, h2 = p$communality),
       out(sprintf("pca_%s_%s_loadings.csv", tag, rotate)))
  if (rotate == "none") {
    k <- KMO(R)
    b <- cortest.bartlett(R, n = nrow(d))
    wcsv(data.frame(eigenvalue = p$values), out(sprintf("pca_%s_eigen.csv", tag)))
    wcsv(data.frame(name = colnames(d), kmo_item = k$MSAi),
         out(sprintf("pca_%s_kmo_items.csv", tag)))
    wcsv(data.frame(n = nrow(d), kmo = k$MSA, chisq = b$chisq, df = b$df, p = b$p.value),
         out(sprintf("pca_%s_stats.csv", tag)))
  }
}
pca_fixture(d25, 5, "bfi")
pca_fixture(d25, 5, "bfi", "varimax")
pca_fixture(dhs, 3, "hs")
pca_fixture(dhs, 3, "hs", "varimax")

## --- c. EFA: ml, pa, minres x none, varimax, promax, oblimin (+ Kaiser) ----------
efa_fixture <- function(d, nf, tag) {
  for (fm in c("ml", "pa", "minres")) {
    for (rot in c("none", "varimax", "promax", "oblimin", "oblimin_kaiser")) {
      f <- if (rot == "oblimin_kaiser")
        fa(d, nfactors = nf, fm = fm, rotate = "oblimin", normalize = TRUE, warnings = FALSE)
      else fa(d, nfactors = nf, fm = fm, rotate = rot, warnings = FALSE)
      L <- unclass(f$loadings)
      colnames(L) <- paste0("F", 1:nf)
      wcsv(data.frame(name = colnames(d), L, h2 = f$communality),
           out(sprintf("efa_%s_%s_%s_loadings.csv", tag, fm, rot)))
      if (!is.null(f$Phi)) {
        P <- f$Phi
        colnames(P) <- paste0("F", 1:nf)
        wcsv(data.frame(P), out(sprintf("efa_%s_%s_%s_phi.csv", tag, fm, rot)))
        S <- unclass(f$Structure)
        colnames(S) <- paste0("F", 1:nf)
        wcsv(data.frame(name = colnames(d), S),
             out(sprintf("efa_%s_%s_%s_structure.csv", tag, fm, rot)))
      }
      if (rot == "none") {
        wcsv(data.frame(objective = f$objective, chisq = f$STATISTIC, df = f$dof,
                        p = f$PVAL, iterations = if (fm == "pa") length(f$communality.iterations) else NA),
             out(sprintf("efa_%s_%s_stats.csv", tag, fm)))
      }
    }
  }
}
efa_fixture(dhs, 3, "hs")
efa_fixture(d25, 5, "bfi")

## --- d. parallel analysis (observed eigenvalues and psych's suggestion) ---------
set.seed(20240601)
fp <- fa.parallel(d25, fm = "minres", fa = "both", n.iter = 20, plot = FALSE)
wcsv(data.frame(pc = fp$pc.values, fa = fp$fa.values), out("parallel_bfi_values.csv"))
wcsv(data.frame(nfact = fp$nfact, ncomp = fp$ncomp), out("parallel_bfi_suggest.csv"))
cat("done\n")

## --- e. GNU PSPP cross-check: RELIABILITY and FACTOR (PC, KMO, Bartlett) ---------
# pspp prints 12 decimals with SET FORMAT=F20.12; its CSV output is parsed here.
pspp_tables <- function(syntax) {
  sps <- tempfile(fileext = ".sps"); out <- tempfile(fileext = ".csv")
  writeLines(c("SET FORMAT=F20.12.", syntax), sps)
  system2("pspp", c("-O", "format=csv", "-o", out, sps))
  lines <- readLines(out)
  starts <- grep("^Table: ", lines)
  tabs <- list()
  for (s in starts) {
    e <- s + 1
    while (e <= length(lines) && nzchar(lines[e]) && !grepl("^Table: ", lines[e])) e <- e + 1
    tabs[[length(tabs) + 1]] <- list(title = sub("^Table: ", "", lines[s]),
                                      rows = strsplit(lines[(s + 1):(e - 1)], ",", fixed = TRUE))
  }
  tabs
}
num <- function(x) as.numeric(sub("%$", "", x))
get_tab <- function(tabs, title, nth = 1) tabs[[which(sapply(tabs, `[[`, "title") == title)[nth]]]$rows

if (nzchar(Sys.which("pspp"))) {
  cat(system2("pspp", "--version", stdout = TRUE)[1], "\n")
  bfi_vars <- paste(sprintf("%s F8.0", names(bfi)), collapse = " ")
  hs_vars <- "id F8.0 sex F8.0 ageyr F8.0 agemo F8.0 school A20 grade F8.0 x1 F20.10 x2 F20.10 x3 F20.10 x4 F20.10 x5 F20.10 x6 F20.10 x7 F20.10 x8 F20.10 x9 F20.10"
  get_data <- function(file, vars) sprintf(
    "GET DATA /TYPE=TXT /FILE='%s' /DELIMITERS=',' /FIRSTCASE=2 /VARIABLES=%s.",
    normalizePath(file), vars)
  for (case in list(list(tag = "bfi_A", data = get_data("data/bfi.csv", bfi_vars),
                         pre = "COMPUTE A1 = 7 - A1.", items = paste0("A", 1:5), nf = 1),
                    list(tag = "hs", data = get_data("data/hs1939.csv", hs_vars),
                         pre = "", items = hsx, nf = 3))) {
    it <- paste(case$items, collapse = " ")
    tabs <- pspp_tables(c(case$data, case$pre,
      sprintf("RELIABILITY /VARIABLES=%s /MODEL=ALPHA /SUMMARY=TOTAL.", it),
      sprintf("FACTOR /VARIABLES=%s /PRINT=INITIAL EXTRACTION KMO /CRITERIA=FACTORS(%d) /EXTRACTION=PC /ROTATION=NOROTATE.",
              it, case$nf)))
    rel <- get_tab(tabs, "Reliability Statistics")
    cps <- get_tab(tabs, "Case Processing Summary")
    itt <- get_tab(tabs, "Item-Total Statistics")[-1]
    kmo <- get_tab(tabs, "KMO and Bartlett's Test")
    com <- get_tab(tabs, "Communalities")[-1]
    tve <- get_tab(tabs, "Total Variance Explained")[-(1:2)]
    wcsv(data.frame(n = num(cps[[2]][2]), alpha = num(rel[[2]][1]), kmo = num(kmo[[1]][3]),
                    chisq = num(kmo[[2]][3]), df = num(kmo[[3]][3])),
         out(sprintf("pspp_%s_stats.csv", case$tag)))
    wcsv(data.frame(name = sapply(itt, `[`, 1), item_total_r = num(sapply(itt, `[`, 4)),
                    alpha_if_deleted = num(sapply(itt, `[`, 5)),
                    communality = num(sapply(com, `[`, 3))),
         out(sprintf("pspp_%s_items.csv", case$tag)))
    wcsv(data.frame(eigenvalue = num(sapply(tve, `[`, 2)), variance_pct = num(sapply(tve, `[`, 3))),
         out(sprintf("pspp_%s_eigen.csv", case$tag)))
  }
}
cat("done (pspp)\n")
