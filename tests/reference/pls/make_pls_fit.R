#!/usr/bin/env Rscript
# make_pls_fit.R -- reference SRMR, d_ULS and d_G for ambidex pls (seminr has no model fit).
#
# Usage:  Rscript make_pls_fit.R SEMINR_SRC [OUT]   (OUT default: ref/fit.json beside this)
# Sources make_pls.R's engine (seminr 2.3.1 sourced from SEMINR_SRC), fits the cases below
# with seminr and computes the fit measures in R from seminr's estimates, by the formulas of
# docs/pls.md (composite model; Dijkstra & Henseler 2015, Henseler et al. 2014):
#   S      item correlations of the mean-replaced data;
#   Phi    construct correlations: saturated = score correlations (PLSc: divided by
#          sqrt(rhoA_i rhoA_j)); estimated = A Psi A', A = (I - B')^-1, Psi = Phi_sat among
#          exogenous constructs, 1 - R2 for an endogenous one, 0 elsewhere;
#   Sigma  l_i Phi_ab l_j between blocks; within a block S (composite) or l_i l_j with unit
#          diagonal (PLSc reflective() constructs with more than one item);
#   SRMR = sqrt(mean over i <= j of (S - Sigma)^2); d_ULS = sum((S - Sigma)^2) / 2;
#   d_G = sum(log(eigen(solve(S) %*% Sigma))^2) / 2.
PLS_ENGINE_ONLY <- TRUE
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f)) dirname(normalizePath(f[1])) else getwd()
})
source(file.path(here, "make_pls.R"))
a <- commandArgs(trailingOnly = TRUE)
if (length(a) < 1) stop("usage: Rscript make_pls_fit.R SEMINR_SRC [OUT]")
out <- if (length(a) >= 2) a[2] else file.path(here, "ref", "fit.json")
info <- load_seminr(a[1])

fit_measures <- function(m, consistent) {
  items <- m$mmMatrix[, "measurement"]
  cons <- m$mmMatrix[, "construct"]
  X <- as.matrix(m$data[, items])
  for (j in seq_len(ncol(X))) X[is.na(X[, j]), j] <- mean(X[, j], na.rm = TRUE)
  S <- stats::cor(X)
  cn <- colnames(m$construct_scores)
  l <- vapply(seq_along(items), function(i) m$outer_loadings[items[i], cons[i]], 0)
  P <- stats::cor(m$construct_scores)
  rel <- suppressMessages(summary(m))$reliability
  if (consistent) {
    rho <- rel[cn, "rhoA"]
    P <- P / sqrt(outer(rho, rho)); diag(P) <- 1
  }
  B <- m$path_coef[cn, cn]                       # B[from, to]
  endo <- cn %in% colnames(m$rSquared)
  Psi <- matrix(0, length(cn), length(cn), dimnames = list(cn, cn))
  Psi[!endo, !endo] <- P[!endo, !endo]
  for (j in which(endo)) Psi[j, j] <- 1 - m$rSquared["Rsq", cn[j]]
  A <- solve(diag(length(cn)) - t(B))
  Pest <- A %*% Psi %*% t(A)
  sigma <- function(Phi) {
    k <- length(items); Sg <- matrix(0, k, k)
    for (i in 1:k) for (j in 1:k) {
      a <- cons[i]; b <- cons[j]
      nb <- sum(cons == a)
      Sg[i, j] <- if (a != b) l[i] * Phi[a, b] * l[j]
                  else if (!(consistent && m$mmMatrix[i, "type"] == "C" && nb > 1)) S[i, j]
                  else if (i == j) 1 else l[i] * l[j]
    }
    Sg
  }
  one <- function(Sg) {
    D <- S - Sg
    ev <- Re(eigen(solve(S) %*% Sg, only.values = TRUE)$values)
    list(srmr = sqrt(mean(D[lower.tri(D, diag = TRUE)]^2)), d_uls = sum(D^2) / 2,
         d_g = if (all(ev > 0)) sum(log(ev)^2) / 2 else NA)
  }
  list(saturated = one(sigma(P)), estimated = one(sigma(Pest)))
}

cases <- list(
  list(id = "mobi_ecsi", data = "mobi.csv", model_file = "mobi_ecsi.txt", scheme = "path"),
  list(id = "mobi_ecsi_plsc", data = "mobi.csv", model_file = "mobi_ecsi.txt", scheme = "path",
       consistent = TRUE),
  list(id = "corp_rep_simple", data = "corp_rep_data.csv", model_file = "corp_rep_simple.txt",
       scheme = "path"),
  list(id = "corp_rep_ext", data = "corp_rep_data.csv", model_file = "corp_rep_ext.txt",
       scheme = "path"))
res <- list(seminr = info, formulas = "see the header of make_pls_fit.R and docs/pls.md")
for (cs in cases) {
  cs$model_text <- paste(readLines(file.path(here, "models", cs$model_file), warn = FALSE),
                         collapse = "\n")
  d <- utils::read.csv(file.path(here, "data", cs$data))
  f <- fit_case(cs, d)
  res$cases[[cs$id]] <- fit_measures(f$m, isTRUE(cs$consistent))
  cat(cs$id, unlist(res$cases[[cs$id]]), "\n")
}
jsonlite::write_json(res, out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null")
