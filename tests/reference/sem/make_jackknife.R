# Jackknife acceleration of the BCa bootstrap interval for the Holzinger-Swineford
# three-factor CFA (hs3.lav on hs.csv): the model is refitted by lavaan on each of the
# n leave-one-out samples and, per free parameter and := parameter,
#   a = sum(d^3) / (6 * sum(d^2)^1.5),  d_i = mean(theta_(.)) - theta_(i)
# (Efron 1987; boot::empinf type "jack"). Writes hs3_jack_accel.csv (lhs,op,rhs,accel).
suppressMessages(library(lavaan))
hs <- read.csv("hs.csv")
model <- paste(readLines("hs3.lav"), collapse = "\n")
fit1 <- function(d) cfa(model, data = d, optim.method = "GN",
                        control = list(optim.gn.tol.x = 1e-12, optim.gn.iter.max = 1000))
full <- parameterEstimates(fit1(hs))
free <- which(!is.na(full$se) & full$se > 0)
n <- nrow(hs)
est <- sapply(seq_len(n), function(i) parameterEstimates(fit1(hs[-i, ]))$est[free])
d <- rowMeans(est) - est
accel <- rowSums(d^3) / (6 * rowSums(d^2)^1.5)
out <- data.frame(lhs = full$lhs[free], op = full$op[free], rhs = full$rhs[free],
                  accel = sprintf("%.17g", accel))
write.csv(out, "hs3_jack_accel.csv", row.names = FALSE, quote = FALSE)
cat("lavaan", as.character(packageVersion("lavaan")), "- wrote", nrow(out), "accelerations\n")
