/* Validity of a measurement model: alpha, CR, AVE, Fornell-Larcker, HTMT and
 * Harman's one-factor test. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_stats.h"
#include "est.h"
#include "sem_priv.h"

/* Items of one construct whose loadings the categorical omega keeps on the stack. */
#define ADX__VALIDITY_MAX_ITEMS 256

/* Whether latent variable f (index >= p) is measured by observed items only. */
static size_t construct_items(const adx_sem_t *s, const char *f, size_t *items, int *only_obs)
{
    size_t k = 0;
    *only_obs = 1;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op != ADX_SEM_MEASURE || strcmp(pr->lhs, f))
            continue;
        size_t v = 0;
        while (v < s->p + s->m && strcmp(s->names[v], pr->rhs))
            v++;
        if (v >= s->p)
            *only_obs = 0;
        items[k++] = v;
    }
    return k;
}

/* Green & Yang's (2009) categorical omega of the ordered items[0..ni-1] with
 * standardized loadings l (delta parameterization: the latent responses have unit
 * variance), as semTools' compRelSEM (ord.scale = TRUE): sum over item pairs and
 * threshold pairs of Phi2(t, t', l_j l_j') - Phi(t) Phi(t'), over the same with the
 * polychoric correlations (1 on the diagonal). */
static double omega_cat(const adx_sem_t *s, const size_t *items, size_t ni, const double *l)
{
    const adx_sem_ordinal_t *o = s->ordinal;
    /* the probit thresholds: theta-scale ones divided by the implied SD of the response */
    double *t = malloc((o->nth + 1) * sizeof *t);
    if (!t)
        return NAN;
    for (size_t a = 0; a < o->nth; a++) {
        size_t j = 0;
        while (j < s->p && strcmp(s->names[j], o->th_var[a]))
            j++;
        double sd = s->opt.ordinal_theta && s->implied && j < s->p
                        ? sqrt(s->implied[j + j * (s->p + s->m)]) : 1.0;
        t[a] = o->th[a] / sd;
    }
    double num = 0, den = 0;
    for (size_t j = 0; j < ni; j++)
        for (size_t jp = 0; jp < ni; jp++) {
            double rn = l[j] * l[jp], rd = j == jp ? 1.0 : s->sample_cov[items[j] + items[jp] * s->p];
            double s2n = 0, s2d = 0, s1 = 0, s1p = 0;
            for (size_t a = 0; a < o->nth; a++) {
                if (strcmp(o->th_var[a], s->names[items[j]]))
                    continue;
                s1 += gsl_cdf_ugaussian_P(t[a]);
                for (size_t b = 0; b < o->nth; b++)
                    if (!strcmp(o->th_var[b], s->names[items[jp]])) {
                        s2n += adx_bvn_cdf(t[a], t[b], rn);
                        s2d += adx_bvn_cdf(t[a], t[b], rd);
                    }
            }
            for (size_t b = 0; b < o->nth; b++)
                if (!strcmp(o->th_var[b], s->names[items[jp]]))
                    s1p += gsl_cdf_ugaussian_P(t[b]);
            num += s2n - s1 * s1p;
            den += s2d - s1 * s1p;
        }
    free(t);
    return num / den;
}

/* semTools' scale of item j in an ordinal fit: it divides the sample moments by lavaan's
 * delta scales (1 / SD of the latent response: 1 in the delta parameterization and for
 * continuous items), i.e. multiplies them by sqrt(implied variance) under theta. */
static double item_scale(const adx_sem_t *s, size_t j)
{
    const adx_sem_ordinal_t *o = s->ordinal;
    if (!o || !s->opt.ordinal_theta || (o->numeric && o->numeric[j]))
        return 1.0;
    return sqrt(s->implied[j + j * (s->p + s->m)]);
}

