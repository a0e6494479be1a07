#!/usr/bin/env Rscript
# make_pls_stages.R -- references for the interaction and higher-order construct variants
# that the shared set (make_pls.R) does not cover:
#   *_pi   product-indicator interactions: seminr interaction_term(method = product_indicator)
#          (every product of the standardized items of X and W, mode A) -- ambidex
#          --interaction product-indicator;
#   *_rep  repeated-indicator higher-order constructs: seminr has no such method, so the model
#          is rewritten here as the approach defines it (Becker, Klein & Wetzels 2012; Hair et
#          al. 2018 ch. 2): the HOC is a composite of copies of every LOC item (columns
#          ITEM_r, named back to ITEM in the JSON), mode A with paths HOC -> LOC for
#          "HOC =~", mode B with paths LOC -> HOC for "HOC <~"; then seminr estimate_pls()
#          estimates it as a plain model -- ambidex --hoc repeated.
# Usage:  Rscript make_pls_stages.R SEMINR_SRC [OUTDIR]   (uses make_pls.R's engine)
PLS_ENGINE_ONLY <- TRUE
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f)) dirname(normalizePath(f[1])) else getwd()
})
source(file.path(here, "make_pls.R"))

# The model text with every HOC replaced by its repeated indicators (the columns ITEM_r are
# added to the data by the caller).
repeated_pm <- function(pm) {
  cn <- vapply(pm$meas, function(m) m$name, "")
  items_of <- function(name) pm$meas[[which(cn == name)]]$items
  for (k in seq_along(pm$meas)) {
    m <- pm$meas[[k]]
    if (!all(m$items %in% cn)) next
    locs <- m$items
    pm$meas[[k]]$items <- paste0(unlist(lapply(locs, items_of)), "_r")
    for (l in locs)
      pm$struct[[length(pm$struct) + 1]] <- if (m$op == "<~") list(lhs = m$name, rhs = l)
                                            else list(lhs = l, rhs = m$name)
  }
  pm
}

unrep <- function(x) sub("_r$", "", x)

run_variant <- function(cs, info, outdir) {
  cat(sprintf("%-28s ", cs$id)); flush.console()
  text <- paste(readLines(file.path(here, "models", cs$model_file), warn = FALSE), collapse = "\n")
  d <- utils::read.csv(file.path(here, "data", cs$data))
  pm <- parse_model(text)
  if (cs$variant == "repeated") {
    pm <- repeated_pm(pm)
    for (m in pm$meas) for (it in m$items) if (grepl("_r$", it)) d[[it]] <- d[[unrep(it)]]
  }
  if (cs$variant == "product") two_stage <<- product_indicator   # seminr_spec's method
  spec <- seminr_spec(pm)
  fit <- function(stop_criterion)
    suppressMessages(estimate_pls(data = d, measurement_model = spec$mm, structural_model = spec$sm,
                                  inner_weights = path_weighting, missing = mean_replacement,
                                  missing_value = NA, maxIt = 300, stopCriterion = stop_criterion))
  m <- fit(7)
  x <- extract(m)
  gap <- gap_of(x, extract(fit(14)))
  if (cs$variant == "product") two_stage <<- TWO_STAGE
  code <- spec$code
  if (cs$variant == "product") code <- gsub("method = two_stage", "method = product_indicator", code, fixed = TRUE)
  if (cs$variant == "repeated") {
    for (k in seq_along(x$loadings)) x$loadings[[k]]$indicator <- unrep(x$loadings[[k]]$indicator)
    x$cross_loadings$indicators <- I(unrep(x$cross_loadings$indicators))
    for (k in seq_along(x$constructs))
      x$constructs[[k]]$hoc <- x$constructs[[k]]$name %in% cs$hoc
  }
  res <- c(list(id = cs$id, title = cs$title, data = cs$data, model_file = cs$model_file,
                model = text, scheme = "path", consistent = FALSE, args = I(cs$args),
                checks = I("estimates"),
                seminr = list(version = info$version, commit = info$commit,
                              call = paste0(code, if (cs$variant == "repeated") "\n# items ITEM_r: copies of the data column ITEM",
                                            "\nestimate_pls(data, mm, sm, inner_weights = path_weighting, missing = mean_replacement, missing_value = NA, maxIt = 300, stopCriterion = 7)")),
                convergence_gap = gap), x)
  jsonlite::write_json(res, file.path(outdir, paste0(cs$id, ".json")), auto_unbox = TRUE,
                       digits = NA, pretty = TRUE, na = "null", null = "null")
  cat(sprintf("n=%d it=%d gap=%.1e\n", x$n, x$iterations, gap))
}

STAGE_CASES <- list(
  list(id = "mobi_interaction_pi", variant = "product", args = c("--interaction", "product-indicator"),
       title = "mobi, product-indicator interaction Image:Expectation on Satisfaction",
       data = "mobi.csv", model_file = "mobi_interaction.txt"),
  list(id = "corp_rep_mod_pi", variant = "product", args = c("--interaction", "product-indicator"),
       title = "Corporate reputation, moderation CUSA:SC on CUSL, product indicators",
       data = "corp_rep_data.csv", model_file = "corp_rep_mod.txt"),
  list(id = "mobi_hoc_rep", variant = "repeated", args = c("--hoc", "repeated"), hoc = "Satisfaction",
       title = "mobi, repeated-indicator higher-order Satisfaction =~ Image + Value (HOC -> LOC paths)",
       data = "mobi.csv", model_file = "mobi_hoc.txt"),
  list(id = "mobi_hoc_b_rep", variant = "repeated", args = c("--hoc", "repeated"), hoc = "Satisfaction",
       title = "mobi, repeated-indicator higher-order Satisfaction <~ Image + Value (mode B, LOC -> HOC paths)",
       data = "mobi.csv", model_file = "mobi_hoc_b.txt")
)

a <- commandArgs(trailingOnly = TRUE)
if (length(a) < 1) stop("usage: Rscript make_pls_stages.R SEMINR_SRC [OUTDIR]")
outdir <- if (length(a) >= 2) a[2] else file.path(here, "ref")
info <- load_seminr(a[1])
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
TWO_STAGE <- two_stage
for (cs in STAGE_CASES) run_variant(cs, info, outdir)
