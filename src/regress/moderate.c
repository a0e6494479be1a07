/* Moderation: y ~ covariates + x + w + x:w, conditional effects of x at values of w,
 * Johnson-Neyman region of significance and the data of the interaction plot
 * (Hayes 2022, ch. 7; PROCESS model 1). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "../base/base.h"

void adx_moderate_options_init(adx_moderate_options_t *o)
{
    adx_ols_options_init(&o->ols);
    o->center = 0;
    o->probe = ADX_PROBE_PERCENTILES;
    o->alpha = 0.05;
    o->w_categorical = 0;
}

void adx_moderate_free(adx_moderate_t *m)
{
    if (!m)
        return;
    free(m->y);
    free(m->x);
    free(m->w);
    adx__free_strings(m->covariates, m->ncov);
    adx__free_strings(m->names, m->p);
    adx__free_strings(m->wlevels, m->wlevels ? m->nw : 0);
    adx_ols_free(m->fit);
    free(m->wv);
    free(m->effect);
    free(m->effect_se);
    free(m->effect_t);
    free(m->effect_p);
    free(m->effect_lo);
    free(m->effect_hi);
    free(m->plot_yhat);
    free(m);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    double m = s / (double)n, ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    *mean = m;
    *sd = sqrt(ss / (double)(n - 1));
}

/* Three probe values of v: mean -1SD/mean/+1SD or the 16th/50th/84th percentiles. */
static adx_error_t probe_values(const double *v, size_t n, adx_probe_t how, double *out)
{
    if (how == ADX_PROBE_MEANSD) {
        double m, s;
        mean_sd(v, n, &m, &s);
        out[0] = m - s;
        out[1] = m;
        out[2] = m + s;
        return ADX_OK;
    }
    double *s = malloc(n * sizeof *s);
    if (!s)
        return ADX_ENOMEM;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_d);
    out[0] = adx__quantile(s, n, 0.16, ADX__Q_HAVERAGE);
    out[1] = adx__quantile(s, n, 0.50, ADX__Q_HAVERAGE);
    out[2] = adx__quantile(s, n, 0.84, ADX__Q_HAVERAGE);
    free(s);
    return ADX_OK;
}

static int cmp_s(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Groups of a categorical W over the sample: sorted labels and each case's group. */
static adx_error_t w_groups(const adx_variable_t *v, const size_t *rows, size_t n, char ***labels,
                            size_t *ng, size_t *of)
{
    size_t k = 0;
    *labels = NULL;
    if (v->type == ADX_VAR_NUMERIC) {
        double *u = malloc(n * sizeof *u);
        if (!u)
            return ADX_ENOMEM;
        for (size_t i = 0; i < n; i++)
            u[i] = v->num[rows[i]];
        qsort(u, n, sizeof *u, cmp_d);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || u[i] != u[k - 1])
                u[k++] = u[i];
        char **lab = calloc(k, sizeof *lab);
        for (size_t l = 0; lab && l < k; l++) {
            char b[64];
            snprintf(b, sizeof b, "%.15g", u[l]);
            lab[l] = strdup(b);
        }
        for (size_t i = 0; i < n; i++) {
            double *hit = bsearch(&v->num[rows[i]], u, k, sizeof *u, cmp_d);
            of[i] = (size_t)(hit - u);
        }
        free(u);
        *labels = lab;
    } else {
        char **u = malloc(n * sizeof *u);
        if (!u)
            return ADX_ENOMEM;
        for (size_t i = 0; i < n; i++)
            u[i] = v->str[rows[i]];
        qsort(u, n, sizeof *u, cmp_s);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || strcmp(u[i], u[k - 1]))
                u[k++] = u[i];
        char **lab = calloc(k, sizeof *lab);
        for (size_t l = 0; lab && l < k; l++)
            lab[l] = strdup(u[l]);
        for (size_t i = 0; i < n; i++) {
            char **hit = bsearch(&v->str[rows[i]], u, k, sizeof *u, cmp_s);
            of[i] = (size_t)(hit - u);
        }
        free(u);
        *labels = lab;
    }
    *ng = k;
    if (!*labels)
        return ADX_ENOMEM;
    for (size_t l = 0; l < k; l++)
        if (!(*labels)[l])
            return ADX_ENOMEM;
    return ADX_OK;
}