/* semTools 0.5-6's compRelSEM and AVE (obs.var = TRUE) in an ordinal fit, with lambda the
 * unstandardized loadings, phi the factor's variance and S the sample matrix in semTools'
 * scale (item_scale): CR = (sum lambda)^2 phi / sum of S over the items (the omega of
 * continuous items; ordered ones take the categorical omega), AVE = sum(lambda^2) phi /
 * sum of their S variances (mean(l^2) of the standardized loadings in delta). */
static void omega_model(const adx_sem_t *s, const size_t *items, size_t ni, const char *f,
                        double *cr, double *ave)
{
    size_t p = s->p, t = s->p + s->m, fi = adx__sem_var_index(s, f);
    double phi = s->implied[fi + fi * t], sl = 0, sl2 = 0, sall = 0, sdiag = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_MEASURE && !strcmp(pr->lhs, f)) {
            sl += pr->est;
            sl2 += pr->est * pr->est;
        }
    }
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < ni; j++) {
            double v = s->sample_cov[items[i] + items[j] * p] * item_scale(s, items[i]) *
                       item_scale(s, items[j]);
            sall += v;
            sdiag += i == j ? v : 0;
        }
    *cr = sl * sl * phi / sall;
    *ave = sl2 * phi / sdiag;
}

/* Alpha, CR and AVE of construct c (its items in items[0..ni-1]) from the sample
 * covariances and the standardized loadings. */
static void construct_measures(const adx_sem_t *s, adx_sem_construct_t *c, const size_t *items,
                               size_t ni)
{
    const double *S = s->sample_cov;
    size_t p = s->p;
    c->nitems = ni;
    double sdiag = 0, sall = 0;
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < ni; j++) {
            double v = S[items[i] + items[j] * p] * item_scale(s, items[i]) *
                       item_scale(s, items[j]); /* semTools' alpha under theta */
            sall += v;
            if (i == j)
                sdiag += v;
        }
    c->alpha = (double)ni / (double)(ni - 1) * (1.0 - sdiag / sall);
    double sl = 0, se = 0, sl2 = 0, l[ADX__VALIDITY_MAX_ITEMS];
    size_t nl = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_MEASURE && !strcmp(pr->lhs, c->name)) {
            sl += pr->std_all;
            sl2 += pr->std_all * pr->std_all;
            se += 1.0 - pr->std_all * pr->std_all;
            if (nl < ADX__VALIDITY_MAX_ITEMS)
                l[nl++] = pr->std_all;
        }
    }
    c->cr = sl * sl / (sl * sl + se);
    if (s->ordinal && nl == ni)
        c->cr = omega_cat(s, items, ni, l);
    c->ave = sl2 / (double)ni;
    if (s->ordinal) {
        double cr;
        omega_model(s, items, ni, c->name, &cr, &c->ave);
        if (s->ordinal->numeric && s->ordinal->numeric[items[0]])
            c->cr = cr;
    }
    c->sqrt_ave = sqrt(c->ave);
}

/* Absolute correlation of items i and j from S. */
static double item_r(const double *S, size_t p, size_t i, size_t j)
{
    return fabs(S[i + j * p]) / sqrt(S[i * (p + 1)] * S[j * (p + 1)]);
}

/* Mean (arithmetic and geometric) of the absolute correlations of a[0..na-1] with
 * b[0..nb-1]; within one construct (a == b) over the pairs i < j. */
static void mean_r(const double *S, size_t p, const size_t *a, size_t na, const size_t *b,
                   size_t nb, double *am, double *gm)
{
    double sum = 0, lsum = 0, cnt;
    if (a == b) {
        for (size_t i = 0; i < na; i++)
            for (size_t j = i + 1; j < na; j++) {
                sum += item_r(S, p, a[i], a[j]);
                lsum += log(item_r(S, p, a[i], a[j]));
            }
        cnt = (double)(na * (na - 1) / 2);
    } else {
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++) {
                sum += item_r(S, p, a[i], b[j]);
                lsum += log(item_r(S, p, a[i], b[j]));
            }
        cnt = (double)(na * nb);
    }
    *am = sum / cnt;
    *gm = exp(lsum / cnt);
}

