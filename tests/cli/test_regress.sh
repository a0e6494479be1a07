#!/usr/bin/env bash
# CLI checks of regress, moderate, ttest, anova, crosstab and iv: bad input gives the
# documented exit code, a clear message on stderr and no output file; good input
# gives the documented JSON keys. Usage: bash test_regress.sh AMBIDEX SOURCE_DIR
set -u
BIN=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
n=0

# expect CODE PATTERN -- command...: exit code and a stderr pattern; no -o file left.
expect() {
    local code=$1 pat=$2
    shift 3
    n=$((n + 1))
    rm -f "$TMP/out.txt"
    "$BIN" "$@" -o "$TMP/out.txt" >"$TMP/stdout" 2>"$TMP/stderr"
    local rc=$?
    if [ "$rc" != "$code" ]; then
        echo "FAIL: exit $rc, expected $code: $*"; cat "$TMP/stderr"; fail=$((fail + 1)); return
    fi
    if ! grep -q -- "$pat" "$TMP/stderr"; then
        echo "FAIL: stderr lacks '$pat': $*"; cat "$TMP/stderr"; fail=$((fail + 1)); return
    fi
    if [ -e "$TMP/out.txt" ]; then
        echo "FAIL: output file left behind: $*"; fail=$((fail + 1))
    fi
}

# ok PATTERN... -- command...: exit 0 and every pattern in stdout.
ok() {
    local pats=()
    while [ "$1" != "--" ]; do pats+=("$1"); shift; done
    shift
    n=$((n + 1))
    "$BIN" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    local rc=$?
    if [ "$rc" != 0 ]; then
        echo "FAIL: exit $rc: $*"; cat "$TMP/stderr"; fail=$((fail + 1)); return
    fi
    for p in "${pats[@]}"; do
        if ! grep -q -- "$p" "$TMP/stdout"; then
            echo "FAIL: output lacks '$p': $*"; fail=$((fail + 1)); return
        fi
    done
}

cat >"$TMP/col.csv" <<'CSV'
y,x1,x2,x3,g,c
1,1,2,5,a,3
3,2,4,1,b,3
2,3,6,4,a,3
5,4,8,2,c,3
4,5,10,3,b,3
6,6,12,6,a,3
CSV
cat >"$TMP/tiny.csv" <<'CSV'
y,x1,x2,x3
1,1,2,5
3,2,1,1
2,3,6,4
CSV

D="$TMP/col.csv"
BFI="$SRC/tests/reference/data/bfi.csv"
IV="$SRC/tests/reference/regress/data/iv.csv"
MT="$SRC/tests/reference/regress/data/mtcars.csv"

# Perfect collinearity: refused, the aliased term named (exit 1: the analysis failed).
expect 1 "term 'x2' is a linear combination" -- regress "$D" "y ~ x1 + x2"
expect 1 "term 'x2' is a linear combination" -- regress "$D" "y ~ x1" --block "x3 + x2"
# More parameters than cases.
expect 2 "a regression needs more cases than parameters" -- regress "$TMP/tiny.csv" "y ~ x1 + x2 + x3"
# Dependent variable with zero variance.
expect 2 "zero variance" -- regress "$D" "c ~ x1 + x3"
# Unknown variable with a suggestion; malformed formula; bad options.
expect 2 "x4" -- regress "$D" "y ~ x1 + x4"
expect 2 "has no '~'" -- regress "$D" "y x1"
expect 2 "only log(VAR) and factor(VAR)" -- regress "$D" "y ~ sqrt(x1)"
# Messages name what was written: a second '~', an expression inside log().
expect 2 "formula 'y ~ ~ x1 +' has more than one '~'" -- regress "$D" "y ~ ~ x1 +"
expect 2 "formula 'y ~ ~ x1 +' has more than one '~'" -- regress "$D" "y ~ ~ x1 +" --stream
expect 2 "'~ x3': '~' belongs only between Y" -- regress "$D" "y ~ x1" --block "~ x3"
expect 2 "term 'log(0 - x1)': log() and factor() take one variable" -- regress "$D" "y ~ log(0 - x1)"
expect 2 "--robust takes hc0" -- regress "$D" "y ~ x1" --robust hc9
expect 2 "uses listwise deletion" -- regress "$D" "y ~ x1" --missing pairwise
expect 2 "adds no new terms" -- regress "$D" "y ~ x1 + x3" --block "x1"
expect 2 "the log needs positive values" -- regress "$BFI" "A1 ~ log(A2)" --compute "A2 = A2 - 3"
# t-test grouping variable with other than two levels.
expect 2 "has 3 levels; an independent-samples t-test needs two" -- ttest "$D" y --group g
expect 2 "has 5 levels" -- ttest "$BFI" A1 --group education
expect 2 "no level '9'" -- ttest "$BFI" A1 --group gender --levels 1,9
expect 2 "choose one test" -- ttest "$BFI" A1
# Instruments fewer than endogenous regressors; malformed iv model.
expect 2 "2 endogenous regressor(s) but 1 excluded instrument(s)" -- iv "$IV" "y ~ c1 | x + z1 ~ z2"
expect 2 "CONTROLS | ENDOGENOUS ~ INSTRUMENTS" -- iv "$IV" "y ~ x + c1"
expect 2 "--y, --x and --w are all required" -- moderate "$MT" --y mpg --x hp
expect 2 "needs two or more" -- anova "$D" c --group c

