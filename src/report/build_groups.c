/* Report builders for group comparisons: t-tests, one-way ANOVA and crosstabs.
 * JSON keys: docs/regress.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ambidex/adx_report_stats.h"
#include "builder.h"

/* Group statistics: one header group per level over its n, M and SD. */
static void ttest_groups(adx__tb_t *b, const adx_ttest_t *T)
{
    static const adx_col_t cols[] = {ADX_COL("Variable", NULL), ADX_COL_INT("n", NULL),
                                     ADX_COL("M", NULL),        ADX_COL("SD", NULL),
                                     ADX_COL_INT("n", NULL),    ADX_COL("M", NULL),
                                     ADX_COL("SD", NULL)};
    char title[512];
    snprintf(title, sizeof title, "Group statistics by %s", T->group);
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    for (size_t q = 0; q < 2; q++) {
        char label[300];
        snprintf(label, sizeof label, "%s = %s", T->group, T->level[q]);
        adx__tb_colgroup(b, 1 + 3 * q, 3, label);
    }
    for (size_t v = 0; v < T->k; v++) {
        const adx_ttest_row_t *R = &T->rows[v];
        adx__tb_row_values(b, NULL, R->name,
                           (double[]){(double)R->n[0], R->mean[0], R->sd[0], (double)R->n[1],
                                      R->mean[1], R->sd[1]});
    }
}

static void ttest_json(adx__tb_t *b, cJSON *arr, const adx_ttest_row_t *R)
{
    cJSON *o = adx__jobj(b, arr, NULL);
    adx__jstr(b, o, "variable", R->name);
    adx__jadd(b, o, "n", adx__jdoubles((double[]){(double)R->n[0], (double)R->n[1]}, 2));
    adx__jadd(b, o, "mean", adx__jdoubles(R->mean, 2));
    adx__jadd(b, o, "sd", adx__jdoubles(R->sd, 2));
    const adx_jf_t jf[] = {{"levene_f", R->levene_f},     {"levene_df1", R->levene_df1},
                           {"levene_df2", R->levene_df2}, {"levene_p", R->levene_p},
                           {"mean_difference", R->diff},  {"t", R->t},
                           {"df", R->df},                 {"p", R->p},
                           {"se", R->se},                 {"ci_lower", R->lo},
                           {"ci_upper", R->hi},           {"welch_t", R->w_t},
                           {"welch_df", R->w_df},         {"welch_p", R->w_p},
                           {"welch_se", R->w_se},         {"welch_ci_lower", R->w_lo},
                           {"welch_ci_upper", R->w_hi},   {"cohen_d", R->d}};
    adx__jfields(b, o, jf, ADX_NELEM(jf));
}

/* The t-tests: per variable, the Student row (equal variances) and the Welch row;
 * the two differ only in the df column (whole for Student, fractional for Welch). */
#define TTEST_COLS(df)                                                                         \
    {ADX_COL("Variances", NULL),       ADX_COL("Levene F", NULL),      ADX_COL_P("Sig.", NULL), \
     ADX_COL("t", NULL),               df,                             ADX_COL_P("Sig. (2-tailed)", NULL), \
     ADX_COL("Mean difference", NULL), ADX_COL("SE difference", NULL), ADX_COL("CI lower", NULL), \
     ADX_COL("CI upper", NULL),        ADX_COL("Cohen's d", NULL)}
static void ttest_tests(adx__tb_t *b, const adx_ttest_t *T, cJSON *arr)
{
    static const adx_col_t student[] = TTEST_COLS(ADX_COL_INT("df", NULL));
    static const adx_col_t welch[] = TTEST_COLS(ADX_COL("df", NULL));
    char title[512];
    snprintf(title, sizeof title, "Independent-samples t-tests (%s minus %s)", T->level[0],
             T->level[1]);
    adx__tb_table_cols(b, title, student, ADX_NELEM(student));
    for (size_t v = 0; v < T->k; v++) {
        const adx_ttest_row_t *R = &T->rows[v];
        adx__tb_rowgroup(b, "Variable", R->name);
        adx__tb_set_cols(b, student);
        adx__tb_row_values(b, NULL, "Equal assumed",
                           (double[]){R->levene_f, R->levene_p, R->t, R->df, R->p, R->diff, R->se,
                                      R->lo, R->hi, R->d});
        adx__tb_set_cols(b, welch);
        adx__tb_row_values(b, NULL, "Not assumed",
                           (double[]){NAN, NAN, R->w_t, R->w_df, R->w_p, R->diff, R->w_se, R->w_lo,
                                      R->w_hi, NAN});
        ttest_json(b, arr, R);
    }
    adx__tb_note(b, "Levene's test uses absolute deviations from the group means (SPSS). "
                    "Cohen's d = mean difference / pooled SD. %g%% CI.", 100 * T->ci_level);
}