/* Latent correlations and HTMT / HTMT2 (absolute item correlations). */
static void htmt(const adx_sem_t *s, adx_sem_validity_t *val, const size_t *lat, size_t *items,
                 size_t *items2)
{
    size_t k = val->k, t = s->p + s->m, p = s->p;
    const double *S = s->sample_cov, *C = s->implied;
    int only;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            size_t fa = lat[a], fb = lat[b];
            val->latent_cor[a * k + b] = C[fa + fb * t] / sqrt(C[fa * (t + 1)] * C[fb * (t + 1)]);
        }
    for (size_t a = 0; a < k; a++) {
        size_t na = construct_items(s, s->names[lat[a]], items, &only);
        double mono_a, gmono_a;
        mean_r(S, p, items, na, items, na, &mono_a, &gmono_a);
        val->htmt[a * k + a] = val->htmt2[a * k + a] = 1.0;
        for (size_t b = a + 1; b < k; b++) {
            size_t nb = construct_items(s, s->names[lat[b]], items2, &only);
            double mono_b, gmono_b, het, ghet;
            mean_r(S, p, items2, nb, items2, nb, &mono_b, &gmono_b);
            mean_r(S, p, items, na, items2, nb, &het, &ghet);
            val->htmt[a * k + b] = val->htmt[b * k + a] = het / sqrt(mono_a * mono_b);
            val->htmt2[a * k + b] = val->htmt2[b * k + a] = ghet / sqrt(gmono_a * gmono_b);
        }
    }
}

/* The one-factor model h fitted by WLSMV/ULSMV to the complete cases of s's ordered
 * items all[0..h->p-1] (kept by the ordinal fit in s->data). */
static adx_error_t fit_ordinal_items(const adx_sem_t *s, adx_sem_t *h, const size_t *all,
                                     adx_errctx_t *ctx)
{
    size_t n = s->data_n, k = h->p;
    if (!s->data)
        return adx_err(ctx, ADX_EUSAGE, "Harman's test needs the data of the ordinal fit");
    double *X = malloc((n * k + 1) * sizeof *X);
    if (!X)
        return adx_oom(ctx);
    for (size_t a = 0; a < k; a++)
        memcpy(X + a * n, s->data + all[a] * n, n * sizeof *X);
    adx_error_t rc = adx__sem_fit_ordinal(h, X, n, n, ctx);
    free(X);
    return rc;
}

/* Harman's single factor: one factor over all the items all[0..nall-1], fitted to
 * their sample covariances. */
