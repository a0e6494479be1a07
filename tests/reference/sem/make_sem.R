# make_sem.R -- reference fixtures for ambidex cfa/sem (lavaan).
#
# Run:  cd tests/reference/sem && Rscript make_sem.R
# Writes (relative to this script's folder):
#   hs.csv, pd.csv, seed003.csv          data (HolzingerSwineford1939, PoliticalDemocracy,
#                                        a simulated 7-factor 25-item survey, n = 278)
#   <model>.lav                          the model syntax as given to lavaan
#   <model>_params.csv                   parameterEstimates + standardizedSolution
#   <model>_fit.csv                      fitMeasures (name,value)
#   <model>_r2.csv                       lavInspect(fit, "r2")
#   hs3_validity.csv, hs3_htmt.csv       alpha, CR, AVE, HTMT for the HS 3-factor CFA
# Re-runnable: every output is overwritten. Numbers are written with %.17g.
suppressPackageStartupMessages({ library(lavaan); library(semTools) })
local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
cat(R.version.string, "\n")
cat("lavaan", as.character(packageVersion("lavaan")), " semTools",
    as.character(packageVersion("semTools")), "\n")
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

## --- data --------------------------------------------------------------------
hs <- HolzingerSwineford1939[, c("id", "sex", "ageyr", "agemo", "school", "grade",
                                 paste0("x", 1:9))]
hs$school <- as.character(hs$school)
write.csv(hs, "hs.csv", row.names = FALSE, na = "", quote = FALSE)
pd <- PoliticalDemocracy
write.csv(pd, "pd.csv", row.names = FALSE, na = "", quote = FALSE)
stopifnot(isTRUE(all.equal(read.csv("hs.csv"), hs, check.attributes = FALSE, tolerance = 0)))
stopifnot(isTRUE(all.equal(read.csv("pd.csv"), pd, check.attributes = FALSE, tolerance = 0)))

# Seed 003 shape: 7 constructs, 25 five-point-like items, n = 278.
pop <- '
  ENV =~ 0.8*env1 + 0.7*env2 + 0.75*env3 + 0.6*env4
  ORI =~ 0.7*ori1 + 0.8*ori2 + 0.65*ori3
  CAP =~ 0.75*cap1 + 0.7*cap2 + 0.8*cap3 + 0.6*cap4
  EXR =~ 0.8*exr1 + 0.75*exr2 + 0.7*exr3
  EXI =~ 0.7*exi1 + 0.8*exi2 + 0.7*exi3 + 0.65*exi4
  NET =~ 0.75*net1 + 0.7*net2 + 0.8*net3
  PER =~ 0.8*per1 + 0.75*per2 + 0.7*per3 + 0.6*per4
  ENV ~~ 0.3*ORI + 0.2*CAP + 0.25*EXR + 0.2*EXI + 0.2*NET + 0.3*PER
  ORI ~~ 0.35*CAP + 0.3*EXR + 0.3*EXI + 0.25*NET + 0.3*PER
  CAP ~~ 0.4*EXR + 0.35*EXI + 0.3*NET + 0.35*PER
  EXR ~~ 0.3*EXI + 0.3*NET + 0.4*PER
  EXI ~~ 0.3*NET + 0.4*PER
  NET ~~ 0.3*PER
'
set.seed(3003)
s3 <- simulateData(pop, sample.nobs = 278, standardized = TRUE)
s3 <- as.data.frame(lapply(s3, function(x) round(4 + 1.1 * x, 0)))
s3[] <- lapply(s3, function(x) pmin(pmax(x, 1), 7))
write.csv(s3, "seed003.csv", row.names = FALSE, quote = FALSE)

