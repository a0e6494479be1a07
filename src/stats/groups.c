/* Group tests: independent, paired and one-sample t-tests (with Levene's test and
 * Cohen's d), one-way ANOVA (with eta squared and Welch's F) and the chi-square
 * test of independence (with Cramer's V). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "stats_priv.h"

/* Levels of a grouping variable: sorted distinct values (numerically for numeric
 * variables), and each case's level index (-1 when missing). */
typedef struct {
    size_t k;
    char **names;
    long *of; /* nrows */
} levels_t;

static void levels_free(levels_t *l)
{
    adx__free_strings(l->names, l->k);
    free(l->of);
    memset(l, 0, sizeof *l);
}

static adx_error_t get_levels(const adx_dataset_t *ds, size_t var, levels_t *L, adx_errctx_t *ctx)
{
    memset(L, 0, sizeof *L);
    const adx_variable_t *v = &ds->vars[var];
    size_t N = ds->nrows, k = 0;
    adx_error_t rc = ADX_OK;
    double *dv = NULL;
    char **sv = NULL;
    if (!(L->of = malloc((N ? N : 1) * sizeof *L->of)))
        goto oom;
    if (v->type == ADX_VAR_NUMERIC) {
        if (!(dv = malloc((N ? N : 1) * sizeof *dv)))
            goto oom;
        size_t m = 0;
        for (size_t i = 0; i < N; i++)
            if (!isnan(v->num[i]))
                dv[m++] = v->num[i];
        k = adx__sort_unique(dv, m, sizeof *dv, adx__cmp_double);
        if (!(L->names = calloc(k ? k : 1, sizeof *L->names)))
            goto oom;
        L->k = k;
        for (size_t l = 0; l < k; l++) {
            char b[64];
            snprintf(b, sizeof b, "%.15g", dv[l]);
            /* Value labels give the level its name where they exist. */
            for (size_t q = 0; q < v->n_vlabels; q++)
                if (v->vlabels[q].value == dv[l] && v->vlabels[q].label) {
                    snprintf(b, sizeof b, "%.15g (%s)", dv[l], v->vlabels[q].label);
                    break;
                }
            if (!(L->names[l] = adx__strdup(b)))
                goto oom;
        }
        for (size_t i = 0; i < N; i++) {
            L->of[i] = -1;
            if (isnan(v->num[i]))
                continue;
            double *hit = bsearch(&v->num[i], dv, k, sizeof *dv, adx__cmp_double);
            L->of[i] = hit ? (long)(hit - dv) : -1;
        }
    } else {
        if (!(sv = malloc((N ? N : 1) * sizeof *sv)))
            goto oom;
        size_t m = 0;
        for (size_t i = 0; i < N; i++)
            if (v->str[i])
                sv[m++] = v->str[i];
        k = adx__sort_unique(sv, m, sizeof *sv, adx__cmp_str);
        if (!(L->names = calloc(k ? k : 1, sizeof *L->names)))
            goto oom;
        L->k = k;
        for (size_t l = 0; l < k; l++)
            if (!(L->names[l] = adx__strdup(sv[l])))
                goto oom;
        for (size_t i = 0; i < N; i++) {
            L->of[i] = -1;
            if (!v->str[i])
                continue;
            char **hit = bsearch(&v->str[i], sv, k, sizeof *sv, adx__cmp_str);
            L->of[i] = hit ? (long)(hit - sv) : -1;
        }
    }
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    free(dv);
    free(sv);
    if (rc)
        levels_free(L);
    return rc;
}

/* Index of the level written as `text` (its value, or its label). */
static long find_level(const levels_t *L, const adx_variable_t *v, const char *text)
{
    char *end = NULL;
    double x = strtod(text, &end);
    for (size_t l = 0; l < L->k; l++) {
        if (!strcmp(L->names[l], text))
            return (long)l;
        if (v->type == ADX_VAR_NUMERIC && end != text && *end == 0) {
            double lv = strtod(L->names[l], NULL);
            if (lv == x)
                return (long)l;
        }
        const char *paren = strchr(L->names[l], '(');
        if (paren && !strncmp(paren + 1, text, strlen(text)) && paren[1 + strlen(text)] == ')')
            return (long)l;
    }
    return -1;
}