static adx_error_t harman(const adx_sem_t *s, adx_sem_validity_t *val, const size_t *all,
                          size_t nall, adx_errctx_t *ctx)
{
    adx__sb_t text = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *h = NULL;
    double *Sh = NULL;
    adx_error_t rc = ADX_OK;
    adx__sb_str(&text, "common =~ ");
    for (size_t i = 0; i < nall; i++) {
        if (i)
            adx__sb_str(&text, " + ");
        adx__sb_str(&text, s->names[all[i]]);
    }
    if (text.oom) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    adx_sem_options_t ho = s->opt;
    ho.std_lv = 0;
    adx_errctx_t sub = {0};
    if ((rc = adx_sem_parse(text.s, "Harman one-factor model", &syn, ctx)) ||
        (rc = adx_sem_build(syn, &ho, &h, ctx)))
        goto cleanup;
    if (!(Sh = malloc(h->p * h->p * sizeof *Sh))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    /* h->names are the items in the order written, i.e. all[] */
    for (size_t b = 0; b < h->p; b++)
        for (size_t a = 0; a < h->p; a++)
            Sh[a + b * h->p] = s->sample_cov[all[a] + all[b] * s->p];
    adx_error_t hr = s->ordinal ? fit_ordinal_items(s, h, all, &sub)
                                : adx_sem_fit_cov(h, Sh, s->n, &sub);
    val->harman = h->fit;
    val->harman_converged = hr == ADX_OK && h->converged;
    if (!h->fitted) {
        adx_sem_fit_t nanfit;
        double *d = (double *)&nanfit;
        for (size_t i = 0; i < sizeof nanfit / sizeof(double); i++)
            d[i] = NAN;
        val->harman = nanfit;
    }
cleanup:
    adx__sb_free(&text);
    adx_sem_syntax_free(syn);
    adx_sem_free(h);
    free(Sh);
    return rc;
}

/* The constructs: factors measured by at least two observed items (lat[0..k-1]). */
static size_t find_constructs(const adx_sem_t *s, size_t *items, size_t *lat)
{
    size_t k = 0;
    for (size_t f = s->p; f < s->p + s->m; f++) {
        int only = 0;
        size_t ni = construct_items(s, s->names[f], items, &only);
        if (ni >= 2 && only)
            lat[k++] = f;
    }
    return k;
}

/* A construct measured by ordered and continuous items together has no reliability in
 * semTools 0.5-6 either (compRelSEM and AVE give NA): refused. */
static adx_error_t check_mixed(const adx_sem_t *s, const char *f, const size_t *items,
                               size_t ni, adx_errctx_t *ctx)
{
    const unsigned char *num = s->ordinal ? s->ordinal->numeric : NULL;
    for (size_t i = 1; num && i < ni; i++)
        if (num[items[i]] != num[items[0]])
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s: --validity: factor %s has ordered (%s) and continuous (%s) "
                           "items; its reliability is not defined (semTools gives NA too): "
                           "list all or none of its items in --ordered, or drop --validity",
                           s->source, f, s->names[items[num[items[0]] ? i : 0]],
                           s->names[items[num[items[0]] ? 0 : i]]);
    return ADX_OK;
}

static adx_sem_validity_t *validity_alloc(size_t k)
{
    adx_sem_validity_t *val = calloc(1, sizeof *val);
    if (!val)
        return NULL;
    val->constructs = calloc(k, sizeof *val->constructs);
    val->latent_cor = calloc(k * k, sizeof(double));
    val->htmt = calloc(k * k, sizeof(double));
    val->htmt2 = calloc(k * k, sizeof(double));
    if (!val->constructs || !val->latent_cor || !val->htmt || !val->htmt2) {
        adx__sem_validity_free(val);
        return NULL;
    }
    val->k = k;
    return val;
}

adx_error_t adx_sem_validity(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    size_t p = s->p, t = s->p + s->m, nall = 0;
    adx_sem_validity_t *val = NULL;
    size_t *items = malloc((t + 1) * sizeof *items), *items2 = malloc((t + 1) * sizeof *items2);
    size_t *lat = malloc((s->m + 1) * sizeof *lat), *all = malloc((p + 1) * sizeof *all);
    if (!items || !items2 || !lat || !all) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    adx__sem_validity_free(s->validity);
    s->validity = NULL;
    if (!s->fitted) {
        rc = adx_err(ctx, ADX_EUSAGE, "validity needs a fitted model");
        goto cleanup;
    }
    size_t k = find_constructs(s, items, lat);
    if (k == 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: validity needs factors measured by at least two "
                                      "observed items",
                     s->source);
        goto cleanup;
    }
    if (!(val = validity_alloc(k))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t a = 0; a < k; a++) {
        adx_sem_construct_t *c = &val->constructs[a];
        int only;
        size_t ni = construct_items(s, s->names[lat[a]], items, &only);
        if (!(c->name = adx__strdup(s->names[lat[a]]))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        if ((rc = check_mixed(s, c->name, items, ni, ctx)))
            goto cleanup;
        construct_measures(s, c, items, ni);
        for (size_t i = 0; i < ni; i++) {
            size_t j = 0;
            while (j < nall && all[j] != items[i])
                j++;
            if (j == nall)
                all[nall++] = items[i];
        }
    }
    htmt(s, val, lat, items, items2);
    if ((rc = harman(s, val, all, nall, ctx)))
        goto cleanup;
    s->validity = val;
    val = NULL;
cleanup:
    adx__sem_validity_free(val);
    ADX__FREE(items, items2, lat, all);
    return rc;
}
