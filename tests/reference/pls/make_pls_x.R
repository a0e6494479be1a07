#!/usr/bin/env Rscript
# make_pls_x.R -- references for ambidex pls --predict (k-fold with seminr's folds, and
# Q2_predict), --ipma and --group (issue 18 item 4).
#
# Usage:  Rscript make_pls_x.R SEMINR_SRC [predict|ipma|mga|all]   (default all)
# Sources make_pls.R's engine (seminr 2.3.1 from SEMINR_SRC) and writes beside this script:
#   ref/pls_predict_x.json  for mobi_ecsi and corp_rep_ext: the fold of every row in
#       seminr's 10-fold predict_pls() after set.seed(123) (predict_pls shuffles with
#       sample(n) and cuts the shuffled positions with cut(1:n, 10)), seminr's metrics for
#       those folds, and Q2_predict = 1 - SSE(PLS) / SSE(training-sample mean) computed here
#       from seminr's out-of-sample residuals (seminr reports no Q2_predict), for the 10
#       folds and for leave-one-out.
#   ref/pls_ipma.json  IPMA (seminr has none) by Ringle & Sarstedt (2016) from seminr's
#       estimates: items rescaled to 0-100 (x - lo) / (hi - lo) * 100 (lo, hi the given
#       scale or the observed range); unstandardized weights = seminr's outer weights / SD
#       of the rescaled item, normalized to sum 1 per construct; rescaled scores = rescaled
#       items x those weights; performance = their means; importance = total effects
#       ((I - B)^-1 - I) of B, the OLS coefficients (with intercept) of each endogenous
#       rescaled score on its antecedents' rescaled scores.
#   ref/pls_mga.json  corp_rep_simple by servicetype (1 vs 2): seminr's estimate_pls_mga()
#       (group path coefficients: deterministic; PLS-MGA p from 500 resamples per group:
#       random) and, by the published procedures, MICOM step 2 (c = correlation of the
#       pooled standardized items times group 1's and group 2's weights), step 3 (difference
#       of the group means and of the log group variances of the pooled scores), and the
#       permutation distributions of the path differences, c and the step-3 differences
#       over 300 permutations of the group labels (random: another stream agrees only
#       within Monte Carlo error; the test allows for it).
PLS_ENGINE_ONLY <- TRUE
all_args <- commandArgs(FALSE)
self <- sub("^--file=", "", all_args[startsWith(all_args, "--file=")])
here <- if (length(self)) dirname(normalizePath(self[1])) else getwd()
source(file.path(here, "make_pls.R"))
a <- commandArgs(trailingOnly = TRUE)
if (length(a) < 1) stop("usage: Rscript make_pls_x.R SEMINR_SRC [predict|ipma|mga|all]")
what <- if (length(a) >= 2) a[2] else "all"
info <- load_seminr(a[1])

fit_file <- function(data, model, scheme = "path") {
  d <- utils::read.csv(file.path(here, "data", data))
  cs <- list(model_text = paste(readLines(file.path(here, "models", model)), collapse = "\n"),
             scheme = scheme)
  fit_case(cs, d)$m
}

write_ref <- function(x, name) {
  jsonlite::write_json(x, file.path(here, "ref", name), auto_unbox = TRUE, digits = 15,
                       pretty = TRUE, na = "null")
  cat("wrote", name, "\n")
}

# ------------------------------------------------------------- PLSpredict --------

q2_of <- function(m, p, fold) {
  items <- colnames(p$PLS_out_of_sample_residuals)
  X <- as.matrix(m$data[, items, drop = FALSE])
  sapply(items, function(it) {
    naive <- vapply(seq_len(nrow(X)), function(i) X[i, it] - mean(X[fold != fold[i], it]), 0)
    1 - sum(p$PLS_out_of_sample_residuals[, it]^2) / sum(naive^2)
  })
}

