# Issue 13 item 13: omega hierarchical with the Schmid-Leiman transformation, psych::omega
# with its defaults (minres, GPArotation::oblimin without Kaiser normalisation, flip =
# TRUE) on the correlation matrix of the listwise-complete cases. psych 2.2.9, GPArotation
# 2022.10.2, R 4.2.2. Run: cd tests/reference/classics && Rscript make_omega.R
suppressMessages({library(psych); library(GPArotation)})
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", fmt(v)))
bfi <- read.csv("../data/bfi.csv"); hs <- read.csv("../data/hs1939.csv")
cases <- list(hs3 = list(d = hs[, paste0("x", 1:9)], nf = 3),
              bfi5 = list(d = bfi[, 1:25], nf = 5),
              bfi3 = list(d = bfi[, 1:25], nf = 3))
for (nm in names(cases)) {
  d <- na.omit(cases[[nm]]$d); R <- cor(d)
  om <- omega(R, nfactors = cases[[nm]]$nf, n.obs = nrow(d), plot = FALSE)
  put(paste0(nm, ".omega_h"), om$omega_h)
  put(paste0(nm, ".omega_total"), om$omega.tot)
  put(paste0(nm, ".n"), nrow(d))
  sl <- om$schmid$sl
  # flip = TRUE keys items by the sign of g, renames them "A1-" and prints |g|; the
  # unkeyed g (as ambidex prints it) is -|g| for those items.
  keyed <- grepl("-$", rownames(sl))
  rownames(sl) <- sub("-$", "", rownames(sl))
  g <- ifelse(keyed, -1, 1) * sl[, 1]
  for (i in seq_len(nrow(sl))) {
    put(sprintf("%s.%s.g", nm, rownames(sl)[i]), g[i])
    put(sprintf("%s.%s.h2", nm, rownames(sl)[i]), sl[i, "h2"])
    put(sprintf("%s.%s.u2", nm, rownames(sl)[i]), sl[i, "u2"])
    # largest specific (group-factor) loading in absolute value: column order free
    put(sprintf("%s.%s.maxspec", nm, rownames(sl)[i]),
        max(abs(sl[i, 2:(1 + cases[[nm]]$nf)])))
  }
}
writeLines(c("key,value", out), "expected/omega.csv")
