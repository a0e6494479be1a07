/* Common-method variance and latent interactions as generated models (adx_sem_cmv.h):
 * the unmeasured latent method factor and its comparison with the trait model. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_sem_cmv.h"
#include "sem_priv.h"

/* 1 when name is a factor (the lhs of some =~) of syn. */
static int is_factor(const adx_sem_syntax_t *syn, const char *name)
{
    for (size_t i = 0; i < syn->n; i++)
        if (syn->items[i].op == ADX_SEM_MEASURE && !strcmp(syn->items[i].lhs, name))
            return 1;
    return 0;
}

/* 1 when name appears anywhere in syn (as a variable). */
static int is_used(const adx_sem_syntax_t *syn, const char *name)
{
    for (size_t i = 0; i < syn->n; i++)
        if ((syn->items[i].lhs && !strcmp(syn->items[i].lhs, name)) ||
            (syn->items[i].rhs && !strcmp(syn->items[i].rhs, name)))
            return 1;
    return 0;
}

/* Appends " + PREFIXname" (or "PREFIXname" first) for each first occurrence of a
 * statement's lhs (side 0) or rhs (side 1) that passes the factor test. */
static void put_terms(adx__sb_t *b, const adx_sem_syntax_t *syn, int side, int factors,
                      const char *first, const char *prefix)
{
    size_t count = 0;
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *s = &syn->items[i];
        const char *v = side ? s->rhs : s->lhs;
        if (s->op != ADX_SEM_MEASURE || is_factor(syn, v) != factors)
            continue;
        size_t j = 0;
        while (j < i && !(syn->items[j].op == ADX_SEM_MEASURE &&
                          !strcmp(side ? syn->items[j].rhs : syn->items[j].lhs, v)))
            j++;
        if (j < i)
            continue;
        adx__sb_printf(b, "%s%s%s", count ? " + " : "", count ? prefix : first, v);
        count++;
    }
}

adx_error_t adx_sem_method_syntax(const adx_sem_syntax_t *syn, const char *text, char **out,
                                  char **name, adx_errctx_t *ctx)
{
    *out = NULL;
    if (name)
        *name = NULL;
    adx__sb_t nm = {0}, b = {0};
    adx__sb_str(&nm, "METHOD");
    while (!nm.oom && is_used(syn, nm.s))
        adx__sb_char(&nm, '_');
    adx__sb_printf(&b, "%s\n%s =~ ", text, nm.s ? nm.s : "");
    put_terms(&b, syn, 1, 0, "NA*", "");
    adx__sb_printf(&b, "\n%s ~~ 1*%s\n%s ~~ ", nm.s ? nm.s : "",
                   nm.s ? nm.s : "", nm.s ? nm.s : "");
    put_terms(&b, syn, 0, 1, "0*", "0*");
    adx__sb_char(&b, '\n');
    if (b.oom || nm.oom) {
        adx__sb_free(&b);
        adx__sb_free(&nm);
        return adx_oom(ctx);
    }
    *out = adx__sb_take(&b);
    if (name)
        *name = adx__sb_take(&nm);
    else
        adx__sb_free(&nm);
    return ADX_OK;
}

void adx_sem_method_free(adx_sem_method_t *m)
{
    if (!m)
        return;
    ADX__FREE(m->method, m->factor, m->item, m->std_base, m->std_with, m->std_method, m);
}

/* The std.all estimate of lhs op rhs in s, NaN when absent. */
static double std_of(const adx_sem_t *s, adx_sem_op_t op, const char *lhs, const char *rhs)
{
    for (size_t i = 0; i < s->nparams; i++) {
        const adx_sem_param_t *q = &s->params[i];
        if (q->op == op && !strcmp(q->lhs, lhs) && !strcmp(q->rhs, rhs))
            return q->std_all;
    }
    return NAN;
}

/* 1 when the variable is observed in s. */
static int observed(const adx_sem_t *s, const char *name)
{
    for (size_t j = 0; j < s->p; j++)
        if (!strcmp(s->names[j], name))
            return 1;
    return 0;
}

