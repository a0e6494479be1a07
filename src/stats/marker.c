/* Common-method variance: the marker-variable adjustment of a correlation table
 * (Lindell & Whitney 2001; Malhotra, Kim & Patil 2006). r_M is the smallest positive
 * correlation of the marker with the other variables (or a value given), every other
 * correlation is adjusted to r_A = (r - r_M)/(1 - r_M) and tested with
 * t = r_A / sqrt((1 - r_A^2)/(n - 3)), n - 3 df (one more df lost to r_M). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

void adx_marker_options_init(adx_marker_options_t *o)
{
    o->r_m = NAN;
}

void adx_marker_free(adx_marker_t *m)
{
    if (!m)
        return;
    adx__free_strings(m->names, m->k);
    ADX__FREE(m->marker, m->r_m_with, m->r, m->ra, m->t, m->p, m->n, m);
}

/* r_M: the given value, or the smallest positive correlation of the marker (0 when
 * none is positive); *with = the index of that variable in c, or c->k. */
static double marker_r(const adx_corr_t *c, size_t mk, double given, size_t *with)
{
    *with = c->k;
    if (!isnan(given))
        return given;
    double best = HUGE_VAL;
    for (size_t j = 0; j < c->k; j++) {
        double r = c->r[mk + j * c->k];
        if (j != mk && r > 0 && r < best) {
            best = r;
            *with = j;
        }
    }
    return *with < c->k ? best : 0;
}

/* The adjusted correlation of one pair, its t and p (n - 3 df). */
static void adjust_pair(adx_marker_t *m, size_t at, double r, size_t n)
{
    double ra = (r - m->r_m) / (1 - m->r_m), df = (double)n - 3;
    m->r[at] = r;
    m->ra[at] = ra;
    m->n[at] = n;
    m->t[at] = m->p[at] = NAN;
    if (df >= 1 && fabs(ra) < 1) {
        m->t[at] = ra / sqrt((1 - ra * ra) / df);
        m->p[at] = 2 * gsl_cdf_tdist_Q(fabs(m->t[at]), df);
    }
}

adx_error_t adx_marker(const adx_corr_t *c, const char *marker, const adx_marker_options_t *o,
                       adx_marker_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_marker_options_t def;
    o = ADX__OPTIONS(o, def, adx_marker_options_init);
    size_t mk = 0;
    while (mk < c->k && strcmp(c->names[mk], marker))
        mk++;
    if (mk == c->k)
        return adx_err(ctx, ADX_ENOVAR, "marker variable '%s' is not among the correlated "
                                        "variables; list it with them", marker);
    if (!isnan(o->r_m) && !(o->r_m >= 0 && o->r_m < 1))
        return adx_err(ctx, ADX_EUSAGE, "marker correlation r_M = %g must be in [0, 1)",
                       o->r_m);
    if (c->k < 3)
        return adx_err(ctx, ADX_EUSAGE, "the marker adjustment needs the marker and at least "
                                        "two other variables");
    size_t k = c->k - 1, kk = k * k;
    adx_marker_t *m = calloc(1, sizeof *m);
    if (!m || !(m->names = calloc(k, sizeof *m->names)) || !(m->marker = adx__strdup(marker)) ||
        !(m->r = malloc(kk * sizeof *m->r)) || !(m->ra = malloc(kk * sizeof *m->ra)) ||
        !(m->t = malloc(kk * sizeof *m->t)) || !(m->p = malloc(kk * sizeof *m->p)) ||
        !(m->n = calloc(kk, sizeof *m->n)))
        goto oom;
    m->k = k;
    size_t with;
    m->r_m = marker_r(c, mk, o->r_m, &with);
    m->r_m_given = !isnan(o->r_m);
    if (with < c->k && !(m->r_m_with = adx__strdup(c->names[with])))
        goto oom;
    for (size_t i = 0; i < k; i++)
        if (!(m->names[i] = adx__strdup(c->names[i < mk ? i : i + 1])))
            goto oom;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            size_t at = i + j * k, src = (i < mk ? i : i + 1) + (j < mk ? j : j + 1) * c->k;
            adjust_pair(m, at, i == j ? 1 : c->r[src], c->n[src]);
            if (i == j)
                m->t[at] = m->p[at] = NAN;
        }
    *out = m;
    return ADX_OK;
oom:
    adx_marker_free(m);
    return adx_oom(ctx);
}
