/* Hierarchical OLS from formulas: term parsing, design building, nested models,
 * standardized coefficients, tolerance/VIF, SPSS collinearity diagnostics. */
#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_regress.h"
#include "regress_priv.h"

#define MAX_COMP 8
#define MAX_TERMS 256

enum { C_NUM = 0, C_LOG = 1, C_FACTOR = 2 };

typedef struct {
    int kind;
    size_t var;
    char *text;       /* prefix of column names: "X", "log(X)", "factor(X)" */
    /* factor levels on the analysis sample */
    size_t nlev;
    char **lev;       /* level labels */
    double *levnum;   /* numeric codes (numeric variables) */
} comp_t;

typedef struct {
    size_t nc;
    size_t comp[MAX_COMP]; /* indices into the component table */
    size_t block;
} term_t;

typedef struct {
    comp_t comps[MAX_TERMS];
    size_t ncomps;
    term_t terms[MAX_TERMS];
    size_t nterms;
} design_t;

void adx_regress_options_init(adx_regress_options_t *o)
{
    adx_ols_options_init(&o->ols);
    o->center = NULL;
    o->ncenter = 0;
    o->durbin_watson = 0;
    o->all_hc = 0;
    o->casediag = 0;
}

static void design_clear(design_t *d)
{
    for (size_t i = 0; i < d->ncomps; i++) {
        comp_t *c = &d->comps[i];
        free(c->text);
        for (size_t l = 0; l < c->nlev; l++)
            free(c->lev[l]);
        free(c->lev);
        free(c->levnum);
    }
    d->ncomps = 0;
    d->nterms = 0;
}

/* Finds or adds the component written as `text` ("X", "log(X)", "factor(X)"). */
static adx_error_t add_comp(design_t *d, const adx_dataset_t *ds, char *text, size_t *out,
                            adx_errctx_t *ctx)
{
    text = adx__trim(text);
    int kind = C_NUM;
    char name[512];
    size_t len = strlen(text);
    if (len == 0)
        return adx_err(ctx, ADX_EUSAGE, "empty term in the formula (a stray '+', '*' or ':')");
    if (len >= sizeof name)
        return adx_err(ctx, ADX_EUSAGE, "term too long: '%.40s...'", text);
    if (!strncmp(text, "log(", 4) && text[len - 1] == ')') {
        kind = C_LOG;
        snprintf(name, sizeof name, "%.*s", (int)(len - 5), text + 4);
    } else if (!strncmp(text, "factor(", 7) && text[len - 1] == ')') {
        kind = C_FACTOR;
        snprintf(name, sizeof name, "%.*s", (int)(len - 8), text + 7);
    } else if (strchr(text, '(') || strchr(text, ')')) {
        return adx_err(ctx, ADX_EUSAGE,
                       "term '%s': only log(VAR) and factor(VAR) are understood in a formula; "
                       "compute other transforms first with --compute \"NEW = ...\"",
                       text);
    } else {
        snprintf(name, sizeof name, "%s", text);
    }
    char *nm = adx__trim(name);
    const char *names[1] = {nm};
    size_t var = 0;
    if (kind != C_NUM && adx_dataset_find(ds, nm) < 0 && strpbrk(nm, "-/^ "))
        return adx_err(ctx, ADX_EUSAGE,
                       "term '%s': log() and factor() take one variable in a formula; compute "
                       "other expressions first with --compute \"NEW = ...\"",
                       text);
    adx_error_t rc = adx_dataset_lookup(ds, names, 1, 0, &var, ctx);
    if (rc)
        return rc;
    if (ds->vars[var].type == ADX_VAR_STRING) {
        if (kind == C_LOG)
            return adx_err(ctx, ADX_ETYPE, "log(%s): '%s' is a string variable", nm, nm);
        kind = C_FACTOR;
    }
    for (size_t i = 0; i < d->ncomps; i++)
        if (d->comps[i].var == var && d->comps[i].kind == kind) {
            *out = i;
            return ADX_OK;
        }
    if (d->ncomps == MAX_TERMS)
        return adx_err(ctx, ADX_EUSAGE, "too many terms in the formula");
    comp_t *c = &d->comps[d->ncomps];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->var = var;
    c->text = adx__strdup(text);
    if (!c->text)
        return adx_oom(ctx);
    *out = d->ncomps++;
    return ADX_OK;
}

