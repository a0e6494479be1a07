#!/usr/bin/env bash
# CLI tests of `ambidex mediate`: bad input (exit code, message, no output file),
# thread-count reproducibility, --save-boot, JSON keys.
# usage: bash test_mediate.sh AMBIDEX_BINARY SOURCE_DIR
set -u
A="$1"; SRC="$2"
D="$SRC/tests/reference/mediate/data"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0; n=0
ok() { n=$((n+1)); if ! eval "$1"; then echo "FAIL: $2"; fail=$((fail+1)); fi; }

# expect_fail CODE PATTERN ARGS...: exit code, message on stderr, no output file left.
expect_fail() {
  local code="$1" pat="$2"; shift 2
  rm -f "$T/out.txt"
  "$A" mediate "$@" -o "$T/out.txt" >"$T/stdout" 2>"$T/stderr"; local rc=$?
  ok "[ $rc -eq $code ]" "exit $rc (want $code): $*"
  ok "grep -q -- \"$pat\" \"$T/stderr\"" "stderr lacks '$pat' for: $* -- got: $(cat "$T/stderr")"
  ok "[ ! -e \"$T/out.txt\" ]" "output file left behind: $*"
}

expect_fail 2 "both X and a mediator" "$D/poldem.csv" --x ind60 --m ind60 --y dem65
expect_fail 2 "both Y and a mediator" "$D/poldem.csv" --x ind60 --m dem65 --y dem65
expect_fail 2 "listed twice as a covariate" "$D/bfi_scales.csv" --x E --m A --y N --covariates age,age
expect_fail 2 "name the moderator with --w" "$D/bfi_scales.csv" --x E --m A --y N --model 7
expect_fail 2 "needs --model" "$D/bfi_scales.csv" --x E --m A --y N --w O
expect_fail 2 "did you mean" "$D/poldem.csv" --x ind60 --m dem6 --y dem65
expect_fail 2 "percentile, bc or bca" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --ci foo
expect_fail 2 "whole number from 0 to 2^53" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --seed 1e30
expect_fail 2 "PROCESS model number" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --model 1e12
expect_fail 2 "listwise" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --missing pairwise
expect_fail 2 "model 5 is not supported" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --model 5
printf 'x,m,y\n1,2,3\n2,3,1\n3,1,2\n' > "$T/tiny.csv"
expect_fail 2 "complete cases" "$T/tiny.csv" --x x --m m --y y
printf 'x,m,y,c\n1,2,3,1\n2,1,5,1\n3,4,4,1\n4,3,7,1\n5,6,6,1\n' > "$T/const.csv"
expect_fail 1 "linear combination" "$T/const.csv" --x x --m m --y y --covariates c

# A covariate that is 1 in one case: singular resamples are redrawn and reported.
printf 'x,m,y,c\n1,2,3,1\n2,1,5,0\n3,4,4,0\n4,3,7,0\n5,6,6,0\n6,5,9,0\n7,8,8,0\n8,7,11,0\n9,9,10,0\n10,12,13,0\n' > "$T/rare.csv"
"$A" mediate "$T/rare.csv" --x x --m m --y y --covariates c --boot 200 >"$T/rare.txt" 2>&1
ok "[ $? -eq 0 ]" "rare covariate run failed: $(cat "$T/rare.txt")"
ok "grep -q 'singular resamples were drawn again' \"$T/rare.txt\"" "singular resamples not reported"

# Same seed, 1 and 2 threads: identical JSON and identical resample indices.
for th in 1 2; do
  "$A" mediate "$D/bfi_scales.csv" --x E --m A,C,O --y N --covariates gender,age --boot 500 \
    --seed 42 --ci bca --mc 500 --threads $th --format json --save-boot "$T/idx$th.csv" \
    > "$T/j$th.json" 2>"$T/e$th"
  ok "[ $? -eq 0 ]" "threads=$th run failed: $(cat "$T/e$th")"
done
ok "cmp -s \"$T/j1.json\" \"$T/j2.json\"" "JSON differs between 1 and 2 threads"
ok "cmp -s \"$T/idx1.csv\" \"$T/idx2.csv\"" "resample indices differ between 1 and 2 threads"
ok "[ \$(wc -l < \"$T/idx1.csv\") -eq 500 ]" "save-boot file does not have 500 lines"
nc=$(head -1 "$T/idx1.csv" | tr ',' '\n' | wc -l)
nn=$(tr -d ' \t\n' < "$T/j1.json" | grep -o '"n":[0-9]*' | head -1 | cut -d: -f2)
ok "[ \"$nc\" = \"$nn\" ]" "save-boot line has $nc fields, n = $nn"
for k in '"equations"' '"coefficients"' '"total"' '"direct"' '"indirect"' '"std_effect"' \
         '"contrasts"' '"ci_method":"bca"' '"boot_se"' '"mc_ci_lower"' '"seed":42'; do
  ok "tr -d ' \\t\\n' < \"$T/j1.json\" | grep -q -- '$k'" "JSON lacks $k"
done
# Single mediator: Sobel and Baron & Kenny in JSON; moderated model: index.
"$A" mediate "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --boot 100 --format json > "$T/s.json"
for k in '"sobel"' '"aroian"' '"goodman"' '"baron_kenny"' '"conclusion"'; do
  ok "grep -q -- '$k' \"$T/s.json\"" "JSON lacks $k"
done
"$A" mediate "$D/bfi_scales.csv" --x E --m A,C --y N --w O --model 7 --boot 100 --format json > "$T/m7.json"
ok "grep -q '\"index_modmed\"' \"$T/m7.json\"" "model 7 JSON lacks index_modmed"
# --save-boot reproduces the committed index file that R used (tests/reference/mediate).
"$A" mediate "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --boot 1000 --seed 2026 \
  --save-boot "$T/pd_idx.csv" > /dev/null 2>&1
ok "cmp -s \"$T/pd_idx.csv\" \"$SRC/tests/reference/mediate/boot_idx_poldem.csv\"" "save-boot differs from the committed index file"
ok "[ -z \"\$(ls \"$T\" | grep '\\.tmp\\.')\" ]" "temporary file left behind"
# --save-boot is refused without a bootstrap, and nothing is written.
expect_fail 2 "no bootstrap was run" "$D/poldem.csv" --x ind60 --m dem60 --y dem65 --boot 0 --save-boot "$T/none.csv"
ok "[ ! -e \"$T/none.csv\" ]" "save-boot file written without a bootstrap"

# The study 003 example runs end to end (two commands).
bash "$SRC/examples/study003_mediation/run.sh" "$A" > "$T/ex.txt" 2>&1
ok "[ $? -eq 0 ]" "example study003 failed: $(tail -3 "$T/ex.txt")"
ok "grep -q 'Sobel' \"$T/ex.txt\" && grep -q 'AMC -> RAD -> SPEED' \"$T/ex.txt\"" "example output incomplete"

echo "$n checks, $fail failed"
[ $fail -eq 0 ]
