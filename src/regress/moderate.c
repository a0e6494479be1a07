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
    ADX__FREE(m->y, m->x, m->w);
    adx__free_strings(m->covariates, m->ncov);
    adx__free_strings(m->names, m->p);
    adx__free_strings(m->wlevels, m->wlevels ? m->nw : 0);
    adx_ols_free(m->fit);
    ADX__FREE(m->wv, m->effect, m->effect_se, m->effect_t, m->effect_p, m->effect_lo,
              m->effect_hi, m->plot_yhat, m);
}

/* Three probe values of v: the 16th/50th/84th percentiles (HAVERAGE) or
 * mean -1SD/mean/+1SD. */
static adx_error_t probe_values(const double *v, size_t n, adx_probe_t how, double *out)
{
    if (how == ADX_PROBE_MEANSD) {
        double m, s;
        adx__mean_sd(v, n, 1, 0, &m, &s, NULL);
        out[0] = m - s;
        out[1] = m;
        out[2] = m + s;
        return ADX_OK;
    }
    double *s = malloc(n * sizeof *s);
    if (!s)
        return ADX_ENOMEM;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, adx__cmp_double);
    out[0] = adx__quantile(s, n, 0.16, ADX__Q_HAVERAGE);
    out[1] = adx__quantile(s, n, 0.50, ADX__Q_HAVERAGE);
    out[2] = adx__quantile(s, n, 0.84, ADX__Q_HAVERAGE);
    free(s);
    return ADX_OK;
}

/* Groups of a categorical W over the sample: sorted labels and each case's group. */
static adx_error_t w_groups(const adx_variable_t *v, const size_t *rows, size_t n, char ***labels,
                            size_t *ng, size_t *of)
{
    size_t k = 0;
    int num = v->type == ADX_VAR_NUMERIC;
    const char *col = num ? (const char *)v->num : (const char *)v->str;
    size_t size = num ? sizeof *v->num : sizeof *v->str;
    int (*cmp)(const void *, const void *) = num ? adx__cmp_double : adx__cmp_str;
    *labels = NULL;
    char *u = adx__distinct(col, size, rows, n, cmp, &k);
    if (!u)
        return ADX_ENOMEM;
    char **lab = calloc(k, sizeof *lab);
    for (size_t l = 0; lab && l < k; l++) {
        char b[64];
        if (num)
            snprintf(b, sizeof b, "%.15g", ((const double *)u)[l]);
        lab[l] = adx__strdup(num ? b : ((char *const *)u)[l]);
    }
    for (size_t i = 0; i < n; i++) {
        const char *hit = bsearch(col + rows[i] * size, u, k, size, cmp);
        of[i] = (size_t)(hit - u) / size;
    }
    free(u);
    *labels = lab;
    *ng = k;
    if (!*labels)
        return ADX_ENOMEM;
    for (size_t l = 0; l < k; l++)
        if (!(*labels)[l])
            return ADX_ENOMEM;
    return ADX_OK;
}

/* State of one adx_moderate call. */
typedef struct {
    const adx_dataset_t *ds;
    const adx_moderate_options_t *o;
    adx_errctx_t *ctx;
    adx_moderate_t *m;
    size_t k, *idx;       /* y, x, w, covariates: dataset variables */
    size_t *rows, *grp;   /* the sample; the group of each case (categorical W) */
    size_t n, q, p;       /* cases; W columns; coefficients */
    size_t cx, cw, cxw;   /* columns of x, the first W column, the first product */
    adx_matrix_t *X, *X0; /* full model; without the products */
    double *yy, *xv, *wv;
} mwork_t;

/* Looks up the variables (numeric except W), refuses a variable given twice and keeps
 * the names in the result. */