## --- models ------------------------------------------------------------------
models <- list(
  hs3 = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
# Holzinger-Swineford three-factor CFA
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
'),
  hs3_stdlv = list(data = hs, fun = "cfa", std.lv = TRUE, syntax = '
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
'),
  hs_second = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
# second-order factor (factor of factors), with a freed first loading
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
g =~ visual + textual +
     speed
'),
  hs_one = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
# Harman single factor
common =~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9
'),
  hs_just = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
# just identified (df = 0)
F =~ x1 + x2 + x3
'),
  hs_means = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
# mean structure: equal intercepts of x8 and x9, free latent mean with a fixed intercept
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
x8 ~ i*1
x9 ~ i*1
x4 ~ 0*1
textual ~ 1
'),
  hs_fixed = list(data = hs, fun = "cfa", std.lv = FALSE, syntax = '
visual  =~ NA*x1 + l2*x2 + l2*x3   # freed marker, equal loadings
textual =~ x4 + x5 + 0.9*x6
visual ~~ 1*visual
textual ~~ 0*speed
speed =~ x7 + x8 + x9
x1 ~~ x4
'),
  hs_xreg = list(data = hs, fun = "sem", std.lv = FALSE, syntax = '
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
visual ~ ageyr + sex
textual ~ visual + grade
'),
  hs_prod = list(data = hs, fun = "sem", std.lv = FALSE, syntax = '
# product of observed variables in a regression
textual =~ x4 + x5 + x6
textual ~ x1 + x2 + x1:x2
'),
  pd = list(data = pd, fun = "sem", std.lv = FALSE, syntax = '
# PoliticalDemocracy with equality labels, residual covariances, defined parameters
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + a*y2 + b*y3 + c*y4
dem65 =~ y5 + a*y6 + b*y7 + c*y8
dem60 ~ p1*ind60
dem65 ~ p2*ind60 + p3*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
indirect := p1*p3
total := p2 + (p1 * p3)
'),
  seed003 = list(data = s3, fun = "cfa", std.lv = FALSE, syntax = '
ENV =~ env1 + env2 + env3 + env4
ORI =~ ori1 + ori2 + ori3
CAP =~ cap1 + cap2 + cap3 + cap4
EXR =~ exr1 + exr2 + exr3
EXI =~ exi1 + exi2 + exi3 + exi4
NET =~ net1 + net2 + net3
PER =~ per1 + per2 + per3 + per4
')
)

fits <- list()
for (nm in names(models)) {
  m <- models[[nm]]
  writeLines(sub("^\n", "", m$syntax), paste0(nm, ".lav"))
  # lavaan's default optimizer (nlminb, rel.tol 1e-10) can stop while flat directions
  # are still ~1e-4 off (PoliticalDemocracy y2~~y4). The reference is therefore
  # lavaan's own Gauss-Newton (Fisher scoring) optimizer (optim.method = "GN"),
  # which converges to the same optimum more tightly; the difference from
  # the default fit is printed.
  f0 <- do.call(m$fun, list(model = m$syntax, data = m$data, std.lv = m$std.lv))
  stopifnot(lavInspect(f0, "converged"))
  f <- do.call(m$fun, list(model = m$syntax, data = m$data, std.lv = m$std.lv,
                           optim.method = "GN",
                           optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
  stopifnot(lavInspect(f, "converged"))
  if (fitMeasures(f, "fmin") > fitMeasures(f0, "fmin")) {
    # GN ended at a worse point (it can, from poor starting values): keep nlminb's
    cat(sprintf("%-10s GN fmin %.17g > default %.17g: the default fit is used\n", nm,
                fitMeasures(f, "fmin"), fitMeasures(f0, "fmin")))
    f <- f0
  }
  e0 <- parameterEstimates(f0)$est; e1 <- parameterEstimates(f)$est
  cat(sprintf("%-10s GN vs default: max rel diff of estimates %.2g, fmin %.17g vs %.17g\n",
              nm, max(abs(e1 - e0) / pmax(1, abs(e0))), fitMeasures(f, "fmin"),
              fitMeasures(f0, "fmin")))
  fits[[nm]] <- f
  pe <- parameterEstimates(f)
  slv <- standardizedSolution(f, type = "std.lv")
  sall <- standardizedSolution(f, type = "std.all")
  stopifnot(all(pe$lhs == sall$lhs & pe$op == sall$op & pe$rhs == sall$rhs))
  out <- data.frame(lhs = pe$lhs, op = pe$op, rhs = pe$rhs, label = if (is.null(pe$label)) "" else pe$label,
                    est = fmt(pe$est), se = fmt(pe$se), z = fmt(pe$z),
                    pvalue = fmt(pe$pvalue), ci_lower = fmt(pe$ci.lower),
                    ci_upper = fmt(pe$ci.upper), std_lv = fmt(slv$est.std),
                    std_all = fmt(sall$est.std), std_all_se = fmt(sall$se))
  write.csv(out, paste0(nm, "_params.csv"), row.names = FALSE, quote = FALSE)
  fm <- fitMeasures(f)
  write.csv(data.frame(name = names(fm), value = fmt(unname(fm))),
            paste0(nm, "_fit.csv"), row.names = FALSE, quote = FALSE)
  r2 <- lavInspect(f, "r2")
  write.csv(data.frame(name = names(r2), value = fmt(unname(r2))),
            paste0(nm, "_r2.csv"), row.names = FALSE, quote = FALSE)
  cat(sprintf("%-10s n=%d npar=%d chisq=%.6f df=%d iter=%d\n", nm, lavInspect(f, "nobs"),
              as.integer(fm["npar"]), fm["chisq"], as.integer(fm["df"]),
              lavInspect(f, "iterations")))
}

## --- covariance-matrix input: HS CFA from cov() of x1..x9 (lower triangle) ------
hsc <- cov(hs[, paste0("x", 1:9)])
low <- sapply(1:9, function(i) paste(c(fmt(hsc[i, 1:i])), collapse = ","))
writeLines(c(paste(colnames(hsc), collapse = ","), low), "hs_cov_lower.csv")
fc <- cfa(models$hs3$syntax, sample.cov = hsc, sample.nobs = nrow(hs), optim.method = "GN",
          optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000)
stopifnot(lavInspect(fc, "converged"))
pe <- parameterEstimates(fc)
write.csv(data.frame(lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est), se = fmt(pe$se)),
          "hs_cov_params.csv", row.names = FALSE, quote = FALSE)
fm <- fitMeasures(fc)
write.csv(data.frame(name = names(fm), value = fmt(unname(fm))), "hs_cov_fit.csv",
          row.names = FALSE, quote = FALSE)
cat(sprintf("hs_cov     chisq=%.6f (the raw-data fit: %.6f)\n", fm["chisq"],
            fitMeasures(fits$hs3, "chisq")))

## --- validity for the HS three-factor CFA --------------------------------------
validity <- function(f, data, tag) {
  ss <- standardizedSolution(f)
  ld <- ss[ss$op == "=~", ]
  facs <- unique(ld$lhs)
  rows <- lapply(facs, function(fa) {
    l <- ld$est.std[ld$lhs == fa]; items <- ld$rhs[ld$lhs == fa]
    X <- data[complete.cases(data[, items]), items]
    C <- cov(X); k <- length(items)
    alpha <- k / (k - 1) * (1 - sum(diag(C)) / sum(C))
    cr <- sum(l)^2 / (sum(l)^2 + sum(1 - l^2))
    ave <- mean(l^2)
    data.frame(name = fa, alpha = fmt(alpha), cr = fmt(cr), ave = fmt(ave),
               sqrt_ave = fmt(sqrt(ave)))
  })
  write.csv(do.call(rbind, rows), paste0(tag, "_validity.csv"), row.names = FALSE, quote = FALSE)
  # alpha cross-check with psych-free formula above vs semTools::reliability would differ
  # (semTools uses model-based omega); HTMT from semTools on the raw data:
  syn <- paste(sapply(facs, function(fa) paste(fa, "=~", paste(ld$rhs[ld$lhs == fa], collapse = " + "))),
               collapse = "\n")
  # Henseler et al. (2015) HTMT (arithmetic means) and semTools' default HTMT2
  # (geometric means, Roemer et al. 2021), both on absolute correlations
  h <- semTools::htmt(syn, data = data, htmt2 = FALSE)
  write.csv(data.frame(name = rownames(h), apply(h, 2, fmt)), paste0(tag, "_htmt.csv"),
            row.names = FALSE, quote = FALSE)
  h2 <- semTools::htmt(syn, data = data, htmt2 = TRUE)
  write.csv(data.frame(name = rownames(h2), apply(h2, 2, fmt)), paste0(tag, "_htmt2.csv"),
            row.names = FALSE, quote = FALSE)
  lc <- lavInspect(f, "cor.lv")
  write.csv(data.frame(name = rownames(lc), apply(lc, 2, fmt)), paste0(tag, "_latcor.csv"),
            row.names = FALSE, quote = FALSE)
}
validity(fits$hs3, hs, "hs3")
validity(fits$seed003, s3, "seed003")

## --- bootstrap SEs of the HS CFA (for a Monte Carlo tolerance check) -----------
set.seed(20261122)
fb <- cfa(models$hs3$syntax, data = hs, se = "bootstrap", bootstrap = 2000)
pb <- parameterEstimates(fb, boot.ci.type = "perc")
write.csv(data.frame(lhs = pb$lhs, op = pb$op, rhs = pb$rhs, boot_se = fmt(pb$se),
                     perc_lower = fmt(pb$ci.lower), perc_upper = fmt(pb$ci.upper)),
          "hs3_boot.csv", row.names = FALSE, quote = FALSE)

## --- modification indices (expected information, lavaan's defaults) -------------
for (nm in c("hs3", "hs_fixed", "pd", "seed003")) {
  mi <- modindices(fits[[nm]])
  write.csv(data.frame(lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = fmt(mi$mi), epc = fmt(mi$epc),
                       sepc_lv = fmt(mi$sepc.lv), sepc_all = fmt(mi$sepc.all)),
            paste0(nm, "_mi.csv"), row.names = FALSE, quote = FALSE)
}

## --- standard errors from the observed information (Hessian) -------------------
for (nm in c("hs3", "pd")) {
  m <- models[[nm]]
  fo <- do.call(m$fun, list(model = m$syntax, data = m$data, std.lv = m$std.lv,
                            information = "observed", optim.method = "GN",
                            optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
  stopifnot(lavInspect(fo, "converged"))
  po <- parameterEstimates(fo)
  write.csv(data.frame(lhs = po$lhs, op = po$op, rhs = po$rhs, est = fmt(po$est), se = fmt(po$se)),
            paste0(nm, "_observed_params.csv"), row.names = FALSE, quote = FALSE)
}

## --- MLR: robust (Huber-White sandwich) standard errors ------------------------
for (nm in c("hs3", "pd")) {
  m <- models[[nm]]
  fr <- do.call(m$fun, list(model = m$syntax, data = m$data, std.lv = m$std.lv,
                            estimator = "MLR", optim.method = "GN",
                            optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
  stopifnot(lavInspect(fr, "converged"))
  pr <- parameterEstimates(fr)
  write.csv(data.frame(lhs = pr$lhs, op = pr$op, rhs = pr$rhs, est = fmt(pr$est), se = fmt(pr$se)),
            paste0(nm, "_mlr_params.csv"), row.names = FALSE, quote = FALSE)
  fm <- fitMeasures(fr)
  write.csv(data.frame(name = names(fm), value = fmt(unname(fm))), paste0(nm, "_mlr_fit.csv"),
            row.names = FALSE, quote = FALSE)
}

## --- FIML: the HS CFA with values missing completely at random ------------------
set.seed(6006)
hsm <- hs
for (v in paste0("x", 1:9)) hsm[runif(nrow(hsm)) < 0.08, v] <- NA
write.csv(hsm, "hs_missing.csv", row.names = FALSE, na = "", quote = FALSE)
writeLines(sub("^\n", "", models$hs3$syntax), "hs_fiml.lav")
f0 <- cfa(models$hs3$syntax, data = hsm, missing = "ml")
fm1 <- cfa(models$hs3$syntax, data = hsm, missing = "ml", optim.method = "GN",
           optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000)
if (!lavInspect(fm1, "converged") || fitMeasures(fm1, "fmin") > fitMeasures(f0, "fmin")) fm1 <- f0
pe <- parameterEstimates(fm1); sall <- standardizedSolution(fm1)
write.csv(data.frame(lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = fmt(pe$est), se = fmt(pe$se),
                     std_all = fmt(sall$est.std)),
          "hs_fiml_params.csv", row.names = FALSE, quote = FALSE)
fm <- fitMeasures(fm1)
write.csv(data.frame(name = names(fm), value = fmt(unname(fm))), "hs_fiml_fit.csv",
          row.names = FALSE, quote = FALSE)
cat(sprintf("hs_fiml    n=%d chisq=%.6f df=%d information=%s\n", lavInspect(fm1, "nobs"),
            fm["chisq"], as.integer(fm["df"]), lavInspect(fm1, "options")$information[1]))

## --- measurement invariance across schools (multi-group) ----------------------------
inv <- list(configural = "none", metric = "loadings",
            scalar = c("loadings", "intercepts"))
rows <- list()
for (lv in names(inv)) {
  fi <- if (lv == "configural") cfa(models$hs3$syntax, data = hs, group = "school") else
    cfa(models$hs3$syntax, data = hs, group = "school", group.equal = inv[[lv]])
  stopifnot(lavInspect(fi, "converged"))
  fm <- fitMeasures(fi, c("chisq", "df", "npar", "cfi", "tli", "rmsea", "srmr",
                          "baseline.chisq", "baseline.df"))
  rows[[lv]] <- data.frame(model = lv, name = names(fm), value = fmt(unname(fm)))
}
write.csv(do.call(rbind, rows), "hs_invariance.csv", row.names = FALSE, quote = FALSE)
