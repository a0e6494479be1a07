# seminr side of bench/pls.sh: median time of one estimate_pls() of MODEL (FITS runs) and one
# bootstrap_model(nboot = BOOT, cores = CORES, seed = 123). seminr is sourced from its
# source checkout as tests/reference/pls/make_pls.R does (not installed).
# usage: Rscript bench/pls.R SEMINR_SRC DATA MODEL FITS BOOT CORES   -> prints: fit_ms boot_s
a <- commandArgs(trailingOnly = TRUE)
PLS_ENGINE_ONLY <- TRUE
f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(normalizePath(f[1])), "..", "tests", "reference", "pls", "make_pls.R"))
invisible(load_seminr(a[1]))
d <- utils::read.csv(a[2])
cs <- list(model_text = paste(readLines(a[3], warn = FALSE), collapse = "\n"), scheme = "path")
fits <- as.integer(a[4]); nboot <- as.integer(a[5]); cores <- as.integer(a[6])
m <- fit_case(cs, d)$m
t <- vapply(seq_len(fits), function(i) system.time(fit_case(cs, d))[["elapsed"]], 0)
tb <- if (nboot > 0) system.time(suppressMessages(bootstrap_model(m, nboot = nboot, cores = cores,
                                                                  seed = 123)))[["elapsed"]] else 0
cat(sprintf("%.4f %.4f\n", 1e3 * stats::median(t), tb))
