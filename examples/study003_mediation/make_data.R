# Simulated data with the shape of study 003 (278 UK SMEs, 7-point Likert items):
# AMC dimensions coord1-3, proact1-4, transf1-3, learn1-4; radical (rad1-3) and incremental
# (inc1-3) co-innovation; post-entry internationalization speed (speed1-5); controls ln firm
# size, ln firm age, industry (1-3), R&D intensity, international experience (ln), alliance
# experience. Not the study's data: a stand-in with similar means, SDs and structure.
# Run from this folder: Rscript make_data.R   (writes study003.csv)
set.seed(3003)
n <- 278
likert <- function(latent, k, load = .8) sapply(1:k, function(j)
  pmin(7, pmax(1, round(5.4 + load * latent + rnorm(length(latent), 0, .6)))))
amc <- rnorm(n)
dims <- lapply(1:4, function(j) .75 * amc + rnorm(n, 0, .66))
# Radical and incremental co-innovation share a component whose variance grows with AMC, so
# that their product (ambidexterity) rises with AMC, as in the study.
u <- rnorm(n) * sqrt(pmax(.05, 1 + .8 * amc))
rad <- .45 * amc + .8 * u + rnorm(n, 0, .6)
inc <- .35 * amc + .8 * u + rnorm(n, 0, .6)
lnsize <- rnorm(n, 1.84, .39); lnage <- rnorm(n, 1.10, .36)
industry <- sample(1:3, n, TRUE, c(.45, .37, .18)); rd <- round(runif(n, 0, .66), 2)
intexp <- pmax(0, .6 * lnage + rnorm(n, 0, .4)); allexp <- sample(0:4, n, TRUE)
ambi_l <- (rad - mean(rad)) * (inc - mean(inc))
speed <- .25 * ambi_l + .02 * amc + .12 * lnsize + .15 * (industry - 2) + .12 * allexp + rnorm(n, 0, .9)
items <- list(coord = likert(dims[[1]], 3), proact = likert(dims[[2]], 4), transf = likert(dims[[3]], 3),
              learn = likert(dims[[4]], 4), rad = likert(rad, 3), inc = likert(inc, 3),
              speed = likert(speed, 5, .9))
d <- do.call(cbind, lapply(names(items), function(nm) { m <- items[[nm]]; colnames(m) <- paste0(nm, seq_len(ncol(m))); m }))
d <- data.frame(d, lnsize = round(lnsize, 3), lnage = round(lnage, 3), industry, rd, intexp = round(intexp, 3), allexp)
write.csv(d, "study003.csv", row.names = FALSE)
