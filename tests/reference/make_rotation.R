# make_rotation.R -- reference fixtures for ambidex's factor rotations (issue 12 item 7):
# varimax iterated to full convergence, SPSS's promax (and psych's, on the same
# converged varimax) and SPSS's column order and signs.
#
# Run:  cd tests/reference && Rscript make_rotation.R
# Needs R 4.2.2 with psych (and its GPArotation), GNU pspp 1.6.2 (`pspp`) and data/bfi.csv
# (make_basic.R). Writes data/attitude.csv and expected/rotation/*.csv (see README.md).
# Re-runnable: every output is overwritten.

suppressPackageStartupMessages(library(psych))
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
cat(R.version.string, "\n")
for (p in c("psych", "GPArotation")) cat(p, as.character(packageVersion(p)), "\n")
cat(system2("pspp", "--version", stdout = TRUE)[1], "\n")
dir.create("expected/rotation", showWarnings = FALSE, recursive = TRUE)
out <- function(name) file.path("expected/rotation", name)
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
wmat <- function(M, path, names = NULL, prefix = "F") {
  df <- as.data.frame(matrix(fmt(M), nrow(M)), stringsAsFactors = FALSE)
  colnames(df) <- paste0(prefix, seq_len(ncol(M)))
  if (!is.null(names)) df <- cbind(name = names, df)
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}

## --- data ----------------------------------------------------------------------
write.csv(datasets::attitude, "data/attitude.csv", row.names = FALSE, quote = FALSE)
stopifnot(isTRUE(all.equal(read.csv("data/attitude.csv"), datasets::attitude,
                           check.attributes = FALSE, tolerance = 0)))
bfi <- read.csv("data/bfi.csv")
cat("bfi complete cases on A1..O5:", nrow(na.omit(bfi[, 1:25])), "\n")

## --- pspp: FACTOR x {PC, PAF} x {VARIMAX, PROMAX(4)} on attitude (2) and bfi (5) ----
csv <- tempfile(fileext = ".csv")
system2("pspp", c("-O", "format=csv", "-o", csv, "make_rotation.sps"), stdout = FALSE)
lines <- readLines(csv)
starts <- grep("^Table: ", lines)
tabs <- lapply(starts, function(s) {
  e <- s + 1
  while (e <= length(lines) && nzchar(lines[e]) && !grepl("^Table: ", lines[e])) e <- e + 1
  list(title = sub("^Table: ", "", lines[s]), rows = lines[(s + 1):(e - 1)])
})
# A loading matrix: its last header row is ",1,2,...", then one row per item.
loadmat <- function(t) {
  r <- t$rows[-(1:2)]
  x <- read.csv(text = r, header = FALSE, row.names = 1, colClasses = "character")
  M <- matrix(as.numeric(unlist(x)), nrow(x)); rownames(M) <- rownames(x); M
}
phimat <- function(t) {
  x <- read.csv(text = t$rows[-1], header = FALSE, row.names = 1, colClasses = "character")
  matrix(as.numeric(unlist(x)), nrow(x))
}
# The tables of each FACTOR command start with "Communalities".
groups <- split(tabs, cumsum(sapply(tabs, `[[`, "title") == "Communalities"))
stopifnot(length(groups) == 16)
cases <- expand.grid(rot = c("varimax", "promax"), conv = c("", "_full"), ext = c("pc", "paf"),
                     data = c("attitude", "bfi"), stringsAsFactors = FALSE)
get <- function(g, title) g[[which(sapply(g, `[[`, "title") == title)]]

## --- R: converged varimax and promax from pspp's unrotated loadings ----------------
# Reflects each column whose structure loadings (L Phi) sum to a negative number, as
# SPSS/PSPP do (PSPP reflects its structure matrix only; see README.md).
reflect <- function(L, Phi = diag(ncol(L))) {
  s <- sign(colSums(L %*% Phi)); s[s == 0] <- 1
  list(L = L %*% diag(s, ncol(L)), Phi = diag(s, ncol(L)) %*% Phi %*% diag(s, ncol(L)))
}
# Fully converged Kaiser-normalised varimax by Kaiser's (1958) pairwise planar
# rotations (the algorithm of SPSS and PSPP, not ambidex's SVD steps), swept until no
# angle exceeds 1e-15. GPArotation's gradient projection does not get there in 5000
# iterations and stats::varimax(eps = 1e-14) stops about 2e-8 short (printed).
varimax_full <- function(A, tol = 1e-15, maxsweep = 10000) {
  h <- sqrt(rowSums(A^2)); x <- A / h; k <- nrow(x); m <- ncol(x)
  for (sweep in 1:maxsweep) {
    big <- 0
    for (j in 1:(m - 1)) for (l in (j + 1):m) {
      u <- x[, j]^2 - x[, l]^2; v <- 2 * x[, j] * x[, l]
      a <- sum(u); b <- sum(v); c <- sum(u^2 - v^2); d <- sum(2 * u * v)
      phi <- atan2(d - 2 * a * b / k, c - (a^2 - b^2) / k) / 4
      big <- max(big, abs(phi))
      xj <- x[, j]
      x[, j] <- cos(phi) * xj + sin(phi) * x[, l]
      x[, l] <- -sin(phi) * xj + cos(phi) * x[, l]
    }
    if (big < tol) break
  }
  stopifnot(big < tol)
  L <- x * h
  s <- unclass(stats::varimax(A, eps = 1e-14)$loadings)
  cat(sprintf("  %d sweeps; stats::varimax(eps = 1e-14) differs by %.2g\n", sweep,
              max(abs(abs(s) - abs(L)))))
  L
}
# Promax (power k) from varimax loadings L: target sign(L) |L / h|^k, h = row norms;
# SPSS regresses it on L (FACTOR algorithms, PSPP's rotate()), psych on L / h.
promax_from <- function(L, k = 4, style = c("spss", "psych")) {
  style <- match.arg(style)
  h <- sqrt(rowSums(L^2))
  Tg <- sign(L) * abs(L / h)^k
  X <- if (style == "spss") L else L / h
  U <- solve(crossprod(X), crossprod(X, Tg))
  if (style == "spss") {                      # SPSS's steps, literally
    Q <- U %*% diag(1 / sqrt(colSums(U^2)))   # D = diag(L'L)^-1/2 (of the fit)
    QQi <- solve(crossprod(Q))
    C <- diag(1 / sqrt(diag(QQi)))
    P <- L %*% Q %*% solve(C)
    Phi <- C %*% QQi %*% C
  } else {                                    # psych::Promax inside kaiser()
    U <- U %*% diag(sqrt(diag(solve(crossprod(U)))))
    P <- (X %*% U) * h
    Phi <- solve(crossprod(U))
  }
  reflect(P, Phi)
}
report <- function(what, a, b) cat(sprintf("  %-44s %.3g\n", what, max(abs(a - b))))