predict_x <- function(id, data, model) {
  m <- fit_file(data, model)
  n <- nrow(m$data)
  set.seed(123)
  ord <- sample(n, n)                     # what predict_pls() draws first
  fold <- integer(n)
  fold[ord] <- cut(seq(1, n), breaks = 10, labels = FALSE)
  set.seed(123)
  p10 <- suppressMessages(predict_pls(m, technique = predict_DA, noFolds = 10, reps = NULL))
  s10 <- suppressMessages(summary(p10))
  q10 <- q2_of(m, p10, fold)
  ploo <- suppressMessages(predict_pls(m, technique = predict_DA, noFolds = NULL, reps = NULL))
  qloo <- q2_of(m, ploo, seq_len(n))
  its <- colnames(s10$PLS_out_of_sample)
  list(id = id, data = data, model_file = model, n = n, seed = 123, folds = 10,
       fold_of = fold,
       items = lapply(its, function(it) list(indicator = it,
         pls_rmse = s10$PLS_out_of_sample["RMSE", it], pls_mae = s10$PLS_out_of_sample["MAE", it],
         lm_rmse = s10$LM_out_of_sample["RMSE", it], lm_mae = s10$LM_out_of_sample["MAE", it],
         pls_rmse_in = s10$PLS_in_sample["RMSE", it], pls_mae_in = s10$PLS_in_sample["MAE", it],
         lm_rmse_in = s10$LM_in_sample["RMSE", it], lm_mae_in = s10$LM_in_sample["MAE", it],
         q2_predict = unname(q10[it]), q2_predict_loocv = unname(qloo[it]))))
}

# -------------------------------------------------------------------- IPMA -------

ipma_x <- function(id, data, model, target, lo = NULL, hi = NULL) {
  m <- fit_file(data, model)
  raw <- utils::read.csv(file.path(here, "data", data))
  items <- m$mmMatrix[, "measurement"]; cons <- m$mmMatrix[, "construct"]
  cn <- colnames(m$construct_scores)
  X <- as.matrix(m$data[, items])
  L <- if (is.null(lo)) apply(raw[, items], 2, min, na.rm = TRUE) else rep(lo, length(items))
  H <- if (is.null(hi)) apply(raw[, items], 2, max, na.rm = TRUE) else rep(hi, length(items))
  Xs <- sweep(sweep(X, 2, L), 2, (H - L) / 100, "/")
  u <- vapply(seq_along(items), function(i) m$outer_weights[items[i], cons[i]], 0) /
       apply(Xs, 2, stats::sd)
  W <- matrix(0, length(items), length(cn), dimnames = list(items, cn))
  for (i in seq_along(items)) W[i, cons[i]] <- u[i]
  W <- sweep(W, 2, colSums(W), "/")
  LV <- Xs %*% W
  B <- matrix(0, length(cn), length(cn), dimnames = list(cn, cn))
  sm <- m$smMatrix
  for (j in unique(sm[, "target"])) {
    ants <- sm[sm[, "target"] == j, "source"]
    B[ants, j] <- stats::coef(stats::lm(LV[, j] ~ LV[, ants, drop = FALSE]))[-1]
  }
  Tot <- solve(diag(length(cn)) - B) - diag(length(cn))
  dimnames(Tot) <- list(cn, cn)
  list(id = id, data = data, model_file = model, target = target,
       args = c("--ipma", target, if (!is.null(lo)) c("--scale-min", lo, "--scale-max", hi)),
       constructs = lapply(cn, function(c) list(name = c,
         importance = if (c == target || Tot[c, target] == 0) NA else Tot[c, target],
         performance = mean(LV[, c]))),
       indicators = lapply(seq_along(items), function(i) list(indicator = items[i],
         scale_min = L[[i]], scale_max = H[[i]], weight = W[i, cons[i]])))
}

if (what %in% c("predict", "all"))
  write_ref(list(seminr = info, cases = list(
    predict_x("mobi_ecsi", "mobi.csv", "mobi_ecsi.txt"),
    predict_x("corp_rep_ext", "corp_rep_data.csv", "corp_rep_ext.txt"))), "pls_predict_x.json")
if (what %in% c("ipma", "all"))
  write_ref(list(seminr = info, cases = list(
    ipma_x("mobi_ecsi", "mobi.csv", "mobi_ecsi.txt", "Loyalty", 1, 10),
    ipma_x("corp_rep_ext", "corp_rep_data.csv", "corp_rep_ext.txt", "CUSL"))), "pls_ipma.json")