void adx_ttest_free(adx_ttest_t *t)
{
    if (!t)
        return;
    ADX__FREE(t->group, t->level[0], t->level[1]);
    for (size_t i = 0; i < t->k; i++)
        free(t->rows[i].name);
    free(t->rows);
    free(t);
}

adx_error_t adx_ttest_independent(const adx_dataset_t *ds, const size_t *ys, size_t k,
                                  size_t group, const char *level1, const char *level2,
                                  double ci_level, adx_ttest_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    levels_t L;
    adx_error_t rc = get_levels(ds, group, &L, ctx);
    if (rc)
        return rc;
    const char *gname = ds->vars[group].name;
    double *buf = NULL;
    adx_ttest_t *T = calloc(1, sizeof *T);
    long g[2] = {0, 1};
    if (!T || !(T->rows = calloc(k ? k : 1, sizeof *T->rows)) || !(T->group = adx__strdup(gname)) ||
        !(buf = malloc((ds->nrows ? ds->nrows : 1) * sizeof *buf))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    T->ci_level = ci_level;
    if (level1 && level2) {
        g[0] = find_level(&L, &ds->vars[group], level1);
        g[1] = find_level(&L, &ds->vars[group], level2);
        const char *bad = g[0] < 0 ? level1 : g[1] < 0 ? level2 : NULL;
        if (bad) {
            rc = adx_err(ctx, ADX_EUSAGE, "grouping variable '%s' has no level '%s' (it has %zu "
                                          "levels, the first '%s')",
                         gname, bad, L.k, L.k ? L.names[0] : "");
            goto cleanup;
        }
        if (g[0] == g[1]) {
            rc = adx_err(ctx, ADX_EUSAGE, "--levels names the same group twice");
            goto cleanup;
        }
    } else if (L.k != 2) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "grouping variable '%s' has %zu levels; an independent-samples t-test needs "
                     "two: choose them with --levels A,B (or use anova)",
                     gname, L.k);
        goto cleanup;
    }
    if (!(T->level[0] = adx__strdup(L.names[g[0]])) || !(T->level[1] = adx__strdup(L.names[g[1]]))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t v = 0; v < k; v++) {
        adx_ttest_row_t *R = &T->rows[v];
        T->k = v + 1;
        const double *y = ds->vars[ys[v]].num;
        if (!(R->name = adx__strdup(ds->vars[ys[v]].name))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        double m[2], s[2], zm[2], zss = 0, zall = 0;
        size_t n[2];
        for (int q = 0; q < 2; q++) {
            n[q] = 0;
            for (size_t i = 0; i < ds->nrows; i++)
                if (L.of[i] == g[q] && !isnan(y[i]))
                    buf[n[q]++] = y[i];
            if (n[q] < 2) {
                rc = adx_err(ctx, ADX_EEMPTY, "%s: group %s = %s has %zu valid cases; a t-test "
                                              "needs at least two per group",
                             R->name, gname, L.names[g[q]], n[q]);
                goto cleanup;
            }
            adx__mean_sd(buf, n[q], 1, 0, &m[q], &s[q], NULL);
            /* Levene (centre = mean, as SPSS): ANOVA on |y - group mean|. */
            double zs = 0;
            for (size_t i = 0; i < n[q]; i++)
                zs += fabs(buf[i] - m[q]);
            zm[q] = zs / (double)n[q];
            for (size_t i = 0; i < n[q]; i++)
                zss += (fabs(buf[i] - m[q]) - zm[q]) * (fabs(buf[i] - m[q]) - zm[q]);
            zall += zs;
            R->n[q] = n[q];
            R->mean[q] = m[q];
            R->sd[q] = s[q];
        }
        double N = (double)(n[0] + n[1]);
        zall /= N;
        double zb = (double)n[0] * (zm[0] - zall) * (zm[0] - zall) +
                    (double)n[1] * (zm[1] - zall) * (zm[1] - zall);
        R->levene_df1 = 1;
        R->levene_df2 = N - 2;
        R->levene_f = zb / (zss / (N - 2));
        R->levene_p = zss > 0 ? gsl_cdf_fdist_Q(R->levene_f, 1, N - 2) : NAN;
        if (!(zss > 0))
            R->levene_f = NAN;
        double v0 = s[0] * s[0], v1 = s[1] * s[1];
        double sp2 = ((double)(n[0] - 1) * v0 + (double)(n[1] - 1) * v1) / (N - 2);
        R->diff = m[0] - m[1];
        R->df = N - 2;
        R->se = sqrt(sp2 * (1.0 / (double)n[0] + 1.0 / (double)n[1]));
        R->t = R->diff / R->se;
        R->p = 2 * gsl_cdf_tdist_Q(fabs(R->t), R->df);
        double tc = gsl_cdf_tdist_Qinv((1 - ci_level) / 2, R->df);
        R->lo = R->diff - tc * R->se;
        R->hi = R->diff + tc * R->se;
        double a = v0 / (double)n[0], b = v1 / (double)n[1];
        R->w_se = sqrt(a + b);
        R->w_t = R->diff / R->w_se;
        R->w_df = (a + b) * (a + b) / (a * a / (double)(n[0] - 1) + b * b / (double)(n[1] - 1));
        R->w_p = 2 * gsl_cdf_tdist_Q(fabs(R->w_t), R->w_df);
        tc = gsl_cdf_tdist_Qinv((1 - ci_level) / 2, R->w_df);
        R->w_lo = R->diff - tc * R->w_se;
        R->w_hi = R->diff + tc * R->w_se;
        R->d = R->diff / sqrt(sp2);
    }
cleanup:
    levels_free(&L);
    free(buf);
    if (rc)
        adx_ttest_free(T);
    else
        *out = T;
    return rc;
}

