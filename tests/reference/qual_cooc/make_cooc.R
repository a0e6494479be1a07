# Code co-occurrence (qual cooccur) computed independently from exported segments.
# Rscript tests/reference/qual_cooc/make_cooc.R   (R 4.2.2, base R only)
#
# Input: a project folder as `qual import` writes it from a .qdpx export
# (codebook.csv, transcripts/CASE.txt, segments/CODER.csv with code-point offsets).
# Output: expected_<name>.csv, one row per pair of codebook nodes (codebook order,
# a before b) with
#   overlaps      pairs of distinct segments of the same coder in the same transcript
#                 whose ranges overlap, one under a and the other under b (either way)
#   units_both    paragraphs (runs of non-blank lines) that a segment under a and a
#                 segment under b overlap; units_a, units_b the paragraphs of each
#   units_jaccard units_both / (units_a + units_b - units_both)
#   cases_both    transcripts with a segment under a and one under b
#   jaccard       cases_both / cases with either
# "under" = the node itself or a descendant (segments roll up the codebook).
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))

cooc <- function(dir) {
  cb <- read.csv(file.path(dir, "codebook.csv"), colClasses = "character",
                 na.strings = character(0))
  codes <- cb$code
  parent <- setNames(cb$parent, cb$code)
  ancestors <- function(x) { a <- x; while (nzchar(parent[[x]])) { x <- parent[[x]]; a <- c(a, x) }; a }
  # under[s, i]: segment s counts for node i
  segs <- do.call(rbind, lapply(list.files(file.path(dir, "segments"), full.names = TRUE),
    function(f) { s <- read.csv(f, colClasses = c(case = "character", code = "character"));
                  s$coder <- sub("\\.csv$", "", basename(f)); s[, c("case", "start", "end", "code", "coder")] }))
  under <- t(sapply(segs$code, function(x) codes %in% ancestors(x)))
  if (length(codes) == 1) under <- t(under)
  cases <- sub("\\.txt$", "", list.files(file.path(dir, "transcripts")))
  # paragraphs: [start, end) in code points, runs of non-blank lines
  units <- do.call(rbind, lapply(cases, function(cs) {
    txt <- paste(readLines(file.path(dir, "transcripts", paste0(cs, ".txt")), encoding = "UTF-8",
                           warn = FALSE), collapse = "\n")
    txt <- gsub("\\\\([{}\\\\])", "\\1", txt)
    lines <- strsplit(txt, "\n", fixed = TRUE)[[1]]
    starts <- cumsum(c(0, nchar(lines, type = "chars") + 1))[seq_along(lines)]
    blank <- grepl("^[ \t\r]*$", lines)
    r <- rle(!blank); ends <- cumsum(r$lengths); begins <- ends - r$lengths + 1
    k <- r$values
    data.frame(case = cs, start = starts[begins[k]],
               end = starts[ends[k]] + nchar(lines[ends[k]], type = "chars"))
  }))
  K <- length(codes); U <- nrow(units)
  on <- matrix(FALSE, U, K)
  for (u in seq_len(U)) {
    hit <- segs$case == units$case[u] & segs$start < units$end[u] & units$start[u] < segs$end
    if (any(hit)) on[u, ] <- apply(under[hit, , drop = FALSE], 2, any)
  }
  has <- t(sapply(cases, function(cs) apply(under[segs$case == cs, , drop = FALSE], 2, any)))
  ov <- matrix(0, K, K)
  for (x in seq_len(nrow(segs) - 1)) for (y in (x + 1):nrow(segs)) {
    if (segs$case[x] != segs$case[y] || segs$coder[x] != segs$coder[y]) next
    if (!(segs$start[x] < segs$end[y] && segs$start[y] < segs$end[x])) next
    ov <- ov + outer(under[x, ], under[y, ]) + outer(under[y, ], under[x, ])
  }
  out <- NULL
  for (i in seq_len(K - 1)) for (j in (i + 1):K) {
    ub <- sum(on[, i] & on[, j]); ua <- sum(on[, i]); ubb <- sum(on[, j])
    cb2 <- sum(has[, i] & has[, j]); ce <- sum(has[, i] | has[, j])
    out <- rbind(out, data.frame(a = codes[i], b = codes[j], overlaps = ov[i, j],
      units_a = ua, units_b = ubb, units_both = ub,
      units_jaccard = if (ua + ubb - ub > 0) ub / (ua + ubb - ub) else NA,
      cases_both = cb2, jaccard = if (ce > 0) cb2 / ce else NA))
  }
  cat(sprintf("%s: %d paragraphs, %d segments, %d nodes\n", dir, U, nrow(segs), K))
  out
}

for (nm in c("exported", "exported_vse")) {
  res <- cooc(file.path(here, nm))
  write.csv(res, file.path(here, if (nm == "exported") "expected_small.csv" else "expected_vse.csv"),
            row.names = FALSE, quote = TRUE)
}
