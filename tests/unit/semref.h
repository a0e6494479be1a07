/* Helpers of the SEM reference tests (test_sem.c, test_sem_lavaan.c): reading
 * files and reference tables, fitting model text, comparing with lavaan. */
#ifndef ADX_SEMREF_H
#define ADX_SEMREF_H

#include "ambidex/adx_sem.h"
#include "../../src/base/base.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/sem/"

/* The whole file as a string (caller frees), or NULL. */
static inline char *slurp(const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    adx_errctx_t e = {0};
    CHECK_OK(adx__slurp(path, ADX__CAP_TEXT, "model file", &buf, &len, &e), e);
    return buf;
}

static adx_dataset_t *load(const char *path)
{
    adx_read_options_t o;
    adx_read_options_init(&o);
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(path, &o, &ds, &e), e);
    return ds;
}

static const char *sval(const adx_dataset_t *d, const char *col, size_t i)
{
    long j = adx_dataset_find(d, col);
    if (j < 0 || d->vars[j].type != ADX_VAR_STRING || !d->vars[j].str[i])
        return "";
    return d->vars[j].str[i];
}

static double nval(const adx_dataset_t *d, const char *col, size_t i)
{
    long j = adx_dataset_find(d, col);
    return j < 0 ? NAN : d->vars[j].num[i];
}

/* Row lhs op rhs of group g + 1 of `model` in a multi-group reference table (columns model,
 * group, lhs, op, rhs), or -1. */
static inline long ref_row(const adx_dataset_t *ref, const char *model, size_t g,
                           const adx_sem_param_t *p)
{
    for (size_t i = 0; i < ref->nrows; i++)
        if (!strcmp(sval(ref, "model", i), model) && nval(ref, "group", i) == (double)(g + 1) &&
            !strcmp(sval(ref, "lhs", i), p->lhs) &&
            !strcmp(sval(ref, "op", i), adx_sem_op_name(p->op)) &&
            !strcmp(sval(ref, "rhs", i), p->rhs ? p->rhs : ""))
            return (long)i;
    return -1;
}

/* Checks |a - b| / max(1, |b|) <= tol (both NaN: equal), keeping the largest in
 * *worst and naming model and what on failure. */
static void ref_cmp(double a, double b, double tol, double *worst, const char *what,
                    const char *model)
{
    double d = (isnan(a) && isnan(b)) ? 0 : fabs(a - b) / (fabs(b) > 1 ? fabs(b) : 1.0);
    if (isnan(d))
        d = INFINITY;
    if (d > *worst)
        *worst = d;
    if (!(d <= tol))
        fprintf(stderr, "  %s %s: got %.12g, lavaan %.12g\n", model, what, a, b);
    CHECK(d <= tol);
}

/* The value of measure `name` for `model` in fm (model,name,value), NaN if absent. */
static inline double ref_fit_value(const adx_dataset_t *fm, const char *model, const char *name)
{
    for (size_t i = 0; i < fm->nrows; i++)
        if (!strcmp(sval(fm, "model", i), model) && !strcmp(sval(fm, "name", i), name))
            return nval(fm, "value", i);
    return NAN;
}

/* Every parameter row of `model` in pe (model,lhs,op,rhs,est[,se]) against s: the
 * estimate and, when tol_se > 0, the SE (largest differences into *we, *ws). */
static inline void ref_params(const adx_sem_t *s, const adx_dataset_t *pe, const char *model,
                              double tol_est, double tol_se, double *we, double *ws)
{
    size_t want = 0, matched = 0;
    for (size_t i = 0; i < pe->nrows; i++) {
        if (strcmp(sval(pe, "model", i), model))
            continue;
        want++;
        for (size_t r = 0; r < s->nparams; r++)
            if (!strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                !strcmp(s->params[r].rhs, sval(pe, "rhs", i)) &&
                !strcmp(adx_sem_op_name(s->params[r].op), sval(pe, "op", i))) {
                ref_cmp(s->params[r].est, nval(pe, "est", i), tol_est, we, "est", model);
                if (tol_se > 0)
                    ref_cmp(s->params[r].se, nval(pe, "se", i), tol_se, ws, "se", model);
                matched++;
            }
    }
    CHECK(want > 0 && matched == want);
}

/* The fit measures of a FIML fit against lavaan's fitMeasures rows of `model` in
 * fm (columns name,value, and model when fm has that column). */