void adx_ttest1_clear(adx_ttest1_t *t)
{
    free(t->name);
    t->name = NULL;
}

adx_error_t adx_ttest_paired(const adx_dataset_t *ds, size_t y1, size_t y2, double mu, double ci_level,
                             adx_ttest1_t *T, adx_errctx_t *ctx)
{
    memset(T, 0, sizeof *T);
    int paired = y2 != (size_t)-1;
    double *d = malloc((ds->nrows ? ds->nrows : 1) * sizeof *d);
    char name[512];
    if (!d)
        return adx_oom(ctx);
    size_t n = 0;
    for (size_t i = 0; i < ds->nrows; i++) {
        double a = ds->vars[y1].num[i], b = paired ? ds->vars[y2].num[i] : 0;
        if (!isnan(a) && !isnan(b))
            d[n++] = a - b;
    }
    if (paired)
        snprintf(name, sizeof name, "%s - %s", ds->vars[y1].name, ds->vars[y2].name);
    else
        snprintf(name, sizeof name, "%s", ds->vars[y1].name);
    if (n < 2) {
        free(d);
        return adx_err(ctx, ADX_EEMPTY, "%s: %zu complete cases; a t-test needs at least two", name,
                       n);
    }
    adx__mean_sd(d, n, 1, 0, &T->mean, &T->sd, NULL);
    free(d);
    if (!(T->sd > 0))
        return adx_err(ctx, ADX_ECONST, "%s has zero variance%s; the t statistic is undefined",
                       name, paired ? " (all differences equal)" : "");
    T->n = n;
    T->mu = paired ? 0 : mu;
    T->df = (double)n - 1;
    T->se = T->sd / sqrt((double)n);
    T->t = (T->mean - T->mu) / T->se;
    T->p = 2 * gsl_cdf_tdist_Q(fabs(T->t), T->df);
    double tc = gsl_cdf_tdist_Qinv((1 - ci_level) / 2, T->df);
    T->lo = T->mean - T->mu - tc * T->se;
    T->hi = T->mean - T->mu + tc * T->se;
    T->d = (T->mean - T->mu) / T->sd;
    if (!(T->name = adx__strdup(name)))
        return adx_oom(ctx);
    return ADX_OK;
}

void adx_anova_free(adx_anova_t *a)
{
    if (!a)
        return;
    free(a->y);
    free(a->group);
    adx__free_strings(a->levels, a->k);
    ADX__FREE(a->tukey, a->gh, a->bonferroni);
    ADX__FREE(a->n, a->mean, a->sd, a);
}