# Streaming: plain variables only; no robust SEs; a bad cell names line and column.
expect 2 "plain variable names" -- regress "$MT" "mpg ~ wt*hp" --stream
expect 2 "cannot give robust SEs" -- regress "$MT" "mpg ~ wt" --stream --robust hc3
printf 'y,x\n1,2\n2,abc\n3,4\n' >"$TMP/badcell.csv"
expect 2 "badcell.csv:3: column 'x': 'abc' is not a finite number" -- regress "$TMP/badcell.csv" "y ~ x" --stream
printf 'y,x\n1,2\n2,inf\n3,4\n' >"$TMP/inf.csv"
expect 2 "inf.csv:3: column 'x': 'inf' is not a finite number" -- regress "$TMP/inf.csv" "y ~ x" --stream
ok '"models"' '"coefficients"' '"term":	"qsec"' -- regress "$MT" "mpg ~ wt + hp + qsec" --stream --format json

# Good input: tables, JSON keys and the ambidexterity indices (combined = sum,
# balance = |A - B|, product of the centred parts) through --compute. The sum is
# collinear with the two main effects, so it enters without them.
ok "Model summary" "R2 change" "Collinearity diagnostics" "Tolerance" -- \
    regress "$MT" "mpg ~ wt + hp" --block "factor(cyl) + log(disp)" --dw
ok '"models"' '"r2_change"' '"p_change"' '"coefficients"' '"tolerance"' '"vif"' '"ci_lower"' \
    '"collinearity"' '"condition_index"' '"se_type":	"HC3"' -- \
    regress "$MT" "mpg ~ wt*hp" --robust hc3 --format json
ok '"term":	"AMBI"' '"term":	"BAL"' '"term":	"COMB"' '"term":	"EXPLOIT:EXPLORE"' -- \
    regress "$BFI" "A1 ~ COMB" --block "BAL" --block "AMBI + EXPLOIT:EXPLORE" \
    --compute "EXPLOIT = mean(C1, C2, C3)" --compute "EXPLORE = mean(O1, O2, O3)" \
    --compute "AMBI = center(EXPLOIT) * center(EXPLORE)" --compute "BAL = abs(EXPLOIT - EXPLORE)" \
    --compute "COMB = EXPLOIT + EXPLORE" --format json
ok '"centered":	\["wt", "hp"\]' -- regress "$MT" "mpg ~ wt*hp" --center wt,hp --format json
ok "Johnson-Neyman" "Conditional effects" "interaction plot" -- \
    moderate "$MT" --y mpg --x hp --w wt --covariates disp --probe pct
ok '"conditional_effects"' '"johnson_neyman"' '"plot"' -- \
    moderate "$MT" --y mpg --x hp --w wt --center --format json
ok "in the groups of cyl" "hp:cyl8" -- moderate "$MT" --y mpg --x hp --w "factor(cyl)" --covariates disp
ok "Levene" "Not assumed" "Cohen's d" -- ttest "$BFI" A1 C1 E1 --group gender
ok '"welch_t"' '"cohen_d"' '"levene_p"' -- ttest "$BFI" A1 --group education --levels 1,5 --format json
ok "g = a" "g = b" -- ttest "$D" y x3 --group g --levels a,b
ok "Cramer's V" -- crosstab "$D" g x1
ok "Paired-samples" -- ttest "$BFI" A1 --paired A2
ok "One-sample" -- ttest "$BFI" A1 --mu 3
ok "Eta squared" "Welch" -- anova "$BFI" A1 --group education
ok "Cramer's V" -- crosstab "$BFI" gender education
ok '"wu_hausman"' '"sargan"' '"first_stage"' '"stock_yogo_10":	22.3' -- \
    iv "$IV" "y ~ c1 | x ~ z1 + z2 + z3" --format json

# -o writes the report atomically.
n=$((n + 1))
if ! "$BIN" regress "$MT" "mpg ~ wt" -o "$TMP/r.md" --format md 2>"$TMP/stderr" || ! grep -q "Coefficients" "$TMP/r.md"; then
    echo "FAIL: -o did not write the report"; fail=$((fail + 1))
fi

echo "$n CLI checks, $fail failed"
[ "$fail" = 0 ]