for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]; g <- groups[[i]]
  tag <- sprintf("%s_%s", cs$data, cs$ext)
  cat(sprintf("%s %s%s\n", tag, cs$rot, cs$conv))
  A <- loadmat(get(g, if (cs$ext == "pc") "Component Matrix" else "Factor Matrix"))
  items <- rownames(A)
  if (cs$rot == "varimax") {
    V <- loadmat(get(g, if (cs$ext == "pc") "Rotated Component Matrix" else "Rotated Factor Matrix"))
    wmat(V, out(sprintf("pspp_%s_varimax%s.csv", tag, cs$conv)), items)
    if (cs$conv == "_full") next
    wmat(A, out(sprintf("pspp_%s_unrotated.csv", tag)), items)
    L <- reflect(varimax_full(A))$L
    wmat(L, out(sprintf("r_%s_varimax.csv", tag)), items)
    report("pspp varimax (default criteria) vs converged", V, L)
    report("stats::varimax (default eps 1e-5) vs converged",
           reflect(unclass(stats::varimax(A)$loadings))$L, L)
    next
  }
  P <- loadmat(get(g, "Pattern Matrix")); S <- loadmat(get(g, "Structure Matrix"))
  Phi <- phimat(get(g, "Factor Correlation Matrix"))
  wmat(P, out(sprintf("pspp_%s_promax%s_pattern.csv", tag, cs$conv)), items)
  wmat(S, out(sprintf("pspp_%s_promax%s_structure.csv", tag, cs$conv)), items)
  wmat(Phi, out(sprintf("pspp_%s_promax%s_phi.csv", tag, cs$conv)))
  if (cs$conv == "") next
  L <- reflect(varimax_full(A))$L
  report("pspp varimax (converged) vs R", loadmat(get(groups[[i - 1]],
         if (cs$ext == "pc") "Rotated Component Matrix" else "Rotated Factor Matrix")), L)
  for (style in c("spss", "psych")) {
    pm <- promax_from(L, 4, style)
    wmat(pm$L, out(sprintf("r_%s_promax_%s_pattern.csv", tag, style)), items)
    wmat(pm$L %*% pm$Phi, out(sprintf("r_%s_promax_%s_structure.csv", tag, style)), items)
    wmat(pm$Phi, out(sprintf("r_%s_promax_%s_phi.csv", tag, style)))
    s <- sign(colSums(pm$L * P))   # pspp leaves pattern and phi unreflected
    if (style == "spss") {
      report("pspp structure vs R spss (same signs)", S, pm$L %*% pm$Phi)
      report("pspp pattern vs R spss (up to column sign)", P, pm$L %*% diag(s))
      report("pspp phi vs R spss (up to column sign)", Phi, diag(s) %*% pm$Phi %*% diag(s))
    } else {
      report("psych-style pattern vs spss (up to sign)", P, pm$L %*% diag(s))
      report("psych-style phi vs spss (up to sign)", Phi, diag(s) %*% pm$Phi %*% diag(s))
    }
  }
  # psych::kaiser(rotate = "Promax"), as psych::fa calls it (stats::varimax, eps 1e-5)
  k <- psych::kaiser(A, rotate = "Promax", m = 4)
  pk <- reflect(unclass(k$loadings), k$Phi)
  s <- sign(colSums(pk$L * P))
  report("psych::kaiser Promax pattern vs pspp (up to sign)", P, pk$L %*% diag(s))
  report("psych::kaiser Promax phi vs pspp (up to sign)", Phi, diag(s) %*% pk$Phi %*% diag(s))
}
cat("done\n")