# ---------------------------------------------------------- multi-group -------

mga_x <- function(id, data, model, var, value1, nboot, nperm, seed) {
  m <- fit_file(data, model)
  raw <- m$rawdata
  cond <- raw[[var]] == value1
  items <- m$mmMatrix[, "measurement"]; cons <- m$mmMatrix[, "construct"]
  cn <- colnames(m$construct_scores)
  Z <- scale(as.matrix(m$data[, items]))
  sm <- m$smMatrix
  paths <- function(mm) vapply(seq_len(nrow(sm)), function(i) mm$path_coef[sm[i, 1], sm[i, 2]], 0)
  wmat <- function(mm) { W <- matrix(0, length(items), length(cn), dimnames = list(items, cn))
    for (i in seq_along(items)) W[i, cons[i]] <- mm$outer_weights[items[i], cons[i]]; W }
  ccor <- function(m1, m2) { A <- Z %*% wmat(m1); B <- Z %*% wmat(m2)
    vapply(cn, function(k) stats::cor(A[, k], B[, k]), 0) }
  step3 <- function(cc) { S <- m$construct_scores
    list(md = colMeans(S[cc, , drop = FALSE]) - colMeans(S[!cc, , drop = FALSE]),
         vd = log(apply(S[cc, , drop = FALSE], 2, stats::var)) - log(apply(S[!cc, , drop = FALSE], 2, stats::var))) }
  stats_of <- function(cc) {
    g1 <- suppressMessages(rerun(m, data = raw[cc, ])); g2 <- suppressMessages(rerun(m, data = raw[!cc, ]))
    s3 <- step3(cc)
    list(b1 = paths(g1), b2 = paths(g2), d = paths(g1) - paths(g2), c = ccor(g1, g2), md = s3$md, vd = s3$vd)
  }
  obs <- stats_of(cond)
  set.seed(seed)
  perms <- lapply(seq_len(nperm), function(i) stats_of(sample(cond)))
  col <- function(key, j) vapply(perms, function(p) p[[key]][[j]], 0)
  mga <- suppressMessages(estimate_pls_mga(m, cond, nboot = nboot, seed = seed, cores = 2))
  list(id = id, data = data, model_file = model, group = var, value_1 = value1,
       args = c("--group", var, "--boot", nboot, "--perm", nperm),
       nboot = nboot, nperm = nperm, n_1 = sum(cond), n_2 = sum(!cond),
       paths = lapply(seq_len(nrow(sm)), function(i) list(from = sm[i, 1], to = sm[i, 2],
         coef_1 = obs$b1[i], coef_2 = obs$b2[i], diff = obs$d[i], p_mga = mga$pls_mga_p[i],
         p_perm = mean(abs(col("d", i)) >= abs(obs$d[i])))),
       micom = lapply(seq_along(cn), function(k) list(construct = cn[k],
         c = obs$c[[k]], c_q05 = stats::quantile(col("c", k), 0.05, names = FALSE),
         c_p = mean(col("c", k) <= obs$c[[k]] + 1e-12),
         mean_diff = obs$md[[k]], mean_lower = stats::quantile(col("md", k), 0.025, names = FALSE),
         mean_upper = stats::quantile(col("md", k), 0.975, names = FALSE),
         mean_p = mean(abs(col("md", k)) >= abs(obs$md[[k]])),
         logvar_diff = obs$vd[[k]], logvar_lower = stats::quantile(col("vd", k), 0.025, names = FALSE),
         logvar_upper = stats::quantile(col("vd", k), 0.975, names = FALSE),
         logvar_p = mean(abs(col("vd", k)) >= abs(obs$vd[[k]])))))
}

if (what %in% c("mga", "all"))
  write_ref(list(seminr = info, cases = list(
    mga_x("corp_rep_simple", "corp_rep_data.csv", "corp_rep_simple.txt", "servicetype", 1,
          500, 300, 123))), "pls_mga.json")
