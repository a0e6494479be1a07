/* Validity of a measurement model: alpha, CR, AVE, Fornell-Larcker, HTMT and
 * Harman's one-factor test. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sem_priv.h"

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

adx_error_t adx_sem_validity(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    size_t p = s->p, t = s->p + s->m;
    adx_sem_validity_t *val = NULL;
    size_t *items = malloc((t + 1) * sizeof *items), *items2 = malloc((t + 1) * sizeof *items2);
    size_t *lat = malloc((s->m + 1) * sizeof *lat);
    char *text = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *h = NULL;
    double *Sh = NULL;
    size_t *all = NULL;
    if (!items || !items2 || !lat) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (s->validity) {
        adx_sem_validity_t *old = s->validity;
        for (size_t i = 0; i < old->k; i++)
            free(old->constructs[i].name);
        free(old->constructs);
        free(old->latent_cor);
        free(old->htmt);
        free(old->htmt2);
        free(old);
        s->validity = NULL;
    }
    if (!s->fitted) {
        rc = adx_err(ctx, ADX_EUSAGE, "validity needs a fitted model");
        goto cleanup;
    }
    size_t k = 0;
    for (size_t f = p; f < t; f++) {
        int only = 0;
        size_t ni = construct_items(s, s->names[f], items, &only);
        if (ni >= 2 && only)
            lat[k++] = f;
    }
    if (k == 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: validity needs factors measured by at least two "
                                      "observed items",
                     s->source);
        goto cleanup;
    }
    val = calloc(1, sizeof *val);
    if (!val || !(val->constructs = calloc(k, sizeof *val->constructs)) ||
        !(val->latent_cor = calloc(k * k, sizeof(double))) ||
        !(val->htmt = calloc(k * k, sizeof(double))) ||
        !(val->htmt2 = calloc(k * k, sizeof(double)))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    val->k = k;
    const double *S = s->sample_cov, *C = s->implied;
    size_t nall = 0;
    all = malloc((p + 1) * sizeof *all);
    if (!all) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t a = 0; a < k; a++) {
        adx_sem_construct_t *c = &val->constructs[a];
        int only;
        size_t ni = construct_items(s, s->names[lat[a]], items, &only);
        if (!(c->name = strdup(s->names[lat[a]]))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        c->nitems = ni;
        double sdiag = 0, sall = 0;
        for (size_t i = 0; i < ni; i++)
            for (size_t j = 0; j < ni; j++) {
                double v = S[items[i] + items[j] * p];
                sall += v;
                if (i == j)
                    sdiag += v;
            }
        c->alpha = (double)ni / (double)(ni - 1) * (1.0 - sdiag / sall);
        double sl = 0, se = 0, sl2 = 0;
        for (size_t r = 0; r < s->nparams; r++) {
            const adx_sem_param_t *pr = &s->params[r];
            if (pr->op == ADX_SEM_MEASURE && !strcmp(pr->lhs, c->name)) {
                sl += pr->std_all;
                sl2 += pr->std_all * pr->std_all;
                se += 1.0 - pr->std_all * pr->std_all;
            }
        }
        c->cr = sl * sl / (sl * sl + se);
        c->ave = sl2 / (double)ni;
        c->sqrt_ave = sqrt(c->ave);
        for (size_t i = 0; i < ni; i++) {
            size_t j = 0;
            while (j < nall && all[j] != items[i])
                j++;
            if (j == nall)
                all[nall++] = items[i];
        }
    }
    /* latent correlations and HTMT (absolute item correlations) */
#define R(i, j) (fabs(S[(i) + (j) * p]) / sqrt(S[(i) * (p + 1)] * S[(j) * (p + 1)]))
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            size_t fa = lat[a], fb = lat[b];
            val->latent_cor[a * k + b] = C[fa + fb * t] / sqrt(C[fa * (t + 1)] * C[fb * (t + 1)]);
        }
    for (size_t a = 0; a < k; a++) {
        int only;
        size_t na = construct_items(s, s->names[lat[a]], items, &only);
        double mono_a = 0, gmono_a = 0;
        for (size_t i = 0; i < na; i++)
            for (size_t j = i + 1; j < na; j++) {
                mono_a += R(items[i], items[j]);
                gmono_a += log(R(items[i], items[j]));
            }
        mono_a /= (double)(na * (na - 1) / 2);
        gmono_a = exp(gmono_a / (double)(na * (na - 1) / 2));
        val->htmt[a * k + a] = val->htmt2[a * k + a] = 1.0;
        for (size_t b = a + 1; b < k; b++) {
            size_t nb = construct_items(s, s->names[lat[b]], items2, &only);
            double mono_b = 0, het = 0, gmono_b = 0, ghet = 0;
            for (size_t i = 0; i < nb; i++)
                for (size_t j = i + 1; j < nb; j++) {
                    mono_b += R(items2[i], items2[j]);
                    gmono_b += log(R(items2[i], items2[j]));
                }
            mono_b /= (double)(nb * (nb - 1) / 2);
            gmono_b = exp(gmono_b / (double)(nb * (nb - 1) / 2));
            for (size_t i = 0; i < na; i++)
                for (size_t j = 0; j < nb; j++) {
                    het += R(items[i], items2[j]);
                    ghet += log(R(items[i], items2[j]));
                }
            het /= (double)(na * nb);
            ghet = exp(ghet / (double)(na * nb));
            val->htmt[a * k + b] = val->htmt[b * k + a] = het / sqrt(mono_a * mono_b);
            val->htmt2[a * k + b] = val->htmt2[b * k + a] = ghet / sqrt(gmono_a * gmono_b);
        }
    }
#undef R
    /* Harman's single factor: one factor over all the items */
    size_t len = 32;
    for (size_t i = 0; i < nall; i++)
        len += strlen(s->names[all[i]]) + 3;
    text = malloc(len);
    if (!text) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    strcpy(text, "common =~ ");
    for (size_t i = 0; i < nall; i++) {
        if (i)
            strcat(text, " + ");
        strcat(text, s->names[all[i]]);
    }
    adx_sem_options_t ho = s->opt;
    ho.std_lv = 0;
    adx_errctx_t sub = {0};
    rc = adx_sem_parse(text, "Harman one-factor model", &syn, ctx);
    if (!rc)
        rc = adx_sem_build(syn, &ho, &h, ctx);
    if (rc)
        goto cleanup;
    Sh = malloc(h->p * h->p * sizeof *Sh);
    if (!Sh) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* h->names are the items in the order written, i.e. all[] */
    for (size_t b = 0; b < h->p; b++)
        for (size_t a = 0; a < h->p; a++)
            Sh[a + b * h->p] = S[all[a] + all[b] * p];
    adx_error_t hr = adx_sem_fit_cov(h, Sh, s->n, &sub);
    val->harman = h->fit;
    val->harman_converged = hr == ADX_OK && h->converged;
    if (!h->fitted) {
        adx_sem_fit_t nanfit;
        double *d = (double *)&nanfit;
        for (size_t i = 0; i < sizeof nanfit / sizeof(double); i++)
            d[i] = NAN;
        val->harman = nanfit;
    }
    s->validity = val;
    val = NULL;
cleanup:
    if (val) {
        for (size_t i = 0; i < val->k; i++)
            free(val->constructs[i].name);
        free(val->constructs);
        free(val->latent_cor);
        free(val->htmt);
        free(val->htmt2);
        free(val);
    }
    free(items);
    free(items2);
    free(lat);
    free(text);
    free(all);
    free(Sh);
    adx_sem_syntax_free(syn);
    adx_sem_free(h);
    return rc;
}