static int same_term(const term_t *a, const term_t *b)
{
    if (a->nc != b->nc)
        return 0;
    for (size_t i = 0; i < a->nc; i++) {
        int found = 0;
        for (size_t j = 0; j < b->nc; j++)
            found |= a->comp[i] == b->comp[j];
        if (!found)
            return 0;
    }
    return 1;
}

static adx_error_t add_term(design_t *d, const term_t *t, adx_errctx_t *ctx)
{
    for (size_t i = 0; i < d->nterms; i++)
        if (same_term(&d->terms[i], t))
            return ADX_OK;
    if (d->nterms == MAX_TERMS)
        return adx_err(ctx, ADX_EUSAGE, "too many terms in the formula");
    d->terms[d->nterms++] = *t;
    return ADX_OK;
}

/* Parses "a + b*c + d:e" into terms of the given block. */
static adx_error_t parse_terms(design_t *d, const adx_dataset_t *ds, const char *rhs, size_t block,
                               adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    char *buf = adx__strdup(rhs);
    if (!buf)
        return adx_oom(ctx);
    if (!*adx__trim(buf)) {
        rc = adx_err(ctx, ADX_EUSAGE, "a block has no terms");
        goto cleanup;
    }
    if (strchr(buf, '~')) {
        rc = adx_err(ctx, ADX_EUSAGE, "'%s': '~' belongs only between Y and the predictors; "
                                      "a block lists terms (\"X3 + X4\")", rhs);
        goto cleanup;
    }
    char *save = NULL;
    for (char *tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
        /* Split by '*': factors, each a ':'-product. */
        term_t parts[MAX_COMP];
        size_t np = 0;
        char *s2 = NULL;
        if (!*adx__trim(tok)) {
            rc = adx_err(ctx, ADX_EUSAGE, "empty term in the formula (a stray '+')");
            goto cleanup;
        }
        for (char *f = strtok_r(tok, "*", &s2); f; f = strtok_r(NULL, "*", &s2)) {
            if (np == MAX_COMP) {
                rc = adx_err(ctx, ADX_EUSAGE, "too many factors in one product");
                goto cleanup;
            }
            term_t *t = &parts[np++];
            t->nc = 0;
            t->block = block;
            char *s3 = NULL;
            for (char *c = strtok_r(f, ":", &s3); c; c = strtok_r(NULL, ":", &s3)) {
                if (t->nc == MAX_COMP) {
                    rc = adx_err(ctx, ADX_EUSAGE, "too many factors in one product");
                    goto cleanup;
                }
                if ((rc = add_comp(d, ds, c, &t->comp[t->nc], ctx)) != ADX_OK)
                    goto cleanup;
                t->nc++;
            }
            if (t->nc == 0) {
                rc = adx_err(ctx, ADX_EUSAGE, "empty term around '*' in the formula");
                goto cleanup;
            }
        }
        /* A*B*C: every non-empty subset, in the order R expands them. */
        for (size_t order = 1; order <= np; order++)
            for (unsigned long mask = 1; mask < (1UL << np); mask++) {
                if ((size_t)__builtin_popcountl(mask) != order)
                    continue;
                term_t t = {0};
                t.block = block;
                for (size_t i = 0; i < np; i++)
                    if (mask & (1UL << i))
                        for (size_t c = 0; c < parts[i].nc; c++) {
                            int dup = 0;
                            for (size_t q = 0; q < t.nc; q++)
                                dup |= t.comp[q] == parts[i].comp[c];
                            if (!dup && t.nc < MAX_COMP)
                                t.comp[t.nc++] = parts[i].comp[c];
                        }
                if ((rc = add_term(d, &t, ctx)) != ADX_OK)
                    goto cleanup;
            }
    }
cleanup:
    free(buf);
    return rc;
}