adx_error_t adx_anova_oneway(const adx_dataset_t *ds, size_t yv, size_t group,
                             const adx_anova_options_t *o, adx_anova_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    levels_t L;
    adx_error_t rc = get_levels(ds, group, &L, ctx);
    if (rc)
        return rc;
    const double *y = ds->vars[yv].num;
    adx_anova_t *A = calloc(1, sizeof *A);
    double *ss = NULL;
    size_t K = L.k;
    if (!A || !(A->y = adx__strdup(ds->vars[yv].name)) || !(A->group = adx__strdup(ds->vars[group].name)) ||
        !(A->n = calloc(K ? K : 1, sizeof *A->n)) || !(A->mean = calloc(K ? K : 1, sizeof(double))) ||
        !(A->sd = calloc(K ? K : 1, sizeof(double))) || !(ss = calloc(K ? K : 1, sizeof *ss))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    /* Levels that occur with a valid y. */
    for (size_t i = 0; i < ds->nrows; i++)
        if (L.of[i] >= 0 && !isnan(y[i]))
            A->n[L.of[i]]++;
    size_t used = 0;
    for (size_t l = 0; l < K; l++)
        used += A->n[l] > 0;
    if (used < 2) {
        rc = adx_err(ctx, ADX_EUSAGE, "grouping variable '%s' has %zu level(s) with valid %s; "
                                      "an ANOVA needs two or more",
                     A->group, used, A->y);
        goto cleanup;
    }
    /* Group means (two-pass). */
    for (size_t i = 0; i < ds->nrows; i++)
        if (L.of[i] >= 0 && !isnan(y[i]))
            A->mean[L.of[i]] += y[i];
    double N = 0, grand = 0;
    for (size_t l = 0; l < K; l++)
        if (A->n[l]) {
            A->mean[l] /= (double)A->n[l];
            N += (double)A->n[l];
        }
    for (size_t i = 0; i < ds->nrows; i++)
        if (L.of[i] >= 0 && !isnan(y[i])) {
            double dv = y[i] - A->mean[L.of[i]];
            ss[L.of[i]] += dv * dv;
            grand += y[i];
        }
    grand /= N;
    /* Compact to the used levels; remap[old] = new index (or -1). */
    size_t k = 0;
    long *remap = calloc(K ? K : 1, sizeof *remap);
    if (!remap) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t l = 0; l < K; l++) {
        remap[l] = A->n[l] ? (long)k : -1;
        if (!A->n[l]) {
            free(L.names[l]);
            L.names[l] = NULL;
            continue;
        }
        A->n[k] = A->n[l];
        A->mean[k] = A->mean[l];
        ss[k] = ss[l];
        L.names[k] = L.names[l];
        if (k != l)
            L.names[l] = NULL;
        k++;
    }
    A->levels = L.names;
    A->k = k;
    L.names = NULL;
    L.k = 0;
    for (size_t i = 0; i < ds->nrows; i++)
        L.of[i] = L.of[i] >= 0 ? remap[L.of[i]] : -1;
    free(remap);
    double ssw = 0, ssb = 0;
    for (size_t l = 0; l < k; l++) {
        ssw += ss[l];
        ssb += (double)A->n[l] * (A->mean[l] - grand) * (A->mean[l] - grand);
        A->sd[l] = A->n[l] > 1 ? sqrt(ss[l] / (double)(A->n[l] - 1)) : NAN;
    }
    A->ss_between = ssb;
    A->ss_within = ssw;
    A->ss_total = ssb + ssw;
    A->df1 = (double)k - 1;
    A->df2 = N - (double)k;
    if (!(A->df2 > 0) || !(ssw > 0)) {
        rc = adx_err(ctx, ADX_ECONST, "%s has no variation within the groups of %s", A->y,
                     A->group);
        goto cleanup;
    }
    A->f = (ssb / A->df1) / (ssw / A->df2);
    A->p = gsl_cdf_fdist_Q(A->f, A->df1, A->df2);
    A->eta2 = ssb / A->ss_total;
    /* Welch (1951). */
    double W = 0, wm = 0, tmp = 0;
    int ok = 1;
    for (size_t l = 0; l < k; l++)
        ok &= A->n[l] > 1 && A->sd[l] > 0;
    if (ok) {
        for (size_t l = 0; l < k; l++) {
            double w = (double)A->n[l] / (A->sd[l] * A->sd[l]);
            W += w;
            wm += w * A->mean[l];
        }
        wm /= W;
        double num = 0;
        for (size_t l = 0; l < k; l++) {
            double w = (double)A->n[l] / (A->sd[l] * A->sd[l]);
            num += w * (A->mean[l] - wm) * (A->mean[l] - wm);
            tmp += (1 - w / W) * (1 - w / W) / (double)(A->n[l] - 1);
        }
        double kk = (double)k;
        A->welch_f = (num / (kk - 1)) / (1 + 2 * (kk - 2) / (kk * kk - 1) * tmp);
        A->welch_df1 = kk - 1;
        A->welch_df2 = (kk * kk - 1) / (3 * tmp);
        A->welch_p = gsl_cdf_fdist_Q(A->welch_f, A->welch_df1, A->welch_df2);
    } else {
        A->welch_f = A->welch_df1 = A->welch_df2 = A->welch_p = NAN;
    }
    rc = adx__anova_extras(A, y, L.of, ds->nrows, o, ctx);
cleanup:
    levels_free(&L);
    free(ss);
    if (rc)
        adx_anova_free(A);
    else
        *out = A;
    return rc;
}