static adx_error_t moderate_vars(mwork_t *w, const char *const *names, size_t ncov)
{
    const adx_dataset_t *ds = w->ds;
    adx_moderate_t *m = w->m;
    adx_error_t rc;
    if ((rc = adx_dataset_lookup(ds, names, 2, 1, w->idx, w->ctx)) != ADX_OK ||
        (rc = adx_dataset_lookup(ds, names + 2, 1, 0, w->idx + 2, w->ctx)) != ADX_OK ||
        (rc = adx_dataset_lookup(ds, names + 3, ncov, 1, w->idx + 3, w->ctx)) != ADX_OK)
        return rc;
    for (size_t a = 0; a < w->k; a++)
        for (size_t b = 0; b < a; b++)
            if (w->idx[a] == w->idx[b])
                return adx_err(w->ctx, ADX_EUSAGE,
                               "'%s' is given twice (as Y, X, W or a covariate)", names[a]);
    m->w_categorical = w->o->w_categorical || ds->vars[w->idx[2]].type == ADX_VAR_STRING;
    m->y = adx__strdup(names[0]);
    m->x = adx__strdup(names[1]);
    m->w = adx__strdup(names[2]);
    m->ncov = ncov;
    m->covariates = calloc(ncov ? ncov : 1, sizeof *m->covariates);
    if (!m->y || !m->x || !m->w || !m->covariates)
        return adx_oom(w->ctx);
    for (size_t j = 0; j < ncov; j++)
        if (!(m->covariates[j] = adx__strdup(names[3 + j])))
            return adx_oom(w->ctx);
    return ADX_OK;
}

/* The complete cases, and the groups of a categorical W (dummy columns q = L - 1). */
static adx_error_t moderate_sample(mwork_t *w)
{
    const adx_dataset_t *ds = w->ds;
    const adx_variable_t *W = &ds->vars[w->idx[2]];
    adx_moderate_t *m = w->m;
    size_t N = ds->nrows, n = 0;
    if (!(w->rows = malloc((N ? N : 1) * sizeof *w->rows)) ||
        !(w->grp = malloc((N ? N : 1) * sizeof *w->grp)))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < N; i++) {
        int ok = W->type == ADX_VAR_NUMERIC ? !isnan(W->num[i]) : W->str[i] != NULL;
        for (size_t j = 0; ok && j < w->k; j++)
            ok = j == 2 || !isnan(ds->vars[w->idx[j]].num[i]);
        if (ok)
            w->rows[n++] = i;
    }
    w->n = m->n = n;
    if (n == 0)
        return adx_err(w->ctx, ADX_EEMPTY, "no case is complete on %s, %s, %s and the covariates",
                       m->y, m->x, m->w);
    w->q = 1;
    m->nw = 3;
    if (!m->w_categorical)
        return ADX_OK;
    size_t L = 0;
    if (w_groups(W, w->rows, n, &m->wlevels, &L, w->grp) != ADX_OK)
        return adx_oom(w->ctx);
    m->nw = L;
    if (L < 2)
        return adx_err(w->ctx, ADX_ECONST, "moderator '%s' has a single group in the cases used",
                       m->w);
    w->q = L - 1;
    return ADX_OK;
}

/* Names of the columns: 1, covariates, x, W..., x:W... (PROCESS's and R's order). */
static adx_error_t moderate_names(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    char buf[512];
    m->names[0] = adx__strdup("(Intercept)");
    for (size_t j = 0; j < m->ncov; j++)
        m->names[1 + j] = adx__strdup(m->covariates[j]);
    m->names[w->cx] = adx__strdup(m->x);
    for (size_t j = 0; j < w->q; j++) {
        const char *lev = m->w_categorical ? m->wlevels[j + 1] : "";
        snprintf(buf, sizeof buf, "%s%s", m->w, lev);
        m->names[w->cw + j] = adx__strdup(buf);
        snprintf(buf, sizeof buf, "%s:%s%s", m->x, m->w, lev);
        m->names[w->cxw + j] = adx__strdup(buf);
    }
    for (size_t j = 0; j < w->p; j++)
        if (!m->names[j])
            return adx_oom(w->ctx);
    return ADX_OK;
}