adx_error_t adx_sem_method_compare(const adx_sem_t *base, const adx_sem_t *mf,
                                   const char *method, adx_sem_method_t **out,
                                   adx_errctx_t *ctx)
{
    *out = NULL;
    size_t n = 0;
    for (size_t i = 0; i < base->nparams; i++)
        n += base->params[i].op == ADX_SEM_MEASURE && observed(base, base->params[i].rhs);
    adx_sem_method_t *m = calloc(1, sizeof *m);
    size_t sz = (n ? n : 1) * sizeof(double);
    if (!m || !(m->method = adx__strdup(method)) ||
        !(m->factor = calloc(n ? n : 1, sizeof *m->factor)) ||
        !(m->item = calloc(n ? n : 1, sizeof *m->item)) || !(m->std_base = malloc(sz)) ||
        !(m->std_with = malloc(sz)) || !(m->std_method = malloc(sz))) {
        adx_sem_method_free(m);
        return adx_oom(ctx);
    }
    double sq_method = 0;
    size_t nitems = 0;
    for (size_t i = 0; i < base->nparams; i++) {
        const adx_sem_param_t *q = &base->params[i];
        if (q->op != ADX_SEM_MEASURE || !observed(base, q->rhs))
            continue;
        size_t k = m->n++;
        m->factor[k] = q->lhs; /* borrowed from base: see the header */
        m->item[k] = q->rhs;
        m->std_base[k] = q->std_all;
        m->std_with[k] = std_of(mf, ADX_SEM_MEASURE, q->lhs, q->rhs);
        m->std_method[k] = std_of(mf, ADX_SEM_MEASURE, method, q->rhs);
        m->mean_sq_base += q->std_all * q->std_all / (double)n;
        m->mean_sq_with += m->std_with[k] * m->std_with[k] / (double)n;
        size_t j = 0;
        while (j < k && strcmp(m->item[j], q->rhs))
            j++;
        if (j == k) {
            sq_method += m->std_method[k] * m->std_method[k];
            nitems++;
        }
    }
    m->mean_sq_method = nitems ? sq_method / (double)nitems : NAN;
    m->fit_base = base->fit;
    m->fit_with = mf->fit;
    m->dchisq = base->fit.chisq - mf->fit.chisq;
    m->ddf = base->fit.df - mf->fit.df;
    m->dp = m->ddf >= 1 ? gsl_cdf_chisq_Q(fmax(m->dchisq, 0), m->ddf) : NAN;
    m->converged_with = mf->converged;
    m->heywood_with = mf->heywood;
    *out = m;
    return ADX_OK;
}

/* The observed indicators of factor f in syn's order (up to max), their count. */
static size_t indicators(const adx_sem_syntax_t *syn, const char *f, const char **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < syn->n && k < max; i++)
        if (syn->items[i].op == ADX_SEM_MEASURE && !strcmp(syn->items[i].lhs, f) &&
            !is_factor(syn, syn->items[i].rhs))
            out[k++] = syn->items[i].rhs;
    return k;
}

/* x centred at its mean over the non-missing values (in place). */
static void centre(double *x, size_t n)
{
    double m = 0;
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            m += (x[i] - m) / (double)++c;
    for (size_t i = 0; i < n; i++)
        x[i] -= m;
}

/* The double-mean-centred product of the numeric variables a and b, added as "a.b". */
static adx_error_t add_product(adx_dataset_t *ds, const char *a, const char *b,
                               adx__sb_t *name, adx_errctx_t *ctx)
{
    long ia = adx_dataset_find(ds, a), ib = adx_dataset_find(ds, b);
    const char *bad = ia < 0 ? a : ib < 0 ? b : NULL;
    if (bad)
        return adx_err(ctx, ADX_ENOVAR, "--product: indicator '%s' is not in the data", bad);
    if (ds->vars[ia].type != ADX_VAR_NUMERIC || ds->vars[ib].type != ADX_VAR_NUMERIC)
        return adx_err(ctx, ADX_ETYPE, "--product: indicator '%s' is not numeric",
                       ds->vars[ia].type != ADX_VAR_NUMERIC ? a : b);
    name->len = 0;
    adx__sb_printf(name, "%s.%s", a, b);
    if (name->oom)
        return adx_oom(ctx);
    if (adx_dataset_find(ds, name->s) >= 0)
        return adx_err(ctx, ADX_EUSAGE, "--product: the data already have a variable '%s'; "
                                        "rename it", name->s);
    size_t n = ds->nrows;
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    if (!x || !y) {
        ADX__FREE(x, y);
        return adx_oom(ctx);
    }
    memcpy(x, ds->vars[ia].num, n * sizeof *x);
    memcpy(y, ds->vars[ib].num, n * sizeof *y);
    centre(x, n);
    centre(y, n);
    for (size_t i = 0; i < n; i++)
        x[i] *= y[i];
    centre(x, n);
    free(y);
    return adx_dataset_add_numeric(ds, name->s, x, NULL, ctx);
}

adx_error_t adx_sem_product_indicators(adx_dataset_t *ds, const adx_sem_syntax_t *syn,
                                       const char *f1, const char *f2, char **line,
                                       adx_errctx_t *ctx)
{
    *line = NULL;
    enum { MAXI = 64 };
    const char *a[MAXI], *b[MAXI];
    size_t ka = indicators(syn, f1, a, MAXI), kb = indicators(syn, f2, b, MAXI);
    if (!ka || !kb)
        return adx_err(ctx, ADX_EUSAGE, "--product %s:%s: '%s' is not a factor measured by "
                                        "observed indicators in the model",
                       f1, f2, ka ? f2 : f1);
    if (ka != kb)
        return adx_err(ctx, ADX_EUSAGE, "--product %s:%s: matched pairs need as many "
                                        "indicators of %s (%zu) as of %s (%zu); drop or "
                                        "average indicators of the larger factor",
                       f1, f2, f1, ka, f2, kb);
    adx__sb_t name = {0}, out = {0};
    adx__sb_printf(&out, "%s.%s =~ ", f1, f2);
    adx_error_t rc = ADX_OK;
    for (size_t k = 0; k < ka && !rc; k++) {
        rc = add_product(ds, a[k], b[k], &name, ctx);
        adx__sb_printf(&out, "%s%s", k ? " + " : "", name.s ? name.s : "");
    }
    adx__sb_free(&name);
    if (!rc && out.oom)
        rc = adx_oom(ctx);
    if (rc)
        adx__sb_free(&out);
    else
        *line = adx__sb_take(&out);
    return rc;
}