adx_error_t adx_report_ttest(const adx_ttest_t *T, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "group", T->group);
    adx__jadd(&b, root, "levels", adx__jstrings((const char *const *)T->level, 2));
    adx__jnum(&b, root, "ci_level", T->ci_level);
    cJSON *arr = adx__jarray(&b, root, "tests");
    ttest_groups(&b, T);
    ttest_tests(&b, T, arr);
    adx__tb_methods(&b,
                    "Groups (%s = %s vs %s) were compared with independent-samples t tests "
                    "(Levene's test; Student and Welch versions; Cohen's d).",
                    T->group, T->level[0], T->level[1]);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_ttest1(const adx_ttest1_t *T, int paired, adx_report_t **out,
                              adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {
        ADX_COL("Variable", NULL), ADX_COL_INT("N", NULL),   ADX_COL("Mean", NULL),
        ADX_COL("SD", NULL),       ADX_COL("SE", NULL),      ADX_COL("t", NULL),
        ADX_COL_INT("df", NULL),   ADX_COL_P("Sig. (2-tailed)", NULL),
        ADX_COL("CI lower", NULL), ADX_COL("CI upper", NULL), ADX_COL("Cohen's d", NULL)};
    adx__tb_t b;
    cJSON *o = adx__tb_init(&b);
    adx__jstr(&b, o, "test", paired ? "paired" : "one-sample");
    adx__jstr(&b, o, "variable", T->name);
    const adx_jf_t jf[] = {{"n", (double)T->n}, {"mean", T->mean},   {"sd", T->sd},
                           {"mu", T->mu},       {"t", T->t},         {"df", T->df},
                           {"p", T->p},         {"se", T->se},       {"ci_lower", T->lo},
                           {"ci_upper", T->hi}, {"cohen_d", T->d}};
    adx__jfields(&b, o, jf, ADX_NELEM(jf));
    adx__tb_table_cols(&b, paired ? "Paired-samples t-test" : "One-sample t-test", cols,
                       ADX_NELEM(cols));
    adx__tb_row_values(&b, NULL, T->name,
                       (double[]){(double)T->n, T->mean, T->sd, T->se, T->t, T->df, T->p, T->lo,
                                  T->hi, T->d});
    if (paired)
        adx__tb_note(&b, "Mean, SD and CI of the differences; d = mean / SD of the differences.");
    else
        adx__tb_note(&b, "Test value %g; the CI is of the mean minus %g; d = (mean - test value) "
                         "/ SD.", T->mu, T->mu);
    return adx__tb_done(&b, out, ctx);
}

/* SPSS's "Tests of Homogeneity of Variances" and "Robust Tests of Equality of Means". */
static void anova_levene(adx__tb_t *b, const adx_anova_t *A, cJSON *root)
{
    static const adx_col_t lc[] = {ADX_COL("Centre", "centre"), ADX_COL("Levene statistic", "f"),
                                   ADX_COL_INT("df1", "df1"), ADX_COL_INT("df2", "df2"),
                                   ADX_COL_P("Sig.", "p")};
    static const adx_col_t wc[] = {ADX_COL("Test", NULL), ADX_COL("Statistic", NULL),
                                   ADX_COL("df1", NULL), ADX_COL("df2", NULL),
                                   ADX_COL_P("Sig.", NULL)};
    cJSON *arr = adx__jarray(b, root, "levene");
    adx__tb_table_cols(b, "Test of homogeneity of variances (Levene)", lc, ADX_NELEM(lc));
    static const char *const ctr[] = {"Based on mean", "Based on median"};
    for (int c = 0; c < 2; c++)
        adx__tb_row_values(b, arr, ctr[c],
                           (double[]){A->levene_f[c], A->levene_df1, A->levene_df2,
                                      A->levene_p[c]});
    adx__tb_note(b, "Levene's statistic is the ANOVA of |y - group mean| (SPSS, Levene 1960) "
                    "or of |y - group median| (Brown-Forsythe 1974).");
    if (isnan(A->welch_f))
        return;
    adx__tb_table_cols(b, "Robust test of equality of means", wc, ADX_NELEM(wc));
    adx__tb_row_values(b, NULL, "Welch",
                       (double[]){A->welch_f, A->welch_df1, A->welch_df2, A->welch_p});
}

