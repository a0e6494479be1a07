#!/usr/bin/env bash
# Qualitative queries at scale: 100 interviews x 10,000 words x 3 coders (issue 17).
# Times (median of 3 wall-clock runs, each loading the project) of qual check (the load
# alone), search, matrix and merge; the same search and case x code matrix in R (base
# gregexpr / table on the same files) in the same run, and the ratios.
# Usage: bash bench/qual.sh [AMBIDEX_BINARY] [N] [WORDS]  (default build/release/ambidex)
# Not part of `make test`; needs python3 and Rscript.
set -euo pipefail
BIN=$(cd "$(dirname "${1:-build/release/ambidex}")" && pwd)/$(basename "${1:-build/release/ambidex}")
N=${2:-100}
W=${3:-10000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
P="$TMP/p"
python3 "$(dirname "$0")/make_qual_project.py" "$P" "$N" "$W"
SEGS=$(cat "$P"/segments/*.csv | grep -vc '^case,')
echo "project: $N interviews x $W words, 3 coders, $SEGS segments, $(du -sm "$P" | cut -f1) MB"

# "WALL CPU": the medians of three runs of a command, wall-clock and user + system CPU
# seconds (/usr/bin/time); on a busy machine the CPU time is the figure to compare.
median3() {
    local w=() c=() x
    for _ in 1 2 3; do
        /usr/bin/time -o "$TMP/time" -f "%e %U %S" "$@" >/dev/null 2>&1
        x=$(tail -1 "$TMP/time")
        w+=("${x%% *}")
        c+=("$(echo "$x" | awk '{print $2 + $3}')")
    done
    echo "$(printf '%s\n' "${w[@]}" | sort -g | sed -n 2p) $(printf '%s\n' "${c[@]}" | sort -g | sed -n 2p)"
}

t_load=$(median3 "$BIN" qual check "$P" --format json)
t_search=$(median3 "$BIN" qual search "$P" "export*" "bank loan" --format json)
t_query=$(median3 "$BIN" qual query "$P" "theme0 AND NOT cat00" --format json)
t_matrix=$(median3 "$BIN" qual matrix "$P" --format json)
t_words=$(median3 "$BIN" qual words "$P" --format json)
t_merge=$(median3 "$BIN" qual merge "$P" --coders coder1,coder2,coder3 --rule majority --format json)
t_apply=$(median3 "$BIN" qual merge --apply "$P/reconcile-consensus.txt" --format json)
nhits=$("$BIN" qual search "$P" "export*" "bank loan" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"])')
ndis=$(grep -c '^keep \|^drop ' "$P/reconcile-consensus.txt")

# R: read the transcripts, count the same hits (case-insensitive, words), and build the
# case x code count table from the segment files (CPU seconds, proc.time user + system).
read -r r_search r_matrix r_hits < <(Rscript -e "
f <- list.files('$P/transcripts', full.names = TRUE)
cpu <- function() sum(proc.time()[c('user.self', 'sys.self')])
t0 <- cpu()
tx <- vapply(f, function(x) paste(readLines(x), collapse = '\n'), '')
h <- sum(vapply(gregexpr('\\\\b(export[[:alnum:]]*|bank[^[:alnum:]]+loan)\\\\b', tx, ignore.case = TRUE, perl = TRUE),
         function(m) sum(m > 0), 0))
t1 <- cpu()
s <- do.call(rbind, lapply(list.files('$P/segments', full.names = TRUE), read.csv))
m <- table(s\$case, s\$code)
t2 <- cpu()
cat(t1 - t0, t2 - t1, h, '\n')")

row() { printf '%-36s %7s %7s   %s\n' "$1" "${2%% *}" "${2##* }" "${3:-}"; }
row "ambidex (s, median of 3)" "wall cpu"
row "qual check (load only)" "$t_load"
row "qual search export* \"bank loan\"" "$t_search" "($nhits hits)"
row "qual query theme0 AND NOT cat00" "$t_query"
row "qual matrix" "$t_matrix"
row "qual words" "$t_words"
row "qual merge (3 coders, majority)" "$t_merge" "($ndis disagreements)"
row "qual merge --apply" "$t_apply"
printf 'R search (read + gregexpr): %.3f s CPU (%s hits); ratio ambidex/R (CPU) %.2f\n' "$r_search" "$r_hits" "$(echo "${t_search##* } / $r_search" | bc -l)"
printf 'R matrix (read.csv + table, texts not loaded): %.3f s CPU; ratio ambidex/R (CPU) %.2f\n' "$r_matrix" "$(echo "${t_matrix##* } / $r_matrix" | bc -l)"