/* The two design matrices (with and without the products), centred where asked. */
static adx_error_t moderate_design(mwork_t *w)
{
    const adx_dataset_t *ds = w->ds;
    adx_moderate_t *m = w->m;
    size_t n = w->n, q = w->q, nw = m->nw, ncov = m->ncov, p = w->p = 2 + ncov + 2 * q;
    int cat = m->w_categorical;
    m->p = p;
    if (!(w->yy = malloc(n * sizeof *w->yy)) || !(w->xv = malloc(n * sizeof *w->xv)) ||
        !(w->wv = malloc(n * sizeof *w->wv)) || !(w->X = adx_matrix_alloc(n, p)) ||
        !(w->X0 = adx_matrix_alloc(n, p - q)) || !(m->names = calloc(p, sizeof *m->names)) ||
        !(m->wv = malloc(nw * sizeof(double))) || !(m->effect = malloc(nw * sizeof(double))) ||
        !(m->effect_se = malloc(nw * sizeof(double))) ||
        !(m->effect_t = malloc(nw * sizeof(double))) ||
        !(m->effect_p = malloc(nw * sizeof(double))) ||
        !(m->effect_lo = malloc(nw * sizeof(double))) ||
        !(m->effect_hi = malloc(nw * sizeof(double))) ||
        !(m->plot_yhat = malloc(3 * nw * sizeof(double))))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < n; i++) {
        w->yy[i] = ds->vars[w->idx[0]].num[w->rows[i]];
        w->xv[i] = ds->vars[w->idx[1]].num[w->rows[i]];
        w->wv[i] = cat ? (double)w->grp[i] : ds->vars[w->idx[2]].num[w->rows[i]];
    }
    double mx, mw;
    adx__mean_sd(w->xv, n, 1, 0, &mx, NULL, NULL);
    adx__mean_sd(w->wv, n, 1, 0, &mw, NULL, NULL);
    for (size_t i = 0; w->o->center && i < n; i++) {
        w->xv[i] -= mx;
        if (!cat)
            w->wv[i] -= mw;
    }
    w->cx = 1 + ncov, w->cw = 2 + ncov, w->cxw = 2 + ncov + q;
    for (size_t i = 0; i < n; i++) {
        ADX_M(w->X, i, 0) = 1;
        for (size_t j = 0; j < ncov; j++)
            ADX_M(w->X, i, 1 + j) = ds->vars[w->idx[3 + j]].num[w->rows[i]];
        ADX_M(w->X, i, w->cx) = w->xv[i];
        for (size_t j = 0; j < q; j++) {
            double d = cat ? (w->grp[i] == j + 1 ? 1.0 : 0.0) : w->wv[i];
            ADX_M(w->X, i, w->cw + j) = d;
            ADX_M(w->X, i, w->cxw + j) = w->xv[i] * d;
        }
        for (size_t j = 0; j < p - q; j++)
            ADX_M(w->X0, i, j) = ADX_M(w->X, i, j);
    }
    return moderate_names(w);
}

/* With HC standard errors the F tests are PROCESS's Wald tests with the HC covariance:
 * the model F of all slopes and the R2-change F of the q products. ADX_ENOMEM only. */
static adx_error_t robust_f_tests(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    adx_ols_t *f = m->fit;
    size_t *idx = malloc((w->p ? w->p : 1) * sizeof *idx);
    if (!idx)
        return adx_oom(w->ctx);
    for (size_t j = 1; j < w->p; j++)
        idx[j - 1] = j;
    adx_error_t rc = adx_ols_wald(f, idx, w->p - 1, &f->f, &f->f_p);
    if (rc != ADX_ENOMEM)
        rc = adx_ols_wald(f, idx + w->cxw - 1, w->q, &m->f_change, &m->p_change);
    free(idx);
    return rc == ADX_ENOMEM ? adx_oom(w->ctx) : ADX_OK;
}

/* Both fits and the R2 change due to the products (classical F; Wald F with HC SEs). */
static adx_error_t moderate_fits(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    adx_ols_t *f0 = NULL;
    adx_ols_options_t oo = w->o->ols;
    oo.intercept = 1;
    oo.keep_resid = 1;
    adx_error_t rc = adx_ols_fit(w->X, w->yy, (const char *const *)m->names, &oo, &m->fit, w->ctx);
    if (rc)
        return rc;
    oo.hc = ADX_HC_NONE;
    oo.keep_resid = 0;
    if ((rc = adx_ols_fit(w->X0, w->yy, (const char *const *)m->names, &oo, &f0, w->ctx)))
        return rc;
    const adx_ols_t *f = m->fit;
    double q = (double)w->q;
    m->r2_change = f->r2 - f0->r2;
    m->df1_change = q;
    m->df2_change = f->df_res;
    m->f_change = ((f0->rss - f->rss) / q) / (f->rss / f->df_res);
    m->p_change = gsl_cdf_fdist_Q(m->f_change, q, f->df_res);
    adx_ols_free(f0);
    return f->hc == ADX_HC_NONE ? ADX_OK : robust_f_tests(w);
}