/* Levels of a factor component over the sample rows. */
static adx_error_t factor_levels(comp_t *c, const adx_dataset_t *ds, const size_t *rows, size_t n,
                                 adx_errctx_t *ctx)
{
    const adx_variable_t *v = &ds->vars[c->var];
    if (v->type == ADX_VAR_NUMERIC) {
        size_t k;
        double *tmp = adx__distinct(v->num, sizeof *tmp, rows, n, adx__cmp_double, &k);
        if (!tmp)
            return adx_oom(ctx);
        c->levnum = tmp;
        c->nlev = k;
        c->lev = calloc(k ? k : 1, sizeof *c->lev);
        if (!c->lev)
            return adx_oom(ctx);
        for (size_t l = 0; l < k; l++) {
            char b[64];
            snprintf(b, sizeof b, "%.15g", tmp[l]);
            if (!(c->lev[l] = adx__strdup(b)))
                return adx_oom(ctx);
        }
    } else {
        size_t k;
        char **tmp = adx__distinct(v->str, sizeof *tmp, rows, n, adx__cmp_str, &k);
        if (!tmp)
            return adx_oom(ctx);
        c->nlev = k;
        c->lev = calloc(k ? k : 1, sizeof *c->lev);
        if (!c->lev) {
            free(tmp);
            return adx_oom(ctx);
        }
        for (size_t l = 0; l < k; l++)
            if (!(c->lev[l] = adx__strdup(tmp[l]))) {
                free(tmp);
                return adx_oom(ctx);
            }
        free(tmp);
    }
    if (c->nlev < 2)
        return adx_err(ctx, ADX_ECONST,
                       "%s has a single level in the cases used; a factor needs two or more",
                       c->text);
    return ADX_OK;
}

/* Level index of a case for a factor component. */
static size_t level_of(const comp_t *c, const adx_dataset_t *ds, size_t row)
{
    const adx_variable_t *v = &ds->vars[c->var];
    for (size_t l = 0; l < c->nlev; l++)
        if (v->type == ADX_VAR_NUMERIC ? v->num[row] == c->levnum[l]
                                       : !strcmp(v->str[row], c->lev[l]))
            return l;
    return 0;
}

static size_t term_ncols(const design_t *d, const term_t *t)
{
    size_t k = 1;
    for (size_t i = 0; i < t->nc; i++) {
        const comp_t *c = &d->comps[t->comp[i]];
        k *= c->kind == C_FACTOR ? c->nlev - 1 : 1;
    }
    return k;
}

static void model_clear(adx_regress_model_t *m)
{
    adx__free_strings(m->names, m->p);
    adx_ols_free(m->fit);
    ADX__FREE(m->beta, m->tolerance, m->vif, m->eigen, m->cond, m->varprop);
    for (int i = 0; i < 5; i++)
        free(m->hc_se[i]);
}

void adx_regress_free(adx_regress_t *r)
{
    if (!r)
        return;
    for (size_t m = 0; m < r->nmodels; m++)
        model_clear(&r->models[m]);
    free(r->models);
    free(r->dependent);
    adx__free_strings(r->centered, r->ncentered);
    adx_casediag_free(r->casediag);
    free(r);
}

/* Sample SD of a column (n - 1). */
static double col_sd(const double *x, size_t n)
{
    double sd;
    adx__mean_sd(x, n, 1, 0, NULL, &sd, NULL);
    return sd;
}