static inline void ref_fiml_fit(const adx_sem_t *s, const adx_dataset_t *fm, const char *model,
                                double tol, double *worst)
{
    const adx_sem_fit_t *f = &s->fit;
    struct {
        const char *name;
        double v;
    } fit[] = {{"npar", f->npar}, {"chisq", f->chisq}, {"df", f->df}, {"pvalue", f->pvalue},
               {"baseline.chisq", f->baseline_chisq}, {"baseline.df", f->baseline_df},
               {"cfi", f->cfi}, {"tli", f->tli}, {"nfi", f->nfi}, {"ifi", f->ifi},
               {"rmsea", f->rmsea}, {"rmsea.ci.lower", f->rmsea_ci_lower},
               {"rmsea.ci.upper", f->rmsea_ci_upper}, {"srmr", f->srmr}, {"logl", f->loglik},
               {"unrestricted.logl", f->unrestricted_loglik}, {"aic", f->aic}, {"bic", f->bic},
               {"ntotal", (double)s->n}, {"gfi", f->gfi}, {"agfi", f->agfi}};
    int bymodel = adx_dataset_find(fm, "model") >= 0;
    for (size_t k = 0; k < sizeof fit / sizeof fit[0]; k++) {
        size_t i = 0;
        while (i < fm->nrows && (strcmp(sval(fm, "name", i), fit[k].name) ||
                                 (bymodel && strcmp(sval(fm, "model", i), model))))
            i++;
        CHECK(i < fm->nrows);
        if (i < fm->nrows)
            ref_cmp(fit[k].v, nval(fm, "value", i), tol, worst, fit[k].name, model);
    }
}

/* Fits model text to ds under o; NULL (after a failed check) unless it converged. */
static inline adx_sem_t *fit_text(const char *text, const adx_sem_options_t *o,
                                  const adx_dataset_t *ds)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    CHECK_OK(adx_sem_parse(text, "model", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    adx_sem_syntax_free(syn);
    if (s && s->fitted && s->converged)
        return s;
    CHECK(!"model converged");
    adx_sem_free(s);
    return NULL;
}

/* The fit measures of `model` in fm (model,name,value: npar, chisq, df, pvalue, cfi, tli,
 * rmsea, srmr, logl, aic, bic, and baseline.chisq, baseline.df when there). */
static inline void ref_fit_table(const adx_sem_t *s, const adx_dataset_t *fm, const char *model,
                                 double tol, double *worst)
{
    const adx_sem_fit_t *f = &s->fit;
    static const char *const nm[] = {"npar",  "chisq", "df",  "pvalue", "cfi",
                                     "tli",   "rmsea", "srmr", "logl",  "aic",
                                     "bic",   "baseline.chisq", "baseline.df"};
    const double v[] = {f->npar,  f->chisq, f->df,  f->pvalue, f->cfi,
                        f->tli,   f->rmsea, f->srmr, f->loglik, f->aic,
                        f->bic,   f->baseline_chisq, f->baseline_df};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        size_t i = 0;
        while (i < fm->nrows && (strcmp(sval(fm, "name", i), nm[k]) ||
                                 strcmp(sval(fm, "model", i), model)))
            i++;
        if (k >= 11 && i == fm->nrows)
            continue; /* the baseline rows are optional */
        CHECK(i < fm->nrows);
        if (i < fm->nrows)
            ref_cmp(v[k], nval(fm, "value", i), tol, worst, nm[k], model);
    }
}

/* Row (group, lhs op rhs) of model in a multi-group table pe (model,group,lhs,op,rhs,...),
 * or (size_t)-1. */
static inline size_t ref_mg_row(const adx_dataset_t *pe, const char *model, const char *group,
                                const char *lhs, adx_sem_op_t op, const char *rhs)
{
    for (size_t i = 0; i < pe->nrows; i++)
        if (!strcmp(sval(pe, "model", i), model) && !strcmp(sval(pe, "group", i), group) &&
            !strcmp(sval(pe, "lhs", i), lhs) && !strcmp(sval(pe, "rhs", i), rhs) &&
            !strcmp(sval(pe, "op", i), adx_sem_op_name(op)))
            return i;
    return (size_t)-1;
}

/* 1 when score test t of a fit with group labels groups is row i of sc (lhs, op, rhs,
 * group: the released group's label). */
static inline int ref_score_row(const adx_sem_score_t *t, const char *const *groups,
                                const adx_dataset_t *sc, size_t i)
{
    return !strcmp(t->lhs, sval(sc, "lhs", i)) && !strcmp(t->rhs, sval(sc, "rhs", i)) &&
           !strcmp(adx_sem_op_name(t->op), sval(sc, "op", i)) &&
           !strcmp(groups[t->group], sval(sc, "group", i));
}

#endif