/* One post-hoc table per test asked for, SPSS's "Multiple Comparisons" layout. */
static void anova_posthoc(adx__tb_t *b, const adx_anova_t *A, cJSON *root)
{
    static const adx_col_t pc[] = {ADX_COL("(J) group", "j"),     ADX_COL("Mean difference (I-J)", "diff"),
                                   ADX_COL("Std. error", "se"),   ADX_COL("df", "df"),
                                   ADX_COL_P("Sig.", "p"),        ADX_COL("CI lower", "ci_lower"),
                                   ADX_COL("CI upper", "ci_upper")};
    static const char *const title[] = {"Tukey HSD", "Games-Howell", "Bonferroni"};
    static const char *const jkey[] = {"tukey", "games_howell", "bonferroni"};
    const adx_posthoc_pair_t *sets[] = {A->tukey, A->gh, A->bonferroni};
    if (!A->posthoc)
        return;
    cJSON *ph = adx__jobj(b, root, "posthoc");
    for (int t = 0; t < 3; t++) {
        if (!sets[t])
            continue;
        char tt[160];
        snprintf(tt, sizeof tt, "Multiple comparisons: %s", title[t]);
        adx__tb_table_cols(b, tt, pc, ADX_NELEM(pc));
        cJSON *arr = adx__jarray(b, ph, jkey[t]);
        /* Every ordered pair (I, J), I != J, as SPSS prints them. */
        for (size_t i = 0; i < A->k; i++) {
            adx__tb_rowgroup(b, "(I) group", A->levels[i]);
            for (size_t q = 0; q < A->npairs; q++) {
                const adx_posthoc_pair_t *p = &sets[t][q];
                if (p->i != i && p->j != i)
                    continue;
                double sg = p->i == i ? 1 : -1;
                size_t j = p->i == i ? p->j : p->i;
                adx__tb_row_values(b, NULL, A->levels[j],
                    (double[]){sg * p->diff, p->se, p->df, p->p, sg > 0 ? p->lo : -p->hi,
                               sg > 0 ? p->hi : -p->lo});
                if (sg > 0) {
                    cJSON *jo = adx__jobj(b, arr, NULL);
                    adx__jstr(b, jo, "i", A->levels[p->i]);
                    adx__jstr(b, jo, "j", A->levels[p->j]);
                    const adx_jf_t jf[] = {{"diff", p->diff}, {"se", p->se}, {"df", p->df},
                                           {"statistic", p->stat}, {"p", p->p},
                                           {"ci_lower", p->lo}, {"ci_upper", p->hi}};
                    adx__jfields(b, jo, jf, ADX_NELEM(jf));
                }
            }
        }
        adx__tb_note(b, "%g%% simultaneous intervals. %s", 100 * A->ci_level,
                     t == 0 ? "Tukey-Kramer: q = |diff| / sqrt(MSE/2 (1/n_i + 1/n_j)), "
                              "studentized range with the ANOVA's error df."
                     : t == 1 ? "Games-Howell: Welch SE and df per pair, studentized range."
                              : "Bonferroni: pooled-MSE t tests, p multiplied by the number of "
                                "pairs (capped at 1).");
    }
}

