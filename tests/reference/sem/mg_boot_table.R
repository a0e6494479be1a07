# Shared by make_mg_boot.R and make_boot_jack.R (part mgboot): the rows of a multi-group
# bootstrap fit with lavaan's bootstrap SE of each free row and the Monte Carlo SD of that
# SE estimate, sqrt((m4 - s^4) / (4 s^2 B)), from lavaan's replicates (lavInspect(fit,
# "boot")); columns model,group,lhs,op,rhs,est,se,se_mcsd,B. Also accel_of, the BCa
# acceleration of the stratified jackknife (make_boot_jack.R, make_ordinal_mg_boot.R).
mg_boot_table <- function(fit, model) {
  fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
  pe <- parameterEstimates(fit)
  bt <- lavInspect(fit, "boot")
  pt <- parTable(fit)
  mcsd <- rep(NA_real_, nrow(pe))
  for (i in seq_len(nrow(pe))) {
    j <- which(pt$lhs == pe$lhs[i] & pt$op == pe$op[i] & pt$rhs == pe$rhs[i] &
               pt$group == pe$group[i])
    if (length(j) == 1 && pt$free[j] > 0) {
      x <- bt[, pt$free[j]]; x <- x[is.finite(x)]
      s2 <- mean((x - mean(x))^2); m4 <- mean((x - mean(x))^4)
      mcsd[i] <- sqrt((m4 - s2^2) / (4 * s2 * length(x)))
    }
  }
  cat(sprintf("%s: %d replicates\n", model, nrow(bt)))
  data.frame(model = model, group = pe$group, lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
             est = fmt(pe$est), se = fmt(pe$se), se_mcsd = fmt(mcsd), B = nrow(bt))
}

# The acceleration of each row of est (rows = parameters, columns = left-out cases) from the
# stratified jackknife: L = (n_g - 1) (mean_g - est) within each group g of grp.
accel_of <- function(est, grp) { # est: rows = parameters, columns = left-out cases
  L <- est
  for (g in unique(grp)) {
    k <- grp == g
    L[, k] <- (sum(k) - 1) * (rowMeans(est[, k, drop = FALSE]) - est[, k, drop = FALSE])
  }
  rowSums(L^3) / (6 * rowSums(L^2)^1.5)
}
