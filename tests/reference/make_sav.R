# make_sav.R -- small labelled fixtures for the ambidex file readers.
#
# Run:  cd tests/reference && Rscript make_sav.R
# Writes (relative to this script's folder):
#   data/labelled.sav   (haven::write_sav, bytecode compression, the default)
#   data/labelled.zsav  (haven::write_sav(compress = "zsav"), if supported)
#   data/labelled.dta   (haven::write_dta; user-missing -99 written as NA)
#   data/labelled.por   (GNU pspp, via make_por.sps: GET the .sav, EXPORT .por)
#   expected/labelled.md (what a reader must find, generated from read-back)
# Re-runnable: every output is overwritten.

suppressPackageStartupMessages(library(haven))

local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) == 1 && nzchar(f)) setwd(dirname(normalizePath(f)))
})
dir.create("data", showWarnings = FALSE)
dir.create("expected", showWarnings = FALSE)

cat(R.version.string, "\n")
cat("haven", as.character(packageVersion("haven")), "\n")

## --- the data frame ----------------------------------------------------------
# All variable names are <= 8 characters so that they survive the .por format.
gender_v <- c(1, 2, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1)
perf1_v  <- c(5, 3, -99, 7, 4, 6, 2, -99, 1, 5, 4, 6)        # -99 = user-missing
sector_v <- c("manufacturing", "services", "trade", "services", "manufacturing",
              "trade", "services", "manufacturing", "trade", "services",
              "manufacturing", "services")
size_v   <- c(12, 250, 45, NA, 8, 1200, 30, 75, 500, 16, 3, 60)  # NA = system-missing

df <- data.frame(
  id = as.numeric(1:12),
  gender = labelled(gender_v, labels = c(male = 1, female = 2),
                    label = "Respondent gender"),
  perf1 = labelled_spss(perf1_v, na_values = -99,
                        label = "Sales growth vs competitors"),
  sector = sector_v,
  size = size_v,
  stringsAsFactors = FALSE
)
df <- tibble::as_tibble(df)

## --- write the files ---------------------------------------------------------
write_sav(df, "data/labelled.sav")

zsav_ok <- "compress" %in% names(formals(write_sav)) &&
  "zsav" %in% eval(formals(write_sav)$compress)
if (zsav_ok) {
  write_sav(df, "data/labelled.zsav", compress = "zsav")
} else {
  message("this haven version cannot write .zsav; skipped")
  unlink("data/labelled.zsav")
}

# Stata has no user-missing values: -99 becomes NA (zap_missing), labels kept.
df_dta <- df
df_dta$perf1 <- zap_missing(df_dta$perf1)
write_dta(df_dta, "data/labelled.dta")

# Portable file via GNU pspp (syntax in make_por.sps, paths relative to here).
unlink("data/labelled.por")
por_ok <- FALSE
pspp_version <- "pspp not found"; pspp_out <- character()
if (nzchar(Sys.which("pspp"))) {
  pspp_version <- system2("pspp", "--version", stdout = TRUE)[1]
  pspp_out <- system2("pspp", "make_por.sps", stdout = TRUE, stderr = TRUE)
  cat(pspp_out, sep = "\n")
  por_ok <- file.exists("data/labelled.por")
}
if (!por_ok) message("pspp not available or failed: data/labelled.por not produced")

## --- read back and document ----------------------------------------------------
readers <- list(
  list(file = "data/labelled.sav", what = "SPSS system file (bytecode-compressed)",
       read = function(p) read_sav(p, user_na = TRUE)),
  list(file = "data/labelled.zsav", what = "SPSS zlib-compressed system file (.zsav)",
       read = function(p) read_sav(p, user_na = TRUE)),
  list(file = "data/labelled.dta", what = "Stata .dta (haven::write_dta default version)",
       read = function(p) read_dta(p)),
  list(file = "data/labelled.por", what = "SPSS portable file (written by GNU pspp EXPORT)",
       read = function(p) read_por_pspp(p))
)