adx_error_t adx_report_anova(const adx_anova_t *A, adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t dc[] = {ADX_COL("Group", "level"), ADX_COL_INT("N", "n"),
                                   ADX_COL("Mean", "mean"), ADX_COL("SD", "sd")};
    static const adx_col_t ac[] = {ADX_COL("Source", NULL),      ADX_COL("Sum of squares", NULL),
                                   ADX_COL_INT("df", NULL),      ADX_COL("Mean square", NULL),
                                   ADX_COL("F", NULL),           ADX_COL_P("Sig.", NULL),
                                   ADX_COL("Eta squared", NULL)};
    char title[512], pb[32];
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "dependent", A->y);
    adx__jstr(&b, root, "group", A->group);
    cJSON *gr = adx__jarray(&b, root, "groups");
    snprintf(title, sizeof title, "%s by %s", A->y, A->group);
    adx__tb_table_cols(&b, title, dc, ADX_NELEM(dc));
    for (size_t l = 0; l < A->k; l++)
        adx__tb_row_values(&b, gr, A->levels[l], (double[]){(double)A->n[l], A->mean[l], A->sd[l]});
    adx__tb_table_cols(&b, "One-way ANOVA", ac, ADX_NELEM(ac));
    adx__tb_row_values(&b, NULL, "Between groups",
                       (double[]){A->ss_between, A->df1, A->ss_between / A->df1, A->f, A->p,
                                  A->eta2});
    adx__tb_row_values(&b, NULL, "Within groups",
                       (double[]){A->ss_within, A->df2, A->ss_within / A->df2, NAN, NAN, NAN});
    adx__tb_row_values(&b, NULL, "Total",
                       (double[]){A->ss_total, A->df1 + A->df2, NAN, NAN, NAN, NAN});
    if (!isnan(A->welch_f))
        adx__tb_note(&b, "Welch's F(%g, %.2f) = %.3f, %s (unequal variances).", A->welch_df1,
                     A->welch_df2, A->welch_f, adx__ptext(A->welch_p, pb, sizeof pb));
    anova_levene(&b, A, root);
    anova_posthoc(&b, A, root);
    const adx_jf_t jf[] = {{"ss_between", A->ss_between}, {"ss_within", A->ss_within},
                           {"ss_total", A->ss_total},     {"df1", A->df1},
                           {"df2", A->df2},               {"f", A->f},
                           {"p", A->p},                   {"eta2", A->eta2},
                           {"welch_f", A->welch_f},       {"welch_df1", A->welch_df1},
                           {"welch_df2", A->welch_df2},   {"welch_p", A->welch_p}};
    adx__jfields(&b, root, jf, ADX_NELEM(jf));
    return adx__tb_done(&b, out, ctx);
}

/* Counts and row percentages (two rows), one row group per row level; returns the number of
 * cells with an expected count below 5. */
static size_t crosstab_table(adx__tb_t *b, const adx_crosstab_t *X, cJSON *cnt)
{
    size_t small = 0;
    const char **cols = adx__tb_check(b, calloc(X->nc + 1, sizeof *cols));
    if (!cols)
        return 0;
    for (size_t c = 0; c < X->nc; c++)
        cols[c] = X->clevels[c];
    cols[X->nc] = "Total";
    char title[512];
    snprintf(title, sizeof title, "%s by %s (counts, row %%)", X->row, X->col);
    adx__tb_table(b, title, X->nc + 1, cols);
    free(cols);
    for (size_t a = 0; a < X->nr; a++) {
        double ra = 0;
        for (size_t c = 0; c < X->nc; c++)
            ra += X->count[a * X->nc + c];
        adx__tb_rowgroup(b, X->row, X->rlevels[a]);
        size_t i = adx__tb_row(b), j = adx__tb_row(b);
        for (size_t c = 0; c < X->nc; c++) {
            double cb = 0;
            for (size_t q = 0; q < X->nr; q++)
                cb += X->count[q * X->nc + c];
            small += ra * cb / X->n < 5;
            adx__tb_int(b, i, c, X->count[a * X->nc + c]);
            adx__tb_numsfx(b, j, c, 100 * X->count[a * X->nc + c] / ra, ADX_NUM_PCT, 1, "%");
        }
        adx__tb_int(b, i, X->nc, ra);
        adx__tb_numsfx(b, j, X->nc, 100, ADX_NUM_PCT, 1, "%");
        adx__jadd(b, cnt, NULL, adx__jdoubles(&X->count[a * X->nc], X->nc));
    }
    return small;
}

