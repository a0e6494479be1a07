# Categorical CFA/SEM in the theta parameterization (lavaan parameterization = "theta":
# the residual variances of the latent responses fixed to 1, thresholds and loadings on
# that scale). R 4.2.2, lavaan 0.6.14. Needs sim7.csv and ../data/bfi.csv (make_ordinal.R).
# On bfi A1-A5 as delivered (A1 reverse-keyed, the marker, so the other loadings are
# negative) lavaan's optimizers wander off in the theta parameterization (loadings near 90,
# factor variance 1e-4, no convergence), so the bfi cases reverse A1 first (7 - A1), as a
# researcher does before a CFA. optim.method = "BFGS" throughout.
# Run: cd tests/reference/ordinal && Rscript make_ordinal_theta.R   (writes cfa_theta.csv)
suppressMessages(library(lavaan))
out <- character()
put <- function(k, v) out <<- c(out, paste0(k, ",", ifelse(is.na(v), "NA", sprintf("%.17g", v))))
theta_case <- function(tag, model, d, fun = cfa, ...) {
  message(tag)
  d <- na.omit(d)
  fit <- fun(model, data = d, ordered = TRUE, estimator = "WLSMV", parameterization = "theta",
             optim.method = "BFGS", control = list(reltol = 1e-14, maxit = 10000), ...)
  if (!lavInspect(fit, "converged")) { print(lavInspect(fit, "optim")); stop("not converged") }
  pe <- parameterEstimates(fit, standardized = TRUE)
  for (r in seq_len(nrow(pe))) {
    if (pe$op[r] == "~*~") next
    key <- sprintf("%s.%s.%s.%s", tag, pe$lhs[r], pe$op[r], pe$rhs[r])
    put(paste0(key, ".est"), pe$est[r]); put(paste0(key, ".se"), pe$se[r])
    put(paste0(key, ".std_all"), pe$std.all[r])
  }
  fm <- fitMeasures(fit)
  for (m in c("chisq", "df", "chisq.scaled", "cfi.scaled", "rmsea.scaled"))
    put(sprintf("%s.fit.%s", tag, m), fm[[m]])
  put(paste0(tag, ".n"), nrow(d))
}
bfi <- read.csv("../data/bfi.csv")
bfi$A1 <- 7 - bfi$A1
sim7 <- read.csv("sim7.csv")
m7 <- "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8"
m7s <- paste(m7, "F2 ~ F1\ny1 ~~ y2", sep = "\n")
theta_case("thA", "A =~ A1 + A2 + A3 + A4 + A5", bfi[, paste0("A", 1:5)])
theta_case("thAC", "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5",
           bfi[, c(paste0("A", 1:5), paste0("C", 1:5))])
theta_case("th7", m7, sim7)
theta_case("th7lv", m7, sim7, std.lv = TRUE)
theta_case("th7s", m7s, sim7, fun = sem)
writeLines(c("key,value", out), "cfa_theta.csv")