# haven/ReadStat cannot read pspp-written .por files as they are: pspp's
# 256-byte character translation table lists some ASCII characters twice,
# e.g. the digits '1'..'9' both at the digit positions (65..73) and at the
# superscript-digit positions (168..176), and '-' at 141, 163 and 180;
# ReadStat's reverse map then turns '8' into U+2078 (and '-' into an em dash)
# and number parsing fails ("Error parsing double string ... 8/").  For the
# read-back only, we read a temporary copy in which every repeated table entry
# (other than the filler '0') is reset to '0'.  data/labelled.por itself is untouched
# and is read without complaint by pspp (see the IMPORT/LIST output below).
por_patched <- FALSE
read_por_pspp <- function(p) {
  d <- tryCatch(read_por(p, user_na = TRUE), error = function(e) NULL)
  if (!is.null(d)) return(d)
  raw <- readBin(p, "raw", file.size(p))
  idx <- which(raw != as.raw(0x0d) & raw != as.raw(0x0a))   # drop line breaks
  tab <- idx[200 + 1:256]                                    # after 200-byte vendor header
  stopifnot(rawToChar(raw[idx[200 + 256 + 1:8]]) == "SPSSPORT")
  ch <- raw[tab]
  dup <- duplicated(ch) & ch != charToRaw("0")              # later repeats of a character
  raw[tab[dup]] <- charToRaw("0")
  tmp <- tempfile(fileext = ".por")
  writeBin(raw, tmp)
  por_patched <<- TRUE
  read_por(tmp, user_na = TRUE)
}

describe_var <- function(x, name) {
  lab <- attr(x, "label", exact = TRUE)
  labs <- attr(x, "labels", exact = TRUE)
  nav <- attr(x, "na_values", exact = TRUE)
  nar <- attr(x, "na_range", exact = TRUE)
  raw <- vctrs::vec_data(x)
  type <- if (is.character(raw)) "string" else "numeric"
  fmt_spss <- attr(x, "format.spss", exact = TRUE)
  fmt_stata <- attr(x, "format.stata", exact = TRUE)
  width <- attr(x, "display_width", exact = TRUE)
  vl <- if (is.null(labs)) "(none)" else
    paste(sprintf("%s = \"%s\"", format(unname(labs)), names(labs)), collapse = "; ")
  um <- if (is.null(nav) && is.null(nar)) "(none)" else
    paste(c(if (!is.null(nav)) paste(nav, collapse = ", "),
            if (!is.null(nar)) sprintf("range %s..%s", nar[1], nar[2])), collapse = "; ")
  # per-row value and missing status
  if (type == "string") {
    vals <- ifelse(is.na(raw), "NA", sprintf("\"%s\"", raw))
    miss <- ifelse(is.na(raw), "sysmis", "")
  } else {
    vals <- ifelse(is.na(raw), "SYSMIS", format(raw, trim = TRUE))
    usr <- if (inherits(x, "haven_labelled_spss")) is.na(x) & !is.na(raw) else rep(FALSE, length(raw))
    miss <- ifelse(is.na(raw), "sysmis", ifelse(usr, "user-missing", ""))
  }
  list(name = name, type = type,
       format = paste(c(if (!is.null(fmt_spss)) paste0("SPSS ", fmt_spss),
                        if (!is.null(fmt_stata)) paste0("Stata ", fmt_stata)), collapse = " "),
       label = if (is.null(lab)) "(none)" else sprintf("\"%s\"", lab),
       value_labels = vl, user_missing = um, values = vals, missing = miss,
       class = paste(class(x), collapse = "/"))
}