void adx_crosstab_free(adx_crosstab_t *c)
{
    if (!c)
        return;
    free(c->row);
    free(c->col);
    adx__free_strings(c->rlevels, c->nr);
    adx__free_strings(c->clevels, c->nc);
    free(c->count);
    free(c);
}

void adx_crosstab_options_init(adx_crosstab_options_t *o)
{
    o->exact = 0;
    o->exact_max_nodes = 1e7;
    o->simulate = 0;
    o->seed = 1;
}

/* Phi, Yates' chi-square and the exact tests of the filled table X. */
static adx_error_t crosstab_exact(adx_crosstab_t *X, const adx_crosstab_options_t *o,
                                  adx_errctx_t *ctx)
{
    const double *c = X->count;
    int two = X->nr == 2 && X->nc == 2;
    X->phi = sqrt(X->chi2 / X->n);
    X->yates_chi2 = X->yates_p = X->fisher_p = X->fisher_less = X->fisher_greater = NAN;
    X->mc_p = X->mc_lo = X->mc_hi = NAN;
    if (o->simulate > 0) {
        adx_error_t rc = adx__fisher_mc(c, X->nr, X->nc, o->simulate, o->seed, &X->mc_p, ctx);
        if (rc)
            return rc;
        double h = 2.5758293035489004 * sqrt(X->mc_p * (1 - X->mc_p) / (double)o->simulate);
        X->mc_b = o->simulate;
        X->mc_seed = o->seed;
        X->mc_lo = fmax(0, X->mc_p - h);
        X->mc_hi = fmin(1, X->mc_p + h);
    }
    if (two) {
        double r[2] = {c[0] + c[1], c[2] + c[3]}, k[2] = {c[0] + c[2], c[1] + c[3]}, y = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double d = fabs(c[2 * a + b] - r[a] * k[b] / X->n);
                y += (d > 0.5 ? (d - 0.5) * (d - 0.5) : 0) / (r[a] * k[b] / X->n);
            }
        X->yates_chi2 = y;
        X->yates_p = gsl_cdf_chisq_Q(y, 1);
        X->phi = (c[0] * c[3] - c[1] * c[2]) / sqrt(r[0] * r[1] * k[0] * k[1]);
        adx__fisher_2x2_onesided(c, &X->fisher_less, &X->fisher_greater);
    }
    if (!two && !o->exact)
        return ADX_OK;
    adx_error_t rc = adx__fisher_exact(c, X->nr, X->nc, o->exact_max_nodes, &X->fisher_p, ctx);
    X->fisher_limit = !rc && isnan(X->fisher_p);
    return rc;
}

