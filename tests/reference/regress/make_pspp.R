# Cross-check with GNU PSPP's REGRESSION (ambidex issue 4). Runs pspp on two models,
# reads its CSV output (SET FORMAT=F40.14 for 14 decimals; Sig. stays at 3) and
# writes expected/pspp_regress.csv as "key,value" lines.
# Run: Rscript tests/reference/regress/make_pspp.R   (GNU pspp 1.6.2 used)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
out <- character(0)
run <- function(prefix, file, spec, dep, preds) {
  sps <- tempfile(fileext = ".sps"); csv <- tempfile(fileext = ".csv")
  writeLines(c("SET FORMAT=F40.14.",
               sprintf("GET DATA /TYPE=TXT /FILE='%s' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=\",\"", normalizePath(file)),
               sprintf(" /VARIABLES=%s.", spec),
               sprintf("REGRESSION /VARIABLES=%s /DEPENDENT=%s /STATISTICS=COEFF R ANOVA CI(95) TOL.",
                       paste(preds, collapse = " "), dep)), sps)
  system2("pspp", c("-O", "format=csv", "-o", csv, sps), stdout = FALSE)
  L <- readLines(csv)
  # the first copy of each table
  tab <- function(title) {
    i <- grep(paste0("^Table: ", title), L)[1]
    j <- i + 1; while (j <= length(L) && L[j] != "" && !grepl("^Table:", L[j])) j <- j + 1
    lapply(strsplit(L[(i + 1):(j - 1)], ",", fixed = TRUE), function(v) v)
  }
  num <- function(x) as.numeric(x)
  ms <- tab("Model Summary")[[2]]
  for (k in 1:4) out <<- c(out, sprintf("%s.%s,%s", prefix, c("r", "r2", "adj_r2", "se_est")[k], ms[k]))
  an <- tab("ANOVA")
  out <<- c(out, sprintf("%s.ss_reg,%s", prefix, an[[2]][2]), sprintf("%s.ss_res,%s", prefix, an[[3]][2]),
            sprintf("%s.ss_total,%s", prefix, an[[4]][2]), sprintf("%s.f,%s", prefix, an[[2]][5]))
  co <- tab("Coefficients")
  for (r in co[-(1:2)]) {
    term <- if (r[1] == "(Constant)") "(Intercept)" else r[1]
    keys <- c("b", "se", "beta", "t", "p", "ci_lower", "ci_upper", "tolerance", "vif")
    for (k in seq_along(keys)) {
      if (term == "(Intercept)" && keys[k] %in% c("beta", "tolerance", "vif")) next
      if (k + 1 <= length(r) && nzchar(r[k + 1])) out <<- c(out, sprintf("%s.%s.%s,%s", prefix, term, keys[k], r[k + 1]))
    }
  }
}
run("longley", "../data/longley.csv",
    "GNP_deflator F10.4 GNP F12.4 Unemployed F10.4 Armed_Forces F10.4 Population F12.4 Year F6.0 Employed F10.4",
    "Employed", c("GNP", "Population", "Unemployed", "Armed_Forces"))
run("mtcars", "data/mtcars.csv",
    "car A30 mpg F8.3 cyl F8.3 disp F8.3 hp F8.3 drat F8.3 wt F8.3 qsec F8.3 vs F8.3 am F8.3 gear F8.3 carb F8.3",
    "mpg", c("wt", "hp", "qsec", "disp"))
writeLines(c("key,value", out), "expected/pspp_regress.csv")
cat(length(out), "values\n")