/* Conditional effects theta = b1 + b3 w (continuous W at the probe values; in group g
 * of a categorical W, b1 plus the product coefficient of g). */
static adx_error_t conditional_effects(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    const adx_ols_t *f = m->fit;
    const double *V = f->cov;
    size_t p = w->p, cx = w->cx, cxw = w->cxw;
    int cat = m->w_categorical;
    if (probe_values(w->xv, w->n, w->o->probe, m->xv) != ADX_OK ||
        (!cat && probe_values(w->wv, w->n, w->o->probe, m->wv) != ADX_OK))
        return adx_oom(w->ctx);
    double b1 = f->b[cx], v11 = V[cx + cx * p];
    double tc = gsl_cdf_tdist_Qinv((1 - w->o->ols.ci_level) / 2, f->df_res);
    for (size_t j = 0; j < m->nw; j++) {
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
    return ADX_OK;
}

/* Johnson-Neyman: (b1 + b3 w)^2 = t^2 (v11 + 2 w v13 + w^2 v33), the roots inside the
 * observed range of W with the share of cases below and above each. */
static void johnson_neyman(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    const adx_ols_t *f = m->fit;
    const double *V = f->cov, *wv = w->wv;
    size_t p = w->p, cx = w->cx, cxw = w->cxw, n = w->n;
    double b1 = f->b[cx], v11 = V[cx + cx * p];
    double b3 = f->b[cxw], v13 = V[cx + cxw * p], v33 = V[cxw + cxw * p];
    double tj = gsl_cdf_tdist_Qinv(w->o->alpha / 2, f->df_res);
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
static void plot_data(mwork_t *w)
{
    adx_moderate_t *m = w->m;
    const adx_ols_t *f = m->fit;
    double base = f->b[0];
    for (size_t j = 0; j < m->ncov; j++) {
        double sm = 0;
        for (size_t i = 0; i < w->n; i++)
            sm += ADX_M(w->X, i, 1 + j);
        base += f->b[1 + j] * sm / (double)w->n;
    }
    for (size_t iw = 0; iw < m->nw; iw++)
        for (int ix = 0; ix < 3; ix++) {
            double yh = base + m->effect[iw] * m->xv[ix];
            if (m->w_categorical)
                yh += iw ? f->b[w->cw + iw - 1] : 0;
            else
                yh += f->b[w->cw] * m->wv[iw];
            m->plot_yhat[(size_t)ix + 3 * iw] = yh;
        }
}

adx_error_t adx_moderate(const adx_dataset_t *ds, const char *y, const char *x, const char *w,
                         const char *const *covs, size_t ncov, const adx_moderate_options_t *o,
                         adx_moderate_t **out, adx_errctx_t *ctx)
{
    adx_moderate_options_t def;
    o = ADX__OPTIONS(o, def, adx_moderate_options_init);
    *out = NULL;
    mwork_t mw = {.ds = ds, .o = o, .ctx = ctx, .k = 3 + ncov};
    const char **names = malloc(mw.k * sizeof *names);
    adx_error_t rc = ADX_OK;
    if (!(mw.m = calloc(1, sizeof *mw.m)) || !(mw.idx = malloc(mw.k * sizeof *mw.idx)) ||
        !names) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    names[0] = y;
    names[1] = x;
    names[2] = w;
    for (size_t j = 0; j < ncov; j++)
        names[3 + j] = covs[j];
    if ((rc = moderate_vars(&mw, names, ncov)) || (rc = moderate_sample(&mw)) ||
        (rc = moderate_design(&mw)) || (rc = moderate_fits(&mw)) ||
        (rc = conditional_effects(&mw)))
        goto cleanup;
    mw.m->njn = 0;
    mw.m->w_min = mw.m->w_max = NAN;
    if (!mw.m->w_categorical)
        johnson_neyman(&mw);
    plot_data(&mw);
cleanup:
    adx_matrix_free(mw.X);
    adx_matrix_free(mw.X0);
    ADX__FREE(mw.yy, mw.xv, mw.wv, mw.rows, mw.grp, mw.idx, names);
    if (rc)
        adx_moderate_free(mw.m);
    else
        *out = mw.m;
    return rc;
}