adx_error_t adx_moderate(const adx_dataset_t *ds, const char *y, const char *x, const char *w,
                         const char *const *covs, size_t ncov, const adx_moderate_options_t *o,
                         adx_moderate_t **out, adx_errctx_t *ctx)
{
    adx_moderate_options_t def;
    if (!o) {
        adx_moderate_options_init(&def);
        o = &def;
    }
    *out = NULL;
    adx_error_t rc = ADX_OK;
    size_t k = 3 + ncov, *idx = NULL, *rows = NULL, *grp = NULL;
    const char **names = NULL;
    adx_moderate_t *m = calloc(1, sizeof *m);
    adx_matrix_t *X = NULL, *X0 = NULL;
    double *yy = NULL, *xv = NULL, *wv = NULL;
    adx_ols_t *f0 = NULL;
    if (!m || !(idx = malloc(k * sizeof *idx)) || !(names = malloc(k * sizeof *names))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    names[0] = y;
    names[1] = x;
    names[2] = w;
    for (size_t j = 0; j < ncov; j++)
        names[3 + j] = covs[j];
    if ((rc = adx_dataset_lookup(ds, names, 2, 1, idx, ctx)) != ADX_OK ||
        (rc = adx_dataset_lookup(ds, names + 2, 1, 0, idx + 2, ctx)) != ADX_OK ||
        (rc = adx_dataset_lookup(ds, names + 3, ncov, 1, idx + 3, ctx)) != ADX_OK)
        goto cleanup;
    const adx_variable_t *W = &ds->vars[idx[2]];
    int cat = o->w_categorical || W->type == ADX_VAR_STRING;
    m->w_categorical = cat;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < a; b++)
            if (idx[a] == idx[b]) {
                rc = adx_err(ctx, ADX_EUSAGE, "'%s' is given twice (as Y, X, W or a covariate)",
                             names[a]);
                goto cleanup;
            }
    m->y = strdup(y);
    m->x = strdup(x);
    m->w = strdup(w);
    m->ncov = ncov;
    m->covariates = calloc(ncov ? ncov : 1, sizeof *m->covariates);
    if (!m->y || !m->x || !m->w || !m->covariates) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < ncov; j++)
        if (!(m->covariates[j] = strdup(covs[j]))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    size_t N = ds->nrows, n = 0;
    if (!(rows = malloc((N ? N : 1) * sizeof *rows)) || !(grp = malloc((N ? N : 1) * sizeof *grp))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < N; i++) {
        int ok = W->type == ADX_VAR_NUMERIC ? !isnan(W->num[i]) : W->str[i] != NULL;
        for (size_t j = 0; ok && j < k; j++)
            ok = j == 2 || !isnan(ds->vars[idx[j]].num[i]);
        if (ok)
            rows[n++] = i;
    }
    m->n = n;
    if (n == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "no case is complete on %s, %s, %s and the covariates", y, x,
                     w);
        goto cleanup;
    }
    /* W columns: one (continuous) or L - 1 dummies (categorical). */
    size_t q = 1, L = 0;
    if (cat) {
        if ((rc = w_groups(W, rows, n, &m->wlevels, &L, grp)) != ADX_OK) {
            rc = adx_err(ctx, rc, "out of memory");
            goto cleanup;
        }
        m->nw = L;
        if (L < 2) {
            rc = adx_err(ctx, ADX_ECONST, "moderator '%s' has a single group in the cases used",
                         w);
            goto cleanup;
        }
        q = L - 1;
    } else {
        m->nw = 3;
    }
    size_t p = 2 + ncov + 2 * q, nw = m->nw;
    m->p = p;
    if (!(yy = malloc(n * sizeof *yy)) || !(xv = malloc(n * sizeof *xv)) ||
        !(wv = malloc(n * sizeof *wv)) || !(X = adx_matrix_alloc(n, p)) ||
        !(X0 = adx_matrix_alloc(n, p - q)) || !(m->names = calloc(p, sizeof *m->names)) ||
        !(m->wv = malloc(nw * sizeof(double))) || !(m->effect = malloc(nw * sizeof(double))) ||
        !(m->effect_se = malloc(nw * sizeof(double))) ||
        !(m->effect_t = malloc(nw * sizeof(double))) ||
        !(m->effect_p = malloc(nw * sizeof(double))) ||
        !(m->effect_lo = malloc(nw * sizeof(double))) ||
        !(m->effect_hi = malloc(nw * sizeof(double))) ||
        !(m->plot_yhat = malloc(3 * nw * sizeof(double)))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        yy[i] = ds->vars[idx[0]].num[rows[i]];
        xv[i] = ds->vars[idx[1]].num[rows[i]];
        wv[i] = cat ? (double)grp[i] : W->num[rows[i]];
    }
    double mx, sx, mw, sw;
    mean_sd(xv, n, &mx, &sx);
    mean_sd(wv, n, &mw, &sw);
    if (o->center)
        for (size_t i = 0; i < n; i++) {
            xv[i] -= mx;
            if (!cat)
                wv[i] -= mw;
        }
    /* Columns: 1, covariates, x, W..., x:W... (the order of PROCESS and of R's lm). */
    size_t cx = 1 + ncov, cw = 2 + ncov, cxw = 2 + ncov + q;
    for (size_t i = 0; i < n; i++) {
        ADX_M(X, i, 0) = 1;
        for (size_t j = 0; j < ncov; j++)
            ADX_M(X, i, 1 + j) = ds->vars[idx[3 + j]].num[rows[i]];
        ADX_M(X, i, cx) = xv[i];
        for (size_t j = 0; j < q; j++) {
            double d = cat ? (grp[i] == j + 1 ? 1.0 : 0.0) : wv[i];
            ADX_M(X, i, cw + j) = d;
            ADX_M(X, i, cxw + j) = xv[i] * d;
        }
        for (size_t j = 0; j < p - q; j++)
            ADX_M(X0, i, j) = ADX_M(X, i, j);
    }
    char buf[512];
    m->names[0] = strdup("(Intercept)");
    for (size_t j = 0; j < ncov; j++)
        m->names[1 + j] = strdup(covs[j]);
    m->names[cx] = strdup(x);
    for (size_t j = 0; j < q; j++) {
        if (cat)
            snprintf(buf, sizeof buf, "%s%s", w, m->wlevels[j + 1]);
        else
            snprintf(buf, sizeof buf, "%s", w);
        m->names[cw + j] = strdup(buf);
        if (cat)
            snprintf(buf, sizeof buf, "%s:%s%s", x, w, m->wlevels[j + 1]);
        else
            snprintf(buf, sizeof buf, "%s:%s", x, w);
        m->names[cxw + j] = strdup(buf);
    }
    for (size_t j = 0; j < p; j++)
        if (!m->names[j]) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    adx_ols_options_t oo = o->ols;
    oo.intercept = 1;
    oo.keep_resid = 1;
    if ((rc = adx_ols_fit(X, yy, (const char *const *)m->names, &oo, &m->fit, ctx)) != ADX_OK)
        goto cleanup;
    oo.hc = ADX_HC_NONE;
    oo.keep_resid = 0;
    if ((rc = adx_ols_fit(X0, yy, (const char *const *)m->names, &oo, &f0, ctx)) != ADX_OK)
        goto cleanup;
    const adx_ols_t *f = m->fit;
    m->r2_change = f->r2 - f0->r2;
    m->df1_change = (double)q;
    m->df2_change = f->df_res;
    m->f_change = ((f0->rss - f->rss) / (double)q) / (f->rss / f->df_res);
    m->p_change = gsl_cdf_fdist_Q(m->f_change, (double)q, f->df_res);
    if ((rc = probe_values(xv, n, o->probe, m->xv)) != ADX_OK) {
        rc = adx_err(ctx, rc, "out of memory");
        goto cleanup;
    }
    const double *V = f->cov;
    double b1 = f->b[cx], v11 = V[cx + cx * p];
    double tc = gsl_cdf_tdist_Qinv((1 - o->ols.ci_level) / 2, f->df_res);
    /* Conditional effects theta = b1 + b3 w (continuous W at the probe values; in
     * group g of a categorical W, b1 plus the product coefficient of g). */
    if (!cat && (rc = probe_values(wv, n, o->probe, m->wv)) != ADX_OK) {
        rc = adx_err(ctx, rc, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < nw; j++) {
        double th, var;
        if (cat) {
            m->wv[j] = NAN;
            size_t c = cxw + j - 1;
            th = j ? b1 + f->b[c] : b1;
            var = j ? v11 + 2 * V[cx + c * p] + V[c + c * p] : v11;
        } else {
            double wj = m->wv[j];
            th = b1 + f->b[cxw] * wj;
            var = v11 + 2 * wj * V[cx + cxw * p] + wj * wj * V[cxw + cxw * p];
        }
        m->effect[j] = th;
        m->effect_se[j] = sqrt(var);
        m->effect_t[j] = th / m->effect_se[j];
        m->effect_p[j] = 2 * gsl_cdf_tdist_Q(fabs(m->effect_t[j]), f->df_res);
        m->effect_lo[j] = th - tc * m->effect_se[j];
        m->effect_hi[j] = th + tc * m->effect_se[j];
    }
    m->njn = 0;
    m->w_min = m->w_max = NAN;
    if (!cat) {
        /* Johnson-Neyman: (b1 + b3 w)^2 = t^2 (v11 + 2 w v13 + w^2 v33). */
        double b3 = f->b[cxw], v13 = V[cx + cxw * p], v33 = V[cxw + cxw * p];
        double tj = gsl_cdf_tdist_Qinv(o->alpha / 2, f->df_res);
        double A = b3 * b3 - tj * tj * v33, B = 2 * (b1 * b3 - tj * tj * v13),
               C = b1 * b1 - tj * tj * v11;
        m->w_min = m->w_max = wv[0];
        for (size_t i = 1; i < n; i++) {
            m->w_min = wv[i] < m->w_min ? wv[i] : m->w_min;
            m->w_max = wv[i] > m->w_max ? wv[i] : m->w_max;
        }
        double disc = B * B - 4 * A * C, roots[2];
        size_t nr = 0;
        if (A != 0 && disc >= 0) {
            double sq = sqrt(disc);
            roots[0] = (-B - sq) / (2 * A);
            roots[1] = (-B + sq) / (2 * A);
            if (roots[0] > roots[1]) {
                double t = roots[0];
                roots[0] = roots[1];
                roots[1] = t;
            }
            nr = 2;
        } else if (A == 0 && B != 0) {
            roots[0] = -C / B;
            nr = 1;
        }
        for (size_t j = 0; j < nr; j++)
            if (roots[j] >= m->w_min && roots[j] <= m->w_max) {
                size_t below = 0, above = 0;
                for (size_t i = 0; i < n; i++) {
                    below += wv[i] < roots[j];
                    above += wv[i] > roots[j];
                }
                m->jn[m->njn] = roots[j];
                m->jn_pct_below[m->njn] = 100.0 * (double)below / (double)n;
                m->jn_pct_above[m->njn] = 100.0 * (double)above / (double)n;
                m->njn++;
            }
    }
    /* Interaction plot: yhat at (x_i, w_j) with covariates at their means. */
    double base = f->b[0];
    for (size_t j = 0; j < ncov; j++) {
        double sm = 0;
        for (size_t i = 0; i < n; i++)
            sm += ADX_M(X, i, 1 + j);
        base += f->b[1 + j] * sm / (double)n;
    }
    for (size_t iw = 0; iw < nw; iw++)
        for (int ix = 0; ix < 3; ix++) {
            double yh = base + m->effect[iw] * m->xv[ix];
            if (cat)
                yh += iw ? f->b[cw + iw - 1] : 0;
            else
                yh += f->b[cw] * m->wv[iw];
            m->plot_yhat[(size_t)ix + 3 * iw] = yh;
        }
cleanup:
    adx_ols_free(f0);
    adx_matrix_free(X);
    adx_matrix_free(X0);
    free(yy);
    free(xv);
    free(wv);
    free(rows);
    free(grp);
    free(idx);
    free(names);
    if (rc)
        adx_moderate_free(m);
    else
        *out = m;
    return rc;
}