adx_error_t adx_crosstab(const adx_dataset_t *ds, size_t row, size_t col,
                         const adx_crosstab_options_t *o, adx_crosstab_t **out,
                         adx_errctx_t *ctx)
{
    adx_crosstab_options_t def;
    if (!o) {
        adx_crosstab_options_init(&def);
        o = &def;
    }
    *out = NULL;
    levels_t R = {0}, C = {0};
    adx_crosstab_t *X = NULL;
    adx_error_t rc = get_levels(ds, row, &R, ctx);
    if (!rc)
        rc = get_levels(ds, col, &C, ctx);
    if (rc)
        goto cleanup;
    if (!(X = calloc(1, sizeof *X)) || !(X->row = adx__strdup(ds->vars[row].name)) ||
        !(X->col = adx__strdup(ds->vars[col].name)) ||
        !(X->count = calloc((R.k ? R.k : 1) * (C.k ? C.k : 1), sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t nr = R.k, nc = C.k;
    for (size_t i = 0; i < ds->nrows; i++)
        if (R.of[i] >= 0 && C.of[i] >= 0) {
            X->count[(size_t)R.of[i] * nc + (size_t)C.of[i]] += 1;
            X->n += 1;
        }
    /* Levels present among the complete cases only. */
    double *rs = calloc(nr ? nr : 1, sizeof *rs), *cs = calloc(nc ? nc : 1, sizeof *cs);
    if (!rs || !cs) {
        free(rs);
        free(cs);
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t a = 0; a < nr; a++)
        for (size_t b = 0; b < nc; b++) {
            rs[a] += X->count[a * nc + b];
            cs[b] += X->count[a * nc + b];
        }
    size_t ur = 0, uc = 0;
    for (size_t a = 0; a < nr; a++)
        ur += rs[a] > 0;
    for (size_t b = 0; b < nc; b++)
        uc += cs[b] > 0;
    if (ur < 2 || uc < 2) {
        free(rs);
        free(cs);
        rc = adx_err(ctx, ADX_EUSAGE, "%s has %zu and %s %zu level(s) in the complete cases; a "
                                      "chi-square test needs two or more of each",
                     X->row, ur, X->col, uc);
        goto cleanup;
    }
    double *cnt = calloc(ur * uc, sizeof *cnt);
    if (!cnt || !(X->rlevels = calloc(ur, sizeof(char *))) ||
        !(X->clevels = calloc(uc, sizeof(char *)))) {
        ADX__FREE(cnt, rs, cs);
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t ia = 0;
    for (size_t a = 0; a < nr; a++) {
        if (!(rs[a] > 0))
            continue;
        size_t ib = 0;
        for (size_t b = 0; b < nc; b++)
            if (cs[b] > 0)
                cnt[ia * uc + ib++] = X->count[a * nc + b];
        X->rlevels[ia++] = R.names[a];
        R.names[a] = NULL;
    }
    size_t ib = 0;
    for (size_t b = 0; b < nc; b++)
        if (cs[b] > 0) {
            X->clevels[ib++] = C.names[b];
            C.names[b] = NULL;
        }
    X->nr = ur;
    X->nc = uc;
    free(X->count);
    X->count = cnt;
    free(rs);
    free(cs);
    double chi = 0;
    for (size_t a = 0; a < ur; a++) {
        double ra = 0;
        for (size_t b = 0; b < uc; b++)
            ra += cnt[a * uc + b];
        for (size_t b = 0; b < uc; b++) {
            double cb = 0;
            for (size_t q = 0; q < ur; q++)
                cb += cnt[q * uc + b];
            double e = ra * cb / X->n, d = cnt[a * uc + b] - e;
            chi += d * d / e;
        }
    }
    X->chi2 = chi;
    X->df = (double)((ur - 1) * (uc - 1));
    X->p = gsl_cdf_chisq_Q(chi, X->df);
    X->cramer_v = sqrt(chi / (X->n * (double)((ur < uc ? ur : uc) - 1)));
    rc = crosstab_exact(X, o, ctx);
cleanup:
    levels_free(&R);
    levels_free(&C);
    if (rc)
        adx_crosstab_free(X);
    else
        *out = X;
    return rc;
}