md <- c("# labelled fixtures: what a reader must find",
        "",
        "Generated by `make_sav.R` from the files it wrote, read back with haven",
        sprintf("%s (%s; %s).", as.character(packageVersion("haven")), R.version.string,
                "`read_sav(user_na = TRUE)`, `read_dta()`, `read_por(user_na = TRUE)`"),
        "",
        "Source data frame (identical intent for every format): 12 cases, 5 variables",
        "`id, gender, perf1, sector, size`.",
        "",
        "- `id`: numeric 1..12, no variable label, no value labels.",
        "- `gender`: numeric 1/2, variable label \"Respondent gender\", value labels 1 = \"male\", 2 = \"female\".",
        "- `perf1`: numeric Likert 1..7, variable label \"Sales growth vs competitors\", no value labels;",
        "  SPSS discrete user-missing value -99 present in rows 3 and 8.",
        "  In .dta, -99 has been replaced by a plain missing value (Stata `.`), since Stata has no user-missing.",
        "- `sector`: string, values \"manufacturing\" / \"services\" / \"trade\", no labels.",
        "- `size`: numeric, system-missing (SPSS SYSMIS / Stata `.`) in row 4, no labels.",
        "",
        "Strings: `sector` has width 13 (A13). In .sav/.zsav the stored values are blank-padded",
        "to the 16-byte slot (2 x 8-byte segments; all-blank segments become bytecode 254 in the",
        "compressed .sav), in .por to 13 characters (e.g. \"services     \"); haven strips trailing",
        "blanks, and so should a reader. In .dta it is a fixed-width str13 (display format %-9s).",
        "The .dta file is written by haven::write_dta with its default `version = 14`",
        "(Stata 14 / format 118, UTF-8). The .sav/.zsav files are written by haven::write_sav",
        "(.sav: bytecode compression, .zsav: zlib compression).",
        "",
        "Missing column: `user-missing` = value present in the file but declared missing;",
        "`sysmis` = system-missing (numeric) / NA.",
        "")

for (r in readers) {
  md <- c(md, sprintf("## %s — %s", basename(r$file), r$what), "")
  if (!file.exists(r$file)) {
    md <- c(md, "*Not produced (see README / script output).*", "")
    next
  }
  d <- r$read(r$file)
  cat("\n=====", r$file, "=====\n")
  print(d)
  str(d, give.attr = TRUE)
  infos <- lapply(names(d), function(v) describe_var(d[[v]], v))
  md <- c(md,
          sprintf("File size: %d bytes. Cases: %d. Variables: %d (in this order: %s).",
                  file.size(r$file), nrow(d), ncol(d), paste(names(d), collapse = ", ")),
          "",
          "| variable | type | format | variable label | value labels | user-missing codes |",
          "|---|---|---|---|---|---|")
  for (i in infos)
    md <- c(md, sprintf("| %s | %s | %s | %s | %s | %s |", i$name, i$type,
                        if (nzchar(i$format)) i$format else "-", i$label,
                        i$value_labels, i$user_missing))
  md <- c(md, "", "Values by row (value; missing status in brackets):", "",
          paste0("| row | ", paste(sapply(infos, `[[`, "name"), collapse = " | "), " |"),
          paste0("|---|", paste(rep("---", length(infos)), collapse = "|"), "|"))
  for (row in seq_len(nrow(d))) {
    cells <- sapply(infos, function(i)
      if (nzchar(i$missing[row])) sprintf("%s [%s]", i$values[row], i$missing[row]) else i$values[row])
    md <- c(md, sprintf("| %d | %s |", row, paste(cells, collapse = " | ")))
  }
  md <- c(md, "")
  if (grepl("\\.por$", r$file)) {
    if (por_patched)
      md <- c(md, "**haven caveat.** haven/ReadStat cannot parse this pspp-written file as is:",
              "pspp's 256-byte character translation table lists some characters twice (digits",
              "1-9 again at the superscript-digit positions 168-176, '-' at 141/163/180, '|' and",
              "'$' twice), and ReadStat's reverse map turns e.g. '8' into U+2078. The table above",
              "was read from a temporary copy in which each repeated table entry was reset to '0'",
              "(first occurrence kept). A reader must map file bytes through the table using the",
              "first (canonical) position of each character.",
              "Variable names in a portable file are upper case (pspp wrote ID, GENDER, ...);",
              "haven reports what is in the file.", "")
    md <- c(md, sprintf("pspp's own read-back (%s: `IMPORT` + `DISPLAY DICTIONARY` + `LIST`):", pspp_version),
            "", "```", pspp_out, "```", "")
  }
}

writeLines(md, "expected/labelled.md")
cat("\nmake_sav.R: done (zsav:", zsav_ok, ", por:", por_ok, ")\n")
