#!/usr/bin/env bash
# CLI tests of `--compare FILE` with a covariance matrix (--cov) and with ordered indicators
# (WLSMV / ULSMV: Satorra's 2000 scaled-shifted difference) against lavaan 0.6.14's
# lavTestLRT(fit1, fit0) (tests/reference/sem/make_compare.R, compare_lrt.csv).
set -u
. "$(dirname "$0")/lib.sh"
REF="$SRC/tests/reference/sem"
ORD="$SRC/tests/reference/ordinal"
BFI="$SRC/tests/reference/data/bfi.csv"
# lavaan's value: case, key
want() { awk -F, -v c="$1" -v k="$2" '$1 == c && $2 == k { print $3 }' "$REF/compare_lrt.csv"; }
# |a - b| <= tol * max(|b|, 1)
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  s = b < 0 ? -b : b; if (s < 1) s = 1; exit !(a != "" && d <= t * s) }'; }
# case, then the ambidex arguments: delta chi2, df and p against lavaan
check() {
  local case=$1
  shift
  if ! "$A" "$@" --format json -o "$T/$case.json" 2>"$T/err"; then
    bad "$case: $(cat "$T/err")"
    return
  fi
  for k in delta_chisq delta_df pvalue; do
    got=$(python3 -c 'import json,sys; print("%.17g" % json.load(open(sys.argv[1]))["compare"][sys.argv[2]])' \
      "$T/$case.json" $k)
    close "$got" "$(want "$case" $k)" 1e-6 && ok || bad "$case $k: $got vs lavaan $(want "$case" $k)"
  done
}
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nvisual ~~ 0*textual + 0*speed\ntextual ~~ 0*speed\n' \
  >"$T/orth.lav"
printf 'A =~ A1 + A2 + A3 + A4 + A5\n' >"$T/a.lav"
printf 'A =~ A1 + a*A2 + a*A3 + A4 + A5\n' >"$T/aeq.lav"
printf 'A =~ A1 + A2 + A3 + A4 + A5\nA4 ~~ A5\n' >"$T/arc.lav"
printf 'F =~ x1 + x2 + x3 + x4 + x5 + x6\n' >"$T/f1.lav"
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n' >"$T/f2.lav"

# 1. --cov: the ML chi2 difference of fits to a covariance matrix
check hs_cov cfa --cov "$REF/hs_cov_lower.csv" --nobs 301 "$REF/hs3.lav" --compare "$T/orth.lav"
check pd_cov sem --cov "$REF/pd_cov.csv" --nobs 75 "$REF/pd_free.lav" --compare "$REF/pd.lav"
# 2. ordered indicators: Satorra (2000), either model first
check bfi_eq cfa "$BFI" "$T/a.lav" --ordered all --compare "$T/aeq.lav"
check bfi_rc cfa "$BFI" "$T/arc.lav" --ordered all --compare "$T/a.lav"
check bfi_eq_uls cfa "$BFI" "$T/aeq.lav" --ordered all --estimator ULSMV --compare "$T/a.lav"
check hsord_1f cfa "$ORD/hs_ord.csv" "$T/f2.lav" --ordered all --compare "$T/f1.lav"
check hsmix_orth cfa "$ORD/hs_mixed.csv" "$REF/hs3.lav" --ordered x1,x2,x3 --compare "$T/orth.lav"
# the other model's variables in another order (its statistics are permuted to the first's)
printf 'speed =~ x7 + x8 + x9\ntextual =~ x4 + x5 + x6\nvisual =~ x1 + x2 + x3\n' >"$T/hs3r.lav"
check hsmix_orth cfa "$ORD/hs_mixed.csv" "$T/orth.lav" --ordered x1,x2,x3 --compare "$T/hs3r.lav"
python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["compare"]["method"] != "satorra.2000")' \
  "$T/bfi_eq.json" && ok || bad "method satorra.2000"
"$A" cfa "$BFI" "$T/a.lav" --ordered all --compare "$T/aeq.lav" |
  grep -q 'Scaled-shifted chi-square difference (Satorra 2000) = 27.235, df = 1' && ok ||
  bad "ordered text"
# the theta parameterization where its models are the delta ones rescaled (no constraint
# lines or fixed values; equal loadings on one factor stay equal standardized): lavaan's
# delta figure (theta fits under constraint lines: test_sem_gcon_diff.sh)
check bfi_eq cfa "$BFI" "$T/a.lav" --ordered all --parameterization theta --compare "$T/aeq.lav"
check bfi_eq_uls cfa "$BFI" "$T/aeq.lav" --ordered all --estimator ULSMV --parameterization theta \
  --compare "$T/a.lav"
check hsord_1f cfa "$ORD/hs_ord.csv" "$T/f2.lav" --ordered all --parameterization theta \
  --compare "$T/f1.lav"
# 3. refusals (exit 2): other observed variables (with --group: test_sem_mg_compare.sh)
printf 'A =~ A1 + A2 + A3 + A4\n' >"$T/a4.lav"
"$A" cfa "$BFI" "$T/a.lav" --ordered all --compare "$T/a4.lav" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "same observed variables" "$T/err" && ok || bad "other variables: $(cat "$T/err")"
echo "test_sem_compare: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