/* Fills the diagnostics of a fitted model: beta, tolerance, VIF, eigen analysis. */
static adx_error_t diagnostics(adx_regress_model_t *m, const adx_matrix_t *X, const double *y,
                               int want_dw, int all_hc, adx_hc_t hc, adx_errctx_t *ctx)
{
    size_t n = X->rows, p = X->cols, k = p - 1;
    adx_error_t rc = ADX_OK;
    adx_matrix_t *R = NULL;
    double *xtx = NULL, *vec = NULL, *phi = NULL;
    if (!(m->beta = malloc(p * sizeof(double))) || !(m->tolerance = malloc(p * sizeof(double))) ||
        !(m->vif = malloc(p * sizeof(double))) || !(m->eigen = malloc(p * sizeof(double))) ||
        !(m->cond = malloc(p * sizeof(double))) || !(m->varprop = malloc(p * p * sizeof(double))) ||
        !(xtx = malloc(p * p * sizeof(double))) || !(vec = malloc(p * p * sizeof(double))) ||
        !(phi = malloc(p * p * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    double sdy = col_sd(y, n);
    m->beta[0] = m->tolerance[0] = m->vif[0] = NAN;
    for (size_t j = 1; j < p; j++)
        m->beta[j] = m->fit->b[j] * col_sd(&ADX_M(X, 0, j), n) / sdy;
    /* VIF_j = [R^-1]_jj over the predictor correlation matrix. */
    if (k == 1) {
        m->tolerance[1] = m->vif[1] = 1;
    } else if (k > 1) {
        if (!(R = adx_matrix_alloc(k, k))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        double *mean = vec, *sd = phi; /* scratch */
        for (size_t j = 0; j < k; j++)
            adx__mean_sd(&ADX_M(X, 0, j + 1), n, 1, 0, &mean[j], &sd[j], NULL);
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b <= a; b++) {
                double s = 0;
                for (size_t i = 0; i < n; i++)
                    s += (ADX_M(X, i, a + 1) - mean[a]) * (ADX_M(X, i, b + 1) - mean[b]);
                s /= (double)(n - 1) * sd[a] * sd[b];
                ADX_M(R, a, b) = ADX_M(R, b, a) = s;
            }
        if (adx_matrix_spd_inverse(R) != ADX_OK) {
            for (size_t j = 1; j < p; j++)
                m->vif[j] = INFINITY, m->tolerance[j] = 0;
        } else {
            for (size_t j = 0; j < k; j++) {
                m->vif[j + 1] = ADX_M(R, j, j);
                m->tolerance[j + 1] = 1 / m->vif[j + 1];
            }
        }
    }
    /* Collinearity diagnostics (Belsley, Kuh & Welsch 1980, as SPSS): columns of X
     * (with the constant) scaled to unit length; eigen-decomposition of X'X. */
    double *norm = m->cond; /* scratch, overwritten below */
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += ADX_M(X, i, j) * ADX_M(X, i, j);
        norm[j] = sqrt(s);
    }
    /* Through the SVD of the scaled X (eigenvalues = squared singular values),
     * which does not square the condition number as forming X'X would. */
    {
        double *A = malloc(n * p * sizeof *A), *sv = malloc(p * sizeof *sv);
        double *superb = malloc(p * sizeof *superb);
        int ok = A && sv && superb;
        if (ok) {
            for (size_t j = 0; j < p; j++)
                for (size_t i = 0; i < n; i++)
                    A[i + j * n] = ADX_M(X, i, j) / norm[j];
            /* vec receives V' (p x p). */
            ok = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'A', (lapack_int)n, (lapack_int)p, A,
                                (lapack_int)n, sv, NULL, 1, xtx, (lapack_int)p, superb) == 0;
        }
        if (ok)
            for (size_t d = 0; d < p; d++) {
                m->eigen[d] = sv[d] * sv[d];
                for (size_t j = 0; j < p; j++)
                    vec[j + d * p] = xtx[d + j * p];
            }
        ADX__FREE(A, sv, superb);
        if (!ok) {
            rc = adx_err(ctx, ADX_ECONVERGE, "SVD for the collinearity diagnostics failed");
            goto cleanup;
        }
    }
    for (size_t d = 0; d < p; d++)
        m->cond[d] = sqrt(m->eigen[0] / m->eigen[d]);
    for (size_t j = 0; j < p; j++) {
        double tot = 0;
        for (size_t d = 0; d < p; d++) {
            double v = vec[j + d * p];
            phi[j + d * p] = v * v / m->eigen[d];
            tot += phi[j + d * p];
        }
        for (size_t d = 0; d < p; d++)
            m->varprop[j + d * p] = phi[j + d * p] / tot;
    }
    m->dw = NAN;
    if (want_dw) {
        double num = 0;
        for (size_t i = 1; i < n; i++) {
            double d = m->fit->resid[i] - m->fit->resid[i - 1];
            num += d * d;
        }
        m->dw = num / m->fit->rss;
    }
    for (int h = 0; h < 5; h++) {
        if (!all_hc && hc != (adx_hc_t)(ADX_HC0 + h))
            continue;
        if (!(m->hc_se[h] = malloc(p * sizeof(double)))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        if ((rc = adx_ols_hc(X, m->fit, (adx_hc_t)(ADX_HC0 + h), xtx)) != ADX_OK) {
            rc = adx_err(ctx, rc, "robust covariance failed");
            goto cleanup;
        }
        for (size_t j = 0; j < p; j++)
            m->hc_se[h][j] = sqrt(xtx[j + j * p]);
    }
cleanup:
    adx_matrix_free(R);
    ADX__FREE(xtx, vec, phi);
    return rc;
}

adx_error_t adx__formula_plain(const adx_dataset_t *ds, const char *rhs, size_t *vars,
                               size_t max, size_t *n, adx_errctx_t *ctx)
{
    design_t *d = calloc(1, sizeof *d);
    adx_error_t rc = d ? parse_terms(d, ds, rhs, 0, ctx) : adx_oom(ctx);
    *n = 0;
    for (size_t t = 0; !rc && t < d->nterms; t++) {
        const term_t *T = &d->terms[t];
        const comp_t *c = &d->comps[T->comp[0]];
        if (T->nc != 1 || c->kind != C_NUM)
            rc = adx_err(ctx, ADX_EUSAGE,
                         "'%s': only plain numeric variables are allowed here (no products, "
                         "log() or factor(); compute them first with --compute)",
                         c->text);
        else if (*n == max)
            rc = adx_err(ctx, ADX_EUSAGE, "more than %zu variables in '%s'", max, rhs);
        else
            vars[(*n)++] = c->var;
    }
    if (d)
        design_clear(d);
    free(d);
    return rc;
}

/* State of one adx_regress call. */
typedef struct {
    const adx_dataset_t *ds;
    const adx_regress_options_t *o;
    adx_errctx_t *ctx;
    design_t *d;
    adx_regress_t *r;
    size_t yvar, n;
    size_t *rows;   /* n dataset rows of the same-case sample */
    double *y;      /* n values of the dependent variable */
    double **vals;  /* values of each numeric component on the sample (NULL: factor) */
} rwork_t;

/* "Y ~ terms" and the blocks into the design; the dependent variable. */
static adx_error_t parse_formula(rwork_t *w, const char *formula, const char *const *blocks,
                                 size_t nblocks)
{
    adx_errctx_t *ctx = w->ctx;
    char *lhs = adx__strdup(formula), *tilde = lhs ? strchr(lhs, '~') : NULL;
    adx_error_t rc = ADX_OK;
    if (!lhs)
        return adx_oom(ctx);
    if (!tilde) {
        rc = adx_err(ctx, ADX_EUSAGE, "formula '%s' has no '~'; write it as \"Y ~ X1 + X2\"",
                     formula);
        goto cleanup;
    }
    if (strchr(tilde + 1, '~')) {
        rc = adx_err(ctx, ADX_EUSAGE, "formula '%s' has more than one '~'; write it as "
                                      "\"Y ~ X1 + X2\"", formula);
        goto cleanup;
    }
    *tilde = 0;
    const char *yn[1] = {adx__trim(lhs)};
    if (!*yn[0]) {
        rc = adx_err(ctx, ADX_EUSAGE, "formula '%s' has no dependent variable before '~'", formula);
        goto cleanup;
    }
    if ((rc = adx_dataset_lookup(w->ds, yn, 1, 1, &w->yvar, ctx)) != ADX_OK)
        goto cleanup;
    if (!(w->r->dependent = adx__strdup(yn[0]))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = parse_terms(w->d, w->ds, tilde + 1, 0, ctx)) != ADX_OK)
        goto cleanup;
    for (size_t b = 0; b < nblocks; b++) {
        size_t before = w->d->nterms;
        if ((rc = parse_terms(w->d, w->ds, blocks[b], b + 1, ctx)) != ADX_OK)
            goto cleanup;
        if (w->d->nterms == before) {
            rc = adx_err(ctx, ADX_EUSAGE, "block %zu (\"%s\") adds no new terms", b + 2,
                         blocks[b]);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < w->d->ncomps; i++)
        if (w->d->comps[i].var == w->yvar) {
            rc = adx_err(ctx, ADX_EUSAGE, "'%s' is both the dependent variable and a predictor",
                         yn[0]);
            goto cleanup;
        }
cleanup:
    free(lhs);
    return rc;
}

/* SPSS's same-case sample: the cases complete on y and every variable of the last
 * block; factor levels and the domain of log() on it. */
static adx_error_t same_case_sample(rwork_t *w)
{
    const adx_dataset_t *ds = w->ds;
    design_t *d = w->d;
    size_t n = 0, N = ds->nrows;
    if (!(w->rows = malloc((N ? N : 1) * sizeof *w->rows)))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < N; i++) {
        int ok = !isnan(ds->vars[w->yvar].num[i]);
        for (size_t c = 0; ok && c < d->ncomps; c++) {
            const adx_variable_t *v = &ds->vars[d->comps[c].var];
            ok = v->type == ADX_VAR_NUMERIC ? !isnan(v->num[i]) : v->str[i] != NULL;
        }
        if (ok)
            w->rows[n++] = i;
    }
    w->r->n = w->n = n;
    if (n == 0)
        return adx_err(w->ctx, ADX_EEMPTY,
                       "no case is complete on %s and all predictors; check the missing values",
                       w->r->dependent);
    for (size_t c = 0; c < d->ncomps; c++) {
        comp_t *cp = &d->comps[c];
        adx_error_t rc;
        if (cp->kind == C_FACTOR && (rc = factor_levels(cp, ds, w->rows, n, w->ctx)) != ADX_OK)
            return rc;
        for (size_t i = 0; cp->kind == C_LOG && i < n; i++)
            if (!(ds->vars[cp->var].num[w->rows[i]] > 0))
                return adx_err(w->ctx, ADX_EDOMAIN,
                               "%s: case %zu has %s = %g; the log needs positive values",
                               cp->text, w->rows[i] + 1, ds->vars[cp->var].name,
                               ds->vars[cp->var].num[w->rows[i]]);
    }
    return ADX_OK;
}

/* The --center variables: each a plain numeric term of the model; their names kept. */
static adx_error_t center_vars(rwork_t *w, size_t *cvars)
{
    const adx_regress_options_t *o = w->o;
    adx_regress_t *r = w->r;
    if (!o->ncenter)
        return ADX_OK;
    if (!(r->centered = calloc(o->ncenter, sizeof *r->centered)))
        return adx_oom(w->ctx);
    adx_error_t rc = adx_dataset_lookup(w->ds, o->center, o->ncenter, 1, cvars, w->ctx);
    for (size_t j = 0; !rc && j < o->ncenter; j++) {
        int used = 0;
        for (size_t c = 0; c < w->d->ncomps; c++)
            used |= w->d->comps[c].var == cvars[j] && w->d->comps[c].kind == C_NUM;
        if (!used)
            return adx_err(w->ctx, ADX_EUSAGE,
                           "--center %s: '%s' is not a plain numeric term of the model",
                           o->center[j], o->center[j]);
        if (!(r->centered[r->ncentered++] = adx__strdup(o->center[j])))
            return adx_oom(w->ctx);
    }
    return rc;
}

/* y and the values of each numeric component on the sample (centred where asked). */
static adx_error_t component_values(rwork_t *w)
{
    const adx_dataset_t *ds = w->ds;
    design_t *d = w->d;
    size_t n = w->n, nc = w->o->ncenter;
    size_t *cvars = malloc((nc ? nc : 1) * sizeof *cvars);
    adx_error_t rc = ADX_OK;
    if (!cvars || !(w->vals = calloc(d->ncomps, sizeof *w->vals)) ||
        !(w->y = malloc(n * sizeof *w->y))) {
        rc = adx_oom(w->ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        w->y[i] = ds->vars[w->yvar].num[w->rows[i]];
    if ((rc = center_vars(w, cvars)))
        goto cleanup;
    for (size_t c = 0; c < d->ncomps; c++) {
        comp_t *cp = &d->comps[c];
        if (cp->kind == C_FACTOR)
            continue;
        double *v = w->vals[c] = malloc(n * sizeof(double));
        if (!v) {
            rc = adx_oom(w->ctx);
            goto cleanup;
        }
        for (size_t i = 0; i < n; i++) {
            double x = ds->vars[cp->var].num[w->rows[i]];
            v[i] = cp->kind == C_LOG ? log(x) : x;
        }
        int center = 0;
        for (size_t j = 0; j < nc; j++)
            center |= cvars[j] == cp->var && cp->kind == C_NUM;
        if (center) {
            double m;
            adx__mean_sd(v, n, 1, 0, &m, NULL, NULL);
            for (size_t i = 0; i < n; i++)
                v[i] -= m;
        }
    }
cleanup:
    free(cvars);
    return rc;
}

/* Column q of term T: its name (R-style) and values. */
static adx_error_t term_column(rwork_t *w, const term_t *T, size_t q, adx_matrix_t *X,
                               size_t col, char **name_out)
{
    const design_t *d = w->d;
    char name[1024] = "";
    size_t rem = q, lev[MAX_COMP];
    /* Decompose q into a level per factor component (first varies fastest). */
    for (size_t c = 0; c < T->nc; c++) {
        const comp_t *cp = &d->comps[T->comp[c]];
        size_t len = strlen(name);
        if (cp->kind == C_FACTOR) {
            lev[c] = 1 + rem % (cp->nlev - 1);
            rem /= cp->nlev - 1;
            snprintf(name + len, sizeof name - len, "%s%s%s", c ? ":" : "",
                     !strncmp(cp->text, "factor(", 7) ? cp->text : w->ds->vars[cp->var].name,
                     cp->lev[lev[c]]);
        } else {
            snprintf(name + len, sizeof name - len, "%s%s", c ? ":" : "", cp->text);
        }
    }
    if (!(*name_out = adx__strdup(name)))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < w->n; i++) {
        double v = 1;
        for (size_t c = 0; c < T->nc; c++) {
            const comp_t *cp = &d->comps[T->comp[c]];
            if (cp->kind == C_FACTOR)
                v *= level_of(cp, w->ds, w->rows[i]) == lev[c] ? 1.0 : 0.0;
            else
                v *= w->vals[T->comp[c]][i];
        }
        ADX_M(X, i, col) = v;
    }
    return ADX_OK;
}

/* Design matrix and column names of model m (blocks 0..m), terms ordered as R's lm
 * orders them: by order, stable. */
static adx_error_t model_matrix(rwork_t *w, size_t m, adx_matrix_t **Xout)
{
    const design_t *d = w->d;
    adx_regress_model_t *M = &w->r->models[m];
    size_t order[MAX_TERMS], nt = 0, p = 1, n = w->n;
    for (size_t deg = 1; deg <= MAX_COMP; deg++)
        for (size_t t = 0; t < d->nterms; t++)
            if (d->terms[t].block <= m && d->terms[t].nc == deg)
                order[nt++] = t;
    for (size_t t = 0; t < nt; t++)
        p += term_ncols(d, &d->terms[order[t]]);
    adx_matrix_t *X = *Xout = adx_matrix_alloc(n, p);
    if (!X || !(M->names = calloc(p, sizeof *M->names)))
        return adx_oom(w->ctx);
    M->p = p;
    if (!(M->names[0] = adx__strdup("(Intercept)")))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < n; i++)
        ADX_M(X, i, 0) = 1;
    size_t col = 1;
    for (size_t t = 0; t < nt; t++) {
        const term_t *T = &d->terms[order[t]];
        size_t nc = term_ncols(d, T);
        for (size_t q = 0; q < nc; q++, col++) {
            adx_error_t rc = term_column(w, T, q, X, col, &M->names[col]);
            if (rc)
                return rc;
        }
    }
    return ADX_OK;
}

/* Fits model m, its change statistics against model m - 1 and its diagnostics. */
static adx_error_t fit_model(rwork_t *w, size_t m, const adx_matrix_t *X)
{
    adx_regress_model_t *M = &w->r->models[m];
    adx_ols_options_t oo = w->o->ols;
    oo.intercept = 1;
    oo.keep_resid = 1;
    adx_error_t rc = adx_ols_fit(X, w->y, (const char *const *)M->names, &oo, &M->fit, w->ctx);
    if (rc)
        return rc;
    const adx_ols_t *F = M->fit;
    M->r = sqrt(F->r2);
    if (m == 0) {
        M->r2_change = F->r2;
        M->f_change = F->f;
        M->df1_change = F->df1;
        M->df2_change = F->df2;
        M->p_change = F->f_p;
    } else {
        const adx_ols_t *P = w->r->models[m - 1].fit;
        M->r2_change = F->r2 - P->r2;
        M->df1_change = (double)(M->p - w->r->models[m - 1].p);
        M->df2_change = F->df_res;
        M->f_change = ((P->rss - F->rss) / M->df1_change) / (F->rss / F->df_res);
        M->p_change = gsl_cdf_fdist_Q(M->f_change, M->df1_change, M->df2_change);
    }
    M->f2_change = F->r2 < 1 ? M->r2_change / (1 - F->r2) : NAN;
    return diagnostics(M, X, w->y, w->o->durbin_watson, w->o->all_hc, w->o->ols.hc, w->ctx);
}

adx_error_t adx_regress(const adx_dataset_t *ds, const char *formula, const char *const *blocks,
                        size_t nblocks, const adx_regress_options_t *o, adx_regress_t **out,
                        adx_errctx_t *ctx)
{
    adx_regress_options_t def;
    o = ADX__OPTIONS(o, def, adx_regress_options_init);
    *out = NULL;
    rwork_t w = {ds, o, ctx, calloc(1, sizeof *w.d), calloc(1, sizeof *w.r), 0, 0, NULL, NULL,
                 NULL};
    adx_matrix_t *X = NULL;
    adx_error_t rc = ADX_OK;
    if (!w.d || !w.r) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    w.r->ci_level = o->ols.ci_level;
    w.r->hc = o->ols.hc;
    if ((rc = parse_formula(&w, formula, blocks, nblocks)) || (rc = same_case_sample(&w)) ||
        (rc = component_values(&w)))
        goto cleanup;
    if (!(w.r->models = calloc(nblocks + 1, sizeof *w.r->models))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    w.r->nmodels = nblocks + 1;
    for (size_t m = 0; m <= nblocks && !rc; m++) {
        adx_matrix_free(X);
        X = NULL;
        if (!(rc = model_matrix(&w, m, &X)))
            rc = fit_model(&w, m, X);
    }
    if (!rc && o->casediag)
        rc = adx__casediag(w.r->models[nblocks].fit, w.rows, &w.r->casediag, ctx);
cleanup:
    if (w.d) {
        for (size_t c = 0; w.vals && c < w.d->ncomps; c++)
            free(w.vals[c]);
        design_clear(w.d);
    }
    ADX__FREE(w.vals, w.d, w.rows, w.y);
    adx_matrix_free(X);
    if (rc)
        adx_regress_free(w.r);
    else
        *out = w.r;
    return rc;
}