/* SPSS's "Chi-Square Tests" and "Symmetric Measures" tables. */
static void crosstab_tests(adx__tb_t *b, const adx_crosstab_t *X)
{
    static const adx_col_t tc[] = {ADX_COL("Test", NULL), ADX_COL("Value", NULL),
                                   ADX_COL_INT("df", NULL), ADX_COL_P("Asymp. Sig. (2-sided)", NULL),
                                   ADX_COL_P("Exact Sig. (2-sided)", NULL),
                                   ADX_COL_P("Exact Sig. (1-sided)", NULL)};
    static const adx_col_t mc[] = {ADX_COL("Measure", NULL), ADX_COL("Value", NULL),
                                   ADX_COL_P("Approx. Sig.", NULL)};
    adx__tb_table_cols(b, "Chi-square tests", tc, ADX_NELEM(tc));
    adx__tb_row_values(b, NULL, "Pearson chi-square",
                       (double[]){X->chi2, X->df, X->p, NAN, NAN});
    if (!isnan(X->yates_chi2))
        adx__tb_row_values(b, NULL, "Continuity correction (Yates)",
                           (double[]){X->yates_chi2, 1, X->yates_p, NAN, NAN});
    if (!isnan(X->fisher_p) || X->fisher_limit)
        adx__tb_row_values(b, NULL, "Fisher's exact test",
                           (double[]){NAN, NAN, NAN, X->fisher_p,
                                      fmin(X->fisher_less, X->fisher_greater)});
    if (X->mc_b > 0) {
        adx__tb_row_values(b, NULL, "Fisher's exact test, Monte Carlo",
                           (double[]){NAN, NAN, NAN, X->mc_p, NAN});
        adx__tb_note(b, "Monte Carlo p: %ld random tables with the observed margins, seed %llu; "
                        "99%% CI [%.4f, %.4f].", X->mc_b, (unsigned long long)X->mc_seed,
                     X->mc_lo, X->mc_hi);
    }
    if (X->fisher_limit)
        adx__tb_note(b, "The exact test needs more enumeration than the limit allows; its p is "
                        "not computed (use the Monte Carlo p: --simulate 10000).");
    else if (isnan(X->fisher_p) && X->mc_b == 0)
        adx__tb_note(b, "Fisher's exact test for tables larger than 2 x 2: --exact.");
    if (!isnan(X->yates_chi2))
        adx__tb_note(b, "Exact 1-sided p: the smaller of P(X <= a) and P(X >= a), a = the first "
                        "cell (JSON: fisher_p_less, fisher_p_greater).");
    adx__tb_table_cols(b, "Symmetric measures", mc, ADX_NELEM(mc));
    adx__tb_row_values(b, NULL, "Phi", (double[]){X->phi, X->p});
    adx__tb_row_values(b, NULL, "Cramer's V", (double[]){X->cramer_v, X->p});
}

adx_error_t adx_report_crosstab(const adx_crosstab_t *X, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "row", X->row);
    adx__jstr(&b, root, "column", X->col);
    cJSON *cnt = adx__jarray(&b, root, "counts");
    size_t small = crosstab_table(&b, X, cnt);
    crosstab_tests(&b, X);
    if (small)
        adx__tb_note(&b, "%zu of %zu cells have an expected count below 5.", small,
                     X->nr * X->nc);
    adx__jadd(&b, root, "row_levels", adx__jstrings((const char *const *)X->rlevels, X->nr));
    adx__jadd(&b, root, "column_levels", adx__jstrings((const char *const *)X->clevels, X->nc));
    const adx_jf_t jf[] = {{"n", X->n},
                           {"chi2", X->chi2},
                           {"df", X->df},
                           {"p", X->p},
                           {"cramer_v", X->cramer_v},
                           {"phi", X->phi},
                           {"yates_chi2", X->yates_chi2},
                           {"yates_p", X->yates_p},
                           {"fisher_p", X->fisher_p},
                           {"fisher_p_less", X->fisher_less},
                           {"fisher_p_greater", X->fisher_greater},
                           {"fisher_mc_p", X->mc_p},
                           {"fisher_mc_ci_lower", X->mc_lo},
                           {"fisher_mc_ci_upper", X->mc_hi},
                           {"fisher_mc_tables", (double)X->mc_b},
                           {"cells_expected_below_5", (double)small}};
    adx__jfields(&b, root, jf, ADX_NELEM(jf));
    return adx__tb_done(&b, out, ctx);
}
